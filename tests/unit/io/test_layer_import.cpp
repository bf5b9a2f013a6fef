// Line layers through OGR (tests/data/layers): a planner's links with from/to fields, links
// drawn without them (ends snapped into nodes), and a layer full of unusable features.
#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/io/layer_import.hpp"
#include "reachplan/io/load.hpp"

namespace {

namespace io = reachplan::io;
using reachplan::core::InputError;

std::string layer(const std::string& name) {
  return std::string(REACHPLAN_TEST_DATA) + "/layers/" + name;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a line layer with from/to fields becomes links", "[io][layer]") {
  const auto m = io::parse_layer_mapping(
      "id=link,from=start,to=end,speed=kmh,minutes=minutes,"
      "oneway=oneway,name=label");
  const io::LayerImport in = io::read_line_layer(layer("links.geojson"), m);
  CHECK(in.features == 3);
  const auto& net = in.network;
  REQUIRE(net.nodes.size() == 3);
  CHECK(net.nodes[0].id == "a");
  CHECK(net.nodes[1].id == "b");
  CHECK(net.nodes[1].lon == Approx(0.2));
  REQUIRE(net.lines.size() == 3);
  const auto& ab = net.lines[0];
  CHECK(ab.id == "ab");
  CHECK(ab.is_link);
  CHECK(ab.name == "A to B");
  CHECK(ab.mode == "road");
  CHECK(ab.stops.front().node == "a");
  CHECK(ab.stops.back().node == "b");
  const double km = reachplan::core::great_circle_km(0, 0, 0.2, 0);
  CHECK(ab.segment_km.at(0) == Approx(km));
  CHECK(*ab.speed_kmh == 60);
  CHECK_FALSE(ab.oneway);
  // Timed in minutes: a two-stop line (a link has no minutes in YAML), oneway.
  const auto& bc = net.lines[1];
  CHECK_FALSE(bc.is_link);
  CHECK(bc.segment_min.at(0) == 12.5);
  CHECK(bc.oneway);
  // The road network view: two-way links give two edges, geometry kept.
  const auto& r = in.roads;
  CHECK(r.vertex_count() == 3);
  CHECK(r.edge_count() == 5);
  CHECK(r.seconds[0] == Approx(km * 1000 / (60 / 3.6)));
  CHECK(r.shape_size(0) == 1);
  CHECK(r.seconds[2] == Approx(12.5 * 60));

  // Written as YAML, it loads as a valid network.
  io_test::TempDir dir;
  const std::string yaml = dir.write("links.yaml", io::network_yaml(net, "from a test"));
  std::vector<io::Warning> warnings;
  const auto loaded = io::load_network(yaml, warnings);
  CHECK(warnings.empty());
  CHECK(loaded.lines.size() == 3);
  CHECK(loaded.find_line("bc")->segment_min.at(0) == 12.5);
  CHECK(loaded.find_line("ab")->speed_kmh.value() == 60);
  // The feature's course travels as the link's geometry (a straight feature gives none).
  const std::vector<std::array<double, 2>> course = {{0, 0}, {0.1, 0}, {0.2, 0}};
  CHECK(ab.geometry == course);
  CHECK(bc.geometry.empty());
  CHECK(loaded.find_line("ab")->geometry == course);
  CHECK(loaded.find_line("ca")->geometry.empty());
}

TEST_CASE("lines drawn without node fields join at their ends", "[io][layer]") {
  io::LayerMapping m;
  m.speed_kmh = 50;
  m.snap_m = 1.0;
  const io::LayerImport in = io::read_line_layer(layer("drawn.geojson"), m);
  // The second line starts 0.01 m from where the first ends: one node. Three nodes in a ring.
  CHECK(in.network.nodes.size() == 3);
  CHECK(in.network.nodes[0].id == "n1");
  CHECK(in.roads.edge_count() == 6);
  CHECK(in.network.lines[1].stops.front().node == in.network.lines[0].stops.back().node);
  // A tolerance too small to join them: a fourth node.
  m.snap_m = 0.001;
  CHECK(io::read_line_layer(layer("drawn.geojson"), m).network.nodes.size() == 4);
}

TEST_CASE("unusable features are all reported with their ids", "[io][layer]") {
  const auto m = io::parse_layer_mapping("from=start,to=end,speed=kmh");
  const std::string e = error_of([&] { io::read_line_layer(layer("bad-links.geojson"), m); });
  CHECK_THAT(
      e, Catch::Contains("bad-links.geojson") && Catch::Contains("4 of 5 features cannot be used"));
  CHECK_THAT(e, Catch::Contains("feature 7: speed 'fast' is not a number"));
  CHECK_THAT(e, Catch::Contains("feature 8: geometry is a Point"));
  CHECK_THAT(e, Catch::Contains("feature 9: empty from or to"));
  CHECK_THAT(e, Catch::Contains("feature 10: speed must be > 0"));
  CHECK_THAT(error_of([&] { io::read_line_layer(layer("truncated.geojson"), m); }),
             Catch::Contains("cannot open"));
  CHECK_THAT(error_of([&] { io::read_line_layer(layer("missing.geojson"), m); }),
             Catch::Contains("no such file"));
  CHECK_THAT(error_of([&] {
               io::read_line_layer(layer("links.geojson"),
                                   io::parse_layer_mapping("from=strat,to=end,speed=kmh"));
             }),
             Catch::Contains("no field 'strat'") && Catch::Contains("did you mean 'start'"));
  CHECK_THAT(error_of([&] {
               io::read_line_layer(layer("links.geojson"),
                                   io::parse_layer_mapping("from=start,to=end"));
             }),
             Catch::Contains("no way to time"));
  CHECK_THAT(error_of([] { io::parse_layer_mapping("frm=a"); }),
             Catch::Contains("did you mean 'from'"));
  CHECK_THROWS_AS(io::parse_layer_mapping("from=a"), InputError);
  CHECK_THROWS_AS(io::parse_layer_mapping("from"), InputError);
}
