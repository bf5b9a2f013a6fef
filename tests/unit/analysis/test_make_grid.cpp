// analysis::make_grid end to end: CRS choice, extent snapping, node projection (checked
// against an independent OGR transformation) and population rasters in another CRS.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <memory>

#include "reachplan/analysis/grid.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/load.hpp"
#include "unit/support/gis_fixtures.hpp"

using namespace reachplan;
using test::gis_scenario;
using test::srs_of;
using test::sum;
using test::write_population;

TEST_CASE("default grid: an Albers equal-area CRS fitted to the nodes, snapped cells", "[gis]") {
  const auto s = gis_scenario();
  const auto g = analysis::make_grid(s, s.gis);
  const auto srs = srs_of(g.crs_wkt);
  CHECK(srs.IsProjected());
  CHECK(std::string(srs.GetAttrValue("PROJECTION")) == "Albers_Conic_Equal_Area");
  CHECK(srs.GetLinearUnits() == 1.0);
  CHECK(g.metres_per_unit == 1.0);
  CHECK(g.crs_name.find("Albers") != std::string::npos);
  CHECK(g.cell == 2000);
  CHECK(std::fmod(g.x0, 2000) == 0);
  CHECK(std::fmod(g.y0, 2000) == 0);
  // Nodes projected as OGR projects them, all inside with at least the 30 km margin.
  OGRSpatialReference wgs;
  wgs.importFromEPSG(4326);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &srs));
  for (std::size_t i = 0; i < s.network.nodes.size(); ++i) {
    double x = s.network.nodes[i].lon, y = s.network.nodes[i].lat;
    REQUIRE(ct->Transform(1, &x, &y));
    CHECK(g.node_x[i] == Approx(x).margin(1e-6));
    CHECK(g.node_y[i] == Approx(y).margin(1e-6));
    CHECK(x - g.x0 >= 30000);
    CHECK(g.x0 + g.width * g.cell - x >= 30000);
    CHECK(g.y0 - y >= 30000);
    CHECK(y - (g.y0 - g.height * g.cell) >= 30000);
    CHECK(g.cell_of(x, y).has_value());
  }
  CHECK(g.population.empty());
}

TEST_CASE("an explicit extent and a UTM CRS", "[gis]") {
  auto s = gis_scenario();
  auto spec = s.gis;
  spec.grid.crs = "EPSG:32650";  // UTM 50N covers 114-120E
  spec.grid.extent = std::vector<double>{113.8, 29.8, 114.8, 30.7};
  spec.grid.resolution_m = 500;
  const auto g = analysis::make_grid(s, spec);
  const auto srs = srs_of(g.crs_wkt);
  CHECK(srs.IsProjected());
  CHECK(std::string(srs.GetAttrValue("PROJECTION")) == "Transverse_Mercator");
  CHECK(g.cell == 500);
  // The lon/lat box's corners are inside the grid and the grid is no bigger than needed.
  OGRSpatialReference wgs;
  wgs.importFromEPSG(4326);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &srs));
  for (auto [lon, lat] : {std::pair{113.8, 29.8}, std::pair{114.8, 30.7}, std::pair{113.8, 30.7}}) {
    double x = lon, y = lat;
    REQUIRE(ct->Transform(1, &x, &y));
    CHECK(g.cell_of(x, y).has_value());
  }
  CHECK(g.width < 1.1 * 100000 / 500);
  CHECK_FALSE(g.cell_of(g.node_x[3], g.node_y[3]).has_value());  // far lies outside the box
}

TEST_CASE("bad grid requests are usage errors", "[gis]") {
  const auto s = gis_scenario();
  auto spec = s.gis;
  spec.grid.resolution_m = 0;
  CHECK_THROWS_AS(analysis::make_grid(s, spec), core::UsageError);
  spec.grid.resolution_m = 1;  // 400 km x 300 km at 1 m: far too many cells
  CHECK_THROWS_WITH(analysis::make_grid(s, spec), Catch::Contains("too large"));
  spec.grid.resolution_m = 1000;
  spec.grid.crs = "EPSG:4326";
  CHECK_THROWS_WITH(analysis::make_grid(s, spec), Catch::Contains("not projected"));
  spec.grid.crs = "EPSG:999999";
  CHECK_THROWS_WITH(analysis::make_grid(s, spec), Catch::Contains("cannot read the CRS"));
  spec.grid.crs = "";
  spec.grid.extent = std::vector<double>{-30, 10, -29, 11};
  CHECK_THROWS_WITH(analysis::make_grid(s, spec), Catch::Contains("holds none of the 5 nodes"));
  spec.grid.extent = std::vector<double>{114, 31, 113, 30};
  CHECK_THROWS_AS(analysis::make_grid(s, spec), core::UsageError);
}

TEST_CASE("population rasters in another CRS are reprojected with their totals kept", "[gis]") {
  auto s = gis_scenario();
  auto spec = s.gis;

  SECTION("lon/lat ASCII grid with a .prj (the bundled test raster)") {
    spec.population = std::string(REACHPLAN_TEST_DATA) + "/gis/population.asc";
    const auto g = analysis::make_grid(s, spec);
    REQUIRE(g.population.size() == g.cell_count());
    // 1196 cells of 100 and 4 of 5000, all inside the grid.
    CHECK(sum(g.population) == Approx(139600).epsilon(1e-9));
    // The dense cells sit around the hub: the hub's cell holds more than 1000 persons.
    const auto hub = g.cell_of(g.node_x[0], g.node_y[0]);
    REQUIRE(hub);
    double near = 0;
    for (int dr = -3; dr <= 3; ++dr)
      for (int dc = -3; dc <= 3; ++dc)
        near +=
            g.population[static_cast<std::size_t>(hub->second + dr) * g.width + hub->first + dc];
    CHECK(near > 15000);
  }

  SECTION("a UTM raster finer than the grid") {
    const auto dir = test::scratch("gis-grid", "utm");
    // 400 x 300 pixels of 250 m around (114.2E, 30.2N) in UTM 50N.
    const double total =
        write_population(dir / "pop.tif", "EPSG:32650", 190000, 3370000, 250, 400, 300);
    spec.population = (dir / "pop.tif").string();
    const auto g = analysis::make_grid(s, spec);
    CHECK(sum(g.population) == Approx(total).epsilon(1e-9));
  }

  SECTION("a raster partly outside the grid keeps only what falls inside") {
    const auto dir = test::scratch("gis-grid", "clip");
    spec.grid.extent = std::vector<double>{113.9, 29.9, 114.1, 30.1};
    // 1 x 1 degree in lon/lat around the hub: much larger than the grid.
    write_population(dir / "pop.tif", "EPSG:4326", 113.5, 30.5, 0.01, 100, 100);
    spec.population = (dir / "pop.tif").string();
    const auto g = analysis::make_grid(s, spec);
    // About 20 x 20 of the 100 x 100 pixels (values 10..16, mean ~13) fall in the grid.
    CHECK(sum(g.population) > 0.8 * 400 * 13);
    CHECK(sum(g.population) < 1.3 * 400 * 13);
  }

  SECTION("a raster without a CRS, a missing one, or one beside the grid: input errors") {
    const auto dir = test::scratch("gis-grid", "bad");
    write_population(dir / "nocrs.tif", "", 190000, 3370000, 250, 10, 10, false);
    spec.population = (dir / "nocrs.tif").string();
    CHECK_THROWS_WITH(analysis::make_grid(s, spec), Catch::Contains("has no CRS"));
    spec.population = (dir / "missing.tif").string();
    CHECK_THROWS_AS(analysis::make_grid(s, spec), core::InputError);
    write_population(dir / "away.tif", "EPSG:4326", 10, 50, 0.01, 10, 10);
    spec.population = (dir / "away.tif").string();
    CHECK_THROWS_AS(analysis::make_grid(s, spec), core::InputError);
  }
}
