// Road profiles: the built-in car and walk tables, YAML profiles and the names `--profile`
// takes. read_osm (osm_import.cpp) applies a profile; it has no code of its own per profile.
#include <optional>
#include <sstream>
#include <utility>

#include "reachplan/core/text.hpp"
#include "reachplan/io/road_import.hpp"
#include "yaml_value.hpp"

namespace reachplan::io {

namespace {

void put_list(std::ostream& s, const char* key, const std::vector<std::string>& list) {
  s << "\n" << key;
  for (const auto& t : list) s << " " << t;
}

// Every highway class a pedestrian may use, with its share of the walking speed.
// - Trunk roads are in: OSM's worldwide default access admits pedestrians on them, and where a
//   country bars them mappers tag foot=no or motorroad=yes, both of which close the way.
// - Motorways never are: a class missing from the table is never a road, whatever foot=* says.
// - Cycleways and bridleways admit walkers by OSM's default access too; foot=no closes them.
// - Steps at half speed: their mapped length is the horizontal one, and a flight climbed or
//   descended takes about twice as long as the same distance on the flat.
const std::pair<const char*, double> walk_classes[] = {
    {"footway", 1},  {"path", 1},          {"pedestrian", 1},  {"steps", 0.5},
    {"corridor", 1}, {"living_street", 1}, {"residential", 1}, {"service", 1},
    {"track", 1},    {"unclassified", 1},  {"cycleway", 1},    {"bridleway", 1},
    {"tertiary", 1}, {"tertiary_link", 1}, {"secondary", 1},   {"secondary_link", 1},
    {"primary", 1},  {"primary_link", 1},  {"trunk", 1},       {"trunk_link", 1}};

std::map<std::string, double> walk_speeds(double kmh) {
  std::map<std::string, double> speeds;
  for (const auto& [cls, share] : walk_classes) speeds[cls] = kmh * share;
  return speeds;
}

const std::vector<std::string> builtin_profiles = {"car", "walk"};

// A top-level key's value, found through entries() so that messages name it as written.
std::optional<detail::Value> key_of(const detail::Value& root, const std::string& key) {
  for (const auto& e : root.entries())
    if (e.key == key) return e.value;
  return std::nullopt;
}

// The profile a YAML file starts from: its `base` (default car), at its `walk_speed_kmh`.
RoadProfile base_profile(const detail::Value& root) {
  const auto base_key = key_of(root, "base");
  const std::string base =
      base_key ? detail::one_of(*base_key, builtin_profiles, "base profile") : "car";
  const auto speed = key_of(root, "walk_speed_kmh");
  if (!speed) return base == "walk" ? walk_profile() : car_profile();
  if (base != "walk")
    speed->fail("walk_speed_kmh is the speed of the walk table: it needs base: walk");
  if (root.has_key("speeds_kmh"))
    speed->fail(
        "walk_speed_kmh sets the walk table, which speeds_kmh replaces: give one of the two");
  return walk_profile(speed->number_in(detail::range::walk_speed_kmh));
}

using ListKey = std::pair<const char*, std::vector<std::string> RoadProfile::*>;
const ListKey list_keys[] = {{"access_tags", &RoadProfile::access_tags},
                             {"closed_values", &RoadProfile::closed_values},
                             {"implied_closed_tags", &RoadProfile::implied_closed_tags},
                             {"oneway_tags", &RoadProfile::oneway_tags},
                             {"area_classes", &RoadProfile::area_classes}};
using FlagKey = std::pair<const char*, bool RoadProfile::*>;
const FlagKey flag_keys[] = {{"implied_oneway", &RoadProfile::implied_oneway},
                             {"use_maxspeed", &RoadProfile::use_maxspeed}};

std::vector<std::string> profile_keys() {
  std::vector<std::string> keys = {"name", "base", "walk_speed_kmh", "speeds_kmh", "access_rule"};
  for (const auto& [k, _] : list_keys) keys.push_back(k);
  for (const auto& [k, _] : flag_keys) keys.push_back(k);
  return keys;
}

void set_speeds(RoadProfile& p, const detail::Value& v) {
  p.speed_kmh.clear();
  p.walk_speed_kmh = 0;  // no longer the walk table
  for (const auto& s : v.entries())
    p.speed_kmh[s.key] = s.value.number_in(detail::range::road_speed_kmh);
  if (p.speed_kmh.empty()) v.fail("speeds_kmh needs at least one highway class");
}

// One key of a YAML profile; false when the key is not one of a profile's.
bool set_key(RoadProfile& p, const detail::KeyValue& e) {
  if (e.key == "base" || e.key == "walk_speed_kmh") return true;  // base_profile's
  if (e.key == "name") {
    p.name = e.value.text();
  } else if (e.key == "speeds_kmh") {
    set_speeds(p, e.value);
  } else if (e.key == "access_rule") {
    p.access_rule = detail::one_of(e.value, {"most_specific", "any"}, "access_rule") == "any"
                        ? RoadProfile::AccessRule::any
                        : RoadProfile::AccessRule::most_specific;
  } else {
    for (const auto& [key, member] : list_keys) {
      if (e.key != key) continue;
      std::vector<std::string> list;
      for (const auto& item : e.value.list()) list.push_back(item.text());
      p.*member = std::move(list);
      return true;
    }
    for (const auto& [key, member] : flag_keys) {
      if (e.key != key) continue;
      p.*member = e.value.boolean();
      return true;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string RoadProfile::fingerprint() const {
  std::ostringstream s;
  s.precision(17);
  s << "profile " << name << "\nspeeds";
  for (const auto& [k, v] : speed_kmh) s << " " << k << "=" << v;
  put_list(s, "access_tags", access_tags);
  put_list(s, "closed", closed_values);
  s << "\nrule " << (access_rule == AccessRule::any ? "any" : "most_specific");
  put_list(s, "implied_closed", implied_closed_tags);
  put_list(s, "oneway_tags", oneway_tags);
  s << "\nimplied_oneway " << implied_oneway;
  put_list(s, "area_classes", area_classes);
  s << "\nmaxspeed " << use_maxspeed << "\n";
  return s.str();
}

RoadProfile car_profile() {
  RoadProfile p;
  p.speed_kmh = {{"motorway", 90},      {"motorway_link", 45},  {"trunk", 85},
                 {"trunk_link", 40},    {"primary", 65},        {"primary_link", 30},
                 {"secondary", 55},     {"secondary_link", 25}, {"tertiary", 40},
                 {"tertiary_link", 20}, {"unclassified", 25},   {"residential", 25},
                 {"living_street", 10}, {"service", 15}};
  return p;
}

RoadProfile walk_profile(double speed_kmh) {
  const detail::Range& range = detail::range::walk_speed_kmh;
  if (!range.contains(speed_kmh))
    throw core::InputError("walk speed " + core::fixed_decimals(speed_kmh, 2) +
                           " km/h is out of range: a walking speed is in " + range.str());
  RoadProfile p;
  p.name = "walk";
  p.speed_kmh = walk_speeds(speed_kmh);
  p.walk_speed_kmh = speed_kmh;
  // foot=yes|designated|permissive on a way with access=no opens it: foot is looked at first.
  p.access_tags = {"foot", "access"};
  p.closed_values = {"no", "private"};
  p.implied_closed_tags = {"motorroad"};
  // A pedestrian may walk against a street's oneway, and roundabouts bind only vehicles.
  p.oneway_tags = {"oneway:foot"};
  p.implied_oneway = false;
  // Squares are mapped as pedestrian (or footway) areas whose outline the streets join: walking
  // round the edge overstates a crossing (half the perimeter instead of the straight line), but
  // keeps the streets that meet at a square connected, where dropping it would cut them apart.
  p.area_classes = {"pedestrian", "footway"};
  p.source = "built-in walk profile";
  return p;
}

RoadProfile load_road_profile(const std::string& path, std::vector<Warning>& warnings) {
  // Diagnostics keeps a reference to its options: a temporary `{}` here would dangle, and an
  // unknown key would then be an error or a warning by whatever the stack held.
  const LoadOptions options;
  detail::Diagnostics diag(warnings, options);
  const detail::Value root = detail::read_yaml(path, nullptr);
  if (!root.is_map()) root.fail("a road profile is a map (name, speeds_kmh, ...)");
  RoadProfile p = base_profile(root);
  p.source = path;
  for (const auto& e : root.entries())
    if (!set_key(p, e)) diag.unknown_key(e, profile_keys());
  return p;
}

bool is_builtin_profile_name(const std::string& name_or_path) {
  return !name_or_path.empty() && name_or_path.find_first_of("/.") == std::string::npos;
}

RoadProfile resolve_road_profile(const std::string& name_or_path, double walk_speed_kmh,
                                 std::vector<Warning>& warnings) {
  RoadProfile p;
  if (name_or_path.empty() || name_or_path == "car") {
    p = car_profile();
  } else if (name_or_path == "walk") {
    p = walk_profile();
  } else if (is_builtin_profile_name(name_or_path)) {
    throw core::InputError("unknown road profile '" + core::cut_text(name_or_path) + "'" +
                           core::did_you_mean(name_or_path, builtin_profiles) +
                           ": the built-in ones are car and walk; a profile file is named with "
                           "its extension (car.yaml) or a path (./car)");
  } else {
    p = load_road_profile(name_or_path, warnings);
  }
  if (walk_speed_kmh == 0) return p;
  if (p.walk_speed_kmh == 0)
    throw core::InputError(p.source +
                           ": a walk speed applies to a walk profile (`walk`, or a "
                           "YAML profile with base: walk and no speeds_kmh), not to profile '" +
                           p.name + "'");
  RoadProfile walked = walk_profile(walk_speed_kmh);
  p.speed_kmh = walked.speed_kmh;
  p.walk_speed_kmh = walk_speed_kmh;
  return p;
}

}  // namespace reachplan::io
