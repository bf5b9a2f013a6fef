// `reachplan matrix`: a many-to-many travel-time matrix over any network without a scenario.
// The work is analysis::point_matrix; the files and the summary are output's.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <ostream>

#include "option_checks.hpp"
#include "reachplan/analysis/point_matrix.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/output/point_matrix.hpp"

namespace reachplan::cli {

namespace {

struct MatrixOptions {
  analysis::PointMatrixRequest request;
  std::string departure;  // HH:MM[:SS], with --gtfs
  std::string output;
  bool long_form = false;
  std::string points_out;
  bool no_cache = false;
};

// "14:00" or "14:00:30" (hours may pass 23, as in GTFS) -> seconds of the service day.
model::DaySeconds departure_seconds(const std::string& text) {
  model::DaySeconds t = 0;
  const bool minutes_only = std::count(text.begin(), text.end(), ':') == 1;
  if (!io::parse_gtfs_time(minutes_only ? text + ":00" : text, t))
    throw core::UsageError("--departure '" + text + "': expected HH:MM or HH:MM:SS");
  return t;
}

int matrix_command(const MatrixOptions& o, const CommonOptions& common, std::ostream& out,
                   std::ostream& err) {
  const auto t_start = std::chrono::steady_clock::now();
  analysis::PointMatrixRequest request = o.request;
  if (request.transit.feeds.empty()) {
    if (request.network.empty()) throw core::UsageError("matrix needs --network or --gtfs");
    if (!o.departure.empty() || !request.transit.date.empty())
      throw core::UsageError("--date and --departure apply with --gtfs");
  } else {
    if (request.transit.date.empty()) throw core::UsageError("--gtfs needs --date YYYY-MM-DD");
    if (o.departure.empty()) throw core::UsageError("--gtfs needs --departure HH:MM");
    request.transit.departure = departure_seconds(o.departure);
  }
  request.use_cache = !o.no_cache;
  request.strict = common.strict;
  request.lenient = common.lenient;
  request.threads = common.threads;
  request.max_memory = memory_limit(common);
  request.long_form = o.long_form;
  request.warn = [&err](const std::string& w) { err << "warning: " << w << "\n"; };
  const analysis::PointMatrix m = analysis::point_matrix(request);
  output::write_point_matrix(m, o.output, o.long_form, o.points_out);
  if (!common.quiet) {
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    out << output::point_matrix_text(m, total);
    if (m.percentile_minutes.size() > 1 && !o.long_form) {
      out << "Wrote";
      for (double p : m.percentiles) out << " " << output::percentile_path(o.output, p);
      out << (o.points_out.empty() ? "" : " and " + o.points_out) << "\n";
    } else {
      out << "Wrote " << o.output << (o.points_out.empty() ? "" : " and " + o.points_out) << "\n";
    }
  }
  return exit_ok;
}

// Door to door over timetables: the flags of r5r's travel_time_matrix, under their names here.
void add_transit_options(CLI::App* cmd, MatrixOptions& o) {
  analysis::TransitSettings& t = o.request.transit;
  const char* group = "Timetables (GTFS)";
  cmd->add_option("--gtfs", t.feeds, "GTFS feed (folder or .zip); repeat for several")
      ->group(group);
  cmd->add_option("--date", t.date, "Service day YYYY-MM-DD")->group(group);
  cmd->add_option("--departure", o.departure, "First departure HH:MM[:SS] of the window")
      ->group(group);
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

}  // namespace

Registered register_matrix(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<MatrixOptions>();
  analysis::PointMatrixRequest& rq = o->request;
  auto* cmd = app.add_subcommand(
      "matrix",
      "Travel-time matrix (minutes) between points over any network: an OSM extract, a road "
      "GeoPackage from `import`, or a YAML network/scenario");
  cmd->add_option("--network", rq.network,
                  "Network: .osm.pbf/.osm/.opl, a .gpkg from `reachplan import`, or YAML; with "
                  "--gtfs the streets walked on (default: straight lines)");
  cmd->add_option("--origins", rq.origins,
                  "Points CSV: id plus lon,lat (snapped to the nearest vertex), osm_id, or node "
                  "(a YAML network's place: id, name or name_zh)")
      ->required();
  cmd->add_option("--destinations", rq.destinations, "Points CSV (default: the origins)");
  cmd->add_option("-o,--output", o->output, "Matrix CSV to write")->required();
  cmd->add_flag("--long", o->long_form, "Long form (origin,destination,minutes) instead of wide");
  cmd->add_option("--profile", rq.profile,
                  "OSM input: speed profile YAML or a built-in (car, walk; default car, walk with "
                  "--gtfs); YAML: routing profile id");
  cmd->add_option("--bbox", rq.bbox, "OSM input: lon_min,lat_min,lon_max,lat_max");
  cmd->add_option("--max-snap-m", rq.max_snap_m,
                  "Points farther than this from every vertex stay unreachable")
      ->capture_default_str()
      ->check(at_least(0));
  cmd->add_option("--points-out", o->points_out,
                  "Also write how each point was matched (vertex, snap distance) to this CSV");
  cmd->add_option(
      "--cache-dir", rq.cache_dir,
      "Cache of prepared networks (default $REACHPLAN_CACHE_DIR or ~/.cache/reachplan)");
  cmd->add_flag("--no-cache", o->no_cache, "Neither read nor write the cache");
  add_transit_options(cmd, *o);
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream& err) {
            return matrix_command(*o, common, out, err);
          }};
}

}  // namespace reachplan::cli
