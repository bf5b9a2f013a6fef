// The command-line shell: parses arguments, calls one library function per command, maps
// exceptions to exit codes. No logic of its own.
#pragma once

#include <functional>
#include <iosfwd>

#include "reachplan/core/error.hpp"

namespace reachplan::cli {

// Exit codes are core's (errors carry theirs).
using core::ExitCode;
using enum core::ExitCode;

int main(int argc, char** argv);

// Runs a command's action and returns its exit code. A core::Error (any subclass) prints
// "error: <what>" on `err` and returns the error's exit_code(); any other exception is a bug:
// "internal error: ..." and exit_internal.
int run_reporting_errors(const std::function<int()>& action, std::ostream& err);

}  // namespace reachplan::cli
