// Styles and self-describing layers read back through GDAL/OGR: a layer_styles row per
// GeoPackage layer whose QML and SLD parse as XML and say the expected renderer, .qml sidecars
// beside GeoJSON and GeoTIFF, scenario-named tables unique in any case, typed scenario / year /
// profile fields, tracks apart from services, and project.qgs.
#include <cpl_minixml.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "reachplan/output/run_outputs.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

// r1 and r4 are two physical lines over a-A (say so: shared_with); x1 is an express service
// over r1 and r2 (runs_over, set below: the YAML key is another change's).
constexpr const char* styles_network = R"(network:
  name: styles
nodes:
  - {id: a, name: Alpha, lon: 114.00, lat: 30.00, population: 100000, groups: [cap],
     name_zh: 甲}
  - {id: A, name: Beta, lon: 114.10, lat: 30.00, population: 200, groups: [cap]}
  - {id: b, name: Gamma, lon: 114.50, lat: 30.10, population: 300}
modes:
  - {id: rail, speed_kmh: 120, access_min: 0}
  - {id: hsr, speed_kmh: 300, access_min: 0}
lines:
  - {id: r1, mode: rail, stops: [a, A], segment_min: [10], status: existing}
  - {id: r2, mode: rail, stops: [A, b], segment_min: [83], status: existing}
  - {id: r4, mode: hsr, stops: [A, a], segment_min: [5], status: existing}
  - {id: x1, mode: rail, stops: [a, A, b], segment_min: [9, 80], status: existing}
)";
constexpr const char* styles_scenario = R"(scenario:
  id: Plan-2035.B
  name: Styles test
  year: 2035
  networks: [network.yaml]
  profiles:
    default: {access: door_to_door, wait: none}
  key_group: cap
  targets:
    - {id: t60, kind: max_pair_time, group: cap, max_minutes: 60}
  outputs:
    files: [matrix.csv]
    layers: [nodes, links, services, od, isochrones]
    formats: [geojson, gpkg]
    grid: {resolution_m: 2000, margin_km: 10}
    surfaces:
      - {id: to_cap, kind: travel_time, to: cap}
    isochrones: {from: [cap], minutes: [30, 60]}
)";

struct StyClose {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using StyDataset = std::unique_ptr<GDALDataset, StyClose>;

const fs::path& styles_written() {
  static const fs::path dir = [] {
    const fs::path d =
        fs::temp_directory_path() / ("reachplan-styles-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "out");
    std::ofstream(d / "network.yaml") << styles_network;
    std::ofstream(d / "scenario.yaml") << styles_scenario;
    std::vector<io::Warning> warnings;
    model::Scenario s = io::load_scenario((d / "scenario.yaml").string(), warnings);
    s.network.find_line("x1")->runs_over = {"r1", "r2"};
    const analysis::ScenarioResult result = analysis::run_scenario(s, 1);
    const analysis::Grid grid = analysis::make_grid(s, s.gis);
    const analysis::GisResult gis = analysis::compute_gis(s, result, &grid, 1);
    output::write_gis_outputs((d / "out").string(), s, gis);
    return d / "out";
  }();
  return dir;
}

StyDataset sty_open(const fs::path& p) {
  GDALAllRegister();  // each test case may run alone (ctest runs them one by one)
  StyDataset ds(static_cast<GDALDataset*>(
      GDALOpenEx(p.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  INFO(p.string());
  REQUIRE(ds);
  return ds;
}

// The root element's name and the renderer type of a QML / SLD text; REQUIRE it parses.
std::string xml_root(const std::string& text) {
  CPLXMLNode* root = CPLParseXMLString(text.c_str());
  REQUIRE(root);
  std::string name;
  for (CPLXMLNode* n = root; n; n = n->psNext)
    if (n->eType == CXT_Element) name = n->pszValue;
  CPLDestroyXMLNode(root);
  return name;
}

std::string qml_renderer(const std::string& qml) {
  const std::smatch m = [&] {
    std::smatch r;
    std::regex_search(qml, r, std::regex("<(renderer-v2|rasterrenderer) type=\"([A-Za-z]+)\""));
    return r;
  }();
  return m.size() > 2 ? m[2].str() : "";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::map<std::string, std::string> expected_renderer = {{"nodes", "RuleRenderer"},
                                                              {"links", "categorizedSymbol"},
                                                              {"services", "categorizedSymbol"},
                                                              {"od", "categorizedSymbol"},
                                                              {"isochrones", "graduatedSymbol"}};

}  // namespace

TEST_CASE("layer tables are named for the scenario, unique in any case", "[gis][styles]") {
  CHECK(output::layer_table_name("links", "all-planned") == "links_all_planned");
  CHECK(output::layer_table_name("nodes", "Plan-2035.B") == "nodes_plan_2035_b");
  CHECK(output::layer_table_name("od", "__x..Y__") == "od_x_y");
  CHECK(output::layer_table_name("od", "") == "od");
  const StyDataset ds = sty_open(styles_written() / "layers.gpkg");
  std::set<std::string> lower;
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    std::string n = ds->GetLayer(i)->GetName();
    INFO(n);
    CHECK(std::regex_match(n, std::regex("[a-z][a-z0-9_]*")));
    CHECK(lower.insert(n).second);
  }
  CHECK(lower == std::set<std::string>{"nodes_plan_2035_b", "links_plan_2035_b",
                                       "services_plan_2035_b", "od_plan_2035_b",
                                       "isochrones_plan_2035_b", "layer_styles"});
  OGRLayer* links = ds->GetLayerByName("links_plan_2035_b");
  CHECK(std::string(links->GetMetadataItem("DESCRIPTION")) ==
        "links of scenario Plan-2035.B: Styles test (2035)");
  CHECK(std::string(links->GetMetadataItem("IDENTIFIER")) == "links Plan-2035.B");
}

TEST_CASE("every GeoPackage layer has a default style whose QML and SLD parse", "[gis][styles]") {
  const StyDataset ds = sty_open(styles_written() / "layers.gpkg");
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  REQUIRE(styles);
  std::set<std::string> styled;
  for (auto& f : *styles) {
    const std::string table = f->GetFieldAsString("f_table_name");
    INFO(table);
    styled.insert(table);
    CHECK(f->GetFieldAsInteger("useAsDefault") == 1);
    CHECK(std::string(f->GetFieldAsString("f_geometry_column")) == "geom");
    CHECK(std::string(f->GetFieldAsString("f_table_schema")).empty());
    const std::string qml = f->GetFieldAsString("styleQML");
    CHECK(xml_root(qml) == "qgis");
    CHECK(xml_root(f->GetFieldAsString("styleSLD")) == "StyledLayerDescriptor");
    const std::string kind = table.substr(0, table.find('_'));
    CHECK(qml_renderer(qml) == expected_renderer.at(kind));
  }
  CHECK(styled.size() == 5);
  for (const auto& [kind, renderer] : expected_renderer)
    CHECK(styled.count(kind + "_plan_2035_b") == 1);
  for (const char* field :
       {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
        "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"})
    CHECK(styles->GetLayerDefn()->GetFieldIndex(field) >= 0);
}

TEST_CASE("GeoJSON and GeoTIFF files have a .qml sidecar", "[gis][styles]") {
  const fs::path& out = styles_written();
  for (const auto& [kind, renderer] : expected_renderer) {
    const fs::path qml = out / (kind + ".qml");
    INFO(qml.string());
    REQUIRE(fs::exists(out / (kind + ".geojson")));
    REQUIRE(fs::exists(qml));
    const std::string text = slurp(qml);
    CHECK(xml_root(text) == "qgis");
    CHECK(qml_renderer(text) == renderer);
  }
  const std::string tif_style = slurp(out / "to_cap.qml");
  CHECK(xml_root(tif_style) == "qgis");
  CHECK(qml_renderer(tif_style) == "singlebandpseudocolor");
  CHECK(tif_style.find("colorRampType=\"DISCRETE\"") != std::string::npos);
  CHECK(tif_style.find("label=\"60-90 min\"") != std::string::npos);
  // The links categories: every mode x status, the mode's colour, planned dashed.
  const std::string links = slurp(out / "links.qml");
  CHECK(links.find("value=\"hsr/planned\"") != std::string::npos);
  CHECK(links.find("value=\"rail/existing\"") != std::string::npos);
  const std::string nodes = slurp(out / "nodes.qml");
  CHECK(nodes.find("labelsEnabled=\"1\"") != std::string::npos);
}

TEST_CASE("tracks and services are separate layers and shared stop pairs say so", "[gis][styles]") {
  const StyDataset ds = sty_open(styles_written() / "layers.gpkg");
  OGRLayer* links = ds->GetLayerByName("links_plan_2035_b");
  OGRLayer* services = ds->GetLayerByName("services_plan_2035_b");
  REQUIRE(links);
  REQUIRE(services);
  std::map<std::string, std::string> shared;  // line/segment -> shared_with
  for (auto& f : *links) {
    const std::string line = f->GetFieldAsString("line");
    CHECK(line != "x1");
    shared[line + "/" + f->GetFieldAsString("segment")] =
        f->IsFieldSetAndNotNull(f->GetFieldIndex("shared_with"))
            ? f->GetFieldAsString("shared_with")
            : "";
  }
  CHECK(shared == std::map<std::string, std::string>{{"r1/1", "r4"}, {"r2/1", ""}, {"r4/1", "r1"}});
  std::set<std::string> runs;
  for (auto& f : *services) {
    CHECK(std::string(f->GetFieldAsString("line")) == "x1");
    runs.insert(f->GetFieldAsString("runs_over"));
  }
  CHECK(services->GetFeatureCount() == 2);
  CHECK(runs == std::set<std::string>{"r1,r2"});
}

TEST_CASE("every layer says its scenario, year and profile, typed", "[gis][styles]") {
  const StyDataset ds = sty_open(styles_written() / "layers.gpkg");
  for (const auto& [kind, renderer] : expected_renderer) {
    OGRLayer* layer = ds->GetLayerByName((kind + "_plan_2035_b").c_str());
    INFO(kind);
    REQUIRE(layer);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    REQUIRE(defn->GetFieldIndex("scenario") >= 0);
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("scenario"))->GetType() == OFTString);
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("year"))->GetType() == OFTInteger);
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("profile"))->GetType() == OFTString);
    layer->ResetReading();
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    REQUIRE(f);
    CHECK(std::string(f->GetFieldAsString("scenario")) == "Plan-2035.B");
    CHECK(f->GetFieldAsInteger("year") == 2035);
  }
  OGRLayer* nodes = ds->GetLayerByName("nodes_plan_2035_b");
  std::map<std::string, int> key;
  for (auto& f : *nodes) key[f->GetFieldAsString("id")] = f->GetFieldAsInteger("key_member");
  CHECK(key == std::map<std::string, int>{{"a", 1}, {"A", 1}, {"b", 0}});
}

TEST_CASE("project.qgs names every layer with a relative source", "[gis][styles]") {
  const std::string qgs = slurp(styles_written() / "project.qgs");
  CHECK(xml_root(qgs) == "qgis");
  CHECK(qgs.find("<title>Styles test (2035)</title>") != std::string::npos);
  for (const char* source : {"./layers.gpkg|layername=nodes_plan_2035_b",
                             "./layers.gpkg|layername=services_plan_2035_b", "./to_cap.tif"})
    CHECK(qgs.find(std::string("<datasource>") + source + "</datasource>") != std::string::npos);
  // Top to bottom: nodes before od before links, the raster last.
  const auto at = [&](const char* s) { return qgs.find(s); };
  CHECK(at("layername=nodes_") < at("layername=od_"));
  CHECK(at("layername=od_") < at("layername=links_"));
  CHECK(at("layername=links_") < at("./to_cap.tif"));
}

TEST_CASE("every CSV of a run has a .csvt that types its columns for OGR", "[gis][styles][csvt]") {
  const fs::path d = fs::temp_directory_path() / ("reachplan-csvt-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  std::ofstream(d / "network.yaml") << styles_network;
  std::string scenario = styles_scenario;
  scenario = scenario.substr(0, scenario.find("  outputs:")) +
             "  outputs: [matrix.csv, od.csv, targets.csv]\n";
  std::ofstream(d / "scenario.yaml") << scenario;
  std::vector<io::Warning> warnings;
  const model::Scenario s = io::load_scenario((d / "scenario.yaml").string(), warnings);
  const analysis::ScenarioResult result = analysis::run_scenario(s, 1);
  output::write_run_outputs((d / "out").string(), s, result, {}, {});
  const std::map<std::string, std::map<std::string, OGRFieldType>> want = {
      {"matrix", {{"origin", OFTString}, {"a", OFTReal}}},
      {"od",
       {{"origin", OFTString},
        {"minutes", OFTReal},
        {"transfers", OFTInteger},
        {"path", OFTString}}},
      {"targets", {{"target", OFTString}, {"max_minutes", OFTReal}, {"items_met", OFTInteger}}}};
  for (const auto& [table, fields] : want) {
    INFO(table);
    const fs::path csv = d / "out" / (table + ".csv");
    REQUIRE(fs::exists(fs::path(csv.string() + "t")));
    // As many types as header columns.
    std::ifstream in(csv);
    std::string header;
    std::getline(in, header);
    const std::string types = slurp(fs::path(csv.string() + "t"));
    CHECK(std::count(types.begin(), types.end(), ',') ==
          std::count(header.begin(), header.end(), ','));
    const StyDataset ds = sty_open(csv);
    OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
    for (const auto& [name, type] : fields) {
      INFO(name);
      const int i = defn->GetFieldIndex(name.c_str());
      REQUIRE(i >= 0);
      CHECK(defn->GetFieldDefn(i)->GetType() == type);
    }
  }
}
