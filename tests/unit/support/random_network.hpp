// Test helper: seeded random multimodal scenarios for property tests. Several modes with
// transfer tables, lines with passing stops, oneway services, every timing/wait rule, planned
// lines left unbuilt, places no line serves, and an island the mainland cannot reach.
// RandomNetworkFeatures adds what the default mix lacks (long dwells, zero-transfer modes,
// lines that visit a place twice, km chainage, opening years); its defaults add nothing and
// draw nothing, so a seed gives the same network as before the features existed.
#pragma once

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "reachplan/model/scenario.hpp"

namespace reachplan::test {

struct RandomNetworkFeatures {
  double oneway = 0.2;         // share of lines that run one way only
  bool pass_at_ends = true;    // a first or last stop may be `pass: true`
  double long_dwell = 0.0;     // share of stop, line and mode dwells redrawn as 10-30 min
  double zero_transfer = 0.0;  // share of modes with no transfer penalty and no boarding wait
  double revisit = 0.0;        // share of lines that visit one place twice (not in a row)
  bool chainage = false;       // km chainage joins the timing rules
  bool build_rules = false;    // a scenario year, opening years, build.lines, under_construction
  // Raise every mode's own-mode transfer to its lines' largest dwell, so that alighting and
  // boarding the same train again can never beat staying on board.
  bool transfer_covers_dwell = false;
};

struct RandomNetworkShape {
  int nodes = 30;
  int island = 5;  // the last `island` nodes only connect among themselves
  int modes = 3;
  int lines = 14;
  int max_stops = 6;
  RandomNetworkFeatures features;
};

namespace detail {

// The generator's dice. Each call builds its distribution afresh, so the draw sequence of a
// seed depends only on the order of the calls.
struct Dice {
  std::mt19937 rng;
  double uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng); }
  int pick(int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng); }
  bool chance(double p) { return uniform(0.0, 1.0) < p; }
  // A feature's draw: none at all while the feature is off (p == 0).
  bool maybe(double p) { return p > 0.0 && chance(p); }
};

inline model::Mode random_mode(Dice& d, int m, const RandomNetworkShape& shape) {
  model::Mode mode;
  mode.id = mode.name = "m" + std::to_string(m);
  if (d.chance(0.5))
    mode.speed_kmh = d.uniform(20, 200);
  else
    mode.speed_factor = d.uniform(0.5, 1.2);
  mode.dwell_min = d.pick(0, 4);
  mode.access_min = d.pick(0, 20);
  if (d.chance(0.5)) mode.egress_min = d.pick(0, 20);
  mode.boarding_wait_min = d.pick(0, 10);
  mode.detour_factor = d.uniform(1.0, 1.5);
  if (d.chance(0.7)) mode.transfer_default_min = d.pick(0, 15);
  for (int to = 0; to < shape.modes; ++to)
    if (d.chance(0.4)) mode.transfer_min["m" + std::to_string(to)] = d.pick(0, 25);
  const RandomNetworkFeatures& f = shape.features;
  if (d.maybe(f.zero_transfer)) {
    mode.transfer_default_min = 0.0;
    mode.transfer_min.clear();
    mode.boarding_wait_min = 0.0;
  }
  if (d.maybe(f.long_dwell)) mode.dwell_min = d.pick(10, 30);
  return mode;
}

inline model::Node random_node(Dice& d, int n, const std::vector<model::Mode>& modes) {
  model::Node node;
  node.id = node.name = "n" + std::to_string(n);
  node.lon = d.uniform(110, 116);
  node.lat = d.uniform(28, 32);
  for (const auto& mode : modes) {
    if (d.chance(0.3)) node.access_min[mode.id] = d.pick(0, 40);
    if (d.chance(0.2)) node.egress_min[mode.id] = d.pick(0, 40);
  }
  return node;
}

// The places a line stops at, in order: distinct ones, plus (revisit) one of them again later
// but not right after itself, as in a b a or a b c a.
inline std::vector<int> random_stop_places(Dice& d, int l, const RandomNetworkShape& shape) {
  const int mainland = shape.nodes - shape.island;
  // One line in five serves the island.
  const bool on_island = shape.island >= 2 && l % 5 == 4;
  const int lo = on_island ? mainland : 0, hi = on_island ? shape.nodes - 1 : mainland - 1;
  std::vector<int> pool;
  for (int n = lo; n <= hi; ++n) pool.push_back(n);
  std::shuffle(pool.begin(), pool.end(), d.rng);
  const int n_stops = std::min<int>(d.pick(2, shape.max_stops), static_cast<int>(pool.size()));
  std::vector<int> places(pool.begin(), pool.begin() + n_stops);
  if (n_stops >= 2 && d.maybe(shape.features.revisit)) {
    const int again = d.pick(0, n_stops - 2);
    const int place = places[again];
    places.insert(places.begin() + d.pick(again + 2, n_stops), place);
  }
  return places;
}

inline void random_timing(Dice& d, model::Line& line, bool chainage) {
  const std::size_t n_seg = line.stops.size() - 1;
  switch (d.pick(0, chainage ? 4 : 3)) {
    case 0:
      for (std::size_t i = 0; i < n_seg; ++i) line.segment_min.push_back(d.pick(1, 60));
      break;
    case 1:
      for (std::size_t i = 0; i < n_seg; ++i) line.segment_km.push_back(d.uniform(5, 150));
      break;
    case 2:
      line.length_km = d.uniform(20, 400);
      break;
    case 4: {
      double km = 0.0;
      for (auto& stop : line.stops) {
        stop.km = km;
        km += d.uniform(5, 150);
      }
      break;
    }
    default:
      break;  // estimated from coordinates
  }
}

inline model::Line random_line(Dice& d, int l, const RandomNetworkShape& shape,
                               const model::Network& net, model::Scenario& sc) {
  const RandomNetworkFeatures& f = shape.features;
  model::Line line;
  line.id = line.name = "l" + std::to_string(l);
  line.mode = "m" + std::to_string(d.pick(0, shape.modes - 1));
  const std::vector<int> places = random_stop_places(d, l, shape);
  for (std::size_t s = 0; s < places.size(); ++s) {
    model::Stop stop;
    stop.node = net.nodes[places[s]].id;
    stop.pass = d.chance(0.2);
    if (!f.pass_at_ends && (s == 0 || s + 1 == places.size())) stop.pass = false;
    if (d.chance(0.2)) stop.dwell_min = d.pick(0, 6);
    if (d.maybe(f.long_dwell)) stop.dwell_min = d.pick(10, 30);
    line.stops.push_back(stop);
  }
  random_timing(d, line, f.chainage);
  line.speed_kmh = d.uniform(30, 300);  // some lines also take the mode's rule below
  if (d.chance(0.5)) line.speed_kmh.reset();
  line.design_speed_kmh = d.uniform(80, 350);
  if (d.chance(0.3)) line.dwell_min = d.pick(0, 5);
  if (d.maybe(f.long_dwell)) line.dwell_min = d.pick(10, 30);
  if (d.chance(0.4))
    line.headway_min = d.pick(4, 60);
  else if (d.chance(0.4))
    line.trains_per_day = d.pick(4, 100);
  line.oneway = d.chance(f.oneway);
  if (d.chance(0.15)) line.status = model::Status::planned;
  if (f.build_rules) {
    if (d.chance(0.1)) line.status = model::Status::under_construction;
    if (d.chance(0.3)) line.opened = d.pick(2010, 2040);
    if (d.chance(0.1)) sc.build_lines.insert(line.id);
  }
  return line;
}

// transfer_covers_dwell: T(m, m) >= the largest dwell any line of mode m can charge.
inline void cover_dwells(model::Network& net) {
  for (auto& mode : net.modes) {
    double longest = mode.dwell_min;
    for (const auto& line : net.lines) {
      if (line.mode != mode.id) continue;
      for (const auto& stop : line.stops)
        longest = std::max(longest, stop.dwell_min.value_or(line.dwell_min.value_or(0.0)));
      longest = std::max(longest, line.dwell_min.value_or(0.0));
    }
    auto it = mode.transfer_min.find(mode.id);
    const double own =
        it != mode.transfer_min.end() ? it->second : mode.transfer_default_min.value_or(0.0);
    mode.transfer_min[mode.id] = std::max(own, longest);
  }
}

}  // namespace detail

inline model::Scenario random_scenario(unsigned seed, RandomNetworkShape shape = {}) {
  detail::Dice d{std::mt19937(seed)};
  model::Scenario sc;
  sc.id = "random-" + std::to_string(seed);
  sc.profiles["default"] = model::Profile{};
  auto& net = sc.network;
  for (int m = 0; m < shape.modes; ++m) net.modes.push_back(detail::random_mode(d, m, shape));
  for (int n = 0; n < shape.nodes; ++n) net.nodes.push_back(detail::random_node(d, n, net.modes));
  for (int l = 0; l < shape.lines; ++l)
    net.lines.push_back(detail::random_line(d, l, shape, net, sc));
  if (shape.features.build_rules) {
    sc.year = 2025;
    if (d.chance(0.5)) sc.build_statuses.insert(model::Status::under_construction);
  }
  if (shape.features.transfer_covers_dwell) detail::cover_dwells(net);
  return sc;
}

}  // namespace reachplan::test
