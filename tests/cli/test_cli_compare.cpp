// End-to-end tests of compare, rank and robustness on tests/data/compare (the hand-checked
// network of tests/unit/analysis/test_compare_network.hpp): exit codes, a failing scenario in a
// batch, files written, and byte-identical outputs whatever the thread count.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::slurp;

fs::path scratch(const std::string& name) {
  return cli_test::scratch_dir("compare", name);
}

// Runs `reachplan <args>` in tests/data/compare.
Result reachplan(const std::string& args) {
  return cli_test::run_reachplan("compare", "compare", args);
}

// Every file of a folder by name, with its bytes.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    out[e.path().filename().string()] = slurp(e.path());
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

using Catch::Matchers::Contains;

}  // namespace

TEST_CASE("compare: tables, deltas, ranking and report for three versions", "[cli][compare]") {
  const fs::path out = scratch("three");
  // Given out of order: the extends chain orders them base, plan-z, plan-all.
  const auto r = reachplan("compare plan-all.yaml base.yaml plan-z.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Compared 3 versions; baseline base"));
  CHECK_THAT(r.out, Contains("ac-60   FAIL 0/2  FAIL 0/2  PASS 2/2  plan-all"));
  CHECK_THAT(r.out, Contains("a-b-60  FAIL 0/1  PASS 1/1  PASS 1/1  plan-z"));
  CHECK_THAT(r.out, Contains("plan-all (2): a->c, c->a"));
  // Progress on stderr, one line per step when stderr is not a terminal. Versions run in
  // parallel, so they finish (and are counted) in any order.
  for (const char* version : {"base", "plan-z", "plan-all"})
    CHECK(
        std::regex_search(r.err, std::regex(std::string(R"(\[run [123]/3\] )") + version + "\n")));

  const auto files = files_of(out);
  for (const char* f : {"targets.csv", "targets_long.csv", "key_pairs.csv", "matrix_base.csv",
                        "matrix_plan-z.csv", "matrix_plan-all.csv", "delta_base__plan-z.csv",
                        "delta_plan-z__plan-all.csv", "delta_base__plan-all.csv", "deltas.csv",
                        "accessibility.csv", "target_items.csv", "ranking.csv", "robustness.csv",
                        "robustness_targets.csv", "comparison.json", "report.html"})
    CHECK(files.count(f) == 1);

  const auto targets = lines_of(files.at("targets.csv"));
  REQUIRE(targets.size() == 3);
  CHECK(targets[0] ==
        "target,name,kind,profile,max_minutes,base,base_value,base_met,base_total,plan-z,"
        "plan-z_value,plan-z_met,plan-z_total,plan-all,plan-all_value,plan-all_met,"
        "plan-all_total,first_met,max_yuan");
  CHECK(targets[1] ==
        "ac-60,,max_pair_time,default,60.00,FAIL,200.00,0,2,FAIL,130.00,0,2,PASS,40.00,2,2,"
        "plan-all,");
  CHECK(
      targets[2] ==
      "a-b-60,,reach_share,default,60.00,FAIL,0.0000,0,1,PASS,1.0000,1,1,PASS,1.0000,1,1,plan-z,");

  // Minutes saved from plan-z to plan-all: a-c 130 -> 40, b-c 100 -> 70; m stays unreachable.
  const auto delta = lines_of(files.at("delta_plan-z__plan-all.csv"));
  REQUIRE(delta.size() == 5);
  CHECK(delta[0] == "origin,a,b,c,m");
  CHECK(delta[1] == "a,0.00,0.00,90.00,");
  CHECK(delta[2] == "b,0.00,0.00,30.00,");
  CHECK_THAT(files.at("deltas.csv"), Contains("plan-z,plan-all,a,c,130.00,40.00,90.00,faster"));
  CHECK_THAT(files.at("deltas.csv"), Contains("base,plan-all,a,m,,20.00,,newly_reachable"));

  // The ranking: Z alone saves (70 + 70) x 2 / 6 min per trip; X and Y only help together.
  const auto ranking = lines_of(files.at("ranking.csv"));
  REQUIRE(ranking.size() == 4);
  CHECK_THAT(ranking[1],
             Contains("1,Z,Z,rail,planned,,true,46.6667,0,67,67,0,1,1,33.3333,0,67,133,0"));
  CHECK_THAT(ranking[1], Contains(",a-b-60,"));
  CHECK_THAT(ranking[2], Contains("2,X,X,rail,planned,,true,0.0000,0"));
  CHECK_THAT(ranking[2], Contains(",ac-60,ac-60,"));

  // Still-failing and newly met items, with the version.
  CHECK_THAT(files.at("target_items.csv"),
             Contains("ac-60,max_pair_time,60.00,a,c,newly_met,plan-all,,200.00,130.00,40.00,,"));

  const auto json = nlohmann::json::parse(files.at("comparison.json"));
  CHECK(json["baseline"] == "base");
  CHECK(json["all_ran"] == true);
  CHECK(json["targets"][0]["first_met"] == "plan-all");

  // One self-contained file: inline styles and SVG, nothing fetched.
  const std::string& html = files.at("report.html");
  CHECK_THAT(html, Contains("<svg class=\"map\""));
  CHECK_THAT(html, Contains("Which planned line buys the most"));
  for (const char* remote : {"http://", "https://", "<script", "<link", "@import", "url("})
    CHECK(html.find(remote) == std::string::npos);
}

TEST_CASE("compare: a failing scenario is reported, the others complete, exit 2",
          "[cli][compare]") {
  const fs::path out = scratch("batch");
  const auto r =
      reachplan("compare base.yaml broken.yaml plan-z.yaml missing.yaml -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("broken.yaml:7:42: scenario.add.links[0].to: unknown node 'nowhere'"));
  CHECK_THAT(r.err, Contains("missing.yaml"));
  CHECK_THAT(r.err, Contains("2 of 4 versions did not run"));
  CHECK_THAT(r.out, Contains("Compared 2 versions"));
  const auto json = nlohmann::json::parse(slurp(out / "comparison.json"));
  CHECK(json["all_ran"] == false);
  CHECK(json["failures"].size() == 2);
  CHECK(json["versions"].size() == 2);
}

TEST_CASE("compare: nothing ran, nothing written", "[cli][compare]") {
  const fs::path out = scratch("none");
  const auto r = reachplan("compare broken.yaml 'nothing-*.yaml' -o '" + out.string() + "/x'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("no scenario ran"));
  CHECK_FALSE(fs::exists(out / "x"));
}

TEST_CASE("compare: globs, byte-identical outputs with -j 1 and -j 2", "[cli][compare]") {
  const fs::path a = scratch("j1"), b = scratch("j2");
  REQUIRE(reachplan("compare 'plan-*.yaml' base.yaml -q -j 1 -o '" + a.string() + "'").code == 0);
  REQUIRE(reachplan("compare base.yaml 'plan-*.yaml' -q -j 2 -o '" + b.string() + "'").code == 0);
  const auto fa = files_of(a), fb = files_of(b);
  CHECK(fa.size() == 32);  // 15 CSVs, each with its .csvt, and two more files
  REQUIRE(fa.size() == fb.size());
  for (const auto& [name, bytes] : fa) {
    INFO(name);
    CHECK(fb.count(name) == 1);
    CHECK(bytes == fb.at(name));
  }
}

TEST_CASE("compare: options", "[cli][compare]") {
  const fs::path out = scratch("options");
  auto r = reachplan("compare base.yaml plan-z.yaml --baseline plan-q -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("baseline 'plan-q'"));
  r = reachplan("compare base.yaml plan-z.yaml --years 2030 -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("one scenario"));
  r = reachplan("compare base.yaml plan-z.yaml --profile bike -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown profile 'bike'"));
  r = reachplan("compare base.yaml plan-z.yaml --rank-order price -o '" + out.string() + "'");
  CHECK(r.code == 2);
  r = reachplan("compare --help");
  CHECK(r.code == 0);
  for (const char* opt : {"--baseline", "--years", "--keep-order", "--no-rank", "--reach"})
    CHECK_THAT(r.out, Contains(opt));
  // --keep-order: the first given is the baseline, the last given is ranked against it.
  r = reachplan("compare base.yaml plan-all.yaml plan-z.yaml --keep-order --no-n-1 -o '" +
                out.string() + "'");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("Planned lines of plan-z ranked against base (1 line,"));
  r = reachplan("compare base.yaml plan-all.yaml plan-z.yaml --baseline plan-z.yaml -q -o '" +
                out.string() + "'");
  CHECK(r.code == 0);
}

TEST_CASE("compare --years: phasing of one scenario", "[cli][compare]") {
  const fs::path out = scratch("years");
  const auto r = reachplan("compare phased.yaml --years 2020,2025,2030 -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("2025: 3 lines built; opening: Z"));
  CHECK_THAT(r.out, Contains("ac-60: 2030"));
  CHECK_THAT(r.out, Contains("a-b-60: 2025"));
  const auto phases = lines_of(slurp(out / "phases.csv"));
  REQUIRE(phases.size() == 4);
  CHECK(phases[0] == "year,version,lines_built,opened,ac-60,a-b-60");
  CHECK(phases[1] == "2020,phased@2020,2,,FAIL,FAIL");
  CHECK(phases[2] == "2025,phased@2025,3,Z,FAIL,PASS");
  CHECK(phases[3] == "2030,phased@2030,5,X;Y,PASS,PASS");
}

TEST_CASE("rank: planned lines against a baseline next to the plan", "[cli][rank]") {
  const fs::path out = scratch("rank");
  const auto r = reachplan("rank plan-all.yaml --against base.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto lines = lines_of(r.out);
  CHECK_THAT(r.out, Contains("Planned lines of plan-all ranked against base (3 lines"));
  CHECK_THAT(r.out, Contains("ac-60; only with others: ac-60"));
  CHECK_THAT(r.err, Contains("ranked 3 lines: 8 networks"));
  CHECK(fs::exists(out / "ranking.csv"));
  CHECK(fs::exists(out / "ranking.json"));
  CHECK(fs::exists(out / "report.html"));
  // The same from another folder, with the baseline path given in full.
  const auto again =
      reachplan("rank plan-all.yaml --against ../compare/base.yaml --order loss -q -o '" +
                out.string() + "/loss'");
  CHECK(again.code == 0);
  CHECK_THAT(slurp(out / "loss" / "ranking.csv"), Contains("\n1,X,"));
  // Errors: no --against, an unknown order, a missing baseline.
  CHECK(reachplan("rank plan-all.yaml").code == 2);
  CHECK(reachplan("rank plan-all.yaml --against base.yaml --order cost").code == 2);
  CHECK(reachplan("rank plan-all.yaml --against nowhere.yaml").code == 2);
}

TEST_CASE("rank: the whole-plan row counts what the plan removes", "[cli][rank]") {
  // cut-bc removes the road b-c that base builds. Base: ab 100, ac 200, bc 100; cut-bc:
  // ab 30, ac 40, bc 70, as `run` gives: (70 + 160 + 30) x 2 / 6 = 86.67 min saved per trip.
  // Measured on cut-bc's network alone, the baseline would have lost b-c too.
  const fs::path out = scratch("rank-cut");
  const auto r = reachplan("rank cut-bc.yaml --against base.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("  The whole plan against base: +86.67 min per trip,"));
  CHECK_THAT(r.out, Contains("  note: line 'bc' is built in base and removed in cut-bc: on in "
                             "the baseline measures, off in the plan's\n"));
  const auto json = nlohmann::json::parse(slurp(out / "ranking.json"));
  CHECK(json["plan_change"]["minutes_saved"] == Approx(520 / 6.0).epsilon(1e-4));
  CHECK(json["plan_change"]["pairs_connected"] == 0);
}

TEST_CASE("compare: items met before and failing in the last version are regressed",
          "[cli][compare]") {
  // plan-all meets ac-60 (a-m-c 40); no-x removes X, so a-c takes 130 (+70 over 60).
  const fs::path out = scratch("regressed");
  const auto r =
      reachplan("compare plan-all.yaml no-x.yaml --no-rank --no-n-1 -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("\nRegressed: met in an earlier version, failing in no-x (version "
                             "it fails from, gap to the threshold, path)\n  ac-60 (within 1:00): "
                             "2 pairs\n    a -> c                     from no-x  2:10  (+1:10)  "));
  CHECK_THAT(r.out, !Contains("Still failing"));
  CHECK_THAT(slurp(out / "target_items.csv"),
             Contains("\nac-60,max_pair_time,60.00,a,c,regressed,,no-x,40.00,130.00,70.00,"));
  const auto json = nlohmann::json::parse(slurp(out / "comparison.json"));
  CHECK(json["targets"][0]["regressed"].size() == 2);
  CHECK(json["targets"][0]["regressed"][0]["version"] == "no-x");
  CHECK(json["targets"][0]["still_failing"].empty());
}

TEST_CASE("robustness: pairs an outage cuts are shown as cut", "[cli][robustness]") {
  // cut-bc has no road b-c: c hangs on X and Y (a-m-c). Losing either cuts c off from a and b
  // (4 pairs) and slows no pair still reachable; losing Z slows a-b and b-c by 70 min each way.
  const fs::path out = scratch("n1-cut");
  const auto r = reachplan("robustness cut-bc.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("  1  X     rail  ac-60            2  0.00 + cut          4\n"
                             "  2  Y     rail  ac-60            2  0.00 + cut          4\n"
                             "  3  Z     rail  a-b-60           1       46.67          0\n"));
  CHECK_THAT(slurp(out / "robustness.csv"), Contains("\n1,line,X,rail,X,ac-60,2,0.0000,4,"));
}

TEST_CASE("robustness: N-1 by line and by segment", "[cli][robustness]") {
  const fs::path out = scratch("n1");
  auto r = reachplan("robustness plan-all.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("each built line removed in turn (5); 3 break a target"));
  const auto csv = lines_of(slurp(out / "robustness.csv"));
  REQUIRE(csv.size() == 6);
  CHECK_THAT(csv[1], Contains("1,line,X,rail,X,ac-60,2,40.0000,0"));
  CHECK_THAT(slurp(out / "robustness_targets.csv"),
             Contains("X,ac-60,PASS,FAIL,40.00,130.00,2,0,2"));
  r = reachplan("robustness plan-all.yaml --segments -q -o '" + out.string() + "/seg'");
  CHECK(r.code == 0);
  CHECK_THAT(slurp(out / "seg" / "robustness.csv"), Contains("segment,rail:a-m,rail,X,ac-60"));
  CHECK(reachplan("robustness broken.yaml").code == 2);
}

TEST_CASE("compare: delta rasters when the baseline asks for surfaces", "[cli][compare]") {
  const fs::path out = scratch("surfaces");
  auto r = reachplan("compare surfaces-base.yaml surfaces-plan.yaml -q -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const fs::path tif = out / "delta_time-from-a_base-surfaces__plan-all-surfaces.tif";
  REQUIRE(fs::exists(tif));
  CHECK(slurp(tif).substr(0, 4) == std::string("II*\0", 4));  // a little-endian TIFF
  // Without surfaces in the baseline, or with --no-surfaces: no rasters.
  const fs::path none = scratch("no-surfaces");
  r = reachplan("compare surfaces-base.yaml surfaces-plan.yaml --no-surfaces -q -o '" +
                none.string() + "'");
  CHECK(r.code == 0);
  for (const auto& e : fs::directory_iterator(none)) CHECK(e.path().extension() != ".tif");
}
