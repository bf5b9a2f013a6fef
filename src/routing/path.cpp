// Path recovery: walk parent arcs back to the source, then fold arcs into traveller's legs.
#include "reachplan/routing/path.hpp"

#include <algorithm>

#include "reachplan/core/text.hpp"

namespace reachplan::routing {

using graph::ArcKind;

const char* to_string(Leg::Kind k) {
  switch (k) {
    case Leg::Kind::access:
      return "access";
    case Leg::Kind::wait:
      return "wait";
    case Leg::Kind::ride:
      return "ride";
    case Leg::Kind::transfer:
      return "transfer";
    case Leg::Kind::egress:
      return "egress";
  }
  return "?";
}

int Path::transfers() const {
  const auto rides = std::count_if(legs.begin(), legs.end(),
                                   [](const Leg& l) { return l.kind == Leg::Kind::ride; });
  return rides > 0 ? static_cast<int>(rides - 1) : 0;
}

std::vector<Index> Path::lines_used() const {
  std::vector<Index> out;
  for (const Leg& l : legs)
    if (l.kind == Leg::Kind::ride && l.line != core::invalid_index &&
        (out.empty() || out.back() != l.line))
      out.push_back(l.line);
  return out;
}

std::vector<Index> Path::modes_used() const {
  std::vector<Index> out;
  for (const Leg& l : legs)
    if (l.kind == Leg::Kind::ride && std::find(out.begin(), out.end(), l.mode) == out.end())
      out.push_back(l.mode);
  return out;
}

Path recover_path(const Dijkstra& search, Index target_vertex) {
  const graph::RoutingGraph& g = search.graph();
  Path path;
  if (!search.reached(target_vertex)) return path;
  path.reachable = true;
  path.seconds = search.distance(target_vertex);

  std::vector<Index> arcs;
  for (Index a = search.parent_arc(target_vertex); a != core::invalid_index;
       a = search.parent_arc(g.tail[a]))
    arcs.push_back(a);
  std::reverse(arcs.begin(), arcs.end());

  bool riding = false;  // the last leg is a ride that the next ride/dwell arc continues
  // A ride leg spans the stops of its ride arcs: from the first one's first to the last one's.
  const auto extend_span = [&](Leg& ride, Index a) {
    if (g.arc_kind[a] != ArcKind::ride) return;
    if (ride.first_stop == core::invalid_index) ride.first_stop = g.arc_first_stop[a];
    ride.last_stop = g.arc_last_stop[a];
  };
  for (Index a : arcs) {
    const Index from = g.vertex_node[g.tail[a]];
    const Index to = g.vertex_node[g.head[a]];
    const Seconds w = g.weight[a];
    Leg leg;
    leg.from_node = from;
    leg.to_node = to;
    leg.seconds = w;
    switch (g.arc_kind[a]) {
      case ArcKind::access:
        leg.kind = Leg::Kind::access;
        leg.mode = g.vertex_mode[g.head[a]];
        break;
      case ArcKind::egress:
        leg.kind = Leg::Kind::egress;
        leg.mode = g.vertex_mode[g.tail[a]];
        break;
      case ArcKind::transfer:
        leg.kind = Leg::Kind::transfer;
        leg.mode = g.vertex_mode[g.head[a]];
        break;
      case ArcKind::board:
        riding = false;
        if (w == 0) continue;
        leg.kind = Leg::Kind::wait;
        leg.line = g.arc_line[a];
        leg.mode = g.line_mode[leg.line];
        break;
      case ArcKind::alight:
        riding = false;
        // Alighting is free by construction; should it ever cost, keep legs summing to the total.
        if (w != 0 && !path.legs.empty()) path.legs.back().seconds += w;
        continue;
      case ArcKind::dwell:
      case ArcKind::ride:
        if (riding && path.legs.back().line == g.arc_line[a]) {
          Leg& ride = path.legs.back();
          ride.seconds += w;
          ride.km += g.arc_km[a];
          ride.to_node = to;
          if (g.arc_kind[a] == ArcKind::dwell) ++ride.stops;
          extend_span(ride, a);
          continue;
        }
        leg.kind = Leg::Kind::ride;
        leg.line = g.arc_line[a];
        leg.mode = g.line_mode[leg.line];
        leg.km = g.arc_km[a];
        leg.stops = g.arc_kind[a] == ArcKind::dwell ? 1 : 0;
        extend_span(leg, a);
        path.legs.push_back(leg);
        riding = true;
        continue;
      case ArcKind::road:
        // Consecutive road arcs (join, roads, join) read as one drive on the road mode.
        if (riding && path.legs.back().line == core::invalid_index) {
          Leg& drive = path.legs.back();
          drive.seconds += w;
          drive.km += g.arc_km[a];
          if (to != core::invalid_index) drive.to_node = to;
          continue;
        }
        leg.kind = Leg::Kind::ride;
        leg.mode = g.vertex_mode[g.head[a]];
        leg.km = g.arc_km[a];
        path.legs.push_back(leg);
        riding = true;
        continue;
    }
    riding = false;
    path.legs.push_back(leg);
  }
  return path;
}

std::string describe(const graph::RoutingGraph& graph, const Path& path) {
  if (!path.reachable) return "unreachable";
  auto hmm = [](Seconds s) { return core::format_hmm(s / core::seconds_per_minute); };
  auto name = [&](Index n) { return n < graph.node_ids.size() ? graph.node_ids[n] : "?"; };
  std::string out;
  for (const Leg& leg : path.legs) {
    if (out.empty()) out = name(leg.from_node);
    switch (leg.kind) {
      case Leg::Kind::ride:
        out += " -[" +
               (leg.line != core::invalid_index ? graph.line_ids[leg.line]
                                                : graph.mode_ids[leg.mode]) +
               " " + hmm(leg.seconds) + "]-> " + name(leg.to_node);
        break;
      case Leg::Kind::access:
      case Leg::Kind::egress:
        if (leg.seconds == 0) break;  // station-to-station: nothing to say
        [[fallthrough]];
      case Leg::Kind::wait:
      case Leg::Kind::transfer:
        out += std::string(" (") + to_string(leg.kind) + " " + hmm(leg.seconds) + ")";
        break;
    }
  }
  if (out.empty()) return "no travel, 0:00";
  return out + " = " + hmm(path.seconds);
}

}  // namespace reachplan::routing
