// Checks a scenario's targets: each evaluates to pass/fail with the worst offenders and paths.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

struct TargetResult {
  model::Target target;
  std::string profile;  // resolved profile id
  bool pass = false;
  // max_pair_time / max_nearest_time: worst minutes (NaN if something is unreachable);
  // reach_share: the share reached in [0, 1]; mean_time: the weighted mean minutes.
  double value = 0.0;
  std::string value_unit;  // "minutes" or "share"
  int items_total = 0;     // pairs (max_pair_time, mean_time) or members (others)
  int items_met = 0;       // of those, within max_minutes
  std::string weighting;   // mean_time / reach_share: "population" or "count"
  // Every item that misses max_minutes, worst first (unreachable first), with its path.
  std::vector<Trip> offenders;
  // Every item, worst first: the full picture (pairs, or hub->member, or member->nearest).
  std::vector<Trip> items;
};

TargetResult evaluate_target(ScenarioEngine& engine, const model::Target& target);

// The weights a target gives its places: their populations, or all ones when any of them lacks
// one (`weighting` says which: "population" or "count").
std::vector<double> target_weights(const model::Scenario& s, const std::vector<std::string>& ids,
                                   std::string& weighting);

// Sort trips worst first: unreachable, then by minutes descending, ties by origin/destination.
void sort_worst_first(std::vector<Trip>& trips);

}  // namespace reachplan::analysis
