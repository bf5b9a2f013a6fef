// Routing graphs derived from another one: every arc turned around, or only some of its arcs.
// Vertices, their tables and the name tables stay as they are, so vertex indices agree between
// the graph and what is derived from it.
#pragma once

#include <vector>

#include "reachplan/graph/routing_graph.hpp"

namespace reachplan::graph {

// Every arc a -> b becomes b -> a with all its attributes. A search from a destination vertex on
// the reversed graph gives every vertex's time *to* it. Arcs are ordered by their new tail, and
// among one tail's arcs by their index in g.
RoutingGraph reversed(const RoutingGraph& g);

// The arcs a with keep[a] != 0, in their order in g. to_original[i] is the arc of g that arc i of
// the result is (the map back to g's arcs).
RoutingGraph filter_arcs(const RoutingGraph& g, const std::vector<char>& keep,
                         std::vector<Index>& to_original);

}  // namespace reachplan::graph
