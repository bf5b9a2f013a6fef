// Every cell an origin over a scenario's routing graph (`surface --origins-per-cell`), against an
// independent model: the nearest site (place or road vertex) by brute force, Dijkstra on the
// routing graph from the site's origin vertex (no hierarchy), and the documented sum: node
// populations at their sites, or a raster's cells through their own sites, a cell's own
// opportunities at 0 minutes.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/grid_frame.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/rail_line_places.hpp"

using namespace reachplan;
using core::Index;
using K = analysis::DecayFunction::Kind;

namespace {

model::Scenario drawn() {
  auto s = test::drawn_scenario(test::rail_line_places);
  s.groups["west"] = {"a", "b"};
  return s;
}

analysis::Grid drawn_grid() {
  return test::rail_line_grid();
}

struct Site {
  double x, y;
  Index origin, destination;
  double amount;
};

// The sites as documented: every place (its origin and destination centroids), then every road
// vertex of the graph (the graph's last vertices, in the road network's order).
std::vector<Site> model_sites(const model::Scenario& s, const graph::RoutingGraph& g,
                              const analysis::Grid& grid, const std::string& group) {
  std::vector<Site> sites;
  const auto members = s.group_members(group);
  for (std::size_t n = 0; n < s.network.nodes.size(); ++n) {
    const auto& node = s.network.nodes[n];
    const bool counted = std::find(members.begin(), members.end(), node.id) != members.end();
    sites.push_back({grid.node_x[n], grid.node_y[n], g.origin_of_node[n], g.destination_of_node[n],
                     grid.population.empty() && counted ? node.population.value_or(0) : 0.0});
  }
  if (s.road_network) {
    std::vector<double> x = s.road_network->network->lon, y = s.road_network->network->lat;
    io::project_lonlat(x, y, grid.crs_wkt, "roads");
    const Index first = g.vertex_count() - static_cast<Index>(x.size());
    for (std::size_t v = 0; v < x.size(); ++v) {
      REQUIRE(g.vertex_kind[first + v] == graph::VertexKind::road);
      sites.push_back(
          {x[v], y[v], first + static_cast<Index>(v), first + static_cast<Index>(v), 0.0});
    }
  }
  return sites;
}

std::vector<double> model_values(const model::Scenario& s, const graph::RoutingGraph& g,
                                 const analysis::Grid& grid, const model::OffNetworkSpec& off,
                                 const analysis::DecayFunction& f, const std::string& group) {
  const std::vector<Site> sites = model_sites(s, g, grid, group);
  const double min_per_m = off.detour_factor * 60.0 / (off.speed_kmh * 1000.0);
  const double max_m = off.max_km ? *off.max_km * 1000 : 1e300;
  std::vector<std::size_t> at(grid.cell_count(), sites.size());
  std::vector<double> access(grid.cell_count(), 0);
  for (int r = 0; r < grid.height; ++r)
    for (int c = 0; c < grid.width; ++c) {
      const std::size_t k = static_cast<std::size_t>(r) * grid.width + c;
      double best = 1e300;
      for (std::size_t i = 0; i < sites.size(); ++i) {
        const double d = std::hypot(sites[i].x - grid.cell_x(c), sites[i].y - grid.cell_y(r));
        if (d <= max_m && d < best) {
          best = d;
          at[k] = i;
        }
      }
      access[k] = best * min_per_m;
    }
  std::vector<double> values(grid.cell_count(), std::nan(""));
  routing::Dijkstra search(g);
  std::vector<double> network(sites.size());
  std::size_t searched = sites.size();
  for (std::size_t o = 0; o < grid.cell_count(); ++o) {
    if (at[o] == sites.size()) continue;
    if (searched != at[o]) {
      search.run(sites[at[o]].origin);
      for (std::size_t i = 0; i < sites.size(); ++i) {
        const auto sec = search.distance(sites[i].destination);
        network[i] = i == at[o] ? 0.0 : sec == core::unreachable ? 1e300 : sec / 60.0;
      }
      searched = at[o];
    }
    double sum = 0;
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const double t = access[o] + network[i];
      if (sites[i].amount > 0 && t < 1e299) sum += sites[i].amount * f.weight(t);
    }
    if (!grid.population.empty())
      for (std::size_t d = 0; d < grid.cell_count(); ++d) {
        if (at[d] == sites.size() || !(grid.population[d] > 0)) continue;
        const double t = d == o ? 0.0 : access[o] + network[at[d]] + access[d];
        if (t < 1e299) sum += grid.population[d] * f.weight(t);
      }
    values[o] = sum;
  }
  return values;
}

void expect_model(const std::vector<float>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  std::size_t positive = 0;
  for (std::size_t c = 0; c < want.size(); ++c) {
    INFO("cell " << c);
    if (std::isnan(want[c])) {
      CHECK(std::isnan(got[c]));
    } else {
      CHECK(got[c] == Approx(want[c]).epsilon(2e-5).margin(1e-3));
      positive += want[c] > 0;
    }
  }
  CHECK(positive > 0);
}

analysis::ScenarioCellAccessRequest request(analysis::DecayFunction f, unsigned threads = 1) {
  analysis::ScenarioCellAccessRequest rq;
  rq.decay = f;
  rq.threads = threads;
  return rq;
}

}  // namespace

TEST_CASE("every cell over a drawn scenario equals the model, for every decay function",
          "[analysis][access]") {
  const model::Scenario s = drawn();
  const analysis::Grid grid = drawn_grid();
  analysis::ScenarioEngine engine(s, 1);
  const auto& g = engine.graph("");
  for (const bool limited : {false, true}) {
    model::OffNetworkSpec off = model::off_network_defaults("straight");
    off.detour_factor = 1.25;
    if (limited) off.max_km = 9;
    for (const analysis::DecayFunction f :
         {analysis::DecayFunction{K::step, 45, 0}, analysis::DecayFunction{K::linear, 60, 20},
          analysis::DecayFunction{K::exponential, 25, 0},
          analysis::DecayFunction{K::logistic, 50, 15}}) {
      INFO("decay " << analysis::to_string(f.kind) << (limited ? ", 9 km limit" : ""));
      const auto run = analysis::scenario_cell_access(engine, grid, off, request(f));
      expect_model(run.access.values, model_values(s, g, grid, off, f, "all"));
      CHECK(run.place_sites == 6);
      CHECK(run.road_sites == 0);
      const auto threaded = analysis::scenario_cell_access(engine, grid, off, request(f, 3));
      CHECK(std::memcmp(threaded.access.values.data(), run.access.values.data(),
                        run.access.values.size() * sizeof(float)) == 0);
    }
  }
}

TEST_CASE("every cell reaches its own site's population at once, and a group's only",
          "[analysis][access]") {
  const model::Scenario s = drawn();
  const analysis::Grid grid = drawn_grid();
  analysis::ScenarioEngine engine(s, 1);
  model::OffNetworkSpec off = model::off_network_defaults("straight");  // 10 km/h, no limit
  // Within 5 minutes (833 m at 10 km/h) nothing but the own site counts: b lies 583 m from the
  // centre of its cell (3.5 min), e 707 m (4.2 min), d 500 m; every other site is kilometres
  // away, and the rail's access time alone is 5 minutes.
  auto rq = request({K::step, 5, 0});
  auto run = analysis::scenario_cell_access(engine, grid, off, rq);
  const auto at = [&](double x, double y) {
    const auto cell = grid.cell_of(x, y);
    REQUIRE(cell);
    return run.access.values[static_cast<std::size_t>(cell->second) * grid.width + cell->first];
  };
  CHECK(at(15800, 21000) == 500.0f);  // b's population
  CHECK(at(51000, 18000) == 800.0f);  // e
  CHECK(at(38100, 25200) == 0.0f);    // d has none
  rq.group = "west";
  run = analysis::scenario_cell_access(engine, grid, off, rq);
  CHECK(at(15800, 21000) == 500.0f);
  CHECK(at(51000, 18000) == 0.0f);  // e is not in the group
  CHECK(run.access.opportunities == 1500);
  CHECK(run.surface.metadata.at("opportunities") == "node populations of group 'west'");
  rq.group = "nobody";
  CHECK_THROWS_AS(analysis::scenario_cell_access(engine, grid, off, rq), core::UsageError);
}

TEST_CASE("every cell with a population raster: the cells are the destinations",
          "[analysis][access]") {
  const model::Scenario s = drawn();
  analysis::Grid grid = drawn_grid();
  std::mt19937 rng(5);
  grid.population.resize(grid.cell_count());
  for (double& p : grid.population)
    p = std::uniform_real_distribution<>(0, 1)(rng) < 0.4 ? 0.0 : std::round(rng() % 300);
  grid.population_source = "drawn";
  analysis::ScenarioEngine engine(s, 1);
  model::OffNetworkSpec off = model::off_network_defaults("road");  // 35 km/h x 1.3, 60 km
  for (const analysis::DecayFunction f :
       {analysis::DecayFunction{K::step, 50, 0}, analysis::DecayFunction{K::exponential, 20, 0}}) {
    INFO("decay " << analysis::to_string(f.kind));
    const auto run = analysis::scenario_cell_access(engine, grid, off, request(f, 2));
    expect_model(run.access.values, model_values(s, engine.graph(""), grid, off, f, "all"));
    CHECK(run.surface.metadata.at("opportunities") == "drawn");
  }
  auto rq = request({K::step, 50, 0});
  rq.group = "west";
  CHECK_THROWS_WITH(analysis::scenario_cell_access(engine, grid, off, rq),
                    Catch::Contains("with a population raster"));
}

TEST_CASE("every cell over a scenario with a road network joins road vertices too",
          "[analysis][access]") {
  std::vector<io::Warning> warnings;
  const model::Scenario s =
      io::load_scenario(std::string(REACHPLAN_TEST_DATA) + "/osm/roads-scenario.yaml", warnings);
  model::GisSpec spec = s.gis;
  spec.grid.resolution_m = 250;
  spec.grid.margin_km = 1;
  analysis::Grid grid = analysis::make_grid(s, spec);
  // The town has no populations: persons drawn on its cells.
  std::mt19937 rng(9);
  grid.population.resize(grid.cell_count());
  for (double& p : grid.population) p = static_cast<double>(rng() % 50);
  grid.population_source = "drawn";
  analysis::ScenarioEngine engine(s, 1);
  model::OffNetworkSpec off = model::off_network_defaults("walk");
  const analysis::DecayFunction f{K::linear, 40, 30};
  const auto run = analysis::scenario_cell_access(engine, grid, off, request(f, 2));
  CHECK(run.road_sites > 0);
  CHECK(run.road_sites == s.road_network->network->vertex_count());
  expect_model(run.access.values, model_values(s, engine.graph(""), grid, off, f, "all"));
}

TEST_CASE("every cell refuses an unknown profile", "[analysis][access]") {
  model::Scenario s = drawn();
  analysis::Grid grid = drawn_grid();
  analysis::ScenarioEngine engine(s, 1);
  auto rq = request({K::step, 30, 0});
  rq.profile = "nope";
  CHECK_THROWS_AS(analysis::scenario_cell_access(engine, grid, {}, rq), core::UsageError);
}
