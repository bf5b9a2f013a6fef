// Regressions: a target item met in an earlier version and failing in the last is its own class
// (`regressed`), apart from the items that never met their target. On the hand-checked network
// of tests/unit/analysis/test_compare_network.hpp, where a-c takes 40 min with X, Y and Z built
// and 130 min once X is removed (a-b by Z 30, then the road b-c 100).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "reachplan/analysis/compare.hpp"
#include "reachplan/output/compare_tables.hpp"
#include "reachplan/output/report_html.hpp"
#include "unit/analysis/test_compare_network.hpp"

using namespace reachplan;
using Catch::Matchers::Contains;
using Status = analysis::ItemProgress::Status;

namespace {

// A version building `lines`, with `removed` taken out of its network (scenario `remove:`).
analysis::VersionSource version(const std::string& id, std::set<std::string> lines,
                                const std::string& removed = "") {
  return {id + ".yaml",
          [=] { return test::without_line(test::compare_version(id, lines), removed); }};
}

analysis::Comparison compared(std::vector<analysis::VersionSource> sources) {
  analysis::CompareOptions options;
  options.keep_order = true;
  options.rank = false;
  options.robustness = false;
  options.threads = 1;
  return analysis::compare_versions(sources, options);
}

const std::set<std::string> all_lines = {"X", "Y", "Z"};

}  // namespace

TEST_CASE("compare: an item met in the base and failing in the plan is regressed", "[compare]") {
  const auto c = compared({version("base", all_lines), version("plan", all_lines, "X")});
  REQUIRE(c.all_ran());
  for (const char* o : {"a", "c"}) {
    const auto& ac = test::item(c, "ac-60", o, o == std::string("a") ? "c" : "a");
    CHECK(ac.status == Status::regressed);
    CHECK(ac.regressed == 1u);
    CHECK_FALSE(ac.newly_met);
    CHECK(ac.minutes == std::vector<double>{40, 130});
    CHECK(ac.gap == 70);
  }
  CHECK(test::item(c, "a-b-60", "a", "b").status == Status::met_throughout);

  const std::string csv = output::target_items_csv(c);
  CHECK_THAT(csv, Contains("target,kind,max_minutes,origin,destination,status,newly_met_in,"
                           "regressed_in,base,plan,gap_minutes,path,unit\n"));
  CHECK_THAT(csv, Contains("\nac-60,max_pair_time,60.00,a,c,regressed,,plan,40.00,130.00,70.00,"));
  CHECK_THAT(csv, Contains("\nac-60,max_pair_time,60.00,c,a,regressed,,plan,40.00,130.00,70.00,"));
  CHECK_THAT(csv,
             Contains("\na-b-60,reach_share,60.00,a,b,met_throughout,,,30.00,30.00,,,minutes\n"));

  const auto j = nlohmann::json::parse(output::comparison_json(c));
  const auto& t = j["targets"][0];
  REQUIRE(t["id"] == "ac-60");
  CHECK(t["still_failing"].empty());
  REQUIRE(t["regressed"].size() == 2);
  CHECK(t["regressed"][0]["origin"] == "a");
  CHECK(t["regressed"][0]["destination"] == "c");
  CHECK(t["regressed"][0]["version"] == "plan");
  CHECK(t["regressed"][0]["minutes"] == 130.0);
  CHECK(t["regressed"][0]["gap_minutes"] == 70.0);

  const std::string text = output::comparison_text(c);
  CHECK_THAT(text, Contains("\nRegressed: met in an earlier version, failing in plan (version it "
                            "fails from, gap to the threshold, path)\n"
                            "  ac-60 (within 1:00): 2 pairs\n"
                            "    a -> c                     from plan  2:10  (+1:10)  a "));
  CHECK_THAT(text, !Contains("Still failing"));

  output::ReportInput in;
  in.title = "regressions";
  in.comparison = &c;
  const std::string html = output::report_html(in);
  CHECK_THAT(html, Contains("<h2>Newly met, regressed and still failing</h2>"));
  CHECK_THAT(html, Contains("<table><tr><th>regressed: met before, failing in plan</th><th>failing "
                            "from</th><th class=\"n\">time</th><th class=\"n\">gap</th><th>path"
                            "</th></tr><tr><td>a &rarr; c</td><td>plan</td><td class=\"n\">2:10"
                            "</td><td class=\"n\">+1:10</td>"));
  CHECK_THAT(html, !Contains("still failing in"));
}

TEST_CASE("compare: items that flip several times take their last change", "[compare]") {
  // a-c: 200 with roads only, 40 with X Y Z, 130 without X.
  SECTION("failing first and last, met in between: regressed in the last") {
    const auto c = compared(
        {version("roads", {}), version("full", all_lines), version("cut", all_lines, "X")});
    const auto& ac = test::item(c, "ac-60", "a", "c");
    CHECK(ac.met == std::vector<int>{0, 1, 0});
    CHECK(ac.status == Status::regressed);
    CHECK(ac.regressed == 2u);
  }
  SECTION("met, lost, met again: newly met from the last gain") {
    const auto c = compared({version("roads", {}), version("full", all_lines),
                             version("cut", all_lines, "X"), version("again", all_lines)});
    const auto& ac = test::item(c, "ac-60", "a", "c");
    CHECK(ac.met == std::vector<int>{0, 1, 0, 1});
    CHECK(ac.status == Status::newly_met);
    CHECK(ac.newly_met == 3u);
    CHECK_FALSE(ac.regressed);
  }
  SECTION("lost and not regained: regressed from the first version that fails") {
    const auto c = compared({version("full", all_lines), version("cut", all_lines, "X"),
                             version("cut-again", all_lines, "X")});
    const auto& ac = test::item(c, "ac-60", "a", "c");
    CHECK(ac.status == Status::regressed);
    CHECK(ac.regressed == 1u);
    const std::string csv = output::target_items_csv(c);
    CHECK_THAT(csv, Contains("\nac-60,max_pair_time,60.00,a,c,regressed,,cut,40.00,130.00,130.00,"
                             "70.00,"));
  }
  SECTION("never met: still failing") {
    const auto c = compared({version("roads", {}), version("cut", all_lines, "X")});
    const auto& ac = test::item(c, "ac-60", "a", "c");
    CHECK(ac.status == Status::still_failing);
    CHECK_FALSE(ac.regressed);
    CHECK(ac.gap == 70);
    CHECK_THAT(output::target_items_csv(c),
               Contains("\nac-60,max_pair_time,60.00,a,c,still_failing,,,200.00,130.00,70.00,"));
  }
}
