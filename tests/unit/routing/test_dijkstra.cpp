#include <catch2/catch.hpp>

#include "reachplan/graph/routing_graph.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "reachplan/routing/many_to_many.hpp"

using namespace reachplan;
using core::Index;

namespace {
// A bare RoutingGraph from (tail, head, weight) triples, as the benchmark builds road graphs.
graph::RoutingGraph bare(Index n, std::vector<std::tuple<Index, Index, core::Seconds>> arcs) {
  graph::RoutingGraph g;
  std::sort(arcs.begin(), arcs.end());
  g.first_out.assign(n + 1, 0);
  for (auto [t, h, w] : arcs) {
    ++g.first_out[t + 1];
    g.tail.push_back(t);
    g.head.push_back(h);
    g.weight.push_back(w);
  }
  for (Index v = 0; v < n; ++v) g.first_out[v + 1] += g.first_out[v];
  g.vertex_kind.assign(n, graph::VertexKind::origin);
  for (Index v = 0; v < n; ++v) {
    g.origin_of_node.push_back(v);
    g.destination_of_node.push_back(v);
    g.node_ids.push_back("v" + std::to_string(v));
  }
  return g;
}
}  // namespace

TEST_CASE("a reused search forgets the previous query", "[routing][dijkstra]") {
  // 0 -> 1 -> 2, and 3 -> 0: from 0, vertex 3 is unreachable.
  const auto g = bare(4, {{0, 1, 5}, {1, 2, 7}, {3, 0, 1}});
  routing::Dijkstra search(g);
  search.run(3);
  CHECK(search.distance(2) == 13);
  CHECK(search.distance(3) == 0);
  search.run(0);
  CHECK(search.distance(3) == core::unreachable);
  CHECK_FALSE(search.reached(3));
  CHECK(search.parent_arc(3) == core::invalid_index);
  CHECK(search.distance(2) == 12);
  CHECK(g.tail[search.parent_arc(2)] == 1);
  search.run(2);
  CHECK(search.distance(0) == core::unreachable);
  CHECK(search.distance(2) == 0);
}

TEST_CASE("zero-weight arcs, parallel arcs and self loops", "[routing][dijkstra]") {
  const auto g = bare(3, {{0, 1, 0}, {0, 1, 4}, {1, 1, 0}, {1, 2, 3}, {0, 2, 9}});
  routing::Dijkstra search(g);
  search.run(0);
  CHECK(search.distance(1) == 0);
  CHECK(search.distance(2) == 3);
  CHECK(g.weight[search.parent_arc(1)] == 0);
}

TEST_CASE("matrix checks its place indices", "[routing][matrix]") {
  const auto g = bare(2, {{0, 1, 1}});
  CHECK_THROWS_AS(routing::travel_time_matrix(g, {0}, {2}), std::out_of_range);
  CHECK(routing::travel_time_matrix(g, {}, {0, 1}).empty());
  CHECK(routing::travel_time_matrix(g, {0, 1}, {0, 1}, 4) ==
        std::vector<core::Seconds>{0, 1, core::unreachable, 0});
}
