#include "road_network_spec.hpp"

#include <filesystem>

#include "reachplan/io/road_import.hpp"

namespace reachplan::io::detail {

namespace fs = std::filesystem;

namespace {

std::string resolve(const std::string& naming_file, const std::string& name) {
  const fs::path p(name);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(naming_file).parent_path() / p).lexically_normal().string();
}

}  // namespace

RoadNetworkSetting parse_road_network(const std::string& scenario_path, const Value& v,
                                      Diagnostics& diag) {
  RoadNetworkSetting s;
  s.spec.where = v.where();
  s.file_at = v.origin();
  if (v.is_scalar()) {
    s.spec.file = resolve(scenario_path, v.text());
    return s;
  }
  if (!v.is_map()) v.fail("expected a file name or a map with 'file', got " + v.shown());
  static const std::vector<std::string> keys = {"file", "profile", "mode", "max_snap_km",
                                                "connector_kmh"};
  bool has_file = false;
  for (const auto& e : v.entries()) {
    if (e.key == "file") {
      s.spec.file = resolve(scenario_path, e.value.text());
      s.file_at = e.value.origin();
      has_file = true;
    } else if (e.key == "profile") {
      s.spec.profile = resolve(scenario_path, e.value.text());
    } else if (e.key == "mode") {
      s.spec.mode = e.value.id();
    } else if (e.key == "max_snap_km") {
      s.spec.max_snap_km = e.value.non_negative();
    } else if (e.key == "connector_kmh") {
      s.spec.connector_kmh = e.value.positive();
    } else {
      diag.unknown_key(e, keys);
    }
  }
  if (!has_file) v.fail("road_network needs a 'file' (.osm.pbf, .osm, .opl or an imported .gpkg)");
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
  if (!spec.profile.empty()) scenario.input_files.push_back(spec.profile);
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
