// Test helper: the documented travel-time model (README "How travel time is modelled" and
// "Segment time") implemented a second time, straight from a model::Scenario, as a
// label-setting search over traveller states. It uses model types and model::is_built only,
// nothing from graph/ or routing/, so a property test can hold the engine to the rules:
//  1. only built lines whose mode the profile allows exist;
//  2. stops with pass: true serve nobody, at the ends too; a line needs two served stops;
//  3. a line runs in stop order, and backwards unless oneway; nobody reverses on board;
//  4. a ride between consecutive served stops is the sum of its segments' minutes, rounded
//     to whole seconds once;
//  5. segment minutes: segment_min, else length / speed (segment_km, km chainage, length_km
//     shared out by great-circle km, great-circle km x detour factor);
//  6. riding through an intermediate served stop costs its dwell (stop, line, mode);
//  7. boarding costs the wait (none; headway / 2; service hours / trains per day / 2; the
//     mode's boarding_wait_min), at any served stop but the last in that direction;
//  8. changing from a line of mode m1 to one of mode m2 at a place costs T(m1, m2) plus the
//     new line's wait, one penalty per change, but nobody gets off and straight back onto the
//     same train (same line, direction and stop position);
//  9. door to door: access before the first boarding, egress after the last alighting, both
//     for the mode used there; station to station: neither;
// 10. a place to itself is 0 s; no path is core::unreachable.
// Every piece is rounded to whole seconds on its own and a trip is their sum.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <map>
#include <numbers>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::test {

namespace oracle_detail {

using core::Seconds;

inline Seconds whole_seconds(double minutes) {
  return static_cast<Seconds>(std::lround(minutes * 60.0));
}

// Haversine on a sphere of 6371.0088 km, written as the engine writes it so that the last
// bits agree (a segment time rounds to a whole second).
inline double haversine_km(const model::Node& a, const model::Node& b) {
  constexpr double rad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * rad, dlon = (b.lon - a.lon) * rad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * rad) * std::cos(b.lat * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * 6'371'008.8 * std::asin(std::min(1.0, std::sqrt(h))) / 1000.0;
}

// Length of each segment (stop i to i + 1) in km, by the first rule the line gives.
inline std::vector<double> segment_km(const model::Line& line, const model::Mode& mode,
                                      const std::vector<const model::Node*>& at) {
  const std::size_t n_seg = line.stops.size() - 1;
  std::vector<double> gc(n_seg), km(n_seg);
  double gc_total = 0.0;
  for (std::size_t i = 0; i < n_seg; ++i) gc_total += gc[i] = haversine_km(*at[i], *at[i + 1]);
  const bool chainage = line.stops.front().km.has_value();
  for (std::size_t i = 0; i < n_seg; ++i) {
    if (!line.segment_km.empty())
      km[i] = line.segment_km[i];
    else if (chainage)
      km[i] = *line.stops[i + 1].km - *line.stops[i].km;
    else if (line.length_km)
      km[i] =
          *line.length_km * (gc_total > 0.0 ? gc[i] / gc_total : 1.0 / static_cast<double>(n_seg));
    else
      km[i] = gc[i] * line.detour_factor.value_or(mode.detour_factor);
  }
  return km;
}

// Running minutes of each segment: segment_min, else km / commercial speed.
inline std::vector<double> segment_minutes(const model::Line& line, const model::Mode& mode,
                                           const std::vector<const model::Node*>& at) {
  if (!line.segment_min.empty()) return line.segment_min;
  double speed = 0.0;
  if (line.speed_kmh)
    speed = *line.speed_kmh;
  else if (mode.speed_kmh)
    speed = *mode.speed_kmh;
  else
    speed = mode.speed_factor.value_or(0.0) * line.design_speed_kmh.value_or(0.0);
  std::vector<double> minutes = segment_km(line, mode, at);
  for (double& m : minutes) m = m / speed * 60.0;
  return minutes;
}

inline double boarding_wait_min(const model::Line& line, const model::Mode& mode,
                                const model::Profile& profile) {
  if (profile.wait == model::Profile::Wait::none) return 0.0;
  if (line.headway_min) return *line.headway_min / 2.0;
  if (line.trains_per_day) return profile.service_hours * 60.0 / *line.trains_per_day / 2.0;
  return mode.boarding_wait_min;
}

inline double transfer_min(const model::Mode& from, const model::Mode& to) {
  auto it = from.transfer_min.find(to.id);
  return it != from.transfer_min.end() ? it->second : from.transfer_default_min.value_or(0.0);
}

inline double access_min(const model::Node& node, const model::Mode& mode) {
  auto it = node.access_min.find(mode.id);
  return it != node.access_min.end() ? it->second : mode.access_min;
}

inline double egress_min(const model::Node& node, const model::Mode& mode) {
  if (auto it = node.egress_min.find(mode.id); it != node.egress_min.end()) return it->second;
  if (auto it = node.access_min.find(mode.id); it != node.access_min.end()) return it->second;
  return mode.egress_min.value_or(mode.access_min);
}

// One direction of one line over its served stops, in the order it runs them.
struct Run {
  std::size_t mode = 0;
  std::vector<std::size_t> place;  // place of each served stop
  std::vector<Seconds> ride;       // ride[j]: served stop j to j + 1
  std::vector<Seconds> dwell;      // dwell[j]: staying on board at served stop j
  Seconds wait = 0;
};

}  // namespace oracle_detail

class ModelOracle {
 public:
  ModelOracle(const model::Scenario& scenario, const model::Profile& profile)
      : net_(scenario.network),
        door_to_door_(profile.access == model::Profile::Access::door_to_door) {
    std::map<std::string, std::size_t> node_of, mode_of;
    for (std::size_t n = 0; n < net_.nodes.size(); ++n) node_of[net_.nodes[n].id] = n;
    for (std::size_t m = 0; m < net_.modes.size(); ++m) mode_of[net_.modes[m].id] = m;
    for (const auto& from : net_.modes) {
      transfer_.emplace_back();
      for (const auto& to : net_.modes)
        transfer_.back().push_back(
            oracle_detail::whole_seconds(oracle_detail::transfer_min(from, to)));
    }
    for (const auto& line : net_.lines) {
      const bool allowed =
          profile.modes.empty() ||
          std::find(profile.modes.begin(), profile.modes.end(), line.mode) != profile.modes.end();
      if (allowed && model::is_built(line, scenario))
        add_line(line, mode_of.at(line.mode), node_of, profile);
    }
    boarding_.resize(net_.nodes.size());
    for (std::size_t r = 0; r < runs_.size(); ++r) {
      first_state_.push_back(state_count_);
      state_count_ += 3 * runs_[r].place.size();
      for (std::size_t j = 0; j + 1 < runs_[r].place.size(); ++j)
        boarding_[runs_[r].place[j]].push_back({r, j});
    }
  }

  // Seconds from `origin` to every place (core::unreachable where no trip exists).
  std::vector<core::Seconds> from(std::size_t origin) const;

  // Every place to every place, row-major (origin x destination).
  std::vector<core::Seconds> matrix() const {
    std::vector<core::Seconds> out;
    for (std::size_t n = 0; n < net_.nodes.size(); ++n) {
      const auto row = from(n);
      out.insert(out.end(), row.begin(), row.end());
    }
    return out;
  }

 private:
  using Seconds = core::Seconds;
  // A traveller's state at served stop j of a run: just arrived on board, on board about to
  // leave, or just alighted (on the platform, the train's identity still remembered).
  enum Phase : std::size_t { arrived = 0, leaving = 1, alighted = 2 };
  struct Boarding {
    std::size_t run, stop;
  };

  std::size_t state(std::size_t run, std::size_t j, Phase phase) const {
    return first_state_[run] + 3 * j + phase;
  }

  void add_line(const model::Line& line, std::size_t mode,
                const std::map<std::string, std::size_t>& node_of, const model::Profile& profile);
  template <class Reach>
  void relax_from(std::size_t run, std::size_t j, Phase phase, Seconds at, Reach&& reach) const;

  const model::Network& net_;
  bool door_to_door_;
  std::vector<std::vector<Seconds>> transfer_;  // [from mode][to mode]
  std::vector<oracle_detail::Run> runs_;
  std::vector<std::vector<Boarding>> boarding_;  // [place]: where a run can be boarded
  std::vector<std::size_t> first_state_;         // [run]
  std::size_t state_count_ = 0;
};

// Both directions of a line (one if oneway) over its served stops.
inline void ModelOracle::add_line(const model::Line& line, std::size_t mode,
                                  const std::map<std::string, std::size_t>& node_of,
                                  const model::Profile& profile) {
  using oracle_detail::whole_seconds;
  const model::Mode& m = net_.modes[mode];
  std::vector<const model::Node*> at;
  for (const auto& stop : line.stops) at.push_back(&net_.nodes[node_of.at(stop.node)]);
  const std::vector<double> minutes = oracle_detail::segment_minutes(line, m, at);
  std::vector<std::size_t> served;
  for (std::size_t s = 0; s < line.stops.size(); ++s)
    if (!line.stops[s].pass) served.push_back(s);
  if (served.size() < 2) return;
  for (int direction = 0; direction < (line.oneway ? 1 : 2); ++direction) {
    std::vector<std::size_t> order = served;
    if (direction == 1) std::reverse(order.begin(), order.end());
    oracle_detail::Run run;
    run.mode = mode;
    run.wait = whole_seconds(oracle_detail::boarding_wait_min(line, m, profile));
    for (std::size_t j = 0; j < order.size(); ++j) {
      const model::Stop& stop = line.stops[order[j]];
      run.place.push_back(node_of.at(stop.node));
      run.dwell.push_back(
          whole_seconds(stop.dwell_min.value_or(line.dwell_min.value_or(m.dwell_min))));
      if (j + 1 == order.size()) break;
      // Summed in stop order whichever way the train runs: one ride, one rounding.
      const std::size_t lo = std::min(order[j], order[j + 1]),
                        hi = std::max(order[j], order[j + 1]);
      double ride = 0.0;
      for (std::size_t s = lo; s < hi; ++s) ride += minutes[s];
      run.ride.push_back(whole_seconds(ride));
    }
    runs_.push_back(std::move(run));
  }
}

// Every state one step on from (run, j, phase) reached at `at` seconds.
template <class Reach>
void ModelOracle::relax_from(std::size_t run, std::size_t j, Phase phase, Seconds at,
                             Reach&& reach) const {
  const oracle_detail::Run& r = runs_[run];
  const std::size_t last = r.place.size() - 1;
  switch (phase) {
    case arrived:
      reach(state(run, j, alighted), at);
      if (j != last) reach(state(run, j, leaving), at + r.dwell[j]);  // j > 0: it arrived
      break;
    case leaving:
      reach(state(run, j + 1, arrived), at + r.ride[j]);
      break;
    case alighted:
      for (const Boarding& b : boarding_[r.place[j]]) {
        if (b.run == run && b.stop == j) continue;  // the train just left: stay on instead
        const oracle_detail::Run& next = runs_[b.run];
        reach(state(b.run, b.stop, leaving), at + transfer_[r.mode][next.mode] + next.wait);
      }
      break;
  }
}

inline std::vector<core::Seconds> ModelOracle::from(std::size_t origin) const {
  using Label = std::pair<Seconds, std::size_t>;
  std::vector<Seconds> best(state_count_, core::unreachable);
  std::priority_queue<Label, std::vector<Label>, std::greater<>> queue;
  const auto reach = [&](std::size_t s, Seconds t) {
    if (t < best[s]) queue.push({best[s] = t, s});
  };
  const model::Node& home = net_.nodes[origin];
  for (const Boarding& b : boarding_[origin]) {
    const oracle_detail::Run& r = runs_[b.run];
    const Seconds access =
        door_to_door_
            ? oracle_detail::whole_seconds(oracle_detail::access_min(home, net_.modes[r.mode]))
            : 0;
    reach(state(b.run, b.stop, leaving), access + r.wait);
  }
  // States are numbered run by run: find the run of a state by its first state.
  const auto run_of = [&](std::size_t s) {
    return static_cast<std::size_t>(std::upper_bound(first_state_.begin(), first_state_.end(), s) -
                                    first_state_.begin() - 1);
  };
  std::vector<Seconds> out(net_.nodes.size(), core::unreachable);
  while (!queue.empty()) {
    const auto [t, s] = queue.top();
    queue.pop();
    if (t != best[s]) continue;
    const std::size_t run = run_of(s), j = (s - first_state_[run]) / 3;
    const auto phase = static_cast<Phase>((s - first_state_[run]) % 3);
    if (phase == alighted) {
      const std::size_t place = runs_[run].place[j];
      const model::Mode& mode = net_.modes[runs_[run].mode];
      const Seconds egress =
          door_to_door_
              ? oracle_detail::whole_seconds(oracle_detail::egress_min(net_.nodes[place], mode))
              : 0;
      out[place] = std::min(out[place], t + egress);
    }
    relax_from(run, j, phase, t, reach);
  }
  out[origin] = 0;
  return out;
}

}  // namespace reachplan::test
