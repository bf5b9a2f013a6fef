#include "reachplan/graph/transit_network.hpp"

#include <algorithm>
#include <map>
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
std::vector<std::vector<Index>> fifo_groups(const std::vector<TransitTrip>& trips,
                                            std::vector<Index> members) {
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

}  // namespace

TransitNetwork::TransitNetwork(const model::Timetable& timetable,
                               const std::vector<std::vector<Footpath>>& footpaths) {
  const auto& trips = timetable.trips;
  std::map<std::pair<Index, std::vector<Index>>, std::vector<Index>> by_sequence;
  for (Index t = 0; t < trips.size(); ++t)
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
        trip_source_.push_back(t);
        arrivals_.insert(arrivals_.end(), trips[t].arrival.begin(), trips[t].arrival.end());
        departures_.insert(departures_.end(), trips[t].departure.begin(), trips[t].departure.end());
      }
      patterns_.push_back(p);
    }
  }

  // Patterns by stop (CSR), in pattern order.
  const std::size_t n = timetable.stops.size();
  std::vector<std::vector<PatternCall>> at(n);
  for (Index pi = 0; pi < patterns_.size(); ++pi)
    for (std::uint32_t pos = 0; pos < patterns_[pi].stop_count; ++pos)
      at[stop_at(patterns_[pi], pos)].push_back({pi, pos});
  stop_patterns_begin_.assign(1, 0);
  for (const auto& calls : at) {
    stop_patterns_.insert(stop_patterns_.end(), calls.begin(), calls.end());
    stop_patterns_begin_.push_back(stop_patterns_.size());
  }

  footpaths_begin_.assign(1, 0);
  for (std::size_t s = 0; s < n; ++s) {
    if (s < footpaths.size())
      for (const auto& f : footpaths[s])
        if (f.to != s && f.to < n) footpaths_.push_back(f);
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
