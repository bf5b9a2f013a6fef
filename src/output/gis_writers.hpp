// Internal to output: the GIS writers. Each creates `file` (the temporary name an atomic write
// or an AtomicFileSet hands it) and names `path`, the final name, in its messages.
#pragma once

#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gis_styles.hpp"
#include "reachplan/analysis/gis.hpp"

namespace reachplan::output::detail {

struct IsochroneFeature {
  std::string place;   // node or group id the times are from
  std::string places;  // the node ids behind it, comma-separated
  double minutes = 0.0;
  double area_km2 = 0.0;                      // measured in the grid's (equal-area by default) CRS
  std::unique_ptr<OGRMultiPolygon> geometry;  // EPSG:4326 lon/lat
};

// Polygonizes "cells within T minutes" of each source surface for each threshold.
std::vector<IsochroneFeature> isochrone_features(const analysis::Grid& grid,
                                                 const std::vector<analysis::Surface>& sources,
                                                 const std::vector<double>& minutes,
                                                 const analysis::Progress& progress);

// What every layer says about itself: the scenario (table names, descriptions, the scenario,
// year and profile fields) and what its style needs. Empty for a layer of no scenario.
struct LayerContext {
  std::string scenario_id, scenario_name;
  std::optional<int> year;
  std::string profile;                // set per layer from its analysis layer
  std::set<std::string> key_members;  // nodes: the key_member field
  std::vector<std::string> mode_ids;  // style categories
  std::string lang = "en";            // label language
};
LayerContext layer_context(const model::Scenario& scenario);
// "links of scenario all_planned: All planned lines (2035)".
std::string layer_description(const std::string& layer, const LayerContext& context);

// The contents of each layer; `isochrones` may be null when that layer is not asked for.
struct VectorLayers {
  LayerContext context;
  const analysis::NodeLayer* nodes = nullptr;
  const analysis::LinkLayer* links = nullptr;
  const analysis::OdLayer* od = nullptr;
  const std::vector<IsochroneFeature>* isochrones = nullptr;
};

// The style of registry layer `name` as written from `layers` (styles::style_for with the
// scenario's modes, language and fields), and of a surface (its kind; accessibility classes
// up to its largest value). The layer_styles rows, .qml sidecars and project.qgs use these.
styles::Style vector_style(const VectorLayers& layers, const std::string& name);
styles::Style surface_style(const analysis::Surface& surface);

// The named layers into a new GeoJSON (one layer) or GeoPackage file.
void vector_to(const std::string& file, const std::string& path, bool gpkg,
               const VectorLayers& layers, const std::vector<std::string>& names);
void geotiff_to(const std::string& file, const std::string& path, const analysis::Grid& grid,
                const analysis::Surface& surface, bool cog, const analysis::Progress& progress);
void quicklook_to(const std::string& file, const std::string& path, const analysis::Grid& grid,
                  const analysis::Surface& surface, const model::Scenario& scenario);
void omx_to(const std::string& file, const std::string& path, const analysis::OmxSet& set);

}  // namespace reachplan::output::detail
