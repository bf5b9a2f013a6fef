// Per-cell accessibility: a hand-drawn strip of cells with its whole expected surface for each
// decay function, and random road graphs against an independent model (nearest vertex by brute
// force, Boost's Dijkstra per origin cell, the sum written out as documented).
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"

namespace {

using namespace reachplan;
using core::Index;
using graph::Weight;

struct Roads {
  Index n = 0;
  std::vector<Index> tails, heads;
  std::vector<Weight> weights;  // ms
  void arc(Index a, Index b, double seconds) {
    tails.push_back(a);
    heads.push_back(b);
    weights.push_back(Weight{static_cast<std::uint32_t>(std::lround(seconds * 1000))});
  }
  graph::ContractionHierarchy hierarchy() const {
    return graph::build_contraction_hierarchy(graph::make_road_graph(n, tails, heads, weights));
  }
};

// A metric grid (1 CRS unit = 1 m) of width x height cells of `cell` metres, top-left (0, top).
analysis::Grid metric_grid(int width, int height, double cell, std::vector<double> vx,
                           std::vector<double> vy) {
  analysis::Grid g;
  g.x0 = 0;
  g.y0 = height * cell;
  g.cell = cell;
  g.width = width;
  g.height = height;
  g.metres_per_unit = 1.0;
  g.node_x = std::move(vx);
  g.node_y = std::move(vy);
  return g;
}

// Four cells of 1 km in a row; three vertices:
//   v0 100 m from cell 0's centre, v1 at cell 1's centre, v2 300 m from cell 2's centre;
//   v0 <-> v1 60 s each way, v1 -> v2 120 s, v2 -> v1 600 s.
// Cell 3's centre is 1044 m from v2, beyond the 400 m snap: nodata, its 1000 unreached.
// At 6 km/h (100 m a minute) the accesses are 1, 0 and 3 minutes, so the minutes between
// cells (from row to column, a cell to itself 0) are
//   cell0: 0, 2, 7      cell1: 2, 0, 5      cell2: 15, 13, 0
struct Strip {
  Roads roads;
  analysis::Grid grid;
  std::vector<double> amount{10, 20, 40, 1000};
  Strip() : grid(metric_grid(4, 1, 1000, {500, 1500, 2500}, {600, 500, 200})) {
    roads.n = 3;
    roads.arc(0, 1, 60);
    roads.arc(1, 0, 60);
    roads.arc(1, 2, 120);
    roads.arc(2, 1, 600);
  }
  std::vector<float> run(analysis::DecayFunction d, unsigned threads = 1) const {
    analysis::CellAccessSettings s;
    s.decay = d;
    s.access_kmh = 6;
    s.max_snap_m = 400;
    s.threads = threads;
    return analysis::cell_accessibility(roads.hierarchy(), grid, amount, s).values;
  }
};

void expect_values(const std::vector<float>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t c = 0; c < want.size(); ++c) {
    INFO("cell " << c);
    if (std::isnan(want[c])) {
      CHECK(std::isnan(got[c]));
    } else {
      CHECK(got[c] == Approx(want[c]).epsilon(1e-6));
    }
  }
}

}  // namespace

TEST_CASE("a drawn strip of cells gives its whole surface for every decay function",
          "[analysis][access]") {
  using K = analysis::DecayFunction::Kind;
  const Strip s;
  const double nan = std::nan("");
  // Step at 5 min: 10 + 20 | 20 + 10 + 40 (5 min is within) | 40 alone.
  expect_values(s.run({K::step, 5, 0}), {30, 70, 40, nan});
  expect_values(s.run({K::step, 1.99, 0}), {10, 20, 40, nan});
  // Linear around 5 min, 4 wide: 1 up to 3 min, 0 from 7; at 5 min one half.
  expect_values(s.run({K::linear, 5, 4}), {30, 20 + 10 + 40 * 0.5, 40, nan});
  // Exponential, half-life 2 min.
  const auto e = [](double t) { return std::exp2(-t / 2); };
  expect_values(
      s.run({K::exponential, 2, 0}),
      {10 + 20 * e(2) + 40 * e(7), 10 * e(2) + 20 + 40 * e(5), 10 * e(15) + 20 * e(13) + 40, nan});
  // Logistic with median 5 and standard deviation 2 min.
  const double sc = 2 * std::sqrt(3.0) / 3.14159265358979323846;
  const auto l = [&](double t) { return 1 / (1 + std::exp((t - 5) / sc)); };
  expect_values(s.run({K::logistic, 5, 2}),
                {10 * l(0) + 20 * l(2) + 40 * l(7), 10 * l(2) + 20 * l(0) + 40 * l(5),
                 10 * l(15) + 20 * l(13) + 40 * l(0), nan});
}

TEST_CASE("per-cell accessibility rejects settings that cannot mean anything",
          "[analysis][access]") {
  using K = analysis::DecayFunction::Kind;
  const Strip s;
  CHECK_THROWS_WITH(s.run({K::step, 0, 0}), "the cutoff must be > 0 minutes (got 0.000)");
  CHECK_THROWS_WITH(s.run({K::exponential, -1, 0}),
                    "the half-life must be > 0 minutes (got -1.000)");
  CHECK_THROWS_WITH(s.run({K::logistic, 5, 0}),
                    "the standard deviation must be > 0 minutes (got 0.000)");
  CHECK_THROWS_WITH(s.run({K::linear, 5, std::nan("")}),
                    Catch::StartsWith("the ramp width must be > 0 minutes"));
  CHECK(analysis::decay_kind("logistic") == K::logistic);
  CHECK_THROWS_WITH(analysis::decay_kind("gauss"),
                    "unknown decay function 'gauss'; use one of step, linear, exponential, "
                    "logistic");
}

TEST_CASE("per-cell accessibility equals an independent model on random road graphs",
          "[analysis][access]") {
  using OracleGraph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                            boost::property<boost::edge_weight_t, std::uint64_t>>;
  using K = analysis::DecayFunction::Kind;
  for (unsigned seed : {11u, 12u, 13u, 14u}) {
    std::mt19937 rng(seed);
    auto uni = [&](double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng); };
    const int width = 9 + static_cast<int>(seed % 3), height = 7;
    const double cell = 250;
    Roads roads;
    roads.n = 40;
    std::vector<double> vx, vy;
    for (Index v = 0; v < roads.n; ++v) {
      // Some vertices off the grid, near its edges, and a few stacked on one point.
      vx.push_back(v % 13 == 0 ? 100.0 : uni(-300, width * cell + 300));
      vy.push_back(v % 13 == 0 ? 100.0 : uni(-300, height * cell + 300));
    }
    for (Index v = 0; v + 1 < roads.n; ++v) {
      if (uni(0, 1) < 0.85) roads.arc(v, v + 1, uni(10, 300));
      if (uni(0, 1) < 0.6) roads.arc(v + 1, v, uni(10, 300));
      roads.arc(v, static_cast<Index>(uni(0, roads.n - 0.01)), uni(0, 900));
    }
    const analysis::Grid grid = metric_grid(width, height, cell, vx, vy);
    std::vector<double> amount(grid.cell_count());
    for (double& a : amount) a = uni(0, 1) < 0.3 ? 0.0 : std::round(uni(0, 50));
    const K kind = static_cast<K>(seed % 4);
    analysis::CellAccessSettings set;
    set.decay = {kind, static_cast<double>(6 + seed % 5), 3};
    set.access_kmh = 4;
    set.max_snap_m = 300;
    set.threads = 1;
    INFO("seed " << seed << ", decay " << analysis::to_string(kind));
    const auto ch = roads.hierarchy();
    const auto got = analysis::cell_accessibility(ch, grid, amount, set);
    set.threads = 3;
    const auto threaded = analysis::cell_accessibility(ch, grid, amount, set).values;
    REQUIRE(threaded.size() == got.values.size());  // the same bytes, NaN included
    CHECK(std::memcmp(threaded.data(), got.values.data(), threaded.size() * sizeof(float)) == 0);

    // The model written out: nearest vertex by brute force, Boost's Dijkstra.
    OracleGraph og(roads.n);
    for (std::size_t a = 0; a < roads.tails.size(); ++a)
      boost::add_edge(roads.tails[a], roads.heads[a], roads.weights[a].ms, og);
    std::vector<Index> at(grid.cell_count(), core::invalid_index);
    std::vector<double> access(grid.cell_count());
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        const std::size_t k = static_cast<std::size_t>(r) * width + c;
        double best = 1e300;
        for (Index v = 0; v < roads.n; ++v) {
          const double d = std::hypot(vx[v] - grid.cell_x(c), vy[v] - grid.cell_y(r));
          if (d <= 300 && d < best) {
            best = d;
            at[k] = v;
          }
        }
        access[k] = best / (4000.0 / 60);
      }
    std::size_t checked = 0;
    for (std::size_t o = 0; o < grid.cell_count(); ++o) {
      if (at[o] == core::invalid_index) {
        CHECK(std::isnan(got.values[o]));
        continue;
      }
      std::vector<std::uint64_t> dist(roads.n);
      boost::dijkstra_shortest_paths(og, at[o], boost::distance_map(dist.data()));
      double want = 0;
      for (std::size_t d = 0; d < grid.cell_count(); ++d) {
        if (at[d] == core::invalid_index || amount[d] == 0) continue;
        if (dist[at[d]] == std::numeric_limits<std::uint64_t>::max()) continue;
        const double t = d == o ? 0.0 : access[o] + dist[at[d]] / 60000.0 + access[d];
        want += amount[d] * set.decay.weight(t);
      }
      INFO("cell " << o);
      CHECK(got.values[o] == Approx(want).epsilon(1e-5).margin(1e-6));
      ++checked;
    }
    CHECK(checked > grid.cell_count() / 2);
    CHECK(got.joined_cells == checked);
  }
}

TEST_CASE("sites of many cells sum sorted lanes and equal the model, with two vertices a site",
          "[analysis][access]") {
  using OracleGraph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                            boost::property<boost::edge_weight_t, std::uint64_t>>;
  using K = analysis::DecayFunction::Kind;
  for (unsigned seed : {21u, 22u, 23u, 24u, 25u, 26u, 27u, 28u}) {
    std::mt19937 rng(seed);
    auto uni = [&](double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng); };
    // A coarse network under a fine grid: 6 sites over 40 x 30 cells (about 200 each).
    const int width = 40, height = 30;
    const double cell = 200;
    Roads roads;
    roads.n = 20;
    for (Index v = 0; v + 1 < roads.n; ++v) {
      if (uni(0, 1) < 0.8) roads.arc(v, v + 1, uni(60, 900));
      if (uni(0, 1) < 0.6) roads.arc(v + 1, v, uni(60, 900));
      roads.arc(v, static_cast<Index>(uni(0, roads.n - 0.01)), uni(0, 1200));
    }
    analysis::Grid grid = metric_grid(width, height, cell, {}, {});
    analysis::CellSites sites;
    for (int s = 0; s < 6; ++s) {
      sites.x.push_back(uni(0, width * cell));
      sites.y.push_back(uni(0, height * cell));
      // A place's trips start at one vertex and end at another; a road vertex is both.
      sites.origin.push_back(static_cast<Index>(2 * s));
      sites.destination.push_back(static_cast<Index>(s % 2 == 0 ? 2 * s + 1 : 2 * s));
      sites.opportunities.push_back(s == 5 ? 0.0 : std::round(uni(0, 500)));
    }
    std::vector<double> amount(grid.cell_count());
    for (double& a : amount) a = uni(0, 1) < 0.5 ? 0.0 : std::round(uni(0, 20));
    const K kind = static_cast<K>(seed % 4);
    analysis::CellAccessSettings set;
    set.decay = {kind, 30.0 + seed % 3 * 10, 12};
    set.access_kmh = 12;
    set.max_snap_m = 2500;
    set.threads = 1;
    INFO("seed " << seed << ", decay " << analysis::to_string(kind));
    const auto ch = roads.hierarchy();
    const analysis::CellAccessPlan plan(ch, grid, sites, amount, set);
    // The sorted sums are what this case is about (logistic has none).
    std::size_t sorted = 0;
    for (std::size_t g = 0; g < plan.searches(); ++g) sorted += plan.sums_sorted(g);
    CHECK((kind == K::logistic ? sorted == 0 : sorted >= 3));
    const auto got = analysis::cell_accessibility(ch, grid, sites, amount, set);
    set.threads = 3;
    const auto threaded = analysis::cell_accessibility(ch, grid, sites, amount, set).values;
    CHECK(std::memcmp(threaded.data(), got.values.data(), threaded.size() * sizeof(float)) == 0);

    // The model: the nearest site by brute force, Boost's Dijkstra from its origin vertex, 0 on
    // the network between two cells of one site and to the site's own opportunities.
    OracleGraph og(roads.n);
    for (std::size_t a = 0; a < roads.tails.size(); ++a)
      boost::add_edge(roads.tails[a], roads.heads[a], roads.weights[a].ms, og);
    std::vector<std::size_t> at(grid.cell_count(), 99);
    std::vector<double> access(grid.cell_count());
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        const std::size_t k = static_cast<std::size_t>(r) * width + c;
        double best = 1e300;
        for (std::size_t s = 0; s < sites.size(); ++s) {
          const double d = std::hypot(sites.x[s] - grid.cell_x(c), sites.y[s] - grid.cell_y(r));
          if (d <= 2500 && d < best) {
            best = d;
            at[k] = s;
          }
        }
        access[k] = best / (12000.0 / 60);
      }
    std::size_t checked = 0;
    for (std::size_t o = 0; o < grid.cell_count(); ++o) {
      if (at[o] == 99) {
        CHECK(std::isnan(got.values[o]));
        continue;
      }
      std::vector<std::uint64_t> dist(roads.n);
      boost::dijkstra_shortest_paths(og, sites.origin[at[o]], boost::distance_map(dist.data()));
      const auto network = [&](std::size_t s) {
        if (s == at[o]) return 0.0;
        const std::uint64_t ms = dist[sites.destination[s]];
        return ms == std::numeric_limits<std::uint64_t>::max() ? 1e300 : ms / 60000.0;
      };
      double want = 0;
      for (std::size_t d = 0; d < grid.cell_count(); ++d) {
        if (at[d] == 99 || amount[d] == 0) continue;
        const double t = d == o ? 0.0 : access[o] + network(at[d]) + access[d];
        if (t < 1e299) want += amount[d] * set.decay.weight(t);
      }
      for (std::size_t s = 0; s < sites.size(); ++s) {
        const double t = access[o] + network(s);
        if (t < 1e299) want += sites.opportunities[s] * set.decay.weight(t);
      }
      INFO("cell " << o);
      CHECK(got.values[o] == Approx(want).epsilon(2e-5).margin(1e-4));
      ++checked;
    }
    CHECK(checked == got.joined_cells);
    CHECK(checked > grid.cell_count() / 2);
  }
}

TEST_CASE("joining cells to few far points finds the nearest, ties to the lower index",
          "[analysis][access]") {
  // 3 points over 300 x 200 cells: the squares are big, and the nearest is exact.
  analysis::Grid grid = metric_grid(300, 200, 100, {}, {});
  const std::vector<double> x{1000, 29000, 15000, 15000}, y{1000, 19000, 10050, 10050};
  const auto j = analysis::join_cells(grid, x, y, 12000);
  for (int r = 0; r < grid.height; r += 7)
    for (int c = 0; c < grid.width; c += 3) {
      const std::size_t k = static_cast<std::size_t>(r) * grid.width + c;
      double best = 1e300;
      Index arg = core::invalid_index;
      for (std::size_t i = 0; i < x.size(); ++i) {
        const double d = std::hypot(x[i] - grid.cell_x(c), y[i] - grid.cell_y(r));
        if (d <= 12000 && d < best) {
          best = d;
          arg = static_cast<Index>(i);
        }
      }
      INFO("cell " << c << ", " << r);
      REQUIRE(j.vertex[k] == arg);
      if (arg != core::invalid_index) CHECK(j.distance[k] == best);
    }
}

TEST_CASE("a plan that would sum more pairs one by one than hours of work is refused",
          "[analysis][access]") {
  // 2000 x 1000 cells of one each, every cell its own site: 2e6 x 2e6 logistic pair sums.
  analysis::Grid grid = metric_grid(2000, 1000, 100, {}, {});
  Roads roads;
  roads.n = 1;
  analysis::CellSites sites;
  sites.x = {100};
  sites.y = {100};
  sites.origin = {0};
  sites.destination = {0};
  const std::vector<double> amount(grid.cell_count(), 1.0);
  analysis::CellAccessSettings set;
  set.decay = {analysis::DecayFunction::Kind::logistic, 30, 10};
  set.max_snap_m = 1e9;
  CHECK_THROWS_WITH(analysis::CellAccessPlan(roads.hierarchy(), grid, sites, amount, set),
                    Catch::Contains("pairs of cells one by one"));
  set.decay.kind = analysis::DecayFunction::Kind::step;  // one site: a sorted lane, allowed
  CHECK_NOTHROW(analysis::CellAccessPlan(roads.hierarchy(), grid, sites, amount, set));
}
