// Test helper: seeded random multimodal scenarios for property tests. Several modes with
// transfer tables, lines with passing stops, oneway services, every timing/wait rule, planned
// lines left unbuilt, places no line serves, and an island the mainland cannot reach.
#pragma once

#include <algorithm>
#include <random>
#include <string>

#include "reachplan/model/scenario.hpp"

namespace reachplan::test {

struct RandomNetworkShape {
  int nodes = 30;
  int island = 5;  // the last `island` nodes only connect among themselves
  int modes = 3;
  int lines = 14;
  int max_stops = 6;
};

inline model::Scenario random_scenario(unsigned seed, RandomNetworkShape shape = {}) {
  std::mt19937 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<>(lo, hi)(rng);
  };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng); };
  auto chance = [&](double p) { return uniform(0.0, 1.0) < p; };

  model::Scenario sc;
  sc.id = "random-" + std::to_string(seed);
  sc.profiles["default"] = model::Profile{};
  auto& net = sc.network;
  for (int m = 0; m < shape.modes; ++m) {
    model::Mode mode;
    mode.id = mode.name = "m" + std::to_string(m);
    if (chance(0.5))
      mode.speed_kmh = uniform(20, 200);
    else
      mode.speed_factor = uniform(0.5, 1.2);
    mode.dwell_min = pick(0, 4);
    mode.access_min = pick(0, 20);
    if (chance(0.5)) mode.egress_min = pick(0, 20);
    mode.boarding_wait_min = pick(0, 10);
    mode.detour_factor = uniform(1.0, 1.5);
    if (chance(0.7)) mode.transfer_default_min = pick(0, 15);
    for (int to = 0; to < shape.modes; ++to)
      if (chance(0.4)) mode.transfer_min["m" + std::to_string(to)] = pick(0, 25);
    net.modes.push_back(std::move(mode));
  }
  for (int n = 0; n < shape.nodes; ++n) {
    model::Node node;
    node.id = node.name = "n" + std::to_string(n);
    node.lon = uniform(110, 116);
    node.lat = uniform(28, 32);
    for (const auto& mode : net.modes) {
      if (chance(0.3)) node.access_min[mode.id] = pick(0, 40);
      if (chance(0.2)) node.egress_min[mode.id] = pick(0, 40);
    }
    net.nodes.push_back(std::move(node));
  }
  const int mainland = shape.nodes - shape.island;
  for (int l = 0; l < shape.lines; ++l) {
    model::Line line;
    line.id = line.name = "l" + std::to_string(l);
    line.mode = "m" + std::to_string(pick(0, shape.modes - 1));
    // One line in five serves the island.
    const bool on_island = shape.island >= 2 && l % 5 == 4;
    const int lo = on_island ? mainland : 0, hi = on_island ? shape.nodes - 1 : mainland - 1;
    std::vector<int> pool;
    for (int n = lo; n <= hi; ++n) pool.push_back(n);
    std::shuffle(pool.begin(), pool.end(), rng);
    const int n_stops = std::min<int>(pick(2, shape.max_stops), static_cast<int>(pool.size()));
    for (int s = 0; s < n_stops; ++s) {
      model::Stop stop;
      stop.node = net.nodes[pool[s]].id;
      stop.pass = chance(0.2);  // ignored at the ends by the graph
      if (chance(0.2)) stop.dwell_min = pick(0, 6);
      line.stops.push_back(stop);
    }
    const std::size_t n_seg = line.stops.size() - 1;
    switch (pick(0, 3)) {
      case 0:
        for (std::size_t i = 0; i < n_seg; ++i) line.segment_min.push_back(pick(1, 60));
        break;
      case 1:
        for (std::size_t i = 0; i < n_seg; ++i) line.segment_km.push_back(uniform(5, 150));
        break;
      case 2:
        line.length_km = uniform(20, 400);
        break;
      default:
        break;  // estimated from coordinates
    }
    line.speed_kmh = uniform(30, 300);  // some lines also take the mode's rule below
    if (chance(0.5)) line.speed_kmh.reset();
    line.design_speed_kmh = uniform(80, 350);
    if (chance(0.3)) line.dwell_min = pick(0, 5);
    if (chance(0.4))
      line.headway_min = pick(4, 60);
    else if (chance(0.4))
      line.trains_per_day = pick(4, 100);
    line.oneway = chance(0.2);
    if (chance(0.15)) line.status = model::Status::planned;
    net.lines.push_back(std::move(line));
  }
  return sc;
}

}  // namespace reachplan::test
