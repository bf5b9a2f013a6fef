// The one evaluation of a target: which places it relates, which items it judges and how the
// items make its verdict, all read from the kind's row in model/target_kind.hpp. `run` and
// `check` feed it trips with paths (analysis/targets.hpp); `compare`, `rank` and `robustness`
// feed it matrices of a network variant (analysis/measure.hpp). Both get the same verdict.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

// A target's verdict, without paths.
struct TargetOutcome {
  bool pass = false;
  // worst: the worst item's minutes (NaN if an item is unreachable); weighted_mean: the mean
  // minutes (NaN if a pair is unreachable); weighted_share: the share reached in [0, 1].
  double value = 0.0;
  int items_met = 0;  // items within max_minutes
  int items_total = 0;
};

// The places a target relates, as its kind's place rules resolve them, and the weights its
// aggregate gives an item (origin weight x destination weight).
struct TargetPlaces {
  std::vector<std::string> origins;
  std::vector<std::string> destinations;
  std::vector<double> origin_weights;       // all ones unless the mean weights origins too
  std::vector<double> destination_weights;  // all ones for the worst aggregate
  std::string weighting;                    // "population" or "count"; "" for the worst aggregate
};
// Throws UsageError for an unknown group or place.
TargetPlaces target_places(const model::Scenario& s, const model::Target& t);

// The weights a target gives its places: their populations, or all ones when any of them lacks
// one or they sum to zero (`weighting` says which: "population" or "count").
std::vector<double> target_weights(const model::Scenario& s, const std::vector<std::string>& ids,
                                   std::string& weighting);

// One item a target judges: indices into TargetPlaces, and its minutes (NaN = unreachable).
struct TargetItem {
  static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::size_t origin = 0;
  std::size_t destination = none;  // none: a `nearest` item with no destination at all
  double minutes = std::numeric_limits<double>::quiet_NaN();
};

// Minutes from origins[o] to destinations[d] (NaN = unreachable).
using TargetMinutes = std::function<double(std::size_t o, std::size_t d)>;

// The items of a target in origin order. each_pair: every (o, d) with different places.
// nearest: per origin its nearest destination; among equally near ones the one whose id sorts
// last, and with none reachable the last unreachable one (so that reports name a place).
std::vector<TargetItem> target_items(const model::Target& t, const TargetPlaces& places,
                                     const TargetMinutes& minutes);

TargetOutcome judge(const model::Target& t, const TargetPlaces& places,
                    const std::vector<TargetItem>& items);

}  // namespace reachplan::analysis
