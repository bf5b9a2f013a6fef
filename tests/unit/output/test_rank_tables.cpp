// The text of `rank` and `robustness` on the hand-checked networks of
// tests/unit/analysis/test_compare_network.hpp: the whole-plan row of a plan that removes a
// line, and outages that cut pairs.
#include <catch2/catch.hpp>

#include "reachplan/analysis/ranking.hpp"
#include "reachplan/analysis/robustness.hpp"
#include "reachplan/output/rank_tables.hpp"
#include "reachplan/output/report_html.hpp"
#include "unit/analysis/test_compare_network.hpp"

using namespace reachplan;
using Catch::Matchers::Contains;

TEST_CASE("rank text: the whole-plan row counts the line the plan removes", "[output]") {
  // Baseline X Y: ab 100, ac 40, bc 100. Plan X Z without Y: ab 30, ac 130, bc 100.
  // Within 120 min, mean per resident: 200 before, (100 + 200 + 100) / 3 after.
  const auto base = test::compare_version("base", {"X", "Y"});
  const auto plan = test::without_line(test::compare_version("plan", {"X", "Z"}), "Y");
  const auto r = analysis::rank_lines(plan, base, "base", {});
  const std::string text = output::ranking_text(r, 0);
  CHECK_THAT(text, Contains("  The whole plan against base: -6.67 min per trip, 60' 0, 90' 0, "
                            "120' -67, target items -1.\n"));
  CHECK_THAT(text, Contains("  note: line 'Y' is built in base and removed in plan: on in the "
                            "baseline measures, off in the plan's\n"));
}

TEST_CASE("N-1 text: pairs cut are shown as cut, minutes over the pairs still reachable",
          "[output]") {
  const auto r = analysis::n_minus_one(test::cut_network(), {});
  const std::string text = output::robustness_text(r, 0);
  CHECK_THAT(text, Contains("  #  line  mode  breaks  items lost    min lost  pairs cut\n"
                            "  1  W     rail  -                0  6.67 + cut          8\n"
                            "  2  N     rail  -                0  0.00 + cut          8\n"
                            "  3  L     rail  -                0       35.00          0\n"
                            "  4  M     rail  -                0        0.00          0\n"));
  CHECK_THAT(text, Contains("  min lost: population-weighted minutes added per trip over the "
                            "pairs still reachable without it;\n  pairs cut: pairs it leaves "
                            "without a path (\"+ cut\"), which no minute figure counts.\n"));
  const std::string csv = output::robustness_csv(r);
  CHECK_THAT(csv, Contains("\n1,line,W,rail,W,,0,6.6667,8,"));
  CHECK_THAT(csv, Contains("\n2,line,N,rail,N,,0,0.0000,8,"));

  output::ReportInput in;
  in.title = "n-1";
  in.robustness = &r;
  CHECK_THAT(output::report_html(in),
             Contains("<td>W</td><td>rail</td><td>&ndash;</td><td class=\"n\">0</td><td "
                      "class=\"n\">6.67 + cut</td><td class=\"n\">8</td>"));
}
