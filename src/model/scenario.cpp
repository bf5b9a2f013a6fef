#include "reachplan/model/scenario.hpp"

#include "reachplan/core/text.hpp"

namespace reachplan::model {

const char* to_string(Target::Kind k) {
  return info(k).name.data();  // the table's names are string literals
}

const Profile& Scenario::profile(const std::string& id) const {
  const std::string& key = id.empty() ? default_profile : id;
  auto it = profiles.find(key);
  if (it == profiles.end()) {
    std::vector<std::string> known;
    for (const auto& [k, _] : profiles) known.push_back(k);
    throw core::UsageError("unknown profile '" + key + "'" + core::did_you_mean(key, known));
  }
  return it->second;
}

std::vector<std::string> Scenario::group_members(const std::string& group) const {
  if (group == "all") return network.node_ids();
  auto it = groups.find(group);
  if (it == groups.end()) {
    std::vector<std::string> known{"all"};
    for (const auto& [k, _] : groups) known.push_back(k);
    throw core::UsageError("unknown group '" + group + "'" + core::did_you_mean(group, known));
  }
  return it->second;
}

std::vector<std::string> Scenario::target_places(const Target& t, TargetPlaceRule rule) const {
  switch (rule) {
    case TargetPlaceRule::group:
      return group_members(t.group);
    case TargetPlaceRule::from:
      return {t.from};
    case TargetPlaceRule::group_but_from: {
      auto members = group_members(t.group);
      members.erase(std::remove(members.begin(), members.end(), t.from), members.end());
      return members;
    }
    case TargetPlaceRule::to_group:
      return group_members(t.to_group);
  }
  return {};
}

bool is_built(const Line& line, const Scenario& scenario) {
  if (scenario.build_lines.count(line.id)) return true;
  if (line.opened && scenario.year) return *line.opened <= *scenario.year;
  return scenario.build_statuses.count(line.status) > 0;
}

}  // namespace reachplan::model
