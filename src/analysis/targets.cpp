#include "reachplan/analysis/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace reachplan::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool within(const Trip& t, double max_minutes) {
  return model::within(t.minutes, max_minutes);
}

// Per origin: its own weighted mean minutes to the others within the limit?
std::map<std::string, bool> mean_verdicts(const TargetResult& t, const model::Scenario& s) {
  std::map<std::string, std::pair<double, double>> sums;
  std::set<std::string> unreachable;
  for (const auto& item : t.items) {
    const model::Node* d = s.network.find_node(item.destination);
    const double w = t.weighting == "population" && d && d->population ? *d->population : 1.0;
    if (!item.reachable()) unreachable.insert(item.origin);
    auto& [sum, weight] = sums[item.origin];
    if (item.reachable()) sum += w * item.minutes;
    weight += w;
  }
  std::map<std::string, bool> v;
  for (const auto& [node, sw] : sums)
    v[node] = !unreachable.count(node) && sw.second > 0 &&
              model::within(sw.first / sw.second, t.target.max_minutes);
  return v;
}

}  // namespace

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
  const TargetPlaces places = target_places(s, target);
  r.weighting = places.weighting;
  r.value_unit = target.kind_info().value_unit();

  // One search per origin gives the trips to every destination.
  std::vector<std::vector<Trip>> trips;
  for (const auto& origin : places.origins)
    trips.push_back(engine.trips_from(target.profile, origin, places.destinations));
  const auto items = target_items(
      target, places, [&](std::size_t o, std::size_t d) { return trips[o][d].minutes; });
  const TargetOutcome outcome = judge(target, places, items);
  r.pass = outcome.pass;
  r.value = outcome.value;
  r.items_met = outcome.items_met;
  r.items_total = outcome.items_total;

  for (const TargetItem& item : items) {
    if (item.destination == TargetItem::none)
      r.items.push_back(Trip{places.origins[item.origin], "", nan, 0, {}, {}, {}});
    else
      r.items.push_back(trips[item.origin][item.destination]);
  }
  sort_worst_first(r.items);
  for (const auto& t : r.items)
    if (!within(t, target.max_minutes)) r.offenders.push_back(t);
  return r;
}

std::map<std::string, bool> place_verdicts(const TargetResult& t, const model::Scenario& s) {
  const model::TargetKindInfo& kind = t.target.kind_info();
  if (kind.aggregate == model::TargetAggregate::weighted_mean) return mean_verdicts(t, s);
  std::map<std::string, bool> v;
  const auto merge = [&](const std::string& node, bool ok) {
    auto [it, fresh] = v.emplace(node, ok);
    if (!fresh) it->second = it->second && ok;
  };
  // The hub of a share is judged by the share; its destinations each by their own time.
  if (kind.aggregate == model::TargetAggregate::weighted_share) v[t.target.from] = t.pass;
  for (const auto& item : t.items) {
    const bool ok = within(item, t.target.max_minutes);
    if (kind.aggregate == model::TargetAggregate::worst) merge(item.origin, ok);
    if (kind.item == model::TargetItemRule::each_pair) merge(item.destination, ok);
  }
  return v;
}

}  // namespace reachplan::analysis
