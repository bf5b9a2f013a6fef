#include "reachplan/analysis/cell_access.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/progress_steps.hpp"
#include "reachplan/core/distributed.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/parallel.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/grid_frame.hpp"
#include "reachplan/io/population_raster.hpp"
#include "reachplan/routing/ch_query.hpp"

namespace reachplan::analysis {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double pi = 3.14159265358979323846;

struct DecayName {
  std::string_view name;
  DecayFunction::Kind kind;
};
constexpr DecayName decay_names[] = {{"step", DecayFunction::Kind::step},
                                     {"linear", DecayFunction::Kind::linear},
                                     {"exponential", DecayFunction::Kind::exponential},
                                     {"logistic", DecayFunction::Kind::logistic}};

double logistic_scale(double width_min) {
  return width_min * std::sqrt(3.0) / pi;
}

}  // namespace

double DecayFunction::weight(double t) const {
  switch (kind) {
    case Kind::step:
      return t <= cutoff_min ? 1.0 : 0.0;
    case Kind::linear: {
      const double lo = cutoff_min - width_min / 2, hi = cutoff_min + width_min / 2;
      return t <= lo ? 1.0 : t >= hi ? 0.0 : (hi - t) / width_min;
    }
    case Kind::exponential:
      return std::exp2(-t / cutoff_min);
    case Kind::logistic:
      return 1.0 / (1.0 + std::exp((t - cutoff_min) / logistic_scale(width_min)));
  }
  return 0.0;
}

double DecayFunction::reach_min() const {
  switch (kind) {
    case Kind::step:
      return cutoff_min;
    case Kind::linear:
      return cutoff_min + width_min / 2;
    case Kind::exponential:
      return cutoff_min * 30.0;  // 2^-30 < 1e-9
    case Kind::logistic:
      return cutoff_min + logistic_scale(width_min) * 21.0;  // e^-21 < 1e-9
  }
  return inf;
}

DecayFunction::Kind decay_kind(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& d : decay_names) {
    if (d.name == name) return d.kind;
    names.emplace_back(d.name);
  }
  throw core::UsageError("unknown decay function '" + std::string(name) + "'; use one of " +
                         core::join(names, ", "));
}

const char* to_string(DecayFunction::Kind k) {
  for (const auto& d : decay_names)
    if (d.kind == k) return d.name.data();
  return "?";
}

// ---- joining cells to vertices ----------------------------------------------------------------

namespace {

// Vertices bucketed by the grid's cells, over the grid grown by `ring` cells each way (a vertex
// beyond that is farther than max_snap from every cell).
struct Buckets {
  int ring = 0, cols = 0, rows = 0;
  std::vector<core::Index> first;  // cols*rows + 1
  std::vector<core::Index> vertex;

  Buckets(const Grid& g, int ring_cells) : ring(ring_cells) {
    cols = g.width + 2 * ring;
    rows = g.height + 2 * ring;
    const std::size_t n = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
    std::vector<std::size_t> of(g.node_x.size(), n);
    std::vector<core::Index> count(n + 1, 0);
    for (std::size_t v = 0; v < g.node_x.size(); ++v) {
      const double c = std::floor((g.node_x[v] - g.x0) / g.cell) + ring;
      const double r = std::floor((g.y0 - g.node_y[v]) / g.cell) + ring;
      if (!(c >= 0 && c < cols && r >= 0 && r < rows)) continue;
      of[v] = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) +
              static_cast<std::size_t>(c);
      ++count[of[v] + 1];
    }
    for (std::size_t b = 0; b < n; ++b) count[b + 1] += count[b];
    first = count;
    vertex.resize(first[n]);
    for (std::size_t v = 0; v < of.size(); ++v)
      if (of[v] < n) vertex[count[of[v]]++] = static_cast<core::Index>(v);
  }
};

// The nearest vertex to the centre of cell (col, row) within max_units: rings of buckets
// outwards until no farther ring can hold a nearer vertex.
std::pair<core::Index, double> nearest_vertex(const Grid& g, const Buckets& b, int col, int row,
                                              double max_units) {
  const double x = g.cell_x(col), y = g.cell_y(row);
  core::Index best = core::invalid_index;
  double best_d = inf;
  const auto visit = [&](int c, int r) {
    if (c < 0 || r < 0 || c >= b.cols || r >= b.rows) return;
    const std::size_t k = static_cast<std::size_t>(r) * b.cols + c;
    for (core::Index i = b.first[k]; i < b.first[k + 1]; ++i) {
      const core::Index v = b.vertex[i];
      const double d = std::hypot(g.node_x[v] - x, g.node_y[v] - y);
      if (d <= max_units && (d < best_d || (d == best_d && v < best))) {
        best = v;
        best_d = d;
      }
    }
  };
  const int c0 = col + b.ring, r0 = row + b.ring;
  for (int k = 0; k <= b.ring; ++k) {
    if (k == 0) {
      visit(c0, r0);
    } else {
      for (int i = -k; i <= k; ++i) {
        visit(c0 + i, r0 - k);
        visit(c0 + i, r0 + k);
      }
      for (int i = -k + 1; i <= k - 1; ++i) {
        visit(c0 - k, r0 + i);
        visit(c0 + k, r0 + i);
      }
    }
    // Every vertex of ring k + 1 is at least (k + 0.5) cells from the centre.
    if (best_d < (k + 0.5) * g.cell) break;
  }
  return {best, best_d};
}

}  // namespace

CellJoin join_cells(const Grid& grid, double max_units) {
  const double span = std::max(grid.width, grid.height) + 1.0;
  const int ring = static_cast<int>(std::min(span, std::ceil(max_units / grid.cell)));
  const Buckets buckets(grid, ring);
  CellJoin j;
  j.vertex.assign(grid.cell_count(), core::invalid_index);
  j.distance.assign(grid.cell_count(), inf);
  core::parallel_for(
      static_cast<std::size_t>(grid.height), 0, [] { return 0; },
      [&](int, std::size_t row) {
        for (int col = 0; col < grid.width; ++col) {
          const auto [v, d] = nearest_vertex(grid, buckets, col, static_cast<int>(row), max_units);
          const std::size_t cell = row * static_cast<std::size_t>(grid.width) + col;
          j.vertex[cell] = v;
          j.distance[cell] = d;
        }
      });
  return j;
}

// ---- the sums ---------------------------------------------------------------------------------

namespace {

void check_settings(const CellAccessSettings& s, const Grid& grid,
                    const std::vector<double>& opportunities, std::size_t vertices) {
  const DecayFunction& d = s.decay;
  const auto bad = [](const std::string& what, double v) {
    throw core::UsageError(what + " (got " + core::fixed_decimals(v, 3) + ")");
  };
  if (!(d.cutoff_min > 0) || !std::isfinite(d.cutoff_min))
    bad(std::string(d.kind == DecayFunction::Kind::exponential ? "the half-life" : "the cutoff") +
            " must be > 0 minutes",
        d.cutoff_min);
  if ((d.kind == DecayFunction::Kind::linear || d.kind == DecayFunction::Kind::logistic) &&
      (!(d.width_min > 0) || !std::isfinite(d.width_min)))
    bad(std::string(d.kind == DecayFunction::Kind::linear ? "the ramp width"
                                                          : "the standard deviation") +
            " must be > 0 minutes",
        d.width_min);
  if (!(s.access_kmh >= 1 && s.access_kmh <= 200))
    bad("the access speed must be 1 to 200 km/h", s.access_kmh);
  if (!(s.max_snap_m >= 0) || !std::isfinite(s.max_snap_m))
    bad("the largest snap distance must be >= 0 metres", s.max_snap_m);
  if (opportunities.size() != grid.cell_count())
    throw std::invalid_argument("cell_accessibility: one opportunity per cell");
  if (grid.node_x.size() != vertices)
    throw std::invalid_argument("cell_accessibility: one grid position per vertex");
  for (double a : opportunities)
    if (!(a >= 0) || !std::isfinite(a))
      throw std::invalid_argument("cell_accessibility: opportunities must be finite and >= 0");
}

// sum over destinations k of amount[k] * f(access + minutes[k]), the decay chosen once per
// call so the loop is a plain one the compiler vectorises (step and linear).
template <DecayFunction::Kind K>
double decayed_sum(const DecayFunction& f, double access, const double* minutes,
                   const double* amount, std::size_t n, double reach) {
  double sum = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double t = access + minutes[k];
    if constexpr (K == DecayFunction::Kind::step) {
      sum += t <= f.cutoff_min ? amount[k] : 0.0;
    } else if constexpr (K == DecayFunction::Kind::linear) {
      const double lo = f.cutoff_min - f.width_min / 2;
      sum += amount[k] * std::clamp((f.width_min - (t - lo)) / f.width_min, 0.0, 1.0);
    } else {
      if (t <= reach) sum += amount[k] * f.weight(t);
    }
  }
  return sum;
}

double decayed_sum(const DecayFunction& f, double access, const std::vector<double>& minutes,
                   const std::vector<double>& amount, double reach) {
  using K = DecayFunction::Kind;
  const std::size_t n = minutes.size();
  switch (f.kind) {
    case K::step:
      return decayed_sum<K::step>(f, access, minutes.data(), amount.data(), n, reach);
    case K::linear:
      return decayed_sum<K::linear>(f, access, minutes.data(), amount.data(), n, reach);
    case K::exponential:
      return decayed_sum<K::exponential>(f, access, minutes.data(), amount.data(), n, reach);
    case K::logistic:
      return decayed_sum<K::logistic>(f, access, minutes.data(), amount.data(), n, reach);
  }
  return 0;
}

}  // namespace

CellAccessPlan::CellAccessPlan(const graph::ContractionHierarchy& ch, const Grid& grid,
                               const std::vector<double>& opportunities,
                               const CellAccessSettings& settings)
    : ch_(ch), settings_(settings), cells_(grid.cell_count()) {
  check_settings(settings, grid, opportunities, ch.vertex_count());
  const double min_per_unit = 60.0 / (settings.access_kmh * 1000.0) * grid.metres_per_unit;
  const CellJoin join = join_cells(grid, settings.max_snap_m / grid.metres_per_unit);

  // Origins: the joined cells grouped by vertex, vertices ascending.
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < join.vertex.size(); ++c)
    if (join.vertex[c] != core::invalid_index) order.push_back(c);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return join.vertex[a] < join.vertex[b]; });
  for (std::size_t i = 0; i < order.size(); ++i) {
    const core::Index v = join.vertex[order[i]];
    if (vertex_.empty() || vertex_.back() != v) {
      vertex_.push_back(v);
      first_.push_back(i);
    }
    origin_access_.push_back(join.distance[order[i]] * min_per_unit);
  }
  first_.push_back(order.size());
  origin_cell_ = std::move(order);
  joined_cells_ = origin_cell_.size();

  // Destinations: the joined cells that hold opportunities, in the hierarchy's internal order
  // so gathering their labels reads the sweep's array front to back.
  std::vector<std::size_t> dest;
  for (std::size_t c = 0; c < cells_; ++c) {
    opportunities_ += opportunities[c];
    if (join.vertex[c] == core::invalid_index || !(opportunities[c] > 0)) continue;
    opportunities_joined_ += opportunities[c];
    dest.push_back(c);
  }
  std::stable_sort(dest.begin(), dest.end(), [&](std::size_t a, std::size_t b) {
    return ch.internal_of[join.vertex[a]] < ch.internal_of[join.vertex[b]];
  });
  own_dest_.assign(cells_, -1);
  for (std::size_t k = 0; k < dest.size(); ++k) {
    const std::size_t c = dest[k];
    dest_internal_.push_back(ch.internal_of[join.vertex[c]]);
    dest_egress_.push_back(join.distance[c] * min_per_unit);
    dest_amount_.push_back(opportunities[c]);
    own_dest_[c] = static_cast<std::ptrdiff_t>(k);
  }
}

std::size_t CellAccessPlan::block_count() const {
  return (vertex_.size() + lanes - 1) / lanes;
}

std::size_t CellAccessPlan::block_cells(std::size_t block) const {
  const std::size_t first = block * lanes;
  const std::size_t last = std::min(first + lanes, vertex_.size());
  return first_[last] - first_[first];
}

CellAccessPlan::Work CellAccessPlan::work() const {
  return Work{routing::PhastLanes(ch_), {}};
}

void CellAccessPlan::run_block(std::size_t block, Work& w, float* out) const {
  const std::size_t first = block * lanes;
  const std::size_t count = std::min(lanes, vertex_.size() - first);
  w.phast.run(vertex_.data() + first, count);
  const double reach = settings_.decay.reach_min();
  const DecayFunction& f = settings_.decay;
  std::size_t at = 0;
  w.minutes.resize(dest_internal_.size());
  for (std::size_t l = 0; l < count; ++l) {
    // Minutes from the lane's vertex to each destination cell's centre.
    for (std::size_t k = 0; k < dest_internal_.size(); ++k) {
      const std::uint32_t ms = w.phast.internal_lanes(dest_internal_[k])[l];
      w.minutes[k] = ms >= core::unreachable_ms.ms ? inf : ms / 60000.0 + dest_egress_[k];
    }
    const std::size_t g = first + l;
    for (std::size_t i = first_[g]; i < first_[g + 1]; ++i) {
      const double access = origin_access_[i];
      double sum = decayed_sum(f, access, w.minutes, dest_amount_, reach);
      // A cell reaches its own opportunities at once, not through its vertex and back.
      const std::ptrdiff_t own = own_dest_[origin_cell_[i]];
      if (own >= 0) {
        const double t = access + w.minutes[static_cast<std::size_t>(own)];
        const double a = dest_amount_[static_cast<std::size_t>(own)];
        sum += a * f.weight(0.0) - (t <= reach ? a * f.weight(t) : 0.0);
      }
      out[at++] = static_cast<float>(sum);
    }
  }
}

void CellAccessPlan::scatter(std::size_t block, const float* values,
                             std::vector<float>& surface) const {
  const std::size_t first = block * lanes;
  const std::size_t last = std::min(first + lanes, vertex_.size());
  for (std::size_t i = first_[first], k = 0; i < first_[last]; ++i, ++k)
    surface[origin_cell_[i]] = values[k];
}

namespace {

// The threads' search state, kept from chunk to chunk (a PhastLanes holds two arrays of
// lanes x vertices: too big to allocate per chunk).
class WorkPool {
 public:
  explicit WorkPool(const CellAccessPlan& plan) : plan_(plan) {}
  struct Lease {
    WorkPool* pool;
    std::unique_ptr<CellAccessPlan::Work> work;
    Lease(WorkPool* p, std::unique_ptr<CellAccessPlan::Work> w) : pool(p), work(std::move(w)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (work) pool->give_back(std::move(work));
    }
  };
  Lease lease() {
    const std::lock_guard lock(mutex_);
    if (free_.empty()) return {this, std::make_unique<CellAccessPlan::Work>(plan_.work())};
    auto w = std::move(free_.back());
    free_.pop_back();
    return {this, std::move(w)};
  }
  void give_back(std::unique_ptr<CellAccessPlan::Work> w) {
    const std::lock_guard lock(mutex_);
    free_.push_back(std::move(w));
  }

 private:
  const CellAccessPlan& plan_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<CellAccessPlan::Work>> free_;
};

}  // namespace

CellAccess cell_accessibility(const graph::ContractionHierarchy& ch, const Grid& grid,
                              const std::vector<double>& opportunities,
                              const CellAccessSettings& settings, const Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const CellAccessPlan plan(ch, grid, opportunities, settings);
  CellAccess out;
  out.values.assign(grid.cell_count(), std::numeric_limits<float>::quiet_NaN());
  Reporter report(progress, "accessibility of every cell", plan.block_count());
  const unsigned threads = core::threads_per_rank(settings.threads);
  WorkPool pool(plan);
  // Where each block of a chunk starts among the chunk's values.
  const auto offsets = [&](std::size_t first, std::size_t last) {
    std::vector<std::size_t> at(last - first + 1, 0);
    for (std::size_t b = first; b < last; ++b)
      at[b - first + 1] = at[b - first] + plan.block_cells(b);
    return at;
  };
  const auto compute = [&](std::size_t first, std::size_t last) {
    const auto at = offsets(first, last);
    std::vector<char> bytes(at.back() * sizeof(float));
    auto* values = reinterpret_cast<float*>(bytes.data());
    core::parallel_for(
        last - first, threads, [&] { return pool.lease(); },
        [&](WorkPool::Lease& lease, std::size_t i) {
          plan.run_block(first + i, *lease.work, values + at[i]);
        });
    return bytes;
  };
  const auto take = [&](std::size_t first, std::size_t last, const std::vector<char>& bytes) {
    const auto at = offsets(first, last);
    if (bytes.size() != at.back() * sizeof(float))
      throw std::runtime_error("cell_accessibility: a chunk's results have the wrong size");
    const auto* values = reinterpret_cast<const float*>(bytes.data());
    for (std::size_t b = first; b < last; ++b) {
      plan.scatter(b, values + at[b - first], out.values);
      report.step();
    }
  };
  core::deal_blocks(plan.block_count(), 4 * static_cast<std::size_t>(threads), compute, take);
  out.joined_cells = plan.joined_cells();
  out.searches = plan.searches();
  out.opportunities = plan.opportunities();
  out.opportunities_joined = plan.opportunities_joined();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

namespace {

Surface describe(const CellAccessRequest& rq, const CellAccess& a) {
  Surface out;
  out.id = "access";
  out.kind = model::SurfaceSpec::Kind::accessibility;
  const DecayFunction& d = rq.settings.decay;
  const std::string what = rq.opportunities.empty() ? "cells" : "opportunities";
  const std::string cutoff = core::fixed_decimals(d.cutoff_min, 1);
  const std::string width = core::fixed_decimals(d.width_min, 1);
  switch (d.kind) {
    case DecayFunction::Kind::step:
      out.title = "Opportunities within " + cutoff + " min, from every cell";
      break;
    case DecayFunction::Kind::linear:
      out.title = "Opportunities weighted linearly from " + cutoff + " min (width " + width +
                  " min), from every cell";
      break;
    case DecayFunction::Kind::exponential:
      out.title = "Opportunities weighted by 2^(-t / " + cutoff + " min), from every cell";
      break;
    case DecayFunction::Kind::logistic:
      out.title = "Opportunities weighted logistically around " + cutoff + " min (sd " + width +
                  " min), from every cell";
      break;
  }
  out.unit = what;
  out.values = a.values;
  out.metadata["kind"] = "accessibility";
  out.metadata["origins"] = "every cell";
  out.metadata["decay"] = to_string(d.kind);
  out.metadata["cutoff_min"] = cutoff;
  if (d.kind == DecayFunction::Kind::linear || d.kind == DecayFunction::Kind::logistic)
    out.metadata["width_min"] = width;
  out.metadata["opportunities"] = rq.opportunities.empty() ? "one per cell" : rq.opportunities;
  out.metadata["network"] = rq.network;
  out.metadata["access_kmh"] = core::fixed_decimals(rq.settings.access_kmh, 2);
  out.metadata["max_snap_m"] = core::fixed_decimals(rq.settings.max_snap_m, 0);
  return out;
}

// Per thread: the lanes of PHAST (two arrays of vertex x lanes) and one lane's minutes per
// destination; shared: the values, the joins and the destinations.
MemoryEstimate estimate(std::size_t vertices, std::size_t cells, unsigned threads) {
  MemoryEstimate e;
  const std::uint64_t t = core::threads_per_rank(threads);
  e.add(t * (vertices * routing::PhastLanes::lanes * 8 + vertices * 8 + cells * 8),
        "searches of " + std::to_string(t) + " threads", "use fewer --threads");
  e.add(static_cast<std::uint64_t>(cells) * 64, std::to_string(cells) + " cells",
        "use a coarser --resolution or a smaller --extent");
  return e;
}

}  // namespace

CellAccessRun run_cell_access(const CellAccessRequest& rq, const Progress& progress,
                              const std::function<bool(std::size_t cells)>& wants_progress) {
  if (rq.network.empty()) throw core::UsageError("access needs --network");
  const RoadHierarchy h = load_road_hierarchy(
      rq.network, road_load_options(rq.profile, rq.bbox, rq.cache_dir, rq.use_cache), rq.warn);
  const model::RoadNetwork& net = *h.roads.network;

  CellAccessRun run;
  run.grid = make_grid(net.lon, net.lat, rq.grid, "road network " + rq.network);
  check_memory(estimate(net.vertex_count(), run.grid.cell_count(), rq.settings.threads),
               rq.max_memory);
  std::vector<double> amount(run.grid.cell_count(), 1.0);
  if (!rq.opportunities.empty())
    amount = io::read_population(rq.opportunities, run.grid.crs_wkt, run.grid);
  const bool report = core::is_root() && wants_progress && wants_progress(run.grid.cell_count());
  run.access =
      cell_accessibility(h.ch, run.grid, amount, rq.settings, report ? progress : Progress{});
  run.surface = describe(rq, run.access);
  run.vertices = net.vertex_count();
  run.edges = net.edge_count();
  return run;
}

}  // namespace reachplan::analysis
