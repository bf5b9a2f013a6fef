// Internal to io: the physical range of every number the YAML schema takes, in one table, so
// that an input outside what the world allows (a 1e300 km/h train, a 0.001 km/h walk, a
// negative population) is refused with the range named, not computed into a wrong answer.
// README "Mistakes and what you get" lists these ranges.
#pragma once

#include <string>
#include <string_view>

#include "reachplan/core/constants.hpp"

namespace reachplan::io::detail {

struct Range {
  double min;
  double max;
  bool min_open;          // (min, max] rather than [min, max]
  std::string_view unit;  // "km/h", "minutes", ... ("" for a plain factor)

  bool contains(double x) const { return (min_open ? x > min : x >= min) && x <= max; }
  // "(0, 1440] minutes", "[1, 5]".
  std::string str() const;
};

namespace range {

// Where on Earth (WGS84 degrees).
inline constexpr Range lon{-180, 180, false, "degrees"};
inline constexpr Range lat{-90, 90, false, "degrees"};
// Persons: more than the world's population is a typo.
inline constexpr Range population{0, 1e10, false, "persons"};
// A vehicle's speed: walking pace to faster than any train or plane a plan could hold. The
// floor keeps a line's running time within what the engine holds (1 km/h over the longest line
// is ~10,000 hours; 0.001 km/h would be years).
inline constexpr Range speed_kmh{1, 1000, false, "km/h"};
inline constexpr Range road_speed_kmh{1, 400, false, "km/h"};  // a road class in a profile
inline constexpr Range walk_speed_kmh{1, 10, false, "km/h"};   // a stroll to a jog
inline constexpr Range speed_factor{0, 1.5, true, ""};         // commercial / design speed
inline constexpr Range detour_factor{1, 5, false, ""};         // route / great-circle length
// Lengths: more than 10,000 km is longer than any line on a continent.
inline constexpr Range length_km{0, 10000, true, "km"};
inline constexpr Range chainage_km{0, 10000, false, "km"};
// Times: a segment or trip of a week at most; waits, dwells and penalties of a day at most.
inline constexpr Range segment_min{0, 10080, true, "minutes"};
inline constexpr Range dwell_min{0, 240, false, "minutes"};
inline constexpr Range penalty_min{0, 1440, false, "minutes"};  // access, egress, waits, transfers
inline constexpr Range headway_min{0, 1440, true, "minutes"};
inline constexpr Range trip_minutes{0, core::max_trip_minutes, true,
                                    "minutes"};  // targets, isochrones, surfaces
// At most one train a minute around the clock.
inline constexpr Range trains_per_day{0, 1440, true, "trains a day"};
inline constexpr Range service_hours{0, 24, true, "hours"};
// Money (README "Generalized cost"). A taxi costs a few yuan per km and air fares 1-2: 50 per
// km or per tonne-km is far beyond any scheduled mode. Fixed charges per boarding or tonne,
// values of time and cost limits stop where a number can only be a unit mistake.
inline constexpr Range yuan_per_km{0, 50, false, "yuan per km"};
inline constexpr Range yuan_per_tkm{0, 50, false, "yuan per tonne-km"};
inline constexpr Range yuan_fixed{0, 10000, false, "yuan"};
inline constexpr Range value_of_time{0, 10000, true, "yuan per hour"};
inline constexpr Range cost_yuan{0, 1e6, true, "yuan"};
inline constexpr Range year{1800, 2200, false, ""};
inline constexpr Range share{0, 1, false, ""};
// Distance decay: per minute (exponential) or an exponent (power).
inline constexpr Range beta{0, 10, true, ""};
// Grids: a metre to a thousand kilometres a cell; a margin up to a continent.
inline constexpr Range resolution_m{1, 1e6, false, "m"};
inline constexpr Range margin_km{0, 5000, false, "km"};
inline constexpr Range off_network_kmh{1, 200, false, "km/h"};
inline constexpr Range off_network_km{0, 10000, true, "km"};
// A place farther than this from every road is not on the road network.
inline constexpr Range snap_km{0, 100, false, "km"};

// Timetables (transit:): a percentile of travel times, a walk between stops, boarding limits.
inline constexpr Range percentile{1, 100, false, ""};
inline constexpr Range transfer_m{0, 10000, false, "m"};
inline constexpr Range rides{0, 16, false, "rides"};
inline constexpr Range slack_s{0, 1800, false, "seconds"};
inline constexpr Range step_min{1, 60, false, "minutes"};
inline constexpr Range timetable_trip_min{1, 1440, false, "minutes"};
// A route's new headway: at least a minute (the departures of a window are minutes apart).
inline constexpr Range timetable_headway_min{1, 1440, false, "minutes"};
inline constexpr Range timetable_speed_factor{0.2, 5, false,
                                              ""};  // a route's trips, faster or slower

}  // namespace range

}  // namespace reachplan::io::detail
