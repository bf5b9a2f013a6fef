#include "reachplan/cli/main.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "reachplan/cli/commands.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/version.hpp"

namespace reachplan::cli {

int main(int argc, char** argv) {
  CLI::App app{
      "reachplan: transport network routing and accessibility for regional planners.\n"
      "Loads a network and plan versions from YAML, computes travel-time matrices, checks\n"
      "targets (e.g. the 90-minute circle) and writes tables for GIS and people."};
  app.set_version_flag("--version", std::string("reachplan ") + core::version);
  app.require_subcommand(1);

  CommonOptions common;
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_flag("-q,--quiet", common.quiet, "Print nothing on success");
    cmd->add_flag("--strict", common.strict, "Treat warnings (e.g. unknown keys) as errors");
    cmd->add_option("-j,--threads", common.threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
  };

  RunOptions run;
  auto* run_cmd = app.add_subcommand(
      "run", "Run a scenario: print the matrix and target verdicts, write the outputs");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_cmd->add_option("-o,--output", run.output_folder,
                      "Output folder (default: out/<scenario id>)");
  add_common(run_cmd);

  std::string check_scenario;
  auto* check_cmd =
      app.add_subcommand("check", "Check a scenario's targets; exit 1 if any target fails");
  check_cmd->add_option("scenario", check_scenario, "Scenario YAML file")->required();
  add_common(check_cmd);

  std::vector<std::string> validate_files;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Validate network and scenario files; errors name file:line:column");
  validate_cmd->add_option("files", validate_files, "Network or scenario YAML files")->required();
  add_common(validate_cmd);

  RouteOptions route;
  auto* route_cmd =
      app.add_subcommand("route", "Show the fastest trip between two places, leg by leg");
  route_cmd->add_option("scenario", route.scenario, "Scenario YAML file")->required();
  route_cmd->add_option("from", route.from, "Origin place id")->required();
  route_cmd->add_option("to", route.to, "Destination place id")->required();
  route_cmd->add_option("-p,--profile", route.profile, "Routing profile (default: the scenario's)");
  add_common(route_cmd);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_bad_input;
  }

  try {
    if (*run_cmd) return run_command(run, common, std::cout, std::cerr);
    if (*check_cmd) return check_command(check_scenario, common, std::cout, std::cerr);
    if (*validate_cmd) return validate_command(validate_files, common, std::cout, std::cerr);
    if (*route_cmd) return route_command(route, common, std::cout, std::cerr);
  } catch (const core::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const core::UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const core::OutputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_output_failed;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << " (please report this)\n";
    return exit_internal;
  }
  return exit_internal;
}

}  // namespace reachplan::cli
