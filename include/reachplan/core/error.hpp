// Exception hierarchy. Each error carries the process exit code it ends the CLI with, so the
// CLI catches core::Error alone and a new error class needs no new catch block.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace reachplan::core {

// Where a value came from in an input file. line/column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty(); }
  // "file:line:column" (or as much of it as is known).
  std::string str() const;
};

// Process exit codes, in one place: commands return them, errors carry theirs.
enum ExitCode : int {
  exit_ok = 0,
  exit_target_failed = 1,  // `check`: a target failed
  exit_bad_input = 2,      // unreadable/invalid input, unknown ids, bad arguments
  exit_output_failed = 3,  // could not write results
  exit_internal = 4,       // a bug: please report
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // The exit code of a run this error ends: bad input unless the class says otherwise.
  virtual ExitCode exit_code() const { return exit_bad_input; }
};

// Bad input: malformed YAML, unknown ids, impossible values. Exit code 2.
class InputError : public Error {
 public:
  // Message reads "file:line:column: key_path: what".
  InputError(SourceLocation where, std::string key_path, std::string what);
  explicit InputError(std::string what);

  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& detail() const { return detail_; }

 protected:
  // For InputErrors: the position and detail of `first`, a message of its own.
  InputError(const InputError& first, const std::string& message);

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string detail_;
};

// Several input errors found in one pass (a file is checked whole, not up to its first error).
// what() lists them one per line; every line after the first starts with "error: ", as the CLI
// prints the first, so the whole list reads alike wherever it is printed.
class InputErrors : public InputError {
 public:
  // `errors` non-empty; `more`: errors found beyond those kept.
  InputErrors(std::vector<InputError> errors, std::size_t more);
  const std::vector<InputError>& errors() const { return errors_; }
  std::size_t more() const { return more_; }

 private:
  std::vector<InputError> errors_;
  std::size_t more_ = 0;
};

// A request that names something the scenario does not have (unknown origin, group...). Exit 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// Could not write an output (permissions, disk full, GDAL failure). Exit code 3.
class OutputError : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const override { return exit_output_failed; }
};

}  // namespace reachplan::core
