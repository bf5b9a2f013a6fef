// Renderings of line rankings and N-1 checks: the text `rank` and `robustness` print, CSV for
// pandas/R/Excel, and the writers that put them (with ranking.json and the HTML report) in a
// folder atomically. Pure functions returning strings (fixed number formats, stable orders).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reachplan/analysis/ranking.hpp"
#include "reachplan/analysis/robustness.hpp"

namespace reachplan::output {

// Text; max_rows = 0: every row.
std::string ranking_text(const analysis::Ranking& r, std::size_t max_rows = 0);
std::string robustness_text(const analysis::Robustness& r, std::size_t max_rows = 0);

// CSV.
std::string ranking_csv(const analysis::Ranking& r);
std::string robustness_csv(const analysis::Robustness& r);
std::string robustness_targets_csv(const analysis::Robustness& r, const model::Scenario& s);

// Writers: every file atomically into `folder`; return the paths written, in writing order.
std::vector<std::string> write_rank_outputs(const std::string& folder, const analysis::Ranking& r,
                                            const model::Scenario& plan,
                                            const std::vector<bool>& baseline_built);
std::vector<std::string> write_robustness_outputs(const std::string& folder,
                                                  const analysis::Robustness& r,
                                                  const model::Scenario& scenario);

}  // namespace reachplan::output
