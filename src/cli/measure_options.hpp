// Options shared by compare, rank and robustness: what the minutes and accessibility figures
// are measured over.
#pragma once

#include <CLI/CLI.hpp>

#include "reachplan/analysis/measure.hpp"
#include "reachplan/analysis/ranking.hpp"

namespace reachplan::cli {

inline void add_measure_options(CLI::App* cmd, analysis::MeasureSpec& spec) {
  cmd->add_option("--profile", spec.profile,
                  "Profile of the matrices, minutes saved and accessibility (default: the "
                  "scenario's default profile)");
  cmd->add_option("--group", spec.group,
                  "Places the matrices and accessibility are measured between")
      ->capture_default_str();
  cmd->add_option("--reach", spec.reach_minutes,
                  "Accessibility thresholds in minutes, comma-separated")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

// Refuses a ranking order analysis::rank_order_from_string does not know, while parsing.
inline CLI::Validator rank_order_check() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        if (analysis::rank_order_from_string(s)) return "";
        return "unknown order '" + s + "' (benefit, loss, targets, access)";
      },
      "");
}

}  // namespace reachplan::cli
