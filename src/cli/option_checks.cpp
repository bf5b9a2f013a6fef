#include "option_checks.hpp"

#include <sstream>

namespace reachplan::cli {

namespace {

CLI::Validator bound_check(double bound, const std::string& unit, bool inclusive) {
  std::ostringstream rule;
  rule << (inclusive ? ">= " : "> ") << bound << (unit.empty() ? "" : " " + unit);
  const std::string text = rule.str();
  return CLI::Validator(
      [bound, inclusive, text](std::string& value) -> std::string {
        double x = 0;
        // Not a number: CLI11's own conversion reports it.
        if (!CLI::detail::lexical_cast(value, x)) return "";
        const bool ok = inclusive ? x >= bound : x > bound;  // false for NaN
        return ok ? "" : "must be " + text + " (got " + value + ")";
      },
      // No description, so --help reads as before; the message names the bound.
      "");
}

}  // namespace

CLI::Validator greater_than(double bound, const std::string& unit) {
  return bound_check(bound, unit, false);
}

CLI::Validator at_least(double bound, const std::string& unit) {
  return bound_check(bound, unit, true);
}

}  // namespace reachplan::cli
