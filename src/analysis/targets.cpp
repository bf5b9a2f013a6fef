#include "reachplan/analysis/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "reachplan/core/error.hpp"

namespace reachplan::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool within(const Trip& t, double max_minutes) {
  // Compare at the engine's resolution (whole seconds) so 90.0 minutes passes a 90 target.
  return t.reachable() && t.minutes <= max_minutes + 1e-9;
}

void finish(TargetResult& r) {
  sort_worst_first(r.items);
  for (const auto& t : r.items)
    if (!within(t, r.target.max_minutes)) r.offenders.push_back(t);
  r.items_total = static_cast<int>(r.items.size());
  r.items_met = r.items_total - static_cast<int>(r.offenders.size());
}

double worst_minutes(const std::vector<Trip>& trips) {
  double worst = 0;
  for (const auto& t : trips) {
    if (!t.reachable()) return nan;
    worst = std::max(worst, t.minutes);
  }
  return worst;
}

}  // namespace

std::vector<double> target_weights(const model::Scenario& s, const std::vector<std::string>& ids,
                                   std::string& weighting) {
  std::vector<double> w;
  bool all_known = true;
  for (const auto& id : ids) {
    const model::Node* n = s.network.find_node(id);
    if (!n || !n->population) all_known = false;
    w.push_back(n && n->population ? *n->population : 0.0);
  }
  double total = 0;
  for (double x : w) total += x;
  if (!all_known || total <= 0) {
    std::fill(w.begin(), w.end(), 1.0);
    weighting = "count";
  } else {
    weighting = "population";
  }
  return w;
}

void sort_worst_first(std::vector<Trip>& trips) {
  std::stable_sort(trips.begin(), trips.end(), [](const Trip& a, const Trip& b) {
    if (a.reachable() != b.reachable()) return !a.reachable();
    if (a.reachable() && a.minutes != b.minutes) return a.minutes > b.minutes;
    if (a.origin != b.origin) return a.origin < b.origin;
    return a.destination < b.destination;
  });
}

TargetResult evaluate_target(ScenarioEngine& engine, const model::Target& target) {
  const model::Scenario& s = engine.scenario();
  TargetResult r;
  r.target = target;
  r.profile = s.profile(target.profile).id;
  const auto members = s.group_members(target.group);

  switch (target.kind) {
    case model::Target::Kind::max_pair_time: {
      for (const auto& from : members) {
        std::vector<std::string> others;
        for (const auto& to : members)
          if (to != from) others.push_back(to);
        for (auto& t : engine.trips_from(target.profile, from, others))
          r.items.push_back(std::move(t));
      }
      finish(r);
      r.value = worst_minutes(r.items);
      r.value_unit = "minutes";
      r.pass = r.offenders.empty();
      break;
    }
    case model::Target::Kind::mean_time: {
      const auto w = target_weights(s, members, r.weighting);
      double sum = 0, weight = 0;
      bool unreachable = false;
      for (std::size_t i = 0; i < members.size(); ++i) {
        const auto trips = engine.trips_from(target.profile, members[i], members);
        for (std::size_t j = 0; j < members.size(); ++j) {
          if (i == j) continue;
          const Trip& t = trips[j];
          if (!t.reachable()) unreachable = true;
          sum += w[i] * w[j] * t.minutes;
          weight += w[i] * w[j];
          r.items.push_back(t);
        }
      }
      finish(r);
      r.value = (unreachable || weight <= 0) ? nan : sum / weight;
      r.value_unit = "minutes";
      r.pass = !std::isnan(r.value) && r.value <= target.max_minutes + 1e-9;
      // For a mean, the "offenders" are the pairs above the threshold: they pull the mean up.
      break;
    }
    case model::Target::Kind::reach_share: {
      std::vector<std::string> dests;
      for (const auto& m : members)
        if (m != target.from) dests.push_back(m);
      const auto w = target_weights(s, dests, r.weighting);
      r.items = engine.trips_from(target.profile, target.from, dests);
      double reached = 0, total = 0;
      for (std::size_t i = 0; i < dests.size(); ++i) {
        total += w[i];
        if (within(r.items[i], target.max_minutes)) reached += w[i];
      }
      finish(r);
      r.value = total > 0 ? reached / total : 1.0;
      r.value_unit = "share";
      r.pass = r.value + 1e-12 >= target.min_share;
      break;
    }
    case model::Target::Kind::max_nearest_time: {
      const auto ports = s.group_members(target.to_group);
      for (const auto& from : members) {
        auto trips = engine.trips_from(target.profile, from, ports);
        sort_worst_first(trips);
        r.items.push_back(trips.empty() ? Trip{from, "", nan, 0, {}, {}, {}} : trips.back());
      }
      finish(r);
      r.value = worst_minutes(r.items);
      r.value_unit = "minutes";
      r.pass = r.offenders.empty();
      break;
    }
  }
  return r;
}

}  // namespace reachplan::analysis
