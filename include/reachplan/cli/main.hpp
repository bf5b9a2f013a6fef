// The command-line shell: parses arguments, calls one library function per command, maps
// exceptions to exit codes. No logic of its own.
#pragma once

namespace reachplan::cli {

// Exit codes, in one place.
enum ExitCode : int {
  exit_ok = 0,
  exit_target_failed = 1,  // `check`: a target failed
  exit_bad_input = 2,      // unreadable/invalid input, unknown ids, bad arguments
  exit_output_failed = 3,  // could not write results
  exit_internal = 4,       // a bug: please report
};

int main(int argc, char** argv);

}  // namespace reachplan::cli
