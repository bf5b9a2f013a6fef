// What `reachplan import gtfs` says and draws: the report's shape and transfer lines and the
// route shapes, on the hand-drawn feed (tests/data/gtfs/tiny, its SOURCES.md draws them) and on
// copies of it with some tables changed. The GeoPackage itself is read back in test_cli_gtfs.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "reachplan/io/gtfs.hpp"
#include "reachplan/output/gtfs_report.hpp"
#include "unit/support/gtfs_copy.hpp"

using namespace reachplan;
using gtfs_test::tiny;
using gtfs_test::tiny_with;
using Points = std::vector<std::pair<double, double>>;

namespace {

// "route/shape/trips" per feature, for one comparison that shows the whole layer.
std::vector<std::string> summary(const io::GtfsFeed& feed,
                                 const std::vector<output::GtfsRouteShape>& shapes) {
  std::vector<std::string> out;
  for (const auto& s : shapes)
    out.push_back(feed.all.routes[s.route].id + "/" + s.shape + "/" + std::to_string(s.trips));
  return out;
}

const Points a_b_c = {{0.0, 0.0}, {0.01, 0.0}, {0.03, 0.0}};  // stops A, B, C
const Points a_c = {{0.0, 0.0}, {0.03, 0.0}};

}  // namespace

TEST_CASE("route shapes: a route's shapes, and a line through the stops where none",
          "[output][gtfs]") {
  const auto feed = io::read_gtfs(tiny);
  // The feed: R1's t1 and t2 follow S1 (S2 is followed by no trip); R2's t3 and the template f1
  // have no shape and call at A and C.
  auto shapes = output::gtfs_route_shapes(feed, nullptr);
  CHECK(summary(feed, shapes) == std::vector<std::string>{"R1/S1/2", "R2//2"});
  REQUIRE(shapes.size() == 2);
  CHECK(shapes[0].points.size() == 6);
  CHECK(shapes[0].points[3] == std::pair{0.015, 0.0005});
  CHECK(shapes[1].points == a_c);

  // Thursday 2 May: t1, t2 and f1's three departures; Wednesday 1 May (a holiday): t3 alone.
  const auto thu = io::timetable_on(feed, "2024-05-02");
  CHECK(summary(feed, output::gtfs_route_shapes(feed, &thu)) ==
        std::vector<std::string>{"R1/S1/2", "R2//3"});
  const auto wed = io::timetable_on(feed, "2024-05-01");
  CHECK(summary(feed, output::gtfs_route_shapes(feed, &wed)) == std::vector<std::string>{"R2//1"});

  // A route with and without shapes gets both, the shapes first; f1's shape counts for each
  // of its departures.
  const auto mixed =
      io::read_gtfs(tiny_with("mixed-shapes", {{"trips.txt",
                                                "route_id,service_id,trip_id,shape_id\nR1,WK,t1,"
                                                "S1\nR1,WK,t2,\nR2,HOL,t3,\nR2,WK,f1,S2\n"}}));
  shapes = output::gtfs_route_shapes(mixed, nullptr);
  CHECK(summary(mixed, shapes) == std::vector<std::string>{"R1/S1/1", "R1//1", "R2/S2/1", "R2//1"});
  REQUIRE(shapes.size() == 4);
  CHECK(shapes[1].points == a_b_c);
  CHECK(summary(mixed, output::gtfs_route_shapes(mixed, &thu)) ==
        std::vector<std::string>{"R1/S1/1", "R1//1", "R2/S2/3"});

  // Through the stops of the most common sequence: R2 runs t2 (A, B, C), t3 and f1 (A, C).
  const auto most = io::read_gtfs(tiny_with(
      "common-stops",
      {{"trips.txt", "route_id,service_id,trip_id\nR1,WK,t1\nR2,WK,t2\nR2,HOL,t3\nR2,WK,f1\n"}}));
  shapes = output::gtfs_route_shapes(most, nullptr);
  CHECK(summary(most, shapes) == std::vector<std::string>{"R1//1", "R2//3"});
  REQUIRE(shapes.size() == 2);
  CHECK(shapes[0].points == a_b_c);
  CHECK(shapes[1].points == a_c);
}

TEST_CASE("the GTFS report counts shapes and transfers and says what it leaves out",
          "[output][gtfs]") {
  std::string text = output::gtfs_report_text(io::read_gtfs(tiny), nullptr);
  CHECK_THAT(text, Catch::Contains("\n  shapes: 2 (2 trips follow one)\n  transfers: 0\n"));
  CHECK_THAT(text, !Catch::Contains("transfer_type"));
  text = output::gtfs_report_text(
      io::read_gtfs(tiny_with("no-shapes-report", {{"shapes.txt", ""}})), nullptr);
  CHECK_THAT(text, Catch::Contains("\n  shapes: 0\n"));

  const auto feed = io::read_gtfs(tiny_with(
      "transfers-report",
      {{"transfers.txt",
        "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id,to_trip_id\n"
        "A,B,2,120,,\nB,A,,,,\nC,C,0,,,\nB,B,1,,,\nC,A,3,,,\nA,C,4,,t1,f1\n,,5,,t2,t1\n"
        "B,C,0,,t1,\n"}}));
  text = output::gtfs_report_text(feed, nullptr);
  CHECK_THAT(
      text,
      Catch::Contains("  transfers: 5 (2 recommended, 1 timed, 1 minimum time, 1 not possible)\n"));
  CHECK_THAT(text, Catch::Contains(
                       "  note: 2 trip-to-trip transfers (transfer_type 4 or 5) checked but not "
                       "used\n"));
  CHECK_THAT(text, Catch::Contains("  note: 1 transfers naming trips or routes checked but not "
                                   "used (only stop-to-stop ones are)\n"));
}
