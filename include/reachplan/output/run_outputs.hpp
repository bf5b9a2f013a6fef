// Writes the files a scenario run asks for into one folder.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/output/tables.hpp"

namespace reachplan::output {

// The outputs `run` knows how to write; a scenario's `outputs:` names a subset.
const std::vector<std::string>& known_outputs();
// GIS file names a plain `outputs:` list may also hold (io turns them into Scenario::gis).
const std::vector<std::string>& known_gis_outputs();
// Throws core::InputError (at the scenario's location) for names in neither list.
void check_output_names(const model::Scenario& scenario);

// Writes every requested output (default: all of known_outputs()) plus matrix_<id>.csv for
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
