// Road graphs: the nearest-vertex index against brute force, and a scenario's road network as
// the road mode's layer of the multimodal graph (door to door, and to stations, over roads).
#include <catch2/catch.hpp>
#include <memory>
#include <random>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/graph/road_graph.hpp"
#include "reachplan/graph/road_layer.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "reachplan/routing/path.hpp"

using namespace reachplan;
using core::Index;

TEST_CASE("nearest vertex equals brute force", "[graph][road]") {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> lon(8.0, 8.6), lat(41.0, 41.4);
  std::vector<double> xs, ys;
  for (int i = 0; i < 3000; ++i) {
    xs.push_back(lon(rng));
    ys.push_back(lat(rng));
  }
  // A cluster of duplicates: ties go to the smallest index.
  for (int i = 0; i < 5; ++i) {
    xs.push_back(8.3);
    ys.push_back(41.2);
  }
  const graph::NearestVertexIndex index(xs, ys);
  std::uniform_real_distribution<double> qlon(7.5, 9.1), qlat(40.5, 41.9);
  for (int q = 0; q < 400; ++q) {
    const double x = q == 0 ? 8.3 : qlon(rng), y = q == 0 ? 41.2 : qlat(rng);
    Index best = 0;
    double best_m = 1e300;
    for (Index v = 0; v < xs.size(); ++v) {
      const double d = core::great_circle_km(x, y, xs[v], ys[v]) * 1000;
      if (d < best_m) best_m = d, best = v;
    }
    double m = 0;
    const Index got = index.nearest(x, y, &m);
    INFO("query " << x << "," << y);
    CHECK(m == Approx(best_m));
    CHECK(got == best);
  }
  const std::vector<double> none;
  CHECK(graph::NearestVertexIndex(none, none).nearest(1, 1) == core::invalid_index);
}

TEST_CASE("road graph CSR from a network, weights in milliseconds", "[graph][road]") {
  model::RoadNetwork r;
  r.lon = {0, 0.01, 0.02};
  r.lat = {0, 0, 0};
  r.from = {0, 1, 1};
  r.to = {1, 0, 2};
  r.seconds = {1.2344, 1.2346, 7};
  r.length_m = {10, 10, 50};
  r.edge_class = {0, 0, 0};
  r.edge_source_id = {5, 5, 6};
  const auto g = graph::make_road_graph(r);
  CHECK(g.vertex_count() == 3);
  CHECK(g.first_out == std::vector<Index>{0, 1, 3, 3});
  CHECK(g.weight ==
        std::vector<graph::Weight>{graph::Weight{1234}, graph::Weight{1235}, graph::Weight{7000}});
  const auto back = graph::reverse(g);
  CHECK(back.first_out == std::vector<Index>{0, 1, 2, 3});
  r.seconds[2] = -1;
  CHECK_THROWS_AS(graph::make_road_graph(r), core::InputError);
}

namespace {

// Places A and B on a road, C by rail from B. Roads: x0 -(100 s)- x1 -(100 s)- x2, two-way.
model::Scenario road_scenario() {
  model::Scenario s;
  s.id = "roads";
  s.profiles["default"] = model::Profile{};
  s.profiles["default"].wait = model::Profile::Wait::none;
  model::Profile rail_only;
  rail_only.id = "rail";
  rail_only.modes = {"rail"};
  rail_only.wait = model::Profile::Wait::none;
  s.profiles["rail"] = rail_only;
  auto node = [](const char* id, double lon, double lat) {
    model::Node n;
    n.id = n.name = id;
    n.lon = lon;
    n.lat = lat;
    return n;
  };
  s.network.nodes = {node("A", 0, 0), node("B", 0.02, 0), node("C", 0.05, 0)};
  model::Mode rail;
  rail.id = "rail";
  rail.speed_kmh = 120;
  rail.transfer_default_min = 0;
  model::Mode road;
  road.id = "road";
  road.transfer_min["rail"] = 5;
  s.network.modes = {rail, road};
  model::Line bc;
  bc.id = "bc";
  bc.mode = "rail";
  bc.is_link = true;
  bc.stops = {model::Stop{"B", false, {}, {}, {}}, model::Stop{"C", false, {}, {}, {}}};
  bc.segment_km = {3.0};  // 90 s at 120 km/h
  s.network.lines = {bc};
  auto r = std::make_shared<model::RoadNetwork>();
  r->lon = {0, 0.01, 0.02};
  r->lat = {0.0001, 0, 0.0001};  // A and B are 11.1 m off the road
  r->vertex_osm_id = {1, 2, 3};
  r->from = {0, 1, 1, 2};
  r->to = {1, 0, 2, 1};
  r->seconds = {100, 100, 100, 100};
  r->length_m = {1000, 1000, 1000, 1000};
  r->edge_class = {0, 0, 0, 0};
  r->edge_source_id = {1, 1, 1, 1};
  r->class_names = {"residential"};
  model::RoadLayerSpec spec;
  spec.mode = "road";
  spec.max_snap_km = 1.0;     // C (3 km from x2) is not joined
  spec.connector_kmh = 36.0;  // 11.1 m in 1.1 s
  spec.network = r;
  s.road_network = spec;
  return s;
}

}  // namespace

TEST_CASE("a road network serves door to door and to stations", "[graph][road]") {
  const model::Scenario s = road_scenario();
  const auto join = graph::join_places(s.network, *s.road_network->network, 1.0);
  CHECK(join.place_vertex == std::vector<Index>{0, 2, core::invalid_index});
  CHECK(join.snap_km[0] == Approx(0.0111195).epsilon(1e-4));

  const auto g = graph::build_graph(s, s.profile(""));
  Index road_vertices = 0;
  for (auto k : g.vertex_kind) road_vertices += k == graph::VertexKind::road;
  CHECK(road_vertices == 3);
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[0]);
  // A -> B: connector 1 s + 100 + 100 + connector 1 s (access/egress of the bare mode: 0).
  CHECK(search.distance(g.destination_of_node[1]) == 202);
  // A -> C: drive to B, change to rail (5 min), ride 90 s.
  CHECK(search.distance(g.destination_of_node[2]) == 202 + 300 + 90);
  const auto path = routing::recover_path(search, g.destination_of_node[2]);
  REQUIRE(path.reachable);
  std::vector<routing::Leg::Kind> kinds;
  for (const auto& leg : path.legs) kinds.push_back(leg.kind);
  using K = routing::Leg::Kind;
  CHECK(kinds == std::vector<K>{K::access, K::ride, K::transfer, K::ride, K::egress});
  const auto& drive = path.legs[1];
  CHECK(drive.line == core::invalid_index);
  CHECK(g.mode_ids[drive.mode] == "road");
  CHECK(drive.from_node == 0);
  CHECK(drive.to_node == 1);
  CHECK(drive.seconds == 202);
  CHECK(drive.km == Approx(2.0222).epsilon(1e-3));
  CHECK(path.lines_used() == std::vector<Index>{0});
  CHECK(path.transfers() == 1);
  CHECK_THAT(routing::describe(g, path), Catch::Contains("-[road 0:03]-> B"));

  // A profile without the road mode has no road layer: A is then cut off.
  const auto rail = graph::build_graph(s, s.profile("rail"));
  for (auto k : rail.vertex_kind) CHECK(k != graph::VertexKind::road);
  routing::Dijkstra r(rail);
  r.run(rail.origin_of_node[0]);
  CHECK(r.distance(rail.destination_of_node[2]) == core::unreachable);
}
