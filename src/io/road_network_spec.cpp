#include "road_network_spec.hpp"

#include "reachplan/io/road_import.hpp"
#include "schema.hpp"

namespace reachplan::io::detail {

namespace {

using Spec = model::RoadLayerSpec;

// clang-format off
const std::vector<Field<Spec>> road_table = {
    {"file", [](auto& i, const auto& kv, const auto&) {
       i.value.file = relative_to(kv.value.file(), file_name(kv.value)); }},
    {"profile", [](auto& i, const auto& kv, const auto&) {
       const std::string name = file_name(kv.value);  // a built-in name is not a file
       i.value.profile =
           is_builtin_profile_name(name) ? name : relative_to(kv.value.file(), name); }},
    {"mode", [](auto& i, const auto& kv, const auto&) { i.value.mode = kv.value.id(); }},
    {"max_snap_km", [](auto& i, const auto& kv, const auto&) {
       i.value.max_snap_km = kv.value.number_in(range::snap_km); }},
    {"connector_kmh", [](auto& i, const auto& kv, const auto&) {
       i.value.connector_kmh = kv.value.number_in(range::off_network_kmh); }},
};
// clang-format on

}  // namespace

RoadNetworkSetting parse_road_network(const std::string& scenario_path, const Value& v,
                                      Diagnostics& diag) {
  RoadNetworkSetting s;
  s.spec.where = v.where();
  s.file_at = v.origin();
  if (v.is_scalar()) {
    s.spec.file = relative_to(scenario_path, file_name(v));
    return s;
  }
  if (!v.is_map()) v.fail("expected a file name or a map with 'file', got " + v.shown());
  Item<Spec> item;
  item.value = s.spec;
  item.origin = v.origin();
  apply_fields(item, v.entries(), road_table, nullptr, FieldContext{diag});
  if (!item.fields.count("file"))
    v.fail("road_network needs a 'file' (.osm.pbf, .osm, .opl or an imported .gpkg)");
  s.spec = item.value;
  s.file_at = item.at("file");
  return s;
}

void attach_road_network(const RoadNetworkSetting& setting, model::Scenario& scenario,
                         Diagnostics& diag) {
  model::RoadLayerSpec spec = setting.spec;
  RoadLoadOptions options;
  options.profile_path = spec.profile;
  LoadedRoads loaded;
  try {
    loaded = load_road_network(spec.file, options);
  } catch (const core::InputError& e) {
    fail_at(setting.file_at, e.what());
  }
  for (const auto& w : loaded.warnings) diag.warn(setting.file_at, w.message);
  spec.network = loaded.network;
  scenario.input_files.push_back(spec.file);
  if (!spec.profile.empty() && !is_builtin_profile_name(spec.profile))
    scenario.input_files.push_back(spec.profile);
  if (!scenario.network.find_mode(spec.mode)) {
    model::Mode m;
    m.id = spec.mode;
    m.name = "Road network";
    m.where = spec.where;
    scenario.network.modes.push_back(std::move(m));
  }
  scenario.road_network = std::move(spec);
}

}  // namespace reachplan::io::detail
