// io's side of the analysis grid: CRS choice, nodes and extent projected (checked against an
// independent OGR transformation), request checks, and population rasters added up onto
// given cells.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>

#include "reachplan/core/error.hpp"
#include "reachplan/io/grid_frame.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/io/population_raster.hpp"
#include "unit/support/gis_fixtures.hpp"

using namespace reachplan;
using test::gis_scenario;
using test::srs_of;
using test::sum;
using test::write_population;

namespace {

OGRSpatialReference epsg(int code) {
  OGRSpatialReference srs;
  REQUIRE(srs.importFromEPSG(code) == OGRERR_NONE);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::string wkt_of_epsg(int code) {
  char* text = nullptr;
  REQUIRE(epsg(code).exportToWkt(&text) == OGRERR_NONE);
  std::string s = text;
  CPLFree(text);
  return s;
}

}  // namespace

TEST_CASE("an equal-area CRS near the equator does not degenerate", "[gis]") {
  OGRSpatialReference albers = srs_of(io::equal_area_crs_for(110, 25, 120, 33));
  CHECK(std::string(albers.GetAttrValue("PROJECTION")) == "Albers_Conic_Equal_Area");
  CHECK(albers.GetProjParm(SRS_PP_STANDARD_PARALLEL_1) == Approx(25 + 8.0 / 6));
  CHECK(albers.GetProjParm(SRS_PP_STANDARD_PARALLEL_2) == Approx(33 - 8.0 / 6));
  OGRSpatialReference laea = srs_of(io::equal_area_crs_for(-1, -1, 1, 1));
  CHECK(std::string(laea.GetAttrValue("PROJECTION")) == "Lambert_Azimuthal_Equal_Area");
}

TEST_CASE("the default frame: Albers fitted to the nodes, their box plus the margin", "[gis]") {
  const auto s = gis_scenario();
  const io::GridFrame f = io::grid_frame(s, s.gis.grid);
  const auto srs = srs_of(f.crs_wkt);
  CHECK(std::string(srs.GetAttrValue("PROJECTION")) == "Albers_Conic_Equal_Area");
  CHECK(f.crs_name.find("Albers") != std::string::npos);
  CHECK(f.metres_per_unit == 1.0);
  // The nodes' lon/lat box (lonely 113.40 29.40 .. far 115.20 31.10).
  CHECK(f.lonlat.x_min == 113.40);
  CHECK(f.lonlat.y_min == 29.40);
  CHECK(f.lonlat.x_max == 115.20);
  CHECK(f.lonlat.y_max == 31.10);
  // Nodes projected as OGR projects them; the box is theirs grown by margin_km = 30.
  const auto wgs = epsg(4326);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &srs));
  REQUIRE(f.node_x.size() == 5);
  for (std::size_t i = 0; i < s.network.nodes.size(); ++i) {
    double x = s.network.nodes[i].lon, y = s.network.nodes[i].lat;
    REQUIRE(ct->Transform(1, &x, &y));
    CHECK(f.node_x[i] == Approx(x).margin(1e-6));
    CHECK(f.node_y[i] == Approx(y).margin(1e-6));
  }
  CHECK(f.box.x_min == *std::min_element(f.node_x.begin(), f.node_x.end()) - 30000);
  CHECK(f.box.x_max == *std::max_element(f.node_x.begin(), f.node_x.end()) + 30000);
  CHECK(f.box.y_min == *std::min_element(f.node_y.begin(), f.node_y.end()) - 30000);
  CHECK(f.box.y_max == *std::max_element(f.node_y.begin(), f.node_y.end()) + 30000);
}

TEST_CASE("an explicit extent in a UTM CRS: its densified edges are covered", "[gis]") {
  const auto s = gis_scenario();
  auto gs = s.gis.grid;
  gs.crs = "EPSG:32650";
  gs.extent = std::vector<double>{113.8, 29.8, 114.8, 30.7};
  const io::GridFrame f = io::grid_frame(s, gs);
  CHECK(std::string(srs_of(f.crs_wkt).GetAttrValue("PROJECTION")) == "Transverse_Mercator");
  CHECK(f.lonlat.x_min == 113.8);
  CHECK(f.lonlat.y_max == 30.7);
  const auto wgs = epsg(4326), utm = epsg(32650);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &utm));
  // Corners and edge midpoints inside the box; the south-west corner is its west edge there.
  for (auto [lon, lat] : {std::pair{113.8, 29.8}, std::pair{114.8, 30.7}, std::pair{113.8, 30.7},
                          std::pair{114.3, 29.8}, std::pair{114.3, 30.7}}) {
    double x = lon, y = lat;
    REQUIRE(ct->Transform(1, &x, &y));
    CHECK(x >= f.box.x_min - 1e-6);
    CHECK(x <= f.box.x_max + 1e-6);
    CHECK(y >= f.box.y_min - 1e-6);
    CHECK(y <= f.box.y_max + 1e-6);
  }
  double x = 113.8, y = 29.8;
  REQUIRE(ct->Transform(1, &x, &y));
  CHECK(f.box.x_min == Approx(x).margin(1e-6));
}

TEST_CASE("grid requests io refuses, before any projection", "[gis]") {
  auto s = gis_scenario();
  auto gs = s.gis.grid;
  gs.resolution_m = 0;
  CHECK_THROWS_WITH(io::grid_frame(s, gs), "the grid resolution must be > 0 metres (got 0.000)");
  gs.resolution_m = 1;  // too many cells is analysis's to judge, once laid
  CHECK_NOTHROW(io::grid_frame(s, gs));
  gs.crs = "EPSG:4326";
  CHECK_THROWS_AS(io::grid_frame(s, gs), core::UsageError);
  CHECK_THROWS_WITH(io::grid_frame(s, gs), Catch::Contains("'EPSG:4326' is not projected"));
  gs.crs = "EPSG:999999";
  CHECK_THROWS_WITH(io::grid_frame(s, gs), Catch::StartsWith("GDAL cannot read the CRS"));
  gs.crs = "";
  gs.extent = std::vector<double>{114, 31, 113, 30};
  CHECK_THROWS_WITH(io::grid_frame(s, gs), Catch::StartsWith("the extent must be lon_min"));
  gs.extent.reset();
  s.network.nodes.clear();
  CHECK_THROWS_WITH(io::grid_frame(s, gs), "the scenario has no nodes to build a grid around");
}

TEST_CASE("a population raster onto cells in its own CRS: each pixel to its cell", "[gis]") {
  const auto dir = test::scratch("grid-frame", "same-crs");
  // 400 x 300 pixels of 250 m in UTM 50N, under 50 x 38 cells of 2 km from the same corner.
  const double total =
      write_population(dir / "pop.tif", "EPSG:32650", 190000, 3370000, 250, 400, 300);
  model::GridCells cells{.x0 = 190000, .y0 = 3370000, .cell = 2000, .width = 50, .height = 38};
  const std::string utm = wkt_of_epsg(32650);
  const auto pop = io::read_population((dir / "pop.tif").string(), utm, cells);
  REQUIRE(pop.size() == 50u * 38u);
  CHECK(sum(pop) == total);
  // The first cell: pixels 0..7 x 0..7 (the very first is nodata), pixel i holding 10 + i % 7.
  double first = 0;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c)
      if (r || c) first += 10 + (r * 400 + c) % 7;
  CHECK(pop[0] == first);
  // The last row of cells holds only the raster's last 4 rows (296..299) of pixels.
  double last = 0;
  for (int r = 296; r < 300; ++r)
    for (int c = 0; c < 8; ++c) last += 10 + (r * 400 + c) % 7;
  CHECK(pop[static_cast<std::size_t>(37) * 50] == last);

  cells.x0 = 900000;  // far east of the raster
  CHECK_THROWS_AS(io::read_population((dir / "pop.tif").string(), utm, cells), core::InputError);
  CHECK_THROWS_WITH(io::read_population((dir / "pop.tif").string(), utm, cells),
                    Catch::Contains("does not cover the grid"));
  CHECK_THROWS_WITH(io::read_population((dir / "missing.tif").string(), utm, cells),
                    Catch::StartsWith("cannot open the population raster"));
}
