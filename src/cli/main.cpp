#include "reachplan/cli/main.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::cli {

int main(int argc, char** argv) {
  // Ctrl-C or a kill removes the temporaries of outputs being written (nothing partial stays).
  output::install_interrupt_cleanup();
  CLI::App app{
      "reachplan: transport network routing and accessibility for regional planners.\n"
      "Loads a network and plan versions from YAML, computes travel-time matrices, checks\n"
      "targets (e.g. the 90-minute circle) and writes tables for GIS and people."};
  app.set_version_flag("--version", std::string("reachplan ") + core::version);
  app.require_subcommand(1);

  CommonOptions common;
  // One line per command; each lives in src/cli/<name>_command.cpp.
  const std::vector<Registered> commands = {
      register_run(app, common),      register_check(app, common),
      register_validate(app, common), register_route(app, common),
      register_surface(app, common),  register_compare(app, common),
      register_rank(app, common),     register_robustness(app, common),
      register_import(app, common),   register_matrix(app, common),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_bad_input;
  }

  for (const auto& c : commands)
    if (*c.command)
      return run_reporting_errors([&] { return c.action(std::cout, std::cerr); }, std::cerr);
  return exit_internal;
}

int run_reporting_errors(const std::function<int()>& action, std::ostream& err) {
  try {
    return action();
  } catch (const core::Error& e) {
    err << "error: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    err << "internal error: " << e.what() << " (please report this)\n";
    return exit_internal;
  }
}

}  // namespace reachplan::cli
