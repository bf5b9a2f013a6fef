// Cleaning an imported road network for routing: parallel edges, the largest strongly connected
// component (everything outside it is unreachable from, or cannot reach, most of the network),
// and degree-2 chains merged into single edges that keep their geometry as shape points.
// Everything here is deterministic: same input, same vertex and edge order.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <stdexcept>

#include "reachplan/graph/road_prepare.hpp"

namespace reachplan::graph {

using core::Index;
using core::invalid_index;
using model::RoadNetwork;

namespace {

// A network without edges holding the vertices where keep_vertex, renumbered in order; new_id
// maps the old vertex ids (invalid_index: dropped).
RoadNetwork kept_vertices(const RoadNetwork& net, const std::vector<char>& keep_vertex,
                          std::vector<Index>& new_id) {
  RoadNetwork out;
  out.source = net.source;
  out.class_names = net.class_names;
  new_id.assign(net.vertex_count(), invalid_index);
  for (Index v = 0; v < net.vertex_count(); ++v) {
    if (!keep_vertex[v]) continue;
    new_id[v] = out.vertex_count();
    out.lon.push_back(net.lon[v]);
    out.lat.push_back(net.lat[v]);
    out.vertex_osm_id.push_back(v < net.vertex_osm_id.size() ? net.vertex_osm_id[v] : 0);
  }
  return out;
}

// Copies vertices where keep_vertex (renumbered in order) and the listed edges (in list order).
RoadNetwork subnetwork(const RoadNetwork& net, const std::vector<char>& keep_vertex,
                       const std::vector<Index>& edges) {
  std::vector<Index> new_id;
  RoadNetwork out = kept_vertices(net, keep_vertex, new_id);
  const bool shapes = net.has_shapes();
  if (shapes) out.shape_first.push_back(0);
  for (Index e : edges) {
    if (new_id[net.from[e]] == invalid_index || new_id[net.to[e]] == invalid_index)
      throw std::logic_error("subnetwork: edge leaves the kept vertices");
    out.from.push_back(new_id[net.from[e]]);
    out.to.push_back(new_id[net.to[e]]);
    out.length_m.push_back(net.length_m[e]);
    out.seconds.push_back(net.seconds[e]);
    out.edge_class.push_back(net.edge_class[e]);
    out.edge_source_id.push_back(net.edge_source_id[e]);
    if (shapes) {
      for (Index s = net.shape_first[e]; s < net.shape_first[e + 1]; ++s) {
        out.shape_lon.push_back(net.shape_lon[s]);
        out.shape_lat.push_back(net.shape_lat[s]);
      }
      out.shape_first.push_back(static_cast<Index>(out.shape_lon.size()));
    }
  }
  return out;
}

// Edges grouped by one of their ends (net.from: out-edges, net.to: in-edges) as a CSR of edge
// ids, in edge order.
void edges_by_end(const RoadNetwork& net, const std::vector<Index>& end, std::vector<Index>& first,
                  std::vector<Index>& edge) {
  const Index n = net.vertex_count();
  first.assign(static_cast<std::size_t>(n) + 1, 0);
  for (Index e = 0; e < net.edge_count(); ++e) ++first[end[e] + 1];
  for (Index v = 0; v < n; ++v) first[v + 1] += first[v];
  edge.resize(net.edge_count());
  std::vector<Index> next(first.begin(), first.end() - 1);
  for (Index e = 0; e < net.edge_count(); ++e) edge[next[end[e]]++] = e;
}

// Out-edges of every vertex as a CSR of edge ids, in edge order.
void out_edges(const RoadNetwork& net, std::vector<Index>& first, std::vector<Index>& edge) {
  edges_by_end(net, net.from, first, edge);
}

void check_sizes(const RoadNetwork& net) {
  const std::size_t n = net.lon.size(), m = net.from.size();
  if (net.lat.size() != n || net.to.size() != m || net.length_m.size() != m ||
      net.seconds.size() != m || net.edge_class.size() != m || net.edge_source_id.size() != m ||
      (net.has_shapes() && net.shape_first.size() != m + 1))
    throw std::invalid_argument("road network arrays differ in length");
  for (std::size_t e = 0; e < m; ++e)
    if (net.from[e] >= n || net.to[e] >= n)
      throw std::invalid_argument("road network edge refers to a missing vertex");
}

}  // namespace

RoadNetwork reduce_parallel_edges(const RoadNetwork& net) {
  check_sizes(net);
  std::vector<Index> order;
  order.reserve(net.edge_count());
  for (Index e = 0; e < net.edge_count(); ++e)
    if (net.from[e] != net.to[e]) order.push_back(e);
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    if (net.from[a] != net.from[b]) return net.from[a] < net.from[b];
    if (net.to[a] != net.to[b]) return net.to[a] < net.to[b];
    if (net.seconds[a] != net.seconds[b]) return net.seconds[a] < net.seconds[b];
    return a < b;
  });
  std::vector<Index> keep;
  keep.reserve(order.size());
  for (Index e : order)
    if (keep.empty() || net.from[keep.back()] != net.from[e] || net.to[keep.back()] != net.to[e])
      keep.push_back(e);
  return subnetwork(net, std::vector<char>(net.vertex_count(), 1), keep);
}

std::vector<Index> strongly_connected_components(const RoadNetwork& net, std::size_t* count) {
  check_sizes(net);
  const Index n = net.vertex_count();
  std::vector<Index> first, edge;
  out_edges(net, first, edge);
  // Iterative Tarjan: an explicit call stack of (vertex, next out-edge position).
  std::vector<Index> index(n, invalid_index), low(n, 0), comp(n, invalid_index);
  std::vector<Index> stack;
  std::vector<std::pair<Index, Index>> calls;
  Index next_index = 0, next_comp = 0;
  for (Index root = 0; root < n; ++root) {
    if (index[root] != invalid_index) continue;
    calls.push_back({root, first[root]});
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    while (!calls.empty()) {
      auto& [v, pos] = calls.back();
      if (pos < first[v + 1]) {
        const Index w = net.to[edge[pos++]];
        if (index[w] == invalid_index) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          calls.push_back({w, first[w]});
        } else if (comp[w] == invalid_index) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const Index done = v;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
      if (low[done] == index[done]) {
        Index w;
        do {
          w = stack.back();
          stack.pop_back();
          comp[w] = next_comp;
        } while (w != done);
        ++next_comp;
      }
    }
  }
  if (count) *count = next_comp;
  return comp;
}

RoadNetwork keep_largest_scc(const RoadNetwork& net) {
  std::size_t count = 0;
  const auto comp = strongly_connected_components(net, &count);
  if (count == 0) return subnetwork(net, {}, {});
  std::vector<std::size_t> size(count, 0);
  std::vector<Index> smallest_vertex(count, invalid_index);
  for (Index v = 0; v < net.vertex_count(); ++v) {
    ++size[comp[v]];
    smallest_vertex[comp[v]] = std::min(smallest_vertex[comp[v]], v);
  }
  Index best = 0;
  for (Index c = 1; c < count; ++c)
    if (size[c] > size[best] ||
        (size[c] == size[best] && smallest_vertex[c] < smallest_vertex[best]))
      best = c;
  std::vector<char> keep(net.vertex_count(), 0);
  for (Index v = 0; v < net.vertex_count(); ++v) keep[v] = comp[v] == best;
  std::vector<Index> edges;
  for (Index e = 0; e < net.edge_count(); ++e)
    if (keep[net.from[e]] && keep[net.to[e]]) edges.push_back(e);
  return subnetwork(net, keep, edges);
}

namespace {

// Out- and in-edges of every vertex, for walking chains.
struct Adjacency {
  std::vector<Index> out_first, out_edge, in_first, in_edge;
  explicit Adjacency(const RoadNetwork& net) {
    edges_by_end(net, net.from, out_first, out_edge);
    edges_by_end(net, net.to, in_first, in_edge);
  }
  Index outs(Index v) const { return out_first[v + 1] - out_first[v]; }
  Index ins(Index v) const { return in_first[v + 1] - in_first[v]; }
};

// One way in (ei) and one out (eo) of the same road, not turning back: a -> v -> b.
bool passes_one_way(const RoadNetwork& net, const Adjacency& adj, Index v) {
  const Index eo = adj.out_edge[adj.out_first[v]], ei = adj.in_edge[adj.in_first[v]];
  const Index a = net.from[ei], b = net.to[eo];
  return a != b && net.edge_class[ei] == net.edge_class[eo] &&
         net.edge_source_id[ei] == net.edge_source_id[eo];
}

// In and out from the same two neighbours a and b, all four edges of the same road.
bool passes_two_way(const RoadNetwork& net, const Adjacency& adj, Index v) {
  const Index o1 = adj.out_edge[adj.out_first[v]], o2 = adj.out_edge[adj.out_first[v] + 1];
  const Index i1 = adj.in_edge[adj.in_first[v]], i2 = adj.in_edge[adj.in_first[v] + 1];
  const Index a = net.to[o1], b = net.to[o2];
  const bool same_ends = a != b && ((net.from[i1] == a && net.from[i2] == b) ||
                                    (net.from[i1] == b && net.from[i2] == a));
  const auto c = net.edge_class[o1];
  const auto w = net.edge_source_id[o1];
  return same_ends && net.edge_class[o2] == c && net.edge_class[i1] == c &&
         net.edge_class[i2] == c && net.edge_source_id[o2] == w && net.edge_source_id[i1] == w &&
         net.edge_source_id[i2] == w;
}

// A through vertex is passed by one road and nothing else: one way in and one out (oneway),
// or in and out from the same two neighbours (two-way), all edges from the same source (OSM
// way or layer feature). Junctions and way ends stay vertices, so their OSM node ids remain
// addressable (shared/bench/porto.points1000.csv names such nodes).
std::vector<char> through_vertices(const RoadNetwork& net, const Adjacency& adj) {
  const Index n = net.vertex_count();
  std::vector<char> through(n, 0);
  for (Index v = 0; v < n; ++v) {
    if (adj.outs(v) == 1 && adj.ins(v) == 1)
      through[v] = passes_one_way(net, adj, v);
    else if (adj.outs(v) == 2 && adj.ins(v) == 2)
      through[v] = passes_two_way(net, adj, v);
  }
  return through;
}

// A run of edges through through-vertices, merged into one edge from one kept vertex to another.
struct Chain {
  Index from, to;
  double length, seconds;
  std::uint16_t cls;
  std::int64_t source_id;
  std::vector<double> lon, lat;  // shape: the edges' shape points and the passed vertices
};

// Finds every chain of a network and the vertices that stay.
class ChainFinder {
 public:
  explicit ChainFinder(const RoadNetwork& net)
      : net_(net),
        adj_(net),
        through_(through_vertices(net, adj_)),
        visited_(net.vertex_count(), 0),
        kept_vertex_(net.vertex_count(), 0) {}
  void find();
  const std::vector<char>& kept_vertex() const { return kept_vertex_; }
  std::vector<Chain>& chains() { return chains_; }

 private:
  void walk_from(Index s);
  Chain walk(Index s, Index e);
  Index next_edge(Index v, Index prev) const;
  void append_shape(Chain& c, Index e) const;

  const RoadNetwork& net_;
  const Adjacency adj_;
  std::vector<char> through_, visited_, kept_vertex_;
  std::vector<Chain> chains_;  // in order of discovery
};

void ChainFinder::find() {
  const Index n = net_.vertex_count();
  for (Index v = 0; v < n; ++v)
    if (!through_[v]) kept_vertex_[v] = 1;
  for (Index v = 0; v < n; ++v)
    if (!through_[v]) walk_from(v);
  // Rings made only of through vertices (a lone roundabout): keep their first vertex.
  for (Index v = 0; v < n; ++v)
    if (through_[v] && !visited_[v]) {
      through_[v] = 0;
      kept_vertex_[v] = 1;
      walk_from(v);
    }
}

// Walks every chain leaving a kept vertex s.
void ChainFinder::walk_from(Index s) {
  for (Index p = adj_.out_first[s]; p < adj_.out_first[s + 1]; ++p)
    chains_.push_back(walk(s, adj_.out_edge[p]));
}

// The chain that leaves s by edge e, up to the next kept vertex.
Chain ChainFinder::walk(Index s, Index e) {
  Chain c{s, invalid_index, 0, 0, net_.edge_class[e], net_.edge_source_id[e], {}, {}};
  Index prev = s;
  while (true) {
    c.length += net_.length_m[e];
    c.seconds += net_.seconds[e];
    append_shape(c, e);
    const Index v = net_.to[e];
    if (!through_[v]) {
      c.to = v;
      return c;
    }
    visited_[v] = 1;
    c.lon.push_back(net_.lon[v]);
    c.lat.push_back(net_.lat[v]);
    e = next_edge(v, prev);
    prev = v;
  }
}

// The edge out of through vertex v that does not turn back to prev, where it came from.
Index ChainFinder::next_edge(Index v, Index prev) const {
  Index next = invalid_index;
  for (Index q = adj_.out_first[v]; q < adj_.out_first[v + 1]; ++q)
    if (net_.to[adj_.out_edge[q]] != prev || adj_.outs(v) == 1) next = adj_.out_edge[q];
  return next;
}

void ChainFinder::append_shape(Chain& c, Index e) const {
  if (!net_.has_shapes()) return;
  for (Index s = net_.shape_first[e]; s < net_.shape_first[e + 1]; ++s) {
    c.lon.push_back(net_.shape_lon[s]);
    c.lat.push_back(net_.shape_lat[s]);
  }
}

}  // namespace

RoadNetwork compress_chains(const RoadNetwork& net) {
  check_sizes(net);
  ChainFinder finder(net);
  finder.find();
  // Kept vertices in original order (the ring pass found some late), chains by their new start.
  std::vector<Index> final_id;
  RoadNetwork result = kept_vertices(net, finder.kept_vertex(), final_id);
  std::vector<Chain>& chains = finder.chains();
  std::stable_sort(chains.begin(), chains.end(), [&](const Chain& a, const Chain& b) {
    return final_id[a.from] < final_id[b.from];
  });
  result.shape_first.push_back(0);
  for (const Chain& c : chains) {
    result.from.push_back(final_id[c.from]);
    result.to.push_back(final_id[c.to]);
    result.length_m.push_back(c.length);
    result.seconds.push_back(c.seconds);
    result.edge_class.push_back(c.cls);
    result.edge_source_id.push_back(c.source_id);
    result.shape_lon.insert(result.shape_lon.end(), c.lon.begin(), c.lon.end());
    result.shape_lat.insert(result.shape_lat.end(), c.lat.begin(), c.lat.end());
    result.shape_first.push_back(static_cast<Index>(result.shape_lon.size()));
  }
  return result;
}

RoadNetwork clean_road_network(const RoadNetwork& net, RoadCleaning* report) {
  std::size_t components = 0;
  if (report) strongly_connected_components(net, &components);
  RoadNetwork scc = keep_largest_scc(net);
  // One pass is a fixpoint: merged chains keep their source id, so no vertex becomes a through
  // vertex later. Parallel chains (two roads between the same junctions) stay: each has its own
  // geometry, and routing takes the faster.
  RoadNetwork out = compress_chains(scc);
  if (report) {
    report->components = components;
    report->scc_vertices = scc.vertex_count();
    report->scc_edges = scc.edge_count();
    report->vertices = out.vertex_count();
    report->edges = out.edge_count();
  }
  return out;
}

RoadNetwork prepare_road_network(const RoadNetwork& raw, RoadCleaning* report) {
  if (report) {
    report->raw_vertices = raw.vertex_count();
    report->raw_edges = raw.edge_count();
  }
  return clean_road_network(reduce_parallel_edges(raw), report);
}

}  // namespace reachplan::graph
