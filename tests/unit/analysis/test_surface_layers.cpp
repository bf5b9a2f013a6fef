// The GIS layers' contents (nodes, links, od, OMX tables) against the matrix and trips they
// come from, on a drawn network whose minutes are worked out by hand:
//   rail, access/egress 5 min, no waits: a -20- b -25- c (r1, both ways), c -15- d -40- e (r2,
//   one way). a->c = 5 + 20 + 25 + 5 = 55; a->d = 5 + 45 + 15 + 5 = 70; a->e = 110.
#include <catch2/catch.hpp>
#include <cmath>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/core/error.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/rail_line_places.hpp"

using namespace reachplan;

namespace {

model::Scenario scenario() {
  auto s = test::drawn_scenario(test::rail_line_places +
                                "line r3 rail a z segment_min=10 status=planned\n");
  s.network.nodes[0].attributes["name_zh"] = "甲";
  s.network.nodes[0].attributes["id"] = "clash";  // collides with the id field
  s.groups["hubs"] = {"a", "c", "e"};
  s.key_group = "hubs";
  model::Target circle;
  circle.id = "circle";
  circle.kind = model::Target::Kind::max_pair_time;
  circle.group = "hubs";
  circle.max_minutes = 60;
  model::Target reach;
  reach.id = "reach";
  reach.kind = model::Target::Kind::reach_share;
  reach.from = "a";
  reach.group = "hubs";
  reach.max_minutes = 100;
  reach.min_share = 0.5;
  s.targets = {circle, reach};
  s.gis.layers = {"nodes", "links", "od"};
  s.gis.omx = true;
  return s;
}

const analysis::NodeRow& row_of(const analysis::NodeLayer& l, const std::string& id) {
  for (const auto& r : l.rows)
    if (r.node->id == id) return r;
  throw std::runtime_error("no node " + id);
}

}  // namespace

TEST_CASE("nodes layer: times to the key group, population within, target verdicts",
          "[surface][gis]") {
  const auto s = scenario();
  const auto result = analysis::run_scenario(s, 2);
  const auto gis = analysis::compute_gis(s, result, nullptr, 2);
  REQUIRE(gis.nodes);
  const auto& nodes = *gis.nodes;
  CHECK(nodes.rows.size() == 6);
  CHECK(nodes.key_members == std::vector<std::string>{"a", "c", "e"});
  CHECK(nodes.reach_minutes == std::vector<double>{60, 90, 120});
  CHECK(nodes.targets == std::vector<std::string>{"circle", "reach"});
  CHECK(nodes.attribute_keys == std::vector<std::string>{"id", "name_zh"});

  analysis::ScenarioEngine engine(s, 1);
  const auto ids = s.network.node_ids();
  const auto m = engine.matrix("", ids, {"a", "c", "e"}).minutes;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& row = row_of(nodes, ids[i]);
    for (std::size_t k = 0; k < 3; ++k) {
      const double want = m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k));
      if (std::isnan(want))
        CHECK(std::isnan(row.minutes_to[k]));
      else
        CHECK(row.minutes_to[k] == Approx(want));
    }
  }
  const auto& a = row_of(nodes, "a");
  CHECK(a.minutes_to == std::vector<double>{0, 55, 110});
  // Within 60: a, b (30), c (55); d has no population; e (110) only within 120.
  CHECK(a.population_within == std::vector<double>{3500, 3500, 4300});
  const auto& z = row_of(nodes, "z");
  CHECK(z.population_within == std::vector<double>{50, 50, 50});  // its own people only
  CHECK(std::isnan(z.minutes_to[0]));
  // circle: a<->c is 55 (within 60), anything with e misses (e cannot ride back).
  CHECK(a.meets[0] == std::optional<bool>(false));
  CHECK(row_of(nodes, "e").meets[0] == std::optional<bool>(false));
  CHECK(row_of(nodes, "b").meets[0] == std::nullopt);  // not in the group
  // reach from a within 100: c yes, e no; the hub carries the target's verdict (1 of 2 = 50%).
  CHECK(a.meets[1] == std::optional<bool>(true));
  CHECK(row_of(nodes, "c").meets[1] == std::optional<bool>(true));
  CHECK(row_of(nodes, "e").meets[1] == std::optional<bool>(false));
  CHECK(row_of(nodes, "d").meets[1] == std::nullopt);
}

TEST_CASE("links layer: every built segment with the key-group pairs riding it", "[surface][gis]") {
  const auto s = scenario();
  const auto result = analysis::run_scenario(s, 1);
  const auto gis = analysis::compute_gis(s, result, nullptr, 1);
  REQUIRE(gis.links);
  const auto& rows = gis.links->rows;
  REQUIRE(rows.size() == 4);  // r1 x2, r2 x2; planned r3 is not built
  const auto find = [&](const std::string& line, int seg) -> const analysis::LinkRow& {
    for (const auto& r : rows)
      if (r.line->id == line && r.segment == seg) return r;
    throw std::runtime_error("no segment");
  };
  // Pairs: a->c, c->a ride a-b and b-c; a->e and c->e ride c-d and d-e; e->a, e->c: none.
  CHECK(find("r1", 1).od_pairs == 3);  // a->c, c->a, a->e
  CHECK(find("r1", 2).od_pairs == 3);
  CHECK(find("r2", 1).od_pairs == 2);  // a->e, c->e
  CHECK(find("r2", 2).od_pairs == 2);
  CHECK(find("r1", 2).minutes == Approx(25));
  CHECK(find("r1", 2).from == "b");
  CHECK(find("r1", 2).geometry.size() == 2);
  CHECK(find("r1", 2).geometry[1].lon == Approx(2));
}

TEST_CASE("od layer: a line per key-group pair with minutes, lines and verdicts",
          "[surface][gis]") {
  auto s = scenario();
  const auto result = analysis::run_scenario(s, 1);
  const auto gis = analysis::compute_gis(s, result, nullptr, 1);
  REQUIRE(gis.od);
  const auto rows = gis.od->rows();
  REQUIRE(gis.od->size == 6);
  REQUIRE(rows.size() == 6);
  const auto pair = [&](const std::string& o, const std::string& d) -> const analysis::OdRow& {
    for (const auto& r : rows)
      if (r.trip.origin == o && r.trip.destination == d) return r;
    throw std::runtime_error("no pair");
  };
  const auto& ae = pair("a", "e");
  CHECK(ae.trip.minutes == Approx(110));
  CHECK(ae.trip.lines == std::vector<std::string>{"r1", "r2"});
  CHECK(ae.meets == std::vector<std::optional<bool>>{false, false});
  CHECK(ae.verdict == "FAIL");
  // Along the path: a, b, c, d, e.
  REQUIRE(ae.geometry.size() == 5);
  CHECK(ae.geometry[3].lon == Approx(3));
  const auto& ac = pair("a", "c");
  CHECK(ac.verdict == "PASS");
  const auto& ca = pair("c", "a");
  CHECK(ca.meets[1] == std::nullopt);  // reach_share only checks trips from a
  CHECK(ca.geometry.size() == 3);
  const auto& ea = pair("e", "a");
  CHECK_FALSE(ea.trip.reachable());
  CHECK(ea.geometry.size() == 2);  // unreachable: straight

  s.gis.od_path_geometry = false;
  const auto straight = analysis::compute_gis(s, result, nullptr, 1);
  for (const auto& r : straight.od->rows()) CHECK(r.geometry.size() == 2);
}

TEST_CASE("OMX tables: time equals the key matrix, and transfers and km from the trips",
          "[surface][gis]") {
  const auto s = scenario();
  const auto result = analysis::run_scenario(s, 1);
  const auto gis = analysis::compute_gis(s, result, nullptr, 1);
  REQUIRE(gis.omx.size() == 1);
  const auto& set = gis.omx[0];
  CHECK(set.file_stem == "matrices");
  CHECK(set.row_ids == std::vector<std::string>{"a", "c", "e"});
  REQUIRE(set.tables.size() == 3);
  CHECK(set.tables[0].first == "time_min");
  const auto& time = set.tables[0].second;
  CHECK(time(0, 1) == Approx(55));
  CHECK(time(0, 2) == Approx(110));
  CHECK(std::isnan(time(2, 0)));
  const auto& transfers = set.tables[1].second;
  CHECK(transfers(0, 2) == 1);
  CHECK(transfers(0, 0) == 0);
  CHECK(std::isnan(transfers(2, 1)));
  const auto& km = set.tables[2].second;
  CHECK(km(1, 1) == 0);
}

TEST_CASE("surfaces and isochrones need a grid", "[surface][gis]") {
  auto s = scenario();
  s.gis.layers = {"isochrones"};
  const auto result = analysis::run_scenario(s, 1);
  CHECK(analysis::needs_grid(s.gis));
  CHECK_THROWS_AS(analysis::compute_gis(s, result, nullptr, 1), std::invalid_argument);
}
