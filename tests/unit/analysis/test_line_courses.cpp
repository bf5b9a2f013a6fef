// Links and od lines drawn along the lines' courses: a track's geometry with its intermediate
// vertices, a through service along the track it runs over, straight where there is none.
#include <catch2/catch.hpp>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/run.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;

namespace {

// Track t winds through a, b, c; service s runs a-c over it (faster than t, so a<->c rides
// s); u runs c-a (against t's stop order) over t, and c-d where t does not go.
model::Scenario courses_scenario() {
  auto s = test::drawn_scenario(R"(
mode rail access_min=5
node a 0 0
node b 1 0
node c 2 0
node d 3 0
line t rail a b c segment_min=20,20
line s rail a c segment_min=30
line u rail c a d segment_min=50,50 oneway=true
)");
  s.network.find_line("t")->geometry = {{0, 0}, {0.5, 0.03}, {1, 0}, {1.5, -0.03}, {2, 0}};
  s.network.find_line("s")->runs_over = {"t"};
  s.network.find_line("u")->runs_over = {"t"};
  s.groups["ends"] = {"a", "c"};
  s.key_group = "ends";
  s.gis.layers = {"links", "od"};
  return s;
}

std::vector<std::pair<double, double>> points(const std::vector<analysis::LonLat>& g) {
  std::vector<std::pair<double, double>> out;
  for (const auto& p : g) out.emplace_back(p.lon, p.lat);
  return out;
}

using Points = std::vector<std::pair<double, double>>;
const Points along_t = {{0, 0}, {0.5, 0.03}, {1, 0}, {1.5, -0.03}, {2, 0}};

}  // namespace

TEST_CASE("link rows follow the geometry and tell services from tracks", "[gis]") {
  const auto s = courses_scenario();
  const auto result = analysis::run_scenario(s, 1);
  const auto gis = analysis::compute_gis(s, result, nullptr, 1);
  REQUIRE(gis.links);
  const auto find = [&](const std::string& line, int seg) -> const analysis::LinkRow& {
    for (const auto& r : gis.links->rows)
      if (r.line->id == line && r.segment == seg) return r;
    throw std::runtime_error("no segment");
  };
  REQUIRE(gis.links->rows.size() == 5);
  const auto& t1 = find("t", 1);
  CHECK(points(t1.geometry) == Points{{0, 0}, {0.5, 0.03}, {1, 0}});
  CHECK(points(find("t", 2).geometry) == Points{{1, 0}, {1.5, -0.03}, {2, 0}});
  CHECK_FALSE(t1.service);
  CHECK(t1.tracks.empty());

  const auto& s1 = find("s", 1);
  CHECK(s1.service);
  CHECK(s1.tracks == std::vector<std::string>{"t"});
  CHECK(points(s1.geometry) == along_t);
  CHECK(s1.od_pairs == 2);  // a->c and c->a ride the service
  CHECK(t1.od_pairs == 0);

  // u: c-a against t's order, reversed; a-d on no track of its, straight.
  const auto& u1 = find("u", 1);
  CHECK(points(u1.geometry) == Points(along_t.rbegin(), along_t.rend()));
  const auto& u2 = find("u", 2);
  CHECK(u2.service);
  CHECK(u2.tracks.empty());
  CHECK(points(u2.geometry) == Points{{0, 0}, {3, 0}});
}

TEST_CASE("od paths follow the courses of the segments ridden", "[gis]") {
  const auto s = courses_scenario();
  const auto result = analysis::run_scenario(s, 1);
  const auto gis = analysis::compute_gis(s, result, nullptr, 1);
  REQUIRE(gis.od);
  int seen = 0;
  for (const auto& row : gis.od->rows()) {
    if (row.trip.origin == row.trip.destination) continue;
    ++seen;
    CHECK(row.trip.minutes == Approx(40));  // 5 + 30 + 5 on s
    if (row.trip.origin == "a") {
      CHECK(points(row.geometry) == along_t);
    } else {
      CHECK(points(row.geometry) == Points(along_t.rbegin(), along_t.rend()));
    }
  }
  CHECK(seen == 2);
}
