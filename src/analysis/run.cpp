#include "reachplan/analysis/run.hpp"

#include "reachplan/graph/build.hpp"

namespace reachplan::analysis {

bool ScenarioResult::all_targets_pass() const {
  for (const auto& t : targets)
    if (!t.pass) return false;
  return true;
}

ScenarioResult run_scenario(const model::Scenario& scenario, unsigned threads) {
  ScenarioEngine engine(scenario, threads);
  return run_scenario(engine);
}

ScenarioResult run_scenario(ScenarioEngine& engine) {
  const model::Scenario& scenario = engine.scenario();
  ScenarioResult r;
  r.scenario_id = scenario.id;
  r.scenario_name = scenario.name;
  r.year = scenario.year;
  r.key_group = scenario.key_group.empty() ? "all" : scenario.key_group;

  const auto key = scenario.group_members(r.key_group);
  r.key_matrix = engine.matrix("", key, key);
  r.key_trips = engine.group_trips("", key);

  for (const auto& target : scenario.targets) r.targets.push_back(evaluate_target(engine, target));

  for (const auto& spec : scenario.matrices) {
    const auto rows = scenario.group_members(spec.group);
    const auto cols = spec.to_group.empty() ? rows : scenario.group_members(spec.to_group);
    r.matrices.push_back({spec, engine.matrix(spec.profile, rows, cols)});
  }

  if (engine.on_timetable("")) r.timetable = engine.timetable().summary();
  const auto& g = engine.graph("");
  r.stats.nodes = static_cast<int>(scenario.network.nodes.size());
  r.stats.lines_total = static_cast<int>(scenario.network.lines.size());
  for (const auto& line : scenario.network.lines) {
    if (!model::is_built(line, scenario)) continue;
    ++r.stats.lines_built;
    for (const auto& seg : graph::time_segments(scenario.network, line))
      if (seg.km_estimated) ++r.stats.segments_estimated;
  }
  r.stats.vertices = g.vertex_count();
  r.stats.arcs = g.arc_count();
  return r;
}

}  // namespace reachplan::analysis
