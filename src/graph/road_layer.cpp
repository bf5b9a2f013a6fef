#include "reachplan/graph/road_layer.hpp"

#include "reachplan/graph/road_graph.hpp"

namespace reachplan::graph {

RoadJoin join_places(const model::Network& network, const model::RoadNetwork& roads,
                     double max_snap_km) {
  RoadJoin j;
  const NearestVertexIndex index(roads.lon, roads.lat);
  for (const auto& node : network.nodes) {
    double m = 0;
    const core::Index v = index.nearest(node.lon, node.lat, &m);
    j.snap_km.push_back(m / 1000.0);
    j.place_vertex.push_back(
        v != core::invalid_index && m / 1000.0 <= max_snap_km ? v : core::invalid_index);
  }
  return j;
}

}  // namespace reachplan::graph
