#include "reachplan/analysis/surface.hpp"

#include "reachplan/analysis/progress_steps.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "reachplan/core/error.hpp"
#include "reachplan/core/parallel.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/transforms.hpp"
#include "reachplan/model/places.hpp"
#include "reachplan/model/timetable.hpp"
#include "reachplan/routing/dijkstra.hpp"

namespace reachplan::analysis {

// A surface's searches add up distances as minutes, so their profile must route on time: on a
// generalized-cost profile the distances are minutes plus money (README "Generalized cost").
const graph::RoutingGraph& time_graph(ScenarioEngine& engine, const std::string& profile) {
  const graph::RoutingGraph& g = engine.graph(profile);
  if (g.generalized)
    throw core::UsageError("profile '" + engine.scenario().profile(profile).id +
                           "' routes on generalized cost (value_of_time_yuan_per_h): surfaces "
                           "and isochrones need a profile that routes on time");
  return g;
}

namespace {

// Over timetables (transit:): every node's minutes to (to_places) or from each of `places`
// (row = node in network order, column = place), the first percentile of the window's trips.
Eigen::MatrixXd timetable_minutes(ScenarioEngine& engine, const std::string& profile,
                                  const std::vector<std::string>& places, bool to_places) {
  const std::vector<std::string> all = engine.scenario().network.node_ids();
  if (to_places) return engine.matrix(profile, all, places).minutes;
  return engine.matrix(profile, places, all).minutes.transpose();
}

}  // namespace

namespace {

using core::Index;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr float nan_f = std::numeric_limits<float>::quiet_NaN();
constexpr double nan_d = std::numeric_limits<double>::quiet_NaN();
// Tiles of 32 x 32 cells: big enough that pruning seeds per tile is cheap next to the cells,
// small enough that few seeds survive the pruning.
constexpr int tile_cells = 32;

struct Tile {
  int c0, c1, r0, r1;             // cells [c0, c1) x [r0, r1)
  double x_lo, x_hi, y_lo, y_hi;  // cell-centre box
};

struct Tiling {
  int cols = 0, rows = 0;
  std::size_t count() const {
    return static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
  }
};

Tiling tiling_of(const Grid& g) {
  return {(g.width + tile_cells - 1) / tile_cells, (g.height + tile_cells - 1) / tile_cells};
}

Tile tile_at(const Grid& g, const Tiling& t, std::size_t index) {
  const int tx = static_cast<int>(index % static_cast<std::size_t>(t.cols));
  const int ty = static_cast<int>(index / static_cast<std::size_t>(t.cols));
  Tile tile;
  tile.c0 = tx * tile_cells;
  tile.c1 = std::min(g.width, tile.c0 + tile_cells);
  tile.r0 = ty * tile_cells;
  tile.r1 = std::min(g.height, tile.r0 + tile_cells);
  tile.x_lo = g.cell_x(tile.c0);
  tile.x_hi = g.cell_x(tile.c1 - 1);
  tile.y_hi = g.cell_y(tile.r0);
  tile.y_lo = g.cell_y(tile.r1 - 1);
  return tile;
}

// The seeds that can be the minimum somewhere in the tile. Each seed's value over the tile lies
// between its value at the tile's nearest point and at its farthest corner; a seed whose lower
// bound exceeds the best upper bound can never win. Returns that best upper bound (the tile's
// worst possible value) and the smallest lower bound.
struct Candidates {
  std::vector<double> x, y, minutes;
  std::vector<int> index;
  double upper = inf;
  double lower = inf;
};

void find_candidates(const Tile& t, const std::vector<Seed>& seeds, const LastMile& lm,
                     Candidates& c, std::vector<double>& lb) {
  c.x.clear();
  c.y.clear();
  c.minutes.clear();
  c.index.clear();
  c.upper = inf;
  c.lower = inf;
  lb.resize(seeds.size());
  const double k = lm.minutes_per_unit;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const Seed& s = seeds[i];
    const double dx = std::max({0.0, t.x_lo - s.x, s.x - t.x_hi});
    const double dy = std::max({0.0, t.y_lo - s.y, s.y - t.y_hi});
    const double near = std::hypot(dx, dy);
    if (near > lm.max_units) {
      lb[i] = inf;
      continue;
    }
    lb[i] = s.minutes + k * near;
    const double far = std::hypot(std::max(std::abs(s.x - t.x_lo), std::abs(s.x - t.x_hi)),
                                  std::max(std::abs(s.y - t.y_lo), std::abs(s.y - t.y_hi)));
    if (far <= lm.max_units) c.upper = std::min(c.upper, s.minutes + k * far);
    c.lower = std::min(c.lower, lb[i]);
  }
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (lb[i] == inf || lb[i] > c.upper) continue;
    c.x.push_back(seeds[i].x);
    c.y.push_back(seeds[i].y);
    c.minutes.push_back(seeds[i].minutes);
    c.index.push_back(static_cast<int>(i));
  }
}

// The envelope at one cell centre over the candidates; inf when none is in range.
inline double envelope_at(const Candidates& c, const LastMile& lm, double x, double y,
                          int* winner) {
  double best = inf;
  int arg = -1;
  const double max2 = lm.max_units * lm.max_units;
  for (std::size_t i = 0; i < c.minutes.size(); ++i) {
    const double dx = x - c.x[i], dy = y - c.y[i];
    const double d2 = dx * dx + dy * dy;
    if (d2 > max2) continue;
    const double v = c.minutes[i] + lm.minutes_per_unit * std::sqrt(d2);
    if (v < best) {
      best = v;
      arg = c.index[i];
    }
  }
  if (winner) *winner = arg;
  return best;
}

std::string number(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

void check_grid(const model::Scenario& s, const Grid& g) {
  if (g.width <= 0 || g.height <= 0 || !(g.cell > 0))
    throw std::invalid_argument("surface: empty grid");
  if (g.node_x.size() != s.network.nodes.size() || g.node_y.size() != s.network.nodes.size())
    throw std::invalid_argument("surface: grid node positions do not match the scenario");
  if (!g.population.empty() && g.population.size() != g.cell_count())
    throw std::invalid_argument("surface: population raster does not match the grid");
}

std::vector<Seed> seeds_of(const Grid& g, const std::vector<double>& minutes) {
  std::vector<Seed> seeds;
  for (std::size_t i = 0; i < minutes.size(); ++i)
    if (!std::isnan(minutes[i])) seeds.push_back({g.node_x[i], g.node_y[i], minutes[i]});
  return seeds;
}

// ---- accessibility ------------------------------------------------------------------------

// One destination: its node's seeds (every node's network minutes to it) and the population it
// stands for, reached `egress` minutes past the node (0 for a node's own population; for a
// population raster, each cell of the node's zone at its last-mile time from the node).
struct Destination {
  std::vector<Seed> seeds;
  double total = 0.0;
  std::vector<double> egress;  // cumulative: sorted egress minutes
  std::vector<double> prefix;  // cumulative: population with egress <= egress[i] is prefix[i+1]
  double exp_sum = 0.0;        // exponential: sum of pop * e^(-beta * egress)
  // power: a few (egress, population) bins summed exactly, or for big zones a table of the
  // weight at log(1 + s) = i * table_step (a power decay is nearly linear in log time, so
  // interpolating there is exact to ~1e-4).
  std::vector<std::pair<double, double>> bins;
  std::vector<double> table;
  double table_step = 0.01;
};

struct Rule {
  model::SurfaceSpec::Decay decay = model::SurfaceSpec::Decay::none;
  double max_minutes = 60.0;
  double beta = 0.0;
};

double power_decay(double t, double beta) {
  return t < 1.0 ? 1.0 : std::pow(t, -beta);
}

// Population of `d` weighted as seen from `s` minutes away from its node.
double weight(const Destination& d, const Rule& rule, double s) {
  switch (rule.decay) {
    case model::SurfaceSpec::Decay::none: {
      const double budget = rule.max_minutes + 1e-9 - s;
      if (budget < 0) return 0.0;
      const auto it = std::upper_bound(d.egress.begin(), d.egress.end(), budget);
      return d.prefix[static_cast<std::size_t>(it - d.egress.begin())];
    }
    case model::SurfaceSpec::Decay::exponential:
      return std::exp(-rule.beta * s) * d.exp_sum;
    case model::SurfaceSpec::Decay::power: {
      if (d.table.empty()) {
        double w = 0;
        for (const auto& [e, p] : d.bins) w += p * power_decay(s + e, rule.beta);
        return w;
      }
      const double pos = std::log1p(s) / d.table_step;
      const std::size_t i = static_cast<std::size_t>(pos);
      if (i + 1 >= d.table.size()) return d.table.back();
      const double f = pos - static_cast<double>(i);
      return d.table[i] * (1 - f) + d.table[i + 1] * f;
    }
  }
  return 0.0;
}

// Fills the per-rule lookups of a destination from (egress minutes, population) pairs.
void prepare(Destination& d, std::vector<std::pair<double, double>> zone, const Rule& rule,
             double s_max) {
  std::sort(zone.begin(), zone.end());
  d.total = 0;
  for (const auto& [e, p] : zone) d.total += p;
  switch (rule.decay) {
    case model::SurfaceSpec::Decay::none:
      d.prefix.push_back(0.0);
      for (const auto& [e, p] : zone) {
        d.egress.push_back(e);
        d.prefix.push_back(d.prefix.back() + p);
      }
      break;
    case model::SurfaceSpec::Decay::exponential:
      for (const auto& [e, p] : zone) d.exp_sum += p * std::exp(-rule.beta * e);
      break;
    case model::SurfaceSpec::Decay::power: {
      // Not separable in s and egress: bin the egress in log time (0.2% wide bins, so the
      // decay moves by under 0.1% x beta), and tabulate when the bins are too many to sum
      // at every cell.
      std::map<long, std::pair<double, double>> log_bins;  // key -> (sum p * e, sum p)
      for (const auto& [e, p] : zone) {
        auto& [pe, sum] = log_bins[std::lround(std::log1p(e) / 0.002)];
        pe += p * e;
        sum += p;
      }
      for (const auto& [key, b] : log_bins) d.bins.emplace_back(b.first / b.second, b.second);
      if (d.bins.size() <= 16) break;
      const std::size_t n =
          static_cast<std::size_t>(std::ceil(std::log1p(s_max) / d.table_step)) + 2;
      d.table.assign(n, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        const double s = std::expm1(static_cast<double>(i) * d.table_step);
        double w = 0;
        for (const auto& [e, p] : d.bins) w += p * power_decay(s + e, rule.beta);
        d.table[i] = w;
      }
      break;
    }
  }
}

// The nodes of the surface's group that stand for some population: with a raster every one
// (its zone of cells), otherwise only those with a node population.
std::vector<std::size_t> destination_nodes(const model::Scenario& s, const model::SurfaceSpec& spec,
                                           bool from_raster) {
  const auto& nodes = s.network.nodes;
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < nodes.size(); ++i) index_of.emplace(nodes[i].id, i);
  std::vector<std::size_t> dest_nodes;
  for (const auto& id : s.group_members(spec.group)) {
    const std::size_t i = index_of.at(id);
    if (from_raster || nodes[i].population.value_or(0) > 0) dest_nodes.push_back(i);
  }
  if (dest_nodes.empty()) {
    throw core::UsageError("accessibility surface '" + spec.id + "': no node of group '" +
                           spec.group +
                           "' has a population (give node populations or a "
                           "population raster)");
  }
  return dest_nodes;
}

// Every node's minutes to each destination: one search per destination on the reversed graph
// `back` of `g`, so each search gives the times *to* the destination.
std::vector<Destination> destinations_with_seeds(const graph::RoutingGraph& g,
                                                 const graph::RoutingGraph& back, const Grid& grid,
                                                 const std::vector<std::size_t>& dest_nodes,
                                                 std::size_t node_count, unsigned threads) {
  std::vector<Destination> dests(dest_nodes.size());
  core::parallel_for(
      dest_nodes.size(), threads, [&] { return routing::Dijkstra(back); },
      [&](routing::Dijkstra& search, std::size_t k) {
        const std::size_t n = dest_nodes[k];
        search.run(g.destination_of_node[n]);
        std::vector<double> minutes(node_count, nan_d);
        for (std::size_t m = 0; m < node_count; ++m)
          minutes[m] = m == n ? 0.0 : to_minutes(search.distance(g.origin_of_node[m]));
        dests[k].seeds = seeds_of(grid, minutes);
      });
  return dests;
}

// (egress minutes, population) pairs: the population one destination stands for.
using Zone = std::vector<std::pair<double, double>>;

// The population each destination stands for, one zone per entry of `dest_nodes`.
std::vector<Zone> population_zones(const model::Scenario& s, const Grid& grid,
                                   const std::vector<std::size_t>& dest_nodes, const LastMile& lm,
                                   bool from_raster, unsigned threads) {
  std::vector<Zone> zones(dest_nodes.size());
  if (from_raster) {
    // Each populated cell belongs to its nearest destination node (a zone), reached from that
    // node over the last mile. So a trip to any cell is routed through its zone's node.
    std::vector<Seed> at_nodes;
    for (std::size_t n : dest_nodes) at_nodes.push_back({grid.node_x[n], grid.node_y[n], 0.0});
    std::vector<float> egress;
    std::vector<int> owner;
    seed_envelope(grid, at_nodes, lm, egress, &owner, threads);
    for (std::size_t c = 0; c < grid.cell_count(); ++c) {
      const double p = grid.population[c];
      if (p > 0 && owner[c] >= 0)
        zones[static_cast<std::size_t>(owner[c])].emplace_back(egress[c], p);
    }
  } else {
    for (std::size_t k = 0; k < dest_nodes.size(); ++k)
      zones[k].emplace_back(0.0, *s.network.nodes[dest_nodes[k]].population);
  }
  return zones;
}

// Fills each destination's lookups from its zone, then drops the destinations that stand for
// nobody (they add nothing anywhere).
void prepare_destinations(std::vector<Destination>& dests, std::vector<Zone> zones,
                          const Grid& grid, const LastMile& lm, const Rule& rule) {
  // Upper bound of any cell's minutes to a destination, for the power table's length.
  const double span = std::hypot(grid.width * grid.cell, grid.height * grid.cell);
  for (std::size_t k = 0; k < dests.size(); ++k) {
    double far = 0, worst = 0;
    for (const auto& seed : dests[k].seeds) {
      worst = std::max(worst, seed.minutes);
      const double dx = std::max(std::abs(seed.x - grid.x0),
                                 std::abs(seed.x - (grid.x0 + grid.width * grid.cell)));
      const double dy = std::max(std::abs(seed.y - grid.y0),
                                 std::abs(seed.y - (grid.y0 - grid.height * grid.cell)));
      far = std::max(far, std::hypot(dx, dy));
    }
    const double reach = std::min(far, std::max(span, lm.max_units));
    prepare(dests[k], std::move(zones[k]), rule, worst + lm.minutes_per_unit * reach);
  }
  dests.erase(std::remove_if(dests.begin(), dests.end(),
                             [](const Destination& d) { return !(d.total > 0); }),
              dests.end());
}

// With max_km, cells beyond it from every node reach nothing: they become nodata rather than 0.
// Returns the last-mile envelope from all nodes (NaN = beyond reach), or empty without max_km.
std::vector<float> reach_of_nodes(const Grid& grid, std::size_t node_count, const LastMile& lm,
                                  unsigned threads) {
  std::vector<float> covered;
  if (std::isfinite(lm.max_units)) {
    std::vector<Seed> all;
    for (std::size_t i = 0; i < node_count; ++i) all.push_back({grid.node_x[i], grid.node_y[i], 0});
    seed_envelope(grid, all, lm, covered, nullptr, threads);
  }
  return covered;
}

// Per-thread scratch of the tile loop, reused from tile to tile.
struct TileWork {
  Candidates c;
  std::vector<double> lb, acc;
};

// Sums every destination's weighted population into the tile's cells (w.acc, row-major over
// the tile), skipping destinations that no cell of the tile can reach.
void accumulate_tile(const Tile& t, const Grid& grid, const std::vector<Destination>& dests,
                     const Rule& rule, const LastMile& lm, TileWork& w) {
  const int tw = t.c1 - t.c0;
  w.acc.assign(static_cast<std::size_t>(tw * (t.r1 - t.r0)), 0.0);
  for (const Destination& d : dests) {
    find_candidates(t, d.seeds, lm, w.c, w.lb);
    if (w.c.index.empty()) continue;
    if (rule.decay == model::SurfaceSpec::Decay::none) {
      if (w.c.lower > rule.max_minutes + 1e-9) continue;  // out of reach of every cell
      // Every cell reaches the node with the whole zone inside the budget: add it all.
      if (w.c.upper + d.egress.back() <= rule.max_minutes + 1e-9) {
        for (double& a : w.acc) a += d.total;
        continue;
      }
    }
    for (int r = t.r0; r < t.r1; ++r)
      for (int col = t.c0; col < t.c1; ++col) {
        const double v = envelope_at(w.c, lm, grid.cell_x(col), grid.cell_y(r), nullptr);
        if (v < inf)
          w.acc[static_cast<std::size_t>((r - t.r0) * tw + (col - t.c0))] += weight(d, rule, v);
      }
  }
}

// The accessibility value of every cell, tile by tile in parallel; cells outside `covered`
// (when given) become nodata.
std::vector<float> accessibility_values(const Grid& grid, const std::vector<Destination>& dests,
                                        const Rule& rule, const LastMile& lm,
                                        const std::vector<float>& covered, unsigned threads,
                                        const Progress& progress, const std::string& id) {
  std::vector<float> values(grid.cell_count(), 0.0f);
  const Tiling tiling = tiling_of(grid);
  Reporter report(progress, "accessibility " + id, tiling.count());
  core::parallel_for(
      tiling.count(), threads, [] { return TileWork{}; },
      [&](TileWork& w, std::size_t index) {
        const Tile t = tile_at(grid, tiling, index);
        accumulate_tile(t, grid, dests, rule, lm, w);
        const int tw = t.c1 - t.c0;
        for (int r = t.r0; r < t.r1; ++r)
          for (int col = t.c0; col < t.c1; ++col) {
            const std::size_t cell = static_cast<std::size_t>(r) * grid.width + col;
            const bool off_grid = !covered.empty() && std::isnan(covered[cell]);
            values[cell] =
                off_grid ? nan_f
                         : static_cast<float>(
                               w.acc[static_cast<std::size_t>((r - t.r0) * tw + (col - t.c0))]);
          }
        report.step();
      });
  return values;
}

// Unit, title and the metadata that tell a reader which decay rule the values follow.
void describe_accessibility(Surface& out, const Rule& rule) {
  switch (rule.decay) {
    case model::SurfaceSpec::Decay::none:
      out.unit = "persons";
      out.title = "Population reachable within " + number(rule.max_minutes) + " min";
      out.metadata["max_minutes"] = number(rule.max_minutes);
      break;
    case model::SurfaceSpec::Decay::exponential:
      out.unit = "persons (weighted)";
      out.title = "Gravity accessibility, population x exp(-" + number(rule.beta) + " t)";
      break;
    case model::SurfaceSpec::Decay::power:
      out.unit = "persons (weighted)";
      out.title = "Gravity accessibility, population x t^-" + number(rule.beta);
      break;
  }
  out.metadata["kind"] = "accessibility";
  out.metadata["decay"] = rule.decay == model::SurfaceSpec::Decay::none          ? "cumulative"
                          : rule.decay == model::SurfaceSpec::Decay::exponential ? "exponential"
                                                                                 : "power";
  if (rule.decay != model::SurfaceSpec::Decay::none) out.metadata["beta"] = number(rule.beta);
}

Surface accessibility(ScenarioEngine& engine, const Grid& grid, const model::SurfaceSpec& spec,
                      const model::OffNetworkSpec& off, const std::string& profile,
                      unsigned threads, const Progress& progress) {
  const model::Scenario& s = engine.scenario();
  const auto& nodes = s.network.nodes;
  const LastMile lm = last_mile(grid, off);
  const Rule rule{spec.decay, spec.max_minutes, spec.beta};
  const bool from_raster = !grid.population.empty();
  const std::vector<std::size_t> dest_nodes = destination_nodes(s, spec, from_raster);

  // Every node's minutes to each destination: one search per destination on the reversed graph,
  // or over timetables one range RAPTOR per node.
  std::vector<Destination> dests;
  if (engine.on_timetable(profile)) {
    std::vector<std::string> ids;
    for (std::size_t n : dest_nodes) ids.push_back(nodes[n].id);
    const Eigen::MatrixXd to = timetable_minutes(engine, profile, ids, true);
    for (Eigen::Index k = 0; k < to.cols(); ++k) {
      const Eigen::VectorXd column = to.col(k);
      dests.emplace_back().seeds =
          seeds_of(grid, std::vector<double>(column.begin(), column.end()));
    }
  } else {
    const graph::RoutingGraph& g = time_graph(engine, profile);
    const graph::RoutingGraph back = graph::reversed(g);
    dests = destinations_with_seeds(g, back, grid, dest_nodes, nodes.size(), threads);
  }
  prepare_destinations(dests, population_zones(s, grid, dest_nodes, lm, from_raster, threads), grid,
                       lm, rule);

  Surface out;
  const std::vector<float> covered = reach_of_nodes(grid, nodes.size(), lm, threads);
  out.values = accessibility_values(grid, dests, rule, lm, covered, threads, progress, spec.id);
  out.id = spec.id;
  out.kind = spec.kind;
  describe_accessibility(out, rule);
  out.metadata["destinations"] = spec.group;
  out.metadata["population_source"] = from_raster ? grid.population_source : "node populations";
  add_scenario_metadata(out, profile, off, s);
  return out;
}

}  // namespace

void add_scenario_metadata(Surface& out, const std::string& profile,
                           const model::OffNetworkSpec& off, const model::Scenario& s) {
  out.metadata["scenario"] = s.id;
  out.metadata["scenario_name"] = s.name;
  if (s.year) out.metadata["year"] = std::to_string(*s.year);
  out.metadata["profile"] = profile;
  out.metadata["off_network_mode"] = off.mode;
  out.metadata["off_network_speed_kmh"] = number(off.speed_kmh);
  out.metadata["off_network_detour_factor"] = number(off.detour_factor);
  if (off.max_km) out.metadata["off_network_max_km"] = number(*off.max_km);
  if (s.rides_timetable(profile)) {
    const model::TransitSpec& t = *s.transit;
    out.metadata["timetable"] = "p" + number(t.percentiles.front()) + " of the departures " +
                                model::clock_text(t.departure_from, false) + "-" +
                                model::clock_text(t.departure_to, false) + " every " +
                                std::to_string(t.step_min) + " min on " + t.date;
  }
}

LastMile last_mile(const Grid& grid, const model::OffNetworkSpec& off) {
  LastMile lm;
  // minutes per metre = detour / (km/h * 1000 m / 60 min)
  lm.minutes_per_unit = off.detour_factor * 60.0 / (off.speed_kmh * 1000.0) * grid.metres_per_unit;
  if (off.max_km) lm.max_units = *off.max_km * 1000.0 / grid.metres_per_unit;
  return lm;
}

void seed_envelope(const Grid& grid, const std::vector<Seed>& seeds, const LastMile& lm,
                   std::vector<float>& out, std::vector<int>* nearest, unsigned threads) {
  out.assign(grid.cell_count(), nan_f);
  if (nearest) nearest->assign(grid.cell_count(), -1);
  if (seeds.empty()) return;
  const Tiling tiling = tiling_of(grid);
  struct Work {
    Candidates c;
    std::vector<double> lb;
  };
  core::parallel_for(
      tiling.count(), threads, [] { return Work{}; },
      [&](Work& w, std::size_t index) {
        const Tile t = tile_at(grid, tiling, index);
        find_candidates(t, seeds, lm, w.c, w.lb);
        if (w.c.index.empty()) return;
        for (int r = t.r0; r < t.r1; ++r) {
          const double y = grid.cell_y(r);
          for (int c = t.c0; c < t.c1; ++c) {
            int winner = -1;
            const double v = envelope_at(w.c, lm, grid.cell_x(c), y, &winner);
            const std::size_t cell = static_cast<std::size_t>(r) * grid.width + c;
            if (v < inf) out[cell] = static_cast<float>(v);
            if (nearest) (*nearest)[cell] = winner;
          }
        }
      });
}

std::vector<std::string> resolve_places(const model::Scenario& scenario,
                                        const std::vector<std::string>& places) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  const auto add = [&](const std::string& id) {
    if (seen.insert(id).second) ids.push_back(id);
  };
  if (places.empty()) {
    for (const auto& id :
         scenario.group_members(scenario.key_group.empty() ? "all" : scenario.key_group))
      add(id);
    return ids;
  }
  for (const auto& p : places) {
    const std::string id = model::resolve_place_or_group(scenario, p);
    if (scenario.network.find_node(id)) {
      add(id);
    } else {
      for (const auto& member : scenario.group_members(id)) add(member);
    }
  }
  return ids;
}

std::vector<double> minutes_to_nodes(ScenarioEngine& engine, const std::string& profile,
                                     const std::vector<std::string>& place_ids, bool to_places) {
  if (engine.on_timetable(profile)) {
    // The nearest place's minutes: the least of the per-place percentiles (README "Scenarios
    // over timetables").
    const Eigen::MatrixXd m = timetable_minutes(engine, profile, place_ids, to_places);
    std::vector<double> minutes(static_cast<std::size_t>(m.rows()), nan_d);
    for (Eigen::Index n = 0; n < m.rows(); ++n)
      for (Eigen::Index k = 0; k < m.cols(); ++k)
        if (!std::isnan(m(n, k)) && !(m(n, k) >= minutes[n])) minutes[n] = m(n, k);
    return minutes;
  }
  const graph::RoutingGraph& g = time_graph(engine, profile);
  std::vector<core::Index> places;
  for (const auto& id : place_ids) {
    const core::Index i = g.node_index(id);
    if (i == core::invalid_index)
      throw core::UsageError("unknown place '" + id + "'" + core::did_you_mean(id, g.node_ids));
    places.push_back(i);
  }
  std::vector<double> minutes(g.node_ids.size(), nan_d);
  if (to_places) {
    const graph::RoutingGraph back = graph::reversed(g);
    routing::Dijkstra search(back);
    std::vector<core::Index> sources;
    for (core::Index p : places) sources.push_back(g.destination_of_node[p]);
    search.run(sources);
    for (std::size_t n = 0; n < minutes.size(); ++n)
      minutes[n] = to_minutes(search.distance(g.origin_of_node[n]));
  } else {
    routing::Dijkstra search(g);
    std::vector<core::Index> sources;
    for (core::Index p : places) sources.push_back(g.origin_of_node[p]);
    search.run(sources);
    for (std::size_t n = 0; n < minutes.size(); ++n)
      minutes[n] = to_minutes(search.distance(g.destination_of_node[n]));
  }
  for (core::Index p : places) minutes[p] = 0.0;
  return minutes;
}

Surface compute_surface(ScenarioEngine& engine, const Grid& grid, const model::SurfaceSpec& spec,
                        const model::OffNetworkSpec& off, const std::string& profile,
                        unsigned threads, const Progress& progress) {
  const model::Scenario& s = engine.scenario();
  check_grid(s, grid);
  const std::string prof = s.profile(spec.profile.empty() ? profile : spec.profile).id;
  if (spec.kind == model::SurfaceSpec::Kind::accessibility)
    return accessibility(engine, grid, spec, off, prof, threads, progress);

  Surface out;
  out.id = spec.id;
  out.kind = spec.kind;
  out.places = resolve_places(s, spec.places);
  if (progress) progress("travel time " + spec.id, 0.0);
  out.node_minutes = minutes_to_nodes(engine, prof, out.places, spec.to_places);
  seed_envelope(grid, seeds_of(grid, out.node_minutes), last_mile(grid, off), out.values, nullptr,
                threads);
  if (progress) progress("travel time " + spec.id, 1.0);
  const std::string who =
      spec.places.empty() ? core::join(out.places, ", ") : core::join(spec.places, ", ");
  const bool several = out.places.size() > 1;
  out.unit = "min";
  out.title = spec.to_places
                  ? "Travel time to " + std::string(several ? "the nearest of " : "") + who
                  : "Travel time from " + std::string(several ? "the nearest of " : "") + who;
  out.title += " (minutes)";
  out.metadata["kind"] = "travel_time";
  out.metadata["direction"] = spec.to_places ? "cell to places" : "places to cell";
  out.metadata["places"] = core::join(out.places, ",");
  add_scenario_metadata(out, prof, off, s);
  return out;
}

}  // namespace reachplan::analysis
