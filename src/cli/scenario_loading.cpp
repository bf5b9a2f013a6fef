#include "scenario_loading.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/io/load.hpp"

namespace reachplan::cli {

void add_common_options(CLI::App* command, CommonOptions& common) {
  command->add_flag("-q,--quiet", common.quiet, "Print nothing on success");
  command->add_flag("--strict", common.strict, "Treat warnings (e.g. unknown keys) as errors");
  command->add_option("-j,--threads", common.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
}

LoadedScenario load_scenario_file(const std::string& path, const CommonOptions& common,
                                  std::ostream& err) {
  std::vector<io::Warning> warnings;
  io::LoadOptions options;
  options.strict = common.strict;
  LoadedScenario l{io::load_scenario(path, warnings, options), {}};
  for (const auto& w : warnings) {
    l.warnings.push_back(w.str());
    err << "warning: " << w.str() << "\n";
  }
  return l;
}

}  // namespace reachplan::cli
