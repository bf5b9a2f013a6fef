// Turns a scenario's network and a routing profile into a RoutingGraph.
#pragma once

#include <optional>
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

// The line's own headway: headway_min, else the profile's service hours over trains_per_day;
// none when the line gives neither (the mode's boarding_wait_min is then the wait).
std::optional<double> service_headway_min(const model::Line& line, const model::Profile& profile);
// Minutes from a place's centre to the mode's station and back (the node's own, else the mode's).
double access_min(const model::Node& node, const model::Mode& mode);
double egress_min(const model::Node& node, const model::Mode& mode);
// Minutes of changing from one mode to another on the profile.
double transfer_min(const model::Mode& from, const model::Mode& to, const model::Profile& p);

}  // namespace reachplan::graph
