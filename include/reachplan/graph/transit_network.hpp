// A service day's timetable laid out for round-based routing (RAPTOR): trips grouped into
// patterns (same route, same stops in the same order, no trip overtaking another), their
// times in one flat array per pattern, the patterns serving each stop, and the footpaths
// between stops. Built once per timetable and footpath set; read-only and shared by searches.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/model/timetable.hpp"

namespace reachplan::graph {

using core::Index;
using model::DaySeconds;

// A walk from one stop to another, in whole seconds.
struct Footpath {
  Index to = core::invalid_index;
  std::int32_t seconds = 0;
};

// Trips that can be scanned together: at every position the trips' departures (and arrivals)
// do not decrease from one trip to the next, so the earliest trip catchable at a stop is found
// by binary search and a later trip never arrives earlier.
struct TransitPattern {
  Index route = core::invalid_index;  // model::Timetable::routes
  Index first_stop = 0;               // into TransitNetwork::pattern_stops
  std::uint32_t stop_count = 0;
  Index first_trip = 0;  // into TransitNetwork::trip_source
  std::uint32_t trip_count = 0;
  std::size_t first_time = 0;  // into arrivals/departures: trip-major, trip * stop_count + pos
};

// Where a pattern serves a stop.
struct PatternCall {
  Index pattern = 0;
  std::uint32_t position = 0;
};

class TransitNetwork {
 public:
  // footpaths[s]: the walks from stop s (to other stops; none to itself). Trips with fewer than
  // two calls serve nobody and are left out. Trips of one block_id that follow each other at
  // a stop (the next leaves where, and no earlier than, the last arrives) are one vehicle: the
  // chain is one more trip through all of them (its source_trip is the chain's first), so
  // staying seated is one ride with no slack.
  // change_s[s] (empty, or one per stop): the least time to change at stop s that the feed
  // gives (transfers.txt from and to the stop), -1 where it gives none; change_never where no
  // change is possible there.
  TransitNetwork(const model::Timetable& timetable,
                 const std::vector<std::vector<Footpath>>& footpaths,
                 std::vector<std::int32_t> change_s = {});

  static constexpr std::int32_t change_never = std::numeric_limits<std::int32_t>::max() / 4;
  // The time to allow before boarding at a stop after a ride or a walk: the feed's change time
  // there, else `slack`.
  std::int32_t change_at(Index stop, std::int32_t slack) const {
    return stop < change_s_.size() && change_s_[stop] >= 0 ? change_s_[stop] : slack;
  }

  std::size_t stop_count() const { return stop_patterns_begin_.size() - 1; }
  std::size_t trip_count() const { return trip_source_.size(); }
  std::size_t stop_time_count() const { return arrivals_.size(); }
  const std::vector<TransitPattern>& patterns() const { return patterns_; }

  std::span<const PatternCall> calls_at(Index stop) const {
    return {stop_patterns_.data() + stop_patterns_begin_[stop],
            stop_patterns_.data() + stop_patterns_begin_[stop + 1]};
  }
  std::span<const Footpath> footpaths_from(Index stop) const {
    return {footpaths_.data() + footpaths_begin_[stop],
            footpaths_.data() + footpaths_begin_[stop + 1]};
  }
  Index stop_at(const TransitPattern& p, std::uint32_t position) const {
    return pattern_stops_[p.first_stop + position];
  }
  DaySeconds arrival(const TransitPattern& p, std::uint32_t trip, std::uint32_t position) const {
    return arrivals_[p.first_time + std::size_t{trip} * p.stop_count + position];
  }
  DaySeconds departure(const TransitPattern& p, std::uint32_t trip, std::uint32_t position) const {
    return departures_[p.first_time + std::size_t{trip} * p.stop_count + position];
  }
  // The timetable's index of a pattern's trip (model::Timetable::trips).
  Index source_trip(const TransitPattern& p, std::uint32_t trip) const {
    return trip_source_[p.first_trip + trip];
  }
  // First trip of the pattern leaving `position` at or after `time`; trip_count when none.
  std::uint32_t first_trip_from(const TransitPattern& p, std::uint32_t position,
                                DaySeconds time) const;

  // Bytes held by the layout (for the benchmark's memory per stop time).
  std::size_t memory_bytes() const;

 private:
  std::vector<TransitPattern> patterns_;
  std::vector<Index> pattern_stops_;
  std::vector<Index> trip_source_;
  std::vector<DaySeconds> arrivals_, departures_;
  std::vector<std::size_t> stop_patterns_begin_;
  std::vector<PatternCall> stop_patterns_;
  std::vector<std::size_t> footpaths_begin_;
  std::vector<Footpath> footpaths_;
  std::vector<std::int32_t> change_s_;
};

}  // namespace reachplan::graph
