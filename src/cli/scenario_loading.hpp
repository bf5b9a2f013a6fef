// Shared by the commands that take a scenario file: load it, print warnings to stderr.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "reachplan/cli/command.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::cli {

struct LoadedScenario {
  model::Scenario scenario;
  std::vector<std::string> warnings;  // already printed to stderr
};

LoadedScenario load_scenario_file(const std::string& path, const CommonOptions& common,
                                  std::ostream& err);

}  // namespace reachplan::cli
