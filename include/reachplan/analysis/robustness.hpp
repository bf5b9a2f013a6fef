// N-1 robustness: take out each built line (or each stretch of track or road) in turn and see
// which targets break and by how much. The outages that break targets are the network's
// critical links.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/measure.hpp"

namespace reachplan::analysis {

// One target under one outage, when anything about it changes.
struct TargetImpact {
  std::size_t target = 0;  // index into scenario.targets
  TargetOutcome intact;
  TargetOutcome without;
};

struct Outage {
  enum class Kind { line, segment };
  Kind kind = Kind::line;
  std::string id;  // line id, or segment "mode:a-b"
  std::string mode;
  std::vector<std::string> lines;  // lines that stop running over it (a line: itself)
  Change loss;                     // intact against without: positive = what the outage costs
  // What the outage costs the trips: the weighted mean minutes added per trip over the pairs
  // still reachable without it (loss.minutes_saved_reachable), and the weighted ordered pairs
  // it leaves without a path (loss.pairs_connected: an outage never connects a pair). A cut
  // pair has no minutes to add, so it is counted here and never in minutes_lost.
  double minutes_lost = 0;
  int pairs_cut = 0;
  std::vector<std::string> breaks;    // targets that pass intact and fail without it
  std::vector<TargetImpact> impacts;  // targets whose outcome changes at all
};
const char* to_string(Outage::Kind k);

struct RobustnessOptions {
  MeasureSpec measure;
  bool segments = false;  // cut each segment instead of removing each line
  unsigned threads = 0;
  bool reuse = true;
};

struct Robustness {
  std::string scenario_id;
  std::vector<std::string> target_ids;
  std::vector<double> reach_minutes;
  std::string weighting;
  std::string profile;
  std::string group;
  bool segments = false;
  Measure intact;
  // Worst first: targets broken, then target items lost, then pairs cut, then minutes lost, then
  // id.
  std::vector<Outage> outages;
  std::size_t searches_run = 0;
  std::size_t searches_reused = 0;
};

Robustness n_minus_one(const model::Scenario& scenario, const RobustnessOptions& options);

}  // namespace reachplan::analysis
