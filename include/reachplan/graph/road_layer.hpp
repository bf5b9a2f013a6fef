// How places join a scenario's road network (road_network:): each place to its nearest road
// vertex within the spec's max_snap_km. build_graph uses this to add the road layer; reports
// use it to say which places the roads serve.
#pragma once

#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/model/network.hpp"
#include "reachplan/model/road_network.hpp"

namespace reachplan::graph {

struct RoadJoin {
  std::vector<core::Index> place_vertex;  // per place (network order): road vertex or invalid
  std::vector<double> snap_km;            // distance to it (also for places not joined)
};

RoadJoin join_places(const model::Network& network, const model::RoadNetwork& roads,
                     double max_snap_km);

}  // namespace reachplan::graph
