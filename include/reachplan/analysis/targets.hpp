// Checks a scenario's targets with trips and paths: the verdict comes from the one evaluation
// (analysis/target_eval.hpp), the worst offenders and their legs from the engine.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/target_eval.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

struct TargetResult {
  model::Target target;
  std::string profile;  // resolved profile id
  bool pass = false;
  double value = 0.0;      // as TargetOutcome::value
  std::string value_unit;  // "minutes", "yuan" or "share" (Target::value_unit)
  int items_total = 0;     // items the kind judges (pairs, or places)
  int items_met = 0;       // of those, within the limit
  std::string weighting;   // weighted kinds: "population" or "count"
  // Every item that misses max_minutes, worst first (unreachable first), with its path.
  std::vector<Trip> offenders;
  // Every item, worst first: the full picture (pairs, or hub->member, or member->nearest).
  std::vector<Trip> items;
};

TargetResult evaluate_target(ScenarioEngine& engine, const model::Target& target);

// Per place taking part in a target: does it meet it? A pair rule's place meets it when every
// item it is an end of is within; a mean's origin when its own weighted mean is within; a
// share's hub when the target passes.
std::map<std::string, bool> place_verdicts(const TargetResult& t, const model::Scenario& s);

// Sort trips worst first: unreachable (or of unknown cost), then by the measure descending, ties
// by origin/destination.
void sort_worst_first(std::vector<Trip>& trips,
                      model::Target::Measure measure = model::Target::Measure::time);

}  // namespace reachplan::analysis
