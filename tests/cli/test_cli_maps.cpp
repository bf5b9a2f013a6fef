// The default run of the bundled region, as a planner opens it: the files the quick start
// writes, read back through GDAL/OGR (rasters, layers, styles) and checked for what a map
// needs: a believable surface, styled and self-describing layers, a picture that is not blank.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
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
  const Result r =
      cli_test::run_reachplan("cli-maps", ".",
                              "surface '" + region +
                                  "all-planned.yaml' --to capitals --profile door-to-door "
                                  "--extent 109.5,25.4,119.3,34.2 --access straight -q -o '" +
                                  old.string() + "'");
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

namespace {

// Width, height and the number of distinct colours of a PNG, read through GDAL.
struct Picture {
  int width = 0, height = 0, bands = 0;
  std::size_t colours = 0;
};

Picture picture(const fs::path& p) {
  auto ds = open_ds(p, GDAL_OF_RASTER);
  REQUIRE(ds);
  Picture pic{ds->GetRasterXSize(), ds->GetRasterYSize(), ds->GetRasterCount(), 0};
  REQUIRE(pic.bands >= 3);
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(pic.width) * pic.height * 3);
  int bands[3] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, pic.width, pic.height, rgb.data(), pic.width, pic.height,
                       GDT_Byte, 3, bands, 3, 3 * pic.width, 1, nullptr) == CE_None);
  std::set<std::uint32_t> seen;
  for (std::size_t i = 0; i < rgb.size(); i += 3)
    seen.insert(std::uint32_t(rgb[i]) << 16 | std::uint32_t(rgb[i + 1]) << 8 | rgb[i + 2]);
  pic.colours = seen.size();
  return pic;
}

// The layer_styles rows of a GeoPackage: table name -> QML.
std::map<std::string, std::string> layer_styles(GDALDataset& ds) {
  std::map<std::string, std::string> out;
  OGRLayer* styles = ds.GetLayerByName("layer_styles");
  REQUIRE(styles);
  for (auto& f : *styles)
    if (f->GetFieldAsInteger("useAsDefault"))
      out[f->GetFieldAsString("f_table_name")] = f->GetFieldAsString("styleQML");
  return out;
}

}  // namespace

TEST_CASE("the default run writes a styled, self-describing GeoPackage, a project and a map",
          "[cli][maps]") {
  const fs::path& dir = default_run();
  for (const char* name : {"layers.gpkg", "project.qgs", "map.png", "time_to_capital.qml",
                           "matrix.csvt", "od.csvt", "targets.csvt"})
    CHECK(fs::is_regular_file(dir / name));

  auto ds = open_ds(dir / "layers.gpkg", GDAL_OF_VECTOR);
  REQUIRE(ds);
  const auto styles = layer_styles(*ds);
  // Every layer carries the scenario in its name, is styled, and has the scenario fields.
  const std::map<std::string, GIntBig> at_least = {{"nodes_all_planned", 61},
                                                   {"links_all_planned", 40},
                                                   {"services_all_planned", 8},
                                                   {"od_all_planned", 12},
                                                   {"isochrones_all_planned", 4}};
  std::set<std::string> lower;
  for (const auto& [table, count] : at_least) {
    INFO(table);
    OGRLayer* layer = ds->GetLayerByName(table.c_str());
    REQUIRE(layer);
    CHECK(layer->GetFeatureCount() >= count);
    REQUIRE(styles.count(table));
    CHECK(styles.at(table).find("<qgis") != std::string::npos);
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::set<std::string> names;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      std::string n = defn->GetFieldDefn(i)->GetNameRef();
      for (char& ch : n) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      CHECK(names.insert(n).second);  // unique case-insensitively
    }
    for (const char* f : {"scenario", "year", "profile"}) CHECK(names.count(f));
    layer->ResetReading();
    std::unique_ptr<OGRFeature> first(layer->GetNextFeature());
    REQUIRE(first);
    CHECK(std::string(first->GetFieldAsString("scenario")) == "all-planned");
    CHECK(first->GetFieldAsInteger("year") == 2035);
  }
  // The waterways follow the river: the Yangtze's middle reach has many more vertices than
  // stops, and its segments are no straight lines.
  OGRLayer* links = ds->GetLayerByName("links_all_planned");
  links->SetAttributeFilter("line = 'yangtze_mid'");
  int vertices = 0, segments = 0;
  for (auto& f : *links) {
    ++segments;
    vertices += f->GetGeometryRef()->toLineString()->getNumPoints();
  }
  CHECK(segments == 5);
  CHECK(vertices > 10 * segments);

  const Picture map = picture(dir / "map.png");
  CHECK(map.width == 1600);
  CHECK(map.height > 1000);
  CHECK(map.colours > 200);  // surface classes, context, network, anti-aliased text
}

TEST_CASE("compare draws a map of minutes saved per version pair and embeds it in the report",
          "[cli][maps]") {
  const fs::path dir = cli_test::scratch_dir("cli-maps", "compare");
  const Result r = cli_test::run_reachplan("cli-maps", ".",
                                           "compare '" + region + "baseline-2024.yaml' '" + region +
                                               "all-planned.yaml' -q -o '" + dir.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string pair = "baseline-2024__all-planned";
  for (const std::string& name :
       {"map_" + pair + ".png", "added_links_" + pair + ".gpkg",
        "delta_time_to_capital_" + pair + ".tif", "delta_time_to_capital_" + pair + ".qml"})
    CHECK(fs::is_regular_file(dir / name));
  const Picture map = picture(dir / ("map_" + pair + ".png"));
  CHECK(map.width == 1600);
  CHECK(map.colours > 100);

  // The added links are exactly the lines all-planned builds and the baseline does not.
  auto ds = open_ds(dir / ("added_links_" + pair + ".gpkg"), GDAL_OF_VECTOR);
  REQUIRE(ds);
  OGRLayer* added = ds->GetLayerByName("links_all_planned");
  REQUIRE(added);
  CHECK(layer_styles(*ds).count("links_all_planned"));
  std::set<std::string> lines;
  for (auto& f : *added) lines.insert(f->GetFieldAsString("line"));
  CHECK(lines.count("hewu_hsr"));
  CHECK_FALSE(lines.count("wuguang"));  // existing in 2024
  for (const auto& l : lines) CHECK(std::string(l).find("_svc") == std::string::npos);

  const std::string html = cli_test::slurp(dir / "report.html");
  CHECK(html.find("<img alt=\"Minutes saved: baseline-2024 to all-planned\"") != std::string::npos);
  CHECK(html.find("src=\"data:image/png;base64,iVBORw0KGgo") != std::string::npos);
}

TEST_CASE("the context GeoPackage is an input: never a FIFO, never written over", "[cli][maps]") {
  const fs::path dir = cli_test::scratch_dir("cli-maps", "context-input");
  fs::copy_file(std::string(REACHPLAN_SOURCE_DIR) + "/networks/middle-yangtze/context.gpkg",
                dir / "layers.gpkg");
  const std::string before = cli_test::slurp(dir / "layers.gpkg");
  const auto scenario =
      [&](const std::string& context) {
        std::ofstream(dir / "s.yaml")
            << "scenario:\n  extends: " << region
            << "all-planned.yaml\n  id: ctx\n  outputs:\n    layers: [nodes]\n"
               "    formats: [gpkg]\n    map: {context: "
            << context << "}\n";
      };
  scenario("layers.gpkg");
  Result r = cli_test::run_reachplan(
      "cli-maps", ".", "run '" + (dir / "s.yaml").string() + "' -q -o '" + dir.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("it is the input file") != std::string::npos);
  CHECK(cli_test::slurp(dir / "layers.gpkg") == before);

  REQUIRE(::mkfifo((dir / "fifo.gpkg").c_str(), 0600) == 0);
  scenario("fifo.gpkg");
  r = cli_test::run_reachplan(
      "cli-maps", ".",
      "run '" + (dir / "s.yaml").string() + "' -q -o '" + (dir / "out").string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("scenario.outputs.map.context: cannot read") != std::string::npos);
  CHECK(r.err.find("it is a FIFO") != std::string::npos);
}
