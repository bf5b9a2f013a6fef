#include "reachplan/model/target_kind.hpp"

#include <stdexcept>

#include "reachplan/model/registry.hpp"

namespace reachplan::model {

namespace {

using P = TargetPlaceRule;
using I = TargetItemRule;
using A = TargetAggregate;

// One row per kind. The evaluator (analysis/target_eval.cpp), the loader's key checks, the
// size limits and every writer read these columns; none of them names a kind.
const std::vector<TargetKindInfo> kinds = {
    {TargetKind::max_pair_time, "max_pair_time", P::group, P::group, I::each_pair, A::worst,
     "pairs", "every ordered pair of `group` within `max_minutes`"},
    {TargetKind::reach_share, "reach_share", P::from, P::group_but_from, I::each_pair,
     A::weighted_share, "places",
     "from `from`, the population share of `group` within `max_minutes` at least `min_share`"},
    {TargetKind::mean_time, "mean_time", P::group, P::group, I::each_pair, A::weighted_mean,
     "pairs", "the population-weighted mean over ordered pairs of `group` within `max_minutes`"},
    {TargetKind::max_nearest_time, "max_nearest_time", P::group, P::to_group, I::nearest, A::worst,
     "places",
     "from every member of `group`, the nearest member of `to_group` within `max_minutes`"},
};

}  // namespace

const std::vector<TargetKindInfo>& target_kinds() {
  return kinds;
}

const TargetKindInfo& info(TargetKind kind) {
  for (const auto& k : kinds)
    if (k.kind == kind) return k;
  throw std::logic_error("target kind missing from the table in model/target_kind.cpp");
}

const TargetKindInfo* find_target_kind(std::string_view name) {
  return find_by_name(kinds, name);
}

std::vector<std::string> target_kind_names() {
  return names_of(kinds);
}

std::string target_kind_choices() {
  std::string s;
  for (std::size_t i = 0; i < kinds.size(); ++i)
    s += (i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ") + std::string(kinds[i].name);
  return s;
}

}  // namespace reachplan::model
