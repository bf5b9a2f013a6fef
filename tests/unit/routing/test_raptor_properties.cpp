// RAPTOR on seeded random timetables, against an oracle written from the model in raptor.hpp
// (not from raptor.cpp): the labels for every stop and ride count, range RAPTOR against one
// search per departure, and every journey checked leg by leg against the timetable.
//
// The timetables are small and dense on purpose: a few stops served by overlapping routes,
// times on a 30 s grid so that arrivals tie with departures and with each other, express trips
// that overtake stopping ones, loops that serve a stop twice, footpaths that are not
// transitively closed, slack from 0 to 120 s, stops with their own change times (transfers.txt
// at one stop, or no change there), and now and then a duration cap.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "reachplan/graph/transit_network.hpp"
#include "reachplan/model/timetable.hpp"
#include "reachplan/routing/raptor.hpp"

using namespace reachplan;
using core::Index;
using model::DaySeconds;
using routing::never;
using routing::Raptor;
using routing::TransitLeg;

namespace {

constexpr unsigned case_count = 300;

struct Case {
  model::Timetable timetable;
  std::vector<std::vector<graph::Footpath>> footpaths;
  std::vector<routing::StopAccess> access;
  routing::RaptorOptions options;
  // Per stop or empty: the feed's change time there (-1 none, change_never: no change).
  std::vector<std::int32_t> change_s;
  DaySeconds window = 0;  // departures are drawn from [window - 30 min, window + 2 h]
};

// The model's wait before boarding at `stop` after a ride or a walk.
DaySeconds change_at(const Case& c, Index stop) {
  return !c.change_s.empty() && c.change_s[stop] >= 0 ? c.change_s[stop]
                                                      : c.options.transfer_slack_s;
}

int uniform(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}
bool chance(std::mt19937& rng, double p) {
  return std::bernoulli_distribution(p)(rng);
}

// 2 to 6 distinct stops; one route in ten comes back to a stop it served (a loop).
std::vector<Index> random_sequence(std::mt19937& rng, int stops) {
  std::vector<Index> all(static_cast<std::size_t>(stops));
  std::iota(all.begin(), all.end(), Index{0});
  std::shuffle(all.begin(), all.end(), rng);
  const int length = uniform(rng, 2, std::min(stops, 6));
  all.resize(static_cast<std::size_t>(length));
  if (length >= 3 && chance(rng, 0.1)) all.push_back(all[uniform(rng, 0, length - 2)]);
  return all;
}

// Runs of 1 to 15 minutes (halved for an express), dwells of up to 90 s, on a 30 s grid.
model::TransitTrip random_trip(std::mt19937& rng, Index route, const std::vector<Index>& stops,
                               DaySeconds first_departure, bool express) {
  model::TransitTrip t;
  t.id = "r" + std::to_string(route) + "t" + std::to_string(first_departure);
  t.route = route;
  t.stops = stops;
  DaySeconds at = first_departure;
  for (std::size_t i = 0; i < stops.size(); ++i) {
    if (i > 0) at += 30 * std::max(1, uniform(rng, 2, 30) / (express ? 2 : 1));
    t.arrival.push_back(at);
    if (i > 0 && i + 1 < stops.size()) at += 30 * uniform(rng, 0, 3);
    t.departure.push_back(at);
  }
  return t;
}

Case random_case(unsigned seed) {
  std::mt19937 rng(seed);
  Case c;
  const int stops = uniform(rng, 5, 15);
  c.timetable.stops.resize(static_cast<std::size_t>(stops));
  for (int s = 0; s < stops; ++s) c.timetable.stops[s].id = "s" + std::to_string(s);
  // A quarter of the days run around midnight (times past 24:00:00).
  c.window = chance(rng, 0.25) ? 23 * 3600 : 8 * 3600;
  const int routes = uniform(rng, 2, 6);
  for (int r = 0; r < routes; ++r) {
    const auto route = static_cast<Index>(r);
    c.timetable.routes.emplace_back().id = "r" + std::to_string(r);
    const auto sequence = random_sequence(rng, stops);
    for (int k = uniform(rng, 1, 8); k > 0; --k) {
      const DaySeconds first = c.window + 30 * uniform(rng, 0, 240);
      c.timetable.trips.push_back(random_trip(rng, route, sequence, first, chance(rng, 0.2)));
    }
  }
  c.footpaths.resize(static_cast<std::size_t>(stops));
  for (int a = 0; a < stops; ++a)
    for (int b = 0; b < stops; ++b)
      if (a != b && chance(rng, 0.12))
        c.footpaths[a].push_back({static_cast<Index>(b), 30 * uniform(rng, 1, 20)});
  for (int k = uniform(rng, 1, 3); k > 0; --k)
    c.access.push_back({static_cast<Index>(uniform(rng, 0, stops - 1)), 30 * uniform(rng, 0, 20)});
  c.options.max_rides = uniform(rng, 0, 4);
  c.options.transfer_slack_s = chance(rng, 0.7) ? 30 * uniform(rng, 0, 4) : uniform(rng, 0, 120);
  c.options.max_duration_s = chance(rng, 0.3) ? 60 * uniform(rng, 10, 120) : 0;
  // Drawn last, so the cases above stay those of earlier seeds.
  if (chance(rng, 0.5))
    for (int s = 0; s < stops; ++s)
      c.change_s.push_back(!chance(rng, 0.4)  ? -1
                           : chance(rng, 0.1) ? graph::TransitNetwork::change_never
                                              : 30 * uniform(rng, 0, 8));
  return c;
}

std::vector<DaySeconds> random_departures(const Case& c, unsigned seed, int count) {
  std::mt19937 rng(seed * 7919u + 1);
  std::vector<DaySeconds> times;
  for (int i = 0; i < count; ++i)
    times.push_back(c.window - 1800 +
                    (chance(rng, 0.8) ? 30 * uniform(rng, 0, 300) : uniform(rng, 0, 9000)));
  return times;
}

using Table = std::vector<std::vector<DaySeconds>>;  // [rides][stop]

// The model, by exact ride count. A traveller's state is (stop, rides so far, how they got
// there: the access walk, a ride, or a footpath after a ride); within one state an earlier
// time is never worse (waiting is free, and a trip catchable from a later time is catchable
// from an earlier one), so one time per state is enough, and the states with r + 1 rides follow
// from those with r. Rides board at any call but the last whose departure is at or after the
// ready time (arrival, plus the slack unless it was the access walk) and alight at any later
// call; a footpath follows a ride only. The cap drops final arrivals: times only grow along a
// journey, so dropping the states beyond it on the way would drop the same journeys.
Table oracle(const Case& c, DaySeconds departure) {
  const std::size_t n = c.timetable.stops.size();
  const int max_rides = c.options.max_rides;
  Table best(static_cast<std::size_t>(max_rides) + 1, std::vector<DaySeconds>(n, never));
  for (const auto& a : c.access) best[0][a.stop] = std::min(best[0][a.stop], departure + a.seconds);
  std::vector<DaySeconds> ready = best[0];  // for the next ride
  for (int r = 1; r <= max_rides; ++r) {
    std::vector<DaySeconds> by_ride(n, never), by_walk(n, never);
    for (const auto& trip : c.timetable.trips) {
      // Boarding at the first call possible is never worse than boarding at a later one.
      bool aboard = false;
      for (std::size_t i = 0; i < trip.stops.size(); ++i) {
        const Index s = trip.stops[i];
        if (aboard) by_ride[s] = std::min(by_ride[s], trip.arrival[i]);
        if (!aboard && i + 1 < trip.stops.size() && ready[s] <= trip.departure[i]) aboard = true;
      }
    }
    for (std::size_t s = 0; s < n; ++s)
      if (by_ride[s] < never)
        for (const auto& f : c.footpaths[s])
          by_walk[f.to] = std::min(by_walk[f.to], by_ride[s] + f.seconds);
    best[r] = best[r - 1];
    for (std::size_t s = 0; s < n; ++s) {
      best[r][s] = std::min({best[r][s], by_ride[s], by_walk[s]});
      const DaySeconds arrived = std::min(by_ride[s], by_walk[s]);
      ready[s] = arrived < never ? arrived + change_at(c, static_cast<Index>(s)) : never;
    }
  }
  if (c.options.max_duration_s > 0)
    for (auto& round : best)
      for (auto& t : round)
        if (t < never && t > departure + c.options.max_duration_s) t = never;
  return best;
}

Table labels(const Raptor& r, std::size_t stops) {
  Table t(static_cast<std::size_t>(r.options().max_rides) + 1, std::vector<DaySeconds>(stops));
  for (int k = 0; k <= r.options().max_rides; ++k)
    for (Index s = 0; s < stops; ++s) t[k][s] = r.arrival(s, k);
  return t;
}

std::vector<DaySeconds> final_labels(const Raptor& r, std::size_t stops) {
  std::vector<DaySeconds> t(stops);
  for (Index s = 0; s < stops; ++s) t[s] = r.arrival(s);
  return t;
}

std::string legs_text(const std::vector<TransitLeg>& legs) {
  static const char* kinds[] = {"access", "ride", "walk"};
  std::ostringstream out;
  for (const auto& leg : legs) {
    out << kinds[static_cast<int>(leg.kind)] << " ";
    if (leg.from_stop != core::invalid_index) out << leg.from_stop;
    out << "->" << leg.to_stop << " " << leg.depart << "-" << leg.arrive;
    if (leg.kind == TransitLeg::Kind::ride) out << " trip " << leg.trip << " route " << leg.route;
    out << "; ";
  }
  return out.str();
}

bool has_access(const Case& c, const TransitLeg& leg) {
  return std::any_of(c.access.begin(), c.access.end(), [&](const auto& a) {
    return a.stop == leg.to_stop && a.seconds == leg.arrive - leg.depart;
  });
}

bool has_footpath(const Case& c, const TransitLeg& leg) {
  if (leg.from_stop >= c.footpaths.size()) return false;
  const auto& walks = c.footpaths[leg.from_stop];
  return std::any_of(walks.begin(), walks.end(), [&](const auto& f) {
    return f.to == leg.to_stop && f.seconds == leg.arrive - leg.depart;
  });
}

// The trip calls at from_stop leaving at `depart` and later at to_stop arriving at `arrive`.
bool rides_trip(const Case& c, const TransitLeg& leg) {
  if (leg.trip >= c.timetable.trips.size()) return false;
  const auto& trip = c.timetable.trips[leg.trip];
  if (trip.route != leg.route) return false;
  for (std::size_t i = 0; i < trip.stops.size(); ++i)
    for (std::size_t j = i + 1; j < trip.stops.size(); ++j)
      if (trip.stops[i] == leg.from_stop && trip.departure[i] == leg.depart &&
          trip.stops[j] == leg.to_stop && trip.arrival[j] == leg.arrive)
        return true;
  return false;
}

// What is wrong with one leg after `previous` (or the first leg); "" when nothing.
std::string leg_problem(const Case& c, const TransitLeg* previous, const TransitLeg& leg) {
  using Kind = TransitLeg::Kind;
  if (!previous) {
    if (leg.kind != Kind::access) return "does not start with the access walk";
    if (leg.from_stop != core::invalid_index) return "access leg names a stop it leaves";
    return has_access(c, leg) ? "" : "access leg is no access walk of the origin";
  }
  if (leg.kind == Kind::access) return "access leg after the first";
  if (leg.from_stop != previous->to_stop) return "leg does not leave where the last one ended";
  if (leg.kind == Kind::walk) {
    if (previous->kind != Kind::ride) return "footpath not right after a ride";
    if (leg.depart < previous->arrive) return "footpath leaves before arriving";
    return has_footpath(c, leg) ? "" : "walk is no footpath";
  }
  const DaySeconds slack = previous->kind == Kind::access ? 0 : change_at(c, leg.from_stop);
  if (leg.depart < previous->arrive + slack) return "boards before arrival plus slack";
  return rides_trip(c, leg) ? "" : "ride does not match its trip's calls";
}

// Everything journey(stop) must satisfy; "" when it does.
std::string journey_problem(const Case& c, const Raptor& r, Index stop, DaySeconds departure,
                            bool exact_departure) {
  const auto legs = r.journey(stop);
  const DaySeconds best = r.arrival(stop);
  if (best >= never) return legs.empty() ? "" : "journey to a stop not reached";
  if (legs.empty()) return "no journey to a reached stop";
  int rides = 0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    auto problem = leg_problem(c, i == 0 ? nullptr : &legs[i - 1], legs[i]);
    if (!problem.empty()) return "leg " + std::to_string(i) + ": " + problem;
    rides += legs[i].kind == TransitLeg::Kind::ride;
  }
  // Range RAPTOR may keep a journey of a later departure: leaving then is leaving now and waiting.
  if (exact_departure ? legs.front().depart != departure : legs.front().depart < departure)
    return "leaves at " + std::to_string(legs.front().depart);
  if (legs.back().to_stop != stop) return "ends elsewhere";
  if (legs.back().arrive != best) return "arrives at " + std::to_string(legs.back().arrive);
  if (rides > c.options.max_rides) return "too many rides";
  int fewest = 0;
  while (r.arrival(stop, fewest) != best) ++fewest;
  if (rides != fewest) return std::to_string(rides) + " rides, " + std::to_string(fewest) + " do";
  return "";
}

void check_journeys(const Case& c, const Raptor& r, DaySeconds departure, bool exact_departure) {
  for (Index s = 0; s < c.timetable.stops.size(); ++s) {
    INFO("stop " << s << " arrival " << r.arrival(s) << " legs " << legs_text(r.journey(s)));
    REQUIRE(journey_problem(c, r, s, departure, exact_departure) == "");
  }
}

}  // namespace

TEST_CASE("random timetables: RAPTOR's labels equal the model's oracle for every ride count",
          "[routing][raptor][property]") {
  // What the cases hold, so that a generator change cannot quietly make them trivial.
  std::size_t reached = 0, transfers = 0, split = 0, loops = 0, capped = 0;
  for (unsigned seed = 1; seed <= case_count; ++seed) {
    const Case c = random_case(seed);
    const graph::TransitNetwork net(c.timetable, c.footpaths, c.change_s);
    split += net.patterns().size() > c.timetable.routes.size();  // one stop sequence per route
    loops += std::any_of(c.timetable.trips.begin(), c.timetable.trips.end(), [](auto t) {
      std::sort(t.stops.begin(), t.stops.end());
      return std::adjacent_find(t.stops.begin(), t.stops.end()) != t.stops.end();
    });
    Case uncapped = c;
    uncapped.options.max_duration_s = 0;
    Raptor r(net, c.options);
    for (DaySeconds departure : random_departures(c, seed, 4)) {
      INFO("seed " << seed << " departure " << departure << " max_rides " << c.options.max_rides
                   << " slack " << c.options.transfer_slack_s << " max_duration "
                   << c.options.max_duration_s);
      r.run(c.access, departure);
      const Table expected = oracle(c, departure);
      REQUIRE(labels(r, c.timetable.stops.size()) == expected);
      REQUIRE(final_labels(r, c.timetable.stops.size()) == expected.back());
      capped += expected != oracle(uncapped, departure);
      for (Index s = 0; s < c.timetable.stops.size(); ++s) {
        reached += expected.back()[s] < never;
        transfers += expected.size() > 2 && expected[2][s] < expected[1][s];
      }
    }
  }
  CAPTURE(reached, transfers, split, loops, capped);
  CHECK(reached > case_count * 4 * 3);
  CHECK(transfers > case_count / 2);
  CHECK(split > case_count / 10);
  CHECK(loops > case_count / 20);
  CHECK(capped > case_count / 10);
}

TEST_CASE("random timetables: range RAPTOR equals one search per departure",
          "[routing][raptor][property]") {
  for (unsigned seed = 1; seed <= case_count; ++seed) {
    const Case c = random_case(seed);
    const graph::TransitNetwork net(c.timetable, c.footpaths, c.change_s);
    Raptor range(net, c.options), single(net, c.options);
    auto departures = random_departures(c, seed, 30);
    std::vector<DaySeconds> seen;
    range.run_range(c.access, departures, [&](DaySeconds departure) {
      INFO("seed " << seed << " departure " << departure << " max_rides " << c.options.max_rides
                   << " slack " << c.options.transfer_slack_s << " max_duration "
                   << c.options.max_duration_s);
      seen.push_back(departure);
      single.run(c.access, departure);
      REQUIRE(labels(range, c.timetable.stops.size()) == labels(single, c.timetable.stops.size()));
      REQUIRE(final_labels(range, c.timetable.stops.size()) ==
              final_labels(single, c.timetable.stops.size()));
    });
    std::sort(departures.begin(), departures.end(), std::greater<>());
    departures.erase(std::unique(departures.begin(), departures.end()), departures.end());
    CHECK(seen == departures);
  }
}

TEST_CASE("random timetables: every journey is feasible and has the fewest rides",
          "[routing][raptor][property]") {
  for (unsigned seed = 1; seed <= case_count; ++seed) {
    const Case c = random_case(seed);
    const graph::TransitNetwork net(c.timetable, c.footpaths, c.change_s);
    Raptor r(net, c.options);
    for (DaySeconds departure : random_departures(c, seed, 4)) {
      INFO("seed " << seed << " departure " << departure << " (one search)");
      r.run(c.access, departure);
      check_journeys(c, r, departure, true);
    }
    r.run_range(c.access, random_departures(c, seed, 30), [&](DaySeconds departure) {
      INFO("seed " << seed << " departure " << departure << " (range)");
      check_journeys(c, r, departure, false);
    });
  }
}
