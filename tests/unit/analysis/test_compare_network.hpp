// The hand-checked network of the comparison and ranking tests. Every time is exact (segment
// minutes, no access, waits or transfer penalties):
//
//        m            roads (existing): a-b 100, b-c 100
//      X/ \Y          X rail a-m 20, Y rail m-c 20 (planned): only useful together
//      a-Z-b---c      Z rail a-b 30 (planned): useful alone
//       \__road__/
//
// a, b, c have 100 people each; m none (a junction). Targets:
//   ac-60   every ordered pair of {a, c} within 60 min  (needs X and Y: a-m-c = 40)
//   a-b-60  from a, all of {b} within 60 min           (needs Z: a-b = 30)
// Times by state (ordered pairs both ways):
//   baseline       ab 100  ac 200  bc 100
//   + Z            ab  30  ac 130  bc 100
//   + X or + Y     as baseline (m is no one's destination)
//   full (X Y Z)   ab  30  ac  40  bc  70   (b-a by Z, then a-m-c)
//   full - X or Y  ab  30  ac 130  bc 100
//   full - Z       ab 100  ac  40  bc 100   (a-m-c-b = 140 does not help)
#pragma once

#include <algorithm>
#include <stdexcept>

#include "reachplan/analysis/compare.hpp"
#include "reachplan/model/scenario.hpp"
#include "unit/support/drawn_network.hpp"

namespace reachplan::test {

inline model::Scenario compare_network(const std::string& extra = "") {
  auto s = drawn_scenario(R"(
mode road
mode rail
node a 0 0 population=100
node b 1 0 population=100
node c 2 0 population=100
node m 1 1
link ab road a b segment_min=100
link bc road b c segment_min=100
link X rail a m segment_min=20 status=planned
link Y rail m c segment_min=20 status=planned
link Z rail a b segment_min=30 status=planned
)" + extra);
  s.id = "base";
  s.groups["ac"] = {"a", "c"};
  s.groups["b"] = {"b"};
  model::Target t1;
  t1.id = "ac-60";
  t1.kind = model::Target::Kind::max_pair_time;
  t1.group = "ac";
  t1.max_minutes = 60;
  model::Target t2;
  t2.id = "a-b-60";
  t2.kind = model::Target::Kind::reach_share;
  t2.from = "a";
  t2.group = "b";
  t2.max_minutes = 60;
  t2.min_share = 1.0;
  s.targets = {t1, t2};
  return s;
}

// The same network as a plan version: `id` builds `lines` on top of the existing roads.
inline model::Scenario compare_version(const std::string& id, std::set<std::string> lines) {
  auto s = compare_network();
  s.id = s.name = id;
  s.build_lines = std::move(lines);
  return s;
}

// The item of `target` from `origin` to `destination` in a comparison (fails the test if none).
inline const analysis::ItemProgress& item(const analysis::Comparison& c, const std::string& target,
                                          const std::string& origin,
                                          const std::string& destination) {
  for (const auto& it : c.items)
    if (c.targets[it.target].target.id == target && it.origin == origin &&
        it.destination == destination)
      return it;
  throw std::logic_error("no item " + target + " " + origin + "->" + destination);
}

// `s` without line `id`, as a scenario's `remove: {lines: [id]}` leaves it.
inline model::Scenario without_line(model::Scenario s, const std::string& id) {
  auto& l = s.network.lines;
  l.erase(std::remove_if(l.begin(), l.end(), [&](const model::Line& x) { return x.id == id; }),
          l.end());
  return s;
}

// A network whose outages cut pairs off, for N-1. Every time is exact (no access, waits or
// transfers); p, q, r, s, u have 100 people each. W (q-u-r, 5 + 5) is u's only line and the
// fast q-r; N is s's only line.
//   intact:    pq 10, pr 20, ps 50, qr 10, qs 40, rs 30; u 5 from q and r, 15 from p, 35 from s
//   without W: u cut off (8 ordered pairs); pr, ps, qr, qs each 10 min longer: 80 over the
//              12 ordered pairs still reachable = 6.67 (4.00 if the cut pairs counted 0)
//   without N: s cut off (8 pairs), nothing else slower: 0 over the pairs still reachable
//   without L: p-q 110, p-u 105, p-r 100, p-s 130: 700 over 20 ordered pairs = 35
//   M and R carry no shortest trip.
inline model::Scenario cut_network() {
  return drawn_scenario(R"(
mode rail
mode road
node p 0 0 population=100
node q 1 0 population=100
node r 2 0 population=100
node s 3 0 population=100
node u 1.5 1 population=100
link L rail p q segment_min=10
link M rail q r segment_min=20
link N rail r s segment_min=30
link R road p r segment_min=100
line W rail q u r segment_min=5,5
)");
}

}  // namespace reachplan::test
