#include "reachplan/routing/raptor.hpp"

#include <algorithm>
#include <stdexcept>

namespace reachplan::routing {

namespace {
constexpr std::uint32_t no_position = std::numeric_limits<std::uint32_t>::max();
}

Raptor::Raptor(const graph::TransitNetwork& network, RaptorOptions options)
    : net_(network),
      options_(options),
      rounds_(std::max(0, options.max_rides)),
      stops_(network.stop_count()),
      arrival_((static_cast<std::size_t>(rounds_) + 1) * stops_, never),
      parent_((static_cast<std::size_t>(rounds_) + 1) * stops_),
      is_marked_(stops_, 0),
      ride_arrival_((static_cast<std::size_t>(rounds_) + 1) * stops_, never),
      round_ride_(stops_),
      pattern_from_(network.patterns().size(), no_position) {
  if (options.max_rides < 0 || options.transfer_slack_s < 0 || options.max_duration_s < 0)
    throw std::invalid_argument("RaptorOptions: negative rides, slack or duration");
}

void Raptor::reset() {
  std::fill(arrival_.begin(), arrival_.end(), never);
  std::fill(parent_.begin(), parent_.end(), Parent{});
  std::fill(ride_arrival_.begin(), ride_arrival_.end(), never);
}

void Raptor::run(std::span<const StopAccess> access, DaySeconds departure_time) {
  reset();
  departure(access, departure_time);
}

void Raptor::run_range(std::span<const StopAccess> access, std::vector<DaySeconds> departures,
                       const std::function<void(DaySeconds)>& each) {
  reset();
  std::sort(departures.begin(), departures.end(), std::greater<>());
  departures.erase(std::unique(departures.begin(), departures.end()), departures.end());
  for (DaySeconds t : departures) {
    departure(access, t);
    if (each) each(t);
  }
}

void Raptor::mark(Index stop) {
  if (!is_marked_[stop]) {
    is_marked_[stop] = 1;
    marked_.push_back(stop);
  }
}

// One departure on top of the labels of later departures: the access walks seed round 0, then
// each round carries the improvements of the round before, rides the patterns through the
// stops improved there and walks one footpath on from each ride (raptor.hpp, the model).
void Raptor::departure(std::span<const StopAccess> access, DaySeconds time) {
  const DaySeconds limit = options_.max_duration_s > 0 ? time + options_.max_duration_s : never;
  limit_ = limit;
  marked_.clear();
  for (const auto& a : access) {
    if (a.stop >= stops_ || a.seconds < 0) continue;
    const DaySeconds at = time + a.seconds;
    if (at > limit || at >= label(0, a.stop)) continue;
    label_ref(0, a.stop) = at;
    parent_ref(0, a.stop) = {Parent::Kind::access, 0, 0, core::invalid_index, 0, a.seconds};
    mark(a.stop);
  }
  for (int k = 1; k <= rounds_; ++k) {
    for (Index s : marked_) is_marked_[s] = 0;
    previous_marked_.swap(marked_);
    marked_.clear();
    carry_round(k);
    scan_patterns(k, limit);
    walk_footpaths(k, limit);
  }
  for (Index s : marked_) is_marked_[s] = 0;
  marked_.clear();
}

// Round k's labels are never worse than round k-1's ("at most k rides"): carry what round k-1
// improved. A carried label is not scanned again; the rides from it were scanned in the round
// that set it. It is marked here only so that it is carried on to the next round.
void Raptor::carry_round(int k) {
  for (Index s : previous_marked_) {
    if (label(k - 1, s) < label(k, s)) {
      label_ref(k, s) = label(k - 1, s);
      parent_ref(k, s) = {Parent::Kind::carried, 0, 0, core::invalid_index, 0, 0};
    }
  }
}

void Raptor::scan_patterns(int k, DaySeconds limit) {
  patterns_touched_.clear();
  for (Index s : previous_marked_) {
    if (parent_of(k - 1, s).kind == Parent::Kind::carried) continue;
    for (const auto& call : net_.calls_at(s)) {
      auto& from = pattern_from_[call.pattern];
      if (from == no_position) patterns_touched_.push_back(call.pattern);
      from = std::min(from, call.position);
    }
  }
  ridden_.clear();
  for (Index p : patterns_touched_) {
    scan_pattern(k, p, pattern_from_[p], limit);
    pattern_from_[p] = no_position;
  }
  // Carried stops go on to the next round (for the carry only).
  for (Index s : previous_marked_)
    if (label(k, s) == label(k - 1, s) && parent_of(k, s).kind == Parent::Kind::carried) mark(s);
}

// Ride one pattern from its first improved position: stay on the current trip, alighting
// wherever it arrives earlier than the label there; hop back to an earlier trip wherever the
// previous round's label catches one.
void Raptor::scan_pattern(int k, Index pattern, std::uint32_t from, DaySeconds limit) {
  const auto& p = net_.patterns()[pattern];
  std::uint32_t trip = p.trip_count, board = 0;
  for (std::uint32_t i = from; i < p.stop_count; ++i) {
    const Index s = net_.stop_at(p, i);
    if (trip < p.trip_count) {
      const DaySeconds at = net_.arrival(p, trip, i);
      const Parent ride{Parent::Kind::ride, board, i, pattern, trip, 0};
      if (at <= limit && at < label(k, s)) {
        label_ref(k, s) = at;
        parent_ref(k, s) = ride;
        mark(s);
      }
      // Footpaths walk on from the ride even where it did not improve the label.
      if (at <= limit && at < ride_label_ref(k, s)) {
        ride_label_ref(k, s) = at;
        if (round_ride_[s].kind == Parent::Kind::none) ridden_.push_back(s);
        round_ride_[s] = ride;
      }
    }
    if (i + 1 == p.stop_count) break;
    const DaySeconds before = label(k - 1, s);
    if (before >= never) continue;
    // Boarding from the access walk needs no slack; from a ride or a footpath it does (the
    // stop's own change time where the feed gives one).
    const DaySeconds ready =
        before + (before == label(0, s) ? 0 : net_.change_at(s, options_.transfer_slack_s));
    if (trip < p.trip_count && net_.departure(p, trip, i) < ready) continue;
    const std::uint32_t earlier = net_.first_trip_from(p, i, ready);
    if (earlier < trip) trip = earlier, board = i;
  }
}

// One footpath after each ride of the round, from the ride's arrival (not from the label, which
// a footpath of this round may already have lowered: walks would chain). The ride's arrival is
// then the bar for later rounds too: a later ride arriving no earlier walks to nothing new.
void Raptor::walk_footpaths(int k, DaySeconds limit) {
  for (Index s : ridden_) {
    const DaySeconds at = ride_label_ref(k, s);
    Parent walk = round_ride_[s];
    walk.kind = Parent::Kind::walk;
    for (const auto& f : net_.footpaths_from(s)) {
      const DaySeconds there = at + f.seconds;
      if (there > limit || there >= label(k, f.to)) continue;
      label_ref(k, f.to) = there;
      walk.seconds = f.seconds;
      parent_ref(k, f.to) = walk;
      mark(f.to);
    }
    for (int j = k + 1; j <= rounds_; ++j)
      ride_label_ref(j, s) = std::min(ride_label_ref(j, s), at);
    round_ride_[s] = Parent{};
  }
}

TransitLeg Raptor::ride_leg(const Parent& ride) const {
  const auto& p = net_.patterns()[ride.pattern];
  TransitLeg leg;
  leg.kind = TransitLeg::Kind::ride;
  leg.from_stop = net_.stop_at(p, ride.board_position);
  leg.to_stop = net_.stop_at(p, ride.alight_position);
  leg.depart = net_.departure(p, ride.trip, ride.board_position);
  leg.arrive = net_.arrival(p, ride.trip, ride.alight_position);
  leg.trip = net_.source_trip(p, ride.trip);
  leg.route = p.route;
  return leg;
}

std::vector<TransitLeg> Raptor::journey(Index stop) const {
  std::vector<TransitLeg> legs;
  if (stop >= stops_ || arrival(stop) >= never) return legs;
  int k = rounds_;
  const DaySeconds best = label(k, stop);
  while (k > 0 && label(k - 1, stop) == best) --k;
  Index at = stop;
  // Every step but the access walk leaves a round (a carry, a ride, or a footpath with the ride
  // it follows), so the trace ends within rounds + 1 steps.
  for (int step = 0; step <= rounds_ && k >= 0; ++step) {
    const Parent& par = parent_of(k, at);
    if (par.kind == Parent::Kind::carried) {
      --k;
      continue;
    }
    if (par.kind == Parent::Kind::access) {
      TransitLeg leg;
      leg.kind = TransitLeg::Kind::access;
      leg.to_stop = at;
      leg.arrive = label(k, at);
      leg.depart = leg.arrive - par.seconds;
      legs.push_back(leg);
      break;
    }
    if (par.kind != Parent::Kind::ride && par.kind != Parent::Kind::walk) break;  // none: cannot
    const TransitLeg ride = ride_leg(par);
    if (par.kind == Parent::Kind::walk) {
      TransitLeg walk;
      walk.kind = TransitLeg::Kind::walk;
      walk.from_stop = ride.to_stop;
      walk.to_stop = at;
      walk.depart = ride.arrive;
      walk.arrive = ride.arrive + par.seconds;
      legs.push_back(walk);
    }
    legs.push_back(ride);
    at = ride.from_stop;
    --k;
  }
  std::reverse(legs.begin(), legs.end());
  return legs;
}

}  // namespace reachplan::routing
