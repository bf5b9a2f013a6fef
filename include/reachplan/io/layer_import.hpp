// A planner's line layer (GeoPackage, Shapefile, GeoJSON, anything OGR reads) as links: each
// feature is a link between two nodes, timed by a minutes field, or a length and a speed.
// Features that cannot be used are collected and reported together with their ids.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/model/network.hpp"
#include "reachplan/model/road_network.hpp"

namespace reachplan::io {

struct LayerMapping {
  // role -> field name. Roles: id, from, to (node ids; without them, line ends that lie within
  // snap_m of each other become one generated node), minutes, speed (km/h), length (km; default
  // the geodesic length of the geometry), mode, oneway (yes/true/1/no/false/0/-1), name.
  std::map<std::string, std::string> fields;
  std::string layer;                // "" = the only (or first) layer
  std::string mode = "road";        // mode of features without a mode field
  std::optional<double> speed_kmh;  // speed of features without minutes or a speed field
  double snap_m = 1.0;

  static const std::vector<std::string>& roles();
};

// "from=a,to=b,speed=kmh"; InputError naming an unknown role (with a suggestion).
LayerMapping parse_layer_mapping(const std::string& text);

struct LayerImport {
  model::Network network;    // nodes and links (links in feature order); modes used, bare
  model::RoadNetwork roads;  // the same links as a directed road network with geometry
  std::size_t features = 0;
  std::vector<std::string> notes;
};

// Throws InputError for an unreadable file, a missing layer or field, and for every feature
// that cannot become a link (no or non-line geometry, missing ends, bad numbers): the message
// lists the feature ids (the first 20) and the reason for each.
LayerImport read_line_layer(const std::string& path, const LayerMapping& mapping);

// A network YAML (nodes, modes, links) that `reachplan validate` and scenarios read.
std::string network_yaml(const model::Network& net, const std::string& header_comment,
                         bool with_nodes = true, bool with_modes = true);

}  // namespace reachplan::io
