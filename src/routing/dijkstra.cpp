// One-to-all Dijkstra on the CSR with a lazy 4-ary heap: stale entries are skipped when popped,
// which is cheaper than decrease-key on sparse graphs, and four children per node halve the
// depth (measured 5-10% faster than std::push_heap on the porto road graph). Arrays are reset
// by bumping a timestamp.
#include "reachplan/routing/dijkstra.hpp"

#include <algorithm>

namespace reachplan::routing {

namespace {

// Min-heap on distance only: ties need no order, and one compare is cheaper than two.
using Entry = std::pair<Seconds, Index>;
constexpr std::size_t arity = 4;

void heap_push(std::vector<Entry>& h, Entry x) {
  std::size_t i = h.size();
  h.push_back(x);
  while (i > 0) {
    const std::size_t parent = (i - 1) / arity;
    if (h[parent].first <= x.first) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = x;
}

Entry heap_pop(std::vector<Entry>& h) {
  const Entry top = h.front();
  const Entry x = h.back();
  h.pop_back();
  const std::size_t n = h.size();
  if (n == 0) return top;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = arity * i + 1;
    if (first >= n) break;
    const std::size_t last = std::min(first + arity, n);
    std::size_t best = first;
    for (std::size_t c = first + 1; c < last; ++c)
      if (h[c].first < h[best].first) best = c;
    if (h[best].first >= x.first) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = x;
  return top;
}

}  // namespace

Dijkstra::Dijkstra(const graph::RoutingGraph& graph)
    : graph_(graph),
      dist_(graph.vertex_count(), core::unreachable),
      parent_(graph.vertex_count(), core::invalid_index),
      stamp_(graph.vertex_count(), 0) {}

void Dijkstra::reset() {
  heap_.clear();
  if (++now_ == 0) {  // wrapped after 2^32 queries: old stamps could alias, so clear them
    std::fill(stamp_.begin(), stamp_.end(), 0);
    now_ = 1;
  }
}

void Dijkstra::run(Index source_vertex) {
  run(std::vector<Index>{source_vertex});
}

void Dijkstra::run(const std::vector<Index>& source_vertices) {
  reset();
  for (Index s : source_vertices) {
    if (stamp_[s] == now_) continue;
    stamp_[s] = now_;
    dist_[s] = 0;
    parent_[s] = core::invalid_index;
    heap_.emplace_back(0, s);
  }
  const Index* first_out = graph_.first_out.data();
  const Index* head = graph_.head.data();
  const Seconds* weight = graph_.weight.data();
  while (!heap_.empty()) {
    const auto [d, v] = heap_pop(heap_);
    if (d != dist_[v]) continue;  // stale: v was settled earlier at a smaller distance
    for (Index a = first_out[v], end = first_out[v + 1]; a < end; ++a) {
      const Index h = head[a];
      const Seconds nd = d + weight[a];
      // A sum past the engine's horizon (68 years) is unreachable, not a 32-bit wrap-around.
      if (nd >= core::unreachable) continue;
      if (stamp_[h] != now_ || nd < dist_[h]) {
        stamp_[h] = now_;
        dist_[h] = nd;
        parent_[h] = a;
        heap_push(heap_, {nd, h});
      }
    }
  }
}

Seconds Dijkstra::distance(Index v) const {
  return stamp_[v] == now_ ? dist_[v] : core::unreachable;
}

Index Dijkstra::parent_arc(Index v) const {
  return stamp_[v] == now_ ? parent_[v] : core::invalid_index;
}

}  // namespace reachplan::routing
