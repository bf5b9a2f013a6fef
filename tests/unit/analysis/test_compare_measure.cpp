// The variant evaluator against the engine it shortcuts: on seeded random networks every
// target outcome must equal evaluate_target on a scenario built with the same lines, the place
// matrix must equal a plain matrix on build_graph, and measuring against a reference (reusing
// searches) must give exactly what measuring from scratch gives.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "reachplan/analysis/measure.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/analysis/targets.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/routing/many_to_many.hpp"
#include "unit/analysis/test_compare_network.hpp"
#include "unit/support/random_network.hpp"

using namespace reachplan;

namespace {

// Random network plus populations, groups and one target of each kind.
model::Scenario random_with_targets(unsigned seed) {
  auto s = test::random_scenario(seed);
  std::mt19937 rng(seed * 7 + 1);
  for (std::size_t n = 0; n < s.network.nodes.size(); ++n)
    if (n % 3 != 0) s.network.nodes[n].population = 100 + static_cast<double>(rng() % 900);
  for (int n = 0; n < 8; ++n) s.groups["g"].push_back("n" + std::to_string(n));
  for (int n = 5; n < 14; ++n) s.groups["h"].push_back("n" + std::to_string(n));
  s.groups["h"].push_back("n27");  // on the island
  model::Target t;
  t.id = "pairs";
  t.kind = model::Target::Kind::max_pair_time;
  t.group = "g";
  t.max_minutes = 150;
  s.targets.push_back(t);
  t.id = "mean";
  t.kind = model::Target::Kind::mean_time;
  t.max_minutes = 200;
  s.targets.push_back(t);
  t.id = "share";
  t.kind = model::Target::Kind::reach_share;
  t.from = "n1";
  t.group = "h";
  t.max_minutes = 120;
  t.min_share = 0.5;
  s.targets.push_back(t);
  t.id = "nearest";
  t.kind = model::Target::Kind::max_nearest_time;
  t.group = "g";
  t.to_group = "h";
  t.max_minutes = 60;
  s.targets.push_back(t);
  model::Profile station;
  station.id = "station";
  station.access = model::Profile::Access::station_to_station;
  station.wait = model::Profile::Wait::none;
  station.modes = {"m0", "m1"};
  s.profiles["station"] = station;
  s.targets[0].profile = "station";
  return s;
}

// The scenario with exactly `mask` built.
model::Scenario with_mask(const model::Scenario& s, const std::vector<bool>& mask) {
  model::Scenario out = s;
  out.year.reset();
  out.build_statuses.clear();
  out.build_lines.clear();
  for (std::size_t l = 0; l < mask.size(); ++l)
    if (mask[l]) out.build_lines.insert(s.network.lines[l].id);
  return out;
}

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

void check_same(const analysis::Measure& a, const analysis::Measure& b) {
  REQUIRE(a.targets.size() == b.targets.size());
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    CHECK(a.targets[t].pass == b.targets[t].pass);
    CHECK(a.targets[t].items_met == b.targets[t].items_met);
    CHECK(same(a.targets[t].value, b.targets[t].value));
  }
  CHECK(a.seconds == b.seconds);
  CHECK(a.mean_reach == b.mean_reach);
  CHECK(same(a.mean_minutes, b.mean_minutes));
  CHECK(a.unreachable_pairs == b.unreachable_pairs);
}

}  // namespace

TEST_CASE("variant measures equal evaluate_target and build_graph", "[compare]") {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    INFO("seed " << seed);
    const auto s = random_with_targets(seed);
    const std::vector<bool> all(s.network.lines.size(), true);
    const analysis::VariantEvaluator eval(s, {}, all);
    std::mt19937 rng(seed);
    for (int k = 0; k < 4; ++k) {
      std::vector<bool> mask(all.size());
      for (std::size_t l = 0; l < mask.size(); ++l) mask[l] = rng() % 3 != 0;
      const auto m = eval.measure({mask, {}});
      const auto variant = with_mask(s, mask);
      analysis::ScenarioEngine engine(variant, 1);
      for (std::size_t t = 0; t < s.targets.size(); ++t) {
        INFO("target " << s.targets[t].id);
        const auto r = analysis::evaluate_target(engine, s.targets[t]);
        CHECK(m.targets[t].pass == r.pass);
        CHECK(m.targets[t].items_met == r.items_met);
        CHECK(m.targets[t].items_total == r.items_total);
        CHECK(same(m.targets[t].value, r.value));
      }
      const auto g = graph::build_graph(variant, variant.profile(""));
      std::vector<core::Index> places(s.network.nodes.size());
      for (std::size_t i = 0; i < places.size(); ++i) places[i] = static_cast<core::Index>(i);
      CHECK(m.seconds == routing::travel_time_matrix(g, places, places, 1));
    }
  }
}

TEST_CASE("measuring against a reference reuses searches and changes nothing", "[compare]") {
  for (unsigned seed = 20; seed < 32; ++seed) {
    INFO("seed " << seed);
    const auto s = random_with_targets(seed);
    const std::vector<bool> all(s.network.lines.size(), true);
    const analysis::VariantEvaluator eval(s, {}, all);
    std::mt19937 rng(seed);
    auto random_mask = [&] {
      std::vector<bool> mask(all.size());
      for (std::size_t l = 0; l < mask.size(); ++l) mask[l] = rng() % 2 == 0;
      return mask;
    };
    const auto ref_mask = random_mask();
    const auto ref = eval.reference({ref_mask, {}});
    check_same(analysis::VariantEvaluator::measure_of(*ref), eval.measure({ref_mask, {}}));
    for (int k = 0; k < 6; ++k) {
      // One line flipped (the ranking's case), then random masks with several flips.
      auto mask = ref_mask;
      if (k < 3) {
        const std::size_t l = rng() % mask.size();
        mask[l] = !mask[l];
      } else {
        mask = random_mask();
      }
      check_same(eval.measure({mask, {}}, ref.get()), eval.measure({mask, {}}));
    }
    // Several lines added at once: repaired from the reference's distances.
    auto more = ref_mask;
    for (std::size_t l = 0; l < more.size(); ++l) more[l] = more[l] || rng() % 4 == 0;
    const auto before = eval.searches_repaired();
    check_same(eval.measure({more, {}}, ref.get()), eval.measure({more, {}}));
    CHECK((more == ref_mask || eval.searches_repaired() > before));
    // Cut segments (the N-1 case) against a reference without cuts.
    const auto segments = eval.segments(ref_mask);
    for (std::size_t k = 0; k < segments.size() && k < 5; ++k) {
      const analysis::Variant cut{ref_mask, {segments[k]}};
      check_same(eval.measure(cut, ref.get()), eval.measure(cut));
    }
  }
  CHECK(true);
}

TEST_CASE("the evaluator's target outcomes match run on the bundled region", "[compare]") {
  for (const char* name : {"baseline-2024", "plan-2017", "plan-2019", "plan-2023", "all-planned"}) {
    INFO(name);
    std::vector<io::Warning> warnings;
    const auto s = io::load_scenario(
        std::string(REACHPLAN_SOURCE_DIR) + "/scenarios/middle-yangtze/" + name + ".yaml",
        warnings);
    const auto mask = analysis::built_mask(s);
    const analysis::VariantEvaluator eval(s, {}, mask);
    const auto m = eval.measure({mask, {}});
    const auto r = analysis::run_scenario(s, 1);
    REQUIRE(m.targets.size() == r.targets.size());
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      INFO(r.targets[t].target.id);
      CHECK(m.targets[t].pass == r.targets[t].pass);
      CHECK(m.targets[t].items_met == r.targets[t].items_met);
      CHECK(same(m.targets[t].value, r.targets[t].value));
    }
  }
}

TEST_CASE("accessibility and weights by hand", "[compare]") {
  const auto s = test::compare_version("base", {});
  const analysis::VariantEvaluator eval(s, {}, analysis::built_mask(s));
  CHECK(eval.places() == std::vector<std::string>{"a", "b", "c", "m"});
  CHECK(eval.weights() == std::vector<double>{100, 100, 100, 0});
  CHECK(eval.weighting() == "population");
  const auto m = eval.measure({analysis::built_mask(s), {}});
  // a reaches b (100 min) within 120; b reaches a and c; c reaches b.
  REQUIRE(m.access.size() == 4);
  CHECK(m.access[0].reach == std::vector<double>{0, 0, 100});
  CHECK(m.access[1].reach == std::vector<double>{0, 0, 200});
  CHECK(m.access[0].mean_minutes == Approx(150));  // (100 + 200) / 2
  CHECK(m.mean_reach[2] == Approx(400.0 / 3));
  CHECK(m.access[3].unreachable == 3);  // m has no built line
  CHECK(m.unreachable_pairs == 0);      // ... but weighs nothing
  // Unknown group or profile: a usage error, as for run.
  analysis::MeasureSpec spec;
  spec.group = "nowhere";
  CHECK_THROWS_AS(analysis::VariantEvaluator(s, spec, analysis::built_mask(s)), core::UsageError);
  spec = {};
  spec.profile = "bike";
  CHECK_THROWS_AS(analysis::VariantEvaluator(s, spec, analysis::built_mask(s)), core::UsageError);
}
