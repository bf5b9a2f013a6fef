// `reachplan import gtfs` on the hand-drawn feed (tests/data/gtfs/tiny): the report a user reads
// and the GeoPackage (stops, route shapes) read back through OGR.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "cli_harness.hpp"

using cli_test::run_reachplan;

TEST_CASE("import gtfs reports a feed and writes its stops and route shapes", "[cli][gtfs]") {
  const auto dir = cli_test::scratch_dir("gtfs", "import");
  const std::string gpkg = (dir / "stops.gpkg").string();
  const auto r = run_reachplan("gtfs", "gtfs/tiny", "import gtfs . --date 2024-05-02 -o " + gpkg);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("agencies: 1 (Tiny Transit)"));
  CHECK_THAT(r.out, Catch::Contains("routes: 2 (1 bus, 1 tram)"));
  CHECK_THAT(r.out, Catch::Contains("trips: 4 (1 frequency templates)"));
  CHECK_THAT(r.out, Catch::Contains("shapes: 2 (2 trips follow one)"));
  CHECK_THAT(r.out, Catch::Contains("transfers: 0"));
  CHECK_THAT(r.out, Catch::Contains("services: 2, days 2024-01-01 to 2024-12-31"));
  CHECK_THAT(r.out, Catch::Contains("note: 1 calls without times"));
  // t1 08:00, t2 23:50 to 24:10, f1 at 06:00, 06:20, 06:40: 5 trips from 06:00 to 24:10.
  CHECK_THAT(r.out, Catch::Contains("on 2024-05-02: 5 trips, 06:00 to 24:10"));

  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(
      GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  REQUIRE(ds);
  OGRLayer* stops = ds->GetLayerByName("stops");
  REQUIRE(stops);
  std::map<std::string, int> trips;
  for (auto& f : *stops)
    trips[f->GetFieldAsString("stop_id")] = f->GetFieldAsInteger("trips_on_day");
  // A and C: every one of the 5 trips; B: t1 and t2 only (f1 runs A-C).
  CHECK(trips == std::map<std::string, int>{{"A", 5}, {"B", 2}, {"C", 5}});

  // R1's t1 and t2 follow S1 (6 points, the wiggle of SOURCES.md); R2's day trips, f1's three
  // departures, have no shape: a line from A to C.
  OGRLayer* shapes = ds->GetLayerByName("route_shapes");
  REQUIRE(shapes);
  CHECK(shapes->GetSpatialRef()->GetAuthorityCode(nullptr) == std::string("4326"));
  std::vector<std::string> rows;
  for (auto& f : *shapes) {
    const OGRGeometry* g = f->GetGeometryRef();
    REQUIRE(g);
    REQUIRE(wkbFlatten(g->getGeometryType()) == wkbLineString);
    const auto* line = g->toLineString();
    rows.push_back(std::string(f->GetFieldAsString("route_id")) + " '" +
                   f->GetFieldAsString("route_short_name") + "' type " +
                   std::to_string(f->GetFieldAsInteger("route_type")) + " shape '" +
                   f->GetFieldAsString("shape_id") + "' trips " +
                   std::to_string(f->GetFieldAsInteger("trips")) + " from_stops " +
                   std::to_string(f->GetFieldAsInteger("from_stops")) + " points " +
                   std::to_string(line->getNumPoints()) + " second " +
                   std::to_string(line->getX(1)) + "," + std::to_string(line->getY(1)));
  }
  GDALClose(ds);
  CHECK(rows ==
        std::vector<std::string>{
            "R1 '1' type 0 shape 'S1' trips 2 from_stops 0 points 6 second 0.005000,0.002000",
            "R2 '2' type 3 shape '' trips 3 from_stops 1 points 2 second 0.030000,0.000000"});
}

TEST_CASE("import gtfs refuses a bad date and a broken feed with exit 2", "[cli][gtfs]") {
  auto r = run_reachplan("gtfs", "gtfs/tiny", "import gtfs . --date 2024-02-30");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("not a day YYYY-MM-DD"));
  r = run_reachplan("gtfs", "gtfs", "import gtfs no-such-feed.zip");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("no-such-feed.zip"));
  // A file that is no zip: our words, not GDAL's.
  const auto dir = cli_test::scratch_dir("gtfs", "not-zip");
  const std::string text = (dir / "feed.zip").string();
  std::ofstream(text) << "not a zip\n";
  r = run_reachplan("gtfs", "gtfs", "import gtfs " + text);
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + text + ": not a GTFS feed (neither a folder nor a zip archive)\n");
}
