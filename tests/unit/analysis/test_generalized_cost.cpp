// Money and generalized cost on a drawn network whose times and prices are exact, every expected
// number worked out by hand below (README "Generalized cost").
//
//   p ==road 120 km== q ==road 60 km== r        road:  60 km/h, 0.5 yuan/km and per tonne-km
//   p ~~water 150 km~~ q                        water: 15 km/h, 0.05 yuan/tkm + 2 yuan/t loading
//   p ##rail 240 km## r                         rail:  120 km/h, 0.4 yuan/km + 5 per boarding
//
// Changing water <-> road costs 60 min and 10 yuan per tonne handled. Station to station, no
// waits, so every time is running time plus transfers.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "reachplan/analysis/measure.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/analysis/targets.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/load.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

const char* network = R"(
nodes:
  - {id: p, lon: 0.0, lat: 0.0}
  - {id: q, lon: 1.0, lat: 0.0}
  - {id: r, lon: 2.0, lat: 0.0}
modes:
  - {id: road, speed_kmh: 60, fare_yuan_per_km: 0.5, freight_yuan_per_tkm: 0.5,
     transfers: {water: 60}, handling_yuan_per_t: {water: 10}}
  - {id: water, speed_kmh: 15, freight_yuan_per_tkm: 0.05, freight_yuan_per_t: 2,
     transfers: {road: 60}, handling_yuan_per_t: {road: 10}}
  - {id: rail, speed_kmh: 120, fare_yuan_per_km: 0.4, fare_yuan_per_boarding: 5,
     freight_yuan_per_tkm: 0.15}
links:
  - {id: pq_road, mode: road, from: p, to: q, length_km: 120}
  - {id: qr_road, mode: road, from: q, to: r, length_km: 60}
  - {id: pq_water, mode: water, from: p, to: q, length_km: 150}
  - {id: pr_rail, mode: rail, from: p, to: r, length_km: 240}
)";

const char* scenario = R"(
scenario:
  id: cost
  networks: [net.yaml]
  profiles:
    freight-fast: {modes: [road, water], access: station_to_station, wait: none, cost: freight}
    freight: {modes: [road, water], access: station_to_station, wait: none, cost: freight,
              value_of_time_yuan_per_h: 3}
    passenger-fast: {modes: [road, rail], access: station_to_station, wait: none}
    business: {modes: [road, rail], access: station_to_station, wait: none,
               value_of_time_yuan_per_h: 20}
    thrifty: {modes: [road, rail], access: station_to_station, wait: none,
              value_of_time_yuan_per_h: 5}
    unpriced: {modes: [road, water], access: station_to_station, wait: none,
               value_of_time_yuan_per_h: 20}
    ferry: {modes: [water], access: station_to_station, wait: none, cost: freight}
    ferry-passenger: {modes: [water], access: station_to_station, wait: none}
    miser: {modes: [road, water], access: station_to_station, wait: none, cost: freight,
            value_of_time_yuan_per_h: 0.000001}
    freight-slow-handling: {modes: [road, water], access: station_to_station, wait: none,
                            cost: freight, value_of_time_yuan_per_h: 3,
                            transfers: {water: {road: 240}}}
  default_profile: freight
  groups:
    ports: [p, q]
    end: [r]
  targets:
    - {id: freight-to-r, kind: max_nearest_time, group: ports, to_group: end, max_yuan: 50,
       profile: freight}
    - {id: freight-to-r-40, kind: max_nearest_time, group: ports, to_group: end, max_yuan: 40,
       profile: freight}
    - {id: freight-time, kind: max_nearest_time, group: ports, to_group: end, max_minutes: 700,
       profile: freight}
)";

// The scenario (and its network) written to a folder of its own, then loaded.
model::Scenario load(const std::string& scenario_text, const std::string& name,
                     const std::string& network_text = network) {
  const fs::path dir = fs::temp_directory_path() / ("reachplan-cost-" + name);
  fs::create_directories(dir);
  const fs::path file = dir / "cost.yaml";
  std::ofstream(dir / "net.yaml") << network_text;
  std::ofstream(file) << scenario_text;
  std::vector<io::Warning> warnings;
  return io::load_scenario(file.string(), warnings);
}

}  // namespace

TEST_CASE("a fastest trip reports its money on the profile's rates", "[analysis][cost]") {
  const auto s = load(scenario, "fast");
  analysis::ScenarioEngine engine(s);
  // Freight by time: the road, 120 min, 120 km x 0.5 = 60 yuan per tonne.
  const auto pq = engine.trip("freight-fast", "p", "q");
  CHECK(pq.minutes == Approx(120));
  CHECK(pq.yuan == Approx(60));
  CHECK(pq.modes == std::vector<std::string>{"road"});
  // A passenger by time: the train, 120 min, 5 + 240 x 0.4 = 101 yuan.
  const auto pr = engine.trip("passenger-fast", "p", "r");
  CHECK(pr.minutes == Approx(120));
  CHECK(pr.yuan == Approx(5 + 96));
  REQUIRE(pr.legs.size() >= 1);
  double legs = 0;
  for (const auto& l : pr.legs) legs += l.yuan;
  CHECK(legs == Approx(101));  // the boarding fare lands on the ride it starts
}

TEST_CASE("a value of time trades minutes against yuan", "[analysis][cost]") {
  const auto s = load(scenario, "vot");
  analysis::ScenarioEngine engine(s);
  // Freight at 3 yuan per tonne-hour (20 min per yuan): road p-q 120 + 60 x 20 = 1320; water
  // 600 + (150 x 0.05 + 2) x 20 = 790. The barge wins: 600 min, 9.5 yuan.
  const auto pq = engine.trip("freight", "p", "q");
  CHECK(pq.minutes == Approx(600));
  CHECK(pq.yuan == Approx(9.5));
  // p-r: road 180 + 90 x 20 = 1980; barge + handling + road 600 + 60 + 60 = 720 min and
  // 9.5 + 10 + 30 = 49.5 yuan, 720 + 990 = 1710. The barge and the road win.
  const auto pr = engine.trip("freight", "p", "r");
  CHECK(pr.minutes == Approx(720));
  CHECK(pr.yuan == Approx(49.5));
  CHECK(pr.modes == std::vector<std::string>{"water", "road"});
  // Matrices give the chosen trips' times, not the generalized weights.
  const auto m = engine.matrix("freight", {"p", "q", "r"}, {"p", "q", "r"});
  CHECK(m.minutes(0, 1) == Approx(600));
  CHECK(m.minutes(0, 2) == Approx(720));
  CHECK(m.minutes(1, 2) == Approx(60));
  // Passengers: at 20 yuan/h (3 min per yuan) rail 120 + 101 x 3 = 423 beats road 180 + 90 x 3 =
  // 450; at 5 yuan/h (12 min per yuan) road 180 + 1080 = 1260 beats rail 120 + 1212 = 1332.
  const auto business = engine.trip("business", "p", "r");
  CHECK(business.modes == std::vector<std::string>{"rail"});
  CHECK(business.yuan == Approx(101));
  const auto thrifty = engine.trip("thrifty", "p", "r");
  CHECK(thrifty.modes == std::vector<std::string>{"road"});
  CHECK(thrifty.minutes == Approx(180));
  CHECK(thrifty.yuan == Approx(90));
}

TEST_CASE("a profile's own transfer penalties replace the modes'", "[analysis][cost]") {
  const auto s = load(scenario, "profile-transfers");
  analysis::ScenarioEngine engine(s);
  // Handling ship -> truck takes 240 min instead of the mode's 60: p-r by barge and road is
  // 600 + 240 + 60 = 900 min, 49.5 yuan (generalized 900 + 990 = 1890, still under the road's
  // 1980); the way back (road -> water) keeps the mode's 60.
  const auto pr = engine.trip("freight-slow-handling", "p", "r");
  CHECK(pr.minutes == Approx(900));
  CHECK(pr.yuan == Approx(49.5));
  CHECK(engine.trip("freight-slow-handling", "r", "p").minutes == Approx(720));
  std::string typo = scenario;
  typo.replace(typo.find("{water: {road: 240}}"), 20, "{water: {raod: 240}}");
  CHECK_THROWS_WITH(load(typo, "transfer-typo"), Catch::Contains("unknown mode 'raod'"));
}

TEST_CASE("cost targets judge yuan in run and in the comparison evaluator alike",
          "[analysis][cost]") {
  const auto s = load(scenario, "targets");
  const auto r = analysis::run_scenario(s, 1);
  REQUIRE(r.targets.size() == 3);
  // Worst port: p at 49.5 yuan (q -> r by road: 30 yuan).
  CHECK(r.targets[0].pass);
  CHECK(r.targets[0].value == Approx(49.5));
  CHECK(r.targets[0].value_unit == "yuan");
  CHECK_FALSE(r.targets[1].pass);
  REQUIRE(r.targets[1].offenders.size() == 1);
  CHECK(r.targets[1].offenders[0].origin == "p");
  CHECK(r.targets[1].offenders[0].yuan == Approx(49.5));
  // The same generalized profile judged on time: p -> r takes 720 min, over 700.
  CHECK_FALSE(r.targets[2].pass);
  CHECK(r.targets[2].value == Approx(720));
  CHECK(r.targets[2].value_unit == "minutes");

  const auto mask = analysis::built_mask(s);
  const analysis::VariantEvaluator eval(s, {"freight", "all", {60}}, mask);
  const auto m = eval.measure({mask, {}});
  REQUIRE(m.targets.size() == 3);
  for (std::size_t t = 0; t < 3; ++t) {
    INFO(r.targets[t].target.id);
    CHECK(m.targets[t].pass == r.targets[t].pass);
    CHECK(m.targets[t].value == Approx(r.targets[t].value));
  }
  // Without the barge the road is all there is: p -> r 180 min and 90 yuan, so the 50-yuan
  // target fails and the time target passes.
  std::vector<bool> no_barge = mask;
  for (std::size_t l = 0; l < s.network.lines.size(); ++l)
    if (s.network.lines[l].id == "pq_water") no_barge[l] = false;
  const auto cut = eval.measure({no_barge, {}});
  CHECK_FALSE(cut.targets[0].pass);
  CHECK(cut.targets[0].value == Approx(90));
  CHECK(cut.targets[2].pass);
  CHECK(cut.targets[2].value == Approx(180));
  // The place matrix of a generalized profile holds times: p -> q by barge, 600 min.
  CHECK(m.seconds[0 * 3 + 1] == 600 * 60);
}

TEST_CASE("a generalized profile refuses a mode without a rate", "[analysis][cost]") {
  const auto s = load(scenario, "unpriced");
  analysis::ScenarioEngine engine(s);
  // Passengers have no fare on water: minutes cannot be weighed against an unknown price.
  try {
    (void)engine.trip("unpriced", "p", "q");
    FAIL("expected an error");
  } catch (const core::InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("mode 'water' has no fare_yuan_per_km"));
    CHECK_THAT(e.what(), Catch::Contains("unpriced"));
  }
  // A value of time so small that one arc's money outweighs the engine's range: an error, not
  // a silently clamped weight (60 yuan at 1e-6 yuan/h is 60 million hours).
  CHECK_THROWS_WITH(engine.trip("miser", "p", "q"), Catch::Contains("give a larger value of time"));
  // A time profile reports the unknown price as unknown, never as 0.
  const auto t = engine.trip("ferry-passenger", "p", "q");
  CHECK(t.minutes == Approx(600));
  CHECK(std::isnan(t.yuan));
}

TEST_CASE("a target takes max_minutes or max_yuan, not both", "[io][cost]") {
  std::string both = scenario;
  both.replace(both.find("max_yuan: 50,"), 13, "max_yuan: 50, max_minutes: 60,");
  CHECK_THROWS_WITH(load(both, "both"), Catch::Contains("not both"));
  std::string neither = scenario;
  neither.replace(neither.find("max_yuan: 50,"), 13, "");
  CHECK_THROWS_WITH(load(neither, "neither"), Catch::Contains("'max_yuan' for a cost limit"));
  std::string bad = network;
  bad.replace(bad.find("freight_yuan_per_tkm: 0.05"), 26, "freight_yuan_per_tkm: -1");
  CHECK_THROWS_WITH(load(scenario, "bad", bad), Catch::Contains("freight_yuan_per_tkm"));
  std::string handling = network;
  handling.replace(handling.find("handling_yuan_per_t: {water: 10}"), 32,
                   "handling_yuan_per_t: {watr: 10}");
  CHECK_THROWS_WITH(load(scenario, "handling", handling), Catch::Contains("unknown mode 'watr'"));
  std::string typo = scenario;
  typo.replace(typo.find("cost: freight}"), 14, "cost: frieght}");
  CHECK_THROWS_WITH(load(typo, "typo"), Catch::Contains("frieght"));
}

TEST_CASE("freight is loaded once per mode, passengers pay every boarding", "[analysis][cost]") {
  // Two barge links in a row (p-q 150 km, q-r 100 km) and two train links (p-q, q-r).
  const char* chain = R"(
nodes:
  - {id: p, lon: 0.0, lat: 0.0}
  - {id: q, lon: 1.0, lat: 0.0}
  - {id: r, lon: 2.0, lat: 0.0}
modes:
  - {id: road, speed_kmh: 60}
  - {id: water, speed_kmh: 15, freight_yuan_per_tkm: 0.05, freight_yuan_per_t: 2}
  - {id: rail, speed_kmh: 120, fare_yuan_per_km: 0.4, fare_yuan_per_boarding: 5}
links:
  - {id: pq_water, mode: water, from: p, to: q, length_km: 150}
  - {id: qr_water, mode: water, from: q, to: r, length_km: 100}
  - {id: pq_rail, mode: rail, from: p, to: q, length_km: 120}
  - {id: qr_rail, mode: rail, from: q, to: r, length_km: 120}
)";
  const auto s = load(scenario, "chain", chain);
  analysis::ScenarioEngine engine(s);
  // The tonne sails on at q: 2 yuan loading once + 250 km x 0.05 = 14.5 (not 16.5).
  const auto water = engine.trip("ferry", "p", "r");
  CHECK(water.yuan == Approx(2 + 12.5));
  // The traveller buys two tickets: 2 x 5 + 240 km x 0.4 = 106.
  const auto rail = engine.trip("passenger-fast", "p", "r");
  CHECK(rail.yuan == Approx(2 * 5 + 96));
}
