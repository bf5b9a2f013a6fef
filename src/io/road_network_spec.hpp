// Internal to io: a scenario's `road_network:` section, either a file name or
//   road_network: {file: roads.gpkg, profile: car.yaml, mode: road, max_snap_km: 5,
//                  connector_kmh: 30}
#pragma once

#include <string>

#include "reachplan/model/scenario.hpp"
#include "yaml_value.hpp"

namespace reachplan::io::detail {

struct RoadNetworkSetting {
  model::RoadLayerSpec spec;  // network not loaded yet
  Origin file_at;
};

// `scenario_path` is the file that holds the section (relative paths resolve there).
RoadNetworkSetting parse_road_network(const std::string& scenario_path, const Value& v,
                                      Diagnostics& diag);

// Loads (through the cache) and prepares the network, adds its mode to the scenario's network
// when no file defines it, and records the files read.
void attach_road_network(const RoadNetworkSetting& setting, model::Scenario& scenario,
                         Diagnostics& diag);

}  // namespace reachplan::io::detail
