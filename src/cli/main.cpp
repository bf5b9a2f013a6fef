#include "reachplan/cli/main.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <sstream>
#include <streambuf>

#include "reachplan/cli/command.hpp"
#include "reachplan/core/distributed.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::cli {

namespace {

// Output of the ranks other than 0: discarded (rank 0 prints the run's summary).
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
};

// Runs the chosen command on this rank. In a job of several ranks, a failure ends the whole job
// (a rank waiting for blocks from a failed peer would wait for ever).
int run_on_rank(const Registered& c) {
  if (core::rank_count() == 1)
    return run_reporting_errors([&] { return c.action(std::cout, std::cerr); }, std::cerr);
  if (!c.distributed && !core::is_root()) return exit_ok;  // rank 0 alone runs it
  NullBuffer discard;
  std::ostream quiet(&discard);
  std::ostream& out = core::is_root() ? std::cout : quiet;
  std::ostringstream err;
  const int code = run_reporting_errors([&] { return c.action(out, err); }, err);
  if (code == exit_ok) return code;
  std::cerr << (core::is_root() ? "" : "rank " + std::to_string(core::rank()) + ": ") << err.str()
            << std::flush;
  if (c.distributed) core::abort_job(code);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C or a kill removes the temporaries of outputs being written (nothing partial stays).
  // First, so that the threads MPI starts inherit the blocked signals.
  output::install_interrupt_cleanup();
  // Joins an MPI job when started by mpirun (a job of one otherwise).
  core::Ranks ranks(argc, argv);
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
      register_access(app, common),   register_merge(app, common),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_bad_input;
  }

  for (const auto& c : commands)
    if (*c.command) return run_on_rank(c);
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
