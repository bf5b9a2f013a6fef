// Internal to io: the scenario's `outputs:` section. Either a list of file names (tables and
// the GIS shorthands such as nodes.geojson or matrices.omx) or a map that also sets the GIS
// layers, formats, grid, surfaces, isochrones and OMX matrices.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reachplan/model/scenario.hpp"
#include "yaml_value.hpp"

namespace reachplan::io::detail {

struct OutputsSpec {
  std::vector<std::string> files;  // Scenario::outputs (checked against known names by output)
  model::GisSpec gis;
  // Names checked once the whole scenario chain is known (they may come from a child file).
  std::vector<std::pair<std::string, Origin>> places;    // node or group ids
  std::vector<std::pair<std::string, Origin>> groups;    // group ids
  std::vector<std::pair<std::string, Origin>> profiles;  // profile ids
};

// `scenario_path` is the file that holds the section (relative raster paths resolve there).
OutputsSpec parse_outputs(const std::string& scenario_path, const Value& outputs,
                          Diagnostics& diag);

}  // namespace reachplan::io::detail
