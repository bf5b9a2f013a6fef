// Path recovery: turns a search tree into the legs a traveller reads.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "reachplan/routing/dijkstra.hpp"

namespace reachplan::routing {

// One leg of a trip. Consecutive ride/dwell arcs on one line merge into one `ride` leg;
// access, egress, boarding waits and transfers are their own legs.
struct Leg {
  enum class Kind { access, wait, ride, transfer, egress };
  Kind kind = Kind::ride;
  Index line = core::invalid_index;  // ride/wait: line index
  Index mode = core::invalid_index;  // mode of the leg (transfer: the mode changed to)
  Index from_node = core::invalid_index;
  Index to_node = core::invalid_index;
  Seconds seconds = 0;
  double yuan = 0.0;  // money on the profile's rates (a boarding's fare goes to its ride); NaN =
                      // unknown
  double km = 0.0;    // ride legs
  int stops = 0;      // ride legs: intermediate stops ridden through (dwells)
  // Ride legs on a line: positions in model::Line::stops where the ride boards and alights
  // (graph::RoutingGraph::arc_first_stop / arc_last_stop of its first and last ride arc).
  Index first_stop = core::invalid_index;
  Index last_stop = core::invalid_index;
};
const char* to_string(Leg::Kind k);

struct Path {
  bool reachable = false;
  Seconds seconds = core::unreachable;  // the trip's time (not the weight it was chosen by)
  double yuan = 0.0;                    // the trip's money; NaN = a rate on it is unknown
  std::vector<Leg> legs;
  int transfers() const;                  // line/mode changes (rides - 1, at least 0)
  std::vector<Index> lines_used() const;  // in order, no repeats in a row
  std::vector<Index> modes_used() const;  // in order, distinct
};

// Path from the source of the last run() to `target_vertex`.
Path recover_path(const Dijkstra& search, Index target_vertex);

// The time and money of the search tree's path to a vertex, without its legs: what matrices of
// a generalized-cost profile (whose distances are not times) and cost matrices need.
struct PathSums {
  Seconds seconds = core::unreachable;
  double yuan = std::numeric_limits<double>::quiet_NaN();
};
PathSums path_sums(const Dijkstra& search, Index target_vertex);

// Human-readable one-liner: "wuhan -[wuguang 1:13]-> changsha" style, using the graph's names.
std::string describe(const graph::RoutingGraph& graph, const Path& path);

}  // namespace reachplan::routing
