#include "reachplan/analysis/cell_access.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/progress_steps.hpp"
#include "reachplan/core/constants.hpp"
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

// Points bucketed in squares of `side` x `side` cells, over the grid grown by `ring` squares
// each way (a point beyond that is farther than max_units from every cell). The squares grow
// with the grid's cells per point, so a coarse network's few places (a hundred over a million
// cells) are found in a few rings, not hundreds.
struct Buckets {
  int side = 1, ring = 0, cols = 0, rows = 0;
  double size = 0;                 // a square's side in CRS units
  std::vector<core::Index> first;  // cols*rows + 1
  std::vector<core::Index> vertex;
  const std::vector<double>& x;
  const std::vector<double>& y;

  Buckets(const Grid& g, const std::vector<double>& px, const std::vector<double>& py,
          double max_units)
      : x(px), y(py) {
    const double per_point = static_cast<double>(g.cell_count()) /
                             static_cast<double>(std::max<std::size_t>(1, x.size()));
    side = static_cast<int>(std::clamp(std::floor(std::sqrt(per_point)), 1.0,
                                       static_cast<double>(std::max(g.width, g.height))));
    size = side * g.cell;
    const double span = std::ceil(static_cast<double>(std::max(g.width, g.height)) / side) + 1.0;
    ring = static_cast<int>(std::min(span, std::ceil(max_units / size)));
    cols = (g.width + side - 1) / side + 2 * ring;
    rows = (g.height + side - 1) / side + 2 * ring;
    const std::size_t n = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
    std::vector<std::size_t> of(x.size(), n);
    std::vector<core::Index> count(n + 1, 0);
    for (std::size_t v = 0; v < x.size(); ++v) {
      const double c = std::floor((x[v] - g.x0) / size) + ring;
      const double r = std::floor((g.y0 - y[v]) / size) + ring;
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

// The nearest point to the centre of cell (col, row) within max_units (ties to the lower
// index): rings of squares outwards until no farther ring can hold a nearer point.
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
      const double d = std::hypot(b.x[v] - x, b.y[v] - y);
      if (d <= max_units && (d < best_d || (d == best_d && v < best))) {
        best = v;
        best_d = d;
      }
    }
  };
  const int c0 = col / b.side + b.ring, r0 = row / b.side + b.ring;
  // How far the centre lies inside its square, to the nearest edge.
  const double inset =
      std::min({x - (g.x0 + (col / b.side) * b.size), (g.x0 + (col / b.side + 1) * b.size) - x,
                (g.y0 - (row / b.side) * b.size) - y, y - (g.y0 - (row / b.side + 1) * b.size)});
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
    // Every point of ring k + 1 is at least k squares plus the inset from the centre.
    if (best_d < k * b.size + inset) break;
  }
  return {best, best_d};
}

}  // namespace

CellJoin join_cells(const Grid& grid, double max_units) {
  return join_cells(grid, grid.node_x, grid.node_y, max_units);
}

CellJoin join_cells(const Grid& grid, const std::vector<double>& x, const std::vector<double>& y,
                    double max_units) {
  if (x.size() != y.size()) throw std::invalid_argument("join_cells: one y per x");
  const Buckets buckets(grid, x, y, max_units);
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
                    const std::vector<double>& opportunities, const CellSites& sites,
                    std::size_t vertices) {
  const DecayFunction& d = s.decay;
  const auto bad = [](const std::string& what, double v) {
    std::ostringstream shown;  // 1e+308, not three hundred digits
    if (std::abs(v) < 1e7)
      shown << core::fixed_decimals(v, 3);
    else
      shown << std::setprecision(3) << v;
    throw core::UsageError(what + " (got " + shown.str() + ")");
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
  if (d.cutoff_min > core::max_trip_minutes || d.width_min > core::max_trip_minutes)
    bad("the decay's minutes must be at most " + core::fixed_decimals(core::max_trip_minutes, 0) +
            " (a week)",
        std::max(d.cutoff_min, d.width_min));
  if (!(s.access_kmh >= 1 && s.access_kmh <= 200))
    bad("the access speed must be 1 to 200 km/h", s.access_kmh);
  if (!(s.max_snap_m >= 0) || !std::isfinite(s.max_snap_m))
    bad("the largest snap distance must be >= 0 metres", s.max_snap_m);
  if (opportunities.size() != grid.cell_count())
    throw std::invalid_argument("cell_accessibility: one opportunity per cell");
  for (double a : opportunities)
    if (!(a >= 0) || !std::isfinite(a))
      throw std::invalid_argument("cell_accessibility: opportunities must be finite and >= 0");
  const std::size_t n = sites.size();
  if (sites.y.size() != n || sites.origin.size() != n || sites.destination.size() != n ||
      (!sites.opportunities.empty() && sites.opportunities.size() != n))
    throw std::invalid_argument("cell_accessibility: sites of different sizes");
  for (std::size_t i = 0; i < n; ++i)
    if (sites.origin[i] >= vertices || sites.destination[i] >= vertices ||
        (!sites.opportunities.empty() &&
         (!(sites.opportunities[i] >= 0) || !std::isfinite(sites.opportunities[i]))))
      throw std::invalid_argument("cell_accessibility: a site off the hierarchy");
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

CellSites road_sites(const Grid& grid) {
  CellSites s;
  s.x = grid.node_x;
  s.y = grid.node_y;
  s.origin.resize(grid.node_x.size());
  for (std::size_t v = 0; v < s.origin.size(); ++v) s.origin[v] = static_cast<core::Index>(v);
  s.destination = s.origin;
  return s;
}

CellAccessPlan::CellAccessPlan(const graph::ContractionHierarchy& ch, const Grid& grid,
                               const std::vector<double>& opportunities,
                               const CellAccessSettings& settings)
    : CellAccessPlan(ch, grid, road_sites(grid), opportunities, settings) {}

CellAccessPlan::CellAccessPlan(const graph::ContractionHierarchy& ch, const Grid& grid,
                               const CellSites& sites, const std::vector<double>& opportunities,
                               const CellAccessSettings& settings)
    : ch_(ch), settings_(settings), cells_(grid.cell_count()) {
  check_settings(settings, grid, opportunities, sites, ch.vertex_count());
  const double min_per_unit = 60.0 / (settings.access_kmh * 1000.0) * grid.metres_per_unit;
  const CellJoin join =
      join_cells(grid, sites.x, sites.y, settings.max_snap_m / grid.metres_per_unit);

  // Origins: the joined cells grouped by site, sites ascending.
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < join.vertex.size(); ++c)
    if (join.vertex[c] != core::invalid_index) order.push_back(c);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return join.vertex[a] < join.vertex[b]; });
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t site = join.vertex[order[i]];
    if (site_.empty() || site_.back() != site) {
      site_.push_back(site);
      origin_.push_back(sites.origin[site]);
      first_.push_back(i);
    }
    origin_access_.push_back(join.distance[order[i]] * min_per_unit);
  }
  first_.push_back(order.size());
  origin_cell_ = std::move(order);
  joined_cells_ = origin_cell_.size();

  // Destinations: the joined cells that hold opportunities and the sites' own, in the
  // hierarchy's internal order so gathering their labels reads the sweep's array front to back.
  struct Dest {
    std::size_t site;
    double egress, amount;
    std::ptrdiff_t cell;  // -1: a site's own
  };
  std::vector<Dest> dest;
  for (std::size_t c = 0; c < cells_; ++c) {
    opportunities_ += opportunities[c];
    if (join.vertex[c] == core::invalid_index || !(opportunities[c] > 0)) continue;
    opportunities_joined_ += opportunities[c];
    dest.push_back({join.vertex[c], join.distance[c] * min_per_unit, opportunities[c],
                    static_cast<std::ptrdiff_t>(c)});
  }
  for (std::size_t i = 0; i < sites.opportunities.size(); ++i) {
    opportunities_ += sites.opportunities[i];
    if (!(sites.opportunities[i] > 0)) continue;
    opportunities_joined_ += sites.opportunities[i];
    dest.push_back({i, 0.0, sites.opportunities[i], -1});
  }
  const auto internal = [&](const Dest& d) { return ch.internal_of[sites.destination[d.site]]; };
  std::stable_sort(dest.begin(), dest.end(),
                   [&](const Dest& a, const Dest& b) { return internal(a) < internal(b); });
  own_dest_.assign(cells_, -1);
  std::vector<std::pair<std::size_t, std::size_t>> at_site(sites.size(), {0, 0});
  for (std::size_t k = 0; k < dest.size(); ++k) {
    const Dest& d = dest[k];
    dest_internal_.push_back(internal(d));
    dest_egress_.push_back(d.egress);
    dest_amount_.push_back(d.amount);
    if (d.cell >= 0) own_dest_[static_cast<std::size_t>(d.cell)] = static_cast<std::ptrdiff_t>(k);
    auto& range = at_site[d.site];
    if (range.first == range.second) range.first = k;
    range.second = k + 1;
  }
  for (std::size_t site : site_) same_.push_back(at_site[site]);

  if (direct_pair_sums() > max_direct_pair_sums)
    throw core::UsageError(
        "every cell as an origin would sum " + core::fixed_decimals(direct_pair_sums(), 0) +
        " pairs of cells one by one (more than " + core::fixed_decimals(max_direct_pair_sums, 0) +
        ", hours per core): use a coarser resolution, a smaller extent, or a step, linear or "
        "exponential decay (summed over sorted times)");
}

std::size_t CellAccessPlan::block_count() const {
  return (site_.size() + lanes - 1) / lanes;
}

std::size_t CellAccessPlan::block_cells(std::size_t block) const {
  const std::size_t first = block * lanes;
  const std::size_t last = std::min(first + lanes, site_.size());
  return first_[last] - first_[first];
}

CellAccessPlan::Work CellAccessPlan::work() const {
  return Work{routing::PhastLanes(ch_), {}, {}, {}, {}};
}

// A group of fewer cells sums each cell over the destinations; a bigger one sorts its lane
// once and answers each cell with binary searches (a site of a coarse network serves thousands
// of cells). Logistic decay has no closed form over a sorted range: always summed directly.
bool CellAccessPlan::sums_sorted(std::size_t g) const {
  constexpr std::size_t min_cells = 32;
  return first_[g + 1] - first_[g] >= min_cells &&
         settings_.decay.kind != DecayFunction::Kind::logistic;
}

double CellAccessPlan::direct_pair_sums() const {
  double pairs = 0;
  for (std::size_t g = 0; g < site_.size(); ++g)
    if (!sums_sorted(g))
      pairs += static_cast<double>(first_[g + 1] - first_[g]) *
               static_cast<double>(dest_internal_.size());
  return pairs;
}

namespace {

// One lane's destinations sorted by minutes, with prefix sums that give each decay's total for
// an access time in two binary searches: amounts (step, linear), amount x minutes (linear),
// amount x 2^(-minutes / half-life) (exponential). counted() is the weight the sum gave one
// destination, so a cell's own opportunities are taken out exactly as they were put in.
class SortedLane {
 public:
  SortedLane(const DecayFunction& f, const std::vector<double>& minutes,
             const std::vector<double>& amount, CellAccessPlan::Work& w)
      : f_(f), w_(w) {
    w.sorted.resize(minutes.size());
    for (std::size_t k = 0; k < minutes.size(); ++k) w.sorted[k] = {minutes[k], amount[k]};
    std::sort(w.sorted.begin(), w.sorted.end());
    w.prefix.assign(minutes.size() + 1, 0.0);
    w.prefix2.assign(minutes.size() + 1, 0.0);
    for (std::size_t k = 0; k < w.sorted.size(); ++k) {
      const auto [m, a] = w.sorted[k];
      const bool finite = std::isfinite(m);
      w.prefix[k + 1] = w.prefix[k] + a;
      w.prefix2[k + 1] =
          w.prefix2[k] + (!finite                                 ? 0.0
                          : f.kind == DecayFunction::Kind::linear ? a * m
                                                                  : a * half_life_weight(m));
    }
  }
  double sum(double access) const {
    switch (f_.kind) {
      case DecayFunction::Kind::step:
        return w_.prefix[upto(f_.cutoff_min - access)];
      case DecayFunction::Kind::linear: {
        const double hi = f_.cutoff_min + f_.width_min / 2 - access;
        const std::size_t i1 = upto(f_.cutoff_min - f_.width_min / 2 - access);
        const std::size_t i2 = below(hi);
        return w_.prefix[i1] +
               (hi * (w_.prefix[i2] - w_.prefix[i1]) - (w_.prefix2[i2] - w_.prefix2[i1])) /
                   f_.width_min;
      }
      case DecayFunction::Kind::exponential:
        return half_life_weight(access) * w_.prefix2[upto(f_.reach_min() - access)];
      case DecayFunction::Kind::logistic:
        break;
    }
    throw std::logic_error("SortedLane: logistic decay has no sorted sum");
  }
  double counted(double access, double m) const {
    switch (f_.kind) {
      case DecayFunction::Kind::step:
        return m <= f_.cutoff_min - access ? 1.0 : 0.0;
      case DecayFunction::Kind::linear: {
        const double hi = f_.cutoff_min + f_.width_min / 2 - access;
        return m <= f_.cutoff_min - f_.width_min / 2 - access ? 1.0
               : m < hi                                       ? (hi - m) / f_.width_min
                                                              : 0.0;
      }
      case DecayFunction::Kind::exponential:
        return m <= f_.reach_min() - access ? half_life_weight(access) * half_life_weight(m) : 0.0;
      case DecayFunction::Kind::logistic:
        break;
    }
    throw std::logic_error("SortedLane: logistic decay has no sorted sum");
  }

 private:
  double half_life_weight(double m) const { return std::exp2(-m / f_.cutoff_min); }
  // Destinations with minutes <= t, and < t.
  std::size_t upto(double t) const {
    return static_cast<std::size_t>(
        std::upper_bound(w_.sorted.begin(), w_.sorted.end(), t,
                         [](double v, const std::pair<double, double>& e) { return v < e.first; }) -
        w_.sorted.begin());
  }
  std::size_t below(double t) const {
    return static_cast<std::size_t>(
        std::lower_bound(w_.sorted.begin(), w_.sorted.end(), t,
                         [](const std::pair<double, double>& e, double v) { return e.first < v; }) -
        w_.sorted.begin());
  }

  const DecayFunction& f_;
  const CellAccessPlan::Work& w_;
};

}  // namespace

void CellAccessPlan::run_block(std::size_t block, Work& w, float* out) const {
  const std::size_t first = block * lanes;
  const std::size_t count = std::min(lanes, site_.size() - first);
  w.phast.run(origin_.data() + first, count);
  std::size_t at = 0;
  w.minutes.resize(dest_internal_.size());
  for (std::size_t l = 0; l < count; ++l) {
    // Minutes from the lane's site to each destination cell's centre; 0 on the network to the
    // destinations at the site itself (on a road network the sweep says so too).
    for (std::size_t k = 0; k < dest_internal_.size(); ++k) {
      const std::uint32_t ms = w.phast.internal_lanes(dest_internal_[k])[l];
      w.minutes[k] = ms >= core::unreachable_ms.ms ? inf : ms / 60000.0 + dest_egress_[k];
    }
    const auto [same_first, same_last] = same_[first + l];
    for (std::size_t k = same_first; k < same_last; ++k) w.minutes[k] = dest_egress_[k];
    sum_group(first + l, w, out + at);
    at += first_[first + l + 1] - first_[first + l];
  }
}

// The values of group g's cells from the lane's minutes (w.minutes).
void CellAccessPlan::sum_group(std::size_t g, Work& w, float* out) const {
  const DecayFunction& f = settings_.decay;
  const double reach = f.reach_min();
  const bool sorted = sums_sorted(g);
  std::optional<SortedLane> lane;
  if (sorted) lane.emplace(f, w.minutes, dest_amount_, w);
  std::size_t at = 0;
  for (std::size_t i = first_[g]; i < first_[g + 1]; ++i) {
    const double access = origin_access_[i];
    double sum =
        sorted ? lane->sum(access) : decayed_sum(f, access, w.minutes, dest_amount_, reach);
    // A cell reaches its own opportunities at once, not through its site and back.
    const std::ptrdiff_t own = own_dest_[origin_cell_[i]];
    if (own >= 0) {
      const double m = w.minutes[static_cast<std::size_t>(own)];
      const double a = dest_amount_[static_cast<std::size_t>(own)];
      const double t = access + m;
      const double counted = sorted ? lane->counted(access, m) : (t <= reach ? f.weight(t) : 0.0);
      sum += a * f.weight(0.0) - a * counted;
    }
    out[at++] = static_cast<float>(sum);
  }
}

void CellAccessPlan::scatter(std::size_t block, const float* values,
                             std::vector<float>& surface) const {
  const std::size_t first = block * lanes;
  const std::size_t last = std::min(first + lanes, site_.size());
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
  return cell_accessibility(ch, grid, road_sites(grid), opportunities, settings, progress);
}

CellAccess cell_accessibility(const graph::ContractionHierarchy& ch, const Grid& grid,
                              const CellSites& sites, const std::vector<double>& opportunities,
                              const CellAccessSettings& settings, const Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const CellAccessPlan plan(ch, grid, sites, opportunities, settings);
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
  Surface out =
      describe_cell_access(rq.settings.decay, rq.opportunities.empty() ? "cells" : "opportunities");
  out.id = "access";
  out.values = a.values;
  out.metadata["opportunities"] = rq.opportunities.empty() ? "one per cell" : rq.opportunities;
  out.metadata["network"] = rq.network;
  out.metadata["access_kmh"] = core::fixed_decimals(rq.settings.access_kmh, 2);
  out.metadata["max_snap_m"] = core::fixed_decimals(rq.settings.max_snap_m, 0);
  return out;
}

}  // namespace

Surface describe_cell_access(const DecayFunction& d, const std::string& unit) {
  Surface out;
  out.kind = model::SurfaceSpec::Kind::accessibility;
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
  out.unit = unit;
  out.metadata["kind"] = "accessibility";
  out.metadata["origins"] = "every cell";
  out.metadata["decay"] = to_string(d.kind);
  out.metadata["cutoff_min"] = cutoff;
  if (d.kind == DecayFunction::Kind::linear || d.kind == DecayFunction::Kind::logistic)
    out.metadata["width_min"] = width;
  return out;
}

MemoryEstimate estimate_cell_access(std::size_t vertices, std::size_t cells, unsigned threads) {
  MemoryEstimate e;
  const std::uint64_t t = core::threads_per_rank(threads);
  // PHAST lanes and labels per vertex; per destination cell its minutes, its sorted (minutes,
  // amount) pair and two prefix sums.
  e.add(t * (vertices * routing::PhastLanes::lanes * 8 + vertices * 8 + cells * 40),
        "searches of " + std::to_string(t) + " threads", "use fewer --threads");
  e.add(static_cast<std::uint64_t>(cells) * 64, std::to_string(cells) + " cells",
        "use a coarser --resolution or a smaller --extent");
  return e;
}

CellAccessRun run_cell_access(const CellAccessRequest& rq, const Progress& progress,
                              const std::function<bool(std::size_t cells)>& wants_progress) {
  if (rq.network.empty()) throw core::UsageError("access needs --network");
  const RoadHierarchy h = load_road_hierarchy(
      rq.network, road_load_options(rq.profile, rq.bbox, rq.cache_dir, rq.use_cache), rq.warn);
  const model::RoadNetwork& net = *h.roads.network;

  CellAccessRun run;
  run.grid = make_grid(net.lon, net.lat, rq.grid, "road network " + rq.network);
  check_memory(estimate_cell_access(net.vertex_count(), run.grid.cell_count(), rq.settings.threads),
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
