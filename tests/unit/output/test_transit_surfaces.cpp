// Surfaces over timetables (tests/data/transit/plan-surfaces.yaml): a cell's time is the best
// node's minutes over the timetable plus the walk to the cell (5 km/h x 1.3, at most 5 km).
// The node minutes are the hand-worked p50 matrix of tests/cli/test_cli_transit_scenario.cpp;
// every cell of the written GeoTIFFs is checked against them, read back through GDAL.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <unistd.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "unit/support/gis_fixtures.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double walk_min_per_m = 1.3 * 60 / 5000.0;  // off_network walk: 5 km/h, detour 1.3
constexpr double walk_max_m = 5000.0;

// The p50 minutes between places a, b, c, d (rows from, columns to), worked by hand.
const double p50[4][4] = {{0, 9, 16, 54}, {9, 0, 11, 49}, {16, 11, 0, 39}, {61, 56, 39, 0}};

struct Written {
  model::Scenario s;
  analysis::Grid grid;
  analysis::GisResult gis;
  fs::path dir;
};

const Written& written() {
  static const Written w = [] {
    Written x;
    std::vector<io::Warning> warnings;
    x.s = io::load_scenario(std::string(REACHPLAN_TEST_DATA) + "/transit/plan-surfaces.yaml",
                            warnings);
    const auto result = analysis::run_scenario(x.s, 2);
    x.grid = analysis::make_grid(x.s, x.s.gis);
    x.gis = analysis::compute_gis(x.s, result, &x.grid, 2);
    x.dir = fs::temp_directory_path() / ("reachplan-transit-surfaces-" + std::to_string(getpid()));
    fs::remove_all(x.dir);
    fs::create_directories(x.dir);
    output::write_gis_outputs(x.dir.string(), x.s, x.gis);
    return x;
  }();
  return w;
}

using test::Dataset;

std::vector<float> band(const fs::path& tif, const analysis::Grid& g) {
  auto ds = test::open_read(tif, GDAL_OF_RASTER);
  REQUIRE(ds->GetRasterXSize() == g.width);
  REQUIRE(ds->GetRasterYSize() == g.height);
  std::vector<float> v(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height));
  REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, g.width, g.height, v.data(), g.width,
                                         g.height, GDT_Float32, 0, 0, nullptr) == CE_None);
  return v;
}

// Metres from node n to the centre of cell (col, row).
double walk_m(const analysis::Grid& g, std::size_t n, int col, int row) {
  return std::hypot(g.cell_x(col) - g.node_x[n], g.cell_y(row) - g.node_y[n]);
}

// min over nodes of (minutes[n] + the walk to the cell), NaN when no node is within reach.
double best_via(const analysis::Grid& g, const double* minutes, int col, int row) {
  double best = nan;
  for (std::size_t n = 0; n < 4; ++n) {
    const double m = walk_m(g, n, col, row);
    if (std::isnan(minutes[n]) || m > walk_max_m) continue;
    const double t = minutes[n] + walk_min_per_m * m;
    if (std::isnan(best) || t < best) best = t;
  }
  return best;
}

}  // namespace

TEST_CASE("travel-time surfaces over timetables: every cell, from a and to d", "[gis][transit]") {
  const Written& w = written();
  const analysis::Grid& g = w.grid;
  REQUIRE(w.s.network.nodes.size() == 4);
  const double from_a[4] = {p50[0][0], p50[0][1], p50[0][2], p50[0][3]};
  const double to_d[4] = {p50[0][3], p50[1][3], p50[2][3], p50[3][3]};
  for (const auto& [file, minutes] : {std::pair{"from-a.tif", from_a}, {"to-d.tif", to_d}}) {
    INFO(file);
    const std::vector<float> v = band(w.dir / file, g);
    std::size_t valued = 0;
    for (int row = 0; row < g.height; ++row)
      for (int col = 0; col < g.width; ++col) {
        const double want = best_via(g, minutes, col, row);
        const float got = v[static_cast<std::size_t>(row) * g.width + col];
        INFO(col << "," << row << " want " << want << " got " << got);
        if (std::isnan(want)) {
          CHECK(std::isnan(got));
          continue;
        }
        CHECK(got == Approx(want).margin(1e-3));
        ++valued;
      }
    CHECK(valued > 100);
  }
  // The surface says which timetable it rode.
  auto ds = test::open_read(w.dir / "from-a.tif", GDAL_OF_RASTER);
  const char* tt = ds->GetMetadataItem("timetable");
  REQUIRE(tt);
  CHECK(std::string(tt) == "p50 of the departures 07:00-07:30 every 1 min on 2024-03-04");
}

TEST_CASE("accessibility over timetables: people within 60 minutes in every cell",
          "[gis][transit]") {
  const Written& w = written();
  const analysis::Grid& g = w.grid;
  const std::vector<float> v = band(w.dir / "within-60.tif", g);
  std::size_t checked = 0;
  for (int row = 0; row < g.height; ++row)
    for (int col = 0; col < g.width; ++col) {
      const float got = v[static_cast<std::size_t>(row) * g.width + col];
      bool covered = false;
      double want = 0;
      bool near_tie = false;
      for (std::size_t dest = 0; dest < 4; ++dest) {
        const double to[4] = {p50[0][dest], p50[1][dest], p50[2][dest], p50[3][dest]};
        const double t = best_via(g, to, col, row);
        covered |= !std::isnan(t);
        near_tie |= std::abs(t - 60) < 1e-3;
        if (t <= 60) want += 1000;  // each place's population
      }
      INFO(col << "," << row << " want " << want << " got " << got);
      if (!covered) {
        CHECK(std::isnan(got));
        continue;
      }
      if (near_tie) continue;
      CHECK(got == Approx(want));
      ++checked;
    }
  CHECK(checked > 100);
  // At d itself: d, b (56) and c (39) are within the hour, a (61) is not.
  const auto at_d = g.cell_of(g.node_x[3], g.node_y[3]);
  REQUIRE(at_d);
  CHECK(v[static_cast<std::size_t>(at_d->second) * g.width + at_d->first] == 3000.0f);
}

TEST_CASE("isochrones over timetables hold the places within their minutes", "[gis][transit]") {
  const Written& w = written();
  auto ds = test::open_read(w.dir / "isochrones.geojson", GDAL_OF_VECTOR);
  OGRLayer* layer = ds->GetLayer(0);
  REQUIRE(layer->GetFeatureCount() == 2);  // from a: 20 and 60 minutes
  layer->ResetReading();
  while (OGRFeature* raw = layer->GetNextFeature()) {
    std::unique_ptr<OGRFeature> f(raw);
    const double limit = f->GetFieldAsDouble("minutes");
    const OGRGeometry* geometry = f->GetGeometryRef();
    REQUIRE(geometry);
    for (std::size_t n = 0; n < 4; ++n) {
      const auto& node = w.s.network.nodes[n];
      OGRPoint point(node.lon, node.lat);
      INFO(limit << " " << node.id);
      // a 0, b 9, c 16 are within 20 minutes; d (54) only within 60.
      CHECK(geometry->Contains(&point) == (p50[0][n] <= limit));
    }
  }
}
