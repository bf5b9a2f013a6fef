#include <catch2/catch.hpp>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/graph/build.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;
using reachplan::test::drawn_scenario;

namespace {
// One degree of latitude on the mean sphere, km.
const double degree_km = core::great_circle_km(0, 0, 0, 1);

std::vector<graph::SegmentTiming> timings(const model::Scenario& sc, const std::string& line) {
  return graph::time_segments(sc.network, *sc.network.find_line(line));
}

const char* const three_nodes = R"(
node a 0 0
node b 0 1
node c 0 3
)";
}  // namespace

TEST_CASE("segment_min wins over lengths and speeds", "[graph][timing]") {
  auto sc = drawn_scenario(std::string(three_nodes) + R"(
mode rail speed_kmh=60
line r rail a b c segment_min=10,20 segment_km=50,50
)");
  auto t = timings(sc, "r");
  REQUIRE(t.size() == 2);
  CHECK(t[0].minutes == 10);
  CHECK(t[1].minutes == 20);
  CHECK(t[0].km == 50);  // the length still comes from the length rules
  CHECK_FALSE(t[0].km_estimated);
}

TEST_CASE("segment_km, then chainage, timed at the line's speed", "[graph][timing]") {
  auto sc = drawn_scenario(std::string(three_nodes) + R"(
mode rail speed_kmh=60
line by_km rail a b c segment_km=30,90 speed_kmh=120
line by_chainage rail a#0 b#30 c#90
)");
  auto t = timings(sc, "by_km");
  CHECK(t[0].minutes == Approx(15));
  CHECK(t[1].minutes == Approx(45));
  auto c = timings(sc, "by_chainage");
  CHECK(c[0].km == Approx(30));
  CHECK(c[1].km == Approx(60));
  CHECK(c[0].minutes == Approx(30));  // mode speed 60 km/h
  CHECK(c[1].minutes == Approx(60));
  CHECK_FALSE(c[1].km_estimated);
}

TEST_CASE("length_km is shared out by great-circle distance over all listed stops",
          "[graph][timing]") {
  // b is passed through but still shapes the split: a-b is 1 degree, b-c 2 degrees.
  auto sc = drawn_scenario(std::string(three_nodes) + R"(
mode hsr speed_factor=0.5
line h hsr a (b) c length_km=300 design_speed_kmh=200
)");
  auto t = timings(sc, "h");
  CHECK(t[0].km == Approx(100));
  CHECK(t[1].km == Approx(200));
  CHECK(t[0].minutes == Approx(60));  // 0.5 x 200 = 100 km/h
  CHECK(t[1].minutes == Approx(120));
  CHECK_FALSE(t[0].km_estimated);
}

TEST_CASE("without lengths, great-circle x detour factor, flagged estimated", "[graph][timing]") {
  auto sc = drawn_scenario(std::string(three_nodes) + R"(
mode road speed_kmh=100 detour_factor=1.3
line own_detour road a b detour_factor=1.5
line mode_detour road b c
)");
  auto t = timings(sc, "own_detour");
  CHECK(t[0].km_estimated);
  CHECK(t[0].km == Approx(degree_km * 1.5));
  CHECK(t[0].minutes == Approx(degree_km * 1.5 / 100 * 60));
  auto m = timings(sc, "mode_detour");
  CHECK(m[0].km_estimated);
  CHECK(m[0].km == Approx(2 * degree_km * 1.3));
}

TEST_CASE("speed precedence: line speed_kmh, mode speed_kmh, factor x design speed",
          "[graph][timing]") {
  auto sc = drawn_scenario(std::string(three_nodes) + R"(
mode fixed speed_kmh=50 speed_factor=0.5
mode factor speed_factor=0.8
line own fixed a b segment_km=100 speed_kmh=200 design_speed_kmh=300
line mode_fixed fixed a b segment_km=100 design_speed_kmh=300
line by_factor factor a b segment_km=100 design_speed_kmh=250
)");
  CHECK(timings(sc, "own")[0].minutes == Approx(30));
  CHECK(timings(sc, "mode_fixed")[0].minutes == Approx(120));
  CHECK(timings(sc, "by_factor")[0].minutes == Approx(30));
}

TEST_CASE("a line that cannot be timed is an input error at the line", "[graph][timing]") {
  auto sc = drawn_scenario(std::string(three_nodes) + R"(
mode hsr speed_factor=0.8
line no_design hsr a b
line counted_ok hsr a b segment_min=5
line bad_count hsr a b c segment_min=5
line bad_chainage hsr a#0 b c#9 segment_min=5,5
line one_stop hsr a segment_min=5
)");
  try {
    timings(sc, "no_design");
    FAIL("expected InputError");
  } catch (const core::InputError& e) {
    CHECK(e.key_path() == "lines.no_design");
    CHECK(e.where().file == "drawn");
    CHECK(e.where().line == 7);
  }
  CHECK_NOTHROW(timings(sc, "counted_ok"));
  CHECK_THROWS_AS(timings(sc, "bad_count"), core::InputError);
  CHECK_THROWS_AS(timings(sc, "bad_chainage"), core::InputError);
  CHECK_THROWS_AS(timings(sc, "one_stop"), core::InputError);
}
