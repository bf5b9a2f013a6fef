// How a command plugs into the CLI: each command lives in its own src/cli/<name>_command.cpp
// and registers a CLI11 subcommand plus the action to run when it is chosen.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace reachplan::cli {

struct CommonOptions {
  bool quiet = false;
  bool strict = false;   // warnings are errors
  bool lenient = false;  // unknown YAML keys are warnings (old files)
  unsigned threads = 0;
  std::string max_memory;  // --max-memory as given; "" = analysis::default_memory_limit()
};

// Adds -q/--quiet, --strict, --lenient, -j/--threads and --max-memory to a subcommand.
void add_common_options(CLI::App* command, CommonOptions& common);

// The memory a request may take, in bytes (0: no limit): --max-memory, or half the physical
// memory. UsageError for a size that does not parse.
std::uint64_t memory_limit(const CommonOptions& common);

struct Registered {
  CLI::App* command = nullptr;
  // Runs the command after parsing; returns the exit code (see main.hpp), throws core errors.
  std::function<int(std::ostream& out, std::ostream& err)> action;
  // Whether the command splits its work over the ranks of an MPI job (core::deal_blocks);
  // under mpirun any other command runs on rank 0 alone.
  bool distributed = false;
};

// One registration function per command (see the *_command.cpp files).
Registered register_run(CLI::App& app, CommonOptions& common);
Registered register_check(CLI::App& app, CommonOptions& common);
Registered register_validate(CLI::App& app, CommonOptions& common);
Registered register_route(CLI::App& app, CommonOptions& common);
Registered register_surface(CLI::App& app, CommonOptions& common);
Registered register_compare(CLI::App& app, CommonOptions& common);
Registered register_rank(CLI::App& app, CommonOptions& common);
Registered register_robustness(CLI::App& app, CommonOptions& common);
Registered register_import(CLI::App& app, CommonOptions& common);
Registered register_matrix(CLI::App& app, CommonOptions& common);
Registered register_access(CLI::App& app, CommonOptions& common);
Registered register_merge(CLI::App& app, CommonOptions& common);

}  // namespace reachplan::cli
