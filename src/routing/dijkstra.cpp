// One-to-all Dijkstra on the CSR with the lazy 4-ary heap and timestamped labels of
// graph/search_state.hpp.
#include "reachplan/routing/dijkstra.hpp"

namespace reachplan::routing {

Dijkstra::Dijkstra(const graph::RoutingGraph& graph)
    : graph_(graph),
      dist_(graph.vertex_count()),
      parent_(graph.vertex_count(), core::invalid_index) {}

void Dijkstra::run(Index source_vertex) {
  run(std::vector<Index>{source_vertex});
}

void Dijkstra::run(const std::vector<Index>& source_vertices) {
  dist_.reset();
  heap_.clear();
  for (Index s : source_vertices) {
    if (dist_.has(s)) continue;
    dist_.set(s, 0);
    parent_[s] = core::invalid_index;
    heap_.push(0, s);
  }
  const Index* first_out = graph_.first_out.data();
  const Index* head = graph_.head.data();
  const Seconds* weight = graph_.weight.data();
  while (!heap_.empty()) {
    const auto [d, v] = heap_.pop();
    if (d != dist_[v]) continue;  // stale: v was settled earlier at a smaller distance
    for (Index a = first_out[v], end = first_out[v + 1]; a < end; ++a) {
      const Index h = head[a];
      const Seconds nd = d + weight[a];
      // A sum past the engine's horizon (68 years) is unreachable, not a 32-bit wrap-around.
      if (nd >= core::unreachable) continue;
      if (!dist_.has(h) || nd < dist_[h]) {
        dist_.set(h, nd);
        parent_[h] = a;
        heap_.push(nd, h);
      }
    }
  }
}

Seconds Dijkstra::distance(Index v) const {
  return dist_.get(v, core::unreachable);
}

Index Dijkstra::parent_arc(Index v) const {
  return dist_.has(v) ? parent_[v] : core::invalid_index;
}

}  // namespace reachplan::routing
