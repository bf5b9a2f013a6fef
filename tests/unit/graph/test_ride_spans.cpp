// The graph records which stops of its line each ride arc spans.
#include <catch2/catch.hpp>
#include <set>
#include <tuple>

#include "reachplan/graph/build.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;
using core::Index;
using core::invalid_index;

namespace {

// (from place, to place, first stop, last stop) of every ride arc of one line.
using Span = std::tuple<std::string, std::string, Index, Index>;
std::set<Span> ride_spans(const graph::RoutingGraph& g, const std::string& line) {
  std::set<Span> out;
  for (Index a = 0; a < g.arc_count(); ++a) {
    if (g.arc_kind[a] != graph::ArcKind::ride || g.line_ids[g.arc_line[a]] != line) continue;
    out.emplace(g.node_ids[g.vertex_node[g.tail[a]]], g.node_ids[g.vertex_node[g.head[a]]],
                g.arc_first_stop[a], g.arc_last_stop[a]);
  }
  return out;
}

const char* drawn = R"(
node a 0 0
node b 0 1
node c 0 2
node d 0 3
mode rail speed_kmh=60
line r rail a (b) c d segment_min=10,10,10
line s rail a c a segment_min=5,5 oneway=true
)";

}  // namespace

TEST_CASE("ride arcs record the stop positions they span") {
  const auto sc = reachplan::test::drawn_scenario(drawn);
  const auto g = graph::build_graph(sc, sc.profile(""));
  REQUIRE(g.arc_first_stop.size() == g.arc_count());
  REQUIRE(g.arc_last_stop.size() == g.arc_count());
  // r passes b: its first ride runs over stops 0..2; the way back is recorded backwards.
  CHECK(ride_spans(g, "r") ==
        std::set<Span>{{"a", "c", 0, 2}, {"c", "a", 2, 0}, {"c", "d", 2, 3}, {"d", "c", 3, 2}});
  // s visits a twice: the ride back to a is stops 1..2, not the first a.
  CHECK(ride_spans(g, "s") == std::set<Span>{{"a", "c", 0, 1}, {"c", "a", 1, 2}});
  for (Index a = 0; a < g.arc_count(); ++a)
    if (g.arc_kind[a] != graph::ArcKind::ride) {
      CHECK(g.arc_first_stop[a] == invalid_index);
      CHECK(g.arc_last_stop[a] == invalid_index);
    }
}
