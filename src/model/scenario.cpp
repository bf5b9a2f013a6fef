#include "reachplan/model/scenario.hpp"

#include <stdexcept>

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

bool Scenario::rides_timetable(const std::string& profile_id) const {
  return transit && profile(profile_id).id == default_profile;
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

// The modes of access a surface's last mile may use. Where the defaults come from (README,
// "How a surface is computed"): they are estimates, not measurements of the region's roads.
const std::vector<AccessMode>& access_modes() {
  static const std::vector<AccessMode> modes = {
      {"road", 35.0, 1.3, 60.0,
       "estimate: ordinary roads between towns by car or bus. China's highway standard "
       "JTG B01-2014 designs class II roads for 60-80 km/h, class III for 30-40 and class IV for "
       "20-30; 35 km/h is taken for the lower classes with towns and junctions on the way. "
       "Detour 1.3: within the range of road circuity factors Ballou, Rahardja & Sakai (2002) "
       "report by country. 60 km (about 2 h) is the farthest a trip to the network counts as "
       "access"},
      {"bike", 15.0, 1.3, 15.0,
       "estimate: an everyday cycling speed, detour as road; 15 km (1 h) at most"},
      {"walk", 5.0, 1.3, 5.0, "estimate: a common walking speed, detour as road; 5 km at most"},
      {"straight", 10.0, 1.0, std::nullopt,
       "Ma & Tang (2024) cross cells off the network in a straight line at 10 km/h, without a "
       "limit (reachplan's rule before access modes)"},
  };
  return modes;
}

const AccessMode* find_access_mode(std::string_view id) {
  for (const auto& m : access_modes())
    if (m.id == id) return &m;
  return nullptr;
}

OffNetworkSpec off_network_defaults(std::string_view mode) {
  const AccessMode* m = find_access_mode(mode);
  if (!m) throw std::out_of_range("unknown access mode " + std::string(mode));
  return {std::string(m->id), m->speed_kmh, m->detour_factor, m->max_km};
}

}  // namespace reachplan::model
