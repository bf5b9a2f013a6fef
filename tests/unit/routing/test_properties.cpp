// Property tests on seeded random multimodal networks: Boost.Graph as the oracle, plus
// shortest-path certificates that hold whatever the oracle says.
#include <catch2/catch.hpp>
#include <numeric>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/many_to_many.hpp"
#include "reachplan/routing/path.hpp"
#include "unit/support/boost_oracle.hpp"
#include "unit/support/random_network.hpp"

using namespace reachplan;
using core::Index;
using core::Seconds;

namespace {

model::Profile profile_for(unsigned seed) {
  model::Profile p;
  if (seed % 3 == 1) p.access = model::Profile::Access::station_to_station;
  if (seed % 4 == 2) p.wait = model::Profile::Wait::none;
  if (seed % 5 == 3) p.modes = {"m0", "m2"};
  return p;
}

std::vector<Index> all_places(const graph::RoutingGraph& g) {
  std::vector<Index> v(g.node_ids.size());
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace

TEST_CASE("random networks: searches match Boost and carry certificates", "[routing][property]") {
  std::size_t reachable_pairs = 0, unreachable_pairs = 0;
  for (unsigned seed = 1; seed <= 24; ++seed) {
    INFO("seed " << seed);
    const auto sc = test::random_scenario(seed);
    const auto g = graph::build_graph(sc, profile_for(seed));
    const auto og = test::oracle_graph(g);
    routing::Dijkstra search(g);
    for (Index n = 0; n < g.node_ids.size(); ++n) {
      const Index source = g.origin_of_node[n];
      search.run(source);
      const auto oracle = test::oracle_dijkstra(og, source);
      for (Index v = 0; v < g.vertex_count(); ++v) REQUIRE(search.distance(v) == oracle[v]);
      // Certificates: no arc can improve a distance, and every parent arc is tight.
      for (Index a = 0; a < g.arc_count(); ++a)
        if (search.reached(g.tail[a]))
          REQUIRE(search.distance(g.tail[a]) + g.weight[a] >= search.distance(g.head[a]));
      CHECK(search.parent_arc(source) == core::invalid_index);
      for (Index v = 0; v < g.vertex_count(); ++v) {
        if (v == source || !search.reached(v)) {
          REQUIRE(search.parent_arc(v) == core::invalid_index);
          continue;
        }
        const Index a = search.parent_arc(v);
        REQUIRE(a < g.arc_count());
        REQUIRE(g.head[a] == v);
        REQUIRE(search.distance(g.tail[a]) + g.weight[a] == search.distance(v));
      }
      for (Index d = 0; d < g.node_ids.size(); ++d) {
        if (d == n) continue;
        const Index target = g.destination_of_node[d];
        const auto path = routing::recover_path(search, target);
        if (!path.reachable) {
          ++unreachable_pairs;
          continue;
        }
        ++reachable_pairs;
        Seconds sum = 0;
        for (const auto& leg : path.legs) sum += leg.seconds;
        REQUIRE(sum == search.distance(target));
        REQUIRE(path.seconds == search.distance(target));
        REQUIRE(path.legs.front().kind == routing::Leg::Kind::access);
        REQUIRE(path.legs.back().kind == routing::Leg::Kind::egress);
        REQUIRE(path.legs.front().from_node == n);
        REQUIRE(path.legs.back().to_node == d);
        // Legs chain: each starts where the previous one ended.
        for (std::size_t i = 1; i < path.legs.size(); ++i)
          REQUIRE(path.legs[i].from_node == path.legs[i - 1].to_node);
      }
    }
  }
  // The generator must exercise both outcomes, or the checks above prove little.
  CHECK(reachable_pairs > 1000);
  CHECK(unreachable_pairs > 1000);
}

TEST_CASE("random networks: matrix equals Boost, single searches and any thread count",
          "[routing][property]") {
  for (unsigned seed = 100; seed < 112; ++seed) {
    INFO("seed " << seed);
    const auto sc = test::random_scenario(seed);
    const auto g = graph::build_graph(sc, profile_for(seed));
    const auto og = test::oracle_graph(g);
    const auto places = all_places(g);
    // Origins and destinations differ in order and size, with a repeat, to catch index mixups.
    std::vector<Index> origins(places.rbegin(), places.rend());
    origins.push_back(origins.front());
    std::vector<Index> destinations(places.begin(), places.begin() + 20);
    const auto m1 = routing::travel_time_matrix(g, origins, destinations, 1);
    REQUIRE(m1.size() == origins.size() * destinations.size());
    routing::Dijkstra search(g);
    for (std::size_t i = 0; i < origins.size(); ++i) {
      const auto oracle = test::oracle_dijkstra(og, g.origin_of_node[origins[i]]);
      search.run(g.origin_of_node[origins[i]]);
      for (std::size_t j = 0; j < destinations.size(); ++j) {
        const Seconds got = m1[i * destinations.size() + j];
        if (origins[i] == destinations[j]) {
          REQUIRE(got == 0);
          continue;
        }
        const Index target = g.destination_of_node[destinations[j]];
        REQUIRE(got == oracle[target]);
        REQUIRE(got == search.distance(target));
      }
    }
    for (unsigned threads : {2u, 3u, 0u}) {
      INFO("threads " << threads);
      REQUIRE(routing::travel_time_matrix(g, origins, destinations, threads) == m1);
    }
  }
}

TEST_CASE("small random networks: all vertex pairs equal Floyd-Warshall", "[routing][property]") {
  test::RandomNetworkShape shape;
  shape.nodes = 10;
  shape.island = 3;
  shape.lines = 6;
  shape.max_stops = 4;
  for (unsigned seed = 200; seed < 206; ++seed) {
    INFO("seed " << seed);
    const auto sc = test::random_scenario(seed, shape);
    const auto g = graph::build_graph(sc, profile_for(seed));
    const auto all = test::oracle_all_pairs(test::oracle_graph(g));
    routing::Dijkstra search(g);
    for (Index u = 0; u < g.vertex_count(); ++u) {
      search.run(u);
      for (Index v = 0; v < g.vertex_count(); ++v) REQUIRE(search.distance(v) == all[u][v]);
    }
  }
}

TEST_CASE("multi-source search is the minimum over single sources", "[routing][property]") {
  const auto sc = test::random_scenario(7);
  const auto g = graph::build_graph(sc, model::Profile{});
  routing::Dijkstra single(g), multi(g);
  const std::vector<Index> sources{g.origin_of_node[0], g.origin_of_node[5], g.origin_of_node[27],
                                   g.origin_of_node[5]};
  multi.run(sources);
  std::vector<Seconds> best(g.vertex_count(), core::unreachable);
  for (Index s : sources) {
    single.run(s);
    for (Index v = 0; v < g.vertex_count(); ++v) best[v] = std::min(best[v], single.distance(v));
  }
  for (Index v = 0; v < g.vertex_count(); ++v) REQUIRE(multi.distance(v) == best[v]);
  for (Index s : sources) CHECK(multi.parent_arc(s) == core::invalid_index);
}
