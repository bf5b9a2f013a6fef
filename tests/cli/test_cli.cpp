// End-to-end tests: run the reachplan binary on scenario files and check what a user sees:
// exit codes, stdout, stderr and the files written. Expected times are worked out by hand
// from tests/data/cli/network.yaml (rail 120 km/h, dwell 3, access 10, transfer 6; bus 60 km/h).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::slurp;

fs::path scratch(const std::string& name) {
  return cli_test::scratch_dir("cli", name);
}

// Runs `reachplan <args>` in tests/data/cli.
Result reachplan(const std::string& args) {
  return cli_test::run_reachplan("cli", "cli", args);
}

using Catch::Matchers::Contains;

}  // namespace

TEST_CASE("version and help flags", "[cli]") {
  auto r = reachplan("--version");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("reachplan 0."));
  r = reachplan("--help");
  CHECK(r.code == 0);
  for (const char* cmd : {"run", "check", "validate", "route"}) CHECK_THAT(r.out, Contains(cmd));
  r = reachplan("run --help");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("--output"));
  r = reachplan("frobnicate");
  CHECK(r.code == 2);
}

TEST_CASE("run writes the matrix, od, targets and summary with hand-checked times", "[cli]") {
  const fs::path out = scratch("base");
  const auto r = reachplan("run base.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  // Door-to-door, half-headway waits: a->c = access 10 + wait 10 + 30 + dwell 3 + 30 + egress 10.
  CHECK_THAT(r.out, Contains("1:33"));
  CHECK_THAT(r.out, Contains("PASS  circle-90"));

  const std::string matrix = slurp(out / "matrix.csv");
  std::istringstream lines(matrix);
  std::string header, row_a, row_c, row_d;
  std::getline(lines, header);
  std::getline(lines, row_a);
  std::getline(lines, row_c);
  std::getline(lines, row_d);
  CHECK(header == "origin,a,c,d");
  // a->d: 10 + 10 + 63 + transfer 6 + 20 + 10 = 119 (the 150 km bus link takes 160).
  CHECK(row_a == "a,0.00,93.00,119.00");
  CHECK(row_c == "c,93.00,0.00,40.00");
  CHECK(row_d == "d,119.00,40.00,0.00");

  const std::string od = slurp(out / "od.csv");
  CHECK_THAT(od, Contains("origin,destination,minutes,reachable,transfers,modes,lines,path"));
  CHECK_THAT(od, Contains("a,d,119.00,true,1,rail,l1;l2,"));

  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  CHECK(summary["scenario"]["id"] == "base");
  CHECK(summary["year"] == 2024);
  REQUIRE(summary["inputs"].size() == 2);  // base.yaml and network.yaml, each with a hash
  for (const auto& f : summary["inputs"]) CHECK(f["sha256"].get<std::string>().size() == 64);
  REQUIRE(summary["targets"].size() == 2);
  const auto& circle = summary["targets"][0];
  CHECK(circle["id"] == "circle-90");
  CHECK(circle["verdict"] == "PASS");
  // Station to station, no waits: a->d = 30 + 3 + 30 + 6 + 20 = 89.
  CHECK(circle["value"].get<double>() == Approx(89.0));
  CHECK(circle["items_total"] == 6);
  const auto& share = summary["targets"][1];
  CHECK(share["value"].get<double>() == Approx(2000.0 / 3000.0));
  CHECK(share["weighting"] == "population");

  const std::string targets = slurp(out / "targets.csv");
  CHECK_THAT(targets,
             Contains("circle-90,,max_pair_time,station,core,,,90.00,,PASS,89.00,minutes,6,6"));
  // No temporary files left behind.
  for (const auto& e : fs::directory_iterator(out))
    CHECK(e.path().filename().string().find(".reachplan-stage-") == std::string::npos);
}

TEST_CASE("extends + build.lines changes the verdicts and times", "[cli]") {
  const fs::path out = scratch("plan");
  const auto r = reachplan("run plan.yaml -o '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string matrix = slurp(out / "matrix.csv");
  // With planned l3 (a-d, 50 km): a->d = 10 + 25 + 10; a->c = 10 + 25 + 6 + 20 + 10.
  CHECK_THAT(matrix, Contains("a,0.00,71.00,45.00"));
  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  CHECK(summary["targets"][1]["value"].get<double>() == Approx(1.0));
  CHECK(summary["inputs"].size() == 3);
}

TEST_CASE("check exits 1 when a target fails and 0 when all pass", "[cli]") {
  auto r = reachplan("check base.yaml");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("2 of 2 targets pass"));

  // A tighter circle: 89 minutes fails an 85-minute target; the report names the pair and path.
  const fs::path dir = scratch("tight");
  std::ofstream(dir / "tight.yaml") << "scenario:\n  extends: " << REACHPLAN_TEST_DATA
                                    << "/cli/base.yaml\n  targets:\n"
                                       "    - {id: circle-90, kind: max_pair_time, group: core, "
                                       "max_minutes: 85, profile: station}\n";
  r = reachplan("check '" + (dir / "tight.yaml").string() + "'");
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Contains("FAIL  circle-90"));
  CHECK_THAT(r.out, Contains("a -> d"));
  CHECK_THAT(r.out, Contains("(+0:04)"));
  CHECK_THAT(r.out, Contains("l1"));
}

TEST_CASE("route prints legs, and unreachable is said so", "[cli]") {
  auto r = reachplan("route base.yaml a d");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("a -> d: 1:59 (1 transfer)"));
  CHECK_THAT(r.out, Contains("a -> c on l1"));
  CHECK_THAT(r.out, Contains("c -> d on l2"));
  r = reachplan("route base.yaml a e");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("unreachable"));
  r = reachplan("route base.yaml a nowhere");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("nowhere"));
  r = reachplan("route base.yaml a d --profile nope");
  CHECK(r.code == 2);
}

TEST_CASE("route takes a place's id, name or name_zh", "[cli]") {
  // named.yaml is base.yaml with names: the trip is base's a -> d, 1:59 (see above).
  for (const char* args : {"a d", "Alpha 'Delta Town'", "甲城 丁城", "alpha 'delta town'"}) {
    const auto r = reachplan(std::string("route named.yaml ") + args);
    INFO(args << "\n" << r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Contains("a -> d: 1:59 (1 transfer)"));
    CHECK_THAT(r.out, Contains("c -> d on l2"));
  }
  // The bundled region: Wuhan by its name, Changsha by its name_zh, the same trip as by ids.
  const std::string region = std::string(REACHPLAN_SOURCE_DIR) + "/scenarios/middle-yangtze/";
  const auto by_id = reachplan("route '" + region + "baseline-2024.yaml' wuhan changsha");
  const auto by_name = reachplan("route '" + region + "baseline-2024.yaml' Wuhan 长沙市");
  INFO(by_name.err);
  REQUIRE(by_id.code == 0);
  REQUIRE(by_name.code == 0);
  CHECK_THAT(by_name.out, Contains("wuhan -> changsha: "));
  CHECK(by_name.out == by_id.out);
}

TEST_CASE("route: an ambiguous or unknown place name is exit 2 with the candidates", "[cli]") {
  auto r = reachplan("route named.yaml Alpha Midway");
  CHECK(r.code == 2);
  CHECK_THAT(r.err,
             Contains("'Midway' matches 2 places: b (Midway), c (Midway, Hunan); use the id"));
  CHECK(r.out.empty());
  r = reachplan("route named.yaml Alpah d");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown place 'Alpah' (did you mean 'Alpha'?)"));
  // Each of the two is still routed to by its id.
  r = reachplan("route named.yaml Alpha c");
  CHECK(r.code == 0);
  r = reachplan("route --help");
  CHECK_THAT(r.out, Contains("id, name or name_zh"));
}

TEST_CASE("bad input: exit 2, file:line:column, and nothing written", "[cli]") {
  const fs::path out = scratch("bad");
  auto r = reachplan("run bad-node.yaml -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad-node.yaml:7:"));
  CHECK_THAT(r.err, Contains("nowhere"));
  CHECK(fs::is_empty(out));

  r = reachplan("run bad-syntax.yaml -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("bad-syntax.yaml:"));

  r = reachplan("run cycle-a.yaml -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("cycle"));

  r = reachplan("run bad-output.yaml -o '" + out.string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("summary.json"));  // the suggestion
  CHECK(fs::is_empty(out));

  r = reachplan("run missing.yaml");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("missing.yaml"));
}

TEST_CASE("a failed run never destroys an earlier result", "[cli]") {
  const fs::path out = scratch("keep");
  REQUIRE(reachplan("run base.yaml -o '" + out.string() + "'").code == 0);
  const std::string before = slurp(out / "matrix.csv");
  REQUIRE(reachplan("run bad-node.yaml -o '" + out.string() + "'").code == 2);
  CHECK(slurp(out / "matrix.csv") == before);
}

TEST_CASE("validate reports each file and fails on any bad one", "[cli]") {
  auto r = reachplan("validate network.yaml base.yaml plan.yaml");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("network.yaml: ok"));
  CHECK_THAT(r.out, Contains("plan.yaml: ok"));
  r = reachplan("validate base.yaml bad-node.yaml");
  CHECK(r.code == 2);
  CHECK_THAT(r.out, Contains("base.yaml: ok"));
  CHECK_THAT(r.err, Contains("bad-node.yaml:7:"));
}

TEST_CASE("outputs are deterministic", "[cli]") {
  const fs::path one = scratch("det1"), two = scratch("det2");
  REQUIRE(reachplan("run base.yaml -q -j 1 -o '" + one.string() + "'").code == 0);
  REQUIRE(reachplan("run base.yaml -q -j 2 -o '" + two.string() + "'").code == 0);
  for (const char* f : {"matrix.csv", "od.csv", "targets.csv", "summary.json"})
    CHECK(slurp(one / f) == slurp(two / f));
}

TEST_CASE("validate checks split network files together, as one network", "[cli]") {
  const std::string dir = std::string(REACHPLAN_SOURCE_DIR) + "/networks/middle-yangtze/";
  std::string all;
  for (const char* f : {"nodes", "modes", "rail", "roads", "waterways"})
    all += " '" + dir + f + ".yaml'";
  auto r = reachplan("validate --strict" + all);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("networks: ok (5 network files"));
  // On its own the rail file refers to modes it does not define.
  r = reachplan("validate '" + dir + "rail.yaml'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("rail.yaml:"));
  CHECK_THAT(r.err, Contains("unknown mode 'hsr'"));
}

TEST_CASE("a target over an empty group: every command refuses it, nothing written", "[cli]") {
  // empty-group.yaml:8: the target's `group: nowhere` (column 54), a group with no member.
  const std::string message =
      "empty-group.yaml:8:54: scenario.targets[0].group: group 'nowhere' has no member places in "
      "this scenario's network, so max_pair_time target 'empty-circle' would judge nothing";
  const fs::path out = scratch("empty-group");
  for (const std::string command :
       {"run empty-group.yaml", "check empty-group.yaml", "validate empty-group.yaml",
        "compare base.yaml empty-group.yaml", "compare empty-group.yaml",
        "rank empty-group.yaml --against base.yaml", "robustness empty-group.yaml"}) {
    INFO(command);
    const bool writes = command.rfind("check", 0) != 0 && command.rfind("validate", 0) != 0;
    const auto r = reachplan(command + (writes ? " -o '" + out.string() + "'" : ""));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains(message));
    // compare writes the versions that ran (base.yaml) and names the one that did not.
    if (command != "compare base.yaml empty-group.yaml") CHECK(fs::is_empty(out));
    fs::remove_all(out);
    fs::create_directories(out);
  }
}
