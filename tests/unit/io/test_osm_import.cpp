// The OSM importer and road network cleaning on tests/data/osm/town.osm, a town on the equator
// where 0.001 degree is 111.195 m. Every expectation below is worked out from the drawing there:
//   main street 1-2-3-4 (residential, two-way), oneway loop 2->5->6->3 (primary), private 4-7,
//   oneway=-1 service 8-6 (traffic 6->8 only), 4-20 (tertiary), roundabout 20->21->22->20,
//   motorway 21-30 with oneway=no, motorway 4->30 (implied oneway), 3-9 access=no motorcar=yes,
//   a footway 1-40 and a service area 5-40 (neither is a road).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "io_test_support.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/io/road_import.hpp"

namespace {

namespace fs = std::filesystem;
using reachplan::core::Index;
using reachplan::core::InputError;
using reachplan::model::RoadNetwork;
namespace io = reachplan::io;
namespace graph = reachplan::graph;

std::string osm(const std::string& name) {
  return std::string(REACHPLAN_TEST_DATA) + "/osm/" + name;
}

constexpr double step_m = 111.19508;  // 0.001 degree on the equator

// Edges a -> b by OSM node ids (there may be parallel ones after merging chains).
std::vector<Index> edges(const RoadNetwork& n, std::int64_t a, std::int64_t b) {
  std::vector<Index> out;
  for (Index e = 0; e < n.edge_count(); ++e)
    if (n.vertex_osm_id[n.from[e]] == a && n.vertex_osm_id[n.to[e]] == b) out.push_back(e);
  return out;
}

std::set<std::int64_t> osm_ids(const RoadNetwork& n) {
  return {n.vertex_osm_id.begin(), n.vertex_osm_id.end()};
}

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("raw OSM import: roads, oneway, roundabout and access rules", "[io][osm]") {
  io::RoadImportReport report;
  const RoadNetwork raw = io::read_osm(osm("town.osm"), {}, &report);
  // Road nodes only: 7 (private way) and 40 (footway, area) are not roads.
  CHECK(osm_ids(raw) == std::set<std::int64_t>{1, 2, 3, 4, 5, 6, 8, 9, 20, 21, 22, 30});
  CHECK(report.ways_read == 11);
  CHECK(report.ways_used == 8);
  CHECK(report.ways_closed == 1);
  // Two-way main street.
  CHECK(edges(raw, 1, 2).size() == 1);
  CHECK(edges(raw, 2, 1).size() == 1);
  // oneway=yes loop.
  CHECK(edges(raw, 2, 5).size() == 1);
  CHECK(edges(raw, 5, 2).empty());
  // oneway=-1: against the drawing.
  CHECK(edges(raw, 6, 8).size() == 1);
  CHECK(edges(raw, 8, 6).empty());
  // Roundabout implied oneway; explicit oneway=no on a motorway; implied oneway motorway.
  CHECK(edges(raw, 20, 21).size() == 1);
  CHECK(edges(raw, 21, 20).empty());
  CHECK(edges(raw, 21, 30).size() == 1);
  CHECK(edges(raw, 30, 21).size() == 1);
  CHECK(edges(raw, 4, 30).size() == 1);
  CHECK(edges(raw, 30, 4).empty());
  // access=no but motorcar=yes is open under the most specific rule.
  CHECK(edges(raw, 3, 9).size() == 1);
  CHECK(raw.edge_count() == 2 * 3 + 3 + 1 + 2 + 3 + 2 + 1 + 2);
  // Length and time: residential at 25 km/h.
  const Index e = edges(raw, 1, 2).front();
  CHECK(raw.length_m[e] == Approx(step_m).epsilon(1e-6));
  CHECK(raw.seconds[e] == Approx(step_m / (25 / 3.6)).epsilon(1e-6));
  CHECK(raw.class_names[raw.edge_class[e]] == "residential");
  CHECK(raw.edge_source_id[e] == 101);
}

TEST_CASE("the same input gives the same network from XML, OPL and PBF", "[io][osm]") {
  const RoadNetwork a = io::read_osm(osm("town.osm"), {});
  for (const char* f : {"town.opl", "town.osm.pbf"}) {
    const RoadNetwork b = io::read_osm(osm(f), {});
    CHECK(b.vertex_osm_id == a.vertex_osm_id);
    CHECK(b.from == a.from);
    CHECK(b.to == a.to);
    CHECK(b.seconds == a.seconds);
  }
}

TEST_CASE("prepared network: largest component, chains merged with their geometry", "[io][osm]") {
  io::RoadImportReport report;
  const RoadNetwork net = graph::prepare_road_network(io::read_osm(osm("town.osm"), {}), &report);
  // 8 can be reached but never left: its own component. 5, 6 (loop) and 22 (roundabout) are
  // passed by one way only: merged into shape points.
  CHECK(report.components == 2);
  CHECK(report.scc_vertices == 11);
  CHECK(osm_ids(net) == std::set<std::int64_t>{1, 2, 3, 4, 9, 20, 21, 30});
  CHECK(net.edge_count() == 16);
  // The oneway loop 2 -> 5 -> 6 -> 3 is one edge with two shape points, beside the street.
  const auto two_three = edges(net, 2, 3);
  REQUIRE(two_three.size() == 2);
  const Index loop = net.shape_size(two_three[0]) == 2 ? two_three[0] : two_three[1];
  REQUIRE(net.shape_size(loop) == 2);
  CHECK(net.shape_lat[net.shape_first[loop]] == Approx(0.001));
  CHECK(net.shape_lon[net.shape_first[loop]] == Approx(0.001));
  CHECK(net.length_m[loop] == Approx(3 * step_m).epsilon(1e-6));
  CHECK(net.seconds[loop] == Approx(3 * step_m / (65 / 3.6)).epsilon(1e-6));
  CHECK(net.class_names[net.edge_class[loop]] == "primary");
  CHECK(edges(net, 3, 2).size() == 1);  // the street only
  // The roundabout: 20 -> 21 direct, 21 -> 20 through 22.
  CHECK(edges(net, 20, 21).size() == 1);
  REQUIRE(edges(net, 21, 20).size() == 1);
  CHECK(net.shape_size(edges(net, 21, 20)[0]) == 1);
  // Cleaning a cleaned network changes nothing.
  const RoadNetwork again = graph::clean_road_network(net);
  CHECK(again.from == net.from);
  CHECK(again.to == net.to);
  CHECK(again.vertex_osm_id == net.vertex_osm_id);
}

TEST_CASE("profiles: speeds and access rules from YAML", "[io][osm]") {
  std::vector<io::Warning> warnings;
  io::OsmImportOptions options;
  options.profile = io::load_road_profile(osm("slow.yaml"), warnings);
  CHECK(warnings.empty());
  CHECK(options.profile.name == "slow");
  const RoadNetwork raw = io::read_osm(osm("town.osm"), options);
  // access=no closes 3-9 under the "any" rule; residential at 10 km/h.
  CHECK(edges(raw, 3, 9).empty());
  CHECK(raw.seconds[edges(raw, 1, 2).front()] == Approx(step_m / (10 / 3.6)).epsilon(1e-6));
  CHECK(options.profile.fingerprint() != io::car_profile().fingerprint());

  REQUIRE_THROWS_AS(io::load_road_profile(osm("bad-profile.yaml"), warnings), InputError);
  try {
    io::load_road_profile(osm("bad-profile.yaml"), warnings);
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("bad-profile.yaml:2:"));
  }
}

TEST_CASE("a bounding box keeps the roads inside it", "[io][osm]") {
  io::OsmImportOptions options;
  options.bbox = io::parse_bbox("-0.0005,-0.0015,0.0025,0.0015");
  io::RoadImportReport report;
  const RoadNetwork raw = io::read_osm(osm("town.osm"), options, &report);
  CHECK(osm_ids(raw) == std::set<std::int64_t>{1, 2, 3, 5, 6, 9});  // 8 lies north of the box
  CHECK(edges(raw, 3, 4).empty());
  CHECK(report.segments_missing_nodes > 0);
  CHECK_THROWS_AS(io::parse_bbox("1,2,3"), InputError);
  CHECK_THROWS_AS(io::parse_bbox("3,2,1,4"), InputError);
  CHECK_THROWS_AS(io::parse_bbox("a,b,c,d"), InputError);
  options.bbox = io::parse_bbox("50,50,51,51");
  CHECK_THROWS_AS(io::read_osm(osm("town.osm"), options), InputError);
}

TEST_CASE("corrupt, truncated and foreign files are input errors, not crashes", "[io][osm]") {
  io_test::TempDir dir;
  const std::string pbf = bytes(osm("town.osm.pbf"));
  REQUIRE(pbf.size() > 100);
  // Every truncation length, and a block of garbage at several places.
  for (std::size_t n : {std::size_t{0}, std::size_t{3}, std::size_t{20}, pbf.size() / 2,
                        pbf.size() - 10, pbf.size() - 1}) {
    const std::string path = dir.write("cut.osm.pbf", pbf.substr(0, n));
    INFO("truncated to " << n << " bytes");
    CHECK_THROWS_AS(io::read_osm(path, {}), InputError);
  }
  for (std::size_t at : {std::size_t{4}, std::size_t{40}, pbf.size() / 2, pbf.size() - 40}) {
    std::string bad = pbf;
    for (std::size_t i = at; i < std::min(bad.size(), at + 24); ++i)
      bad[i] = static_cast<char>(0xA5 ^ i);
    const std::string path = dir.write("bad.osm.pbf", bad);
    INFO("garbage at " << at);
    try {
      io::read_osm(path, {});
      SUCCEED("garbage that still parses is fine, as long as nothing crashes");
    } catch (const InputError& e) {
      CHECK_THAT(e.what(), Catch::Contains("bad.osm.pbf"));
    }
  }
  try {
    io::read_osm(osm("garbage.osm.pbf"), {});
    FAIL("garbage accepted");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("garbage.osm.pbf") && Catch::Contains("cannot read"));
  }
  const std::string xml = bytes(osm("town.osm"));
  CHECK_THROWS_AS(io::read_osm(dir.write("cut.osm", xml.substr(0, xml.size() / 2)), {}),
                  InputError);
  CHECK_THROWS_AS(io::read_osm(dir.write("none.osm.pbf", "") + "-missing", {}), InputError);
}

// Descriptors this process has open on `file` (Linux: the links in /proc/self/fd).
int descriptors_on(const fs::path& file) {
  int n = 0;
  const fs::path target = fs::weakly_canonical(file);
  for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (fs::read_symlink(e.path(), ec) == target && !ec) ++n;
  }
  return n;
}

TEST_CASE("a corrupt PBF leaves no file descriptor open", "[io][osm]") {
  // libosmium 2.18's PBF parser closes its file only when it parses to the end; the fuzzer ran
  // a long-lived process out of descriptors with corrupt files (one leaked per import).
  io_test::TempDir dir;
  const std::string pbf = bytes(osm("town.osm.pbf"));
  const std::string cut = dir.write("cut.osm.pbf", pbf.substr(0, pbf.size() / 2));
  for (int i = 0; i < 20; ++i) CHECK_THROWS_AS(io::read_osm(cut, {}), InputError);
  CHECK(descriptors_on(cut) == 0);
  // A descriptor the caller holds on the same file is not the importer's to close.
  std::ifstream held(cut, std::ios::binary);
  REQUIRE(descriptors_on(cut) == 1);
  CHECK_THROWS_AS(io::read_osm(cut, {}), InputError);
  CHECK(descriptors_on(cut) == 1);
  CHECK(held.get() != std::ifstream::traits_type::eof());
  // And a good file is read to the end and closed.
  const std::string good = dir.write("good.osm.pbf", pbf);
  CHECK_NOTHROW(io::read_osm(good, {}));
  CHECK(descriptors_on(good) == 0);
}

TEST_CASE("road GeoPackage round trip and the cache", "[io][osm]") {
  io_test::TempDir dir;
  const RoadNetwork net = graph::prepare_road_network(io::read_osm(osm("town.osm"), {}));
  const std::string gpkg = dir.write("roads.gpkg", "");
  fs::remove(gpkg);
  io::write_road_network_gpkg(net, gpkg, "test");
  const RoadNetwork back = io::read_road_network_gpkg(gpkg);
  CHECK(back.vertex_osm_id == net.vertex_osm_id);
  CHECK(back.from == net.from);
  CHECK(back.to == net.to);
  CHECK(back.shape_first == net.shape_first);
  CHECK(back.shape_lon == net.shape_lon);
  REQUIRE(back.seconds.size() == net.seconds.size());
  for (std::size_t e = 0; e < net.seconds.size(); ++e)
    CHECK(back.seconds[e] == Approx(net.seconds[e]));
  CHECK(back.class_names[back.edge_class[3]] == net.class_names[net.edge_class[3]]);

  // Loading any file goes through the cache: the second load reads it.
  io::RoadLoadOptions options;
  options.cache_dir = (fs::path(dir.write("x", "")).parent_path() / "cache").string();
  const auto first = io::load_road_network(osm("town.osm.pbf"), options);
  CHECK_FALSE(first.from_cache);
  const auto second = io::load_road_network(osm("town.osm.pbf"), options);
  CHECK(second.from_cache);
  CHECK(second.network->from == first.network->from);
  CHECK(second.network->seconds == first.network->seconds);
  CHECK(second.key == first.key);
  // Another profile is another entry.
  options.profile_path = osm("slow.yaml");
  CHECK_FALSE(io::load_road_network(osm("town.osm.pbf"), options).from_cache);
  // A damaged cache file is ignored and rebuilt.
  {
    std::string b = bytes(first.cache_path);
    b[b.size() / 2] = static_cast<char>(b[b.size() / 2] ^ 0x55);
    std::ofstream(first.cache_path, std::ios::binary | std::ios::trunc) << b;
  }
  options.profile_path.clear();
  const auto third = io::load_road_network(osm("town.osm.pbf"), options);
  CHECK_FALSE(third.from_cache);
  CHECK(third.network->from == first.network->from);
  CHECK(io::load_road_cache(first.cache_path, "another key") == nullptr);
  // The GeoPackage loads to the same network.
  const auto from_gpkg = io::load_road_network(gpkg, options);
  CHECK(from_gpkg.network->from == first.network->from);

  CHECK_THROWS_AS(io::read_road_network_gpkg(dir.write("not.gpkg", "nonsense")), InputError);
  CHECK_THROWS_AS(io::load_road_network(dir.write("roads.csv", "a,b")), InputError);
}

TEST_CASE("points files", "[io][points]") {
  io_test::TempDir dir;
  const auto p = io::read_points(osm("points.csv"));
  REQUIRE(p.size() == 3);
  CHECK(p[0].id == "west");
  CHECK(*p[0].osm_id == 1);
  CHECK(*p[0].lon == 0.0);
  CHECK_FALSE(p[1].lon);
  CHECK(*p[2].lat == Approx(0.0009));
  CHECK(p[2].line == 4);
  auto error = [&](const std::string& text) {
    try {
      io::read_points(dir.write("p.csv", text));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("name,lon,lat\na,1,2\n"), Catch::Contains(":1:"));
  CHECK_THAT(error("id,lon,lat\na,1,x\n"), Catch::Contains(":2: lat 'x' is not a number"));
  CHECK_THAT(error("id,lon,lat\na,1\n"), Catch::Contains(":2:"));
  CHECK_THAT(error("id,lon,lat\na,200,1\n"), Catch::Contains("out of range"));
  CHECK_THAT(error("id,osm_id\na,12x\n"), Catch::Contains("not an integer"));
  CHECK_THAT(error("id,lon,lat\n"), Catch::Contains("no points"));
}
