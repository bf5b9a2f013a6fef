// What `reachplan route --gtfs` prints: a trip over timetables leg by leg, in clock times.
#pragma once

#include <string>

#include "reachplan/analysis/transit_route.hpp"

namespace reachplan::output {

// "HH:MM:SS" of the service day (hours past 23 for the night after, as GTFS writes them).
std::string clock_time(model::DaySeconds t);

std::string transit_route_text(const analysis::TransitRoute& route);

}  // namespace reachplan::output
