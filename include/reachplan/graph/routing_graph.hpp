// The routing graph: a flat CSR (forward star) with dense 32-bit indices, built once per
// (scenario, profile). Weights are whole seconds.
//
// Vertices, per place n, mode m present at n, and stop n of line l:
//   origin(n)        trips start here (out-arcs only)
//   destination(n)   trips end here (in-arcs only); no trip passes through a centroid
//   mode_in(n, m)    at n, ready to board a line of mode m
//   mode_out(n, m)   at n, just alighted from a line of mode m
//   arrival(n, l)    on line l, halted at n
//   departure(n, l)  on line l, leaving n
// Arcs:
//   access    origin(n) -> mode_in(n,m)             access time (0 station-to-station)
//   egress    mode_out(n,m) -> destination(n)       egress time (0 station-to-station)
//   board     mode_in(n,m) -> departure(n,l)        boarding wait of l
//   alight    arrival(n,l) -> mode_out(n,m)         0
//   dwell     arrival(n,l) -> departure(n,l)        dwell at n (staying on board)
//   ride      departure(a,l) -> arrival(b,l)        running time a->b (both ways unless oneway)
//   transfer  mode_out(n,m1) -> mode_in(n,m2)       transfer penalty m1->m2 (m1 == m2 too)
// Passing stops (Stop::pass) get no vertices: the ride arc spans them.
// A scenario's road network (road_network:) adds, for its mode r:
//   road(x)          one vertex per road vertex x (vertex_node invalid)
//   road             road(x) -> road(y) per road edge; mode_in(n,r) -> road(x(n)) and
//                    road(x(n)) -> mode_out(n,r) join place n to its nearest road vertex x(n)
// so a trip drives door to door, or to a station, over the real roads.
#pragma once

#include <cstdint>
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
  road
};
enum class ArcKind : std::uint8_t { access, egress, board, alight, dwell, ride, transfer, road };
const char* to_string(ArcKind k);

struct RoutingGraph {
  // CSR: out-arcs of v are [first_out[v], first_out[v+1]).
  std::vector<Index> first_out;  // vertex_count + 1
  std::vector<Index> head;       // arc -> target vertex
  std::vector<Seconds> weight;   // arc -> seconds
  std::vector<Index> tail;       // arc -> source vertex (for path recovery and tests)
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
  std::vector<Index> vertex_mode;  // mode index (mode_in/out, arrival/departure) or invalid
  std::vector<Index> vertex_line;  // line index (arrival/departure) or invalid

  std::vector<Index> origin_of_node;       // place index -> origin vertex
  std::vector<Index> destination_of_node;  // place index -> destination vertex

  // Names for reports; indices refer to these tables (the scenario's network order).
  std::vector<std::string> node_ids;
  std::vector<std::string> mode_ids;
  std::vector<std::string> line_ids;
  std::vector<Index> line_mode;  // line index -> mode index

  Index vertex_count() const { return static_cast<Index>(vertex_kind.size()); }
  Index arc_count() const { return static_cast<Index>(head.size()); }
  Index node_index(const std::string& id) const;  // invalid_index if unknown
  // Sizes every per-arc table (head, weight, tail, kind, line, km, stops) to m arcs.
  void resize_arcs(std::size_t m);
};

}  // namespace reachplan::graph
