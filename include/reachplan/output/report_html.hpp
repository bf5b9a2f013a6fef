// The comparison report: one self-contained HTML file (inline CSS and SVG, no scripts, fonts
// or links to fetch) that a planner opens in any browser, offline. It holds a map of the network
// drawn from the node coordinates, coloured by mode and status with the planned lines
// highlighted; the target table; heat maps of each version's matrix and of the minutes saved;
// accessibility per place; the ranking of planned lines; the N-1 check; and the PNG maps drawn
// for it (minutes saved per version pair), embedded as data URIs.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/compare.hpp"

namespace reachplan::output {

// A picture embedded in the report (a PNG map reachplan drew), so the file stays self-contained.
struct ReportPicture {
  std::string title;
  std::string caption;
  std::string file;  // the PNG's name next to the report (said in the caption)
  std::string png;   // the PNG's bytes
};

struct ReportInput {
  std::string title;
  const analysis::Comparison* comparison = nullptr;  // optional
  // The network drawn on the map, and which of its lines the baseline already had (the rest
  // of its built lines are drawn as planned).
  const model::Scenario* map = nullptr;
  std::vector<bool> map_baseline_built;
  const analysis::Ranking* ranking = nullptr;        // optional
  const analysis::Robustness* robustness = nullptr;  // optional
  std::vector<ReportPicture> pictures;               // drawn maps, shown after the network
};

std::string report_html(const ReportInput& input);

}  // namespace reachplan::output
