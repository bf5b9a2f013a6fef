#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "reachplan/analysis/targets.hpp"
#include "reachplan/output/tables.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

int check_command(const std::string& scenario, const CommonOptions& common, std::ostream& out,
                  std::ostream& err) {
  const auto l = load_scenario_file(scenario, common, err);
  analysis::ScenarioEngine engine(l.scenario, common.threads);
  bool all_pass = true;
  int passed = 0;
  std::string text;
  for (const auto& target : l.scenario.targets) {
    const auto r = analysis::evaluate_target(engine, target);
    all_pass = all_pass && r.pass;
    passed += r.pass ? 1 : 0;
    text += output::target_text(r);
  }
  if (!common.quiet) {
    out << "Scenario " << l.scenario.id << ": " << passed << " of " << l.scenario.targets.size()
        << " targets pass\n"
        << text;
  }
  return all_pass ? exit_ok : exit_target_failed;
}

}  // namespace

Registered register_check(CLI::App& app, CommonOptions& common) {
  auto scenario = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("check", "Check a scenario's targets; exit 1 if any target fails");
  cmd->add_option("scenario", *scenario, "Scenario YAML file")->required();
  add_common_options(cmd, common);
  return {cmd, [scenario, &common](std::ostream& out, std::ostream& err) {
            return check_command(*scenario, common, out, err);
          }};
}

}  // namespace reachplan::cli
