// Internal to output: QGIS QML and OGC SLD styles for every styled layer kind, generated from
// one declarative table over map_symbology.hpp (its classes and colours), so the GeoPackage's
// layer_styles, the .qml sidecars and project.qgs draw a layer alike.
#pragma once

#include <string>
#include <vector>

#include "reachplan/core/text.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::output::styles {

enum class Kind {
  nodes,
  links,     // tracks: physical lines and links, categorized by mode x status
  services,  // through services and express patterns over those tracks
  od,
  isochrones,
  travel_time,  // rasters from here on
  delta,
  accessibility,
  provinces,  // context.gpkg
  rivers,
  lakes,
};

bool is_raster(Kind kind);
// The kind of a registry layer name (nodes, links, services, od, isochrones); throws
// core::OutputError for another name.
Kind layer_kind(const std::string& layer);
Kind surface_kind(model::SurfaceSpec::Kind kind);

struct Context {
  std::vector<std::string> mode_ids;  // the network's modes, for categories and colours
  std::string lang = "en";            // labels: en (name) or zh (name_zh, else name)
  bool has_name_zh = false;           // the layer has a name_zh field
  double value_max = 0.0;             // accessibility: the surface's largest value
  std::string layer_name;             // SLD NamedLayer name
};

struct Style {
  std::string renderer;  // QGIS renderer type (categorizedSymbol, paletted, ...): for tests
  std::string body;      // the QML's inner elements: what a project's <maplayer> embeds too
  std::string qml;       // a whole .qml document
  std::string sld;       // an SLD 1.1 document
  bool labels = false;   // body has a <labeling> (the layer's labelsEnabled)
};

Style style_for(Kind kind, const Context& context);

using core::xml_escape;

}  // namespace reachplan::output::styles
