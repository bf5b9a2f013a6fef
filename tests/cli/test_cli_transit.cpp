// `reachplan matrix --gtfs` and `reachplan route --gtfs` on the hand-drawn feed
// (tests/data/gtfs/tiny): on Tuesday 2024-01-09 trip t1 runs A 08:00 -> C 08:09, f1 A -> C every
// 20 min 06:00-06:40 (10 min), t2 A 23:50 -> B 24:05 -> C 24:10. Nothing runs C -> A.
// Points at_A and at_C lie on the stops; walking is in straight lines x 1.3 at 3.6 km/h (1 m/s):
// A-C is 0.03 deg = 3335.85 m, walked 4336.6 m = 72.28 min.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_harness.hpp"

using cli_test::run_reachplan;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
const std::string feed_and_day =
    "matrix --gtfs tiny --date 2024-01-09 --origins points/tiny_points.csv ";
}  // namespace

TEST_CASE("matrix --gtfs: percentiles over a departure window, by hand", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit", "window");
  const std::string out = (dir / "m.csv").string();
  // Leaving 07:50 .. 07:59 for C: t1 at 08:00 arrives 08:09, so 19, 18, ... 10 minutes door to
  // door. Sorted 10..19: p50 is rank 5 = 14, p100 rank 10 = 19, the minimum 10.
  auto r = run_reachplan(
      "transit", "gtfs",
      feed_and_day + "--departure 07:50 --window 10 --percentiles 50,100 --long -o " + out);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(read_file(out) ==
        "origin,destination,minutes_p50,minutes_p100,minutes_min\n"
        "at_A,at_A,0.00,0.00,0.00\n"
        "at_A,at_C,14.00,19.00,10.00\n"
        "at_C,at_A,72.28,72.28,72.28\n"
        "at_C,at_C,0.00,0.00,0.00\n");
  CHECK_THAT(r.out, Catch::Contains("in straight lines"));
  // --legs: the p50 trip leaves 07:55 (the earliest minute taking 14 min) and waits 5 min.
  r = run_reachplan("transit", "gtfs",
                    feed_and_day + "--departure 07:50 --window 10 --long --legs -o " + out);
  REQUIRE(r.code == 0);
  CHECK(read_file(out) ==
        "origin,destination,minutes_p50,minutes_min,legs_p50\n"
        "at_A,at_A,0.00,0.00,walk 0.0 min\n"
        "at_A,at_C,14.00,10.00,\"wait 5.0 min | ride 1 Alpha, main 08:00 -> Gamma 08:09\"\n"
        "at_C,at_A,72.28,72.28,walk 72.3 min\n"
        "at_C,at_C,0.00,0.00,walk 0.0 min\n");
  r = run_reachplan("transit", "gtfs", feed_and_day + "--departure 07:50 --legs -o " + out);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--legs needs --long"));
  // Wide: one file per percentile.
  r = run_reachplan("transit", "gtfs",
                    feed_and_day + "--departure 07:50 --window 10 --percentiles 50,100 -o " + out);
  REQUIRE(r.code == 0);
  CHECK(read_file((dir / "m_p50.csv").string()) ==
        "origin,at_A,at_C\nat_A,0.00,14.00\nat_C,72.28,0.00\n");
  CHECK(read_file((dir / "m_p100.csv").string()) ==
        "origin,at_A,at_C\nat_A,0.00,19.00\nat_C,72.28,0.00\n");
}

TEST_CASE("matrix --gtfs: trips past midnight of the day before, frequencies, limits",
          "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit", "night");
  const std::string out = (dir / "m.csv").string();
  // 00:02: Monday's t2 left A at 23:50 and f1 starts at 06:00, so walking is fastest (route
  // below rides t2 from B).
  auto r = run_reachplan("transit", "gtfs", feed_and_day + "--departure 00:02 --long -o " + out);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(read_file(out), Catch::Contains("at_A,at_C,72.28,72.28\n"));  // t2 left A 23:50
  // 06:15: f1's 06:20 departure, 15 min.
  r = run_reachplan("transit", "gtfs", feed_and_day + "--departure 06:15 --long -o " + out);
  REQUIRE(r.code == 0);
  CHECK_THAT(read_file(out), Catch::Contains("at_A,at_C,15.00,15.00\n"));
  // No rides: walking only; a 60-minute cap leaves C -> A unreachable.
  r = run_reachplan(
      "transit", "gtfs",
      feed_and_day + "--departure 06:15 --max-rides 0 --max-minutes 60 --long -o " + out);
  REQUIRE(r.code == 0);
  CHECK_THAT(read_file(out), Catch::Contains("at_A,at_C,,\n"));
  CHECK_THAT(read_file(out), Catch::Contains("at_C,at_A,,\n"));
}

TEST_CASE("route --gtfs shows the legs in clock times", "[cli][transit]") {
  auto r = run_reachplan("transit", "gtfs",
                         "route --gtfs tiny --date 2024-01-09 --departure 00:02 Beta C");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains(
                        "00:05:00  ride 1 (trip t2@day-1) from Beta to Gamma, arrive 00:10:00"));
  CHECK_THAT(r.out, Catch::Contains("Arrive 00:10:00: 8 min door to door, 1 ride"));
  // Nothing runs C -> A, and walking takes 72 min.
  r = run_reachplan("transit", "gtfs",
                    "route --gtfs tiny --date 2024-01-09 --departure 07:50 --max-minutes 60 C A");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("No trip within 60 min (--max-minutes)"));
  r = run_reachplan("transit", "gtfs", "route --gtfs tiny --date 2024-01-09 --departure 07:50 A C");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("08:00:00  ride 1 (trip t1) from Alpha, main to Gamma, arrive "
                                    "08:09:00 (9 min, after waiting 10 min)"));
}

TEST_CASE("matrix and route --gtfs refuse bad requests with exit 2", "[cli][transit]") {
  const std::string o = " -o /dev/null";
  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {feed_and_day + "--departure 7h" + o, "--departure '7h': expected HH:MM"},
      {feed_and_day + "--departure 07:00 --percentiles 50,95,50" + o,
       "a percentile is given twice"},
      // The memory estimate counts every percentile matrix (here against a 1-byte limit).
      {feed_and_day + "--departure 07:00 --percentiles 10,20 --max-memory 1" + o,
       "the matrix of 2 origins x 2 destinations needs about"},
      {"matrix --gtfs tiny --origins points/tiny_points.csv --departure 07:00" + o,
       "--gtfs needs --date"},
      {"matrix --gtfs tiny --date 2024-01-09 --origins points/tiny_points.csv" + o,
       "--gtfs needs --departure"},
      {"matrix --gtfs tiny --date 2016-11-15 --departure 07:00 --origins points/tiny_points.csv" +
           o,
       "no service on 2016-11-15; tiny runs from 2024-01-01 to 2024-12-31"},
      {"matrix --gtfs tiny --date 2024-01-09 --departure 07:00 --network tiny/stops.txt --origins "
       "points/tiny_points.csv" +
           o,
       "is a street network"},
      {"route --gtfs tiny --date 2024-01-09 --departure 07:00 A Gama",
       "to 'Gama': not lon,lat, a stop_id or a stop name"},
      {"route --gtfs tiny --date 2024-01-09 A C", "--gtfs needs --departure"},
      {"route --gtfs tiny --date 2024-01-09 --departure 07:00 x.yaml A C", "two places"},
  };
  for (const auto& c : cases) {
    const auto r = run_reachplan("transit", "gtfs", c.args);
    INFO(c.args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(c.message));
  }
  // A window of 0 minutes is refused by the flag's range.
  const auto r =
      run_reachplan("transit", "gtfs", feed_and_day + "--departure 07:00 --window 0" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--window"));
}
