#include <catch2/catch.hpp>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/path.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;
using reachplan::test::drawn_scenario;
using routing::Leg;

namespace {
const char* const transfer_trip = R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
mode rail dwell_min=2 access_min=10 egress_min=5 boarding_wait_min=3 transfer_min=4 transfer.bus=9
mode bus access_min=1 transfer_min=2
line r rail a b c segment_min=10,20 segment_km=15,25
line s bus c d segment_min=8 segment_km=6 headway_min=12
)";

struct Expect {
  Leg::Kind kind;
  std::string line, mode, from, to;
  core::Seconds seconds;
  double km;
  int stops;
};

std::string name(const std::vector<std::string>& table, core::Index i) {
  return i == core::invalid_index ? "" : table.at(i);
}
}  // namespace

TEST_CASE("a transfer trip recovers into exact legs", "[routing][path]") {
  auto sc = drawn_scenario(transfer_trip);
  const auto g = graph::build_graph(sc, sc.profile(""));
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[g.node_index("a")]);
  const auto path = routing::recover_path(search, g.destination_of_node[g.node_index("d")]);
  REQUIRE(path.reachable);
  CHECK(path.seconds == 4140);
  const std::vector<Expect> expected{
      {Leg::Kind::access, "", "rail", "a", "a", 600, 0, 0},
      {Leg::Kind::wait, "r", "rail", "a", "a", 180, 0, 0},
      {Leg::Kind::ride, "r", "rail", "a", "c", 600 + 120 + 1200, 40, 1},
      {Leg::Kind::transfer, "", "bus", "c", "c", 540, 0, 0},
      {Leg::Kind::wait, "s", "bus", "c", "c", 360, 0, 0},
      {Leg::Kind::ride, "s", "bus", "c", "d", 480, 6, 0},
      {Leg::Kind::egress, "", "bus", "d", "d", 60, 0, 0},
  };
  REQUIRE(path.legs.size() == expected.size());
  core::Seconds sum = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("leg " << i);
    const Leg& leg = path.legs[i];
    const Expect& e = expected[i];
    CHECK(leg.kind == e.kind);
    CHECK(name(g.line_ids, leg.line) == e.line);
    CHECK(name(g.mode_ids, leg.mode) == e.mode);
    CHECK(name(g.node_ids, leg.from_node) == e.from);
    CHECK(name(g.node_ids, leg.to_node) == e.to);
    CHECK(leg.seconds == e.seconds);
    CHECK(leg.km == Approx(e.km));
    CHECK(leg.stops == e.stops);
    sum += leg.seconds;
  }
  CHECK(sum == path.seconds);
  CHECK(path.transfers() == 1);
  CHECK(path.lines_used() == std::vector<core::Index>{0, 1});
  CHECK(path.modes_used() == std::vector<core::Index>{0, 1});
  CHECK(routing::describe(g, path) ==
        "a (access 0:10) (wait 0:03) -[r 0:32]-> c (transfer 0:09) (wait 0:06) -[s 0:08]-> d "
        "(egress 0:01) = 1:09");
  CHECK(std::string(routing::to_string(Leg::Kind::wait)) == "wait");
}

TEST_CASE("zero waits and alightings are not legs (station-to-station)", "[routing][path]") {
  auto sc = drawn_scenario(transfer_trip);
  model::Profile p;
  p.access = model::Profile::Access::station_to_station;
  p.wait = model::Profile::Wait::none;
  const auto g = graph::build_graph(sc, p);
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[g.node_index("a")]);
  const auto path = routing::recover_path(search, g.destination_of_node[g.node_index("d")]);
  REQUIRE(path.reachable);
  CHECK(path.seconds == 1920 + 540 + 480);
  std::vector<Leg::Kind> kinds;
  for (const auto& l : path.legs) kinds.push_back(l.kind);
  CHECK(kinds == std::vector<Leg::Kind>{Leg::Kind::access, Leg::Kind::ride, Leg::Kind::transfer,
                                        Leg::Kind::ride, Leg::Kind::egress});
  CHECK(path.legs.front().seconds == 0);
  CHECK(routing::describe(g, path) == "a -[r 0:32]-> c (transfer 0:09) -[s 0:08]-> d = 0:49");
}

TEST_CASE("staying on board is one ride leg, even when the dwell is long", "[routing][path]") {
  // Dwelling (5 min) costs more than alighting and re-boarding would (free transfer, no
  // wait), but re-boarding the same train is not a way to skip the dwell: one ride leg.
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
mode rail dwell_min=5
line r rail a b c segment_min=5,5
)");
  model::Profile p;
  p.wait = model::Profile::Wait::none;
  const auto g = graph::build_graph(sc, p);
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[0]);
  auto path = routing::recover_path(search, g.destination_of_node[2]);
  REQUIRE(path.reachable);
  CHECK(path.seconds == 900);
  REQUIRE(path.legs.size() == 3);
  CHECK(path.legs[1].kind == Leg::Kind::ride);
  CHECK(path.legs[1].stops == 1);
  CHECK(path.transfers() == 0);
}

TEST_CASE("rides split by an alighting stay separate legs, even on one line", "[routing][path]") {
  // A oneway loop a -> b -> c -> a: from c to b the trip rides to a, where everybody alights,
  // and boards the line again at its start: two ride legs, one line used, one transfer.
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node c 1 0
mode rail dwell_min=3 transfer_min=2
line o rail a b c a segment_min=10,10,10 oneway=true
)");
  model::Profile p;
  p.wait = model::Profile::Wait::none;
  const auto g = graph::build_graph(sc, p);
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[2]);
  auto path = routing::recover_path(search, g.destination_of_node[1]);
  REQUIRE(path.reachable);
  CHECK(path.seconds == (10 + 2 + 10) * 60);
  std::vector<Leg::Kind> kinds;
  for (const auto& l : path.legs) kinds.push_back(l.kind);
  CHECK(kinds == std::vector<Leg::Kind>{Leg::Kind::access, Leg::Kind::ride, Leg::Kind::transfer,
                                        Leg::Kind::ride, Leg::Kind::egress});
  CHECK(path.lines_used() == std::vector<core::Index>{0});
  CHECK(path.modes_used() == std::vector<core::Index>{0});
  CHECK(path.transfers() == 1);
}

TEST_CASE("unreachable and same-vertex paths", "[routing][path]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node lonely 3 3
mode rail
line r rail a b segment_min=5
)");
  const auto g = graph::build_graph(sc, sc.profile(""));
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[0]);
  auto none = routing::recover_path(search, g.destination_of_node[2]);
  CHECK_FALSE(none.reachable);
  CHECK(none.seconds == core::unreachable);
  CHECK(none.legs.empty());
  CHECK(none.transfers() == 0);
  CHECK(routing::describe(g, none) == "unreachable");
  auto here = routing::recover_path(search, g.origin_of_node[0]);
  CHECK(here.reachable);
  CHECK(here.seconds == 0);
  CHECK(here.legs.empty());
}
