// Test helper: Boost.Graph as the oracle for our CSR searches. Built from the RoutingGraph's
// arcs (tail, head, weight) only, so it shares nothing with our search code.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/floyd_warshall_shortest.hpp>
#include <cstdint>
#include <limits>
#include <vector>

#include "reachplan/graph/routing_graph.hpp"

namespace reachplan::test {

using OracleGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                          boost::property<boost::edge_weight_t, std::uint64_t>>;

inline OracleGraph oracle_graph(const graph::RoutingGraph& g) {
  OracleGraph og(g.vertex_count());
  for (core::Index a = 0; a < g.arc_count(); ++a)
    boost::add_edge(g.tail[a], g.head[a], g.weight[a], og);
  return og;
}

// Distances from `source` as core::Seconds, core::unreachable where Boost finds no path.
inline std::vector<core::Seconds> oracle_dijkstra(const OracleGraph& og, core::Index source) {
  std::vector<std::uint64_t> dist(boost::num_vertices(og));
  boost::dijkstra_shortest_paths(og, source, boost::distance_map(dist.data()));
  const auto inf = std::numeric_limits<std::uint64_t>::max();
  std::vector<core::Seconds> out(dist.size());
  for (std::size_t v = 0; v < dist.size(); ++v)
    out[v] = dist[v] == inf ? core::unreachable : static_cast<core::Seconds>(dist[v]);
  return out;
}

// All pairs by Floyd-Warshall (small graphs only): out[u][v]. GCC 12 warns falsely inside
// Boost's edge iterator here; silence it so -Werror builds pass.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
inline std::vector<std::vector<core::Seconds>> oracle_all_pairs(const OracleGraph& og) {
  const std::size_t n = boost::num_vertices(og);
  std::vector<std::vector<std::uint64_t>> d(n, std::vector<std::uint64_t>(n));
  boost::floyd_warshall_all_pairs_shortest_paths(og, d);
  const auto inf = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::vector<core::Seconds>> out(n, std::vector<core::Seconds>(n));
  for (std::size_t u = 0; u < n; ++u)
    for (std::size_t v = 0; v < n; ++v)
      out[u][v] = d[u][v] == inf ? core::unreachable : static_cast<core::Seconds>(d[u][v]);
  return out;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace reachplan::test
