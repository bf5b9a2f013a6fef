// Whole matrices on drawn networks, every cell a hand-made sum of the model's parts
// (README, "How travel time is modelled"): access, boarding wait, rides, dwell at stops ridden
// through, transfer penalty plus the next line's wait, egress.
#include <catch2/catch.hpp>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/many_to_many.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/engine_minutes.hpp"
#include "unit/support/expect_matrix.hpp"

using namespace reachplan;

namespace {

using test::minutes_on;

// r: a -10- b -20- c (boarding wait 3, the mode's), s: c -30- d every 12 min (wait 6); e alone.
// The mode: dwell 2, access 10, egress 5, transfer 4.
const std::string two_lines = R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
node e 5 5
mode rail dwell_min=2 access_min=10 egress_min=5 boarding_wait_min=3 transfer_min=4
line r rail a b c segment_min=10,20
line s rail c d segment_min=30 headway_min=12
)";

}  // namespace

TEST_CASE("door to door: access, waits, dwell, a transfer and egress in every cell",
          "[routing][times]") {
  const auto sc = test::drawn_scenario(two_lines);
  // access + wait + rides (+ dwell at b) (+ transfer + wait of the other line) + egress
  test::expect_matrix(minutes_on(sc, sc.profile("")), R"(
      | a                       | b                  | c               | d                       | e
  a   | 0                       | 10+3+10+5          | 10+3+10+2+20+5  | 10+3+10+2+20+4+6+30+5   |
  b   | 10+3+10+5               | 0                  | 10+3+20+5       | 10+3+20+4+6+30+5        |
  c   | 10+3+20+2+10+5          | 10+3+20+5          | 0               | 10+6+30+5               |
  d   | 10+6+30+4+3+20+2+10+5   | 10+6+30+4+3+20+5   | 10+6+30+5       | 0                       |
  e   |                         |                    |                 |                         | 0
  )");
}

TEST_CASE("station to station without waiting: rides, dwell and the transfer only",
          "[routing][times]") {
  const auto sc = test::drawn_scenario(two_lines);
  model::Profile station;
  station.access = model::Profile::Access::station_to_station;
  station.wait = model::Profile::Wait::none;
  test::expect_matrix(minutes_on(sc, station), R"(
      | a           | b        | c        | d
  a   | 0           | 10       | 10+2+20  | 10+2+20+4+30
  b   | 10          | 0        | 20       | 20+4+30
  c   | 20+2+10     | 20       | 0        | 30
  d   | 30+4+20+2+10| 30+4+20  | 30       | 0
  )");
}
