// Ride legs carry the stop positions of their line where they board and alight.
#include <catch2/catch.hpp>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/path.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;

TEST_CASE("a ride leg spans its line's stops from boarding to alighting", "[routing][path]") {
  // r passes b and halts at c; staying on (2 min) beats reboarding (5 min), so d to a is one
  // ride leg over stops 3..0.
  const auto sc = reachplan::test::drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
mode rail dwell_min=2 boarding_wait_min=5
line r rail a (b) c d segment_min=10,10,10
)");
  const auto g = graph::build_graph(sc, sc.profile(""));
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[g.node_index("d")]);
  const auto path = routing::recover_path(search, g.destination_of_node[g.node_index("a")]);
  REQUIRE(path.reachable);
  std::vector<routing::Leg> rides;
  for (const auto& leg : path.legs)
    if (leg.kind == routing::Leg::Kind::ride) rides.push_back(leg);
  REQUIRE(rides.size() == 1);
  CHECK(rides[0].stops == 1);
  CHECK(rides[0].first_stop == 3);  // boards at d, the last stop
  CHECK(rides[0].last_stop == 0);
  CHECK(rides[0].seconds == (10 + 2 + 10 + 10) * 60);
}
