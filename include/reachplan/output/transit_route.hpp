// What `reachplan route --gtfs` prints: a trip over timetables leg by leg, in clock times.
#pragma once

#include <string>

#include "reachplan/analysis/transit_route.hpp"

namespace reachplan::output {

std::string transit_route_text(const analysis::TransitRoute& route);

}  // namespace reachplan::output
