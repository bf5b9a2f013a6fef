// Scenarios over timetables (transit:) on tests/data/transit (SOURCES.md there): bus R1 on the
// stops of places a, b, c every 10 minutes each way (a->b 5 min, a->c 12, c->b 7, c->a 12), and
// the planned rail line p c-d (15 min, every 30 min from 07:00 at either end, 5 min access and
// egress). Departures 07:00..07:29, every minute (30 of them); nearest-rank percentiles: p50 is
// the 15th shortest of the 30, p95 the 29th. Places lie on their stops, so no walking.
//
// Worked by hand:
// - A bus leg: a wait w in 0..9 min, each value 3 times over the 30 minutes, so p50 = ride + 4,
//   p95 = ride + 9, minimum = ride: a-b 9/14/5, a-c and c-a 16/21/12, b-c and c-b 11/16/7.
// - c->d: access 5, the 07:30 train for departures up to 07:25 (else 08:00), 15 min, egress 5:
//   50 - m for m = 0..25, 80 - m for m = 26..29; sorted 25..50 then 51..54: p50 39, p95 53, min 25.
// - a->d: the bus to Gamma (+12), 5 min to the train, 1 min slack, then as above: for m = 0 the
//   07:00 bus and 07:30 train (50); m = 1..10 the 07:10 bus, 07:30 train (49..40); m = 11..20 the
//   07:20 bus, 08:00 train (69..60); m = 21..29 the 07:30 bus (59..51): p50 54, p95 68, min 40.
// - b->d: the bus leaves Beta at :05, so m = 0..5 -> 50 - m, 6..15 -> 50 - m, 16..25 -> 80 - m,
//   26..29 -> 80 - m: p50 49, p95 63, min 35.
// - d->a: the train at 07:30 (m <= 25) or 08:00, at Gamma +15, 5 min to the stop, 1 min slack,
//   the bus on the next 10 minutes (P + 30), 12 min: 72 - m, then 102 - m: p50 61, p95 75,
//   min 47; d->b the same to Beta (7 min): p50 56, p95 70, min 42.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_harness.hpp"

using cli_test::run_reachplan;
using cli_test::slurp;

namespace {

const std::string data = std::string(REACHPLAN_TEST_DATA) + "/transit";

// A scenario extending base.yaml (or plan.yaml) with `extra` under scenario:, in `dir`.
std::string write_scenario(const cli_test::fs::path& dir, const std::string& name,
                           const std::string& parent, const std::string& extra) {
  const std::string path = (dir / (name + ".yaml")).string();
  std::ofstream(path) << "scenario:\n  extends: " << data << "/" << parent << "\n" << extra;
  return path;
}

// The od.csv row of a pair.
std::string od_row(const std::string& od, const std::string& pair) {
  const auto at = od.find("\n" + pair + ",");
  if (at == std::string::npos) return "";
  return od.substr(at + 1, od.find('\n', at + 1) - at - 1);
}

// The matrix.csv of `reachplan run` on a scenario of the test folder, written under `out`.
std::string slurp_run_matrix(const std::string& scenario, const cli_test::fs::path& out) {
  const auto r =
      run_reachplan("transit-scenario", "transit", "run " + scenario + " -q -o " + out.string());
  REQUIRE(r.code == 0);
  return slurp(out / "matrix.csv");
}

}  // namespace

TEST_CASE("run over timetables: the whole matrices, by hand", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "plan");
  auto r = run_reachplan("transit-scenario", "transit", "run plan.yaml -o " + dir.string());
  INFO(r.err);
  REQUIRE(r.code == 0);  // a-c-20 fails (d->a is 61 minutes): `check` exits 1 for that
  CHECK(slurp(dir / "matrix.csv") ==
        "origin,a,b,c,d\n"
        "a,0.00,9.00,16.00,54.00\n"
        "b,9.00,0.00,11.00,49.00\n"
        "c,16.00,11.00,0.00,39.00\n"
        "d,61.00,56.00,39.00,0.00\n");
  const std::string od = slurp(dir / "od.csv");
  CHECK(od.substr(0, od.find('\n')) ==
        "origin,destination,minutes,reachable,transfers,modes,lines,path,yuan,minutes_p50,"
        "minutes_p95,minutes_min");
  // Each pair's p50, p95 and minimum; the path is the p50 trip (leaving 07:26 for a->d).
  const std::vector<std::pair<std::string, std::string>> tails = {
      {"a,b", "9.00,14.00,5.00"},   {"a,c", "16.00,21.00,12.00"}, {"a,d", "54.00,68.00,40.00"},
      {"b,a", "9.00,14.00,5.00"},   {"b,c", "11.00,16.00,7.00"},  {"b,d", "49.00,63.00,35.00"},
      {"c,a", "16.00,21.00,12.00"}, {"c,b", "11.00,16.00,7.00"},  {"c,d", "39.00,53.00,25.00"},
      {"d,a", "61.00,75.00,47.00"}, {"d,b", "56.00,70.00,42.00"}, {"d,c", "39.00,53.00,25.00"}};
  for (const auto& [pair, tail] : tails) {
    INFO(pair);
    const std::string row = od_row(od, pair);
    CHECK(row.substr(row.size() - tail.size()) == tail);
  }
  CHECK(od_row(od, "a,d") ==
        "a,d,54.00,true,1,bus;rail,1;p,a ~wait 0:04~ =[1 bus 0:12]=> Gamma ~transfer 0:05~ ~wait "
        "0:13~ =[p rail 0:15]=> d ~egress 0:05~,,54.00,68.00,40.00");
  CHECK(od_row(od, "d,c") ==
        "d,c,39.00,true,0,rail,p,d ~access 0:05~ ~wait 0:14~ =[p rail 0:15]=> c ~egress 0:05~,,"
        "39.00,53.00,25.00");
  const auto summary = nlohmann::json::parse(slurp(dir / "summary.json"));
  const auto& tt = summary.at("timetable");
  CHECK(tt.at("date") == "2024-03-04");
  CHECK(tt.at("departure").at("departures") == 30);
  CHECK(tt.at("percentiles") == nlohmann::json::array({50, 95}));
  CHECK(tt.at("plan_lines_at_headway") == nlohmann::json::array({"p"}));
  CHECK(tt.at("walks") == "straight lines x 1.3 (an estimate)");
  // The feed folder is hashed as its files' names and hashes.
  bool feed_hashed = false;
  for (const auto& f : summary.at("inputs"))
    feed_hashed |= f.at("path").get<std::string>().ends_with("/transit/feed") &&
                   f.at("sha256").get<std::string>().size() == 64;
  CHECK(feed_hashed);
  const std::string targets = slurp(dir / "targets.csv");
  CHECK_THAT(targets, Catch::Contains("a-c-20") && Catch::Contains(",d,a,61.00,"));
  CHECK_THAT(r.out, Catch::Contains("30 departures 07:00-07:30 every 1 min") &&
                        Catch::Contains("50th percentile"));
}

TEST_CASE("run over timetables: the line not built leaves d unreachable", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "base");
  auto r = run_reachplan("transit-scenario", "transit", "run base.yaml -o " + dir.string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(slurp(dir / "matrix.csv") ==
        "origin,a,b,c,d\n"
        "a,0.00,9.00,16.00,\n"
        "b,9.00,0.00,11.00,\n"
        "c,16.00,11.00,0.00,\n"
        "d,,,,0.00\n");
}

TEST_CASE("run over timetables: plan edits on a route", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "edits");
  const auto a_to_b = [&](const std::string& edit) {
    const std::string yaml =
        write_scenario(dir, "edit", "base.yaml",
                       "  transit:\n    gtfs: [" + data +
                           "/feed]\n    date: 2024-03-04\n"
                           "    departure: {from: \"07:00\", to: \"07:30\"}\n    max_minutes: 120\n"
                           "    edits: [" +
                           edit + "]\n");
    const auto r = run_reachplan("transit-scenario", "transit",
                                 "run " + yaml + " -o " + (dir / "out").string());
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string m = slurp(dir / "out" / "matrix.csv");
    const auto row = m.find("\na,");
    return m.substr(row + 1, m.find('\n', row + 1) - row - 1);
  };
  // Removed: walking 0.02 deg (2223.9 m) x 1.3 at 1 m/s = 48.18 min.
  CHECK(a_to_b("{route: R1, remove: true}") == "a,0.00,48.18,,");
  // Every 20 minutes (at multiples of 20 from midnight, over 06:00-10:00): :00, :20, :40; over m =
  // 0..29 the waits are 0 twice, 1..10 once, 11..19 twice; the 15th is 12, so p50 = 12 + 5.
  CHECK(a_to_b("{route: R1, headway_min: 20}") == "a,0.00,17.00,24.00,");
  // Twice as fast: the ride is 2.5 min, the wait's p50 4.
  CHECK(a_to_b("{route: R1, speed_factor: 2}") == "a,0.00,6.50,10.00,");
  // A child giving only edits keeps its parent's feeds, day and window.
  const std::string child = write_scenario(
      dir, "child", "base.yaml", "  transit:\n    edits: [{route: R1, speed_factor: 2}]\n");
  const auto r = run_reachplan("transit-scenario", "transit",
                               "run " + child + " -o " + (dir / "child").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(slurp(dir / "child" / "matrix.csv"), Catch::Contains("\na,0.00,6.50,10.00,\n"));
}

TEST_CASE("run over timetables: bad transit settings name the file and line", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "errors");
  const auto fails = [&](const std::string& transit, const std::string& message) {
    const std::string yaml = write_scenario(dir, "bad", "base.yaml", "  transit:\n" + transit);
    const auto r = run_reachplan("transit-scenario", "transit",
                                 "run " + yaml + " -o " + (dir / "out").string());
    INFO(transit);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(message) && Catch::Contains("bad.yaml:"));
    CHECK_FALSE(cli_test::fs::exists(dir / "out"));
  };
  const std::string feed = "    gtfs: [" + data + "/feed]\n";
  fails(feed + "    date: 2024-03-04\n    edits: [{route: R2, remove: true}]\n",
        "unknown route 'R2' (did you mean 'R1'?)");
  fails(feed + "    date: 2024-03-04\n    edits: [{route: R1, remove: true, headway_min: 5}]\n",
        "exactly one change");
  fails(feed + "    date: 2024-03-04\n    edits: [{route: R1, speed_factor: 0}]\n", "speed_factor");
  // Under a minute is refused, not rounded up to one.
  fails(feed + "    date: 2024-03-04\n    edits: [{route: R1, headway_min: 0.5}]\n", "headway_min");
  fails(feed + "    date: 2024-13-04\n", "expected a service day YYYY-MM-DD");
  fails(feed + "    date: 2024-03-04\n    departure: {from: \"09:00\", to: \"07:00\"}\n",
        "must be after 'from'");
  fails(feed + "    date: 2024-03-04\n    departure: {from: \"7h\"}\n", "expected a clock time");
  fails(feed + "    date: 2024-03-04\n    percentiles: [50, 50]\n", "given twice");
  fails(feed + "    date: 2024-03-04\n    percentiles: [0]\n", "percentiles");
  fails(feed + "    date: 2024-03-04\n    walk: {speed_kmh: 36}\n", "speed_kmh");
  fails(feed + "    date: 2024-03-04\n    max_ride: 3\n", "did you mean 'max_rides'");
  fails("    gtfs: [nowhere.zip]\n    date: 2024-03-04\n", "no such GTFS feed");
  // No date anywhere: a standalone scenario (a child inherits its parent's).
  {
    const std::string path = (dir / "nodate.yaml").string();
    std::ofstream(path) << "scenario:\n  networks: [" << data << "/network.yaml]\n  transit:\n"
                        << feed;
    const auto r = run_reachplan("transit-scenario", "transit",
                                 "run " + path + " -o " + (dir / "nodate-out").string());
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("needs 'date'") && Catch::Contains("nodate.yaml:"));
  }
  // A day without service names the feed's days.
  fails(feed + "    date: 2024-03-09\n", "no service on 2024-03-09");
}

TEST_CASE(
    "run over timetables: what cannot be judged is refused, not answered on the "
    "frequency model",
    "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "refused");
  const std::string cost = write_scenario(
      dir, "cost", "plan.yaml",
      "  targets:\n    - {id: cheap, kind: max_pair_time, group: four, max_yuan: 10}\n");
  auto r =
      run_reachplan("transit-scenario", "transit", "run " + cost + " -o " + (dir / "o").string());
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("cost target (max_yuan) cannot be judged over timetables"));
  // rank and robustness refuse it the same way, at the target's line.
  r = run_reachplan("transit-scenario", "transit",
                    "rank " + cost + " --against base.yaml -o " + (dir / "k").string());
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("cost.yaml:4:") && Catch::Contains("targets.cheap"));
  r = run_reachplan("transit-scenario", "transit", "check plan.yaml");
  CHECK(r.code == 1);  // a-c-20 fails
}

// Comparisons ride a timetable per network state: the plan's lines it builds at their headway.
// The pair numbers are the hand-worked matrices above; with plan-q.yaml (more.yaml: e east of d,
// line q c-d-e, 15 + 10 min, no dwell, every 30 min) d->e is 34 (a train at d at 07:15 or 07:45,
// 30 - m or 60 - m for m = 0..10, 11..29, the 15th shortest is 34) and so is e->d.
TEST_CASE("compare, rank and robustness over timetables", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "compare");
  auto r = run_reachplan("transit-scenario", "transit",
                         "compare base.yaml plan.yaml -q -o " + (dir / "c").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(slurp(dir / "c" / "deltas.csv") ==
        "from_version,to_version,origin,destination,minutes_from,minutes_to,minutes_saved,change\n"
        "base,plan,a,d,,54.00,,newly_reachable\n"
        "base,plan,b,d,,49.00,,newly_reachable\n"
        "base,plan,c,d,,39.00,,newly_reachable\n"
        "base,plan,d,a,,61.00,,newly_reachable\n"
        "base,plan,d,b,,56.00,,newly_reachable\n"
        "base,plan,d,c,,39.00,,newly_reachable\n");
  CHECK(slurp(dir / "c" / "matrix_plan.csv") == slurp_run_matrix("plan.yaml", dir / "run"));
  // Line p alone connects the six pairs of d; five are within 60 minutes (d->a is 61):
  // 5 x 1000 people / 4 places = 1250 per resident, all six within 90.
  CHECK_THAT(slurp(dir / "c" / "ranking.csv"),
             Catch::Contains("\n1,p,p,rail,planned,2030,false,0.0000,6,1250,1500,1500,"));

  r = run_reachplan("transit-scenario", "transit",
                    "robustness plan-q.yaml --segments -q -o " + (dir / "n1").string());
  REQUIRE(r.code == 0);
  // Cutting c-d stops p and the c-d stretch of q: the 12 pairs between {a, b, c} and {d, e}
  // are cut, while q's piece d-e still runs (d<->e is not among them; 9 of the 12 were within
  // 60 minutes: 9 x 1000 / 5). Cutting d-e cuts the 8 pairs of e.
  const std::string n1 = slurp(dir / "n1" / "robustness.csv");
  CHECK_THAT(n1, Catch::Contains("\n1,segment,rail:c-d,rail,p;q,,0,0.0000,12,1800,2400,2400\n"));
  CHECK_THAT(n1, Catch::Contains("\n2,segment,rail:d-e,rail,q,,0,0.0000,8,1000,1600,1600\n"));

  r = run_reachplan("transit-scenario", "transit",
                    "rank plan-q.yaml --against base.yaml -q -o " + (dir / "rank").string());
  REQUIRE(r.code == 0);
  // q alone: 14 pairs (c, d, e among themselves and a, b to and from d, e).
  CHECK_THAT(slurp(dir / "rank" / "ranking.csv"),
             Catch::Contains(",q,q,rail,planned,2030,false,0.0000,14,"));
}

TEST_CASE("run over timetables: the od layer follows the stops of the p50 trip", "[cli][transit]") {
  const auto dir = cli_test::scratch_dir("transit-scenario", "gis");
  const std::string yaml =
      write_scenario(dir, "gis", "plan.yaml",
                     "  outputs:\n    files: [matrix.csv, od.csv]\n    layers: [nodes, links, od]\n"
                     "    formats: [geojson]\n    map: {png: false, qgis_project: false}\n");
  const auto r =
      run_reachplan("transit-scenario", "transit", "run " + yaml + " -o " + (dir / "out").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto od = nlohmann::json::parse(slurp(dir / "out" / "od.geojson"));
  bool found = false;
  for (const auto& f : od.at("features")) {
    if (f.at("properties").at("origin") != "a" || f.at("properties").at("destination") != "d")
      continue;
    found = true;
    CHECK(f.at("properties").at("minutes") == 54.0);
    // a (on Alpha) -> Gamma by bus, the station at c, d: through the stops, not a straight a-d.
    CHECK(f.at("geometry").at("coordinates") ==
          nlohmann::json::parse("[[0.0, 0.0], [0.05, 0.0], [0.1, 0.0]]"));
  }
  CHECK(found);
}
