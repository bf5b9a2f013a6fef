// Scenario + profile -> RoutingGraph, per the vertex/arc scheme in routing_graph.hpp.
// Vertex order (deterministic): origins, destinations, then (mode_in, mode_out) per place in
// mode order, then (arrival, departure) per served stop of each built line in file order.
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "reachplan/graph/build.hpp"
#include "reachplan/graph/road_layer.hpp"

namespace reachplan::graph {

const char* to_string(ArcKind k) {
  switch (k) {
    case ArcKind::access:
      return "access";
    case ArcKind::egress:
      return "egress";
    case ArcKind::board:
      return "board";
    case ArcKind::alight:
      return "alight";
    case ArcKind::dwell:
      return "dwell";
    case ArcKind::ride:
      return "ride";
    case ArcKind::transfer:
      return "transfer";
    case ArcKind::road:
      return "road";
  }
  return "?";
}

Index RoutingGraph::node_index(const std::string& id) const {
  auto it = std::find(node_ids.begin(), node_ids.end(), id);
  return it == node_ids.end() ? core::invalid_index : static_cast<Index>(it - node_ids.begin());
}

namespace {

struct Arc {
  Index tail;
  Index head;
  Seconds weight;
  ArcKind kind;
  Index line;
  double km;
  bool km_estimated;
};

// Minutes from the model to whole seconds, refusing what the engine cannot hold.
Seconds to_seconds(double minutes, const core::SourceLocation& where, const std::string& key) {
  if (!std::isfinite(minutes) || minutes < 0.0)
    throw core::InputError(where, key, "time must be a finite number >= 0 minutes");
  const double s = minutes * core::seconds_per_minute;
  if (s > static_cast<double>(core::max_arc_seconds))
    throw core::InputError(
        where, key,
        "time of " + std::to_string(minutes) + " minutes exceeds the largest arc the engine holds");
  return static_cast<Seconds>(std::lround(s));
}

double boarding_wait_min(const model::Line& line, const model::Mode& mode,
                         const model::Profile& profile) {
  if (profile.wait == model::Profile::Wait::none) return 0.0;
  if (line.headway_min) return *line.headway_min / 2.0;
  if (line.trains_per_day) {
    if (!(*line.trains_per_day > 0.0))
      throw core::InputError(line.where, "lines." + line.id, "trains_per_day must be > 0");
    return profile.service_hours * core::seconds_per_minute / *line.trains_per_day / 2.0;
  }
  return mode.boarding_wait_min;
}

double access_min(const model::Node& node, const model::Mode& mode) {
  if (auto it = node.access_min.find(mode.id); it != node.access_min.end()) return it->second;
  return mode.access_min;
}

// README: a node's egress falls back to its access, then to the mode's egress, then access.
double egress_min(const model::Node& node, const model::Mode& mode) {
  if (auto it = node.egress_min.find(mode.id); it != node.egress_min.end()) return it->second;
  if (auto it = node.access_min.find(mode.id); it != node.access_min.end()) return it->second;
  return mode.egress_min.value_or(mode.access_min);
}

double transfer_min(const model::Mode& from, const model::Mode& to) {
  if (auto it = from.transfer_min.find(to.id); it != from.transfer_min.end()) return it->second;
  return from.transfer_default_min.value_or(0.0);
}

}  // namespace

RoutingGraph build_graph(const model::Scenario& scenario, const model::Profile& profile) {
  std::vector<bool> built;
  built.reserve(scenario.network.lines.size());
  for (const auto& line : scenario.network.lines) built.push_back(model::is_built(line, scenario));
  return build_graph(scenario, profile, built);
}

RoutingGraph build_graph(const model::Scenario& scenario, const model::Profile& profile,
                         const std::vector<bool>& line_built) {
  const model::Network& net = scenario.network;
  if (line_built.size() != net.lines.size())
    throw std::invalid_argument("build_graph: line mask size differs from the line count");

  RoutingGraph g;
  const auto n_nodes = static_cast<Index>(net.nodes.size());
  const auto n_modes = static_cast<Index>(net.modes.size());
  const auto n_lines = static_cast<Index>(net.lines.size());
  g.node_ids = net.node_ids();
  g.mode_ids = net.mode_ids();
  g.line_ids = net.line_ids();

  std::map<std::string, Index> node_of, mode_of;
  for (Index i = 0; i < n_nodes; ++i) node_of.emplace(net.nodes[i].id, i);
  for (Index i = 0; i < n_modes; ++i) mode_of.emplace(net.modes[i].id, i);
  auto find_index = [](const std::map<std::string, Index>& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? core::invalid_index : it->second;
  };

  g.line_mode.resize(n_lines);
  for (Index l = 0; l < n_lines; ++l) g.line_mode[l] = find_index(mode_of, net.lines[l].mode);

  // Lines in the graph, their timings, and which stops they serve (first/last always).
  struct LineUse {
    Index line;
    std::vector<SegmentTiming> segments;
    std::vector<std::size_t> served;  // stop positions with vertices
  };
  std::vector<LineUse> uses;
  auto mode_allowed = [&](const std::string& mode) {
    return profile.modes.empty() ||
           std::find(profile.modes.begin(), profile.modes.end(), mode) != profile.modes.end();
  };
  std::vector<char> mode_at(static_cast<std::size_t>(n_nodes) * n_modes, 0);
  for (Index l = 0; l < n_lines; ++l) {
    const model::Line& line = net.lines[l];
    if (!line_built[l] || !mode_allowed(line.mode)) continue;
    if (g.line_mode[l] == core::invalid_index)
      throw core::InputError(line.where, "lines." + line.id, "unknown mode '" + line.mode + "'");
    LineUse use{l, time_segments(net, line), {}};
    for (std::size_t s = 0; s < line.stops.size(); ++s) {
      if (line.stops[s].pass && s != 0 && s + 1 != line.stops.size()) continue;
      use.served.push_back(s);
      mode_at[static_cast<std::size_t>(find_index(node_of, line.stops[s].node)) * n_modes +
              g.line_mode[l]] = 1;
    }
    uses.push_back(std::move(use));
  }
  // The scenario's road network: its mode is present wherever a place joins a road vertex.
  const model::RoadLayerSpec* roads = nullptr;
  RoadJoin join;
  Index road_mode = core::invalid_index;
  if (scenario.road_network && mode_allowed(scenario.road_network->mode)) {
    roads = &*scenario.road_network;
    if (!roads->network) throw std::invalid_argument("build_graph: road network not loaded");
    road_mode = find_index(mode_of, roads->mode);
    if (road_mode == core::invalid_index)
      throw core::InputError(roads->where, "road_network.mode",
                             "unknown mode '" + roads->mode + "'");
    join = join_places(net, *roads->network, roads->max_snap_km);
    for (Index n = 0; n < n_nodes; ++n)
      if (join.place_vertex[n] != core::invalid_index)
        mode_at[static_cast<std::size_t>(n) * n_modes + road_mode] = 1;
  }

  auto add_vertex = [&](VertexKind kind, Index node, Index mode, Index line) {
    g.vertex_kind.push_back(kind);
    g.vertex_node.push_back(node);
    g.vertex_mode.push_back(mode);
    g.vertex_line.push_back(line);
    return g.vertex_count() - 1;
  };
  const Index none = core::invalid_index;
  g.origin_of_node.resize(n_nodes);
  g.destination_of_node.resize(n_nodes);
  for (Index n = 0; n < n_nodes; ++n)
    g.origin_of_node[n] = add_vertex(VertexKind::origin, n, none, none);
  for (Index n = 0; n < n_nodes; ++n)
    g.destination_of_node[n] = add_vertex(VertexKind::destination, n, none, none);
  // mode_in(n, m) = mode_vertex[n * n_modes + m]; mode_out = mode_in + 1.
  std::vector<Index> mode_vertex(mode_at.size(), none);
  for (Index n = 0; n < n_nodes; ++n)
    for (Index m = 0; m < n_modes; ++m)
      if (mode_at[static_cast<std::size_t>(n) * n_modes + m]) {
        mode_vertex[static_cast<std::size_t>(n) * n_modes + m] =
            add_vertex(VertexKind::mode_in, n, m, none);
        add_vertex(VertexKind::mode_out, n, m, none);
      }

  std::vector<Arc> arcs;
  const bool door_to_door = profile.access == model::Profile::Access::door_to_door;
  for (Index n = 0; n < n_nodes; ++n) {
    const model::Node& node = net.nodes[n];
    const std::string key = "nodes." + node.id;
    for (Index m = 0; m < n_modes; ++m) {
      const Index in = mode_vertex[static_cast<std::size_t>(n) * n_modes + m];
      if (in == none) continue;
      const model::Mode& mode = net.modes[m];
      const Seconds acc = door_to_door ? to_seconds(access_min(node, mode), node.where, key) : 0;
      const Seconds egr = door_to_door ? to_seconds(egress_min(node, mode), node.where, key) : 0;
      arcs.push_back({g.origin_of_node[n], in, acc, ArcKind::access, none, 0.0, false});
      arcs.push_back({in + 1, g.destination_of_node[n], egr, ArcKind::egress, none, 0.0, false});
      for (Index m2 = 0; m2 < n_modes; ++m2) {
        const Index in2 = mode_vertex[static_cast<std::size_t>(n) * n_modes + m2];
        if (in2 == none) continue;
        const Seconds w = to_seconds(transfer_min(mode, net.modes[m2]), mode.where,
                                     "modes." + mode.id + ".transfers");
        arcs.push_back({in + 1, in2, w, ArcKind::transfer, none, 0.0, false});
      }
    }
  }

  for (const LineUse& use : uses) {
    const model::Line& line = net.lines[use.line];
    const Index m = g.line_mode[use.line];
    const model::Mode& mode = net.modes[m];
    const std::string key = "lines." + line.id;
    const Seconds wait = to_seconds(boarding_wait_min(line, mode, profile), line.where, key);
    std::vector<Index> arrival(use.served.size());
    for (std::size_t j = 0; j < use.served.size(); ++j) {
      const model::Stop& stop = line.stops[use.served[j]];
      const Index n = find_index(node_of, stop.node);
      const Index in = mode_vertex[static_cast<std::size_t>(n) * n_modes + m];
      arrival[j] = add_vertex(VertexKind::arrival, n, m, use.line);
      const Index dep = add_vertex(VertexKind::departure, n, m, use.line);
      arcs.push_back({in, dep, wait, ArcKind::board, use.line, 0.0, false});
      arcs.push_back({arrival[j], in + 1, 0, ArcKind::alight, use.line, 0.0, false});
      // Dwell only where the service halts mid-route; turning back at an end is not riding on.
      if (j != 0 && j + 1 != use.served.size()) {
        const double dwell = stop.dwell_min.value_or(line.dwell_min.value_or(mode.dwell_min));
        const Seconds w = to_seconds(dwell, stop.where.known() ? stop.where : line.where, key);
        arcs.push_back({arrival[j], dep, w, ArcKind::dwell, use.line, 0.0, false});
      }
    }
    for (std::size_t j = 0; j + 1 < use.served.size(); ++j) {
      double minutes = 0.0, km = 0.0;
      bool estimated = false;
      for (std::size_t s = use.served[j]; s < use.served[j + 1]; ++s) {
        minutes += use.segments[s].minutes;
        km += use.segments[s].km;
        estimated = estimated || use.segments[s].km_estimated;
      }
      const Seconds w = to_seconds(minutes, line.where, key);
      const Index dep_a = arrival[j] + 1, dep_b = arrival[j + 1] + 1;
      arcs.push_back({dep_a, arrival[j + 1], w, ArcKind::ride, use.line, km, estimated});
      if (!line.oneway)
        arcs.push_back({dep_b, arrival[j], w, ArcKind::ride, use.line, km, estimated});
    }
  }

  if (roads) {
    // Road vertices after all others; arcs timed from the network (rounded once per edge).
    const model::RoadNetwork& r = *roads->network;
    const Index first = g.vertex_count();
    for (Index x = 0; x < r.vertex_count(); ++x)
      add_vertex(VertexKind::road, none, road_mode, none);
    for (Index e = 0; e < r.edge_count(); ++e)
      arcs.push_back(
          {first + r.from[e], first + r.to[e],
           to_seconds(r.seconds[e] / core::seconds_per_minute, roads->where, "road_network"),
           ArcKind::road, none, r.length_m[e] / 1000.0, false});
    for (Index n = 0; n < n_nodes; ++n) {
      const Index x = join.place_vertex[n];
      if (x == core::invalid_index) continue;
      const Index in = mode_vertex[static_cast<std::size_t>(n) * n_modes + road_mode];
      const Seconds w = to_seconds(join.snap_km[n] / roads->connector_kmh * 60.0, roads->where,
                                   "road_network.connector_kmh");
      arcs.push_back({in, first + x, w, ArcKind::road, none, join.snap_km[n], false});
      arcs.push_back({first + x, in + 1, w, ArcKind::road, none, join.snap_km[n], false});
    }
  }

  // CSR by counting sort on the tail: stable, so arcs keep their creation order per vertex.
  const Index n_vertices = g.vertex_count();
  g.first_out.assign(static_cast<std::size_t>(n_vertices) + 1, 0);
  for (const Arc& a : arcs) ++g.first_out[a.tail + 1];
  for (Index v = 0; v < n_vertices; ++v) g.first_out[v + 1] += g.first_out[v];
  const std::size_t n_arcs = arcs.size();
  g.head.resize(n_arcs);
  g.weight.resize(n_arcs);
  g.tail.resize(n_arcs);
  g.arc_kind.resize(n_arcs);
  g.arc_line.resize(n_arcs);
  g.arc_km.resize(n_arcs);
  g.arc_km_estimated.resize(n_arcs);
  std::vector<Index> next(g.first_out.begin(), g.first_out.end() - 1);
  for (const Arc& a : arcs) {
    const Index i = next[a.tail]++;
    g.head[i] = a.head;
    g.weight[i] = a.weight;
    g.tail[i] = a.tail;
    g.arc_kind[i] = a.kind;
    g.arc_line[i] = a.line;
    g.arc_km[i] = a.km;
    g.arc_km_estimated[i] = a.km_estimated;
  }
  return g;
}

}  // namespace reachplan::graph
