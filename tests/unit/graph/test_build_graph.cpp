#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/graph/build.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;
using graph::ArcKind;
using graph::RoutingGraph;
using graph::VertexKind;
using reachplan::test::drawn_scenario;

namespace {

// Weights (seconds) of the arcs of one kind between two places, optionally on one line.
std::vector<core::Seconds> weights(const RoutingGraph& g, ArcKind kind, const std::string& from,
                                   const std::string& to, const std::string& line = "") {
  std::vector<core::Seconds> out;
  for (core::Index a = 0; a < g.arc_count(); ++a) {
    if (g.arc_kind[a] != kind) continue;
    if (g.node_ids[g.vertex_node[g.tail[a]]] != from || g.node_ids[g.vertex_node[g.head[a]]] != to)
      continue;
    if (!line.empty() &&
        (g.arc_line[a] == core::invalid_index || g.line_ids[g.arc_line[a]] != line))
      continue;
    out.push_back(g.weight[a]);
  }
  return out;
}

// Transfer penalty in seconds from mode m1 to m2 at a place.
core::Seconds transfer(const RoutingGraph& g, const std::string& at, const std::string& m1,
                       const std::string& m2) {
  for (core::Index a = 0; a < g.arc_count(); ++a)
    if (g.arc_kind[a] == ArcKind::transfer && g.node_ids[g.vertex_node[g.tail[a]]] == at &&
        g.mode_ids[g.vertex_mode[g.tail[a]]] == m1 && g.mode_ids[g.vertex_mode[g.head[a]]] == m2)
      return g.weight[a];
  FAIL("no transfer arc " << m1 << "->" << m2 << " at " << at);
  return 0;
}

std::size_t count(const RoutingGraph& g, ArcKind kind) {
  return static_cast<std::size_t>(std::count(g.arc_kind.begin(), g.arc_kind.end(), kind));
}
std::size_t count(const RoutingGraph& g, VertexKind kind) {
  return static_cast<std::size_t>(std::count(g.vertex_kind.begin(), g.vertex_kind.end(), kind));
}

// CSR invariants every graph must satisfy.
void check_csr(const RoutingGraph& g) {
  const auto n = g.vertex_count(), m = g.arc_count();
  REQUIRE(g.first_out.size() == n + 1u);
  CHECK(g.first_out.front() == 0);
  CHECK(g.first_out.back() == m);
  for (auto size : {g.weight.size(), g.tail.size(), g.arc_kind.size(), g.arc_line.size(),
                    g.arc_km.size(), g.arc_km_estimated.size()})
    CHECK(size == m);
  for (auto size : {g.vertex_node.size(), g.vertex_mode.size(), g.vertex_line.size()})
    CHECK(size == n);
  for (core::Index v = 0; v < n; ++v)
    for (core::Index a = g.first_out[v]; a < g.first_out[v + 1]; ++a) {
      REQUIRE(g.tail[a] == v);
      REQUIRE(g.head[a] < n);
      CHECK(g.weight[a] <= core::max_arc_seconds);
      // Trips neither start at a destination nor pass through an origin.
      CHECK(g.vertex_kind[v] != VertexKind::destination);
      CHECK(g.vertex_kind[g.head[a]] != VertexKind::origin);
    }
}

const char* const small = R"(
node a 0 0
node b 0 1
node c 0 2
mode rail dwell_min=2 access_min=10 egress_min=5 boarding_wait_min=3 transfer_min=4 transfer.bus=9
mode bus access_min=1 transfer_min=2
line r rail a (b) c segment_min=10,20
line s bus b c segment_min=7 headway_min=12
)";

}  // namespace

TEST_CASE("vertices and arcs follow the documented scheme", "[graph]") {
  auto sc = drawn_scenario(small);
  auto g = graph::build_graph(sc, sc.profile(""));
  check_csr(g);
  CHECK(g.node_ids == std::vector<std::string>{"a", "b", "c"});
  CHECK(g.mode_ids == std::vector<std::string>{"rail", "bus"});
  CHECK(g.line_ids == std::vector<std::string>{"r", "s"});
  CHECK(g.line_mode == std::vector<core::Index>{0, 1});
  // (place, mode) pairs served: a/rail, b/bus, c/rail, c/bus. b is only passed by rail.
  CHECK(count(g, VertexKind::origin) == 3);
  CHECK(count(g, VertexKind::destination) == 3);
  CHECK(count(g, VertexKind::mode_in) == 4);
  CHECK(count(g, VertexKind::mode_out) == 4);
  // Per direction: r arrives at c (a->c) and at a (c->a), s at c and at b.
  CHECK(count(g, VertexKind::arrival) == 4);
  CHECK(count(g, VertexKind::departure) == 4);
  CHECK(count(g, ArcKind::access) == 4);
  CHECK(count(g, ArcKind::egress) == 4);
  // Between modes at c: rail->bus, bus->rail; within a mode at a/rail, b/bus, c/rail, c/bus,
  // where no dwell exceeds the penalty (no hubs needed).
  CHECK(count(g, ArcKind::transfer) == 2 + 4);
  CHECK(count(g, VertexKind::hub) == 0);
  CHECK(count(g, ArcKind::interchange) == 0);
  CHECK(count(g, ArcKind::board) == 4);
  CHECK(count(g, ArcKind::alight) == 4);
  CHECK(count(g, ArcKind::dwell) == 0);
  CHECK(count(g, ArcKind::ride) == 4);
  for (core::Index n = 0; n < 3; ++n) {
    CHECK(g.vertex_kind[g.origin_of_node[n]] == VertexKind::origin);
    CHECK(g.vertex_kind[g.destination_of_node[n]] == VertexKind::destination);
    CHECK(g.vertex_node[g.origin_of_node[n]] == n);
  }
  CHECK(g.node_index("b") == 1);
  CHECK(g.node_index("nowhere") == core::invalid_index);
  CHECK(std::string(graph::to_string(ArcKind::transfer)) == "transfer");
}

TEST_CASE("a dwell longer than the transfer puts the halts of a place on hub chains", "[graph]") {
  // At b, r halts 8 min (both directions) and s turns back; rail changes cost 1 and no wait:
  // four halts (r both ways, s both ways), so a prefix and a suffix chain of up to 3 hubs each.
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
node d 1 1
mode rail transfer_min=1
line r rail a b@8 c segment_min=10,20
line s rail b d segment_min=5
)");
  model::Profile p;
  p.wait = model::Profile::Wait::none;
  auto g = graph::build_graph(sc, p);
  check_csr(g);
  // Halts at b, in creation order: r forward (arrive+depart), r back (arrive+depart), s
  // forward (depart), s back (arrive). Prefix hubs start at the first arrival (3 hubs), suffix
  // hubs at the last one (3 hubs).
  CHECK(count(g, VertexKind::hub) == 6);
  CHECK(count(g, ArcKind::interchange) == 4);
  // Arrivals into the chains, each paying rail's penalty: r forward and r back into the prefix
  // chain, s back and r back into the suffix chain (a chain's last halt feeds none of it).
  CHECK(weights(g, ArcKind::transfer, "b", "b") == std::vector<core::Seconds>(4, 60));
  // Boardings at b from the platform (one per departing halt) and from the hubs: r back from
  // prefix 0 and suffix 1, r forward from suffix 2; s forward from prefix 1 and suffix 0.
  CHECK(weights(g, ArcKind::board, "b", "b", "r").size() == 2 + 3);
  CHECK(weights(g, ArcKind::board, "b", "b", "s").size() == 1 + 2);
  // No plain rail->rail arc at b, where the hubs replace it; a, c, d keep theirs.
  CHECK(transfer(g, "a", "rail", "rail") == 60);
  for (core::Index a = 0; a < g.arc_count(); ++a)
    if (g.arc_kind[a] == ArcKind::transfer && g.vertex_kind[g.tail[a]] == VertexKind::mode_out)
      CHECK(g.node_ids[g.vertex_node[g.tail[a]]] != "b");
}

TEST_CASE("ride arcs span passing stops with summed minutes and km", "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 3
mode rail speed_kmh=60 dwell_min=2
line r rail a (b) c segment_km=40,50
line e rail a c
)");
  auto g = graph::build_graph(sc, sc.profile(""));
  CHECK(weights(g, ArcKind::ride, "a", "c", "r") == std::vector<core::Seconds>{90 * 60});
  CHECK(weights(g, ArcKind::ride, "c", "a", "r") == std::vector<core::Seconds>{90 * 60});
  CHECK(weights(g, ArcKind::ride, "a", "b").empty());
  for (core::Index a = 0; a < g.arc_count(); ++a) {
    if (g.arc_kind[a] != ArcKind::ride) continue;
    if (g.line_ids[g.arc_line[a]] == "r") {
      CHECK(g.arc_km[a] == Approx(90));
      CHECK_FALSE(g.arc_km_estimated[a]);
    } else {
      // Estimated from coordinates with the default detour factor 1.2.
      CHECK(g.arc_km[a] == Approx(core::great_circle_km(0, 0, 0, 3) * 1.2));
      CHECK(g.arc_km_estimated[a]);
    }
  }
  for (core::Index a = 0; a < g.arc_count(); ++a)
    if (g.arc_kind[a] != ArcKind::ride) CHECK(g.arc_km[a] == 0.0);
}

TEST_CASE("passed first and last stops serve nobody", "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
mode rail
line r rail (a) b c (d) segment_min=10,20,30
line one rail (a) b (c) segment_min=10,20
)");
  auto g = graph::build_graph(sc, sc.profile(""));
  // r runs b <-> c only; `one` serves a single stop and carries nobody.
  CHECK(count(g, VertexKind::arrival) == 2);
  CHECK(weights(g, ArcKind::ride, "b", "c") == std::vector<core::Seconds>{1200});
  CHECK(weights(g, ArcKind::ride, "c", "b") == std::vector<core::Seconds>{1200});
  CHECK(weights(g, ArcKind::ride, "a", "b").empty());
  CHECK(weights(g, ArcKind::ride, "c", "d").empty());
  CHECK(weights(g, ArcKind::board, "a", "a").empty());
  CHECK(weights(g, ArcKind::alight, "d", "d").empty());
  CHECK(weights(g, ArcKind::board, "b", "b", "one").empty());
}

TEST_CASE("dwell precedence: stop, then line, then mode, and ends never dwell", "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
mode rail dwell_min=2
line by_mode rail a b c d segment_min=1,1,1
line by_line rail a b c d segment_min=1,1,1 dwell_min=1.5
line by_stop rail a b@4 c d segment_min=1,1,1 dwell_min=1.5
)");
  auto g = graph::build_graph(sc, sc.profile(""));
  // One dwell arc per direction of travel.
  using W = std::vector<core::Seconds>;
  CHECK(weights(g, ArcKind::dwell, "b", "b", "by_mode") == W{120, 120});
  CHECK(weights(g, ArcKind::dwell, "c", "c", "by_mode") == W{120, 120});
  CHECK(weights(g, ArcKind::dwell, "b", "b", "by_line") == W{90, 90});
  CHECK(weights(g, ArcKind::dwell, "b", "b", "by_stop") == W{240, 240});
  CHECK(weights(g, ArcKind::dwell, "c", "c", "by_stop") == W{90, 90});
  CHECK(weights(g, ArcKind::dwell, "a", "a").empty());
  CHECK(weights(g, ArcKind::dwell, "d", "d").empty());
}

TEST_CASE("oneway lines ride one direction only", "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
mode rail
line r rail a b segment_min=5 oneway=true
)");
  auto g = graph::build_graph(sc, sc.profile(""));
  CHECK(weights(g, ArcKind::ride, "a", "b").size() == 1);
  CHECK(weights(g, ArcKind::ride, "b", "a").empty());
}

TEST_CASE("access and egress: node overrides, egress falls back to access, 0 station-to-station",
          "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0 access.rail=7 egress.rail=2
node b 0 1 access.rail=6
node c 0 2
node d 0 3
mode rail access_min=10 egress_min=5
mode bus access_min=1.5
line r rail a b c segment_min=1,1
line s bus c d segment_min=1
)");
  auto g = graph::build_graph(sc, sc.profile(""));
  CHECK(weights(g, ArcKind::access, "a", "a") == std::vector<core::Seconds>{420});
  CHECK(weights(g, ArcKind::egress, "a", "a") == std::vector<core::Seconds>{120});
  CHECK(weights(g, ArcKind::egress, "b", "b") == std::vector<core::Seconds>{360});
  CHECK(weights(g, ArcKind::egress, "d", "d") == std::vector<core::Seconds>{90});  // bus: access
  auto c_access = weights(g, ArcKind::access, "c", "c");
  std::sort(c_access.begin(), c_access.end());
  CHECK(c_access == std::vector<core::Seconds>{90, 600});
  auto c_egress = weights(g, ArcKind::egress, "c", "c");
  std::sort(c_egress.begin(), c_egress.end());
  CHECK(c_egress == std::vector<core::Seconds>{90, 300});

  model::Profile station;
  station.access = model::Profile::Access::station_to_station;
  auto s = graph::build_graph(sc, station);
  for (core::Index a = 0; a < s.arc_count(); ++a)
    if (s.arc_kind[a] == ArcKind::access || s.arc_kind[a] == ArcKind::egress)
      CHECK(s.weight[a] == 0);
}

TEST_CASE("boarding wait: half headway, trains per day, mode default, or none", "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
mode rail boarding_wait_min=3
line by_headway rail a b segment_min=1 headway_min=15
line by_trains rail a b segment_min=1 trains_per_day=32
line by_mode rail a b segment_min=1
)");
  model::Profile p;  // half_headway, 16 service hours
  auto g = graph::build_graph(sc, p);
  // Every boarding of a line waits the same: from the platform and from the transfer hubs.
  auto boardings = [&](const std::string& at, const std::string& line, core::Seconds w) {
    const auto got = weights(g, ArcKind::board, at, at, line);
    return !got.empty() && std::all_of(got.begin(), got.end(), [w](auto x) { return x == w; });
  };
  CHECK(boardings("a", "by_headway", 450));
  CHECK(boardings("b", "by_headway", 450));
  CHECK(boardings("a", "by_trains", 900));
  CHECK(boardings("a", "by_mode", 180));
  p.service_hours = 8;
  g = graph::build_graph(sc, p);
  CHECK(boardings("a", "by_trains", 450));
  p.wait = model::Profile::Wait::none;
  g = graph::build_graph(sc, p);
  for (core::Index a = 0; a < g.arc_count(); ++a)
    if (g.arc_kind[a] == ArcKind::board) CHECK(g.weight[a] == 0);
  for (core::Index a = 0; a < g.arc_count(); ++a)
    if (g.arc_kind[a] == ArcKind::alight) CHECK(g.weight[a] == 0);
}

TEST_CASE("transfer arcs for every pair of modes at a place, penalty table first", "[graph]") {
  auto sc = drawn_scenario(small);
  auto g = graph::build_graph(sc, sc.profile(""));
  CHECK(transfer(g, "c", "rail", "bus") == 9 * 60);   // rail's table
  CHECK(transfer(g, "c", "rail", "rail") == 4 * 60);  // rail's default
  CHECK(transfer(g, "c", "bus", "rail") == 2 * 60);
  CHECK(transfer(g, "c", "bus", "bus") == 2 * 60);
  CHECK(transfer(g, "a", "rail", "rail") == 4 * 60);
  // A mode with neither a table nor a default transfers for free.
  auto free = drawn_scenario(R"(
node a 0 0
node b 0 1
mode walk speed_kmh=5
line w walk a b
)");
  auto fg = graph::build_graph(free, free.profile(""));
  CHECK(transfer(fg, "a", "walk", "walk") == 0);
}

TEST_CASE("the profile's modes filter the lines", "[graph]") {
  auto sc = drawn_scenario(small);
  model::Profile bus_only;
  bus_only.modes = {"bus"};
  auto g = graph::build_graph(sc, bus_only);
  check_csr(g);
  CHECK(count(g, VertexKind::mode_in) == 2);  // b/bus, c/bus
  CHECK(count(g, ArcKind::ride) == 2);
  for (core::Index v = 0; v < g.vertex_count(); ++v)
    if (g.vertex_mode[v] != core::invalid_index) CHECK(g.mode_ids[g.vertex_mode[v]] == "bus");
  // Every place keeps its origin and destination, served or not.
  CHECK(count(g, VertexKind::origin) == 3);
}

TEST_CASE("built rule: build list, opening year, status, or an explicit mask", "[graph]") {
  const std::string lines = R"(
node a 0 0
node b 0 1
mode rail
line existing rail a b segment_min=1
line planned rail a b segment_min=1 status=planned
line opens_2025 rail a b segment_min=1 opened=2025
line opened_2015 rail a b segment_min=1 opened=2015 status=planned
line listed rail a b segment_min=1 status=planned opened=2030
)";
  auto built_lines = [](const RoutingGraph& g) {
    std::set<std::string> out;
    for (core::Index a = 0; a < g.arc_count(); ++a)
      if (g.arc_kind[a] == ArcKind::ride) out.insert(g.line_ids[g.arc_line[a]]);
    return out;
  };
  auto sc = drawn_scenario(lines);
  // No scenario year: status decides, opening years are ignored.
  CHECK(built_lines(graph::build_graph(sc, sc.profile(""))) ==
        std::set<std::string>{"existing", "opens_2025"});
  sc = drawn_scenario(lines + "year 2020\nbuild listed\n");
  CHECK(built_lines(graph::build_graph(sc, sc.profile(""))) ==
        std::set<std::string>{"existing", "opened_2015", "listed"});
  sc = drawn_scenario(lines + "statuses existing planned\n");
  CHECK(built_lines(graph::build_graph(sc, sc.profile(""))) ==
        std::set<std::string>{"existing", "planned", "opens_2025", "opened_2015", "listed"});
  // The mask replaces the rule; the line tables still name every line.
  auto g = graph::build_graph(sc, sc.profile(""), {false, true, false, false, false});
  CHECK(built_lines(g) == std::set<std::string>{"planned"});
  CHECK(g.line_ids.size() == 5);
  CHECK_THROWS_AS(graph::build_graph(sc, sc.profile(""), {true}), std::invalid_argument);
}

TEST_CASE("unbuilt or filtered lines are not timed, built untimeable ones throw", "[graph]") {
  auto sc = drawn_scenario(R"(
node a 0 0
node b 0 1
mode hsr speed_factor=0.8
mode bus speed_kmh=30
line untimeable hsr a b status=planned
line bus_line bus a b
)");
  CHECK_NOTHROW(graph::build_graph(sc, sc.profile("")));
  CHECK_NOTHROW(graph::build_graph(sc, sc.profile(""), {false, true}));
  CHECK_THROWS_AS(graph::build_graph(sc, sc.profile(""), {true, true}), core::InputError);
  model::Profile bus_only;
  bus_only.modes = {"bus"};
  CHECK_NOTHROW(graph::build_graph(sc, bus_only, {true, true}));
}

TEST_CASE("bad times are input errors: negative, unknown mode, beyond max_arc_seconds", "[graph]") {
  auto negative = drawn_scenario(R"(
node a 0 0
node b 0 1
mode rail access_min=-5
line r rail a b segment_min=1
)");
  CHECK_THROWS_AS(graph::build_graph(negative, negative.profile("")), core::InputError);
  auto unknown = drawn_scenario(R"(
node a 0 0
node b 0 1
line r tram a b segment_min=1
)");
  CHECK_THROWS_AS(graph::build_graph(unknown, unknown.profile("")), core::InputError);
  auto huge = drawn_scenario(R"(
node a 0 0
node b 0 1
mode rail
line r rail a b segment_min=1e9
)");
  try {
    graph::build_graph(huge, huge.profile(""));
    FAIL("expected InputError");
  } catch (const core::InputError& e) {
    CHECK(e.key_path() == "lines.r");
  }
}

TEST_CASE("building is deterministic", "[graph]") {
  auto sc = drawn_scenario(small);
  auto g1 = graph::build_graph(sc, sc.profile(""));
  auto g2 = graph::build_graph(sc, sc.profile(""));
  CHECK(g1.first_out == g2.first_out);
  CHECK(g1.head == g2.head);
  CHECK(g1.weight == g2.weight);
  CHECK(g1.arc_kind == g2.arc_kind);
  CHECK(g1.vertex_kind == g2.vertex_kind);
}
