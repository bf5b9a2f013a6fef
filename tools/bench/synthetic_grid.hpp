// A deterministic grid-like road graph for benchmarks at sizes no real extract in the repo has:
// a W x H lattice (about 100 m spacing) where every vertex links to its four neighbours both
// ways, with a road hierarchy as in a real town: a residential mesh (20-35 km/h), arterials on
// every 10th row and column (50-60 km/h), expressways on every 50th (90-100 km/h), 4% of mesh
// links missing and some oneway. Randomness is a splitmix64 stream from the seed, so the same
// arguments give the same graph on every platform and compiler.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "reachplan/graph/road_prepare.hpp"
#include "reachplan/model/road_network.hpp"

namespace reachplan::bench {

struct GridGraph {
  std::uint32_t vertices = 0;
  std::vector<double> lon, lat;
  std::vector<std::uint32_t> from, to;
  std::vector<double> length_m, seconds;
};

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  std::uint64_t s_;
};

inline GridGraph synthetic_grid(std::uint32_t width, std::uint32_t height, std::uint64_t seed = 1) {
  GridGraph g;
  SplitMix64 rng(seed);
  g.vertices = width * height;
  g.lon.resize(g.vertices);
  g.lat.resize(g.vertices);
  const double lat0 = 41.0, lon0 = -8.7, step_deg_lat = 100.0 / 111195.0;
  const double step_deg_lon = step_deg_lat / std::cos(lat0 * M_PI / 180.0);
  for (std::uint32_t r = 0; r < height; ++r)
    for (std::uint32_t c = 0; c < width; ++c) {
      const std::uint32_t v = r * width + c;
      // Jitter the lattice a little so that lengths (and so times) vary.
      g.lon[v] = lon0 + (c + 0.3 * (rng.uniform() - 0.5)) * step_deg_lon;
      g.lat[v] = lat0 + (r + 0.3 * (rng.uniform() - 0.5)) * step_deg_lat;
    }
  auto speed_kmh = [&](std::uint32_t line) {
    if (line % 50 == 0) return 90.0 + 10.0 * rng.uniform();
    if (line % 10 == 0) return 50.0 + 10.0 * rng.uniform();
    return 20.0 + 15.0 * rng.uniform();
  };
  auto link = [&](std::uint32_t a, std::uint32_t b, std::uint32_t line) {
    const bool mesh = line % 10 != 0;
    if (mesh && rng.uniform() < 0.04) return;  // missing link
    const double dy = (g.lat[b] - g.lat[a]) * 111195.0;
    const double dx = (g.lon[b] - g.lon[a]) * 111195.0 * std::cos(lat0 * M_PI / 180.0);
    const double len = std::sqrt(dx * dx + dy * dy);
    const double secs = len / (speed_kmh(line) / 3.6);
    const double oneway = mesh ? rng.uniform() : 1.0;
    if (oneway >= 0.03) {
      g.from.push_back(a), g.to.push_back(b), g.length_m.push_back(len), g.seconds.push_back(secs);
    }
    if (oneway < 0.03 || oneway >= 0.06) {
      g.from.push_back(b), g.to.push_back(a), g.length_m.push_back(len), g.seconds.push_back(secs);
    }
  };
  for (std::uint32_t r = 0; r < height; ++r)
    for (std::uint32_t c = 0; c < width; ++c) {
      const std::uint32_t v = r * width + c;
      if (c + 1 < width) link(v, v + 1, r);       // along row r
      if (r + 1 < height) link(v, v + width, c);  // along column c
    }
  return g;
}

// The grid as a road network, cut to its largest strongly connected component as the real
// graphs are (the missing and oneway links leave a few vertices that cannot reach back).
inline model::RoadNetwork synthetic_road_network(std::uint32_t width, std::uint32_t height,
                                                 std::uint64_t seed = 1) {
  const GridGraph grid = synthetic_grid(width, height, seed);
  model::RoadNetwork net;
  net.lon = grid.lon;
  net.lat = grid.lat;
  net.vertex_osm_id.assign(grid.vertices, 0);
  net.from = grid.from;
  net.to = grid.to;
  net.length_m = grid.length_m;
  net.seconds = grid.seconds;
  net.edge_class.assign(grid.from.size(), 0);
  net.edge_source_id.assign(grid.from.size(), 0);
  net.class_names = {"road"};
  return graph::keep_largest_scc(net);
}

}  // namespace reachplan::bench
