// Target kinds as data: what each kind relates, what an item is, how items add up to a verdict,
// what it is called and which keys it reads. Every layer asks this table instead of switching on
// the kind, so adding a kind is one row in src/model/target_kind.cpp (plus its enum value below
// and its tests) as long as it combines the rules that exist.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace reachplan::model {

enum class TargetKind { max_pair_time, reach_share, mean_time, max_nearest_time };

// Where the origins and destinations of a target's items come from.
enum class TargetPlaceRule {
  group,           // the members of `group`
  from,            // the single place `from`
  group_but_from,  // the members of `group` other than `from`
  to_group,        // the members of `to_group`
};
// The target key a place rule reads: "group", "from" or "to_group" (for messages).
constexpr std::string_view place_rule_key(TargetPlaceRule rule) {
  switch (rule) {
    case TargetPlaceRule::from:
      return "from";
    case TargetPlaceRule::to_group:
      return "to_group";
    default:
      return "group";
  }
}

// What one item of a target is.
enum class TargetItemRule {
  each_pair,  // every (origin, destination) with origin != destination
  nearest,    // per origin, its nearest destination
};

// How the items make the verdict.
enum class TargetAggregate {
  worst,           // value: the worst item's minutes; passes when every item is within
  weighted_mean,   // value: the weighted mean minutes over the items; passes when within
  weighted_share,  // value: the weighted share of destinations within; passes at >= min_share
};

struct TargetKindInfo {
  TargetKind kind;
  std::string_view name;  // YAML spelling, CSV/JSON `kind`
  TargetPlaceRule origins;
  TargetPlaceRule destinations;
  TargetItemRule item;
  TargetAggregate aggregate;
  std::string_view item_noun;  // items in a summary: "pairs" or "places"
  std::string_view summary;    // one line for users and the README

  std::string_view value_unit() const {
    return aggregate == TargetAggregate::weighted_share ? "share" : "minutes";
  }
  // The keys this kind reads besides id, name, kind, group, max_minutes and profile.
  bool uses_from() const { return origins == TargetPlaceRule::from; }
  bool uses_to_group() const { return destinations == TargetPlaceRule::to_group; }
  bool uses_min_share() const { return aggregate == TargetAggregate::weighted_share; }
};

// Every kind, in the order the README and error messages list them.
const std::vector<TargetKindInfo>& target_kinds();
const TargetKindInfo& info(TargetKind kind);
const TargetKindInfo* find_target_kind(std::string_view name);  // nullptr if unknown
std::vector<std::string> target_kind_names();
std::string target_kind_choices();  // "a, b, c or d", for messages

// The one comparison of a time with a limit (minutes). Times are whole seconds, so the
// tolerance only absorbs the division by 60: 90.0 minutes meets a 90-minute limit.
inline constexpr double limit_tolerance_minutes = 1e-9;
inline bool within(double minutes, double limit) {
  return !std::isnan(minutes) && minutes <= limit + limit_tolerance_minutes;
}
// A share in [0, 1] against a least share, with the same tolerance.
inline bool at_least(double share, double least) {
  return share + limit_tolerance_minutes >= least;
}

}  // namespace reachplan::model
