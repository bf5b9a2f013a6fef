// Earliest arrival over a timetable by rounds (RAPTOR, Delling, Pajor & Werneck 2012): round k
// holds the best arrival at every stop with at most k rides. Range RAPTOR runs the departures
// of a window from the latest to the earliest and keeps the labels between them (an arrival
// reachable leaving later is reachable leaving earlier, by waiting), so each departure only
// scans what it improves: a window costs far less than one search per minute.
//
// Model (the one the tests check against a time-expanded Dijkstra):
// - The origin reaches stops by access walks (stop, seconds), leaving at the departure time.
// - A ride boards a trip at a stop where the trip departs no earlier than the arrival there
//   (plus transfer_slack_s, or the stop's own change time from the network, when that arrival
//   was itself a ride or a walk from one), and alights
//   at any later stop of the trip, at the trip's arrival time.
// - After a ride, one footpath may follow (walks do not chain: footpaths are what the street
//   network gives within the transfer distance, already shortest).
// - Arrivals later than the departure plus max_duration_s are dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "reachplan/graph/transit_network.hpp"

namespace reachplan::routing {

using core::Index;
using model::DaySeconds;

// "Not reached": half the range, so adding a day of seconds cannot overflow.
inline constexpr DaySeconds never = std::numeric_limits<DaySeconds>::max() / 2;

struct StopAccess {
  Index stop = core::invalid_index;
  std::int32_t seconds = 0;
};

struct RaptorOptions {
  int max_rides = 8;
  std::int32_t transfer_slack_s = 60;  // boarding after a ride or a footpath
  std::int32_t max_duration_s = 0;     // 0: no limit
};

// One leg of a journey, in clock times of the service day.
struct TransitLeg {
  enum class Kind { access, ride, walk };
  Kind kind = Kind::access;
  Index from_stop = core::invalid_index;  // access: none (the origin)
  Index to_stop = core::invalid_index;
  DaySeconds depart = 0, arrive = 0;
  Index trip = core::invalid_index;   // ride: model::Timetable::trips
  Index route = core::invalid_index;  // ride: model::Timetable::routes
};

class Raptor {
 public:
  Raptor(const graph::TransitNetwork& network, RaptorOptions options);

  // One departure, from empty labels.
  void run(std::span<const StopAccess> access, DaySeconds departure);
  // Every departure of `departures` (any order; searched latest first) from empty labels;
  // after each one, `each(departure)` sees the labels of that departure through arrival().
  void run_range(std::span<const StopAccess> access, std::vector<DaySeconds> departures,
                 const std::function<void(DaySeconds departure)>& each);

  // Earliest arrival at the stop with at most max_rides rides; `never` when not reached.
  DaySeconds arrival(Index stop) const { return within_limit(label(rounds_, stop)); }
  // Arrival with at most `rides` rides (0: by the access walk alone).
  DaySeconds arrival(Index stop, int rides) const { return within_limit(label(rides, stop)); }
  // The journey behind arrival(stop), legs in order, with the fewest rides among the earliest.
  // Empty when the stop is not reached.
  std::vector<TransitLeg> journey(Index stop) const;

  const graph::TransitNetwork& network() const { return net_; }
  const RaptorOptions& options() const { return options_; }

 private:
  struct Parent {
    enum class Kind : std::uint8_t { none, carried, access, ride, walk };
    Kind kind = Kind::none;
    // ride, and walk (the ride the footpath follows, which the stop's own label may not be)
    std::uint32_t board_position = 0, alight_position = 0;
    Index pattern = core::invalid_index;
    std::uint32_t trip = 0;    // of the pattern
    std::int32_t seconds = 0;  // access and walk
  };

  DaySeconds label(int round, Index stop) const {
    return arrival_[static_cast<std::size_t>(round) * stops_ + stop];
  }
  DaySeconds& label_ref(int round, Index stop) {
    return arrival_[static_cast<std::size_t>(round) * stops_ + stop];
  }
  DaySeconds& ride_label_ref(int round, Index stop) {
    return ride_arrival_[static_cast<std::size_t>(round) * stops_ + stop];
  }
  Parent& parent_ref(int round, Index stop) {
    return parent_[static_cast<std::size_t>(round) * stops_ + stop];
  }
  const Parent& parent_of(int round, Index stop) const {
    return parent_[static_cast<std::size_t>(round) * stops_ + stop];
  }

  void reset();
  // A later departure's labels hold for an earlier one (leave then and wait), but not past the
  // earlier one's duration cap. They stay in the arrays, harmless to the search (anything built
  // on them arrives past the cap and is refused there), and are hidden when read.
  DaySeconds within_limit(DaySeconds t) const { return t > limit_ ? never : t; }
  void departure(std::span<const StopAccess> access, DaySeconds time);
  void carry_round(int round);
  void scan_patterns(int round, DaySeconds limit);
  void scan_pattern(int round, Index pattern, std::uint32_t from, DaySeconds limit);
  void walk_footpaths(int round, DaySeconds limit);
  void mark(Index stop);
  TransitLeg ride_leg(const Parent& ride) const;

  const graph::TransitNetwork& net_;
  RaptorOptions options_;
  int rounds_;
  DaySeconds limit_ = never;  // the current departure's latest arrival
  std::size_t stops_;
  std::vector<DaySeconds> arrival_;  // (rounds + 1) x stops
  std::vector<Parent> parent_;       // (rounds + 1) x stops
  // Stops improved in the round being built and the round before it (this departure only).
  std::vector<Index> marked_, previous_marked_;
  std::vector<std::uint8_t> is_marked_;
  // Earliest arrival by a ride with at most k rides, among those walked on: a footpath follows
  // a ride, not whatever set the stop's label (the access walk, another footpath, fewer rides).
  std::vector<DaySeconds> ride_arrival_;     // (rounds + 1) x stops
  std::vector<Index> ridden_;                // stops whose ride_arrival_ a ride of this round set
  std::vector<Parent> round_ride_;           // per stop: that ride (kind none when not ridden_)
  std::vector<std::uint32_t> pattern_from_;  // earliest marked position per pattern
  std::vector<Index> patterns_touched_;
};

}  // namespace reachplan::routing
