#include "reachplan/analysis/target_eval.hpp"

#include <algorithm>
#include <cmath>

#include "reachplan/core/error.hpp"

namespace reachplan::analysis {

namespace {

using model::TargetAggregate;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Is destination d nearer than the best so far (see target_items for the tie rule)?
bool nearer(const TargetPlaces& p, const TargetMinutes& minutes, std::size_t o, std::size_t d,
            std::size_t best) {
  if (best == TargetItem::none) return true;
  const double x = minutes(o, d), y = minutes(o, best);
  if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
  if (!std::isnan(x) && x != y) return x < y;
  return p.destinations[d] > p.destinations[best];
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

TargetPlaces target_places(const model::Scenario& s, const model::Target& t) {
  const model::TargetKindInfo& kind = t.kind_info();
  TargetPlaces p;
  p.origins = s.target_places(t, kind.origins);
  p.destinations = s.target_places(t, kind.destinations);
  p.origin_weights.assign(p.origins.size(), 1.0);
  p.destination_weights.assign(p.destinations.size(), 1.0);
  if (kind.aggregate != TargetAggregate::worst)
    p.destination_weights = target_weights(s, p.destinations, p.weighting);
  // A mean over pairs of one group weighs both ends of a pair.
  if (kind.aggregate == TargetAggregate::weighted_mean && p.origins == p.destinations)
    p.origin_weights = p.destination_weights;
  return p;
}

std::vector<TargetItem> target_items(const model::Target& t, const TargetPlaces& p,
                                     const TargetMinutes& minutes) {
  std::vector<TargetItem> items;
  for (std::size_t o = 0; o < p.origins.size(); ++o) {
    if (t.kind_info().item == model::TargetItemRule::nearest) {
      std::size_t best = TargetItem::none;
      for (std::size_t d = 0; d < p.destinations.size(); ++d)
        if (nearer(p, minutes, o, d, best)) best = d;
      items.push_back({o, best, best == TargetItem::none ? nan : minutes(o, best)});
      continue;
    }
    for (std::size_t d = 0; d < p.destinations.size(); ++d)
      if (p.origins[o] != p.destinations[d]) items.push_back({o, d, minutes(o, d)});
  }
  return items;
}

TargetOutcome judge(const model::Target& t, const TargetPlaces& p,
                    const std::vector<TargetItem>& items) {
  TargetOutcome r;
  double worst = 0, sum = 0, weight = 0, reached = 0;
  bool unreachable = false;
  for (const TargetItem& item : items) {
    const bool in = model::within(item.minutes, t.max_minutes);
    ++r.items_total;
    r.items_met += in ? 1 : 0;
    if (std::isnan(item.minutes)) unreachable = true;
    worst = std::max(worst, std::isnan(item.minutes) ? 0.0 : item.minutes);
    if (item.destination == TargetItem::none) continue;
    const double w = p.origin_weights[item.origin] * p.destination_weights[item.destination];
    sum += w * item.minutes;
    weight += w;
    if (in) reached += w;
  }
  switch (t.kind_info().aggregate) {
    case TargetAggregate::worst:
      r.value = unreachable ? nan : worst;
      r.pass = r.items_met == r.items_total;
      break;
    case TargetAggregate::weighted_mean:
      r.value = (unreachable || weight <= 0) ? nan : sum / weight;
      r.pass = model::within(r.value, t.max_minutes);
      break;
    case TargetAggregate::weighted_share:
      r.value = weight > 0 ? reached / weight : 1.0;
      r.pass = model::at_least(r.value, t.min_share);
      break;
  }
  return r;
}

}  // namespace reachplan::analysis
