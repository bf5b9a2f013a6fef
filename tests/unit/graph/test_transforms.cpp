#include <catch2/catch.hpp>

#include "reachplan/graph/transforms.hpp"

using namespace reachplan;
using core::invalid_index;
using graph::ArcKind;
using graph::RoutingGraph;

namespace {

// Three vertices, drawn:  0 -5-> 1, 0 -7-> 2 (ride on line 0), 1 -2-> 2, 2 -1-> 0.
RoutingGraph triangle() {
  RoutingGraph g;
  g.vertex_kind = {graph::VertexKind::origin, graph::VertexKind::mode_in,
                   graph::VertexKind::destination};
  g.vertex_node = {0, 0, 1};
  g.vertex_mode = {invalid_index, 0, invalid_index};
  g.vertex_line = {invalid_index, invalid_index, invalid_index};
  g.origin_of_node = {0, invalid_index};
  g.destination_of_node = {invalid_index, 2};
  g.node_ids = {"a", "b"};
  g.mode_ids = {"rail"};
  g.line_ids = {"r1"};
  g.line_mode = {0};
  g.first_out = {0, 2, 3, 4};
  g.head = {1, 2, 2, 0};
  g.tail = {0, 0, 1, 2};
  g.weight = {5, 7, 2, 1};
  g.arc_kind = {ArcKind::access, ArcKind::ride, ArcKind::road, ArcKind::egress};
  g.arc_line = {invalid_index, 0, invalid_index, invalid_index};
  g.arc_km = {0.0, 1.5, 0.2, 0.0};
  g.arc_km_estimated = {false, true, false, false};
  g.arc_first_stop = {invalid_index, 2, invalid_index, invalid_index};
  g.arc_last_stop = {invalid_index, 4, invalid_index, invalid_index};
  return g;
}

}  // namespace

TEST_CASE("reversed turns every arc around and keeps its attributes") {
  const RoutingGraph g = triangle();
  const RoutingGraph r = graph::reversed(g);
  // New tails are the old heads: vertex 0 gets arc 3, vertex 1 arc 0, vertex 2 arcs 1 and 2.
  CHECK(r.first_out == std::vector<core::Index>{0, 1, 2, 4});
  CHECK(r.tail == std::vector<core::Index>{0, 1, 2, 2});
  CHECK(r.head == std::vector<core::Index>{2, 0, 0, 1});
  CHECK(r.weight == std::vector<core::Seconds>{1, 5, 7, 2});
  CHECK(r.arc_kind ==
        std::vector<ArcKind>{ArcKind::egress, ArcKind::access, ArcKind::ride, ArcKind::road});
  CHECK(r.arc_line == std::vector<core::Index>{invalid_index, invalid_index, 0, invalid_index});
  CHECK(r.arc_km == std::vector<double>{0.0, 0.0, 1.5, 0.2});
  CHECK(r.arc_km_estimated == std::vector<bool>{false, false, true, false});
  CHECK(r.arc_first_stop ==
        std::vector<core::Index>{invalid_index, invalid_index, 2, invalid_index});
  CHECK(r.arc_last_stop ==
        std::vector<core::Index>{invalid_index, invalid_index, 4, invalid_index});
  CHECK(r.vertex_kind == g.vertex_kind);
  CHECK(r.origin_of_node == g.origin_of_node);
  CHECK(r.node_ids == g.node_ids);
}

TEST_CASE("filter_arcs keeps the chosen arcs in order and maps them back") {
  const RoutingGraph g = triangle();
  std::vector<core::Index> to_original{99};  // cleared first
  const RoutingGraph f = graph::filter_arcs(g, {1, 0, 1, 1}, to_original);
  CHECK(to_original == std::vector<core::Index>{0, 2, 3});
  CHECK(f.first_out == std::vector<core::Index>{0, 1, 2, 3});
  CHECK(f.head == std::vector<core::Index>{1, 2, 0});
  CHECK(f.tail == std::vector<core::Index>{0, 1, 2});
  CHECK(f.weight == std::vector<core::Seconds>{5, 2, 1});
  CHECK(f.arc_kind == std::vector<ArcKind>{ArcKind::access, ArcKind::road, ArcKind::egress});
  CHECK(f.vertex_count() == 3);
  CHECK(f.line_ids == g.line_ids);

  const RoutingGraph none = graph::filter_arcs(g, {0, 0, 0, 0}, to_original);
  CHECK(to_original.empty());
  CHECK(none.first_out == std::vector<core::Index>{0, 0, 0, 0});
  CHECK(none.arc_count() == 0);
  CHECK_THROWS_AS(graph::filter_arcs(g, {1, 1}, to_original), std::invalid_argument);
}
