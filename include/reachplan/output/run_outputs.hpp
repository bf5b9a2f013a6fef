// Writes the files a scenario run asks for into one folder.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/output/tables.hpp"

namespace reachplan::output {

// Throws core::InputError (at the scenario's location) for a name the registry
// (model/outputs.hpp) does not hold. io already checks the names it loads at their own line;
// this guards scenarios made in code.
void check_output_names(const model::Scenario& scenario);

// Writes every requested output (default: the registry's default tables) plus matrix_<id>.csv for
// each extra matrix, each file atomically, and the GIS outputs of `gis` when given (see
// gis_outputs.hpp). Returns the paths written.
std::vector<std::string> write_run_outputs(const std::string& folder,
                                           const model::Scenario& scenario,
                                           const analysis::ScenarioResult& result,
                                           const std::vector<InputFile>& inputs,
                                           const std::vector<std::string>& warnings,
                                           const analysis::GisResult* gis = nullptr,
                                           const analysis::Progress& progress = {});

}  // namespace reachplan::output
