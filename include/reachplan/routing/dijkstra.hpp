// Reusable one-to-all search on a RoutingGraph. Owns its distance/parent arrays and resets in
// O(1) between queries with a timestamp, so one object serves many queries; the graph is
// immutable and shared, so each thread keeps its own Dijkstra.
#pragma once

#include <utility>
#include <vector>

#include "reachplan/graph/routing_graph.hpp"
#include "reachplan/graph/search_state.hpp"

namespace reachplan::routing {

using core::Index;
using core::Seconds;

class Dijkstra {
 public:
  explicit Dijkstra(const graph::RoutingGraph& graph);

  // Settles every vertex reachable from `source`.
  void run(Index source_vertex);
  // Same from several sources at distance 0 (multi-source).
  void run(const std::vector<Index>& source_vertices);

  Seconds distance(Index v) const;  // core::unreachable when not reached
  Index parent_arc(Index v) const;  // arc that reached v, invalid_index for a source/unreached
  bool reached(Index v) const { return distance(v) != core::unreachable; }
  const graph::RoutingGraph& graph() const { return graph_; }

 private:
  const graph::RoutingGraph& graph_;
  graph::StampedArray<Seconds> dist_;
  std::vector<Index> parent_;  // valid where dist_ has a label
  // Ties on distance only: cheapest, and the parent arcs (paths) have always come from it.
  graph::MinHeap<Seconds, graph::Ties::any> heap_;
};

}  // namespace reachplan::routing
