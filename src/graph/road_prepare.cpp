// Cleaning an imported road network for routing: parallel edges, the largest strongly connected
// component (everything outside it is unreachable from, or cannot reach, most of the network),
// and degree-2 chains merged into single edges that keep their geometry as shape points.
// Everything here is deterministic: same input, same vertex and edge order.
#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "reachplan/graph/road_prepare.hpp"

namespace reachplan::graph {

using core::Index;
using core::invalid_index;
using model::RoadNetwork;

namespace {

// Copies vertices where keep_vertex (renumbered in order) and the listed edges (in list order).
RoadNetwork subnetwork(const RoadNetwork& net, const std::vector<char>& keep_vertex,
                       const std::vector<Index>& edges) {
  RoadNetwork out;
  out.source = net.source;
  out.class_names = net.class_names;
  std::vector<Index> new_id(net.vertex_count(), invalid_index);
  for (Index v = 0; v < net.vertex_count(); ++v) {
    if (!keep_vertex[v]) continue;
    new_id[v] = out.vertex_count();
    out.lon.push_back(net.lon[v]);
    out.lat.push_back(net.lat[v]);
    out.vertex_osm_id.push_back(v < net.vertex_osm_id.size() ? net.vertex_osm_id[v] : 0);
  }
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

// Out-edges of every vertex as a CSR of edge ids, in edge order.
void out_edges(const RoadNetwork& net, std::vector<Index>& first, std::vector<Index>& edge) {
  const Index n = net.vertex_count();
  first.assign(static_cast<std::size_t>(n) + 1, 0);
  for (Index e = 0; e < net.edge_count(); ++e) ++first[net.from[e] + 1];
  for (Index v = 0; v < n; ++v) first[v + 1] += first[v];
  edge.resize(net.edge_count());
  std::vector<Index> next(first.begin(), first.end() - 1);
  for (Index e = 0; e < net.edge_count(); ++e) edge[next[net.from[e]]++] = e;
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

RoadNetwork compress_chains(const RoadNetwork& net) {
  check_sizes(net);
  const Index n = net.vertex_count();
  std::vector<Index> out_first, out_edge, in_first(static_cast<std::size_t>(n) + 1, 0), in_edge;
  out_edges(net, out_first, out_edge);
  for (Index e = 0; e < net.edge_count(); ++e) ++in_first[net.to[e] + 1];
  for (Index v = 0; v < n; ++v) in_first[v + 1] += in_first[v];
  in_edge.resize(net.edge_count());
  {
    std::vector<Index> next(in_first.begin(), in_first.end() - 1);
    for (Index e = 0; e < net.edge_count(); ++e) in_edge[next[net.to[e]]++] = e;
  }

  // A through vertex is passed by one road and nothing else: one way in and one out (oneway),
  // or in and out from the same two neighbours (two-way), all edges from the same source (OSM
  // way or layer feature). Junctions and way ends stay vertices, so their OSM node ids remain
  // addressable (shared/bench/porto.points1000.csv names such nodes).
  std::vector<char> through(n, 0);
  for (Index v = 0; v < n; ++v) {
    const Index outs = out_first[v + 1] - out_first[v], ins = in_first[v + 1] - in_first[v];
    if (outs == 1 && ins == 1) {
      const Index eo = out_edge[out_first[v]], ei = in_edge[in_first[v]];
      const Index a = net.from[ei], b = net.to[eo];
      through[v] = a != b && net.edge_class[ei] == net.edge_class[eo] &&
                   net.edge_source_id[ei] == net.edge_source_id[eo];
    } else if (outs == 2 && ins == 2) {
      const Index o1 = out_edge[out_first[v]], o2 = out_edge[out_first[v] + 1];
      const Index i1 = in_edge[in_first[v]], i2 = in_edge[in_first[v] + 1];
      const Index a = net.to[o1], b = net.to[o2];
      const bool same_ends = a != b && ((net.from[i1] == a && net.from[i2] == b) ||
                                        (net.from[i1] == b && net.from[i2] == a));
      const auto c = net.edge_class[o1];
      const auto w = net.edge_source_id[o1];
      through[v] = same_ends && net.edge_class[o2] == c && net.edge_class[i1] == c &&
                   net.edge_class[i2] == c && net.edge_source_id[o2] == w &&
                   net.edge_source_id[i1] == w && net.edge_source_id[i2] == w;
    }
  }

  std::vector<char> visited(n, 0), kept_vertex(n, 0);
  auto keep_vertex = [&](Index v) { kept_vertex[v] = 1; };
  struct Chain {
    Index from, to;
    double length, seconds;
    std::uint16_t cls;
    std::int64_t source_id;
    std::vector<double> lon, lat;
  };
  std::vector<Chain> chains;
  auto append_shape = [&](Chain& c, Index e) {
    if (!net.has_shapes()) return;
    for (Index s = net.shape_first[e]; s < net.shape_first[e + 1]; ++s) {
      c.lon.push_back(net.shape_lon[s]);
      c.lat.push_back(net.shape_lat[s]);
    }
  };
  // Walks every chain leaving a kept vertex s.
  auto walk_from = [&](Index s) {
    for (Index p = out_first[s]; p < out_first[s + 1]; ++p) {
      Index e = out_edge[p];
      Chain c{s, invalid_index, 0, 0, net.edge_class[e], net.edge_source_id[e], {}, {}};
      Index prev = s;
      while (true) {
        c.length += net.length_m[e];
        c.seconds += net.seconds[e];
        append_shape(c, e);
        const Index v = net.to[e];
        if (!through[v]) {
          c.to = v;
          break;
        }
        visited[v] = 1;
        c.lon.push_back(net.lon[v]);
        c.lat.push_back(net.lat[v]);
        // Next edge: the one out of v that does not turn back to where we came from.
        Index next = invalid_index;
        for (Index q = out_first[v]; q < out_first[v + 1]; ++q)
          if (net.to[out_edge[q]] != prev || out_first[v + 1] - out_first[v] == 1)
            next = out_edge[q];
        prev = v;
        e = next;
      }
      chains.push_back(std::move(c));
    }
  };
  for (Index v = 0; v < n; ++v)
    if (!through[v]) keep_vertex(v);
  for (Index v = 0; v < n; ++v)
    if (!through[v]) walk_from(v);
  // Rings made only of through vertices (a lone roundabout): keep their first vertex.
  for (Index v = 0; v < n; ++v)
    if (through[v] && !visited[v]) {
      through[v] = 0;
      keep_vertex(v);
      walk_from(v);
    }
  // Kept vertices in original order (the ring pass found some late).
  std::vector<Index> kept;
  for (Index v = 0; v < n; ++v)
    if (kept_vertex[v]) kept.push_back(v);
  RoadNetwork result;
  result.source = net.source;
  result.class_names = net.class_names;
  std::vector<Index> final_id(n, invalid_index);
  for (Index v : kept) {
    final_id[v] = result.vertex_count();
    result.lon.push_back(net.lon[v]);
    result.lat.push_back(net.lat[v]);
    result.vertex_osm_id.push_back(v < net.vertex_osm_id.size() ? net.vertex_osm_id[v] : 0);
  }
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
