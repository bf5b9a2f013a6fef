// Travel-time matrices: one search per origin, in parallel, no shared mutable state.
#pragma once

#include <vector>

#include "reachplan/routing/dijkstra.hpp"

namespace reachplan::routing {

// Seconds from each origin place to each destination place (row-major, origins x
// destinations), core::unreachable where there is no path; 0 on the diagonal (same place).
// On a generalized-cost graph: the time of the trip the search chooses, not its weight. Place
// indices refer to graph.node_ids. threads = 0 uses the hardware concurrency.
std::vector<Seconds> travel_time_matrix(const graph::RoutingGraph& graph,
                                        const std::vector<Index>& origin_nodes,
                                        const std::vector<Index>& destination_nodes,
                                        unsigned threads = 0);

}  // namespace reachplan::routing
