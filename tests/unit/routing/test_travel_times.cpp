// Hand-computed trips on drawn networks: each expected time is written as its sum of parts.
#include <catch2/catch.hpp>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/many_to_many.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;
using reachplan::test::drawn_scenario;

namespace {

constexpr double unreachable = -1;

// Minutes from place `from` to place `to`, or -1 when unreachable.
double minutes(const model::Scenario& sc, const model::Profile& profile, const std::string& from,
               const std::string& to) {
  const auto g = graph::build_graph(sc, profile);
  const auto m = routing::travel_time_matrix(g, {g.node_index(from)}, {g.node_index(to)}, 1);
  return m[0] == core::unreachable ? unreachable : m[0] / 60.0;
}
double minutes(const model::Scenario& sc, const std::string& from, const std::string& to) {
  return minutes(sc, sc.profile(""), from, to);
}

model::Profile station_to_station() {
  model::Profile p;
  p.access = model::Profile::Access::station_to_station;
  return p;
}

const std::string rail_mode =
    "mode rail dwell_min=2 access_min=10 egress_min=5 boarding_wait_min=3 transfer_min=4\n";
const std::string four_nodes = R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
)";

}  // namespace

TEST_CASE("riding through a stop costs its dwell", "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + rail_mode + "line r rail a b c segment_min=10,20\n");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 10 + 2 + 20 + 5));
  CHECK(minutes(sc, "c", "a") == Approx(10 + 3 + 20 + 2 + 10 + 5));
  CHECK(minutes(sc, "a", "b") == Approx(10 + 3 + 10 + 5));
  sc = drawn_scenario(four_nodes + rail_mode + "line r rail a b@4 c segment_min=10,20\n");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 10 + 4 + 20 + 5));
  sc = drawn_scenario(four_nodes + rail_mode + "line r rail a b c segment_min=10,20 dwell_min=1\n");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 10 + 1 + 20 + 5));
}

TEST_CASE("passing stops: no dwell, no boarding there", "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + rail_mode + "line r rail a (b) c segment_min=10,20\n");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 10 + 20 + 5));
  CHECK(minutes(sc, "a", "b") == unreachable);
  CHECK(minutes(sc, "b", "c") == unreachable);
}

TEST_CASE("changing lines costs the transfer penalty and the next line's wait",
          "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + rail_mode + R"(
line r rail a b segment_min=10
line s rail b c segment_min=20 headway_min=12
)");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 10 + 4 + 6 + 20 + 5));
  CHECK(minutes(sc, "c", "a") == Approx(10 + 6 + 20 + 4 + 3 + 10 + 5));
  // Staying on one line through b is cheaper than changing when a through service exists.
  sc = drawn_scenario(four_nodes + rail_mode + R"(
line r rail a b segment_min=10
line s rail b c segment_min=20 headway_min=12
line t rail a b c segment_min=10,20 headway_min=10
)");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 5 + 10 + 2 + 20 + 5));
}

TEST_CASE("mode changes use the from-mode's penalty table", "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + R"(
mode rail access_min=10 egress_min=5 transfer_min=4 transfer.bus=9
mode bus access_min=1 transfer_min=2
line r rail a b segment_min=10
line s bus b c segment_min=20
)");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 10 + 9 + 20 + 1));
  CHECK(minutes(sc, "c", "a") == Approx(1 + 20 + 2 + 10 + 5));
}

TEST_CASE("door-to-door pays access and egress, station-to-station does not", "[routing][times]") {
  auto sc = drawn_scenario(R"(
node a 0 0 access.rail=7
node b 0 1 egress.rail=2
node c 0 2
)" + rail_mode + "line r rail a b c segment_min=10,20\n");
  CHECK(minutes(sc, "a", "b") == Approx(7 + 3 + 10 + 2));
  CHECK(minutes(sc, "b", "a") == Approx(10 + 3 + 10 + 7));  // a's egress falls back to its access
  CHECK(minutes(sc, station_to_station(), "a", "b") == Approx(3 + 10));
  CHECK(minutes(sc, station_to_station(), "a", "c") == Approx(3 + 10 + 2 + 20));
}

TEST_CASE("oneway lines cannot be ridden backwards", "[routing][times]") {
  auto sc =
      drawn_scenario(four_nodes + rail_mode + "line r rail a b c segment_min=10,20 oneway=1\n");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 10 + 2 + 20 + 5));
  CHECK(minutes(sc, "c", "a") == unreachable);
  CHECK(minutes(sc, "b", "a") == unreachable);
}

TEST_CASE("half headway from headway_min and from trains_per_day, and profile wait none",
          "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + rail_mode + R"(
line r rail a b segment_min=10 headway_min=20
line s rail c d segment_min=10 trains_per_day=32
)");
  CHECK(minutes(sc, "a", "b") == Approx(10 + 10 + 10 + 5));
  CHECK(minutes(sc, "c", "d") == Approx(10 + 15 + 10 + 5));  // 16 h x 60 / 32 / 2
  model::Profile p;
  p.service_hours = 12;
  CHECK(minutes(sc, p, "c", "d") == Approx(10 + 11.25 + 10 + 5));
  p.wait = model::Profile::Wait::none;
  CHECK(minutes(sc, p, "a", "b") == Approx(10 + 10 + 5));
  CHECK(minutes(sc, p, "c", "d") == Approx(10 + 10 + 5));
}

TEST_CASE("the profile's mode filter removes other modes' lines", "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + R"(
mode rail access_min=10 egress_min=5
mode bus access_min=1
line r rail a c segment_min=10
line s bus a b c segment_min=20,20
)");
  CHECK(minutes(sc, "a", "c") == Approx(10 + 10 + 5));
  model::Profile bus;
  bus.modes = {"bus"};
  CHECK(minutes(sc, bus, "a", "c") == Approx(1 + 20 + 20 + 1));
  model::Profile rail;
  rail.modes = {"rail"};
  CHECK(minutes(sc, rail, "a", "b") == unreachable);
}

TEST_CASE("only built lines carry trips", "[routing][times]") {
  const std::string net = four_nodes + rail_mode + R"(
line old rail a c segment_min=60
line fast rail a c segment_min=20 status=planned opened=2025
)";
  auto sc = drawn_scenario(net);
  CHECK(minutes(sc, "a", "c") == Approx(10 + 3 + 60 + 5));
  CHECK(minutes(drawn_scenario(net + "year 2024\n"), "a", "c") == Approx(10 + 3 + 60 + 5));
  CHECK(minutes(drawn_scenario(net + "year 2025\n"), "a", "c") == Approx(10 + 3 + 20 + 5));
  CHECK(minutes(drawn_scenario(net + "build fast\n"), "a", "c") == Approx(10 + 3 + 20 + 5));
  // Only planned lines built: the old line is gone.
  CHECK(minutes(drawn_scenario(net + "statuses planned\n"), "a", "c") == Approx(10 + 3 + 20 + 5));
  CHECK(minutes(drawn_scenario(net + "statuses under_construction\n"), "a", "c") == unreachable);
  const auto g = graph::build_graph(sc, sc.profile(""), {false, true});
  CHECK(routing::travel_time_matrix(g, {0}, {2}, 1)[0] == (10 + 3 + 20 + 5) * 60);
}

TEST_CASE("unreachable pairs stay unreachable, a place to itself is 0", "[routing][times]") {
  auto sc = drawn_scenario(four_nodes + "node lonely 5 5\n" + rail_mode + R"(
line r rail a b segment_min=10
line s rail c d segment_min=10
)");
  const auto g = graph::build_graph(sc, sc.profile(""));
  const std::vector<core::Index> all{0, 1, 2, 3, 4};
  const auto m = routing::travel_time_matrix(g, all, all, 1);
  const core::Seconds x = core::unreachable, t = (10 + 3 + 10 + 5) * 60;
  // clang-format off
  const std::vector<core::Seconds> expected{
      0, t, x, x, x,
      t, 0, x, x, x,
      x, x, 0, t, x,
      x, x, t, 0, x,
      x, x, x, x, 0};
  // clang-format on
  CHECK(m == expected);
}

TEST_CASE("estimated lengths time rides from coordinates", "[routing][times]") {
  // 1 degree x detour 1.5 at 100 km/h.
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
mode road speed_kmh=100 detour_factor=1.5
link k road a b
)");
  const double ride = 111.19508 * 1.5 / 100 * 60;
  CHECK(minutes(sc, "a", "b") == Approx(std::lround(ride * 60) / 60.0));
}
