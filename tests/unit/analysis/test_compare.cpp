// compare_versions on the hand-checked network (test_compare_network.hpp): three plan versions
// given out of order, a version that fails to load, phasing by year.
#include <catch2/catch.hpp>
#include <cmath>

#include "reachplan/analysis/compare.hpp"
#include "reachplan/core/error.hpp"
#include "unit/analysis/test_compare_network.hpp"

using namespace reachplan;
using Strings = std::vector<std::string>;

namespace {

// A version as if loaded from `file`, extending the files after it.
analysis::VersionSource version(const std::string& id, std::set<std::string> lines,
                                std::vector<std::string> chain) {
  return {chain.front(), [=] {
            auto s = test::compare_version(id, lines);
            s.input_files = chain;
            return s;
          }};
}

std::vector<analysis::VersionSource> three_versions() {
  // Given out of order: the extends chain puts them back.
  return {version("plan-all", {"X", "Y", "Z"}, {"plan-all.yaml", "plan-z.yaml", "base.yaml"}),
          version("base", {}, {"base.yaml"}),
          version("plan-z", {"Z"}, {"plan-z.yaml", "base.yaml"})};
}

Strings ids(const analysis::Comparison& c) {
  Strings out;
  for (const auto& v : c.versions) out.push_back(v.id);
  return out;
}

}  // namespace

TEST_CASE("compare orders versions parents first and lines up targets", "[compare]") {
  analysis::CompareOptions options;
  options.threads = 2;
  const auto c = analysis::compare_versions(three_versions(), options);
  CHECK(c.all_ran());
  CHECK(ids(c) == Strings{"base", "plan-z", "plan-all"});
  CHECK(c.baseline == 0);
  CHECK(c.places == Strings{"a", "b", "c", "m"});
  REQUIRE(c.targets.size() == 2);
  CHECK(c.targets[0].target.id == "ac-60");
  CHECK(c.targets[0].first_met == 2u);
  CHECK(c.targets[1].first_met == 1u);

  // Items: a-c both ways newly met in plan-all; a->b in plan-z.
  const auto& ac = test::item(c, "ac-60", "a", "c");
  CHECK(ac.status == analysis::ItemProgress::Status::newly_met);
  CHECK(ac.newly_met == 2u);
  CHECK(ac.minutes == std::vector<double>{200, 130, 40});
  CHECK(ac.met == std::vector<int>{0, 0, 1});
  const auto& ab = test::item(c, "a-b-60", "a", "b");
  CHECK(ab.newly_met == 1u);

  // Deltas: consecutive (base->z, z->all) and against the baseline (base->all).
  REQUIRE(c.deltas.size() == 3);
  CHECK((c.deltas[0].from == 0 && c.deltas[0].to == 1 && c.deltas[0].consecutive &&
         c.deltas[0].against_baseline));
  CHECK((c.deltas[1].from == 1 && c.deltas[1].to == 2 && !c.deltas[1].against_baseline));
  CHECK((c.deltas[2].from == 0 && c.deltas[2].to == 2 && !c.deltas[2].consecutive));
  CHECK(c.deltas[0].saved(0, 1) == 70);        // a->b 100 -> 30
  CHECK(c.deltas[0].saved(1, 2) == 0);         // b->c unchanged
  CHECK(c.deltas[2].saved(1, 2) == 30);        // b->c 100 -> 70 with the whole plan
  CHECK(std::isnan(c.deltas[0].saved(3, 0)));  // m unreachable before and after

  // Accessibility within 60 min, aligned by place.
  REQUIRE(c.versions[1].access[0]);
  CHECK(c.versions[1].access[0]->reach[0] == 100);  // a reaches b

  // The last version's lines ranked against the baseline, and its N-1.
  REQUIRE(c.ranking);
  CHECK(c.ranking->plan_id == "plan-all");
  CHECK(c.ranking->baseline_id == "base");
  CHECK(c.ranking->lines.front().line == "Z");
  REQUIRE(c.robustness);
  CHECK(c.robustness->outages.front().id == "X");
  CHECK(c.map_baseline_built == std::vector<bool>{true, true, false, false, false});
}

TEST_CASE("compare: a failing version is reported and the others complete", "[compare]") {
  auto sources = three_versions();
  sources.push_back(
      {"broken.yaml", []() -> model::Scenario {
         throw core::InputError({"broken.yaml", 3, 7}, "scenario.extends", "no such file");
       }});
  analysis::CompareOptions options;
  options.rank = false;
  options.robustness = false;
  const auto c = analysis::compare_versions(sources, options);
  CHECK_FALSE(c.all_ran());
  REQUIRE(c.failures.size() == 1);
  CHECK(c.failures[0].file == "broken.yaml");
  CHECK_THAT(c.failures[0].message, Catch::Matchers::Contains("broken.yaml:3:7"));
  CHECK(ids(c) == Strings{"base", "plan-z", "plan-all"});
  CHECK_FALSE(c.ranking);
  CHECK_FALSE(c.robustness);
}

TEST_CASE("compare: a version that loads but cannot run is reported too", "[compare]") {
  auto sources = three_versions();
  sources.push_back({"odd.yaml", [] {
                       auto s = test::compare_version("odd", {});
                       s.targets[0].group = "nowhere";
                       return s;
                     }});
  analysis::CompareOptions options;
  options.robustness = false;
  const auto c = analysis::compare_versions(sources, options);
  REQUIRE(c.failures.size() == 1);
  CHECK_THAT(c.failures[0].message, Catch::Matchers::Contains("nowhere"));
  CHECK(c.versions.size() == 3);
}

TEST_CASE("compare: the baseline and the order can be chosen", "[compare]") {
  analysis::CompareOptions options;
  options.keep_order = true;
  options.baseline = "base.yaml";  // a file names its version too
  options.robustness = false;
  const auto c = analysis::compare_versions(three_versions(), options);
  CHECK(ids(c) == Strings{"plan-all", "base", "plan-z"});
  CHECK(c.baseline == 1);
  CHECK(c.places == Strings{"a", "b", "c", "m"});
  REQUIRE(c.ranking);  // the last version given against the baseline
  CHECK(c.ranking->plan_id == "plan-z");
  CHECK(c.ranking->baseline_id == "base");
  CHECK(c.ranking->lines.size() == 1);
  options.baseline = "plan-q";
  CHECK_THROWS_AS(analysis::compare_versions(three_versions(), options), core::UsageError);
}

TEST_CASE("compare: the same result whatever the thread count", "[compare]") {
  analysis::CompareOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = analysis::compare_versions(three_versions(), one);
  const auto b = analysis::compare_versions(three_versions(), two);
  REQUIRE(ids(a) == ids(b));
  for (std::size_t v = 0; v < a.versions.size(); ++v)
    CHECK(a.versions[v].measure.seconds == b.versions[v].measure.seconds);
  REQUIRE(a.items.size() == b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    CHECK(a.items[i].origin == b.items[i].origin);
    CHECK(a.items[i].destination == b.items[i].destination);
  }
  REQUIRE(a.ranking->lines.size() == b.ranking->lines.size());
  for (std::size_t i = 0; i < a.ranking->lines.size(); ++i)
    CHECK(a.ranking->lines[i].line == b.ranking->lines[i].line);
}

TEST_CASE("compare --years: what each year builds and the first year each target is met",
          "[compare]") {
  const std::vector<analysis::VersionSource> sources = {{"phased.yaml", [] {
                                                           auto s = test::compare_network();
                                                           s.id = "phased";
                                                           for (auto& line : s.network.lines) {
                                                             if (line.id == "Z") line.opened = 2025;
                                                             if (line.id == "X" || line.id == "Y")
                                                               line.opened = 2030;
                                                           }
                                                           return s;
                                                         }}};
  analysis::CompareOptions options;
  options.years = {2030, 2020, 2025};
  const auto c = analysis::compare_versions(sources, options);
  CHECK(ids(c) == Strings{"phased@2020", "phased@2025", "phased@2030"});
  REQUIRE(c.phases.size() == 3);
  CHECK(c.phases[0].year == 2020);
  CHECK(c.phases[0].built == Strings{"ab", "bc"});
  CHECK(c.phases[1].opened == Strings{"Z"});
  CHECK(c.phases[2].opened == Strings{"X", "Y"});
  CHECK(c.targets[0].first_met == 2u);  // ac-60 in 2030
  CHECK(c.targets[1].first_met == 1u);  // a-b-60 in 2025
  CHECK(c.undated_built == Strings{"ab", "bc"});
  REQUIRE(c.ranking);  // 2030 against 2020: the lines opening in between
  CHECK(c.ranking->lines.size() == 3);

  // Years apply to one scenario file.
  CHECK_THROWS_AS(analysis::compare_versions(three_versions(), options), core::UsageError);
}

TEST_CASE("compare: per-place gains from the baseline to the last version", "[compare]") {
  analysis::CompareOptions options;
  options.rank = false;
  options.robustness = false;
  const auto c = analysis::compare_versions(three_versions(), options);
  // Mean trips base -> plan-all (weights a, b, c = 100; m weighs nothing and is left out):
  // a 150 -> 35, b 100 -> 50, c 150 -> 55. Reach within 60/90/120 gained: a {200, 200, 100},
  // b {100, 200, 0}, c {100, 200, 100}.
  REQUIRE(c.place_gains.size() == 3);
  std::vector<std::string> order;
  for (const auto& g : c.place_gains) order.push_back(c.places[g.place]);
  CHECK(order == Strings{"a", "c", "b"});
  CHECK(c.place_gains[0].minutes_saved == Approx(115));
  CHECK(c.place_gains[1].minutes_saved == Approx(95));
  CHECK(c.place_gains[2].minutes_saved == Approx(50));
  CHECK(c.place_gains[0].reach_gained == std::vector<double>{200, 200, 100});
  CHECK(c.place_gains[1].reach_gained == std::vector<double>{100, 200, 100});
  CHECK(c.place_gains[2].reach_gained == std::vector<double>{100, 200, 0});
  CHECK(analysis::place_gains(c).size() == 3);

  // One version: nothing to gain against.
  const auto one = analysis::compare_versions({three_versions()[1]}, options);
  CHECK(one.place_gains.empty());
}

TEST_CASE("place gains: no mean trip on one side first, then by minutes saved, then by id",
          "[compare]") {
  analysis::Comparison c;
  c.places = {"s", "r", "q", "p", "t"};
  c.reach_minutes = {60};
  c.versions.resize(2);
  c.baseline = 0;
  auto access = [](double mean, double reach) {
    analysis::PlaceAccess a;
    a.mean_minutes = mean;
    a.reach = {reach};
    return a;
  };
  const double nan = std::nan("");
  auto& base = c.versions[0];
  auto& last = c.versions[1];
  base.access = {access(50, 0), access(60, 10), access(nan, 0), access(40, 0), access(30, 0)};
  last.access = {access(40, 5), access(50, 30), access(30, 20), access(30, 0), std::nullopt};
  last.weights = {1, 1, 1, 0, 1};  // p weighs nothing; t is not in the last version
  const auto gains = analysis::place_gains(c);
  REQUIRE(gains.size() == 3);
  CHECK(c.places[gains[0].place] == "q");  // newly connected
  CHECK(std::isnan(gains[0].minutes_saved));
  CHECK(c.places[gains[1].place] == "r");  // 10 saved, r before s
  CHECK(c.places[gains[2].place] == "s");
  CHECK(gains[1].minutes_saved == 10);
  CHECK(gains[1].reach_gained == std::vector<double>{20});
  CHECK(gains[2].reach_gained == std::vector<double>{5});
}
