// End-to-end: `import osm`, `import layer`, `matrix` and scenarios with a road network, on the
// small fixtures in tests/data/osm and tests/data/layers (times worked out in
// tests/unit/io/test_osm_import.cpp: 0.001 degree on the equator is 111.195 m).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::slurp;

fs::path scratch(const std::string& name) {
  return cli_test::scratch_dir("cli-scale", name);
}

// Runs `reachplan <args>` in tests/data/osm with its own cache folder.
Result reachplan(const std::string& args, const fs::path& cache) {
  return cli_test::run_reachplan("cli-scale", "osm", args,
                                 "REACHPLAN_CACHE_DIR='" + cache.string() + "'");
}

// Wide matrix CSV -> (origin, destination) -> cell text.
std::map<std::pair<std::string, std::string>, std::string> cells(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  std::map<std::pair<std::string, std::string>, std::string> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream row(line);
    for (std::string x; std::getline(row, x, ',');) f.push_back(x);
    if (!line.empty() && line.back() == ',') f.push_back("");
    for (std::size_t j = 1; j < f.size() && j < header.size(); ++j) out[{f[0], header[j]}] = f[j];
  }
  return out;
}

bool leftovers(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find("tmp") != std::string::npos) return true;
  return false;
}

using Catch::Matchers::Contains;

}  // namespace

TEST_CASE("import osm writes a road GeoPackage, and bad files exit 2 and write nothing",
          "[cli][scale]") {
  const fs::path dir = scratch("import");
  auto r = reachplan("import osm town.osm.pbf -o '" + (dir / "roads.gpkg").string() + "'",
                     dir / "cache");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("8 roads") && Contains("8 vertices, 16 edges"));
  CHECK(fs::file_size(dir / "roads.gpkg") > 0);
  // The GeoPackage is a network for `matrix`.
  r = reachplan("matrix --network '" + (dir / "roads.gpkg").string() +
                    "' --origins points.csv -o '" + (dir / "m.csv").string() + "'",
                dir / "cache");
  INFO(r.err);
  CHECK(r.code == 0);

  const std::string pbf = slurp(std::string(REACHPLAN_TEST_DATA) + "/osm/town.osm.pbf");
  std::ofstream(dir / "cut.osm.pbf", std::ios::binary) << pbf.substr(0, pbf.size() / 2);
  r = reachplan("import osm '" + (dir / "cut.osm.pbf").string() + "' -o '" +
                    (dir / "cut.gpkg").string() + "'",
                dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("cut.osm.pbf"));
  CHECK_FALSE(fs::exists(dir / "cut.gpkg"));
  CHECK_FALSE(leftovers(dir));
  r = reachplan("import osm garbage.osm.pbf -o '" + (dir / "g.gpkg").string() + "'", dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("garbage.osm.pbf: cannot read OpenStreetMap data"));
  r = reachplan("import osm town.osm -o '" + (dir / "x.csv").string() + "'", dir / "cache");
  CHECK(r.code == 2);
  r = reachplan("import osm town.osm --bbox 1,2,3 -o '" + (dir / "x.gpkg").string() + "'",
                dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--bbox"));
}

TEST_CASE("matrix over an OSM extract: OSM ids, snapping, cache", "[cli][scale]") {
  const fs::path dir = scratch("matrix");
  const std::string out = (dir / "m.csv").string();
  auto r = reachplan("matrix --network town.osm.pbf --origins points.csv -o '" + out +
                         "' --points-out '" + (dir / "p.csv").string() + "'",
                     dir / "cache");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("2 by OSM node id") && Contains("1 snapped"));
  CHECK_THAT(r.out, Contains("max 101 m at 'north'"));
  auto m = cells(slurp(out));
  // west -> east: 3 residential steps at 25 km/h, then the motorway 4 -> 30 at 90 km/h.
  CHECK(m[{"west", "east"}] == "1.02");
  CHECK(m[{"west", "north"}] == "0.53");  // north snaps to node 3: two steps
  // east -> west: motorway, the roundabout through 22, tertiary 20 -> 4, then the street.
  CHECK(m[{"east", "west"}] == "1.37");
  CHECK(m[{"west", "west"}] == "0.00");
  CHECK_THAT(slurp(dir / "p.csv"), Contains("both,north,snapped,"));
  // The second run reads the prepared network and hierarchy from the cache: same bytes.
  r = reachplan(
      "matrix --network town.osm.pbf --origins points.csv -o '" + (dir / "m2.csv").string() + "'",
      dir / "cache");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("from the cache"));
  CHECK(slurp(out) == slurp(dir / "m2.csv"));
  // Long form, and a snap limit that leaves `north` out.
  r = reachplan(
      "matrix --network town.osm --origins points.csv --long --max-snap-m 50 -o '" + out + "'",
      dir / "cache");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Contains("'north'") && Contains("left unreachable"));
  const std::string long_form = slurp(out);
  CHECK_THAT(long_form, Contains("origin,destination,minutes\n"));
  CHECK_THAT(long_form, Contains("west,east,1.02\n"));
  CHECK_THAT(long_form, Contains("west,north,\n"));
  // Bad points and networks.
  std::ofstream(dir / "bad.csv") << "id,osm_id\nx,999999\n";
  r = reachplan(
      "matrix --network town.osm --origins '" + (dir / "bad.csv").string() + "' -o '" + out + "'",
      dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad.csv:2") && Contains("OSM node 999999"));
  r = reachplan("matrix --network garbage.osm.pbf --origins points.csv -o '" + out + "'",
                dir / "cache");
  CHECK(r.code == 2);
}

TEST_CASE("profile walk from the command line: import, matrix and a scenario", "[cli][scale]") {
  const fs::path dir = scratch("walk");
  auto r = reachplan("import osm walk.osm --profile walk -o '" + (dir / "w.gpkg").string() + "'",
                     dir / "cache");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("7 roads for profile walk, 2 closed by access tags"));
  // walk.osm (test_walk_profile.cpp): 1 -> 4 is two 111.195 m steps at 5 km/h (80.06 s each) and
  // the steps at half speed (160.12 s): 320.24 s; 1 -> 10 two steps, 160.12 s.
  std::ofstream(dir / "p.csv") << "id,osm_id\na,1\nb,4\nc,10\n";
  r = reachplan("matrix --network walk.osm --profile walk --origins '" + (dir / "p.csv").string() +
                    "' -o '" + (dir / "m.csv").string() + "'",
                dir / "cache");
  REQUIRE(r.code == 0);
  auto m = cells(slurp(dir / "m.csv"));
  CHECK(m[{"a", "b"}] == "5.34");
  CHECK(m[{"b", "a"}] == "5.34");
  CHECK(m[{"a", "c"}] == "2.67");
  r = reachplan("import osm walk.osm --profile wlak -o '" + (dir / "x.gpkg").string() + "'",
                dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown road profile 'wlak' (did you mean 'walk'?)"));
  CHECK_FALSE(fs::exists(dir / "x.gpkg"));
  // A scenario's road_network takes the built-in name too (not a file next to the scenario).
  const std::string data = std::string(REACHPLAN_TEST_DATA) + "/osm/";
  const std::string scenario = "scenario:\n  name: Walk\n  networks: ['" + data +
                               "network.yaml']\n  road_network: {file: '" + data +
                               "walk.osm', profile: walk}\n";
  std::ofstream(dir / "s.yaml") << scenario;
  r = reachplan("validate '" + (dir / "s.yaml").string() + "'", dir / "cache");
  CHECK(r.code == 0);
  std::ofstream(dir / "bad.yaml") << std::string(scenario).replace(scenario.find("walk}"), 4,
                                                                   "wlak");
  r = reachplan("validate '" + (dir / "bad.yaml").string() + "'", dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad.yaml:4:") && Contains("did you mean 'walk'?"));
}

TEST_CASE("matrix over a YAML network", "[cli][scale]") {
  const fs::path dir = scratch("yaml");
  std::ofstream(dir / "places.csv") << "id,node\nw,west\ne,east\nf,far\n";
  const auto r =
      reachplan("matrix --network network.yaml --origins '" + (dir / "places.csv").string() +
                    "' -o '" + (dir / "m.csv").string() + "'",
                dir / "cache");
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto m = cells(slurp(dir / "m.csv"));
  CHECK(m[{"e", "f"}] == "60.00");  // 60 km of rail at 60 km/h, access 0
  CHECK(m[{"w", "f"}].empty());     // west has no line without the road network
}

TEST_CASE("a scenario with a road network drives to the station", "[cli][scale]") {
  const fs::path dir = scratch("scenario");
  auto r = reachplan("run roads-scenario.yaml -o '" + (dir / "out").string() + "'", dir / "cache");
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("PASS  west-far"));
  auto m = cells(slurp(dir / "out" / "matrix.csv"));
  // Connector 1 s + 16 + 16 + 16 + 13 s of road (whole seconds per edge), then 60 min of rail.
  CHECK(m[{"west", "east"}] == "1.03");
  CHECK(m[{"west", "far"}] == "61.03");
  CHECK(m[{"far", "west"}] == "61.38");
  r = reachplan("route roads-scenario.yaml west far", dir / "cache");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("road"));
  r = reachplan("run bad-roads-scenario.yaml -o '" + (dir / "bad").string() + "'", dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad-roads-scenario.yaml:3:") && Contains("garbage.osm.pbf"));
  CHECK_FALSE(fs::exists(dir / "bad"));
}

TEST_CASE("import layer: links to YAML and GeoPackage, and every unusable feature listed",
          "[cli][scale]") {
  const fs::path dir = scratch("layer");
  const std::string layers = std::string(REACHPLAN_TEST_DATA) + "/layers/";
  auto r = reachplan("import layer '" + layers +
                         "links.geojson' --map id=link,from=start,to=end,speed=kmh," +
                         "minutes=minutes,oneway=oneway -o '" + (dir / "links.yaml").string() + "'",
                     dir / "cache");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("3 links between 3 nodes"));
  r = reachplan("validate '" + (dir / "links.yaml").string() + "'", dir / "cache");
  CHECK(r.code == 0);
  r = reachplan("import layer '" + layers +
                    "links.geojson' --map from=start,to=end,speed=kmh,minutes=minutes -o '" +
                    (dir / "links.gpkg").string() + "'",
                dir / "cache");
  CHECK(r.code == 0);
  CHECK(fs::exists(dir / "links.gpkg"));
  r = reachplan("import layer '" + layers +
                    "bad-links.geojson' --map from=start,to=end,speed=kmh -o '" +
                    (dir / "bad.yaml").string() + "'",
                dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("feature 7") && Contains("feature 8") && Contains("feature 10"));
  CHECK_FALSE(fs::exists(dir / "bad.yaml"));
  r = reachplan("import layer '" + layers + "links.geojson' --map form=start -o '" +
                    (dir / "x.yaml").string() + "'",
                dir / "cache");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("did you mean 'from'"));
}
