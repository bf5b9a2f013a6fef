// The rules of "How travel time is modelled" that a shortest path could otherwise dodge, each on
// a drawn network with its whole matrix: a train does not reverse with a passenger on board, a
// passed terminus serves nobody, and getting off and on the same train does not skip its dwell.
#include <catch2/catch.hpp>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "reachplan/routing/many_to_many.hpp"
#include "reachplan/routing/path.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/engine_minutes.hpp"
#include "unit/support/expect_matrix.hpp"

using namespace reachplan;

namespace {

using test::minutes_on;

model::Profile station_to_station(model::Profile::Wait wait = model::Profile::Wait::none) {
  model::Profile p;
  p.access = model::Profile::Access::station_to_station;
  p.wait = wait;
  return p;
}

routing::Path path_between(const graph::RoutingGraph& g, const std::string& from,
                           const std::string& to) {
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[g.node_index(from)]);
  return routing::recover_path(search, g.destination_of_node[g.node_index(to)]);
}

// Bus g: a -10- c, expensive to leave at c (egress 50). Rail h: c -7- x -7- y (dwell 2 at x,
// wait 3, rail-to-rail transfer 30, egress 5). Riding h from c to x and back to c on board
// would reach the cheap rail egress at c for a dwell; turning back must cost a transfer.
const std::string turn_back = R"(
node a 0 0
node c 0 1
node x 0 2
node y 0 3
mode bus access_min=5 egress_min=50 boarding_wait_min=1 transfer.rail=6
mode rail dwell_min=2 access_min=5 egress_min=5 boarding_wait_min=3 transfer_min=30
line g bus a c segment_min=10
line h rail c x y segment_min=7,7
)";

}  // namespace

TEST_CASE("a train does not reverse with a passenger on board", "[routing][rules]") {
  const auto sc = test::drawn_scenario(turn_back);
  // a -> c: the bus and its egress (5+1+10+50 = 66) beats riding h to x and back with a
  // transfer there (5+1+10+6+3+7+30+3+7+5 = 77); on board and back would be 46.
  test::expect_matrix(minutes_on(sc, sc.profile("")), R"(
      | a                      | c                 | x              | y
  a   | 0                      | 5+1+10+50         | 5+1+10+6+3+7+5 | 5+1+10+6+3+7+2+7+5
  c   | 5+1+10+50              | 0                 | 5+3+7+5        | 5+3+7+2+7+5
  x   | 5+3+7+30+1+10+50       | 5+3+7+5           | 0              | 5+3+7+5
  y   | 5+3+7+2+7+30+1+10+50   | 5+3+7+2+7+5       | 5+3+7+5        | 0
  )");
  const auto g = graph::build_graph(sc, sc.profile(""));
  const auto path = path_between(g, "a", "c");
  REQUIRE(path.reachable);
  CHECK(routing::describe(g, path) ==
        "a (access 0:05) (wait 0:01) -[g 0:10]-> c (egress 0:50) = 1:06");
}

TEST_CASE("turning back is a transfer: alight, change, wait for the other direction",
          "[routing][rules]") {
  // The same network where the rail transfer is cheap: riding to x and back now wins, and
  // pays the rail-to-rail transfer and the wait at x.
  auto sc = test::drawn_scenario(turn_back);
  sc.network.find_mode("rail")->transfer_default_min = 4;
  const auto g = graph::build_graph(sc, sc.profile(""));
  const auto path = path_between(g, "a", "c");
  REQUIRE(path.reachable);
  CHECK(path.seconds == (5 + 1 + 10 + 6 + 3 + 7 + 4 + 3 + 7 + 5) * 60);
  CHECK(routing::describe(g, path) ==
        "a (access 0:05) (wait 0:01) -[g 0:10]-> c (transfer 0:06) (wait 0:03) -[h 0:07]-> x "
        "(transfer 0:04) (wait 0:03) -[h 0:07]-> c (egress 0:05) = 0:51");
}

TEST_CASE("a passed first or last stop serves nobody", "[routing][rules]") {
  // r passes a and e at its ends: it carries people between b, c and d only, and its rides
  // start at b and end at d (the passed segments a-b and d-e are never ridden).
  const auto sc = test::drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
node e 0 4
mode rail dwell_min=2
line r rail (a) b c d (e) segment_min=12,10,20,30
)");
  test::expect_matrix(minutes_on(sc, station_to_station()), R"(
      | a  | b        | c   | d        | e
  a   | 0  |          |     |          |
  b   |    | 0        | 10  | 10+2+20  |
  c   |    | 10       | 0   | 20       |
  d   |    | 20+2+10  | 20  | 0        |
  e   |    |          |     |          | 0
  )");
}

TEST_CASE("a line with fewer than two served stops carries nobody", "[routing][rules]") {
  const auto sc = test::drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
mode rail
line r rail (a) b (c) segment_min=12,5
)");
  test::expect_matrix(minutes_on(sc, station_to_station()), R"(
      | a | b | c
  a   | 0 |   |
  b   |   | 0 |
  c   |   |   | 0
  )");
}

TEST_CASE("getting off and on the same train does not skip its dwell", "[routing][rules]") {
  // r halts 8 min at b; with no transfer penalty and no wait, alighting and re-boarding r
  // there would cost nothing. s, another line of the mode, still changes at b for free.
  const auto sc = test::drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
node d 1 1
mode rail dwell_min=1
line r rail a b@8 c segment_min=10,20
line s rail b d segment_min=5
)");
  test::expect_matrix(minutes_on(sc, station_to_station()), R"(
      | a        | b   | c        | d
  a   | 0        | 10  | 10+8+20  | 10+5
  b   | 10       | 0   | 20       | 5
  c   | 20+8+10  | 20  | 0        | 20+5
  d   | 5+10     | 5   | 5+20     | 0
  )");
  // With waits: the same, plus half of r's default headway where r is boarded; a change to s
  // still costs s's wait, and staying on r through b still costs the dwell, not a wait.
  auto waits = sc;
  waits.network.find_mode("rail")->boarding_wait_min = 3;
  test::expect_matrix(minutes_on(waits, station_to_station(model::Profile::Wait::half_headway)),
                      R"(
      | a          | b    | c          | d
  a   | 0          | 3+10 | 3+10+8+20  | 3+10+3+5
  b   | 3+10       | 0    | 3+20       | 3+5
  c   | 3+20+8+10  | 3+20 | 0          | 3+20+3+5
  d   | 3+5+3+10   | 3+5  | 3+5+3+20   | 0
  )");
}

TEST_CASE("a line that visits a place twice changes there like any two lines", "[routing][rules]") {
  // A loop a -> b -> c -> a (oneway): from b to a rides b -10- c -10- a with the dwell at c;
  // from c back to b needs a full lap via a, changing at a between the line's two visits
  // (transfer 2, nothing else since waits are off).
  const auto sc = test::drawn_scenario(R"(
node a 0 0
node b 0 1
node c 1 0
mode rail dwell_min=3 transfer_min=2
line o rail a b c a segment_min=10,10,10 oneway=true
)");
  test::expect_matrix(minutes_on(sc, station_to_station()), R"(
      | a        | b        | c
  a   | 0        | 10       | 10+3+10
  b   | 10+3+10  | 0        | 10
  c   | 10       | 10+2+10  | 0
  )");
}
