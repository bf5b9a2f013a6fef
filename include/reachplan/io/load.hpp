// YAML -> model. Every problem becomes a core::InputError naming file:line:column, the key
// path and the offending value; questionable but usable input becomes a warning. A load checks
// its files whole: when several problems are found they come together as core::InputErrors.
#pragma once

#include <string>
#include <vector>

#include "reachplan/model/scenario.hpp"

namespace reachplan::io {

struct Warning {
  core::SourceLocation where;
  std::string key_path;
  std::string message;
  std::string str() const;  // "file:line:col: key_path: message"
};

struct LoadOptions {
  bool strict = false;   // turn warnings into InputErrors
  bool lenient = false;  // unknown keys are warnings, not errors (old files; see README)
};

// Loads a scenario file, follows `extends:` (cycles are InputErrors), loads its networks,
// applies build/add/remove/modify, and validates the result (references, duplicates,
// values). Relative paths resolve against the file that names them.
model::Scenario load_scenario(const std::string& path, std::vector<Warning>& warnings,
                              const LoadOptions& options = {});

// Loads one network file on its own (nodes/modes/lines/links), validated as a whole.
model::Network load_network(const std::string& path, std::vector<Warning>& warnings,
                            const LoadOptions& options = {});

// Loads several network files as one network (a network split into nodes, modes, rail...
// files refers across them), validated as a whole.
model::Network load_networks(const std::vector<std::string>& paths, std::vector<Warning>& warnings,
                             const LoadOptions& options = {});

// What a file is, from its top-level keys: a scenario has `scenario:`.
bool is_scenario_file(const std::string& path);

}  // namespace reachplan::io
