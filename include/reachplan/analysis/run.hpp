// One scenario, start to finish: key matrix, trips, targets, extra matrices.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/targets.hpp"
#include "reachplan/analysis/timetable_trips.hpp"

namespace reachplan::analysis {

struct NamedMatrix {
  model::MatrixSpec spec;
  TravelTimeMatrix matrix;
};

struct NetworkStats {
  int nodes = 0;
  int lines_total = 0;
  int lines_built = 0;
  int segments_estimated = 0;  // built segments whose length came from coordinates
  std::size_t vertices = 0;    // default profile graph
  std::size_t arcs = 0;
};

struct ScenarioResult {
  std::string scenario_id;
  std::string scenario_name;
  std::optional<int> year;
  std::string key_group;
  TravelTimeMatrix key_matrix;  // key group x key group, default profile
  GroupTrips key_trips;         // every ordered pair of the key group, found on demand
  std::vector<TargetResult> targets;
  std::vector<NamedMatrix> matrices;
  NetworkStats stats;
  std::optional<TimetableSummary> timetable;  // the default profile rode timetables

  bool all_targets_pass() const;
};

ScenarioResult run_scenario(const model::Scenario& scenario, unsigned threads = 0);
// The same on an engine whose graphs may already be built (by the checks before a run).
ScenarioResult run_scenario(ScenarioEngine& engine);

}  // namespace reachplan::analysis
