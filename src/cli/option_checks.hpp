// Numeric bounds of options, declared with the option (`->check(greater_than(0, "km/h"))`) so
// CLI11 refuses a bad value while parsing, with exit code 2 like every argument error. Unlike
// CLI::Range they refuse NaN too.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace reachplan::cli {

// Values > bound; the message reads "must be > 0 km/h (got -3)".
CLI::Validator greater_than(double bound, const std::string& unit = "");
// Values >= bound.
CLI::Validator at_least(double bound, const std::string& unit = "");

}  // namespace reachplan::cli
