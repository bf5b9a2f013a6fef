// No absurd edges of the bundled map: every trip from a capital to a city, door to door, goes by
// the modes a traveller would take, and is not much slower than driving the straight line at
// expressway speed would be. Before the neighbours had rail and expressways, Shanghai was
// reached only by barge (23 h from Nanjing), and means over the region carried that trip.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/io/load.hpp"

using namespace reachplan;

namespace {

model::Scenario load(const std::string& name) {
  std::vector<io::Warning> warnings;
  return io::load_scenario(std::string(REACHPLAN_SOURCE_DIR) + "/scenarios/middle-yangtze/" + name,
                           warnings);
}

// The yardstick: the straight line x 1.3 (a road's usual detour) at 80 km/h, plus 20 minutes to
// leave and enter the cities. A door-to-door trip may take up to `factor` times that.
constexpr double detour = 1.3, yardstick_kmh = 80, yardstick_fixed_min = 20, factor = 2.0;

// Trips allowed past the factor, each with its reason (none today; a new one must say why).
const std::map<std::string, std::string> excused = {};

}  // namespace

TEST_CASE("no capital-to-city trip goes by barge or far slower than the road yardstick",
          "[region]") {
  const auto s = load("baseline-2024.yaml");
  analysis::ScenarioEngine engine(s);
  int trips = 0;
  for (const auto& capital : s.group_members("capitals")) {
    const model::Node* from = s.network.find_node(capital);
    for (const auto& node : s.network.nodes) {
      if (node.kind != "city" || node.id == capital) continue;
      const auto trip = engine.trip("door-to-door", capital, node.id);
      const double km = core::great_circle_km(from->lon, from->lat, node.lon, node.lat);
      const double yardstick = km * detour / yardstick_kmh * 60 + yardstick_fixed_min;
      const std::string pair = capital + "->" + node.id;
      INFO(pair << ": " << trip.describe() << " (yardstick " << yardstick << " min)");
      ++trips;
      REQUIRE(trip.reachable());
      // Cargo vessels carry no passengers.
      for (const auto& mode : trip.modes) CHECK(mode != "waterway");
      if (excused.count(pair)) continue;
      CHECK(trip.minutes <= factor * yardstick);
    }
  }
  CHECK(trips > 4 * 50);  // every capital to every other city of the region and its neighbours
}

TEST_CASE("flying beats rail door to door only where the train takes long", "[region]") {
  const auto s = load("baseline-2024.yaml");
  analysis::ScenarioEngine engine(s);
  // Wuhan-Changsha (about 300 km of HSR): no scheduled flight; rail wins.
  const auto short_trip = engine.trip("door-to-door", "wuhan", "changsha");
  CHECK(short_trip.modes == std::vector<std::string>{"hsr"});
  // Capitals to Guangzhou or Shanghai: each is reached, by air or by rail, within 7 hours.
  for (const char* capital : {"wuhan", "changsha", "hefei", "nanchang"})
    for (const char* far : {"guangzhou", "shanghai"}) {
      const auto t = engine.trip("door-to-door", capital, far);
      INFO(capital << "->" << far << ": " << t.describe());
      CHECK(t.minutes <= 7 * 60);
    }
}
