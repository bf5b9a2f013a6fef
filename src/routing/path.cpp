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

namespace {

// Arcs of the search tree from the source to `target_vertex`, in travel order.
std::vector<Index> arcs_to(const Dijkstra& search, Index target_vertex) {
  const graph::RoutingGraph& g = search.graph();
  std::vector<Index> arcs;
  for (Index a = search.parent_arc(target_vertex); a != core::invalid_index;
       a = search.parent_arc(g.tail[a]))
    arcs.push_back(a);
  std::reverse(arcs.begin(), arcs.end());
  return arcs;
}

// Folds arcs, fed in travel order, into the legs a traveller reads: consecutive ride/dwell arcs
// of one line become one ride, consecutive road arcs one drive.
class LegFolder {
 public:
  LegFolder(const graph::RoutingGraph& g, std::vector<Leg>& legs) : g_(g), legs_(legs) {}
  void add(Index a);

 private:
  Leg leg_over(Index a);
  void add_own_leg(Index a, Leg::Kind kind, Index mode, Index line = core::invalid_index);
  void add_line_arc(Index a);
  void add_road_arc(Index a);
  void extend_span(Leg& ride, Index a) const;

  const graph::RoutingGraph& g_;
  std::vector<Leg>& legs_;
  bool riding_ = false;  // the last leg is a ride that the next ride/dwell (or road) arc continues
  double pending_yuan_ = 0.0;  // fare of a boarding without a wait leg, for the ride it starts
};

void LegFolder::add(Index a) {
  const Seconds w = g_.seconds_of(a);
  switch (g_.arc_kind[a]) {
    case ArcKind::access:
      add_own_leg(a, Leg::Kind::access, g_.vertex_mode[g_.head[a]]);
      return;
    case ArcKind::egress:
      add_own_leg(a, Leg::Kind::egress, g_.vertex_mode[g_.tail[a]]);
      return;
    case ArcKind::transfer:
      add_own_leg(a, Leg::Kind::transfer, g_.vertex_mode[g_.head[a]]);
      return;
    case ArcKind::board:
      riding_ = false;
      // A boarding without a wait is no leg of its own; its fare goes to the ride it starts.
      if (w != 0)
        add_own_leg(a, Leg::Kind::wait, g_.line_mode[g_.arc_line[a]], g_.arc_line[a]);
      else
        pending_yuan_ += g_.yuan_of(a);
      return;
    case ArcKind::interchange:  // walking between the hubs of one station: part of the transfer
      return;
    case ArcKind::alight:
      riding_ = false;
      // Alighting is free by construction; should it ever cost, keep legs summing to the total.
      if (!legs_.empty()) {
        legs_.back().seconds += w;
        legs_.back().yuan += g_.yuan_of(a);
      }
      return;
    case ArcKind::dwell:
    case ArcKind::ride:
      add_line_arc(a);
      return;
    case ArcKind::road:
      add_road_arc(a);
      return;
  }
}

// A leg over just arc `a`: its end nodes, time and money (with a fare not yet shown).
Leg LegFolder::leg_over(Index a) {
  Leg leg;
  leg.from_node = g_.vertex_node[g_.tail[a]];
  leg.to_node = g_.vertex_node[g_.head[a]];
  leg.seconds = g_.seconds_of(a);
  leg.yuan = g_.yuan_of(a) + pending_yuan_;
  pending_yuan_ = 0.0;
  return leg;
}

// Access, egress, transfer and wait arcs are legs of their own and end any ride.
void LegFolder::add_own_leg(Index a, Leg::Kind kind, Index mode, Index line) {
  Leg leg = leg_over(a);
  leg.kind = kind;
  leg.line = line;
  leg.mode = mode;
  riding_ = false;
  legs_.push_back(leg);
}

void LegFolder::add_line_arc(Index a) {
  if (riding_ && legs_.back().line == g_.arc_line[a]) {
    Leg& ride = legs_.back();
    ride.seconds += g_.seconds_of(a);
    ride.yuan += g_.yuan_of(a);
    ride.km += g_.arc_km[a];
    ride.to_node = g_.vertex_node[g_.head[a]];
    if (g_.arc_kind[a] == ArcKind::dwell) ++ride.stops;
    extend_span(ride, a);
    return;
  }
  Leg leg = leg_over(a);
  leg.kind = Leg::Kind::ride;
  leg.line = g_.arc_line[a];
  leg.mode = g_.line_mode[leg.line];
  leg.km = g_.arc_km[a];
  leg.stops = g_.arc_kind[a] == ArcKind::dwell ? 1 : 0;
  extend_span(leg, a);
  legs_.push_back(leg);
  riding_ = true;
}

// Consecutive road arcs (join, roads, join) read as one drive on the road mode.
void LegFolder::add_road_arc(Index a) {
  const Index to = g_.vertex_node[g_.head[a]];
  if (riding_ && legs_.back().line == core::invalid_index) {
    Leg& drive = legs_.back();
    drive.seconds += g_.seconds_of(a);
    drive.yuan += g_.yuan_of(a);
    drive.km += g_.arc_km[a];
    if (to != core::invalid_index) drive.to_node = to;
    return;
  }
  Leg leg = leg_over(a);
  leg.kind = Leg::Kind::ride;
  leg.mode = g_.vertex_mode[g_.head[a]];
  leg.km = g_.arc_km[a];
  legs_.push_back(leg);
  riding_ = true;
}

// A ride leg spans the stops of its ride arcs: from the first one's first to the last one's.
void LegFolder::extend_span(Leg& ride, Index a) const {
  if (g_.arc_kind[a] != ArcKind::ride) return;
  if (ride.first_stop == core::invalid_index) ride.first_stop = g_.arc_first_stop[a];
  ride.last_stop = g_.arc_last_stop[a];
}

}  // namespace

Path recover_path(const Dijkstra& search, Index target_vertex) {
  Path path;
  if (!search.reached(target_vertex)) return path;
  path.reachable = true;
  const PathSums sums = path_sums(search, target_vertex);
  path.seconds = sums.seconds;
  path.yuan = sums.yuan;
  LegFolder fold(search.graph(), path.legs);
  for (Index a : arcs_to(search, target_vertex)) fold.add(a);
  return path;
}

PathSums path_sums(const Dijkstra& search, Index target_vertex) {
  PathSums sums;
  if (!search.reached(target_vertex)) return sums;
  const graph::RoutingGraph& g = search.graph();
  sums.seconds = 0;
  sums.yuan = 0.0;
  for (Index a = search.parent_arc(target_vertex); a != core::invalid_index;
       a = search.parent_arc(g.tail[a])) {
    sums.seconds += g.seconds_of(a);
    sums.yuan += g.yuan_of(a);
  }
  return sums;
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
