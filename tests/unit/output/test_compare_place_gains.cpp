// Both renderings of the per-place gains (the text summary and the HTML report) read
// Comparison::place_gains, on the hand-checked network of tests/unit/analysis.
#include <catch2/catch.hpp>

#include "reachplan/analysis/compare.hpp"
#include "reachplan/output/compare_tables.hpp"
#include "reachplan/output/report_html.hpp"
#include "unit/analysis/test_compare_network.hpp"

using namespace reachplan;

namespace {

analysis::Comparison compared() {
  auto version = [](const std::string& id, std::set<std::string> lines,
                    std::vector<std::string> chain) {
    return analysis::VersionSource{chain.front(), [=] {
                                     auto s = test::compare_version(id, lines);
                                     s.input_files = chain;
                                     return s;
                                   }};
  };
  analysis::CompareOptions options;
  options.rank = false;
  options.robustness = false;
  return analysis::compare_versions(
      {version("base", {}, {"base.yaml"}),
       version("plan-all", {"X", "Y", "Z"}, {"plan-all.yaml", "base.yaml"})},
      options);
}

}  // namespace

TEST_CASE("the text summary names the places whose mean trip shrinks most", "[output]") {
  auto c = compared();
  // Mean trips base -> plan-all: a 150 -> 35, c 150 -> 55, b 100 -> 50.
  const std::string line =
      "  Mean trip shortened most, plan-all against base: a -1:55, c -1:35, b -0:50 (per place "
      "in accessibility.csv)\n";
  CHECK_THAT(output::comparison_text(c), Catch::Matchers::Contains(line));
  // It reads the comparison's gains: reordered there, reordered here; a place without a mean
  // trip on one side is left out.
  std::swap(c.place_gains[0], c.place_gains[2]);
  c.place_gains[1].minutes_saved = std::nan("");
  CHECK_THAT(output::comparison_text(c),
             Catch::Matchers::Contains("plan-all against base: b -0:50, a -1:55 (per place"));
}

TEST_CASE("the HTML report lists places in the order of the comparison's gains", "[output]") {
  auto c = compared();
  output::ReportInput in;
  in.title = "gains";
  in.comparison = &c;
  const std::string html = output::report_html(in);
  CHECK_THAT(html, Catch::Matchers::Contains("(the 3 with the largest mean-trip savings of 3;"));
  const auto table = html.find("<h3>Per place");
  REQUIRE(table != std::string::npos);
  const auto a = html.find("<tr><td>a</td>", table), b = html.find("<tr><td>b</td>", table),
             cc = html.find("<tr><td>c</td>", table);
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  REQUIRE(cc != std::string::npos);
  CHECK(a < cc);
  CHECK(cc < b);
  // A gain without a mean trip on one side reads "newly connected".
  c.place_gains[0].minutes_saved = std::nan("");
  CHECK_THAT(output::report_html(in), Catch::Matchers::Contains("newly connected"));
}
