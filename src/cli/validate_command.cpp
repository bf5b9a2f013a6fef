#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "reachplan/io/load.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

// Scenario files are checked one by one, with every check `run` makes (check_runnable);
// network files together, as one network, since a network split into nodes/modes/rail files
// refers across them. Every file is checked even after a failure, and each load reports every
// error it finds (up to a limit), so one run lists every problem.
int validate_command(const std::vector<std::string>& files, const CommonOptions& common,
                     std::ostream& out, std::ostream& err) {
  int status = exit_ok;
  const io::LoadOptions options = load_options(common);
  auto attempt = [&](const std::string& label, auto&& load) {
    std::vector<io::Warning> warnings;
    try {
      const std::string what = load(warnings);
      for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
      if (!common.quiet) out << label << ": ok (" << what << ")\n";
    } catch (const core::Error& e) {
      for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
      err << "error: " << e.what() << "\n";
      status = exit_bad_input;
    }
  };

  std::vector<std::string> networks;
  for (const auto& f : files) {
    bool scenario = false;
    try {
      scenario = io::is_scenario_file(f);
    } catch (const core::InputError& e) {
      err << "error: " << e.what() << "\n";
      status = exit_bad_input;
      continue;
    }
    if (!scenario) {
      networks.push_back(f);
      continue;
    }
    attempt(f, [&](std::vector<io::Warning>& warnings) {
      const auto s = io::load_scenario(f, warnings, options);
      (void)check_runnable(s, common);
      int built = 0;
      for (const auto& line : s.network.lines) built += model::is_built(line, s) ? 1 : 0;
      return "scenario '" + s.id + "': " + std::to_string(s.network.nodes.size()) + " places, " +
             std::to_string(built) + " of " + std::to_string(s.network.lines.size()) +
             " lines built, " + std::to_string(s.targets.size()) + " targets";
    });
  }
  if (!networks.empty()) {
    const std::string label = networks.size() == 1 ? networks.front() : "networks";
    attempt(label, [&](std::vector<io::Warning>& warnings) {
      auto n = io::load_networks(networks, warnings, options);
      // `run network.yaml` runs the network with every default: check it the same way.
      model::Scenario s;
      s.id = "networks";
      s.network = std::move(n);
      s.profiles.emplace("default", model::Profile{});
      (void)check_runnable(s, common);
      const model::Network& net = s.network;
      return std::to_string(networks.size()) + " network file" + (networks.size() == 1 ? "" : "s") +
             ": " + std::to_string(net.nodes.size()) + " places, " +
             std::to_string(net.modes.size()) + " modes, " + std::to_string(net.lines.size()) +
             " lines and links";
    });
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
