#include "reachplan/graph/transit_network.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace reachplan::graph {

namespace {

using model::TransitTrip;

// Trip `b` may follow trip `a` in one pattern: it neither leaves nor arrives earlier anywhere.
bool follows(const TransitTrip& a, const TransitTrip& b) {
  for (std::size_t i = 0; i < a.stops.size(); ++i)
    if (b.departure[i] < a.departure[i] || b.arrival[i] < a.arrival[i]) return false;
  return true;
}

// The trips of one route and stop sequence, split into groups without overtaking: each trip
// (in order of first departure) joins the first group whose last trip it follows. Real feeds
// rarely overtake (an express and a stopping service share a sequence only when both stop
// everywhere), so this is nearly always one group.
template <class Trips>
std::vector<std::vector<Index>> fifo_groups(const Trips& trips, std::vector<Index> members) {
  std::stable_sort(members.begin(), members.end(), [&](Index a, Index b) {
    const auto& x = trips[a];
    const auto& y = trips[b];
    if (x.departure.front() != y.departure.front())
      return x.departure.front() < y.departure.front();
    return x.arrival.back() < y.arrival.back();
  });
  std::vector<std::vector<Index>> groups;
  for (Index t : members) {
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& group) {
      return follows(trips[group.back()], trips[t]);
    });
    if (g == groups.end())
      groups.push_back({t});
    else
      g->push_back(t);
  }
  return groups;
}

// Stay seated: the trips of one block (block_id) that follow each other at a stop, the next
// leaving where and after the last one arrives, are one vehicle. Each such chain becomes one
// more trip through all of them, so a rider crossing from one to the next rides once, with no
// slack; the trips themselves stay too, for riders boarding or alighting at the junction.
struct ThroughTrips {
  std::vector<TransitTrip> trips;
  std::vector<Index> first;  // the chain's first trip in the timetable
};

bool continues(const TransitTrip& a, const TransitTrip& b) {
  return b.stops.front() == a.stops.back() && b.departure.front() >= a.arrival.back();
}

void append(TransitTrip& through, const TransitTrip& next) {
  through.departure.back() = next.departure.front();
  through.stops.insert(through.stops.end(), next.stops.begin() + 1, next.stops.end());
  through.arrival.insert(through.arrival.end(), next.arrival.begin() + 1, next.arrival.end());
  through.departure.insert(through.departure.end(), next.departure.begin() + 1,
                           next.departure.end());
  through.id += "+" + next.id;
}

ThroughTrips through_trips(const std::vector<TransitTrip>& trips) {
  std::map<std::string, std::vector<Index>> blocks;
  for (Index t = 0; t < trips.size(); ++t)
    if (!trips[t].block.empty() && trips[t].stops.size() >= 2) blocks[trips[t].block].push_back(t);
  ThroughTrips out;
  for (auto& [block, members] : blocks) {
    std::sort(members.begin(), members.end(), [&](Index a, Index b) {
      return trips[a].departure.front() < trips[b].departure.front();
    });
    for (std::size_t i = 0; i + 1 < members.size();) {
      std::size_t j = i;
      while (j + 1 < members.size() && continues(trips[members[j]], trips[members[j + 1]])) ++j;
      if (j > i) {
        TransitTrip through = trips[members[i]];
        for (std::size_t k = i + 1; k <= j; ++k) append(through, trips[members[k]]);
        out.trips.push_back(std::move(through));
        out.first.push_back(members[i]);
      }
      i = j + 1;
    }
  }
  return out;
}

}  // namespace

TransitNetwork::TransitNetwork(const model::Timetable& timetable,
                               const std::vector<std::vector<Footpath>>& footpaths,
                               std::vector<std::int32_t> change_s)
    : change_s_(std::move(change_s)) {
  if (!change_s_.empty() && change_s_.size() != timetable.stops.size())
    throw std::invalid_argument("TransitNetwork: change times for a different stop count");
  // Trips 0..n-1 are the timetable's, n.. the through trips of blocks.
  const ThroughTrips through = through_trips(timetable.trips);
  const std::size_t n = timetable.trips.size();
  struct AllTrips {
    const std::vector<TransitTrip>& own;
    const std::vector<TransitTrip>& extra;
    const TransitTrip& operator[](Index t) const {
      return t < own.size() ? own[t] : extra[t - own.size()];
    }
  } trips{timetable.trips, through.trips};
  const auto source = [&](Index t) { return t < n ? t : through.first[t - n]; };
  std::map<std::pair<Index, std::vector<Index>>, std::vector<Index>> by_sequence;
  for (Index t = 0; t < n + through.trips.size(); ++t)
    if (trips[t].stops.size() >= 2) by_sequence[{trips[t].route, trips[t].stops}].push_back(t);

  for (auto& [key, members] : by_sequence) {
    for (const auto& group : fifo_groups(trips, std::move(members))) {
      TransitPattern p;
      p.route = key.first;
      p.first_stop = static_cast<Index>(pattern_stops_.size());
      p.stop_count = static_cast<std::uint32_t>(key.second.size());
      p.first_trip = static_cast<Index>(trip_source_.size());
      p.trip_count = static_cast<std::uint32_t>(group.size());
      p.first_time = arrivals_.size();
      pattern_stops_.insert(pattern_stops_.end(), key.second.begin(), key.second.end());
      for (Index t : group) {
        trip_source_.push_back(source(t));
        arrivals_.insert(arrivals_.end(), trips[t].arrival.begin(), trips[t].arrival.end());
        departures_.insert(departures_.end(), trips[t].departure.begin(), trips[t].departure.end());
      }
      patterns_.push_back(p);
    }
  }

  // Patterns by stop (CSR), in pattern order.
  const std::size_t stops = timetable.stops.size();
  std::vector<std::vector<PatternCall>> at(stops);
  for (Index pi = 0; pi < patterns_.size(); ++pi)
    for (std::uint32_t pos = 0; pos < patterns_[pi].stop_count; ++pos)
      at[stop_at(patterns_[pi], pos)].push_back({pi, pos});
  stop_patterns_begin_.assign(1, 0);
  for (const auto& calls : at) {
    stop_patterns_.insert(stop_patterns_.end(), calls.begin(), calls.end());
    stop_patterns_begin_.push_back(stop_patterns_.size());
  }

  footpaths_begin_.assign(1, 0);
  for (std::size_t s = 0; s < stops; ++s) {
    if (s < footpaths.size())
      for (const auto& f : footpaths[s])
        if (f.to != s && f.to < stops) footpaths_.push_back(f);
    footpaths_begin_.push_back(footpaths_.size());
  }
}

std::uint32_t TransitNetwork::first_trip_from(const TransitPattern& p, std::uint32_t position,
                                              DaySeconds time) const {
  std::uint32_t lo = 0, hi = p.trip_count;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (departure(p, mid, position) < time)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

std::size_t TransitNetwork::memory_bytes() const {
  return patterns_.capacity() * sizeof(TransitPattern) + pattern_stops_.capacity() * sizeof(Index) +
         trip_source_.capacity() * sizeof(Index) +
         (arrivals_.capacity() + departures_.capacity()) * sizeof(DaySeconds) +
         stop_patterns_begin_.capacity() * sizeof(std::size_t) +
         stop_patterns_.capacity() * sizeof(PatternCall) +
         footpaths_begin_.capacity() * sizeof(std::size_t) +
         footpaths_.capacity() * sizeof(Footpath);
}

}  // namespace reachplan::graph
