#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "reachplan/io/load.hpp"

namespace reachplan::cli {

namespace {

int validate_command(const std::vector<std::string>& files, const CommonOptions& common,
                     std::ostream& out, std::ostream& err) {
  // Every file is checked even after a failure, so one run lists every broken file.
  int status = exit_ok;
  for (const auto& f : files) {
    std::vector<io::Warning> warnings;
    io::LoadOptions options;
    options.strict = common.strict;
    try {
      std::string what;
      if (io::is_scenario_file(f)) {
        const auto s = io::load_scenario(f, warnings, options);
        int built = 0;
        for (const auto& line : s.network.lines) built += model::is_built(line, s) ? 1 : 0;
        what = "scenario '" + s.id + "': " + std::to_string(s.network.nodes.size()) + " places, " +
               std::to_string(built) + " of " + std::to_string(s.network.lines.size()) +
               " lines built, " + std::to_string(s.targets.size()) + " targets";
      } else {
        const auto n = io::load_network(f, warnings, options);
        what = "network: " + std::to_string(n.nodes.size()) + " places, " +
               std::to_string(n.modes.size()) + " modes, " + std::to_string(n.lines.size()) +
               " lines and links";
      }
      for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
      if (!common.quiet) out << f << ": ok (" << what << ")\n";
    } catch (const core::InputError& e) {
      for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
      err << "error: " << e.what() << "\n";
      status = exit_bad_input;
    }
  }
  return status;
}

}  // namespace

Registered register_validate(CLI::App& app, CommonOptions& common) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "validate", "Validate network and scenario files; errors name file:line:column");
  cmd->add_option("files", *files, "Network or scenario YAML files")->required();
  add_common_options(cmd, common);
  return {cmd, [files, &common](std::ostream& out, std::ostream& err) {
            return validate_command(*files, common, out, err);
          }};
}

}  // namespace reachplan::cli
