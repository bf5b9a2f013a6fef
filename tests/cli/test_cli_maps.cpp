// The default run of the bundled region, as a planner opens it: the files the quick start
// writes, read back through GDAL/OGR (rasters, layers, styles) and checked for what a map
// needs: a believable surface, styled and self-describing layers, a picture that is not blank.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::Result;

const std::string region = std::string(REACHPLAN_SOURCE_DIR) + "/scenarios/middle-yangtze/";

struct GdalClose {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, GdalClose>;

Dataset open_ds(const fs::path& p, unsigned flags) {
  GDALAllRegister();
  return Dataset(static_cast<GDALDataset*>(
      GDALOpenEx(p.c_str(), flags | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

// The bundled default scenario run once into a scratch folder (the quick start's command).
const fs::path& default_run() {
  static const fs::path dir = [] {
    fs::path d = cli_test::scratch_dir("cli-maps", "all-planned");
    const Result r = cli_test::run_reachplan(
        "cli-maps", ".", "run '" + region + "all-planned.yaml' -q -o '" + d.string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    return d;
  }();
  return dir;
}

struct RasterStats {
  double nodata_share = 0, min = INFINITY, max = -INFINITY;
};

RasterStats stats(GDALDataset& ds) {
  GDALRasterBand* band = ds.GetRasterBand(1);
  int has = 0;
  const double nodata = band->GetNoDataValue(&has);
  REQUIRE(has);
  const int w = ds.GetRasterXSize(), h = ds.GetRasterYSize();
  std::vector<float> row(static_cast<std::size_t>(w));
  RasterStats s;
  std::size_t empty = 0;
  for (int y = 0; y < h; ++y) {
    REQUIRE(band->RasterIO(GF_Read, 0, y, w, 1, row.data(), w, 1, GDT_Float32, 0, 0) == CE_None);
    for (float v : row) {
      if (v == nodata) {
        ++empty;
        continue;
      }
      s.min = std::min(s.min, double(v));
      s.max = std::max(s.max, double(v));
    }
  }
  s.nodata_share = double(empty) / (double(w) * h);
  return s;
}

}  // namespace

TEST_CASE("the bundled surface is reached over ordinary roads with a limit, not at 10 km/h",
          "[cli][maps]") {
  auto ds = open_ds(default_run() / "time_to_capital.tif", GDAL_OF_RASTER);
  REQUIRE(ds);
  CHECK(std::string(ds->GetMetadataItem("off_network_mode")) == "road");
  CHECK(std::string(ds->GetMetadataItem("off_network_max_km")) == "60");
  const RasterStats s = stats(*ds);
  // Cells beyond 60 km of every node are nodata: some, not most (the agglomeration's cities
  // cover about half of the grid), and no cell is hours beyond a trip across the region.
  CHECK(s.nodata_share > 0.3);
  CHECK(s.nodata_share < 0.7);
  CHECK(s.min >= 0);
  CHECK(s.max < 8 * 60);

  // The old rule (straight, 10 km/h, no limit) fills every cell and reaches tens of hours:
  // the comparison shows the limit and speed are what changed the picture.
  const fs::path old = cli_test::scratch_dir("cli-maps", "straight");
  const Result r = cli_test::run_reachplan(
      "cli-maps", ".",
      "surface '" + region + "all-planned.yaml' --to capitals --profile door-to-door "
          "--extent 109.5,25.4,119.3,34.2 --access straight -q -o '" + old.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::vector<fs::path> tifs;
  for (const auto& f : fs::directory_iterator(old))
    if (f.path().extension() == ".tif") tifs.push_back(f.path());
  REQUIRE(tifs.size() == 1);
  auto straight = open_ds(tifs.front(), GDAL_OF_RASTER);
  REQUIRE(straight);
  const RasterStats t = stats(*straight);
  CHECK(t.nodata_share == 0);
  CHECK(t.max > 24 * 60);
}
