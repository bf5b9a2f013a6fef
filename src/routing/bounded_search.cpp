#include "reachplan/routing/bounded_search.hpp"

namespace reachplan::routing {

BoundedSearch::BoundedSearch(const graph::RoadGraph& graph)
    : graph_(graph), label_(graph.vertex_count()), settled_(graph.vertex_count()) {}

const std::vector<std::pair<core::Index, Weight>>& BoundedSearch::run(std::span<const Seed> seeds,
                                                                      Weight limit) {
  label_.reset();
  settled_.reset();
  heap_.clear();
  order_.clear();
  for (const auto& s : seeds) {
    if (s.vertex >= graph_.vertex_count() || s.start > limit) continue;
    if (s.start < label_.get(s.vertex, core::unreachable_ms)) {
      label_.set(s.vertex, s.start);
      heap_.push(s.start, s.vertex);
    }
  }
  while (!heap_.empty()) {
    const auto [d, v] = heap_.pop();
    if (settled_.has(v) || d != label_[v]) continue;
    settled_.set(v, d);
    order_.emplace_back(v, d);
    for (core::Index a = graph_.first_out[v]; a < graph_.first_out[v + 1]; ++a) {
      const core::Index w = graph_.head[a];
      const Weight nd = d + graph_.weight[a];
      if (nd > limit || settled_.has(w) || nd >= label_.get(w, core::unreachable_ms)) continue;
      label_.set(w, nd);
      heap_.push(nd, w);
    }
  }
  return order_;
}

}  // namespace reachplan::routing
