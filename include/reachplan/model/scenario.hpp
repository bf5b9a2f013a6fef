// A plan version: a network as built in a given year, how to route on it, and what to check.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reachplan/model/network.hpp"

namespace reachplan::model {

// How trips are routed and timed.
struct Profile {
  std::string id = "default";
  std::vector<std::string> modes;  // allowed modes; empty = all
  enum class Access { door_to_door, station_to_station };
  // door_to_door: trips start/end at the place's centre and pay access/egress.
  // station_to_station: trips start/end at the place's stations/ports, no access/egress.
  Access access = Access::door_to_door;
  enum class Wait { half_headway, none };
  // half_headway: boarding a line costs half its headway (or the mode's boarding_wait_min
  // when the line has none). none: timetable-optimal, no waiting (as published fastest times).
  Wait wait = Wait::half_headway;
  double service_hours = 16.0;  // turns trains_per_day into a headway
  SourceLocation where;
};

struct Target {
  std::string id;
  std::string name;
  enum class Kind {
    max_pair_time,     // every ordered pair of `group` within max_minutes
    reach_share,       // from node `from`, share of `group` population within max_minutes >= min_share
    mean_time,         // population-weighted mean time over ordered pairs of `group` <= max_minutes
    max_nearest_time,  // from every node of `group`, the nearest node of `to_group` within max_minutes
  };
  Kind kind = Kind::max_pair_time;
  std::string group;
  std::string from;      // reach_share: hub node id
  std::string to_group;  // max_nearest_time
  double max_minutes = 0.0;
  double min_share = 1.0;  // reach_share, in [0, 1]
  std::string profile;     // profile id; empty = the scenario's default profile
  SourceLocation where;
};
const char* to_string(Target::Kind k);

// An extra named matrix to compute and write (e.g. port-to-port by waterway).
struct MatrixSpec {
  std::string id;
  std::string group;
  std::string to_group;  // empty = same as group
  std::string profile;
  SourceLocation where;
};

// A fully resolved scenario: `extends` and add/remove/modify have been applied by io.
struct Scenario {
  std::string id;  // file stem unless given
  std::string name;
  std::optional<int> year;
  std::string description;
  Network network;  // every node/mode/line known, built or not
  // What counts as built (see is_built): lines listed here are built whatever their status.
  std::set<std::string> build_lines;
  std::set<Status> build_statuses = {Status::existing};
  std::map<std::string, Profile> profiles;  // always holds the default profile
  std::string default_profile = "default";
  std::map<std::string, std::vector<std::string>> groups;  // group id -> node ids (in order)
  std::string key_group;  // group shown as the matrix; empty = all nodes
  std::vector<Target> targets;
  std::vector<MatrixSpec> matrices;
  std::vector<std::string> outputs;  // file names; empty = the default set
  // Every file read to make this scenario, in read order (scenario chain and networks).
  std::vector<std::string> input_files;
  SourceLocation where;

  const Profile& profile(const std::string& id) const;  // "" = default; throws UsageError
  // Members of a group in declaration order; "all" = every node. Throws UsageError if unknown.
  std::vector<std::string> group_members(const std::string& group) const;
};

// Built rule: listed in build_lines; else, with an opening year and a scenario year, opened <= year;
// else status in build_statuses.
bool is_built(const Line& line, const Scenario& scenario);

}  // namespace reachplan::model
