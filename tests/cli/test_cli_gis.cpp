// End-to-end GIS: `reachplan surface` and the GIS outputs of `run` on tests/data/gis, as a user
// sees them: exit codes, messages, the files written (GeoJSON parsed as JSON here; the unit
// tests read every format back through GDAL/OGR).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::slurp;

fs::path scratch(const std::string& name) {
  return cli_test::scratch_dir("cli-gis", name);
}

// Runs `reachplan <args>` in tests/data/gis.
Result reachplan(const std::string& args) {
  return cli_test::run_reachplan("cli-gis", "gis", args);
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& f : fs::directory_iterator(dir)) names.insert(f.path().filename().string());
  return names;
}

using Catch::Matchers::Contains;

}  // namespace

TEST_CASE("surface is a command with help", "[cli][gis]") {
  auto r = reachplan("--help");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("surface"));
  r = reachplan("surface --help");
  CHECK(r.code == 0);
  for (const char* flag : {"--from", "--to", "--res", "--extent", "--crs", "--minutes", "--kind",
                           "--population", "--speed", "--cog", "--output"})
    CHECK_THAT(r.out, Contains(flag));
  r = reachplan("run --help");
  for (const char* flag : {"--layers", "--format", "--res", "--isochrones-from", "--omx"})
    CHECK_THAT(r.out, Contains(flag));
}

TEST_CASE("surface --from writes a GeoTIFF and a PNG quicklook", "[cli][gis]") {
  const fs::path out = scratch("from");
  const auto r = reachplan("surface gis.yaml --from hub --res 2000 -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Travel time from hub (minutes)"));
  CHECK_THAT(r.out, Contains("cells of 2000 m"));
  CHECK_THAT(r.out, Contains("Albers"));
  CHECK_THAT(r.out, Contains("Wrote 3 files"));
  CHECK(files_in(out) ==
        std::set<std::string>{"time_from_hub.tif", "time_from_hub.png", "time_from_hub.qml"});
  CHECK(fs::file_size(out / "time_from_hub.tif") > 1000);
  CHECK(r.err.empty());  // a small grid: no progress lines
}

TEST_CASE("surface --from and --to take place names, written under the ids", "[cli][gis]") {
  const fs::path out = scratch("from-name");
  auto r = reachplan("surface gis.yaml --from 'Hub City' --res 2000 -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Travel time from hub (minutes)"));
  CHECK(files_in(out) ==
        std::set<std::string>{"time_from_hub.tif", "time_from_hub.png", "time_from_hub.qml"});
  r = reachplan("surface gis.yaml --to 'east town',capitals --no-quicklook --res 2000 -o '" +
                out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Travel time to the nearest of east, capitals (minutes)"));
  CHECK(files_in(out).count("time_to_east+capitals.tif"));
  r = reachplan("surface --help");
  CHECK_THAT(r.out, Contains("id, name or name_zh"));
}

TEST_CASE("run --isochrones-from takes a place name and labels it by id", "[cli][gis]") {
  const fs::path out = scratch("iso-name");
  const auto r = reachplan(
      "run list.yaml --layers isochrones --isochrones-from 'Far Away' --minutes 45 --res 5000 "
      "-o '" +
      out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto json = nlohmann::json::parse(slurp(out / "isochrones.geojson"));
  REQUIRE(json["features"].size() == 1);
  CHECK(json["features"][0]["properties"]["origin"] == "far");
  CHECK(json["features"][0]["properties"]["places"] == "far");
}

TEST_CASE("surface --to a group with isochrones", "[cli][gis]") {
  const fs::path out = scratch("to");
  const auto r = reachplan(
      "surface gis.yaml --to capitals --minutes 60,30 --id near --res 2000 "
      "--no-quicklook -o '" +
      out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Travel time to the nearest of capitals"));
  CHECK(files_in(out) == std::set<std::string>{"near.tif", "near.qml", "near_isochrones.geojson",
                                               "near_isochrones.qml"});
  const auto json = nlohmann::json::parse(slurp(out / "near_isochrones.geojson"));
  CHECK(json["type"] == "FeatureCollection");
  REQUIRE(json["features"].size() == 2);
  CHECK(json["features"][0]["properties"]["minutes"] == 30.0);
  CHECK(json["features"][1]["properties"]["minutes"] == 60.0);
  CHECK(json["features"][0]["properties"]["places"] == "hub,east");
  CHECK(json["features"][1]["properties"]["area_km2"].get<double>() >
        json["features"][0]["properties"]["area_km2"].get<double>());
}

TEST_CASE("surface --kind accessibility, from node populations or a raster", "[cli][gis]") {
  const fs::path out = scratch("access");
  auto r = reachplan("surface gis.yaml --kind accessibility --within 90 --res 4000 -o '" +
                     out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Population reachable within 90 min"));
  CHECK(files_in(out).count("access_90min.tif"));
  // A lon/lat ASCII grid with a .prj: reprojected onto the Albers grid.
  r = reachplan(
      "surface gis.yaml --kind accessibility --decay exponential --beta 0.03 "
      "--population population.asc --res 4000 -o '" +
      out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(files_in(out).count("access_exponential.tif"));
}

TEST_CASE("surface: bad requests are clear errors with exit code 2", "[cli][gis]") {
  const fs::path out = scratch("bad");
  const std::string o = " -o '" + out.string() + "'";
  auto r = reachplan("surface gis.yaml --from wuhna" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown place or group 'wuhna'"));
  r = reachplan("surface gis.yaml --from hbu" + o);
  CHECK_THAT(r.err, Contains("did you mean 'hub'"));
  r = reachplan("surface gis.yaml --from hub --res 0" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--res: must be > 0 metres (got 0)"));  // refused while parsing
  r = reachplan("surface gis.yaml --from hub --extent -30,10,-29,11" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("holds none of the 5 nodes"));
  r = reachplan("surface gis.yaml --from hub --extent 114,30,113,31" + o);
  CHECK(r.code == 2);
  r = reachplan("surface gis.yaml --from hub --crs EPSG:4326" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("not projected"));
  r = reachplan("surface gis.yaml --from hub --crs nonsense" + o);
  CHECK(r.code == 2);
  r = reachplan("surface gis.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--from"));
  r = reachplan("surface gis.yaml --from hub --to east" + o);
  CHECK(r.code == 2);
  r = reachplan("surface gis.yaml --kind accessibility --from hub" + o);
  CHECK(r.code == 2);
  r = reachplan("surface gis.yaml --kind accessibility --decay power" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--beta"));
  r = reachplan("surface gis.yaml --from hub --profile nope" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown profile 'nope'"));
  r = reachplan("surface gis.yaml --from hub --speed 0" + o);
  CHECK(r.code == 2);
  r = reachplan("surface gis.yaml --kind accessibility --population missing.tif" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("cannot open the population raster"));
  r = reachplan("surface gis.yaml --from hub --kind isochrone" + o);
  CHECK(r.code == 2);
  CHECK(files_in(out).empty());  // nothing written by any of them
}

TEST_CASE("surface: progress on stderr for large grids, quiet with -q", "[cli][gis]") {
  const fs::path out = scratch("progress");
  auto r =
      reachplan("surface gis.yaml --from hub --res 400 --no-quicklook -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Contains("travel time time_from_hub: 0...10...20"));
  CHECK_THAT(r.err, Contains("100 - done."));
  r = reachplan("surface gis.yaml --from hub --res 2000 --progress -o '" + out.string() + "'");
  CHECK_THAT(r.err, Contains("0...10...20"));
  r = reachplan("surface gis.yaml --from hub --res 400 -q -o '" + out.string() + "'");
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
}

TEST_CASE("surface: an output folder that cannot be written is exit code 3", "[cli][gis]") {
  const fs::path out = scratch("blocked");
  std::ofstream(out / "file") << "x";
  const auto r =
      reachplan("surface gis.yaml --from hub --res 4000 -o '" + (out / "file").string() + "'");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("cannot create folder"));
}

TEST_CASE("run writes the GIS outputs of the scenario's outputs map", "[cli][gis]") {
  const fs::path out = scratch("run");
  const auto r = reachplan("run gis.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Wrote 26 files"));
  // Each CSV with its .csvt, each GeoJSON and GeoTIFF with its .qml, and the QGIS project.
  CHECK(files_in(out) ==
        std::set<std::string>{
            "matrix.csv",         "matrix.csvt",      "summary.json",    "nodes.geojson",
            "links.geojson",      "services.geojson", "services.qml",    "od.geojson",
            "isochrones.geojson", "nodes.qml",        "links.qml",       "od.qml",
            "isochrones.qml",     "layers.gpkg",      "from_hub.tif",    "from_hub.png",
            "from_hub.qml",       "to_capitals.tif",  "to_capitals.png", "to_capitals.qml",
            "pop_90.tif",         "pop_90.png",       "pop_90.qml",      "matrices.omx",
            "project.qgs",        "map.png"});
  const auto nodes = nlohmann::json::parse(slurp(out / "nodes.geojson"));
  REQUIRE(nodes["features"].size() == 5);
  const auto& hub = nodes["features"][0];
  CHECK(hub["geometry"]["type"] == "Point");
  CHECK(hub["geometry"]["coordinates"][0] == 114.0);
  CHECK(hub["properties"]["id"] == "hub");
  CHECK(hub["properties"]["min_to_east"] == 50.0);
  CHECK(hub["properties"]["meets_circle_60"] == true);
  CHECK(nodes["features"][4]["properties"]["min_to_hub"].is_null());  // lonely
  const auto od = nlohmann::json::parse(slurp(out / "od.geojson"));
  CHECK(od["features"].size() == 2);
  CHECK(od["features"][0]["properties"]["verdict"] == "PASS");
}

TEST_CASE("run: the plain outputs list names GIS files too", "[cli][gis]") {
  const fs::path out = scratch("list");
  const auto r = reachplan("run list.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(files_in(out) == std::set<std::string>{"matrix.csv", "matrix.csvt", "nodes.geojson",
                                               "nodes.qml", "od.geojson", "od.qml", "matrices.omx",
                                               "travel_time.tif", "travel_time.png",
                                               "travel_time.qml", "project.qgs", "map.png"});
}

TEST_CASE("run: GIS flags override the scenario's outputs", "[cli][gis]") {
  const fs::path out = scratch("flags");
  const auto r = reachplan(
      "run list.yaml --layers links --format gpkg --isochrones-from hub "
      "--minutes 45 --res 5000 -o '" +
      out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(files_in(out) == std::set<std::string>{"matrix.csv", "matrix.csvt", "layers.gpkg",
                                               "matrices.omx", "travel_time.tif", "travel_time.png",
                                               "travel_time.qml", "project.qgs", "map.png"});
}

TEST_CASE("run: bad outputs sections name the file, line and value", "[cli][gis]") {
  const fs::path out = scratch("run-bad");
  const std::string o = " -o '" + out.string() + "'";
  auto r = reachplan("run bad-layer.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad-layer.yaml:4:"));
  CHECK_THAT(r.err, Contains("unknown layer 'lnks' (did you mean 'links'?)"));
  r = reachplan("run bad-crs.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad-crs.yaml:4:"));
  CHECK_THAT(r.err, Contains("projected CRS"));
  r = reachplan("run bad-place.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown node or group 'wuhna'"));
  r = reachplan("run bad-resolution.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("resolution_m: must be in [1, 1000000] m (value '0')"));
  r = reachplan("run bad-population.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("cannot find the population raster"));
  r = reachplan("run no-nodes-extent.yaml" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("holds none of the 5 nodes"));
  r = reachplan("run gis.yaml --layers nodes,lnks" + o);
  CHECK(r.code == 2);
  CHECK(files_in(out).empty());  // bad input writes nothing
}
