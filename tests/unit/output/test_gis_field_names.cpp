// GIS field names that cannot collide: OGR matches field names without regard to case, so ids
// `a` and `A`, attributes `Population`/`Groups`/`ID` beside the node's own fields, and targets
// `fast` and `FAST` once landed in one field (GeoJSON: wrong values, exit 0; GeoPackage: a
// duplicate column). Read back through GDAL, every value must be its own, in both formats.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "unit/support/gis_fixtures.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

// Drawn: a -10- A -83- b by rail, no access time or waits: a->b 93 minutes (one transfer).
// `fast` (group trip = a, b) allows 10 minutes, `FAST` (group pair = a, A) 100.
constexpr const char* network_yaml = R"(network:
  name: collisions
nodes:
  - {id: a, name: Lower A, lon: 114.00, lat: 30.00, population: 100, groups: [pair, trip],
     attributes: {Population: p-attr, Groups: g-attr, ID: id-attr, order: o-attr}}
  - {id: A, name: Upper A, lon: 114.10, lat: 30.00, population: 200, groups: [pair]}
  - {id: b, name: Bee, lon: 114.50, lat: 30.00, population: 300, groups: [trip]}
modes:
  - {id: rail, speed_kmh: 120, access_min: 0}
lines:
  - {id: r1, mode: rail, stops: [a, A], segment_min: [10], status: existing}
  - {id: r2, mode: rail, stops: [A, b], segment_min: [83], status: existing}
)";
constexpr const char* scenario_yaml = R"(scenario:
  name: collisions
  year: 2024
  networks: [network.yaml]
  profiles:
    default: {access: door_to_door, wait: none}
  key_group: all
  targets:
    - {id: fast, kind: max_pair_time, group: trip, max_minutes: 10}
    - {id: FAST, kind: max_pair_time, group: pair, max_minutes: 100}
    - {id: ninety-minute-circle, kind: max_pair_time, group: all, max_minutes: 90}
  outputs:
    layers: [nodes, links, od]
    formats: [geojson, gpkg]
)";

using test::Dataset;

// The GIS files of the drawn scenario, written once.
const fs::path& written() {
  static const fs::path dir = [] {
    const fs::path d =
        fs::temp_directory_path() / ("reachplan-fields-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "out");
    std::ofstream(d / "network.yaml") << network_yaml;
    std::ofstream(d / "scenario.yaml") << scenario_yaml;
    std::vector<io::Warning> warnings;
    const model::Scenario s = io::load_scenario((d / "scenario.yaml").string(), warnings);
    const analysis::ScenarioResult result = analysis::run_scenario(s, 1);
    const analysis::GisResult gis = analysis::compute_gis(s, result, nullptr, 1);
    output::write_gis_outputs((d / "out").string(), s, gis);
    return d / "out";
  }();
  return dir;
}

// A registry layer (nodes, links, ...) by its table name: scenario.yaml's id is "scenario".
OGRLayer* layer_of(const Dataset& ds, const char* name) {
  const std::string table = output::layer_table_name(name, "scenario");
  OGRLayer* l = ds->GetLayerCount() == 1 ? ds->GetLayer(0) : ds->GetLayerByName(table.c_str());
  INFO(name);
  REQUIRE(l);
  return l;
}

// The field names exactly (OGR's own lookup ignores case, which is what went wrong).
std::vector<std::string> field_names(OGRLayer* layer) {
  std::vector<std::string> out;
  for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
    out.emplace_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  return out;
}

// Features by `key`, each a map field name -> text ("<null>" for null).
std::map<std::string, std::map<std::string, std::string>> rows(OGRLayer* layer, const char* key) {
  std::map<std::string, std::map<std::string, std::string>> out;
  const auto names = field_names(layer);
  layer->ResetReading();
  while (OGRFeature* raw = layer->GetNextFeature()) {
    std::unique_ptr<OGRFeature> f(raw);
    std::map<std::string, std::string> row;
    for (int i = 0; i < f->GetFieldCount(); ++i)
      row[names[static_cast<std::size_t>(i)]] =
          f->IsFieldNull(i) ? "<null>" : f->GetFieldAsString(i);
    out[row.at(key)] = row;
  }
  return out;
}

Dataset open(const std::string& file) {
  GDALAllRegister();
  Dataset ds(GDALDataset::Open((written() / file).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  INFO(file);
  REQUIRE(ds);
  return ds;
}

// [a-z][a-z0-9_]* and none of the SQL words a query cannot use unquoted.
void check_safe(const std::vector<std::string>& names) {
  static const std::regex safe("[a-z][a-z0-9_]*");
  static const std::set<std::string> keywords = {"from",  "to",    "order", "group", "select",
                                                 "where", "table", "index", "null"};
  std::set<std::string> seen;
  for (const auto& n : names) {
    INFO(n);
    CHECK(std::regex_match(n, safe));
    CHECK(keywords.count(n) == 0);
    CHECK(seen.insert(n).second);  // already lower case: unique in any case
  }
}

}  // namespace

TEST_CASE("GIS field names: colliding ids, attributes and targets keep their own values",
          "[gis][fields]") {
  for (const auto& [file, nodes_name, od_name] :
       {std::tuple{"nodes.geojson", "nodes", "od.geojson"},
        std::tuple{"layers.gpkg", "nodes", "layers.gpkg"}}) {
    INFO(file);
    const Dataset ds = open(file);
    OGRLayer* nodes = layer_of(ds, nodes_name);
    check_safe(field_names(nodes));
    CHECK(field_names(nodes) ==
          std::vector<std::string>{"id",           "name",
                                   "kind",         "population",
                                   "groups",       "key_member",
                                   "scenario",     "year",
                                   "profile",      "attr_groups",
                                   "attr_id",      "attr_population",
                                   "attr_order",   "min_to_a",
                                   "min_to_a_2",   "min_to_b",
                                   "pop_60min",    "pop_90min",
                                   "pop_120min",   "meets_fast",
                                   "meets_fast_2", "meets_ninety_minute_circle"});
    auto n = rows(nodes, "id");
    REQUIRE(n.size() == 3);
    // The node's own fields, then its attributes, each in its own field.
    CHECK(n["a"]["population"] == "100");
    CHECK(n["a"]["groups"] == "pair,trip");
    CHECK(n["a"]["attr_population"] == "p-attr");
    CHECK(n["a"]["attr_groups"] == "g-attr");
    CHECK(n["a"]["attr_id"] == "id-attr");
    CHECK(n["a"]["attr_order"] == "o-attr");
    // min_to_a is to `a`, min_to_a_2 to `A` (key members in the scenario's order).
    CHECK(n["a"]["min_to_a"] == "0");
    CHECK(n["a"]["min_to_a_2"] == "10");
    CHECK(n["b"]["min_to_a"] == "93");
    CHECK(n["b"]["min_to_a_2"] == "83");
    // fast (10 min over a, b) fails at a and b; FAST (100 min over a, A) holds at a and A.
    CHECK(n["a"]["meets_fast"] == "0");
    CHECK(n["b"]["meets_fast"] == "0");
    CHECK(n["A"]["meets_fast"] == "<null>");
    CHECK(n["a"]["meets_fast_2"] == "1");
    CHECK(n["A"]["meets_fast_2"] == "1");
    CHECK(n["b"]["meets_fast_2"] == "<null>");

    const Dataset od_ds = open(od_name);
    OGRLayer* od = layer_of(od_ds, "od");
    check_safe(field_names(od));
    std::map<std::string, std::map<std::string, std::string>> pairs;
    for (auto& [origin, row] : rows(od, "path"))
      pairs[row["origin"] + ">" + row["destination"]] = row;
    // The 93-minute trip on the 10-minute target fails; FAST does not check it.
    CHECK(pairs["a>b"]["minutes"] == "93");
    CHECK(pairs["a>b"]["meets_fast"] == "0");
    CHECK(pairs["a>b"]["minutes_fast"] == "93");
    CHECK(pairs["a>b"]["meets_fast_2"] == "<null>");
    CHECK(pairs["a>A"]["meets_fast"] == "<null>");
    CHECK(pairs["a>A"]["meets_fast_2"] == "1");
    CHECK(pairs["a>A"]["minutes_fast_2"] == "10");
    CHECK(pairs["a>b"]["meets_ninety_minute_circle"] == "0");

    const Dataset links_ds = open(file == std::string("layers.gpkg") ? file : "links.geojson");
    OGRLayer* links = layer_of(links_ds, "links");
    check_safe(field_names(links));
    CHECK(links->GetLayerDefn()->GetFieldIndex("from_stop") == 8);
    CHECK(links->GetLayerDefn()->GetFieldIndex("to_stop") == 9);
  }
}
