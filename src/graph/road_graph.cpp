#include "reachplan/graph/road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "reachplan/core/geodesy.hpp"

namespace reachplan::graph {

std::size_t RoadGraph::memory_bytes() const {
  return first_out.size() * sizeof(Index) + head.size() * sizeof(Index) +
         weight.size() * sizeof(Weight);
}

RoadGraph make_road_graph(Index vertex_count, const std::vector<Index>& tails,
                          const std::vector<Index>& heads, const std::vector<Weight>& weights) {
  if (tails.size() != heads.size() || tails.size() != weights.size())
    throw std::invalid_argument("make_road_graph: arrays differ in length");
  RoadGraph g;
  g.first_out.assign(static_cast<std::size_t>(vertex_count) + 1, 0);
  for (Index t : tails) {
    if (t >= vertex_count) throw std::out_of_range("make_road_graph: tail out of range");
    ++g.first_out[t + 1];
  }
  for (Index v = 0; v < vertex_count; ++v) g.first_out[v + 1] += g.first_out[v];
  g.head.resize(tails.size());
  g.weight.resize(tails.size());
  std::vector<Index> next(g.first_out.begin(), g.first_out.end() - 1);
  for (std::size_t i = 0; i < tails.size(); ++i) {
    if (heads[i] >= vertex_count) throw std::out_of_range("make_road_graph: head out of range");
    const Index a = next[tails[i]]++;
    g.head[a] = heads[i];
    g.weight[a] = weights[i];
  }
  return g;
}

RoadGraph make_road_graph(const model::RoadNetwork& net) {
  std::vector<Weight> w(net.edge_count());
  for (Index e = 0; e < net.edge_count(); ++e) {
    const double ms = std::round(net.seconds[e] / core::seconds_per_millisecond);
    if (!(ms >= 0) || ms > static_cast<double>(max_road_arc.ms)) {
      const std::string id =
          e < net.edge_source_id.size() ? std::to_string(net.edge_source_id[e]) : "?";
      throw core::InputError(net.source + ": edge from source id " + id + ": travel time " +
                             std::to_string(net.seconds[e]) +
                             " s is negative or longer than the engine holds");
    }
    w[e] = Weight{static_cast<std::uint32_t>(ms)};
  }
  return make_road_graph(net.vertex_count(), net.from, net.to, w);
}

RoadGraph reverse(const RoadGraph& g) {
  std::vector<Index> tails(g.arc_count()), heads(g.arc_count());
  for (Index v = 0; v < g.vertex_count(); ++v)
    for (Index a = g.first_out[v]; a < g.first_out[v + 1]; ++a) {
      tails[a] = g.head[a];
      heads[a] = v;
    }
  return make_road_graph(g.vertex_count(), tails, heads, g.weight);
}

// ---------------------------------------------------------------------------------------------

NearestVertexIndex::NearestVertexIndex(const std::vector<double>& lon,
                                       const std::vector<double>& lat)
    : lon_(lon), lat_(lat) {
  const std::size_t n = lon.size();
  if (n == 0) return;
  double x0 = lon[0], x1 = lon[0], y0 = lat[0], y1 = lat[0];
  for (std::size_t i = 1; i < n; ++i) {
    x0 = std::min(x0, lon[i]);
    x1 = std::max(x1, lon[i]);
    y0 = std::min(y0, lat[i]);
    y1 = std::max(y1, lat[i]);
  }
  // About four vertices per bucket on average, over a square-celled grid.
  const double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
  cell_ = std::max(std::sqrt(w * h * 4.0 / static_cast<double>(n)), 1e-7);
  cols_ = std::min(4096, static_cast<int>(w / cell_) + 1);
  rows_ = std::min(4096, static_cast<int>(h / cell_) + 1);
  cell_ = std::max(w / cols_, h / rows_) * (1 + 1e-9);
  cols_ = static_cast<int>(w / cell_) + 1;
  rows_ = static_cast<int>(h / cell_) + 1;
  lon0_ = x0;
  lat0_ = y0;
  auto bucket = [&](std::size_t i) {
    const int c = std::clamp(static_cast<int>((lon[i] - lon0_) / cell_), 0, cols_ - 1);
    const int r = std::clamp(static_cast<int>((lat[i] - lat0_) / cell_), 0, rows_ - 1);
    return static_cast<std::size_t>(r) * cols_ + c;
  };
  bucket_first_.assign(static_cast<std::size_t>(cols_) * rows_ + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++bucket_first_[bucket(i) + 1];
  for (std::size_t b = 0; b + 1 < bucket_first_.size(); ++b)
    bucket_first_[b + 1] += bucket_first_[b];
  bucket_vertex_.resize(n);
  std::vector<Index> next(bucket_first_.begin(), bucket_first_.end() - 1);
  for (std::size_t i = 0; i < n; ++i) bucket_vertex_[next[bucket(i)]++] = static_cast<Index>(i);
}

Index NearestVertexIndex::nearest(double lon, double lat, double* metres) const {
  if (lon_.empty()) return core::invalid_index;
  const int c0 = std::clamp(static_cast<int>(std::floor((lon - lon0_) / cell_)), 0, cols_ - 1);
  const int r0 = std::clamp(static_cast<int>(std::floor((lat - lat0_) / cell_)), 0, rows_ - 1);
  // A bucket ring k away is at least this far in degrees of latitude (and of longitude scaled
  // by the cosine of the farthest latitude), which bounds its great-circle distance below.
  double max_abs_lat = std::max(std::abs(lat0_), std::abs(lat0_ + rows_ * cell_));
  max_abs_lat = std::max(max_abs_lat, std::abs(lat));
  const double cos_min = std::max(std::cos(std::min(max_abs_lat, 89.9) * M_PI / 180.0), 1e-3);
  const double metres_per_degree = core::earth_radius_m * M_PI / 180.0;
  // Distance from the query point to the outside of the searched square (outside the grid
  // counts as nothing left): the query may lie outside the grid too.
  const double qc = (lon - lon0_) / cell_, qr = (lat - lat0_) / cell_;
  Index best = core::invalid_index;
  double best_m = std::numeric_limits<double>::infinity();
  for (int k = 0;; ++k) {
    const int c_lo = c0 - k, c_hi = c0 + k, r_lo = r0 - k, r_hi = r0 + k;
    for (int r = r_lo; r <= r_hi; ++r) {
      if (r < 0 || r >= rows_) continue;
      const bool edge_row = r == r_lo || r == r_hi;
      for (int c = c_lo; c <= c_hi; c += (edge_row ? 1 : c_hi - c_lo)) {
        if (c >= 0 && c < cols_) {
          const std::size_t b = static_cast<std::size_t>(r) * cols_ + c;
          for (Index i = bucket_first_[b]; i < bucket_first_[b + 1]; ++i) {
            const Index v = bucket_vertex_[i];
            const double d = core::great_circle_km(lon, lat, lon_[v], lat_[v]) * 1000.0;
            if (d < best_m || (d == best_m && v < best)) {
              best_m = d;
              best = v;
            }
          }
        }
        if (c_hi == c_lo) break;
      }
    }
    const bool covers_all = c_lo <= 0 && r_lo <= 0 && c_hi >= cols_ - 1 && r_hi >= rows_ - 1;
    if (covers_all) break;
    // Cells not yet searched lie at least this many cells away from the query point.
    const double gap_c = std::min(qc - c_lo, c_hi + 1 - qc);
    const double gap_r = std::min(qr - r_lo, r_hi + 1 - qr);
    // Exact lower bounds: a latitude gap costs at least R * dphi, a longitude gap at least
    // 2R asin(cos(lat_max) sin(dlambda / 2)) (haversine with the smallest cosines).
    const double rad = M_PI / 180.0;
    const double lat_bound = std::max(0.0, gap_r) * cell_ * metres_per_degree;
    const double lon_bound =
        2.0 * core::earth_radius_m *
        std::asin(std::min(1.0, cos_min * std::sin(std::max(0.0, gap_c) * cell_ * rad / 2.0)));
    if (best != core::invalid_index && std::min(lat_bound, lon_bound) * 0.999999 > best_m) break;
  }
  if (metres) *metres = best_m;
  return best;
}

}  // namespace reachplan::graph
