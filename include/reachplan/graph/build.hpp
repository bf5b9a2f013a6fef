// Turns a scenario's network and a routing profile into a RoutingGraph.
#pragma once

#include <vector>

#include "reachplan/graph/routing_graph.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::graph {

// Build with the lines that model::is_built() selects for the scenario.
RoutingGraph build_graph(const model::Scenario& scenario, const model::Profile& profile);

// Build with an explicit per-line mask (index = position in scenario.network.lines); used by
// comparisons that switch single lines on and off. Lines whose mode the profile excludes are
// skipped either way. Throws core::InputError for lines that cannot be timed (no speed rule).
RoutingGraph build_graph(const model::Scenario& scenario, const model::Profile& profile,
                         const std::vector<bool>& line_built);

// Running minutes and length of each segment of a line, as the graph times them.
struct SegmentTiming {
  double km = 0.0;
  bool km_estimated = false;  // length from great-circle x detour factor
  double minutes = 0.0;
};
std::vector<SegmentTiming> time_segments(const model::Network& network, const model::Line& line);

}  // namespace reachplan::graph
