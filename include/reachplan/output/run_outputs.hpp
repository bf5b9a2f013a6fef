// Writes the files a scenario run asks for into one folder.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/run.hpp"
#include "reachplan/output/tables.hpp"

namespace reachplan::output {

// The outputs `run` knows how to write; a scenario's `outputs:` names a subset.
const std::vector<std::string>& known_outputs();
// Throws core::InputError (at the scenario's location) for names not in known_outputs().
void check_output_names(const model::Scenario& scenario);

// Writes every requested output (default: all of known_outputs()) plus matrix_<id>.csv for
// each extra matrix, each file atomically. Returns the paths written.
std::vector<std::string> write_run_outputs(const std::string& folder,
                                           const model::Scenario& scenario,
                                           const analysis::ScenarioResult& result,
                                           const std::vector<InputFile>& inputs,
                                           const std::vector<std::string>& warnings);

}  // namespace reachplan::output
