// The flags of timetabled transit shared by `matrix` and `route` (the names of r5r's
// travel_time_matrix arguments where it has them).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "reachplan/analysis/transit_matrix.hpp"

namespace reachplan::cli {

// --gtfs, --date, --departure, the walk and ride limits; with `window`, --window and
// --percentiles too.
void add_transit_options(CLI::App* cmd, analysis::TransitSettings& settings,
                         std::string& departure, bool window);

// "14:00" or "14:00:30" (hours may pass 23, as in GTFS) -> seconds of the service day;
// UsageError otherwise.
model::DaySeconds departure_seconds(const std::string& text);

}  // namespace reachplan::cli
