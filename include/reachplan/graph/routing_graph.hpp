// The routing graph: a flat CSR (forward star) with dense 32-bit indices, built once per
// (scenario, profile). Weights are whole seconds.
//
// Vertices, per place n, mode m present at n, and halt (stop n of line l in direction d):
//   origin(n)            trips start here (out-arcs only)
//   destination(n)       trips end here (in-arcs only); no trip passes through a centroid
//   mode_in(n, m)        at n, ready to board a line of mode m (from access or another mode)
//   mode_out(n, m)       at n, just alighted from a line of mode m (to egress or another mode)
//   arrival(n, l, d)     on line l going d, halted at n (not at the first halt of d)
//   departure(n, l, d)   on line l going d, leaving n (not at the last halt of d)
//   hub(n, m)            the chains that join the halts of mode m at n (see below)
// Arcs:
//   access     origin(n) -> mode_in(n,m)              access time (0 station-to-station)
//   egress     mode_out(n,m) -> destination(n)        egress time (0 station-to-station)
//   board      mode_in(n,m) -> departure(n,l,d)       boarding wait of l
//   alight     arrival(n,l,d) -> mode_out(n,m)        0
//   dwell      arrival(n,l,d) -> departure(n,l,d)     dwell at n (staying on board)
//   ride       departure(a,l,d) -> arrival(b,l,d)     running time a->b, b the next halt of d
//   transfer   mode_out(n,m1) -> mode_in(n,m2)        transfer penalty m1->m2 (m1 == m2 only
//                                                     where no dwell at n exceeds it + the wait)
//   transfer   arrival(n,l,d) -> hub(n,m)             else: the mode's own penalty m->m
//   interchange hub -> hub                            0, along a chain
//   board      hub(n,m) -> departure(n,l',d')         boarding wait of l'
// Each direction of a two-way line has its own arrival and departure vertices, so a train never
// reverses with a passenger on board: turning back is a transfer. Where a dwell at (n, m) is
// longer than the transfer penalty plus the wait, re-boarding the same train would skip it;
// there the hubs replace the same-mode transfer arc: two chains over the halts of (n, m)
// (prefix and suffix), so that every halt reaches the departure of every other halt at n by
// the penalty plus that line's wait, but never its own: the only way to stay on a train is its
// dwell. Passing stops (Stop::pass) get no vertices, also at a line's ends: the ride arc spans
// them, and nobody boards or alights there.
// A scenario's road network (road_network:) adds, for its mode r:
//   road(x)          one vertex per road vertex x (vertex_node invalid)
//   road             road(x) -> road(y) per road edge; mode_in(n,r) -> road(x(n)) and
//                    road(x(n)) -> mode_out(n,r) join place n to its nearest road vertex x(n)
// so a trip drives door to door, or to a station, over the real roads.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "reachplan/core/constants.hpp"

namespace reachplan::graph {

using core::Index;
using core::Seconds;

enum class VertexKind : std::uint8_t {
  origin,
  destination,
  mode_in,
  mode_out,
  arrival,
  departure,
  hub,
  road
};
enum class ArcKind : std::uint8_t {
  access,
  egress,
  board,
  alight,
  dwell,
  ride,
  transfer,
  interchange,
  road
};
const char* to_string(ArcKind k);

struct RoutingGraph {
  // CSR: out-arcs of v are [first_out[v], first_out[v+1]).
  std::vector<Index> first_out;  // vertex_count + 1
  std::vector<Index> head;       // arc -> target vertex
  // arc -> what searches minimise: the time in seconds, or on a generalized-cost profile
  // (model::Profile::generalized) the time plus the arc's yuan at the value of time, in
  // minutes (see build_graph.cpp: routing_weight).
  std::vector<Seconds> weight;
  // arc -> its time, whatever the weight is. Empty in a bare graph (tests, benchmarks): the
  // weight is the time there.
  std::vector<Seconds> arc_seconds;
  // arc -> yuan on the profile's rates (per passenger, or per tonne of freight); NaN where a rate
  // is unknown, so a trip over it has no known cost. Empty in a bare graph: all unknown.
  std::vector<double> arc_yuan;
  bool generalized = false;  // weight includes money (arc_seconds differ from weight)
  std::vector<Index> tail;   // arc -> source vertex (for path recovery and tests)
  std::vector<ArcKind> arc_kind;
  std::vector<Index> arc_line;  // line index for board/alight/dwell/ride arcs, else invalid_index
  std::vector<double> arc_km;   // ride arcs: route length in km (0 for others)
  std::vector<bool> arc_km_estimated;  // ride arcs: length estimated from coordinates
  // Ride arcs: the positions in model::Line::stops of the stop the arc leaves and the stop it
  // reaches, in the direction of travel (so first > last on the way back); the stops strictly
  // between are passed. invalid_index for every other arc.
  std::vector<Index> arc_first_stop;
  std::vector<Index> arc_last_stop;

  std::vector<VertexKind> vertex_kind;
  std::vector<Index> vertex_node;  // place index of every vertex
  std::vector<Index> vertex_mode;  // mode index (mode_in/out, arrival/departure, hub) or invalid
  std::vector<Index> vertex_line;  // line index (arrival/departure) or invalid

  std::vector<Index> origin_of_node;       // place index -> origin vertex
  std::vector<Index> destination_of_node;  // place index -> destination vertex

  // Names for reports; indices refer to these tables (the scenario's network order).
  std::vector<std::string> node_ids;
  std::vector<std::string> mode_ids;
  std::vector<std::string> line_ids;
  std::vector<Index> line_mode;  // line index -> mode index

  Seconds seconds_of(Index a) const { return arc_seconds.empty() ? weight[a] : arc_seconds[a]; }
  double yuan_of(Index a) const {
    return arc_yuan.empty() ? std::numeric_limits<double>::quiet_NaN() : arc_yuan[a];
  }
  Index vertex_count() const { return static_cast<Index>(vertex_kind.size()); }
  Index arc_count() const { return static_cast<Index>(head.size()); }
  Index node_index(const std::string& id) const;  // invalid_index if unknown
  // Sizes every per-arc table (head, weight, tail, kind, line, km, stops) to m arcs.
  void resize_arcs(std::size_t m);
};

}  // namespace reachplan::graph
