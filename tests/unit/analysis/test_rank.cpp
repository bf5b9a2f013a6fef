// Ranking and N-1 on the hand-checked network of test_compare_network.hpp: every expected
// number below is worked out there by hand.
#include <catch2/catch.hpp>

#include "reachplan/analysis/ranking.hpp"
#include "reachplan/analysis/robustness.hpp"
#include "reachplan/analysis/run.hpp"
#include "unit/analysis/test_compare_network.hpp"

using namespace reachplan;

namespace {

const analysis::LineContribution& line(const analysis::Ranking& r, const std::string& id) {
  for (const auto& c : r.lines)
    if (c.line == id) return c;
  FAIL("no line " << id);
  throw std::logic_error("unreachable");
}

std::vector<std::string> ids(const analysis::Ranking& r) {
  std::vector<std::string> out;
  for (const auto& c : r.lines) out.push_back(c.line);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("rank: benefit alone, loss when removed, by hand", "[rank]") {
  const auto plan = test::compare_version("full", {"X", "Y", "Z"});
  const auto base = test::compare_version("base", {});
  std::vector<std::string> notes;
  const auto mask = analysis::baseline_mask(plan, base, notes);
  CHECK(notes.empty());
  CHECK(mask == std::vector<bool>{true, true, false, false, false});

  for (bool reuse : {true, false}) {
    analysis::RankOptions options;
    options.reuse = reuse;
    options.threads = reuse ? 2 : 1;
    const auto r = analysis::rank_lines(plan, mask, "base", options);
    INFO("reuse " << reuse);
    CHECK(r.weighting == "population");
    // Six ordered pairs of a, b, c, each weighing 100 x 100.
    const auto& z = line(r, "Z");
    CHECK(z.alone.minutes_saved == Approx(4 * 70 / 6.0));               // ab 70 x2, ac 70 x2
    CHECK(z.removed.minutes_saved == Approx((2 * 70 + 2 * 30) / 6.0));  // ab 70 x2, bc 30 x2
    CHECK(z.alone.items == std::vector<int>{0, 1});                     // a-b now 30
    CHECK(z.alone.pass == std::vector<int>{0, 1});
    CHECK(z.removed.items == std::vector<int>{0, 1});
    CHECK(z.critical_for == Strings{"a-b-60"});
    CHECK(z.only_with_others.empty());
    // X alone changes nothing for a, b, c; without it the plan loses a-c (90 x2), b-c (30 x2).
    for (const char* id : {"X", "Y"}) {
      const auto& x = line(r, id);
      INFO(id);
      CHECK(x.alone.minutes_saved == 0.0);
      CHECK(x.alone.items == std::vector<int>{0, 0});
      CHECK(x.removed.minutes_saved == Approx(240 / 6.0));
      CHECK(x.removed.items == std::vector<int>{2, 0});
      CHECK(x.removed.pass == std::vector<int>{1, 0});
      CHECK(x.critical_for == Strings{"ac-60"});
      CHECK(x.only_with_others == Strings{"ac-60"});
    }
    // Accessibility within 60 min, mean per resident: Z alone lets a and b reach each other.
    CHECK(z.alone.reach[0] == Approx(200.0 * 100 / 300));
    CHECK(r.baseline.mean_reach[0] == 0.0);
    CHECK(r.full.mean_reach[0] == Approx((100.0 * 200 + 100 * 100 + 100 * 100) / 300));
    CHECK(r.plan_change.minutes_saved == Approx(520 / 6.0));
    CHECK(r.baseline.mean_minutes == Approx(400 / 3.0));
    // Benefit order: Z first; X and Y tie (0 alone, 40 removed) and fall back to the id.
    CHECK(ids(r) == Strings{"Z", "X", "Y"});
    CHECK(r.variants == 8);
  }
}

TEST_CASE("rank orders", "[rank]") {
  const auto plan = test::compare_version("full", {"X", "Y", "Z"});
  const std::vector<bool> mask = {true, true, false, false, false};
  analysis::RankOptions options;
  options.order = analysis::RankOrder::loss;
  CHECK(ids(analysis::rank_lines(plan, mask, "base", options)) == Strings{"X", "Y", "Z"});
  options.order = analysis::RankOrder::targets;  // one critical target each; Z also passes alone
  CHECK(ids(analysis::rank_lines(plan, mask, "base", options)) == Strings{"Z", "X", "Y"});
  options.order = analysis::RankOrder::access;
  CHECK(ids(analysis::rank_lines(plan, mask, "base", options)).front() == "Z");
  CHECK(analysis::rank_order_from_string("loss") == analysis::RankOrder::loss);
  CHECK_FALSE(analysis::rank_order_from_string("cost"));
}

TEST_CASE("rank: reuse skips searches a change cannot affect", "[rank]") {
  const auto plan = test::compare_version("full", {"X", "Y", "Z"});
  const std::vector<bool> mask = {true, true, false, false, false};
  analysis::RankOptions options;
  const auto with = analysis::rank_lines(plan, mask, "base", options);
  options.reuse = false;
  const auto without = analysis::rank_lines(plan, mask, "base", options);
  CHECK(with.searches_reused > 0);
  CHECK(with.searches_repaired > 0);  // the "alone" variants only add a line
  CHECK(without.searches_reused + without.searches_repaired == 0);
  CHECK(with.searches_run + with.searches_reused + with.searches_repaired == without.searches_run);
  CHECK(ids(with) == ids(without));
}

TEST_CASE("rank: baseline lines the plan lacks are noted", "[rank]") {
  auto base = test::compare_version("base", {});
  model::Line extra = base.network.lines.front();
  extra.id = "old_ferry";
  base.network.lines.push_back(extra);
  const auto plan = test::compare_version("full", {"X", "Y", "Z"});
  std::vector<std::string> notes;
  const auto mask = analysis::baseline_mask(plan, base, notes);
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Matchers::Contains("old_ferry"));
  CHECK(mask.size() == plan.network.lines.size());
}

TEST_CASE("N-1 by line: which targets break and by how much", "[rank]") {
  const auto full = test::compare_version("full", {"X", "Y", "Z"});
  const auto r = analysis::n_minus_one(full, {});
  REQUIRE(r.outages.size() == 5);
  std::vector<std::string> order;
  for (const auto& o : r.outages) order.push_back(o.id);
  CHECK(order == Strings{"X", "Y", "Z", "ab", "bc"});
  CHECK(r.outages[0].breaks == Strings{"ac-60"});
  CHECK(r.outages[0].loss.items == std::vector<int>{2, 0});
  CHECK(r.outages[0].loss.minutes_saved == Approx(40.0));
  REQUIRE(r.outages[0].impacts.size() == 1);
  CHECK(r.outages[0].impacts[0].intact.value == Approx(40));
  CHECK(r.outages[0].impacts[0].without.value == Approx(130));
  CHECK(r.outages[2].breaks == Strings{"a-b-60"});
  CHECK(r.outages[2].loss.minutes_saved == Approx(200 / 6.0));
  // The roads carry no shortest trip once the plan is built: losing one costs nothing.
  CHECK(r.outages[3].breaks.empty());
  CHECK(r.outages[3].loss.minutes_saved == 0.0);
  CHECK(r.outages[3].impacts.empty());
}

TEST_CASE("N-1 by segment cuts every line of the mode over it", "[rank]") {
  auto s = test::drawn_scenario(R"(
mode rail
node p 0 0 population=10
node q 1 0 population=10
node r 2 0 population=10
line L rail p (q) r segment_min=10,10
line M rail p q segment_min=50
line N rail q r segment_min=50
)");
  analysis::RobustnessOptions options;
  options.segments = true;
  const auto rob = analysis::n_minus_one(s, options);
  REQUIRE(rob.outages.size() == 2);
  // Cutting p-q stops L (which runs through q) and M: p is cut off from q and r (4 pairs).
  const auto& pq = rob.outages[0];
  CHECK(pq.id == "rail:p-q");
  CHECK(pq.lines == Strings{"L", "M"});
  CHECK(pq.loss.pairs_connected == 4);
  const auto& qr = rob.outages[1];
  CHECK(qr.id == "rail:q-r");
  CHECK(qr.lines == Strings{"L", "N"});
  CHECK(qr.loss.pairs_connected == 4);
}

namespace {

// The whole-plan row's two ends are what `run` measures on each scenario: its targets (as
// run_scenario judges them) and the place matrix of a plain evaluation of that scenario alone.
void check_end(const analysis::Measure& end, const model::Scenario& s) {
  const auto ran = analysis::run_scenario(s, 1);
  REQUIRE(end.targets.size() == ran.targets.size());
  for (std::size_t t = 0; t < ran.targets.size(); ++t) {
    INFO(s.id << " " << ran.targets[t].target.id);
    CHECK(end.targets[t].pass == ran.targets[t].pass);
    CHECK(end.targets[t].items_met == ran.targets[t].items_met);
    CHECK(end.targets[t].value == Approx(ran.targets[t].value));
  }
  const auto mask = analysis::built_mask(s);
  const analysis::VariantEvaluator alone(s, {}, mask);
  CHECK(end.seconds == alone.measure({mask, {}}).seconds);
}

}  // namespace

TEST_CASE("rank: the whole plan includes the lines it removes", "[rank]") {
  // The baseline builds X and Y (a-m-c 40); the plan adds Z (a-b 30) and removes Y, so a-c
  // goes by Z and the road b-c: 130. Pairs (both ways): ab 100 -> 30, ac 40 -> 130, bc 100.
  const auto base = test::compare_version("base", {"X", "Y"});
  const auto plan = test::without_line(test::compare_version("plan", {"X", "Z"}), "Y");
  for (bool reuse : {true, false}) {
    INFO("reuse " << reuse);
    analysis::RankOptions options;
    options.reuse = reuse;
    const auto r = analysis::rank_lines(plan, base, "base", options);
    check_end(r.baseline, base);
    check_end(r.full, plan);
    CHECK(r.plan_change.minutes_saved == Approx((2 * 70 - 2 * 90) / 6.0));
    CHECK(r.plan_change.items == std::vector<int>{-2, 1});
    CHECK(r.plan_change.pass == std::vector<int>{-1, 1});
    // Z alone on the baseline: ab 30, bc 70 (b-a-m-c); removed from the plan: ab 100, ac 200.
    CHECK(ids(r) == Strings{"Z"});
    CHECK(line(r, "Z").alone.minutes_saved == Approx((2 * 70 + 2 * 30) / 6.0));
    CHECK(line(r, "Z").removed.minutes_saved == Approx((2 * 70 + 2 * 70) / 6.0));
    CHECK(r.notes ==
          Strings{"line 'Y' is built in base and removed in plan: on in the baseline measures, "
                  "off in the plan's"});
  }
}

TEST_CASE("rank: the whole plan includes the lines it re-times", "[rank]") {
  // The plan adds Z and slows Y from 20 to 50 min (modify:): a-c by a-m-c 70, b-c 100.
  const auto base = test::compare_version("base", {"X", "Y"});
  auto plan = test::compare_version("plan", {"X", "Y", "Z"});
  plan.network.find_line("Y")->segment_min = {50};
  analysis::RankOptions options;
  const auto r = analysis::rank_lines(plan, base, "base", options);
  check_end(r.baseline, base);
  check_end(r.full, plan);
  CHECK(r.plan_change.minutes_saved == Approx((2 * 70 - 2 * 30) / 6.0));
  // Y is ranked as its plan version in place of the baseline's: alone, a-c 40 -> 70; removed
  // (the baseline's Y back in the plan), a-c 70 -> 40 and b-c 100 -> 70.
  CHECK(ids(r) == Strings{"Z", "Y"});
  CHECK(line(r, "Y").alone.minutes_saved == Approx(-2 * 30 / 6.0));
  CHECK(line(r, "Y").removed.minutes_saved == Approx(-(2 * 30 + 2 * 30) / 6.0));
  CHECK(line(r, "Y").removed.items == std::vector<int>{-2, 0});
  CHECK(line(r, "Z").alone.minutes_saved == Approx((2 * 70 + 2 * 30) / 6.0));
  REQUIRE(r.notes.size() == 1);
  CHECK_THAT(r.notes[0], Catch::Matchers::Contains("line 'Y' differs between base and plan"));
}

TEST_CASE("N-1: pairs an outage cuts are counted apart from the minutes lost", "[rank]") {
  // Hand-checked in test_compare_network.hpp.
  const auto s = test::cut_network();
  const auto r = analysis::n_minus_one(s, {});
  std::vector<std::string> order;
  for (const auto& o : r.outages) order.push_back(o.id);
  CHECK(order == Strings{"W", "N", "L", "M", "R"});
  CHECK(r.outages[0].pairs_cut == 8);
  CHECK(r.outages[0].minutes_lost == Approx(80 / 12.0));
  CHECK(r.outages[1].pairs_cut == 8);
  CHECK(r.outages[1].minutes_lost == 0.0);
  CHECK(r.outages[2].pairs_cut == 0);
  CHECK(r.outages[2].minutes_lost == Approx(35.0));
  // The old mean over every pair, cut pairs counting 0, stays in the change.
  CHECK(r.outages[0].loss.minutes_saved == Approx(80 / 20.0));
}
