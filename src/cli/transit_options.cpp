// The flags of timetabled transit shared by `matrix` and `route`.
#include "transit_options.hpp"

#include <algorithm>

#include "option_checks.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/gtfs.hpp"

namespace reachplan::cli {

// "14:00" or "14:00:30" (hours may pass 23, as in GTFS) -> seconds of the service day.
model::DaySeconds departure_seconds(const std::string& text) {
  model::DaySeconds t = 0;
  const bool minutes_only = std::count(text.begin(), text.end(), ':') == 1;
  if (!io::parse_gtfs_time(minutes_only ? text + ":00" : text, t))
    throw core::UsageError("--departure '" + text + "': expected HH:MM or HH:MM:SS");
  return t;
}

// Door to door over timetables: the flags of r5r's travel_time_matrix, under their names here.
void add_transit_options(CLI::App* cmd, analysis::TransitSettings& t, std::string& departure,
                         bool window) {
  const char* group = "Timetables (GTFS)";
  cmd->add_option("--gtfs", t.feeds, "GTFS feed (folder or .zip); repeat for several")
      ->group(group);
  cmd->add_option("--date", t.date, "Service day YYYY-MM-DD")->group(group);
  cmd->add_option("--departure", departure, "First departure HH:MM[:SS] of the window")
      ->group(group);
  if (window) {
    cmd->add_option("--window", t.window_min,
                    "Departure minutes from --departure (1: that minute alone)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1440))
        ->group(group);
    cmd->add_option("--percentiles", t.percentiles,
                    "Percentiles of the travel time over the window (e.g. 50,95)")
        ->delimiter(',')
        ->capture_default_str()
        ->check(CLI::Range(1.0, 100.0))
        ->group(group);
    cmd->add_flag("--legs", t.legs,
                  "With --long: a legs column, the trip behind the first percentile")
        ->group(group);
  }
  cmd->add_option("--walk-speed", t.walk.speed_kmh, "Walking speed, km/h")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 10.0))
      ->group(group);
  cmd->add_option("--max-walk-min", t.walk.max_access_min,
                  "Longest walk to the first stop and from the last, minutes")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 240.0))
      ->group(group);
  cmd->add_option("--max-transfer-m", t.walk.max_transfer_m,
                  "Longest walk between stops at a transfer, metres")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10000.0))
      ->group(group);
  cmd->add_option("--max-rides", t.max_rides, "Most vehicles boarded in one trip")
      ->capture_default_str()
      ->check(CLI::Range(0, 16))
      ->group(group);
  cmd->add_option("--max-minutes", t.max_minutes,
                  "Longest trip, waiting at the start included; longer is unreachable")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1440.0))
      ->group(group);
  cmd->add_option("--transfer-slack", t.transfer_slack_s,
                  "Seconds between arriving (by a ride or a transfer walk) and boarding")
      ->capture_default_str()
      ->check(CLI::Range(0, 1800))
      ->group(group);
}

}  // namespace reachplan::cli
