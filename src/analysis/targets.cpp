#include "reachplan/analysis/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace reachplan::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Is the trip within the target's limit, in the target's measure (minutes or yuan)?
bool within(const Trip& t, const model::Target& target) {
  return model::within(t.measure(target.measure), target.limit());
}

// Per origin: its own weighted mean minutes to the others within the limit?
std::map<std::string, bool> mean_verdicts(const TargetResult& t, const model::Scenario& s) {
  std::map<std::string, std::pair<double, double>> sums;
  std::set<std::string> unreachable;
  for (const auto& item : t.items) {
    const model::Node* d = s.network.find_node(item.destination);
    const double w = t.weighting == "population" && d && d->population ? *d->population : 1.0;
    const double x = item.measure(t.target.measure);
    if (std::isnan(x)) unreachable.insert(item.origin);
    auto& [sum, weight] = sums[item.origin];
    if (!std::isnan(x)) sum += w * x;
    weight += w;
  }
  std::map<std::string, bool> v;
  for (const auto& [node, sw] : sums)
    v[node] = !unreachable.count(node) && sw.second > 0 &&
              model::within(sw.first / sw.second, t.target.limit());
  return v;
}

}  // namespace

void sort_worst_first(std::vector<Trip>& trips, model::Target::Measure measure) {
  std::stable_sort(trips.begin(), trips.end(), [measure](const Trip& a, const Trip& b) {
    const double x = a.measure(measure), y = b.measure(measure);
    if (std::isnan(x) != std::isnan(y)) return std::isnan(x);
    if (!std::isnan(x) && x != y) return x > y;
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
  r.value_unit = target.value_unit();

  // One search per origin gives the trips to every destination.
  std::vector<std::vector<Trip>> trips;
  for (const auto& origin : places.origins)
    trips.push_back(engine.trips_from(target.profile, origin, places.destinations));
  const auto items = target_items(target, places, [&](std::size_t o, std::size_t d) {
    return trips[o][d].measure(target.measure);
  });
  const TargetOutcome outcome = judge(target, places, items);
  r.pass = outcome.pass;
  r.value = outcome.value;
  r.items_met = outcome.items_met;
  r.items_total = outcome.items_total;

  for (const TargetItem& item : items) {
    if (item.destination == TargetItem::none) {
      Trip none;
      none.origin = places.origins[item.origin];
      none.minutes = nan;
      none.yuan = nan;
      r.items.push_back(std::move(none));
    } else {
      r.items.push_back(trips[item.origin][item.destination]);
    }
  }
  sort_worst_first(r.items, target.measure);
  for (const auto& t : r.items)
    if (!within(t, target)) r.offenders.push_back(t);
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
    const bool ok = within(item, t.target);
    if (kind.aggregate == model::TargetAggregate::worst) merge(item.origin, ok);
    if (kind.item == model::TargetItemRule::each_pair) merge(item.destination, ok);
  }
  return v;
}

}  // namespace reachplan::analysis
