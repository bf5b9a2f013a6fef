// Shared by the commands that take a scenario file: load it, print warnings to stderr.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::cli {

struct LoadedScenario {
  model::Scenario scenario;
  std::vector<std::string> warnings;  // already printed to stderr
};

// The loader's options from --strict / --lenient.
io::LoadOptions load_options(const CommonOptions& common);

LoadedScenario load_scenario_file(const std::string& path, const CommonOptions& common,
                                  std::ostream& err);

// What the checks before a run leave for it: the grid when the outputs need one, and the
// engine with a routing graph built for every profile.
struct RunChecks {
  std::optional<analysis::Grid> grid;
  std::unique_ptr<analysis::ScenarioEngine> engine;
};

// Every check `run` makes before it computes anything, in one place so that `validate` makes
// exactly these: output names, the GIS request, the grid (size, CRS, population raster) and a
// routing graph per profile (every arc within what the engine holds), and the memory the run
// is estimated to take against --max-memory. `s` must outlive the result (the engine refers
// to it).
RunChecks check_runnable(const model::Scenario& s, const CommonOptions& common);

}  // namespace reachplan::cli
