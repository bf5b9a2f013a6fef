#include "reachplan/analysis/ranking.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <stdexcept>

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

namespace {

// Whether two versions of a line give the same arcs: the fields the graph times them by, none
// of the descriptive ones (name, status, opened, source, confidence, note, file location).
bool same_service(const model::Line& a, const model::Line& b) {
  auto same_stop = [](const model::Stop& x, const model::Stop& y) {
    return x.node == y.node && x.pass == y.pass && x.dwell_min == y.dwell_min && x.km == y.km;
  };
  return a.mode == b.mode &&
         std::equal(a.stops.begin(), a.stops.end(), b.stops.begin(), b.stops.end(), same_stop) &&
         a.segment_km == b.segment_km && a.segment_min == b.segment_min &&
         a.length_km == b.length_km && a.design_speed_kmh == b.design_speed_kmh &&
         a.speed_kmh == b.speed_kmh && a.detour_factor == b.detour_factor &&
         a.dwell_min == b.dwell_min && a.headway_min == b.headway_min &&
         a.trains_per_day == b.trains_per_day && a.oneway == b.oneway;
}

bool same_timing(const model::Mode& a, const model::Mode& b) {
  return a.speed_kmh == b.speed_kmh && a.speed_factor == b.speed_factor &&
         a.dwell_min == b.dwell_min && a.access_min == b.access_min &&
         a.egress_min == b.egress_min && a.boarding_wait_min == b.boarding_wait_min &&
         a.detour_factor == b.detour_factor && a.transfer_default_min == b.transfer_default_min &&
         a.transfer_min == b.transfer_min;
}

bool same_timing(const model::Node& a, const model::Node& b) {
  return a.lon == b.lon && a.lat == b.lat && a.access_min == b.access_min &&
         a.egress_min == b.egress_min;
}

// Whether a line of another version can run on `net`: its mode and every stop exist there.
bool runs_on(const model::Network& net, const model::Line& line) {
  return net.find_mode(line.mode) &&
         std::all_of(line.stops.begin(), line.stops.end(),
                     [&](const model::Stop& st) { return net.find_node(st.node) != nullptr; });
}

// Per line of the ranking network: the baseline's own version of it that its plan version
// replaces (the plan re-times the line), if any.
using Replaces = std::vector<std::optional<std::size_t>>;

// The network both ends of a ranking are measured on: the plan's lines, then the baseline's
// own versions ("<id>@<baseline>") of the built lines the plan removes or re-times.
struct RankNetwork {
  model::Scenario scenario;
  std::vector<bool> baseline_built;  // over scenario.network.lines
  Replaces replaces;                 // over scenario.network.lines
  std::vector<std::string> notes;
};

// Modes and nodes are the plan's at both ends: say where the baseline's differ.
void note_changed_modes_and_nodes(const model::Scenario& plan, const model::Scenario& baseline,
                                  const std::string& baseline_id, std::vector<std::string>& notes) {
  const std::string tail =
      " differs between " + baseline_id + " and " + plan.id + ": the plan's values serve both ends";
  for (const auto& m : baseline.network.modes)
    if (const auto* mine = plan.network.find_mode(m.id); mine && !same_timing(*mine, m))
      notes.push_back("mode '" + m.id + "'" + tail);
  for (const auto& n : baseline.network.nodes)
    if (const auto* mine = plan.network.find_node(n.id); mine && !same_timing(*mine, n))
      notes.push_back("node '" + n.id + "'" + tail);
}

RankNetwork rank_network(const model::Scenario& plan, const model::Scenario& baseline,
                         const std::string& baseline_id) {
  RankNetwork net{plan, {}, {}, {}};
  auto& lines = net.scenario.network.lines;
  net.baseline_built.assign(lines.size(), false);
  net.replaces.assign(lines.size(), std::nullopt);
  for (const auto& line : baseline.network.lines) {
    if (!model::is_built(line, baseline)) continue;
    const model::Line* mine = plan.network.find_line(line.id);
    const auto at = mine ? static_cast<std::size_t>(mine - plan.network.lines.data()) : 0;
    if (mine && same_service(*mine, line)) {
      net.baseline_built[at] = true;
      continue;
    }
    if (!runs_on(plan.network, line)) {
      net.notes.push_back("line '" + line.id + "' is built in " + baseline_id +
                          " but not part of the plan's network: left out of both ends");
      continue;
    }
    model::Line own = line;
    own.id = line.id + "@" + baseline_id;
    lines.push_back(std::move(own));
    net.baseline_built.push_back(true);
    net.replaces.push_back(std::nullopt);
    if (mine) {
      net.replaces[at] = lines.size() - 1;
      net.notes.push_back("line '" + line.id + "' differs between " + baseline_id + " and " +
                          plan.id +
                          " (modify:): the baseline's version in the baseline measures, " +
                          "the plan's in the plan's");
    } else {
      net.notes.push_back("line '" + line.id + "' is built in " + baseline_id + " and removed in " +
                          plan.id + ": on in the baseline measures, off in the plan's");
    }
  }
  note_changed_modes_and_nodes(plan, baseline, baseline_id, net.notes);
  return net;
}

// Line `line`'s contribution from its two variants: the baseline with it, the plan without it.
LineContribution contribution(const model::Scenario& plan, const model::Line& line,
                              const VariantEvaluator& eval, const Ranking& r, const Measure& alone,
                              const Measure& without) {
  LineContribution c;
  c.line = line.id;
  c.name = line.name;
  c.mode = line.mode;
  c.status = line.status;
  c.opened = line.opened;
  c.is_link = line.is_link;
  c.alone = eval.change(r.baseline, alone);
  c.removed = eval.change(without, r.full);
  for (std::size_t t = 0; t < plan.targets.size(); ++t) {
    if (c.removed.pass[t] > 0) c.critical_for.push_back(plan.targets[t].id);
    if (c.alone.items[t] == 0 && c.alone.pass[t] == 0 && c.removed.items[t] > 0)
      c.only_with_others.push_back(plan.targets[t].id);
  }
  return c;
}

// Per line of the ranking network: the baseline's own version of it that its plan version
// replaces (the plan re-times the line), if any.
using Replaces = std::vector<std::optional<std::size_t>>;

// The ranking of `plan`'s first `own_lines` lines built in `full` and not in `baseline_built`,
// each added to the baseline in place of the version it replaces, and removed from the plan
// with that version back.
Ranking rank_on(const model::Scenario& plan, std::size_t own_lines,
                const std::vector<bool>& baseline_built, const std::vector<bool>& full,
                const Replaces& replaces, const std::string& baseline_id,
                const RankOptions& options) {
  const auto& lines = plan.network.lines;
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
  for (std::size_t l = 0; l < own_lines; ++l)
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
  for (std::size_t l = 0; l < own_lines; ++l)
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
        if (replaces[l]) v.lines[*replaces[l]] = !add;
        const auto* ref = options.reuse ? (add ? base_ref.get() : full_ref.get()) : nullptr;
        measured[k] = eval.measure(v, ref);
      });

  for (std::size_t k = 0; k < planned.size(); ++k)
    r.lines.push_back(
        contribution(plan, lines[planned[k]], eval, r, measured[2 * k], measured[2 * k + 1]));
  sort_contributions(r.lines, options.order, r.reach_minutes.size() / 2);
  r.variants = 2 + measured.size();
  r.searches_run = eval.searches_run();
  r.searches_reused = eval.searches_reused();
  r.searches_repaired = eval.searches_repaired();
  return r;
}

}  // namespace

Ranking rank_lines(const model::Scenario& plan, const std::vector<bool>& baseline_built,
                   const std::string& baseline_id, const RankOptions& options) {
  const auto& lines = plan.network.lines;
  if (baseline_built.size() != lines.size())
    throw std::invalid_argument("rank_lines: baseline mask size differs from the line count");
  return rank_on(plan, lines.size(), baseline_built, built_mask(plan),
                 Replaces(lines.size(), std::nullopt), baseline_id, options);
}

Ranking rank_lines(const model::Scenario& plan, const model::Scenario& baseline,
                   const std::string& baseline_id, const RankOptions& options) {
  RankNetwork net = rank_network(plan, baseline, baseline_id);
  std::vector<bool> full = built_mask(plan);
  full.resize(net.scenario.network.lines.size(), false);  // the baseline's versions: off
  Ranking r = rank_on(net.scenario, plan.network.lines.size(), net.baseline_built, full,
                      net.replaces, baseline_id, options);
  r.notes.insert(r.notes.begin(), net.notes.begin(), net.notes.end());
  return r;
}

}  // namespace reachplan::analysis
