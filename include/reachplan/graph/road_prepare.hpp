// Cleaning an imported road network for routing: parallel edges, the largest strongly connected
// component (everything outside it is unreachable from, or cannot reach, most of the network),
// and degree-2 chains merged into single edges that keep their geometry as shape points.
// Graph work on the model's road network; io's loaders and `import` call it.
#pragma once

#include <cstddef>
#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/model/road_network.hpp"

namespace reachplan::graph {

// Sizes before and after each cleaning step (io::RoadImportReport extends it).
struct RoadCleaning {
  std::size_t raw_vertices = 0, raw_edges = 0;
  std::size_t components = 0;  // strongly connected components before keeping the largest
  std::size_t scc_vertices = 0, scc_edges = 0;  // the largest, before merging chains
  std::size_t vertices = 0, edges = 0;          // after cleaning
};

// Cleaning for routing, each step deterministic:
// Keeps the fastest of parallel edges (same ordered pair) and drops loops.
model::RoadNetwork reduce_parallel_edges(const model::RoadNetwork& net);
// Component id of every vertex (Tarjan, iterative), ids in order of discovery.
std::vector<core::Index> strongly_connected_components(const model::RoadNetwork& net,
                                                       std::size_t* count = nullptr);
// Keeps the largest strongly connected component (ties: the one with the smallest vertex).
model::RoadNetwork keep_largest_scc(const model::RoadNetwork& net);
// Merges chains through vertices with exactly one way in and one way out (a -> v -> b, and for
// two-way roads also b -> v -> a) inside one source way or feature: lengths and times add up,
// the merged vertex's position becomes a shape point. Junctions and way ends stay vertices.
model::RoadNetwork compress_chains(const model::RoadNetwork& net);
// The largest component, then chains merged: what a prepared network needs after editing (a
// no-op on one prepare_road_network made).
model::RoadNetwork clean_road_network(const model::RoadNetwork& net,
                                      RoadCleaning* report = nullptr);
// A raw import for routing: parallel edges, then clean_road_network.
model::RoadNetwork prepare_road_network(const model::RoadNetwork& raw,
                                        RoadCleaning* report = nullptr);

}  // namespace reachplan::graph
