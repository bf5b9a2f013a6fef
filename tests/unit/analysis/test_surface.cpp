// Surfaces against brute force: every cell's value recomputed from the full node-to-node matrix
// (one search per node) and the last-mile rule, on a drawn network placed on a hand-made grid
// (no GDAL here: node positions are set in grid metres directly).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/surface.hpp"
#include "reachplan/core/error.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/rail_line_places.hpp"

using namespace reachplan;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

model::Scenario scenario() {
  auto s = test::drawn_scenario(test::rail_line_places);
  s.groups["hubs"] = {"a", "c"};
  s.groups["west"] = {"a", "b"};
  s.key_group = "hubs";
  return s;
}

analysis::Grid grid_for(const model::Scenario&) {
  return test::rail_line_grid();
}

double dist(const analysis::Grid& g, int col, int row, std::size_t node) {
  return std::hypot(g.cell_x(col) - g.node_x[node], g.cell_y(row) - g.node_y[node]);
}

}  // namespace

TEST_CASE("seed envelope equals the brute-force minimum, with and without a range", "[surface]") {
  analysis::Grid g;
  g.x0 = -5000;
  g.y0 = 70000;
  g.cell = 700;
  g.width = 131;  // not a multiple of the tile size
  g.height = 77;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> x(-20000, 100000), y(-10000, 80000), m(0, 300);
  std::vector<analysis::Seed> seeds;
  for (int i = 0; i < 40; ++i) seeds.push_back({x(rng), y(rng), m(rng)});
  for (double range : {inf, 9000.0}) {
    analysis::LastMile lm{0.006, range};
    std::vector<float> out;
    std::vector<int> nearest;
    analysis::seed_envelope(g, seeds, lm, out, &nearest, 3);
    REQUIRE(out.size() == g.cell_count());
    for (int r = 0; r < g.height; ++r)
      for (int c = 0; c < g.width; ++c) {
        double best = inf;
        for (const auto& s : seeds) {
          const double d = std::hypot(g.cell_x(c) - s.x, g.cell_y(r) - s.y);
          if (d <= range) best = std::min(best, s.minutes + lm.minutes_per_unit * d);
        }
        const std::size_t i = static_cast<std::size_t>(r) * g.width + c;
        if (best == inf) {
          CHECK(std::isnan(out[i]));
          CHECK(nearest[i] == -1);
        } else {
          REQUIRE(out[i] == Approx(best).epsilon(1e-6));
          const auto& w = seeds[static_cast<std::size_t>(nearest[i])];
          CHECK(w.minutes +
                    lm.minutes_per_unit * std::hypot(g.cell_x(c) - w.x, g.cell_y(r) - w.y) ==
                Approx(best).epsilon(1e-6));
        }
      }
  }
}

TEST_CASE("last mile: minutes per metre from speed and detour, range from max_km", "[surface]") {
  analysis::Grid g;
  g.metres_per_unit = 1.0;
  // The straight mode: 10 km/h, detour 1, no limit (Ma & Tang 2024).
  model::OffNetworkSpec off = model::off_network_defaults("straight");
  CHECK(analysis::last_mile(g, off).minutes_per_unit == Approx(0.006));
  CHECK(std::isinf(analysis::last_mile(g, off).max_units));
  off.speed_kmh = 5;
  off.detour_factor = 1.5;
  off.max_km = 3;
  CHECK(analysis::last_mile(g, off).minutes_per_unit == Approx(1.5 * 60 / 5000.0));
  CHECK(analysis::last_mile(g, off).max_units == Approx(3000));
  g.metres_per_unit = 0.3048;  // a CRS in feet
  CHECK(analysis::last_mile(g, off).max_units == Approx(3000 / 0.3048));
}

TEST_CASE("travel-time surface: network minutes to the best node plus the last mile", "[surface]") {
  const auto s = scenario();
  const auto g = grid_for(s);
  analysis::ScenarioEngine engine(s, 2);
  const auto ids = s.network.node_ids();
  const auto m = engine.matrix("", ids, ids).minutes;
  model::OffNetworkSpec off = model::off_network_defaults("straight");
  off.detour_factor = 1.2;
  const double k = 1.2 * 60 / 10000.0;

  SECTION("from one place") {
    model::SurfaceSpec spec;
    spec.id = "from_c";
    spec.places = {"c"};
    const auto surface = analysis::compute_surface(engine, g, spec, off, "");
    CHECK(surface.unit == "min");
    CHECK(surface.places == std::vector<std::string>{"c"});
    // Node times are the matrix row of c (d and e lie downstream of the one-way line).
    for (std::size_t n = 0; n < ids.size(); ++n) {
      const double t = m(2, static_cast<Eigen::Index>(n));
      if (std::isnan(t))
        CHECK(std::isnan(surface.node_minutes[n]));
      else
        CHECK(surface.node_minutes[n] == Approx(t));
    }
    for (int r = 0; r < g.height; ++r)
      for (int c = 0; c < g.width; ++c) {
        double best = inf;
        for (std::size_t n = 0; n < ids.size(); ++n) {
          const double t = m(2, static_cast<Eigen::Index>(n));
          if (!std::isnan(t)) best = std::min(best, t + k * dist(g, c, r, n));
        }
        REQUIRE(surface.at(g, c, r) == Approx(best).epsilon(1e-6));
      }
  }

  SECTION("to the nearest of a group uses times towards the places (one-way lines differ)") {
    model::SurfaceSpec spec;
    spec.id = "to_hubs";
    spec.places = {"hubs"};
    spec.to_places = true;
    const auto surface = analysis::compute_surface(engine, g, spec, off, "");
    for (int r = 0; r < g.height; ++r)
      for (int c = 0; c < g.width; ++c) {
        double best = inf;
        for (std::size_t n = 0; n < ids.size(); ++n) {
          // min over the hubs a (0) and c (2) of node n's minutes to them.
          const double t =
              std::fmin(m(static_cast<Eigen::Index>(n), 0), m(static_cast<Eigen::Index>(n), 2));
          if (!std::isnan(t)) best = std::min(best, t + k * dist(g, c, r, n));
        }
        REQUIRE(surface.at(g, c, r) == Approx(best).epsilon(1e-6));
      }
    // e cannot go back up the one-way line: only the last mile serves it.
    CHECK(std::isnan(surface.node_minutes[4]));
  }

  SECTION("max_km turns far cells into nodata") {
    off.max_km = 4;
    model::SurfaceSpec spec;
    spec.id = "near";
    spec.places = {"a"};
    const auto surface = analysis::compute_surface(engine, g, spec, off, "");
    std::size_t nodata = 0;
    for (int r = 0; r < g.height; ++r)
      for (int c = 0; c < g.width; ++c) {
        bool near = false;
        for (std::size_t n = 0; n < ids.size(); ++n)
          near = near || (!std::isnan(surface.node_minutes[n]) && dist(g, c, r, n) <= 4000);
        CHECK(std::isnan(surface.at(g, c, r)) == !near);
        nodata += !near;
      }
    CHECK(nodata > 0);
  }
}

TEST_CASE("accessibility surfaces equal brute force over destinations", "[surface]") {
  const auto s = scenario();
  auto g = grid_for(s);
  analysis::ScenarioEngine engine(s, 2);
  const auto ids = s.network.node_ids();
  const auto m = engine.matrix("", ids, ids).minutes;
  model::OffNetworkSpec off = model::off_network_defaults("straight");
  const double k = 60 / 10000.0;
  // Minutes from a cell to destination node d: best access node, then the network.
  const auto to_node = [&](int c, int r, std::size_t d) {
    double best = inf;
    for (std::size_t n = 0; n < ids.size(); ++n) {
      const double t = m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
      if (!std::isnan(t)) best = std::min(best, t + k * dist(g, c, r, n));
    }
    return best;
  };

  model::SurfaceSpec spec;
  spec.id = "acc";
  spec.kind = model::SurfaceSpec::Kind::accessibility;

  SECTION("cumulative, node populations") {
    spec.max_minutes = 75;
    const auto surface = analysis::compute_surface(engine, g, spec, off, "", 3);
    CHECK(surface.unit == "persons");
    double seen_max = 0;
    for (int r = 0; r < g.height; ++r)
      for (int c = 0; c < g.width; ++c) {
        double want = 0;
        for (std::size_t d = 0; d < ids.size(); ++d)
          if (s.network.nodes[d].population && to_node(c, r, d) <= 75 + 1e-9)
            want += *s.network.nodes[d].population;
        REQUIRE(surface.at(g, c, r) == Approx(want));
        seen_max = std::max(seen_max, want);
      }
    CHECK(seen_max > 1000);  // the test reaches several places somewhere
  }

  SECTION("gravity, exponential and power decay") {
    for (auto decay : {model::SurfaceSpec::Decay::exponential, model::SurfaceSpec::Decay::power}) {
      spec.decay = decay;
      spec.beta = decay == model::SurfaceSpec::Decay::exponential ? 0.02 : 1.3;
      const auto surface = analysis::compute_surface(engine, g, spec, off, "");
      for (int r = 0; r < g.height; r += 3)
        for (int c = 0; c < g.width; c += 3) {
          double want = 0;
          for (std::size_t d = 0; d < ids.size(); ++d) {
            const double t = to_node(c, r, d);
            if (!s.network.nodes[d].population || t == inf) continue;
            const double f = decay == model::SurfaceSpec::Decay::exponential
                                 ? std::exp(-0.02 * t)
                                 : (t < 1 ? 1.0 : std::pow(t, -1.3));
            want += *s.network.nodes[d].population * f;
          }
          REQUIRE(surface.at(g, c, r) == Approx(want).epsilon(1e-3));
        }
    }
  }

  SECTION("population raster: each populated cell is reached through its nearest node") {
    g.population.assign(g.cell_count(), 0.0);
    std::mt19937 rng(3);
    std::uniform_int_distribution<std::size_t> cell(0, g.cell_count() - 1);
    for (int i = 0; i < 150; ++i) g.population[cell(rng)] += 10 + i;
    g.population_source = "test";
    spec.group = "west";  // destinations: the zones of a and b only
    spec.max_minutes = 90;
    const std::vector<std::size_t> dests = {0, 1};
    const auto zone_of = [&](int c, int r) {
      return dist(g, c, r, 0) <= dist(g, c, r, 1) ? std::size_t{0} : std::size_t{1};
    };
    for (auto decay : {model::SurfaceSpec::Decay::none, model::SurfaceSpec::Decay::exponential,
                       model::SurfaceSpec::Decay::power}) {
      spec.decay = decay;
      spec.beta = decay == model::SurfaceSpec::Decay::power ? 0.8 : 0.03;
      const auto surface = analysis::compute_surface(engine, g, spec, off, "", 2);
      CHECK(surface.metadata.at("population_source") == "test");
      for (int r = 0; r < g.height; r += 2)
        for (int c = 0; c < g.width; c += 2) {
          double want = 0;
          for (int pr = 0; pr < g.height; ++pr)
            for (int pc = 0; pc < g.width; ++pc) {
              const double p = g.population[static_cast<std::size_t>(pr) * g.width + pc];
              if (p <= 0) continue;
              const std::size_t z = zone_of(pc, pr);
              const double t = to_node(c, r, z) + k * dist(g, pc, pr, z);
              if (decay == model::SurfaceSpec::Decay::none)
                want += t <= 90 + 1e-9 ? p : 0;
              else if (decay == model::SurfaceSpec::Decay::exponential)
                want += p * std::exp(-0.03 * t);
              else
                want += p * (t < 1 ? 1.0 : std::pow(t, -0.8));
            }
          REQUIRE(surface.at(g, c, r) == Approx(want).epsilon(2e-3).margin(1e-6));
        }
    }
  }

  SECTION("no populated destination is a clear error") {
    spec.group = "hubs";
    auto t = s;
    for (auto& n : t.network.nodes) n.population.reset();
    analysis::ScenarioEngine e2(t, 1);
    CHECK_THROWS_AS(analysis::compute_surface(e2, g, spec, off, ""), core::UsageError);
  }
}

TEST_CASE("places resolve to nodes and group members, and unknown names are usage errors",
          "[surface]") {
  const auto s = scenario();
  CHECK(analysis::resolve_places(s, {"b"}) == std::vector<std::string>{"b"});
  CHECK(analysis::resolve_places(s, {"hubs", "a", "b"}) == std::vector<std::string>{"a", "c", "b"});
  CHECK(analysis::resolve_places(s, {}) == std::vector<std::string>{"a", "c"});  // key group
  CHECK_THROWS_AS(analysis::resolve_places(s, {"wuhan"}), core::UsageError);
  try {
    analysis::resolve_places(s, {"hubz"});
    FAIL("expected an error");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()).find("did you mean 'hubs'") != std::string::npos);
  }
  const auto g = grid_for(s);
  analysis::ScenarioEngine engine(s, 1);
  model::SurfaceSpec spec;
  spec.id = "x";
  spec.places = {"nowhere"};
  CHECK_THROWS_AS(analysis::compute_surface(engine, g, spec, {}, ""), core::UsageError);
  spec.places = {"a"};
  spec.profile = "no-such-profile";
  CHECK_THROWS_AS(analysis::compute_surface(engine, g, spec, {}, ""), core::UsageError);
}

TEST_CASE("a GIS request is checked before any work", "[surface]") {
  auto s = scenario();
  auto& gis = s.gis;
  CHECK_NOTHROW(analysis::check_gis_request(s, gis));
  gis.grid.resolution_m = 0;
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);
  gis.grid.resolution_m = 500;
  gis.off_network.speed_kmh = 0;
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);
  gis.off_network.speed_kmh = 10;
  gis.isochrones.places = {"atlantis"};
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);
  gis.isochrones.places = {"a"};
  gis.isochrones.minutes = {0};
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);
  gis.isochrones.minutes = {30};
  model::SurfaceSpec acc;
  acc.id = "acc";
  acc.kind = model::SurfaceSpec::Kind::accessibility;
  acc.group = "nope";
  gis.surfaces = {acc};
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);
  gis.surfaces[0].group = "all";
  gis.surfaces.push_back(gis.surfaces[0]);
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);  // duplicate id
  gis.surfaces.pop_back();
  gis.profile = "nope";
  CHECK_THROWS_AS(analysis::check_gis_request(s, gis), core::UsageError);
  gis.profile = "";
  CHECK_NOTHROW(analysis::check_gis_request(s, gis));
}
