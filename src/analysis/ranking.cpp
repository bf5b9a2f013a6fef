#include "reachplan/analysis/ranking.hpp"

#include <algorithm>
#include <numeric>

#include "reachplan/core/parallel.hpp"

namespace reachplan::analysis {

const char* to_string(RankOrder o) {
  switch (o) {
    case RankOrder::benefit:
      return "benefit";
    case RankOrder::loss:
      return "loss";
    case RankOrder::targets:
      return "targets";
    case RankOrder::access:
      return "access";
  }
  return "?";
}

std::optional<RankOrder> rank_order_from_string(const std::string& s) {
  for (RankOrder o : {RankOrder::benefit, RankOrder::loss, RankOrder::targets, RankOrder::access})
    if (s == to_string(o)) return o;
  return std::nullopt;
}

std::vector<bool> baseline_mask(const model::Scenario& plan, const model::Scenario& baseline,
                                std::vector<std::string>& notes) {
  std::vector<bool> mask(plan.network.lines.size(), false);
  for (const auto& line : baseline.network.lines) {
    if (!model::is_built(line, baseline)) continue;
    const auto& lines = plan.network.lines;
    auto it = std::find_if(lines.begin(), lines.end(),
                           [&](const model::Line& l) { return l.id == line.id; });
    if (it == lines.end()) {
      notes.push_back("line '" + line.id + "' is built in " + baseline.id +
                      " but not part of the plan's network: left out of both ends");
      continue;
    }
    mask[static_cast<std::size_t>(it - lines.begin())] = true;
  }
  return mask;
}

namespace {

int sum(const std::vector<int>& v) {
  return std::accumulate(v.begin(), v.end(), 0);
}

int gains(const std::vector<int>& v) {
  return static_cast<int>(std::count(v.begin(), v.end(), 1));
}

}  // namespace

void sort_contributions(std::vector<LineContribution>& lines, RankOrder order, std::size_t middle) {
  auto reach = [middle](const Change& c) {
    return middle < c.reach.size() ? c.reach[middle] : 0.0;
  };
  // Larger is better for every key; the line id breaks ties so the order is total.
  auto key = [&](const LineContribution& c) -> std::vector<double> {
    switch (order) {
      case RankOrder::benefit:
        return {c.alone.minutes_saved, c.removed.minutes_saved};
      case RankOrder::loss:
        return {c.removed.minutes_saved, c.alone.minutes_saved};
      case RankOrder::targets:
        return {
            static_cast<double>(c.critical_for.size()), static_cast<double>(gains(c.alone.pass)),
            static_cast<double>(sum(c.alone.items) + sum(c.removed.items)), c.alone.minutes_saved};
      case RankOrder::access:
        return {reach(c.alone), c.alone.minutes_saved};
    }
    return {};
  };
  std::stable_sort(lines.begin(), lines.end(), [&](const auto& a, const auto& b) {
    const auto ka = key(a), kb = key(b);
    if (ka != kb) return ka > kb;
    return a.line < b.line;
  });
}

Ranking rank_lines(const model::Scenario& plan, const std::vector<bool>& baseline_built,
                   const std::string& baseline_id, const RankOptions& options) {
  const auto& lines = plan.network.lines;
  if (baseline_built.size() != lines.size())
    throw std::invalid_argument("rank_lines: baseline mask size differs from the line count");
  const std::vector<bool> full = built_mask(plan);
  std::vector<bool> universe(lines.size());
  for (std::size_t l = 0; l < lines.size(); ++l) universe[l] = full[l] || baseline_built[l];

  Ranking r;
  r.plan_id = plan.id;
  r.baseline_id = baseline_id;
  r.order = options.order;
  r.reach_minutes = options.measure.reach_minutes;
  for (const auto& t : plan.targets) {
    r.target_ids.push_back(t.id);
    r.target_names.push_back(t.name);
  }
  for (std::size_t l = 0; l < lines.size(); ++l)
    if (baseline_built[l] && !full[l])
      r.notes.push_back("line '" + lines[l].id + "' is built in " + baseline_id + " but not in " +
                        plan.id + ": on in the baseline measures, off in the plan's");

  const VariantEvaluator eval(plan, options.measure, universe);
  r.weighting = eval.weighting();
  r.profile = plan.profile(options.measure.profile).id;
  r.group = options.measure.group;
  const auto base_ref = eval.reference({baseline_built, {}});
  const auto full_ref = eval.reference({full, {}});
  r.baseline = VariantEvaluator::measure_of(*base_ref);
  r.full = VariantEvaluator::measure_of(*full_ref);
  r.plan_change = eval.change(r.baseline, r.full);

  std::vector<std::size_t> planned;
  for (std::size_t l = 0; l < lines.size(); ++l)
    if (full[l] && !baseline_built[l]) planned.push_back(l);

  // Two variants per line: 2k = baseline + line, 2k+1 = plan - line.
  std::vector<Measure> measured(2 * planned.size());
  core::parallel_for(
      measured.size(), options.threads, [] { return 0; },
      [&](int&, std::size_t k) {
        const std::size_t l = planned[k / 2];
        const bool add = k % 2 == 0;
        Variant v{add ? baseline_built : full, {}};
        v.lines[l] = add;
        const auto* ref = options.reuse ? (add ? base_ref.get() : full_ref.get()) : nullptr;
        measured[k] = eval.measure(v, ref);
      });

  for (std::size_t k = 0; k < planned.size(); ++k) {
    const model::Line& line = lines[planned[k]];
    LineContribution c;
    c.line = line.id;
    c.name = line.name;
    c.mode = line.mode;
    c.status = line.status;
    c.opened = line.opened;
    c.is_link = line.is_link;
    c.alone = eval.change(r.baseline, measured[2 * k]);
    c.removed = eval.change(measured[2 * k + 1], r.full);
    for (std::size_t t = 0; t < plan.targets.size(); ++t) {
      if (c.removed.pass[t] > 0) c.critical_for.push_back(plan.targets[t].id);
      if (c.alone.items[t] == 0 && c.alone.pass[t] == 0 && c.removed.items[t] > 0)
        c.only_with_others.push_back(plan.targets[t].id);
    }
    r.lines.push_back(std::move(c));
  }
  sort_contributions(r.lines, options.order, r.reach_minutes.size() / 2);
  r.variants = 2 + measured.size();
  r.searches_run = eval.searches_run();
  r.searches_reused = eval.searches_reused();
  r.searches_repaired = eval.searches_repaired();
  return r;
}

}  // namespace reachplan::analysis
