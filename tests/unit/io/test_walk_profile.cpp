// The walk profile on tests/data/osm/walk.osm (hand-drawn; the drawing is in the file): which
// ways a pedestrian may use, in which direction, at what time; choosing a profile by name, by
// YAML and by walk speed; and cache entries that keep car and walk apart.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "io_test_support.hpp"
#include "reachplan/io/road_import.hpp"

namespace {

namespace fs = std::filesystem;
using reachplan::core::InputError;
using reachplan::model::RoadNetwork;
namespace io = reachplan::io;
using Catch::Matchers::Contains;
using Arc = std::pair<std::int64_t, std::int64_t>;  // OSM node ids, from -> to

std::string walk_osm() {
  return std::string(REACHPLAN_TEST_DATA) + "/osm/walk.osm";
}

// The nodes of walk.osm: id -> (lon, lat).
const std::map<std::int64_t, std::pair<double, double>> node_at = {{1, {0, 0}},
                                                                   {2, {0.001, 0}},
                                                                   {3, {0.002, 0}},
                                                                   {4, {0.003, 0}},
                                                                   {5, {0.004, 0}},
                                                                   {6, {0.005, 0}},
                                                                   {10, {0.001, 0.001}},
                                                                   {11, {0.001, 0.002}},
                                                                   {12, {0.002, 0.001}},
                                                                   {13, {0.003, 0.001}},
                                                                   {14, {0.003, 0.002}},
                                                                   {31, {0, -0.001}},
                                                                   {32, {-0.001, -0.001}},
                                                                   {33, {-0.001, 0}}};

// Haversine on the IUGG mean radius, written out here so that the expected lengths do not come
// from the code under test.
double metres(std::int64_t a, std::int64_t b) {
  constexpr double r = 6371008.8, rad = 3.14159265358979323846 / 180;
  const auto [lon1, lat1] = node_at.at(a);
  const auto [lon2, lat2] = node_at.at(b);
  const double h =
      std::pow(std::sin((lat2 - lat1) * rad / 2), 2) +
      std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin((lon2 - lon1) * rad / 2), 2);
  return 2 * r * std::asin(std::sqrt(h));
}

// The highway class of the way between two nodes, either way round.
std::string class_between(std::int64_t a, std::int64_t b) {
  static const std::map<Arc, std::string> by_way = {
      {{1, 2}, "residential"},  {{2, 3}, "footway"},      {{3, 4}, "steps"},
      {{2, 10}, "service"},     {{3, 12}, "footway"},     {{12, 13}, "tertiary"},
      {{13, 14}, "tertiary"},   {{12, 14}, "tertiary"},   {{1, 31}, "pedestrian"},
      {{31, 32}, "pedestrian"}, {{32, 33}, "pedestrian"}, {{1, 33}, "pedestrian"}};
  return by_way.at({std::min(a, b), std::max(a, b)});
}

std::multiset<Arc> arcs(const RoadNetwork& n) {
  std::multiset<Arc> out;
  for (std::size_t e = 0; e < n.edge_count(); ++e)
    out.insert({n.vertex_osm_id[n.from[e]], n.vertex_osm_id[n.to[e]]});
  return out;
}

std::multiset<Arc> both_ways(std::initializer_list<Arc> list) {
  std::multiset<Arc> out;
  for (const auto& [a, b] : list) out.insert({a, b}), out.insert({b, a});
  return out;
}

io::OsmImportOptions with(const io::RoadProfile& p) {
  io::OsmImportOptions o;
  o.profile = p;
  return o;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("walk profile: footways, steps and streets both ways, never a motorway",
          "[io][osm][walk]") {
  io::RoadImportReport report;
  const RoadNetwork raw = io::read_osm(walk_osm(), with(io::walk_profile()), &report);
  CHECK(report.ways_read == 11);
  CHECK(report.ways_used == 7);    // 201 202 203 205 207 208 210
  CHECK(report.ways_closed == 2);  // 206 foot=no, 209 motorroad=yes
  // Two ways each: the oneway street 201, the footway, the steps, 205 (access=no foot=yes), the
  // roundabout 208 and the square's outline 210. 3 -> 12 only (oneway:foot=yes). Not there: the
  // motorway with foot=yes (204), foot=no (206), the motor road (209), the service area (211).
  std::multiset<Arc> expected = both_ways({{1, 2},
                                           {2, 3},
                                           {3, 4},
                                           {2, 10},
                                           {12, 13},
                                           {13, 14},
                                           {14, 12},
                                           {1, 31},
                                           {31, 32},
                                           {32, 33},
                                           {33, 1}});
  expected.insert({3, 12});
  CHECK(arcs(raw) == expected);
  const std::vector<std::int64_t> ids = raw.vertex_osm_id;
  CHECK(ids == std::vector<std::int64_t>{1, 2, 3, 4, 10, 12, 13, 14, 31, 32, 33});
}

TEST_CASE("walk profile: every edge at the walk speed, steps at half of it", "[io][osm][walk]") {
  for (const double kmh : {5.0, 4.0}) {
    const RoadNetwork raw = io::read_osm(walk_osm(), with(io::walk_profile(kmh)));
    REQUIRE(raw.edge_count() == 23);
    for (std::size_t e = 0; e < raw.edge_count(); ++e) {
      const std::int64_t a = raw.vertex_osm_id[raw.from[e]], b = raw.vertex_osm_id[raw.to[e]];
      INFO(a << " -> " << b << " at " << kmh << " km/h");
      const bool steps = class_between(a, b) == "steps";
      CHECK(raw.class_names[raw.edge_class[e]] == class_between(a, b));
      CHECK(raw.length_m[e] == Approx(metres(a, b)).epsilon(1e-9));
      CHECK(raw.seconds[e] == Approx(metres(a, b) / (kmh / 3.6) * (steps ? 2 : 1)).epsilon(1e-9));
    }
  }
  // By hand: 0.001 degree on the equator is 111.19508 m; at 5 km/h (1.3889 m/s) 80.06 s, and the
  // steps' 111.19508 m at 2.5 km/h 160.12 s.
  const RoadNetwork raw = io::read_osm(walk_osm(), with(io::walk_profile()));
  for (std::size_t e = 0; e < raw.edge_count(); ++e) {
    const Arc arc{raw.vertex_osm_id[raw.from[e]], raw.vertex_osm_id[raw.to[e]]};
    if (arc == Arc{1, 2}) CHECK(raw.seconds[e] == Approx(80.0605).epsilon(1e-5));
    if (arc == Arc{4, 3}) CHECK(raw.seconds[e] == Approx(160.1209).epsilon(1e-5));
  }
}

TEST_CASE("the car profile on the walk drawing: oneways, no footways, access=no closed",
          "[io][osm][walk]") {
  io::RoadImportReport report;
  const RoadNetwork raw = io::read_osm(walk_osm(), with(io::car_profile()), &report);
  CHECK(report.ways_used == 4);    // 201 204 208 209
  CHECK(report.ways_closed == 1);  // 205 access=no
  const std::multiset<Arc> expected = {{1, 2},   {4, 5},   {5, 6},  {6, 5},
                                       {12, 13}, {13, 14}, {14, 12}};
  CHECK(arcs(raw) == expected);
}

TEST_CASE("choosing a road profile: built-in names, walk speed, fingerprints", "[io][osm][walk]") {
  std::vector<io::Warning> w;
  const std::string car = io::car_profile().fingerprint();
  const std::string walk = io::walk_profile().fingerprint();
  CHECK(io::resolve_road_profile("", 0, w).fingerprint() == car);
  CHECK(io::resolve_road_profile("car", 0, w).fingerprint() == car);
  CHECK(io::resolve_road_profile("walk", 0, w).fingerprint() == walk);
  CHECK(io::resolve_road_profile("walk", 4, w).fingerprint() == io::walk_profile(4).fingerprint());
  CHECK(io::resolve_road_profile("walk", 4, w).walk_speed_kmh == 4);
  CHECK(io::resolve_road_profile("walk", 4, w).speed_kmh.at("steps") == 2);
  CHECK(car != walk);
  CHECK(walk != io::walk_profile(4).fingerprint());
  CHECK(walk != io::walk_profile(5.5).fingerprint());
  // Every setting is in the fingerprint: a walk network is never a car cache entry.
  io::RoadProfile p = io::walk_profile();
  p.oneway_tags = {"oneway"};
  CHECK(p.fingerprint() != walk);
  p = io::walk_profile();
  p.implied_oneway = true;
  CHECK(p.fingerprint() != walk);
  p = io::walk_profile();
  p.area_classes.clear();
  CHECK(p.fingerprint() != walk);
  p = io::walk_profile();
  p.implied_closed_tags.clear();
  CHECK(p.fingerprint() != walk);
  CHECK(w.empty());

  CHECK(io::is_builtin_profile_name("walk"));
  CHECK_FALSE(io::is_builtin_profile_name("walk.yaml"));
  CHECK_FALSE(io::is_builtin_profile_name("./walk"));
  CHECK_FALSE(io::is_builtin_profile_name(""));
  CHECK_THAT(error_of([&] { io::resolve_road_profile("wlak", 0, w); }),
             Contains("unknown road profile 'wlak' (did you mean 'walk'?): the built-in ones are "
                      "car and walk"));
  CHECK_THAT(error_of([&] { io::resolve_road_profile("bicycle", 0, w); }),
             Contains("unknown road profile 'bicycle'") && Contains("(car.yaml) or a path"));
  CHECK_THAT(error_of([&] { io::resolve_road_profile("car", 4, w); }),
             Contains("a walk speed applies to a walk profile") && Contains("profile 'car'"));
  for (const double kmh : {0.5, 10.5, -5.0, std::nan("")})
    CHECK_THAT(error_of([&] { io::walk_profile(kmh); }),
               Contains("out of range") && Contains("[1, 10] km/h"));
  CHECK_THAT(error_of([&] { io::resolve_road_profile("walk", 12, w); }), Contains("[1, 10] km/h"));
  CHECK(io::walk_profile(1).speed_kmh.at("footway") == 1);
  CHECK(io::walk_profile(10).speed_kmh.at("footway") == 10);
}

TEST_CASE("YAML profiles: base walk, walk_speed_kmh and the oneway and area keys",
          "[io][osm][walk]") {
  io_test::TempDir dir;
  std::vector<io::Warning> w;
  const io::RoadProfile stroll = io::load_road_profile(
      dir.write("stroll.yaml", "name: stroll\nbase: walk\nwalk_speed_kmh: 4\n"), w);
  CHECK(w.empty());
  CHECK(stroll.name == "stroll");
  CHECK(stroll.speed_kmh == io::walk_profile(4).speed_kmh);
  CHECK(stroll.access_tags == std::vector<std::string>{"foot", "access"});
  CHECK(stroll.oneway_tags == std::vector<std::string>{"oneway:foot"});
  CHECK_FALSE(stroll.implied_oneway);
  // A walk speed given to load_road_network replaces the file's.
  CHECK(io::resolve_road_profile(dir.path("stroll.yaml"), 3, w).speed_kmh ==
        io::walk_profile(3).speed_kmh);

  // The walk table with the car's oneway rules and without squares or motor roads closed.
  const std::string strict = dir.write("strict.yaml",
                                       "base: walk\noneway_tags: [oneway]\nimplied_oneway: true\n"
                                       "area_classes: []\nimplied_closed_tags: []\n");
  const RoadNetwork raw = io::read_osm(walk_osm(), with(io::load_road_profile(strict, w)));
  // oneway=yes holds (1 -> 2, the roundabout), oneway:foot no longer does (3 - 12 both ways);
  // the motor road 209 is open and the square gone.
  std::multiset<Arc> expected = both_ways({{2, 3}, {3, 4}, {2, 10}, {3, 12}, {5, 6}});
  for (const Arc& a : {Arc{1, 2}, Arc{12, 13}, Arc{13, 14}, Arc{14, 12}}) expected.insert(a);
  CHECK(arcs(raw) == expected);
  // Without base, a profile starts from the car table (no footway).
  CHECK(io::load_road_profile(dir.write("car.yaml", "name: mine\n"), w).fingerprint() == [] {
    io::RoadProfile p = io::car_profile();
    p.name = "mine";
    return p.fingerprint();
  }());
  CHECK(w.empty());
  // With its own speeds_kmh a walk-based profile has no walk speed to set.
  const std::string own = dir.write("own.yaml", "base: walk\nspeeds_kmh: {footway: 4}\n");
  CHECK(io::load_road_profile(own, w).walk_speed_kmh == 0);
  CHECK_THAT(error_of([&] { io::resolve_road_profile(own, 3, w); }),
             Contains("a walk speed applies to a walk profile"));

  const auto bad = [&](const std::string& text, const std::string& at, const std::string& what) {
    const std::string path = dir.write("bad.yaml", text);
    const std::string e = error_of([&] { io::load_road_profile(path, w); });
    INFO(text);
    CHECK_THAT(e, Contains("bad.yaml:" + at) && Contains(what));
  };
  bad("base: bike\n", "1:7", "unknown base profile 'bike'");
  bad("base: wallk\n", "1:7", "(did you mean 'walk'?)");
  bad("base: walk\nwalk_speed_kmh: 12\n", "2:17", "must be in [1, 10] km/h");
  bad("walk_speed_kmh: 4\n", "1:17", "needs base: walk");
  bad("base: walk\nspeeds_kmh: {footway: 4}\nwalk_speed_kmh: 4\n", "3:17", "give one of the two");
  bad("base: walk\nimplied_oneway: maybe\n", "2:17", "");
  bad("base: walk\noneway_tag: [oneway]\n", "2:1", "did you mean 'oneway_tags'");
}

TEST_CASE("load_road_network: --profile walk by name, cached apart from car", "[io][osm][walk]") {
  io_test::TempDir dir;
  io::RoadLoadOptions options;
  options.cache_dir = (fs::path(dir.write("x", "")).parent_path() / "cache").string();
  const auto car = io::load_road_network(walk_osm(), options);
  options.profile_path = "walk";
  const auto walk = io::load_road_network(walk_osm(), options);
  CHECK_FALSE(walk.from_cache);
  CHECK(walk.key != car.key);
  CHECK(walk.network->vertex_count() != car.network->vertex_count());
  CHECK(io::load_road_network(walk_osm(), options).from_cache);
  // The largest strongly connected part: the streets and the square, not the roundabout that
  // 3 -> 12 reaches oneway.
  const std::set<std::int64_t> ids(walk.network->vertex_osm_id.begin(),
                                   walk.network->vertex_osm_id.end());
  CHECK(ids.count(1));
  CHECK(ids.count(4));
  CHECK_FALSE(ids.count(12));
  CHECK_FALSE(ids.count(13));

  options.walk_speed_kmh = 4;
  const auto slower = io::load_road_network(walk_osm(), options);
  CHECK_FALSE(slower.from_cache);
  CHECK(slower.key != walk.key);
  double at5 = 0, at4 = 0;
  for (double s : walk.network->seconds) at5 += s;
  for (double s : slower.network->seconds) at4 += s;
  CHECK(at4 == Approx(at5 * 5 / 4));

  options.profile_path = "car";
  CHECK_THAT(error_of([&] { io::load_road_network(walk_osm(), options); }),
             Contains("a walk speed applies to a walk profile"));
  options.walk_speed_kmh = 0;
  CHECK(io::load_road_network(walk_osm(), options).key == car.key);
  options.profile_path = "wlak";
  CHECK_THAT(error_of([&] { io::load_road_network(walk_osm(), options); }),
             Contains("did you mean 'walk'?"));
}
