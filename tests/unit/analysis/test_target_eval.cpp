// The one target evaluation on hand-written minute tables (no routing): place rules, item rules
// and aggregates, each expected value worked out by hand in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "reachplan/analysis/target_eval.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;

namespace {

const double nan = std::nan("");

model::Scenario scenario() {
  auto s = test::drawn_scenario(R"(
mode rail
node a 0 1 population=200
node b 1 1 population=300
node c 2 1 population=500
node p 3 1
node q 4 1
line r rail a b c p q segment_min=1,1,1,1
)");
  s.groups["abc"] = {"a", "b", "c"};
  s.groups["ports"] = {"p", "q"};
  return s;
}

model::Target target(model::TargetKind kind, double max_minutes) {
  model::Target t;
  t.id = "t";
  t.kind = kind;
  t.group = "abc";
  t.max_minutes = max_minutes;
  return t;
}

// Minutes between named places, from a table (missing = unreachable).
analysis::TargetMinutes table(const analysis::TargetPlaces& p,
                              std::map<std::pair<std::string, std::string>, double> m) {
  return [&p, m](std::size_t o, std::size_t d) {
    auto it = m.find({p.origins[o], p.destinations[d]});
    return it == m.end() ? nan : it->second;
  };
}

const std::map<std::pair<std::string, std::string>, double> abc = {
    {{"a", "b"}, 10}, {{"b", "a"}, 10}, {{"b", "c"}, 20},
    {{"c", "b"}, 20}, {{"a", "c"}, 30}, {{"c", "a"}, 31}};

}  // namespace

TEST_CASE("max_pair_time judges every ordered pair by the worst", "[analysis]") {
  const auto s = scenario();
  const auto t = target(model::TargetKind::max_pair_time, 30);
  const auto p = analysis::target_places(s, t);
  const auto items = analysis::target_items(t, p, table(p, abc));
  REQUIRE(items.size() == 6);  // 3 x 2 ordered pairs, no self pairs
  const auto r = analysis::judge(t, p, items);
  CHECK(r.value == 31);  // c -> a
  CHECK(r.items_met == 5);
  CHECK_FALSE(r.pass);
  CHECK(analysis::judge(target(model::TargetKind::max_pair_time, 31), p, items).pass);
}

TEST_CASE("mean_time weighs a pair by both populations", "[analysis]") {
  const auto s = scenario();
  const auto t = target(model::TargetKind::mean_time, 21);
  const auto p = analysis::target_places(s, t);
  CHECK(p.weighting == "population");
  const auto r = analysis::judge(t, p, analysis::target_items(t, p, table(p, abc)));
  // Weights a 200, b 300, c 500: ab, ba 60000 x 10; bc, cb 150000 x 20; ac 100000 x 30; ca x 31
  // = (1200000 + 6000000 + 3000000 + 3100000) / 620000 = 21.45 minutes.
  CHECK(r.value == Approx(13300000.0 / 620000.0));
  CHECK_FALSE(r.pass);
  CHECK(r.items_total == 6);
}

TEST_CASE("reach_share counts destinations other than the hub by population", "[analysis]") {
  const auto s = scenario();
  auto t = target(model::TargetKind::reach_share, 15);
  t.from = "a";
  t.min_share = 0.3;
  const auto p = analysis::target_places(s, t);
  REQUIRE(p.origins == std::vector<std::string>{"a"});
  REQUIRE(p.destinations == std::vector<std::string>{"b", "c"});
  const auto r = analysis::judge(t, p, analysis::target_items(t, p, table(p, abc)));
  CHECK(r.value == Approx(300.0 / 800.0));  // b (300) within 15, c (500) at 30 is not
  CHECK(r.pass);
  CHECK(r.items_met == 1);
  CHECK(r.items_total == 2);
}

TEST_CASE("max_nearest_time takes each origin's nearest destination", "[analysis]") {
  const auto s = scenario();
  auto t = target(model::TargetKind::max_nearest_time, 40);
  t.to_group = "ports";
  const auto p = analysis::target_places(s, t);
  // a: p 50, q 45 -> 45; b: p 20, q 20 -> a tie, the id sorting last (q); c: none reachable.
  const auto items = analysis::target_items(
      t, p, table(p, {{{"a", "p"}, 50}, {{"a", "q"}, 45}, {{"b", "p"}, 20}, {{"b", "q"}, 20}}));
  REQUIRE(items.size() == 3);
  CHECK(items[0].minutes == 45);
  CHECK(p.destinations[items[0].destination] == "q");
  CHECK(p.destinations[items[1].destination] == "q");
  CHECK(std::isnan(items[2].minutes));
  CHECK(p.destinations[items[2].destination] == "q");
  const auto r = analysis::judge(t, p, items);
  CHECK(std::isnan(r.value));  // c cannot reach a port
  CHECK(r.items_met == 1);     // only b within 40
  CHECK_FALSE(r.pass);
}
