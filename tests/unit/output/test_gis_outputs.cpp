// Every GIS output of tests/data/gis/gis.yaml written, then read back through GDAL/OGR (and the
// OMX file through h5dump, an independent HDF5 reader): CRS, geotransform, nodata, feature
// counts, field types, and values at nodes and cells equal to the matrix's numbers.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/grid_frame.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "reachplan/output/run_outputs.hpp"
#include "unit/support/gis_fixtures.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
// gis.yaml: 10 km/h off the network, detour 1.2, in minutes per metre.
constexpr double k = 1.2 * 60 / 10000.0;

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("reachplan-gis-out-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Written {
  model::Scenario s;
  analysis::ScenarioResult result;
  analysis::Grid grid;
  analysis::GisResult gis;
  fs::path dir;
  std::vector<std::string> files;
  Eigen::MatrixXd m;  // every node to every node, default profile
};

const Written& written() {
  static const Written w = [] {
    Written x;
    std::vector<io::Warning> warnings;
    x.s = io::load_scenario(std::string(REACHPLAN_TEST_DATA) + "/gis/gis.yaml", warnings);
    x.result = analysis::run_scenario(x.s, 2);
    x.grid = analysis::make_grid(x.s, x.s.gis);
    x.gis = analysis::compute_gis(x.s, x.result, &x.grid, 2);
    x.dir = scratch("gis");
    x.files = output::write_gis_outputs(x.dir.string(), x.s, x.gis);
    analysis::ScenarioEngine engine(x.s, 1);
    const auto ids = x.s.network.node_ids();
    x.m = engine.matrix("", ids, ids).minutes;
    return x;
  }();
  return w;
}

using test::Dataset;

OGRSpatialReference wgs84() {
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  return srs;
}

// Features of a layer by a string key field.
std::map<std::string, std::unique_ptr<OGRFeature>> by_key(OGRLayer* layer, const char* key) {
  std::map<std::string, std::unique_ptr<OGRFeature>> out;
  layer->ResetReading();
  while (OGRFeature* f = layer->GetNextFeature())
    out[f->GetFieldAsString(key)] = std::unique_ptr<OGRFeature>(f);
  return out;
}

OGRFieldDefn* field(OGRLayer* layer, const char* name) {
  const int i = layer->GetLayerDefn()->GetFieldIndex(name);
  INFO(name);
  REQUIRE(i >= 0);
  return layer->GetLayerDefn()->GetFieldDefn(i);
}

std::size_t node_index(const model::Scenario& s, const std::string& id) {
  for (std::size_t i = 0; i < s.network.nodes.size(); ++i)
    if (s.network.nodes[i].id == id) return i;
  throw std::runtime_error("no node " + id);
}

// Independent point-in-polygon (even-odd over every ring) for the isochrone checks.
bool contains(const OGRGeometry* g, double x, double y) {
  bool inside = false;
  const auto ring_test = [&](const OGRLinearRing* ring) {
    const int n = ring->getNumPoints();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      const double xi = ring->getX(i), yi = ring->getY(i), xj = ring->getX(j), yj = ring->getY(j);
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
  };
  const auto polygon_test = [&](const OGRPolygon* p) {
    ring_test(p->getExteriorRing());
    for (int r = 0; r < p->getNumInteriorRings(); ++r) ring_test(p->getInteriorRing(r));
  };
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbPolygon) polygon_test(g->toPolygon());
  if (type == wkbMultiPolygon)
    for (const auto* p : *g->toMultiPolygon()) polygon_test(p);
  return inside;
}

// The value a travel-time surface must hold at a cell: best node plus the last mile.
double expected_cell(const Written& w, int col, int row, const std::vector<double>& node_minutes) {
  double best = inf;
  for (std::size_t n = 0; n < node_minutes.size(); ++n) {
    if (std::isnan(node_minutes[n])) continue;
    const double d =
        std::hypot(w.grid.cell_x(col) - w.grid.node_x[n], w.grid.cell_y(row) - w.grid.node_y[n]);
    best = std::min(best, node_minutes[n] + k * d);
  }
  return best;
}

float read_cell(GDALDataset* ds, int col, int row) {
  float v = 0;
  REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float32, 0, 0,
                                         nullptr) == CE_None);
  return v;
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

// One dataset's values as h5dump prints them (the DATA block), NaN for "nan".
std::vector<std::string> h5dump_tokens(const fs::path& file, const std::string& dataset) {
  const std::string out =
      run("h5dump -y -w 0 -m %.9g -d '" + dataset + "' '" + file.string() + "'");
  INFO(out);
  const auto begin = out.find("DATA {");
  REQUIRE(begin != std::string::npos);
  const auto end = out.find('}', begin + 6);
  std::string body = out.substr(begin + 6, end - begin - 6);
  std::vector<std::string> tokens;
  std::string cur;
  bool quoted = false;
  for (char c : body) {
    if (c == '"') {
      quoted = !quoted;
      if (!quoted) {
        tokens.push_back(cur);
        cur.clear();
      }
      continue;
    }
    if (quoted) {
      cur += c;
    } else if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  for (auto& t : tokens) {
    const auto nul = t.find("\\000");
    if (nul != std::string::npos) t.erase(nul);
  }
  return tokens;
}

double number(const std::string& t) {
  return t == "nan" || t == "-nan" ? std::nan("") : std::stod(t);
}

bool have_h5dump() {
  return std::system("h5dump --version >/dev/null 2>&1") == 0;
}

}  // namespace

TEST_CASE("GIS outputs: the files the scenario asks for, nothing left behind", "[gis]") {
  const auto& w = written();
  std::set<std::string> names;
  for (const auto& f : fs::directory_iterator(w.dir)) names.insert(f.path().filename().string());
  // Every GeoJSON and GeoTIFF with its .qml style; project.qgs opens them all.
  CHECK(names == std::set<std::string>{
                     "nodes.geojson", "links.geojson",      "services.geojson", "services.qml",
                     "od.geojson",    "isochrones.geojson", "nodes.qml",        "links.qml",
                     "od.qml",        "isochrones.qml",     "from_hub.qml",     "to_capitals.qml",
                     "pop_90.qml",    "project.qgs",        "layers.gpkg",      "from_hub.tif",
                     "from_hub.png",  "to_capitals.tif",    "to_capitals.png",  "pop_90.tif",
                     "pop_90.png",    "matrices.omx",       "map.png"});
  CHECK(w.files.size() == names.size());
}

TEST_CASE("nodes layer read back: WGS84 points, field types, the matrix's numbers", "[gis]") {
  const auto& w = written();
  auto ds = test::open_read(w.dir / "nodes.geojson", GDAL_OF_VECTOR);
  REQUIRE(ds->GetLayerCount() == 1);
  OGRLayer* layer = ds->GetLayer(0);
  CHECK(layer->GetFeatureCount() == 5);
  REQUIRE(layer->GetSpatialRef());
  const auto wgs = wgs84();
  CHECK(layer->GetSpatialRef()->IsSame(
      &wgs, std::vector<const char*>{"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr}.data()));
  CHECK(wkbFlatten(layer->GetGeomType()) == wkbPoint);
  CHECK(field(layer, "id")->GetType() == OFTString);
  CHECK(field(layer, "population")->GetType() == OFTReal);
  CHECK(field(layer, "code")->GetType() == OFTString);  // a node attribute
  CHECK(field(layer, "min_to_hub")->GetType() == OFTReal);
  CHECK(field(layer, "pop_60min")->GetType() == OFTReal);
  CHECK(field(layer, "meets_circle_60")->GetType() == OFTInteger);
  CHECK(field(layer, "meets_circle_60")->GetSubType() == OFSTBoolean);

  const auto features = by_key(layer, "id");
  const std::size_t hub = node_index(w.s, "hub"), east = node_index(w.s, "east");
  for (const auto& node : w.s.network.nodes) {
    const auto& f = features.at(node.id);
    const std::size_t i = node_index(w.s, node.id);
    const OGRPoint* p = f->GetGeometryRef()->toPoint();
    CHECK(p->getX() == Approx(node.lon));
    CHECK(p->getY() == Approx(node.lat));
    for (auto [col, to] : {std::pair{"min_to_hub", hub}, std::pair{"min_to_east", east}}) {
      const double want = w.m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(to));
      if (std::isnan(want))
        CHECK(f->IsFieldNull(f->GetFieldIndex(col)));
      else
        CHECK(f->GetFieldAsDouble(col) == Approx(want));
    }
    double within60 = 0;
    for (std::size_t j = 0; j < w.s.network.nodes.size(); ++j) {
      const double t = w.m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      if (!std::isnan(t) && t <= 60) within60 += w.s.network.nodes[j].population.value_or(0);
    }
    CHECK(f->GetFieldAsDouble("pop_60min") == Approx(within60));
  }
  // Hand-checked: hub reaches east (50) and north (55) within 60, far (115) within 120.
  CHECK(features.at("hub")->GetFieldAsDouble("min_to_east") == Approx(50));
  CHECK(features.at("hub")->GetFieldAsDouble("pop_60min") == Approx(1700000));
  CHECK(features.at("hub")->GetFieldAsDouble("pop_120min") == Approx(1750000));
  CHECK(features.at("lonely")->IsFieldNull(features.at("lonely")->GetFieldIndex("min_to_hub")));
  CHECK(features.at("hub")->GetFieldAsInteger("meets_circle_60") == 1);
  CHECK(features.at("north")->IsFieldNull(features.at("north")->GetFieldIndex("meets_circle_60")));
  CHECK(features.at("far")->GetFieldAsInteger("meets_hub_reach") == 0);  // 115 > 100
  CHECK(std::string(features.at("hub")->GetFieldAsString("code")) == "4201");
}

TEST_CASE("links and od layers read back", "[gis]") {
  const auto& w = written();
  auto links_ds = test::open_read(w.dir / "links.geojson", GDAL_OF_VECTOR);
  OGRLayer* links = links_ds->GetLayer(0);
  CHECK(links->GetFeatureCount() == 3);  // r1, k1, k2; r2 is planned
  CHECK(field(links, "opened")->GetType() == OFTInteger);
  CHECK(field(links, "length_km")->GetType() == OFTReal);
  CHECK(field(links, "od_pairs")->GetType() == OFTInteger);
  const auto by_line = by_key(links, "line");
  CHECK(by_line.at("r1")->GetFieldAsInteger("opened") == 2015);
  CHECK(by_line.at("r1")->GetFieldAsDouble("minutes") == Approx(30));
  CHECK(by_line.at("r1")->GetFieldAsDouble("length_km") == Approx(60));
  CHECK(by_line.at("r1")->GetFieldAsInteger("od_pairs") == 2);  // hub->east, east->hub
  CHECK(by_line.at("k1")->GetFieldAsInteger("od_pairs") == 0);
  CHECK(by_line.at("k1")->IsFieldNull(by_line.at("k1")->GetFieldIndex("opened")));
  CHECK(std::string(by_line.at("k2")->GetFieldAsString("mode")) == "road");
  const OGRLineString* r1 = by_line.at("r1")->GetGeometryRef()->toLineString();
  CHECK(r1->getNumPoints() == 2);
  CHECK(r1->getX(1) == Approx(114.60));

  auto od_ds = test::open_read(w.dir / "od.geojson", GDAL_OF_VECTOR);
  OGRLayer* od = od_ds->GetLayer(0);
  CHECK(od->GetFeatureCount() == 2);
  od->ResetReading();
  std::unique_ptr<OGRFeature> f(od->GetNextFeature());
  CHECK(std::string(f->GetFieldAsString("origin")) == "hub");
  CHECK(f->GetFieldAsDouble("minutes") == Approx(w.result.key_matrix.minutes(0, 1)));
  CHECK(std::string(f->GetFieldAsString("lines")) == "r1");
  CHECK(std::string(f->GetFieldAsString("verdict")) == "PASS");
  CHECK(f->GetFieldAsInteger("meets_circle_60") == 1);
  CHECK(f->GetFieldAsInteger("transfers") == 0);
  CHECK(field(od, "reachable")->GetSubType() == OFSTBoolean);
}

TEST_CASE("the GeoPackage holds the same layers in EPSG:4326", "[gis]") {
  const auto& w = written();
  auto ds = test::open_read(w.dir / "layers.gpkg", GDAL_OF_VECTOR);
  CHECK(std::string(ds->GetDriver()->GetDescription()) == "GPKG");
  const std::map<std::string, GIntBig> counts = {
      {"nodes", 5}, {"links", 3}, {"services", 0}, {"od", 2}, {"isochrones", 6}};
  REQUIRE(ds->GetLayerCount() == 6);  // and layer_styles
  for (const auto& [name, count] : counts) {
    OGRLayer* layer = ds->GetLayerByName((name + "_gis").c_str());
    REQUIRE(layer);
    CHECK(layer->GetFeatureCount() == count);
    REQUIRE(layer->GetSpatialRef());
    CHECK(std::string(layer->GetSpatialRef()->GetAuthorityCode(nullptr)) == "4326");
  }
  CHECK(wkbFlatten(ds->GetLayerByName("isochrones_gis")->GetGeomType()) == wkbMultiPolygon);
  OGRLayer* nodes = ds->GetLayerByName("nodes_gis");
  CHECK(field(nodes, "meets_circle_60")->GetSubType() == OFSTBoolean);
}

TEST_CASE("GeoTIFF surfaces read back: CRS, geotransform, nodata, band, cells", "[gis]") {
  const auto& w = written();
  auto ds = test::open_read(w.dir / "from_hub.tif", GDAL_OF_RASTER);
  CHECK(ds->GetRasterXSize() == w.grid.width);
  CHECK(ds->GetRasterYSize() == w.grid.height);
  OGRSpatialReference grid_srs;
  grid_srs.importFromWkt(w.grid.crs_wkt.c_str());
  REQUIRE(ds->GetSpatialRef());
  CHECK(ds->GetSpatialRef()->IsSame(&grid_srs));
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  CHECK(gt[0] == w.grid.x0);
  CHECK(gt[1] == 2000);
  CHECK(gt[2] == 0);
  CHECK(gt[3] == w.grid.y0);
  CHECK(gt[5] == -2000);
  GDALRasterBand* band = ds->GetRasterBand(1);
  int has_nodata = 0;
  CHECK(band->GetNoDataValue(&has_nodata) == output::raster_nodata);
  CHECK(has_nodata);
  CHECK(band->GetRasterDataType() == GDT_Float32);
  CHECK(std::string(band->GetDescription()) == "Travel time from hub (minutes)");
  CHECK(std::string(band->GetUnitType()) == "min");
  CHECK(std::string(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE");
  CHECK(std::string(ds->GetMetadataItem("places")) == "hub");
  CHECK(std::string(ds->GetMetadataItem("off_network_speed_kmh")) == "10");

  // At every node's cell, and at random cells: the network row of hub plus the last mile.
  const std::size_t hub = node_index(w.s, "hub");
  std::vector<double> from_hub;
  for (std::size_t n = 0; n < w.s.network.nodes.size(); ++n)
    from_hub.push_back(w.m(static_cast<Eigen::Index>(hub), static_cast<Eigen::Index>(n)));
  for (std::size_t n = 0; n < w.s.network.nodes.size(); ++n) {
    const auto cell = w.grid.cell_of(w.grid.node_x[n], w.grid.node_y[n]);
    REQUIRE(cell);
    const float v = read_cell(ds.get(), cell->first, cell->second);
    CHECK(v == Approx(expected_cell(w, cell->first, cell->second, from_hub)).epsilon(1e-5));
    // A reachable node's cell is at most half a cell's diagonal (off the network) beyond it.
    if (!std::isnan(from_hub[n])) CHECK(v <= from_hub[n] + k * 1415 + 1e-3);
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 200; ++i) {
    const int c = static_cast<int>(rng() % static_cast<unsigned>(w.grid.width));
    const int r = static_cast<int>(rng() % static_cast<unsigned>(w.grid.height));
    CHECK(read_cell(ds.get(), c, r) == Approx(expected_cell(w, c, r, from_hub)).epsilon(1e-5));
  }

  // Time to the nearest capital: every node's minutes towards hub or east.
  auto to = test::open_read(w.dir / "to_capitals.tif", GDAL_OF_RASTER);
  std::vector<double> to_capitals;
  for (std::size_t n = 0; n < w.s.network.nodes.size(); ++n)
    to_capitals.push_back(std::fmin(
        w.m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(hub)),
        w.m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(node_index(w.s, "east")))));
  for (int i = 0; i < 200; ++i) {
    const int c = static_cast<int>(rng() % static_cast<unsigned>(w.grid.width));
    const int r = static_cast<int>(rng() % static_cast<unsigned>(w.grid.height));
    CHECK(read_cell(to.get(), c, r) == Approx(expected_cell(w, c, r, to_capitals)).epsilon(1e-5));
  }

  // Population within 90 min from the hub's cell, recounted from the matrix.
  auto acc = test::open_read(w.dir / "pop_90.tif", GDAL_OF_RASTER);
  CHECK(std::string(acc->GetRasterBand(1)->GetUnitType()) == "persons");
  const auto cell = w.grid.cell_of(w.grid.node_x[hub], w.grid.node_y[hub]);
  double want = 0;
  for (std::size_t d = 0; d < w.s.network.nodes.size(); ++d) {
    std::vector<double> to_d;
    for (std::size_t n = 0; n < w.s.network.nodes.size(); ++n)
      to_d.push_back(w.m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d)));
    if (expected_cell(w, cell->first, cell->second, to_d) <= 90)
      want += w.s.network.nodes[d].population.value_or(0);
  }
  CHECK(want >= 1500000);
  CHECK(read_cell(acc.get(), cell->first, cell->second) == Approx(want));
}

TEST_CASE("isochrones contain the nodes below the threshold and exclude those above", "[gis]") {
  const auto& w = written();
  auto ds = test::open_read(w.dir / "isochrones.geojson", GDAL_OF_VECTOR);
  OGRLayer* layer = ds->GetLayer(0);
  CHECK(layer->GetFeatureCount() == 6);  // (hub, capitals) x (30, 60, 120)
  CHECK(field(layer, "minutes")->GetType() == OFTReal);
  CHECK(field(layer, "area_km2")->GetType() == OFTReal);
  int checked_in = 0, checked_out = 0;
  layer->ResetReading();
  while (OGRFeature* raw = layer->GetNextFeature()) {
    std::unique_ptr<OGRFeature> f(raw);
    const std::string origin = f->GetFieldAsString("origin");
    const double limit = f->GetFieldAsDouble("minutes");
    const analysis::Surface* source = nullptr;
    for (const auto& s : w.gis.isochrone_sources)
      if (s.id == origin) source = &s;
    REQUIRE(source);
    if (origin == "capitals") CHECK(std::string(f->GetFieldAsString("places")) == "hub,east");
    const OGRGeometry* g = f->GetGeometryRef();
    REQUIRE(g);
    for (std::size_t n = 0; n < w.s.network.nodes.size(); ++n) {
      const auto& node = w.s.network.nodes[n];
      const auto cell = w.grid.cell_of(w.grid.node_x[n], w.grid.node_y[n]);
      const float v = source->at(w.grid, cell->first, cell->second);
      INFO(origin << " " << limit << " " << node.id << " cell value " << v);
      // Exactly the cells within the limit: the node is inside iff its cell is.
      CHECK(contains(g, node.lon, node.lat) == (v <= limit));
      // And by network time: well below the limit is inside, above it outside.
      const double t = source->node_minutes[n];
      if (!std::isnan(t) && t + k * 1415 < limit) {
        CHECK(contains(g, node.lon, node.lat));
        ++checked_in;
      }
      if (!(t <= limit) && v > limit) {
        CHECK_FALSE(contains(g, node.lon, node.lat));
        ++checked_out;
      }
    }
    // The area is the number of cells within the limit times the cell area.
    std::size_t cells = 0;
    for (float v : source->values) cells += !std::isnan(v) && v <= limit;
    CHECK(f->GetFieldAsDouble("area_km2") == Approx(cells * 4.0));
  }
  CHECK(checked_in >= 6);
  CHECK(checked_out >= 6);
}

TEST_CASE("PNG quicklooks: an opaque RGB map with a credit line under it", "[gis]") {
  const auto& w = written();
  auto ds = test::open_read(w.dir / "from_hub.png", GDAL_OF_RASTER);
  CHECK(std::string(ds->GetDriver()->GetDescription()) == "PNG");
  CHECK(ds->GetRasterCount() == 3);
  CHECK(ds->GetRasterXSize() == 1600);
  CHECK(ds->GetRasterYSize() > 1000);
  // The band under the map is white at its left edge (test_map_render.cpp checks the map).
  std::uint8_t px[3];
  int bands[3] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 2, ds->GetRasterYSize() - 2, 1, 1, px, 1, 1, GDT_Byte, 3, bands, 3,
                       3, 1, nullptr) == CE_None);
  CHECK(px[0] == 255);
  CHECK(px[2] == 255);
}

TEST_CASE("OMX read back with h5dump: version, shape, lookups, tables", "[gis]") {
  if (!have_h5dump()) FAIL("h5dump is needed (Debian package hdf5-tools; tools/setup-debian.sh)");
  const auto& w = written();
  const fs::path omx = w.dir / "matrices.omx";
  const std::string attrs = run("h5dump -A '" + omx.string() + "'");
  CHECK_THAT(attrs, Catch::Contains("ATTRIBUTE \"OMX_VERSION\""));
  CHECK_THAT(attrs, Catch::Contains("\"0.2\""));
  CHECK(h5dump_tokens(omx, "/lookup/id") == std::vector<std::string>{"hub", "east"});
  CHECK(h5dump_tokens(omx, "/lookup/name") == std::vector<std::string>{"Hub City", "East Town"});
  CHECK(h5dump_tokens(omx, "/lookup/zone") == std::vector<std::string>{"1", "2"});
  const auto time = h5dump_tokens(omx, "/data/time_min");
  REQUIRE(time.size() == 4);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      CHECK(number(time[static_cast<std::size_t>(i * 2 + j)]) ==
            Approx(w.result.key_matrix.minutes(i, j)));
  const std::string shape = run("h5dump -a /SHAPE '" + omx.string() + "'");
  CHECK_THAT(shape, Catch::Contains("2, 2"));

  // A rectangular set with an unreachable cell: row-major order, NaN kept, DIM lookups.
  analysis::OmxSet set;
  set.file_stem = "rect";
  set.row_ids = {"a", "b"};
  set.row_names = {"A", "B"};
  set.col_ids = {"x", "y", "z"};
  set.col_names = {"X", "Y", "Z"};
  Eigen::MatrixXd m(2, 3);
  m << 1.5, 2, 3, 4, std::nan(""), 6.25;
  set.tables = {{"time_min", m}};
  const fs::path rect = scratch("omx") / "rect.omx";
  output::write_omx(rect.string(), set);
  const auto values = h5dump_tokens(rect, "/data/time_min");
  REQUIRE(values.size() == 6);
  CHECK(number(values[0]) == 1.5);
  CHECK(number(values[2]) == 3);
  CHECK(number(values[3]) == 4);
  CHECK(std::isnan(number(values[4])));
  CHECK(number(values[5]) == 6.25);
  CHECK(h5dump_tokens(rect, "/lookup/destination_id") == std::vector<std::string>{"x", "y", "z"});
  CHECK_THAT(run("h5dump -a /lookup/destination_id/DIM '" + rect.string() + "'"),
             Catch::Contains("1"));
  CHECK_THAT(run("h5dump -a /SHAPE '" + rect.string() + "'"), Catch::Contains("2, 3"));
  CHECK_THAT(run("h5dump -p -d /data/time_min '" + rect.string() + "'"),
             Catch::Contains("DEFLATE"));
  // A table that does not match its zones is refused before anything is written.
  set.tables = {{"time_min", Eigen::MatrixXd::Zero(3, 3)}};
  CHECK_THROWS_AS(output::write_omx(rect.string(), set), core::OutputError);
  CHECK(h5dump_tokens(rect, "/data/time_min").size() == 6);  // the earlier file survives
}

TEST_CASE("large grids are tiled with overviews, and COG on request", "[gis]") {
  analysis::Grid g;
  g.crs_wkt = io::equal_area_crs_for(113, 29, 116, 32);
  g.crs_name = "test";
  g.x0 = -150000;
  g.y0 = 150000;
  g.cell = 250;
  g.width = 1200;
  g.height = 1100;
  analysis::Surface s;
  s.id = "big";
  s.title = "Synthetic";
  s.unit = "min";
  s.values.resize(g.cell_count());
  for (std::size_t i = 0; i < s.values.size(); ++i) s.values[i] = static_cast<float>(i % 977);
  s.values[5] = std::nanf("");
  const auto dir = scratch("large");

  output::write_geotiff((dir / "big.tif").string(), g, s, false);
  auto tiff = test::open_read(dir / "big.tif", GDAL_OF_RASTER);
  int bx = 0, by = 0;
  tiff->GetRasterBand(1)->GetBlockSize(&bx, &by);
  CHECK(bx == 256);
  CHECK(by == 256);
  CHECK(tiff->GetRasterBand(1)->GetOverviewCount() >= 2);
  CHECK(read_cell(tiff.get(), 5, 0) == output::raster_nodata);
  CHECK(read_cell(tiff.get(), 6, 0) == 6);
  CHECK(read_cell(tiff.get(), 7, 3) == static_cast<float>((3 * 1200 + 7) % 977));

  output::write_geotiff((dir / "big_cog.tif").string(), g, s, true);
  auto cog = test::open_read(dir / "big_cog.tif", GDAL_OF_RASTER);
  const char* layout = cog->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE");
  REQUIRE(layout);
  CHECK(std::string(layout) == "COG");
  CHECK(cog->GetRasterBand(1)->GetOverviewCount() >= 1);
  CHECK(read_cell(cog.get(), 7, 3) == static_cast<float>((3 * 1200 + 7) % 977));
  double gt[6];
  cog->GetGeoTransform(gt);
  CHECK(gt[0] == -150000);
  CHECK(gt[1] == 250);
}

TEST_CASE("a failed GIS write leaves no partial file and keeps the earlier result", "[gis]") {
  const auto& w = written();
  const auto dir = scratch("atomic");
  const auto& surface = w.gis.surfaces.front();
  const std::string path = (dir / "t.tif").string();
  output::write_geotiff(path, w.grid, surface, false);
  const auto size = fs::file_size(path);

  // GDAL refuses the CRS: the error carries GDAL's message, the earlier file stays.
  analysis::Grid bad = w.grid;
  bad.crs_wkt = "PROJCS[nonsense";
  CHECK_THROWS_AS(output::write_geotiff(path, bad, surface, false), core::OutputError);
  // A surface that does not fit its grid.
  analysis::Surface wrong = surface;
  wrong.values.pop_back();
  CHECK_THROWS_AS(output::write_geotiff(path, w.grid, wrong, false), core::OutputError);
  CHECK_THROWS_AS(output::write_quicklook_png((dir / "t.png").string(), w.grid, wrong, w.s),
                  core::OutputError);
  CHECK(fs::file_size(path) == size);
  auto ds = test::open_read(path, GDAL_OF_RASTER);
  CHECK(ds->GetRasterXSize() == w.grid.width);
  std::size_t files = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    INFO(f.path());
    CHECK((f.path().filename() == "t.tif" || f.path().filename() == "t.qml"));  // and its style
    ++files;
  }
  CHECK(files == 2);

  // A folder that cannot be created: an output error naming it.
  std::ofstream(dir / "blocker") << "x";
  CHECK_THROWS_WITH(output::write_gis_outputs((dir / "blocker" / "sub").string(), w.s, w.gis),
                    Catch::Contains("blocker"));
}

TEST_CASE("run outputs: GIS files land with the tables, and unknown names are input errors",
          "[gis]") {
  const auto& w = written();
  const auto dir = scratch("run");
  const auto paths = output::write_run_outputs(dir.string(), w.s, w.result, {}, {}, &w.gis);
  std::set<std::string> names;
  for (const auto& p : paths) names.insert(fs::path(p).filename().string());
  CHECK(names.count("matrix.csv"));
  CHECK(names.count("summary.json"));
  CHECK_FALSE(names.count("od.csv"));  // files: [matrix.csv, summary.json]
  CHECK(names.count("nodes.geojson"));
  CHECK(names.count("matrices.omx"));
  auto s = w.s;
  s.outputs = {"matrix.csv", "nodes.gejson"};
  CHECK_THROWS_WITH(output::check_output_names(s), Catch::Contains("did you mean 'nodes.geojson'"));
}
