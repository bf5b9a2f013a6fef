// RAPTOR on a hand-drawn service day: every stop's earliest arrival for three departures and
// every ride count, worked out by hand from the model in raptor.hpp and asserted entry by
// entry; journeys leg by leg; the duration cap; the patterns the network lays the trips out in.
//
//   origin --2 min--> A      origin --10 min--> B        (access walks)
//
//   A ~~~~4~~~~ B ------------------------------ D                 yellow: yellow1
//   A --------- B ------------- C -------------- D                 red:    red1, red2, red3
//               B ------------- C -------------- D                 red:    red4 (night)
//                               C ------------------------ E       blue:   blue1, blue2
//                                              D ~~~5~~~>  E       footpath, one way
//                                                          E ------ F          green
//                                                          E ~10~~> F          footpath, one way
//
//   ~~n~~ footpath of n minutes (A and B both ways); a footpath C -> C and one to a stop that
//   does not exist are given too, and dropped by the network.
//
//   trip      A        B            C              D       E       F
//   red1      08:00    08:09/08:10  08:20/08:21    08:35
//   red2      08:05    08:10/08:11  08:16/08:17    08:25                   express: leaves B
//   red3      08:30    08:39/08:40  08:50/08:51    09:05                   after red1, at C first
//   red4               23:40        23:50/23:51    24:05                   past midnight
//   blue1                           08:20:30               08:30
//   blue2                           08:40                  08:50
//   green1                                                 08:55   09:10
//   green2                                                 24:11   24:40   past midnight
//   yellow1            08:10                       08:22
//   stub               09:00                                               one call: no use
//
// Slack 60 s. Access walks do not chain with footpaths (no A ~> B after the origin's walk), a
// footpath follows only a ride (no D ~> E ~> F), and boarding after the access walk needs no
// slack (the origin walk reaching B at 08:10:00 catches yellow1 and red1 leaving at 08:10:00).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "reachplan/graph/transit_network.hpp"
#include "reachplan/model/timetable.hpp"
#include "reachplan/routing/raptor.hpp"

using namespace reachplan;
using core::Index;
using graph::Footpath;
using model::DaySeconds;
using routing::never;
using routing::Raptor;
using routing::RaptorOptions;
using routing::StopAccess;
using routing::TransitLeg;

namespace {

enum : Index { A, B, C, D, E, F };
constexpr DaySeconds hms(int h, int m, int s = 0) {
  return (h * 60 + m) * 60 + s;
}

// "08:20" or "08:20:30" (hours past 23 after midnight); "-" is not reached.
DaySeconds clock(std::string_view text) {
  if (text == "-") return never;
  const auto field = [&](std::size_t at) { return std::stoi(std::string(text.substr(at, 2))); };
  return hms(field(0), field(3), text.size() > 5 ? field(6) : 0);
}

std::string clock_text(DaySeconds t) {
  if (t >= never) return "-";
  char buffer[16];
  if (t % 60 == 0)
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", t / 3600, t / 60 % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  return buffer;
}

// One arrival per stop, A to F, separated by blanks.
std::vector<DaySeconds> row(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<DaySeconds> times;
  for (std::string field; in >> field;) times.push_back(clock(field));
  return times;
}

struct Call {
  Index stop;
  const char* arrive;
  const char* depart;
};

model::TransitTrip trip(const char* id, Index route, std::vector<Call> calls) {
  model::TransitTrip t;
  t.id = id;
  t.route = route;
  t.service = "weekday";
  for (const auto& c : calls) {
    t.stops.push_back(c.stop);
    t.arrival.push_back(clock(c.arrive));
    t.departure.push_back(clock(c.depart));
  }
  return t;
}

enum : Index { red, blue, green, yellow };

model::Timetable drawn_timetable() {
  model::Timetable tt;
  tt.date = "2026-12-02";
  for (const char* id : {"A", "B", "C", "D", "E", "F"}) tt.stops.push_back({id, id, "", 0, 0});
  for (const char* id : {"red", "blue", "green", "yellow"})
    tt.routes.push_back({id, "", id, "", 2});
  tt.trips = {
      trip("red1", red,
           {{A, "08:00", "08:00"},
            {B, "08:09", "08:10"},
            {C, "08:20", "08:21"},
            {D, "08:35", "08:35"}}),
      trip("red2", red,
           {{A, "08:05", "08:05"},
            {B, "08:10", "08:11"},
            {C, "08:16", "08:17"},
            {D, "08:25", "08:25"}}),
      trip("red3", red,
           {{A, "08:30", "08:30"},
            {B, "08:39", "08:40"},
            {C, "08:50", "08:51"},
            {D, "09:05", "09:05"}}),
      trip("red4", red, {{B, "23:40", "23:40"}, {C, "23:50", "23:51"}, {D, "24:05", "24:05"}}),
      trip("blue1", blue, {{C, "08:20:30", "08:20:30"}, {E, "08:30", "08:30"}}),
      trip("blue2", blue, {{C, "08:40", "08:40"}, {E, "08:50", "08:50"}}),
      trip("green1", green, {{E, "08:55", "08:55"}, {F, "09:10", "09:10"}}),
      trip("green2", green, {{E, "24:11", "24:11"}, {F, "24:40", "24:40"}}),
      trip("yellow1", yellow, {{B, "08:10", "08:10"}, {D, "08:22", "08:22"}}),
      trip("stub", yellow, {{B, "09:00", "09:00"}}),
  };
  return tt;
}

std::vector<std::vector<Footpath>> drawn_footpaths() {
  std::vector<std::vector<Footpath>> walks(6);
  walks[A] = {{B, 240}, {17, 30}};  // stop 17 does not exist: dropped
  walks[B] = {{A, 240}};
  walks[C] = {{C, 30}};  // to itself: dropped
  walks[D] = {{E, 300}};
  walks[E] = {{F, 600}};
  return walks;
}

const std::vector<StopAccess> origin = {{A, 120}, {B, 600}};

// Expected arrivals at A..F with at most 0, 1, 2, 3 rides.
struct Expected {
  DaySeconds departure;
  std::vector<const char*> by_rides;
};

// Worked by hand, slack 60 s (r: ride, w: footpath, a: access walk; "+1" the slack minute).
const std::vector<Expected> expected_tables = {
    // 08:00. Access: A 08:02 (red1 left 08:00), B 08:10.
    // 1 ride: red2 from A (08:05) reaches C 08:16; yellow1 from B (08:10:00, no slack) D 08:22,
    //   w E 08:27. B stays 08:10: A 08:02 + the 4 min footpath is not allowed after access.
    //   F: only by walking on from E, and E was reached by a walk.
    // 2 rides: red2 C 08:16 +1 catches blue1 (08:20:30), E 08:30 by ride, w F 08:40 (green1
    //   from E 08:27 +1 only reaches F 09:10). The walk to E (08:27) is earlier than the ride
    //   (08:30) but cannot be walked on; the ride can.
    // 3 rides: E 08:30 +1 -> green1 09:10; nothing better.
    {hms(8, 0),
     {"08:02  08:10  -      -      -      -",  //
      "08:02  08:10  08:16  08:22  08:27  -",  //
      "08:02  08:10  08:16  08:22  08:27  08:40", "08:02  08:10  08:16  08:22  08:27  08:40"}},
    // 08:03. Access: A 08:05 catches red2 leaving A at 08:05:00 (no slack); B 08:13 is too late
    //   for red1, red2 and yellow1 (and A 08:05 + 4 min walk to B is not allowed).
    // 1 ride: red2 B 08:10 (beats the walk), C 08:16, D 08:25, w E 08:30.
    // 2 rides: red2 at B 08:10 +1 misses yellow1 (08:10) by the slack, so D stays 08:25;
    //   C 08:16 +1 -> blue1 -> E 08:30 (ties the walk), w F 08:40.
    {hms(8, 3),
     {"08:05  08:13  -      -      -      -",  //
      "08:05  08:10  08:16  08:25  08:30  -",  //
      "08:05  08:10  08:16  08:25  08:30  08:40", "08:05  08:10  08:16  08:25  08:30  08:40"}},
    // 23:00. Access: A 23:02 (no red from A at night), B 23:10.
    // 1 ride: red4 from B 23:40: C 23:50, D 24:05, w E 24:10.
    // 2 rides: E 24:10 +1 = 24:11 catches green2 leaving 24:11 exactly: F 24:40.
    {hms(23, 0),
     {"23:02  23:10  -      -      -      -",  //
      "23:02  23:10  23:50  24:05  24:10  -",  //
      "23:02  23:10  23:50  24:05  24:10  24:40", "23:02  23:10  23:50  24:05  24:10  24:40"}},
};

std::string arrivals_text(const Raptor& r, int rides) {
  std::string text;
  for (Index s = A; s <= F; ++s) text += (s == A ? "" : " ") + clock_text(r.arrival(s, rides));
  return text;
}

std::string arrivals_text(const Raptor& r) {
  return arrivals_text(r, r.options().max_rides);
}

std::string expected_text(const char* table_row) {
  std::string text;
  for (DaySeconds t : row(table_row)) text += (text.empty() ? "" : " ") + clock_text(t);
  return text;
}

// "ride red2/red A->D 08:05-08:25 | walk D->E 08:25-08:30"
std::string describe(const model::Timetable& tt, const std::vector<TransitLeg>& legs) {
  std::string text;
  for (const auto& leg : legs) {
    if (!text.empty()) text += " | ";
    const auto stop = [&](Index s) { return s < tt.stops.size() ? tt.stops[s].id : "?"; };
    switch (leg.kind) {
      case TransitLeg::Kind::access:
        text += "access " + std::string(leg.from_stop == core::invalid_index ? "" : "?");
        break;
      case TransitLeg::Kind::ride:
        text += "ride " + tt.trips.at(leg.trip).id + "/" + tt.routes.at(leg.route).id + " ";
        text += stop(leg.from_stop);
        break;
      case TransitLeg::Kind::walk:
        text += "walk " + stop(leg.from_stop);
        break;
    }
    text += "->" + stop(leg.to_stop) + " " + clock_text(leg.depart) + "-" + clock_text(leg.arrive);
  }
  return text;
}

std::string pattern_text(const model::Timetable& tt, const graph::TransitNetwork& net,
                         const graph::TransitPattern& p) {
  std::string text = tt.routes[p.route].id + ":";
  for (std::uint32_t i = 0; i < p.stop_count; ++i) text += " " + tt.stops[net.stop_at(p, i)].id;
  text += " |";
  for (std::uint32_t t = 0; t < p.trip_count; ++t) text += " " + tt.trips[net.source_trip(p, t)].id;
  return text;
}

}  // namespace

TEST_CASE("drawn timetable: the network splits the overtaking express into its own pattern",
          "[routing][raptor]") {
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  CHECK(net.stop_count() == 6);
  CHECK(net.trip_count() == 9);  // the one-call stub serves nobody
  CHECK(net.stop_time_count() == 4 * 3 + 3 + 2 * 2 + 2 * 2 + 2);
  // red2 leaves B after red1 and reaches C before it: one scan cannot hold both, so the red
  // A-B-C-D trips make two patterns (red3 follows red1), red4's shorter run a third.
  std::vector<std::string> patterns;
  for (const auto& p : net.patterns()) patterns.push_back(pattern_text(tt, net, p));
  std::sort(patterns.begin(), patterns.end());
  CHECK(patterns == std::vector<std::string>{
                        "blue: C E | blue1 blue2",
                        "green: E F | green1 green2",
                        "red: A B C D | red1 red3",
                        "red: A B C D | red2",
                        "red: B C D | red4",
                        "yellow: B D | yellow1",
                    });

  // Every pattern holds its trips' own times, and no trip overtakes the one before it.
  for (const auto& p : net.patterns()) {
    INFO(pattern_text(tt, net, p));
    for (std::uint32_t t = 0; t < p.trip_count; ++t) {
      const auto& source = tt.trips[net.source_trip(p, t)];
      for (std::uint32_t i = 0; i < p.stop_count; ++i) {
        CHECK(net.arrival(p, t, i) == source.arrival[i]);
        CHECK(net.departure(p, t, i) == source.departure[i]);
        if (t > 0) CHECK(net.departure(p, t - 1, i) <= net.departure(p, t, i));
        if (t > 0) CHECK(net.arrival(p, t - 1, i) <= net.arrival(p, t, i));
      }
    }
  }

  const auto pattern_of = [&](const char* first_trip) -> const graph::TransitPattern& {
    for (const auto& p : net.patterns())
      if (tt.trips[net.source_trip(p, 0)].id == first_trip) return p;
    FAIL("no pattern starts with " << first_trip);
    return net.patterns().front();
  };
  const auto& stopping = pattern_of("red1");  // red1 red3
  CHECK(net.first_trip_from(stopping, 0, 0) == 0);
  CHECK(net.first_trip_from(stopping, 1, hms(8, 10)) == 0);  // at the departure itself
  CHECK(net.first_trip_from(stopping, 1, hms(8, 10, 1)) == 1);
  CHECK(net.first_trip_from(stopping, 1, hms(8, 40)) == 1);
  CHECK(net.first_trip_from(stopping, 1, hms(8, 40, 1)) == 2);  // none: trip_count
  CHECK(net.first_trip_from(stopping, 3, hms(9, 5)) == 1);
  const auto& express = pattern_of("red2");
  CHECK(net.first_trip_from(express, 1, hms(8, 11)) == 0);
  CHECK(net.first_trip_from(express, 1, hms(8, 11, 1)) == 1);
  const auto& night = pattern_of("green1");
  CHECK(net.first_trip_from(night, 0, hms(8, 55, 1)) == 1);  // green2, 24:11
  CHECK(net.first_trip_from(night, 0, hms(24, 11)) == 1);
  CHECK(net.first_trip_from(night, 0, hms(24, 11, 1)) == 2);

  // B is served by red1/red3 and red2 at position 1, red4 and yellow1 at position 0.
  std::vector<std::string> at_b;
  for (const auto& call : net.calls_at(B))
    at_b.push_back(pattern_text(tt, net, net.patterns()[call.pattern]) + " @" +
                   std::to_string(call.position));
  std::sort(at_b.begin(), at_b.end());
  CHECK(at_b == std::vector<std::string>{"red: A B C D | red1 red3 @1", "red: A B C D | red2 @1",
                                         "red: B C D | red4 @0", "yellow: B D | yellow1 @0"});
  CHECK(net.calls_at(F).size() == 1);

  REQUIRE(net.footpaths_from(A).size() == 1);
  CHECK(net.footpaths_from(A)[0].to == B);
  CHECK(net.footpaths_from(A)[0].seconds == 240);
  CHECK(net.footpaths_from(C).empty());
  REQUIRE(net.footpaths_from(D).size() == 1);
  CHECK(net.footpaths_from(D)[0].to == E);
  CHECK(net.footpaths_from(D)[0].seconds == 300);
  CHECK(net.footpaths_from(F).empty());
}

TEST_CASE("drawn timetable: earliest arrivals by ride count, every stop and departure",
          "[routing][raptor]") {
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  for (const auto& expected : expected_tables) {
    INFO("departure " << clock_text(expected.departure));
    Raptor all(net, RaptorOptions{3, 60, 0});
    all.run(origin, expected.departure);
    for (int k = 0; k <= 3; ++k) {
      INFO("at most " << k << " rides");
      CHECK(arrivals_text(all, k) == expected_text(expected.by_rides[k]));
      // A search capped at k rides finds the same as round k of a deeper one.
      Raptor capped(net, RaptorOptions{k, 60, 0});
      capped.run(origin, expected.departure);
      CHECK(arrivals_text(capped) == expected_text(expected.by_rides[k]));
    }
  }
}

TEST_CASE("drawn timetable: range RAPTOR gives each departure's table, latest first",
          "[routing][raptor]") {
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  Raptor r(net, RaptorOptions{3, 60, 0});
  std::vector<DaySeconds> seen;
  r.run_range(origin, {hms(23, 0), hms(8, 0), hms(8, 3), hms(8, 0)}, [&](DaySeconds departure) {
    seen.push_back(departure);
    const auto& expected = *std::find_if(expected_tables.begin(), expected_tables.end(),
                                         [&](const auto& e) { return e.departure == departure; });
    INFO("departure " << clock_text(departure));
    for (int k = 0; k <= 3; ++k) {
      INFO("at most " << k << " rides");
      CHECK(arrivals_text(r, k) == expected_text(expected.by_rides[k]));
    }
  });
  CHECK(seen == std::vector<DaySeconds>{hms(23, 0), hms(8, 3), hms(8, 0)});
}

TEST_CASE("drawn timetable: the slack is what misses yellow1 at B", "[routing][raptor]") {
  // 08:03 again with no slack: red2 reaches B 08:10 and yellow1 leaves 08:10, so with two rides
  // D is 08:22 (not 08:25) and E 08:27 by the walk.
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  Raptor r(net, RaptorOptions{3, 0, 0});
  r.run(origin, hms(8, 3));
  CHECK(arrivals_text(r, 1) == expected_text("08:05 08:10 08:16 08:25 08:30 -"));
  CHECK(arrivals_text(r, 2) == expected_text("08:05 08:10 08:16 08:22 08:27 08:40"));
  CHECK(arrivals_text(r, 3) == expected_text("08:05 08:10 08:16 08:22 08:27 08:40"));
  CHECK(describe(tt, r.journey(D)) ==
        "access ->A 08:03-08:05 | ride red2/red A->B 08:05-08:10 | "
        "ride yellow1/yellow B->D 08:10-08:22");
}

TEST_CASE("drawn timetable: a stop's own change time replaces the slack there",
          "[routing][raptor]") {
  const auto tt = drawn_timetable();
  std::vector<std::int32_t> change(tt.stops.size(), -1);
  // No slack anywhere but 60 s to change at B: yellow1 is missed as with the slack (D 08:25).
  change[B] = 60;
  const graph::TransitNetwork slow_b(tt, drawn_footpaths(), change);
  Raptor r(slow_b, RaptorOptions{3, 0, 0});
  r.run(origin, hms(8, 3));
  CHECK(arrivals_text(r, 2) == expected_text("08:05 08:10 08:16 08:25 08:30 08:40"));
  // A 60 s slack but a timed change at B (0 s): yellow1 is caught (D 08:22), as without slack.
  change[B] = 0;
  const graph::TransitNetwork timed_b(tt, drawn_footpaths(), change);
  Raptor t(timed_b, RaptorOptions{3, 60, 0});
  t.run(origin, hms(8, 3));
  CHECK(arrivals_text(t, 2) == expected_text("08:05 08:10 08:16 08:22 08:27 08:40"));
  // No change possible at B: the same as the 60 s there, D by red2 and the later trips.
  change[B] = graph::TransitNetwork::change_never;
  const graph::TransitNetwork none_b(tt, drawn_footpaths(), change);
  Raptor x(none_b, RaptorOptions{3, 0, 0});
  x.run(origin, hms(8, 3));
  CHECK(arrivals_text(x, 2) == expected_text("08:05 08:10 08:16 08:25 08:30 08:40"));
}

TEST_CASE("drawn timetable: from B at 08:10 the express that overtakes red1 reaches C",
          "[routing][raptor]") {
  // red1 leaves B 08:10 (first in its pattern) but red2, leaving 08:11 in a pattern of its own,
  // reaches C at 08:16 rather than 08:20.
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  Raptor r(net, RaptorOptions{1, 60, 0});
  const std::vector<StopAccess> at_b = {{B, 0}};
  r.run(at_b, hms(8, 10));
  CHECK(arrivals_text(r, 0) == expected_text("-     08:10  -      -      -      -"));
  CHECK(arrivals_text(r, 1) == expected_text("-     08:10  08:16  08:22  08:27  -"));
  CHECK(describe(tt, r.journey(C)) == "access ->B 08:10-08:10 | ride red2/red B->C 08:11-08:16");
  CHECK(r.journey(A).empty());
  CHECK(r.journey(F).empty());
}

TEST_CASE("drawn timetable: journeys leg by leg, the fewest rides among equal arrivals",
          "[routing][raptor]") {
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  Raptor r(net, RaptorOptions{3, 60, 0});

  r.run(origin, hms(8, 0));
  // red2 also reaches B at 08:10, with a ride; the walk alone is the journey.
  CHECK(describe(tt, r.journey(B)) == "access ->B 08:00-08:10");
  CHECK(describe(tt, r.journey(E)) ==
        "access ->B 08:00-08:10 | ride yellow1/yellow B->D 08:10-08:22 | walk D->E 08:22-08:27");

  r.run(origin, hms(8, 3));
  // E at 08:30 by red2 and the walk from D (one ride) or by red2 and blue1 (two).
  CHECK(describe(tt, r.journey(E)) ==
        "access ->A 08:03-08:05 | ride red2/red A->D 08:05-08:25 | walk D->E 08:25-08:30");
  CHECK(describe(tt, r.journey(F)) ==
        "access ->A 08:03-08:05 | ride red2/red A->C 08:05-08:16 | "
        "ride blue1/blue C->E 08:20:30-08:30 | walk E->F 08:30-08:40");

  r.run(origin, hms(23, 0));
  CHECK(describe(tt, r.journey(F)) ==
        "access ->B 23:00-23:10 | ride red4/red B->D 23:40-24:05 | walk D->E 24:05-24:10 | "
        "ride green2/green E->F 24:11-24:40");
  const auto legs = r.journey(F);
  REQUIRE(legs.size() == 4);
  CHECK(legs[1].trip == 3);
  CHECK(legs[1].route == red);
  CHECK(legs[3].trip == 7);
  CHECK(legs[3].arrive == 86400 + 40 * 60);

  Raptor one(net, RaptorOptions{1, 60, 0});
  one.run(origin, hms(23, 0));
  CHECK(one.journey(F).empty());  // two rides needed
  CHECK(one.journey(99).empty());
}

TEST_CASE("drawn timetable: arrivals later than the duration cap are dropped",
          "[routing][raptor]") {
  const auto tt = drawn_timetable();
  const graph::TransitNetwork net(tt, drawn_footpaths());
  {
    Raptor r(net, RaptorOptions{3, 60, 25 * 60});  // by 08:25
    r.run(origin, hms(8, 0));
    CHECK(arrivals_text(r) == expected_text("08:02 08:10 08:16 08:22 - -"));
    CHECK(r.journey(E).empty());
  }
  {
    Raptor r(net, RaptorOptions{3, 60, 65 * 60});  // by 24:05: D at the cap is kept
    r.run(origin, hms(23, 0));
    CHECK(arrivals_text(r) == expected_text("23:02 23:10 23:50 24:05 - -"));
    CHECK(describe(tt, r.journey(D)) == "access ->B 23:00-23:10 | ride red4/red B->D 23:40-24:05");
  }
  {
    // Range: leaving 08:03 with 13 minutes reaches C at 08:16, but leaving 08:00 does not (the
    // cap is 08:13), even though waiting to leave at 08:03 would.
    Raptor r(net, RaptorOptions{3, 60, 13 * 60});
    std::vector<std::string> seen;
    r.run_range(origin, {hms(8, 0), hms(8, 3)}, [&](DaySeconds departure) {
      seen.push_back(clock_text(departure) + " " + arrivals_text(r));
    });
    CHECK(seen == std::vector<std::string>{"08:03 " + expected_text("08:05 08:10 08:16 - - -"),
                                           "08:00 " + expected_text("08:02 08:10 - - - -")});
  }
}

namespace {

// Four stops W X Y Z on a line, trips given as (stop, time) calls.
model::Timetable line_timetable(std::vector<std::vector<std::pair<Index, DaySeconds>>> trips) {
  model::Timetable tt;
  for (const char* id : {"W", "X", "Y", "Z"}) tt.stops.push_back({id, id, "", 0, 0});
  tt.routes.push_back({"line", "", "line", "", 3});
  for (const auto& calls : trips) {
    model::TransitTrip t;
    t.id = "trip" + std::to_string(tt.trips.size());
    t.route = 0;
    for (const auto& [stop, time] : calls) {
      t.stops.push_back(stop);
      t.arrival.push_back(time);
      t.departure.push_back(time);
    }
    tt.trips.push_back(t);
  }
  return tt;
}

enum : Index { W, X, Y, Z };

}  // namespace

TEST_CASE("minimal: a ride reaching a stop after the access walk did still walks on",
          "[routing][raptor]") {
  // origin -0-> X, origin -0-> Y;  X --trip0 0..100--> Y ~10~> Z.
  // Z: access X, ride to Y (100), walk to Z (110). The access walk reached Y at 0 first, but
  // a footpath may not follow the access walk, so only the ride's arrival walks on.
  const auto tt = line_timetable({{{X, 0}, {Y, 100}}});
  std::vector<std::vector<Footpath>> walks(4);
  walks[Y] = {{Z, 10}};
  const graph::TransitNetwork net(tt, walks);
  Raptor r(net, RaptorOptions{1, 0, 0});
  const std::vector<StopAccess> access = {{X, 0}, {Y, 0}};
  r.run(access, 0);
  CHECK(r.arrival(Y) == 0);
  CHECK(r.arrival(Z, 0) == never);
  CHECK(r.arrival(Z) == 110);
  CHECK(describe(tt, r.journey(Z)) ==
        "access ->X 00:00-00:00 | ride trip0/line X->Y 00:00-00:01:40 | "
        "walk Y->Z 00:01:40-00:01:50");
}

TEST_CASE("minimal: footpaths do not chain within a round", "[routing][raptor]") {
  // origin -0-> W;  W --trip0--> X (100) --> Y (200);  X ~10~> Y ~10~> Z.
  // Y: 110 by the walk from X. Z: only by the walk from Y after the ride, 210; walking on from
  // the walked-to Y (X ~> Y ~> Z, 120) is two footpaths.
  const auto tt = line_timetable({{{W, 0}, {X, 100}, {Y, 200}}});
  std::vector<std::vector<Footpath>> walks(4);
  walks[X] = {{Y, 10}};
  walks[Y] = {{Z, 10}};
  const graph::TransitNetwork net(tt, walks);
  Raptor r(net, RaptorOptions{1, 0, 0});
  const std::vector<StopAccess> access = {{W, 0}};
  r.run(access, 0);
  CHECK(r.arrival(Y) == 110);
  CHECK(r.arrival(Z) == 210);
  CHECK(describe(tt, r.journey(Z)) ==
        "access ->W 00:00-00:00 | ride trip0/line W->Y 00:00-00:03:20 | "
        "walk Y->Z 00:03:20-00:03:30");
}

TEST_CASE("minimal: range RAPTOR drops a later departure's arrival past an earlier one's cap",
          "[routing][raptor]") {
  // origin -0-> X;  X --trip0 100..200--> Y;  at most 150 s.
  // Leaving at 60 reaches Y at 200 (within 210); leaving at 0 must not (cap 150).
  const auto tt = line_timetable({{{X, 100}, {Y, 200}}});
  const graph::TransitNetwork net(tt, std::vector<std::vector<Footpath>>(4));
  Raptor r(net, RaptorOptions{1, 0, 150});
  const std::vector<StopAccess> access = {{X, 0}};
  std::vector<std::string> seen;  // departure: arrival at Y
  r.run_range(access, {0, 60}, [&](DaySeconds t) {
    seen.push_back(std::to_string(t) + ": " + clock_text(r.arrival(Y)));
  });
  CHECK(seen == std::vector<std::string>{"60: 00:03:20", "0: -"});
  CHECK(r.journey(Y).empty());
}
