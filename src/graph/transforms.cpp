#include "reachplan/graph/transforms.hpp"

#include <stdexcept>

namespace reachplan::graph {

namespace {

// A graph with g's vertices and names and no arcs yet.
RoutingGraph same_vertices(const RoutingGraph& g) {
  RoutingGraph out;
  out.vertex_kind = g.vertex_kind;
  out.vertex_node = g.vertex_node;
  out.vertex_mode = g.vertex_mode;
  out.vertex_line = g.vertex_line;
  out.origin_of_node = g.origin_of_node;
  out.destination_of_node = g.destination_of_node;
  out.node_ids = g.node_ids;
  out.mode_ids = g.mode_ids;
  out.line_ids = g.line_ids;
  out.line_mode = g.line_mode;
  out.generalized = g.generalized;
  return out;
}

// Arc i of out becomes a copy of arc source[i] of g, every per-arc table included.
void copy_arcs(const RoutingGraph& g, const std::vector<Index>& source, RoutingGraph& out) {
  const std::size_t m = source.size();
  out.resize_arcs(m);
  for (std::size_t i = 0; i < m; ++i) {
    const Index a = source[i];
    out.head[i] = g.head[a];
    out.weight[i] = g.weight[a];
    out.arc_seconds[i] = g.seconds_of(a);
    out.arc_yuan[i] = g.yuan_of(a);
    out.tail[i] = g.tail[a];
    out.arc_kind[i] = g.arc_kind[a];
    out.arc_line[i] = g.arc_line[a];
    out.arc_km[i] = g.arc_km[a];
    out.arc_km_estimated[i] = g.arc_km_estimated[a];
    out.arc_first_stop[i] = g.arc_first_stop[a];
    out.arc_last_stop[i] = g.arc_last_stop[a];
  }
}

}  // namespace

RoutingGraph reversed(const RoutingGraph& g) {
  RoutingGraph r = same_vertices(g);
  const Index n = g.vertex_count();
  // Counting sort on the head (the new tail): stable, so a tail's arcs keep g's order.
  r.first_out.assign(static_cast<std::size_t>(n) + 1, 0);
  for (Index a = 0; a < g.arc_count(); ++a) ++r.first_out[g.head[a] + 1];
  for (Index v = 0; v < n; ++v) r.first_out[v + 1] += r.first_out[v];
  std::vector<Index> source(g.arc_count());
  std::vector<Index> fill(r.first_out.begin(), r.first_out.end() - 1);
  for (Index a = 0; a < g.arc_count(); ++a) source[fill[g.head[a]]++] = a;
  copy_arcs(g, source, r);
  r.head.swap(r.tail);
  return r;
}

RoutingGraph filter_arcs(const RoutingGraph& g, const std::vector<char>& keep,
                         std::vector<Index>& to_original) {
  if (keep.size() != g.arc_count())
    throw std::invalid_argument("filter_arcs: keep mask size differs from the arc count");
  RoutingGraph out = same_vertices(g);
  const Index n = g.vertex_count();
  out.first_out.assign(static_cast<std::size_t>(n) + 1, 0);
  to_original.clear();
  for (Index v = 0; v < n; ++v) {
    for (Index a = g.first_out[v]; a < g.first_out[v + 1]; ++a)
      if (keep[a]) to_original.push_back(a);
    out.first_out[v + 1] = static_cast<Index>(to_original.size());
  }
  copy_arcs(g, to_original, out);
  return out;
}

}  // namespace reachplan::graph
