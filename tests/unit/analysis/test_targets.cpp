// Targets and matrices on a drawn network whose times are exact (segment minutes, no waits):
//   a -10- b -20- c -30- d on two rail lines, z isolated. Populations a 100, b 300, c 600, d 50.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "reachplan/analysis/run.hpp"
#include "reachplan/analysis/targets.hpp"
#include "reachplan/core/error.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/expect_matrix.hpp"

using namespace reachplan;

namespace {

model::Scenario scenario() {
  auto s = test::drawn_scenario(R"(
mode rail
node a 0 0 population=100
node b 1 0 population=300
node c 2 0 population=600
node d 3 0 population=50
node z 9 9 population=1000
line r1 rail a b c segment_min=10,20
line r2 rail c d segment_min=30
)");
  s.groups["abc"] = {"a", "b", "c"};
  s.groups["abz"] = {"a", "b", "z"};
  s.groups["abcd"] = {"a", "b", "c", "d"};
  s.groups["abd"] = {"a", "b", "d"};
  s.groups["c"] = {"c"};
  return s;
}

model::Target target(model::Target::Kind kind, const std::string& group, double max_minutes) {
  model::Target t;
  t.id = "t";
  t.kind = kind;
  t.group = group;
  t.max_minutes = max_minutes;
  return t;
}

}  // namespace

TEST_CASE("the drawn network's whole matrix, which every target below is judged on", "[analysis]") {
  const auto s = scenario();
  analysis::ScenarioEngine engine(s);
  const auto m = engine.matrix("", {"a", "b", "c", "d", "z"}, {"a", "b", "c", "d", "z"});
  const auto minutes = [&](const std::string& from, const std::string& to) {
    const auto row = std::find(m.origins.begin(), m.origins.end(), from) - m.origins.begin();
    const auto col =
        std::find(m.destinations.begin(), m.destinations.end(), to) - m.destinations.begin();
    return m.minutes(row, col);
  };
  // Segments a-b 10, b-c 20 (line r1), c-d 30 (line r2); no dwell, waits or access; z alone.
  test::expect_matrix(minutes, R"(
         | a        | b     | c     | d        | z
    a    | 0        | 10    | 10+20 | 10+20+30 |
    b    | 10       | 0     | 20    | 20+30    |
    c    | 20+10    | 20    | 0     | 30       |
    d    | 30+20+10 | 30+20 | 30    | 0        |
    z    |          |       |       |          | 0
  )");
}

TEST_CASE("max_pair_time counts ordered pairs and lists offenders worst first", "[analysis]") {
  const auto s = scenario();
  analysis::ScenarioEngine engine(s);
  const auto r =
      analysis::evaluate_target(engine, target(model::Target::Kind::max_pair_time, "abc", 25));
  CHECK_FALSE(r.pass);
  CHECK(r.value == Approx(30));
  CHECK(r.items_total == 6);
  CHECK(r.items_met == 4);
  REQUIRE(r.offenders.size() == 2);
  CHECK(r.offenders[0].origin == "a");
  CHECK(r.offenders[0].destination == "c");
  CHECK(r.offenders[0].lines == std::vector<std::string>{"r1"});
  CHECK(analysis::evaluate_target(engine, target(model::Target::Kind::max_pair_time, "abc", 30))
            .pass);
}

TEST_CASE("an unreachable pair fails the target and is reported first", "[analysis]") {
  const auto s = scenario();
  analysis::ScenarioEngine engine(s);
  const auto r =
      analysis::evaluate_target(engine, target(model::Target::Kind::max_pair_time, "abz", 1000));
  CHECK_FALSE(r.pass);
  CHECK(std::isnan(r.value));
  REQUIRE(r.offenders.size() == 4);  // a->z, b->z, z->a, z->b
  CHECK_FALSE(r.offenders[0].reachable());
  CHECK(r.items_met == 2);
}

TEST_CASE("mean_time is population weighted over ordered pairs", "[analysis]") {
  const auto s = scenario();
  analysis::ScenarioEngine engine(s);
  // (100*300*10 + 100*600*30 + 300*600*20) / (100*300 + 100*600 + 300*600) = 21.11
  auto r = analysis::evaluate_target(engine, target(model::Target::Kind::mean_time, "abc", 21));
  CHECK(r.weighting == "population");
  CHECK(r.value == Approx(5700000.0 / 270000.0));
  CHECK_FALSE(r.pass);
  CHECK(analysis::evaluate_target(engine, target(model::Target::Kind::mean_time, "abc", 22)).pass);
}

TEST_CASE("mean_time falls back to counting when a population is missing", "[analysis]") {
  auto s = scenario();
  s.network.find_node("b")->population.reset();
  analysis::ScenarioEngine engine(s);
  const auto r =
      analysis::evaluate_target(engine, target(model::Target::Kind::mean_time, "abc", 100));
  CHECK(r.weighting == "count");
  CHECK(r.value == Approx((10.0 + 30 + 20) / 3));
}

TEST_CASE("reach_share weighs the members reached from the hub", "[analysis]") {
  const auto s = scenario();
  analysis::ScenarioEngine engine(s);
  auto t = target(model::Target::Kind::reach_share, "abcd", 35);
  t.from = "a";
  t.min_share = 0.95;
  auto r = analysis::evaluate_target(engine, t);
  CHECK(r.value == Approx(900.0 / 950.0));  // b and c within 35, d at 60 is not
  CHECK_FALSE(r.pass);
  REQUIRE(r.offenders.size() == 1);
  CHECK(r.offenders[0].destination == "d");
  t.min_share = 0.9;
  CHECK(analysis::evaluate_target(engine, t).pass);
}

TEST_CASE("max_nearest_time uses the closest member of to_group", "[analysis]") {
  auto s = scenario();
  s.groups["bc"] = {"b", "c"};
  analysis::ScenarioEngine engine(s);
  auto t = target(model::Target::Kind::max_nearest_time, "abd", 25);
  t.to_group = "c";
  auto r = analysis::evaluate_target(engine, t);
  CHECK_FALSE(r.pass);
  CHECK(r.value == Approx(30));
  CHECK(r.offenders.size() == 2);  // a (30) and d (30); b reaches c in 20
  t.to_group = "bc";               // a now has b at 10; d still needs 30 to c
  r = analysis::evaluate_target(engine, t);
  REQUIRE(r.offenders.size() == 1);
  CHECK(r.offenders[0].origin == "d");
  CHECK(r.offenders[0].destination == "c");
}

TEST_CASE("unknown groups and places are usage errors", "[analysis]") {
  const auto s = scenario();
  analysis::ScenarioEngine engine(s);
  CHECK_THROWS_AS(
      analysis::evaluate_target(engine, target(model::Target::Kind::max_pair_time, "nope", 1)),
      core::UsageError);
  CHECK_THROWS_AS(engine.trip("", "a", "nowhere"), core::UsageError);
  CHECK_THROWS_AS(engine.matrix("no-such-profile", {"a"}, {"b"}), core::UsageError);
}

TEST_CASE("run_scenario: key matrix agrees with trips and the diagonal is zero", "[analysis]") {
  auto s = scenario();
  s.key_group = "abcd";
  s.targets.push_back(target(model::Target::Kind::max_pair_time, "abc", 30));
  const auto r = analysis::run_scenario(s, 2);
  REQUIRE(r.key_matrix.minutes.rows() == 4);
  CHECK(r.key_matrix.minutes(0, 0) == 0.0);
  CHECK(r.key_matrix.minutes(0, 3) == Approx(60));
  CHECK(r.key_trips.size() == 12);
  for (const auto& t : r.key_trips.all()) {
    const auto i = std::find(r.key_matrix.origins.begin(), r.key_matrix.origins.end(), t.origin) -
                   r.key_matrix.origins.begin();
    const auto j = std::find(r.key_matrix.destinations.begin(), r.key_matrix.destinations.end(),
                             t.destination) -
                   r.key_matrix.destinations.begin();
    CHECK(t.minutes == Approx(r.key_matrix.minutes(i, j)));
  }
  CHECK(r.all_targets_pass());
  CHECK(r.stats.lines_built == 2);
}
