// A one-to-many Dijkstra on a road graph that stops at a time limit: the walks of timetabled
// transit (origin to stops, stops to destination, stop to stop) only ever need the few
// thousand vertices within some minutes of a point, never the whole graph.
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "reachplan/graph/road_graph.hpp"
#include "reachplan/graph/search_state.hpp"

namespace reachplan::routing {

using graph::Weight;

struct Seed {
  core::Index vertex = core::invalid_index;
  Weight start{0};  // already spent reaching it (the walk from a point to its vertex)
};

class BoundedSearch {
 public:
  explicit BoundedSearch(const graph::RoadGraph& graph);

  // Settles every vertex within `limit` of the seeds, in order of distance; returns them.
  const std::vector<std::pair<core::Index, Weight>>& run(std::span<const Seed> seeds, Weight limit);
  // After run: the vertex's distance, core::unreachable_ms beyond the limit.
  Weight distance(core::Index v) const { return settled_.get(v, core::unreachable_ms); }

 private:
  const graph::RoadGraph& graph_;
  graph::StampedArray<Weight> label_, settled_;
  graph::MinHeap<Weight, graph::Ties::by_vertex> heap_;
  std::vector<std::pair<core::Index, Weight>> order_;
};

}  // namespace reachplan::routing
