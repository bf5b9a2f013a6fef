// Link contribution ranking: which planned line buys the most. Each line the plan builds and the
// baseline does not is measured twice: added alone to the baseline (its benefit on its own), and
// removed alone from the full plan (what the plan loses without it).
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/measure.hpp"

namespace reachplan::analysis {

// One line (or link) of the plan with its effect both ways; positive numbers are gains.
struct LineContribution {
  std::string line;
  std::string name;
  std::string mode;
  model::Status status = model::Status::planned;
  std::optional<int> opened;
  bool is_link = false;
  Change alone;    // baseline + line, against the baseline
  Change removed;  // full plan, against the full plan without the line (what the line holds up)
  // Targets the full plan meets and misses without this line. Trip times never grow when lines
  // are added, and every target kind only gets easier as times shrink, so the full plan minus
  // this line is the best any combination of the other lines can do: "critical" means no
  // combination without the line meets the target, checked exactly, not sampled.
  std::vector<std::string> critical_for;
  // Targets where the line gains nothing on its own but the full plan loses items without it:
  // it helps only together with other planned lines.
  std::vector<std::string> only_with_others;
};

enum class RankOrder {
  benefit,  // minutes saved when added alone (then loss when removed)
  loss,     // minutes lost when removed from the full plan (then benefit)
  targets,  // targets it is critical for, target items gained alone + held up, then benefit
  access,   // accessibility gained alone at the middle threshold, then benefit
};
const char* to_string(RankOrder o);
std::optional<RankOrder> rank_order_from_string(const std::string& s);

struct RankOptions {
  MeasureSpec measure;
  RankOrder order = RankOrder::benefit;
  unsigned threads = 0;  // variants in parallel; 0 = all cores
  bool reuse = true;     // false: re-run every search (for benchmarks and checks)
};

struct Ranking {
  std::string plan_id;
  std::string baseline_id;
  std::vector<std::string> target_ids;
  std::vector<std::string> target_names;
  std::vector<double> reach_minutes;
  std::string weighting;                // "population" or "count"
  std::string profile;                  // of the minutes and accessibility figures
  std::string group;                    // places the minutes and accessibility are measured between
  Measure baseline;                     // plan network with the baseline's lines
  Measure full;                         // the plan as built
  Change plan_change;                   // full against baseline
  std::vector<LineContribution> lines;  // sorted per the order
  RankOrder order = RankOrder::benefit;
  std::vector<std::string> notes;  // caveats (baseline lines the plan does not have...)
  std::size_t variants = 0;        // networks measured
  std::size_t searches_run = 0;
  std::size_t searches_reused = 0;
  std::size_t searches_repaired = 0;
};

// Ranks the lines built in `plan` but not in `baseline_built` (a mask over plan.network.lines).
// The baseline state is the plan's network with only the baseline's lines built, so both ends
// share the plan's nodes, modes, profiles and targets.
Ranking rank_lines(const model::Scenario& plan, const std::vector<bool>& baseline_built,
                   const std::string& baseline_id, const RankOptions& options);

// Ranks the plan's lines against a baseline scenario (what `rank` and `compare` do). Both ends
// are measured on one network: the plan's, plus the baseline's own versions of the built lines
// the plan removes (`remove:`) or re-times (`modify:`), so the baseline end is exactly what
// `run` measures on the baseline and the plan end what it measures on the plan (the whole-plan
// row includes the removals and changes, not only the additions). A line the plan re-times is
// ranked like an added one: its plan version replacing the baseline's. The plan's targets,
// places, profiles, modes and nodes serve both ends; modes and nodes the plan changes are noted.
Ranking rank_lines(const model::Scenario& plan, const model::Scenario& baseline,
                   const std::string& baseline_id, const RankOptions& options);

// The baseline's built lines as a mask over plan.network.lines, matched by id. Lines the
// baseline builds that the plan does not have are named in `notes`.
std::vector<bool> baseline_mask(const model::Scenario& plan, const model::Scenario& baseline,
                                std::vector<std::string>& notes);

void sort_contributions(std::vector<LineContribution>& lines, RankOrder order,
                        std::size_t middle_threshold);

}  // namespace reachplan::analysis
