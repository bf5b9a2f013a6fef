// A directed road network as plain arrays: what `reachplan import osm|layer` produces and what
// a scenario's `road_network:` or `reachplan matrix --network` routes over. Struct-of-arrays
// because networks run to millions of edges; vertex and edge indices are dense and 32-bit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/core/error.hpp"

namespace reachplan::model {

struct RoadNetwork {
  std::string source;  // file it was read from (for messages)

  // Vertices: road junctions (and, before chain compression, every shape node).
  std::vector<double> lon;  // WGS84 degrees
  std::vector<double> lat;
  std::vector<std::int64_t> vertex_osm_id;  // OSM node id; 0 when not from OSM

  // Directed edges. A two-way road is two edges, one per direction.
  std::vector<core::Index> from;
  std::vector<core::Index> to;
  std::vector<double> length_m;
  std::vector<double> seconds;               // travel time at the class speed
  std::vector<std::uint16_t> edge_class;     // index into class_names (highway=* value)
  std::vector<std::int64_t> edge_source_id;  // OSM way id or layer feature id
  // Shape points strictly between from and to, for edge e in [shape_first[e], shape_first[e+1]).
  // Empty shape_first means no edge has inner shape points.
  std::vector<core::Index> shape_first;
  std::vector<double> shape_lon;
  std::vector<double> shape_lat;

  std::vector<std::string> class_names;

  core::Index vertex_count() const { return static_cast<core::Index>(lon.size()); }
  core::Index edge_count() const { return static_cast<core::Index>(from.size()); }
  bool has_shapes() const { return !shape_first.empty(); }
  // Inner shape points of edge e (both empty when the edge is a straight segment).
  std::size_t shape_size(core::Index e) const {
    return has_shapes() ? shape_first[e + 1] - shape_first[e] : 0;
  }
};

// How a scenario uses a road network (`road_network:`): its arcs become the given mode, and
// each place joins the nearest road vertex within max_snap_km through a connector leg.
struct RoadLayerSpec {
  std::string file;     // as resolved against the scenario file
  std::string profile;  // OSM input: built-in car or walk, or a profile YAML ("" = car)
  std::string mode = "road";
  double max_snap_km = 5.0;     // places farther from every road vertex are not joined
  double connector_kmh = 30.0;  // speed of the leg between a place and its road vertex
  std::shared_ptr<const RoadNetwork> network;  // loaded and prepared by io
  core::SourceLocation where;
};

}  // namespace reachplan::model
