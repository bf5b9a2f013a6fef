#include "reachplan/analysis/robustness.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reachplan/core/parallel.hpp"

namespace reachplan::analysis {

const char* to_string(Outage::Kind k) {
  return k == Outage::Kind::line ? "line" : "segment";
}

Robustness n_minus_one(const model::Scenario& scenario, const RobustnessOptions& options) {
  const auto& lines = scenario.network.lines;
  const std::vector<bool> built = built_mask(scenario);
  const VariantEvaluator eval(scenario, options.measure, built);

  Robustness r;
  r.scenario_id = scenario.id;
  for (const auto& t : scenario.targets) r.target_ids.push_back(t.id);
  r.reach_minutes = options.measure.reach_minutes;
  r.weighting = eval.weighting();
  r.profile = scenario.profile(options.measure.profile).id;
  r.group = options.measure.group;
  r.segments = options.segments;
  const auto ref = eval.reference({built, {}});
  r.intact = VariantEvaluator::measure_of(*ref);

  std::vector<Outage> outages;
  std::vector<Variant> variants;
  if (options.segments) {
    for (const auto& key : eval.segments(built)) {
      Outage o;
      o.kind = Outage::Kind::segment;
      o.id = key.str();
      o.mode = key.mode;
      o.lines = eval.lines_over(key, built);
      outages.push_back(std::move(o));
      variants.push_back({built, {key}});
    }
  } else {
    for (std::size_t l = 0; l < lines.size(); ++l) {
      if (!built[l]) continue;
      Outage o;
      o.kind = Outage::Kind::line;
      o.id = lines[l].id;
      o.mode = lines[l].mode;
      o.lines = {lines[l].id};
      outages.push_back(std::move(o));
      variants.push_back({built, {}});
      variants.back().lines[l] = false;
    }
  }

  std::vector<Measure> measured(variants.size());
  core::parallel_for(
      variants.size(), options.threads, [] { return 0; },
      [&](int&, std::size_t k) {
        measured[k] = eval.measure(variants[k], options.reuse ? ref.get() : nullptr);
      });

  for (std::size_t k = 0; k < outages.size(); ++k) {
    Outage& o = outages[k];
    o.loss = eval.change(measured[k], r.intact);
    o.minutes_lost = o.loss.minutes_saved_reachable;
    o.pairs_cut = o.loss.pairs_connected;
    for (std::size_t t = 0; t < scenario.targets.size(); ++t) {
      const TargetOutcome& a = r.intact.targets[t];
      const TargetOutcome& b = measured[k].targets[t];
      if (a.pass && !b.pass) o.breaks.push_back(scenario.targets[t].id);
      const bool same_value = a.value == b.value || (std::isnan(a.value) && std::isnan(b.value));
      if (a.pass != b.pass || a.items_met != b.items_met || !same_value)
        o.impacts.push_back({t, a, b});
    }
  }
  auto items_lost = [](const Outage& o) {
    return std::accumulate(o.loss.items.begin(), o.loss.items.end(), 0);
  };
  std::stable_sort(outages.begin(), outages.end(), [&](const Outage& a, const Outage& b) {
    if (a.breaks.size() != b.breaks.size()) return a.breaks.size() > b.breaks.size();
    if (items_lost(a) != items_lost(b)) return items_lost(a) > items_lost(b);
    if (a.pairs_cut != b.pairs_cut) return a.pairs_cut > b.pairs_cut;
    if (a.minutes_lost != b.minutes_lost) return a.minutes_lost > b.minutes_lost;
    return a.id < b.id;
  });
  r.outages = std::move(outages);
  r.searches_run = eval.searches_run();
  r.searches_reused = eval.searches_reused();
  return r;
}

}  // namespace reachplan::analysis
