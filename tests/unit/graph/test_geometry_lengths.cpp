// A line's geometry measures a segment that gives no length of its own (README "Segment time").
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>

#include "reachplan/core/error.hpp"
#include "reachplan/graph/build.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;
using reachplan::test::drawn_scenario;

namespace {

// Stops near the equator; the course goes north from a, then east through b to c.
model::Scenario bent_scenario(const std::string& line_extra) {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0.1 0.1
node c 0.2 0.1
mode rail speed_kmh=60 detour_factor=1.2
line r rail a b c )" + line_extra +
                           "\n");
  sc.network.find_line("r")->geometry = {{0, 0}, {0, 0.1}, {0.1, 0.1}, {0.2, 0.1}};
  return sc;
}

}  // namespace

TEST_CASE("a bent geometry gives the segment lengths and minutes", "[graph][timing]") {
  auto sc = bent_scenario("");
  const auto t = graph::time_segments(sc.network, *sc.network.find_line("r"));
  REQUIRE(t.size() == 2);
  // By hand: 1 degree = 2 pi 6371.0088 / 360 = 111.19508 km. a-b runs 0.1 degree north
  // (11.119508 km) then 0.1 degree east at latitude 0.1 (x cos 0.1 deg: 11.119491 km); b-c
  // the second only. At 60 km/h a km is a minute.
  const double degree = 2 * std::numbers::pi * 6371.0088 / 360;
  const double east = 0.1 * degree * std::cos(0.1 * std::numbers::pi / 180);
  CHECK(t[0].km == Approx(22.238999).epsilon(1e-6));
  CHECK(t[0].km == Approx(0.1 * degree + east).epsilon(1e-9));
  CHECK(t[1].km == Approx(11.119491).epsilon(1e-6));
  CHECK(t[0].minutes == Approx(22.238999).epsilon(1e-6));
  CHECK(t[1].minutes == Approx(11.119491).epsilon(1e-6));
  CHECK_FALSE(t[0].km_estimated);  // measured along the course, not estimated

  // Without the geometry: great circle x detour (a-b is 15.725 km straight), estimated.
  sc.network.find_line("r")->geometry.clear();
  const auto straight = graph::time_segments(sc.network, *sc.network.find_line("r"));
  CHECK(straight[0].km == Approx(15.7253 * 1.2).epsilon(1e-4));
  CHECK(straight[0].km_estimated);
}

TEST_CASE("explicit lengths and minutes keep precedence over the geometry", "[graph][timing]") {
  auto by_km = bent_scenario("segment_km=40,30");
  auto t = graph::time_segments(by_km.network, *by_km.network.find_line("r"));
  CHECK(t[0].km == 40);
  CHECK(t[1].minutes == Approx(30));
  auto by_min = bent_scenario("segment_min=7,8");
  t = graph::time_segments(by_min.network, *by_min.network.find_line("r"));
  CHECK(t[0].minutes == 7);
  CHECK(t[0].km == Approx(22.238999).epsilon(1e-6));  // the length still from the geometry
}

TEST_CASE("a geometry that misses a stop is refused when timing", "[graph][timing]") {
  auto sc = bent_scenario("");
  sc.network.find_line("r")->geometry = {{0, 0}, {0, 0.5}, {0.2, 0.5}, {0.2, 0.1}};
  REQUIRE_THROWS_WITH(graph::time_segments(sc.network, *sc.network.find_line("r")),
                      Catch::Contains("stop 'b' (stops[1]) is 11.1 km from the geometry"));
}
