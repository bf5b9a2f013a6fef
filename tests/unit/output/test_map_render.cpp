// The PNG maps (src/output/map_render.hpp) read back through GDAL: size, not blank, the colours
// of the symbology (map_symbology.hpp) at the pixels where a node, a link, a lake and a river
// are, the legend's classes, Chinese labels, the compare map's highlighted links, and the
// errors of a context GeoPackage that is missing or holds no context layer.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <memory>

#include "../../../src/output/map_render.hpp"
#include "reachplan/analysis/compare.hpp"
#include "reachplan/analysis/compare_surfaces.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "reachplan/output/map_symbology.hpp"

using namespace reachplan;
namespace fs = std::filesystem;
namespace sym = output::symbology;
using output::detail::MapScene;

// Colours compare in the symbology's namespace, where Catch's comparisons find them.
namespace reachplan::output::symbology {
bool operator==(Rgb a, Rgb b) {
  return a.r == b.r && a.g == b.g && a.b == b.b;
}
}  // namespace reachplan::output::symbology

namespace {

fs::path map_scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("reachplan-map-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// gis.yaml (five places near Wuhan, rail hub-east existing, rail hub-north planned, roads),
// run with its GIS outputs.
struct MapFixture {
  model::Scenario s;
  analysis::ScenarioResult result;
  analysis::Grid grid;
  analysis::GisResult gis;
};

const MapFixture& fixture() {
  static const MapFixture f = [] {
    MapFixture x;
    std::vector<io::Warning> warnings;
    x.s = io::load_scenario(std::string(REACHPLAN_TEST_DATA) + "/gis/gis.yaml", warnings);
    x.result = analysis::run_scenario(x.s, 2);
    x.grid = analysis::make_grid(x.s, x.s.gis);
    x.gis = analysis::compute_gis(x.s, x.result, &x.grid, 2);
    return x;
  }();
  return f;
}

void add_feature(OGRLayer* layer, const std::string& wkt, const char* name) {
  OGRFeature f(layer->GetLayerDefn());
  OGRGeometry* g = nullptr;
  REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) == OGRERR_NONE);
  f.SetGeometryDirectly(g);
  f.SetField("name", name);
  REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
}

// A context GeoPackage around gis.yaml: one province over everything, an unnamed lake north-west
// of the hub (away from every line and label), and a river along lat 29.7.
fs::path make_context(const fs::path& dir, bool with_layers = true) {
  GDALAllRegister();
  const fs::path path = dir / "context.gpkg";
  GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(gpkg->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference wgs;
  wgs.importFromEPSG(4326);
  const auto layer = [&](const char* name, OGRwkbGeometryType type) {
    OGRLayer* l = ds->CreateLayer(name, &wgs, type, nullptr);
    REQUIRE(l);
    OGRFieldDefn field("name", OFTString);
    REQUIRE(l->CreateField(&field) == OGRERR_NONE);
    return l;
  };
  if (!with_layers) {
    add_feature(layer("roads", wkbLineString), "LINESTRING(113 29,116 32)", "");
    return path;
  }
  add_feature(layer("provinces", wkbPolygon), "POLYGON((112 28,117 28,117 32,112 32,112 28))",
              "Test Province");
  add_feature(layer("lakes", wkbPolygon),
              "POLYGON((113.45 30.55,113.65 30.55,113.65 30.7,113.45 30.7,113.45 30.55))", "");
  // Vertices every 0.1 degree: a parallel is a curve in the conic projection.
  std::string river = "LINESTRING(";
  for (int i = 0; i <= 40; ++i) river += (i ? "," : "") + std::to_string(112.5 + i * 0.1) + " 29.7";
  add_feature(layer("rivers", wkbLineString), river + ")", "");
  ds->SetMetadataItem("CREDIT", "test context (made up)");
  return path;
}

struct Picture {
  int width = 0, height = 0, bands = 0;
  std::vector<std::uint8_t> rgba;  // row-major, 4 bytes per pixel (alpha 255)
  sym::Rgb at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
  }
  // Pixels of exactly colour c in [x0, x1) x [y0, y1).
  std::size_t count(sym::Rgb c, int x0, int y0, int x1, int y1) const {
    std::size_t n = 0;
    for (int y = std::max(0, y0); y < std::min(height, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(width, x1); ++x) n += at(x, y) == c;
    return n;
  }
  // Is colour c within `r` pixels of (x, y)?
  bool near(sym::Rgb c, double x, double y, int r = 2) const {
    const int cx = static_cast<int>(std::lround(x)), cy = static_cast<int>(std::lround(y));
    return count(c, cx - r, cy - r, cx + r + 1, cy + r + 1) > 0;
  }
  // Is a colour within `tolerance` (per channel) of c within `r` pixels of (x, y)? For thin
  // antialiased lines, whose exact colour may fall on no pixel.
  bool near_ish(sym::Rgb c, double x, double y, int tolerance, int r = 2) const {
    const int cx = static_cast<int>(std::lround(x)), cy = static_cast<int>(std::lround(y));
    for (int yy = std::max(0, cy - r); yy <= std::min(height - 1, cy + r); ++yy)
      for (int xx = std::max(0, cx - r); xx <= std::min(width - 1, cx + r); ++xx) {
        const sym::Rgb p = at(xx, yy);
        if (std::abs(p.r - c.r) <= tolerance && std::abs(p.g - c.g) <= tolerance &&
            std::abs(p.b - c.b) <= tolerance)
          return true;
      }
    return false;
  }
};

Picture read_png(const fs::path& path) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  INFO(path.string());
  REQUIRE(ds);
  CHECK(std::string(ds->GetDriver()->GetDescription()) == "PNG");
  Picture p;
  p.width = ds->GetRasterXSize();
  p.height = ds->GetRasterYSize();
  p.bands = ds->GetRasterCount();
  REQUIRE(p.bands == 3);  // an opaque picture: Cairo writes RGB
  p.rgba.resize(static_cast<std::size_t>(p.width) * p.height * 4, 255);
  int bands[3] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, p.width, p.height, p.rgba.data(), p.width, p.height, GDT_Byte,
                       3, bands, 4, static_cast<GSpacing>(p.width) * 4, 1, nullptr) == CE_None);
  return p;
}

const model::Node& node(const model::Scenario& s, const std::string& id) {
  const model::Node* n = s.network.find_node(id);
  REQUIRE(n);
  return *n;
}

Picture render(const MapScene& scene, const fs::path& file) {
  output::detail::render_map(file.string(), file.string(), scene);
  return read_png(file);
}

}  // namespace

TEST_CASE("map: size from the extent and colours where the node and the link are", "[map]") {
  const auto& f = fixture();
  const fs::path dir = map_scratch("run");
  MapScene scene = output::detail::run_map_scene(f.s, f.gis);
  scene.context = make_context(dir).string();
  std::vector<std::string> warnings;
  scene.warn = [&](const std::string& w) { warnings.push_back(w); };
  const Picture p = render(scene, dir / "map.png");
  CHECK(warnings.empty());  // fonts-wqy-microhei is installed (tools/setup-debian.sh)
  const auto g = output::detail::map_geometry(scene);
  CHECK(p.width == 1600);
  CHECK(p.height == g.height);
  CHECK(g.frame_h >= 0.55 * g.frame_w - 1);
  CHECK(g.frame_h <= 1.35 * g.frame_w + 1);
  // The frame keeps the grid's aspect (within a pixel's rounding).
  const double grid_aspect = static_cast<double>(f.grid.height) / f.grid.width;
  CHECK(g.frame_h / g.frame_w == Approx(std::clamp(grid_aspect, 0.55, 1.35)).epsilon(0.01));

  // The hub (key group) is a white disc with a dark centre; the hub-east rail line (existing,
  // solid) is drawn in rail's colour halfway between them.
  const auto [hx, hy] = g.pixel(node(f.s, "hub").lon, node(f.s, "hub").lat);
  const auto [ex, ey] = g.pixel(node(f.s, "east").lon, node(f.s, "east").lat);
  CHECK(p.at(static_cast<int>(std::lround(hx)), static_cast<int>(std::lround(hy))) ==
        sym::node_fill);
  CHECK(p.near(sym::mode_colour("rail"), (hx + ex) / 2, (hy + ey) / 2));
  // The capitals' od line (hub-east, 50 min within the 60-minute target) is drawn PASS.
  CHECK(p.count(sym::verdict_colour("PASS"), static_cast<int>(g.frame_x),
                static_cast<int>(g.frame_y), static_cast<int>(g.frame_x + g.frame_w),
                static_cast<int>(g.frame_y + g.frame_h)) > 200);
  // Context: the lake's middle is water, the river (lat 29.7) is drawn at mid-longitude.
  const auto [lx, ly] = g.pixel(113.55, 30.625);
  CHECK(p.at(static_cast<int>(lx), static_cast<int>(ly)) == sym::water);
  const auto [rx, ry] = g.pixel(113.2, 29.7);
  CHECK(p.near_ish(sym::water_outline, rx, ry, 24));
  CHECK_FALSE(p.near_ish(sym::water_outline, rx, ry - 12, 60));  // and only there
}

TEST_CASE("map over timetables: the feed's bus route is drawn under the planned line", "[map]") {
  // tests/data/transit: bus R1 runs Alpha (0, 0) - Beta (0.02, 0) - Gamma (0.05, 0).
  std::vector<io::Warning> warnings;
  const model::Scenario s =
      io::load_scenario(std::string(REACHPLAN_TEST_DATA) + "/transit/plan-surfaces.yaml", warnings);
  const auto result = analysis::run_scenario(s, 1);
  const analysis::Grid grid = analysis::make_grid(s, s.gis);
  const analysis::GisResult gis = analysis::compute_gis(s, result, &grid, 1);
  REQUIRE(gis.transit.size() == 1);  // one course: Alpha - Beta - Gamma (and back)
  CHECK(gis.transit[0].route == "1");
  CHECK(gis.transit[0].kind == "bus");
  CHECK(gis.transit[0].stops.size() == 3);
  const fs::path dir = map_scratch("transit");
  MapScene scene = output::detail::run_map_scene(s, gis);
  const auto g = output::detail::map_geometry(scene);
  const auto [x, y] = g.pixel(0.01, 0.0);  // halfway between Alpha and Beta
  CHECK(render(scene, dir / "map.png").near_ish(sym::transit_colour("bus"), x, y, 12));
  scene.transit = nullptr;
  CHECK_FALSE(render(scene, dir / "bare.png").near_ish(sym::transit_colour("bus"), x, y, 12));
}

TEST_CASE("map: the legend shows every travel-time class colour and the picture is not blank",
          "[map]") {
  const auto& f = fixture();
  const fs::path dir = map_scratch("legend");
  const MapScene scene = output::detail::run_map_scene(f.s, f.gis);
  REQUIRE(scene.underlay);
  CHECK(scene.underlay->id == "to_capitals");  // the travel-time surface of the key group
  const Picture p = render(scene, dir / "map.png");
  const auto g = output::detail::map_geometry(scene);
  const int panel = static_cast<int>(g.frame_x + g.frame_w) + 2;
  for (const auto& c : sym::travel_time_classes()) {
    INFO(std::string(c.label));
    CHECK(p.count(c.colour, panel, 0, p.width, p.height) >= 20 * 12);
  }
  // Not blank: many colours, and both the network's and the labels' ink.
  std::set<std::uint32_t> colours;
  for (std::size_t i = 0; i < p.rgba.size(); i += 4)
    colours.insert(p.rgba[i] << 16 | p.rgba[i + 1] << 8 | p.rgba[i + 2]);
  CHECK(colours.size() > 200);
  CHECK(p.count(sym::label_ink, 0, 0, p.width, p.height) > 1000);
}

TEST_CASE("map: Chinese labels (lang zh) draw other pixels than English ones", "[map]") {
  auto s = fixture().s;
  const char* zh[] = {"中心城", "东镇", "北港", "远方", "孤村"};
  for (std::size_t i = 0; i < s.network.nodes.size(); ++i)
    s.network.nodes[i].attributes["name_zh"] = zh[i];
  const fs::path dir = map_scratch("zh");
  MapScene scene = output::detail::run_map_scene(s, fixture().gis);
  std::vector<std::string> warnings;
  scene.warn = [&](const std::string& w) { warnings.push_back(w); };
  const Picture en = render(scene, dir / "en.png");
  scene.lang = "zh";
  const Picture cn = render(scene, dir / "zh.png");
  CHECK(warnings.empty());
  REQUIRE(en.width == cn.width);
  REQUIRE(en.height == cn.height);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < en.rgba.size(); i += 4) differ += en.rgba[i] != cn.rgba[i];
  CHECK(differ > 500);
  CHECK(output::detail::node_label(s.network.nodes[0], "zh") == "中心城");
  CHECK(output::detail::node_label(s.network.nodes[0], "en") == "Hub City");
  s.network.nodes[1].attributes.erase("name_zh");
  CHECK(output::detail::node_label(s.network.nodes[1], "zh") == "East Town");  // falls back
}

TEST_CASE("map: a missing font warns and falls back, and still draws", "[map]") {
  const fs::path dir = map_scratch("font");
  MapScene scene = output::detail::run_map_scene(fixture().s, fixture().gis);
  scene.font_family = "No Such Family Reachplan";
  std::vector<std::string> warnings;
  scene.warn = [&](const std::string& w) { warnings.push_back(w); };
  const Picture p = render(scene, dir / "map.png");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("'No Such Family Reachplan' was not found"));
  CHECK(p.count(sym::label_ink, 0, 0, p.width, p.height) > 1000);
}

TEST_CASE("map: a context file that is missing or has no context layer is an input error",
          "[map]") {
  const fs::path dir = map_scratch("bad-context");
  MapScene scene = output::detail::run_map_scene(fixture().s, fixture().gis);
  scene.context = (dir / "nowhere" / "context.gpkg").string();
  scene.context_where = {"scenario.yaml", 12, 14};
  output::AtomicFileSet set;
  const std::string path = (dir / "map.png").string();
  try {
    set.add_with(path,
                 [&](const std::string& file) { output::detail::render_map(file, path, scene); });
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()) ==
          "scenario.yaml:12:14: outputs.map.context: the context GeoPackage '" + scene.context +
              "' does not exist");
  }
  CHECK_FALSE(fs::exists(path));
  scene.context = make_context(dir, false).string();
  CHECK_THROWS_WITH(
      output::detail::render_map(path, path, scene),
      Catch::Contains("has none of the layers provinces, rivers, lakes (it has: roads)") &&
          Catch::Contains(scene.context));
}

TEST_CASE("map without a grid: an equal-area CRS fitted to the places, all of them inside",
          "[map]") {
  const auto& f = fixture();
  MapScene scene = output::detail::run_map_scene(f.s, f.gis);
  scene.grid = nullptr;
  scene.underlay = nullptr;
  const auto g = output::detail::map_geometry(scene);
  CHECK_THAT(g.crs_wkt, Catch::Contains("Albers"));
  for (const auto& n : f.s.network.nodes) {
    INFO(n.id);
    const auto [x, y] = g.pixel(n.lon, n.lat);
    CHECK(x > g.frame_x + 20);
    CHECK(x < g.frame_x + g.frame_w - 20);
    CHECK(y > g.frame_y + 20);
    CHECK(y < g.frame_y + g.frame_h - 20);
  }
  const fs::path dir = map_scratch("no-grid");
  const Picture p = render(scene, dir / "map.png");
  CHECK(p.height == g.height);
  CHECK(p.near(sym::mode_colour("rail"),
               (g.pixel(114.0, 30.0).first + g.pixel(114.6, 30.05).first) / 2,
               (g.pixel(114.0, 30.0).second + g.pixel(114.6, 30.05).second) / 2));
}

TEST_CASE("map: the scale bar's km per pixel is the true distance at the centre", "[map]") {
  const auto& f = fixture();
  const MapScene scene = output::detail::run_map_scene(f.s, f.gis);
  const auto g = output::detail::map_geometry(scene);
  const auto& hub = node(f.s, "hub");
  const auto& east = node(f.s, "east");
  const auto [hx, hy] = g.pixel(hub.lon, hub.lat);
  const auto [ex, ey] = g.pixel(east.lon, east.lat);
  // Over 60 km near the centre the equal-area conic's scale varies well under 1 %.
  CHECK(std::hypot(ex - hx, ey - hy) * g.km_per_pixel ==
        Approx(core::great_circle_km(hub.lon, hub.lat, east.lon, east.lat)).epsilon(0.01));
}

TEST_CASE("map: accessibility quicklooks use the ramp and say people in words", "[map]") {
  CHECK(output::detail::people_words(5.8e6) == "5.8 million people");
  CHECK(output::detail::people_words(12e6) == "12 million people");
  CHECK(output::detail::people_words(580000) == "580,000 people");
  CHECK(output::detail::people_words(1) == "1 person");
  CHECK(output::detail::people_words(999) == "999 people");
  const auto& f = fixture();
  const analysis::Surface* pop = nullptr;
  for (const auto& s : f.gis.surfaces)
    if (s.id == "pop_90") pop = &s;
  REQUIRE(pop);
  const fs::path dir = map_scratch("quicklook");
  output::write_quicklook_png((dir / "pop.png").string(), f.grid, *pop, f.s);
  const Picture p = read_png(dir / "pop.png");
  CHECK(p.width == 1600);
  // The legend's end swatches are the ramp's ends.
  const auto& ramp = sym::accessibility_ramp();
  CHECK(p.count(ramp.front(), 1200, 0, p.width, p.height) >= 20 * 12);
  CHECK(p.count(ramp.back(), 1200, 0, p.width, p.height) >= 20 * 12);
}

TEST_CASE("compare map: minutes saved under the network, the added line highlighted", "[map]") {
  const auto& f = fixture();
  model::Scenario base = f.s;
  model::Scenario plan = f.s;
  plan.id = "plan";
  plan.name = "Plan";
  plan.year = 2030;
  plan.build_statuses.insert(model::Status::planned);  // builds r2, hub-north rail
  analysis::CompareOptions options;
  options.rank = false;
  options.robustness = false;
  options.threads = 2;
  const auto c = analysis::compare_versions(
      {{"base.yaml", [&] { return base; }}, {"plan.yaml", [&] { return plan; }}}, options);
  REQUIRE(c.versions.size() == 2);
  const auto surfaces = analysis::compare_surfaces(c, f.grid, 2);
  const analysis::SurfaceDelta* delta = nullptr;
  for (const auto& d : surfaces.deltas)
    if (d.surface == "from_hub") delta = &d;
  REQUIRE(delta);
  const fs::path dir = map_scratch("compare");
  const std::string path = (dir / "map_base__plan.png").string();
  output::AtomicFileSet set;
  output::detail::write_compare_map_png(set, path, c, *delta, f.grid, f.s.gis.map);
  set.commit();
  const Picture p = read_png(path);
  const MapScene scene = output::detail::compare_map_scene(c, *delta, f.grid, f.s.gis.map);
  CHECK(scene.highlight_lines == std::vector<std::string>{"r2"});
  const auto g = output::detail::map_geometry(scene);
  const int fx0 = static_cast<int>(g.frame_x), fy0 = static_cast<int>(g.frame_y);
  const int fx1 = static_cast<int>(g.frame_x + g.frame_w),
            fy1 = static_cast<int>(g.frame_y + g.frame_h);
  // Rail colour only on the added line (the hub-east rail both have is muted grey).
  const auto [hx, hy] = g.pixel(node(f.s, "hub").lon, node(f.s, "hub").lat);
  const auto [ex, ey] = g.pixel(node(f.s, "east").lon, node(f.s, "east").lat);
  const auto [nx, ny] = g.pixel(node(f.s, "north").lon, node(f.s, "north").lat);
  CHECK(p.near(sym::track_muted, (hx + ex) / 2, (hy + ey) / 2));
  CHECK_FALSE(p.near(sym::mode_colour("rail"), (hx + ex) / 2, (hy + ey) / 2, 4));
  CHECK(p.count(sym::mode_colour("rail"), static_cast<int>(std::min(hx, nx)) - 5,
                static_cast<int>(std::min(hy, ny)), static_cast<int>(std::max(hx, nx)) + 5,
                static_cast<int>(std::max(hy, ny))) > 30);
  // Minutes saved: the delta classes in the legend, and some saving drawn in the frame.
  for (const auto& cl : sym::delta_minutes_classes()) {
    INFO(std::string(cl.label));
    CHECK(p.count(cl.colour, fx1 + 2, 0, p.width, p.height) >= 20 * 12);
  }
  std::size_t saved = 0;
  for (std::size_t k = 3; k < sym::delta_minutes_classes().size(); ++k)
    saved += p.count(sym::delta_minutes_classes()[k].colour, fx0, fy0, fx1, fy1);
  CHECK(saved > 1000);
}

namespace {

// The bundled region's all-planned scenario with the run's GIS outputs and a travel-time
// surface to the capitals, drawn into `dir`/map.png.
Picture render_bundled(const fs::path& dir, const std::string& context, const std::string& lang) {
  std::vector<io::Warning> warnings;
  auto s = io::load_scenario(
      std::string(REACHPLAN_SOURCE_DIR) + "/scenarios/middle-yangtze/all-planned.yaml", warnings);
  s.gis.layers = {"nodes", "links", "od"};
  s.gis.grid.resolution_m = 2000;
  model::SurfaceSpec to_capitals;
  to_capitals.id = "time_to_capitals";
  to_capitals.to_places = true;
  s.gis.surfaces = {to_capitals};
  s.gis.map.context = context;
  s.gis.map.lang = lang;
  const auto result = analysis::run_scenario(s, 2);
  const auto grid = analysis::make_grid(s, s.gis);
  const auto gis = analysis::compute_gis(s, result, &grid, 2);
  const fs::path file = dir / ("map_" + lang + ".png");
  output::detail::run_map_to(file.string(), file.string(), s, gis);
  return read_png(file);
}

}  // namespace

TEST_CASE("map of the bundled region: the capitals and their od lines", "[map]") {
  const fs::path dir = map_scratch("bundled");
  const Picture p = render_bundled(dir, "", "en");
  CHECK(p.width == 1600);
  CHECK(p.height > 1000);
  CHECK(p.count(sym::mode_colour("hsr"), 0, 0, 1250, p.height) > 5000);
  CHECK(p.count(sym::verdict_colour("PASS"), 0, 0, 1250, p.height) > 500);
}

// Not run by default: `test_output "[.preview]"` draws the bundled region with the context
// GeoPackage named by REACHPLAN_MAP_CONTEXT (default networks/middle-yangtze/context.gpkg) in
// English and Chinese, to look at (the paths are printed).
TEST_CASE("map preview of the bundled region", "[.preview]") {
  const char* env = std::getenv("REACHPLAN_MAP_CONTEXT");
  const std::string context =
      env ? env : std::string(REACHPLAN_SOURCE_DIR) + "/networks/middle-yangtze/context.gpkg";
  const fs::path dir = map_scratch("preview");
  for (const char* lang : {"en", "zh"}) {
    render_bundled(dir, context, lang);
    WARN((dir / ("map_" + std::string(lang) + ".png")).string());
  }
}
