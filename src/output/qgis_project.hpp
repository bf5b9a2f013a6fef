// Internal to output: project.qgs, a QGIS project (readable by QGIS 3.22, paths relative to the
// project's folder) that opens a run's GeoPackage layers, GeoTIFF surfaces and the region's
// context layers, each styled as its layer_styles row / .qml sidecar says.
#pragma once

#include <string>
#include <vector>

#include "gis_writers.hpp"
#include "reachplan/analysis/gis.hpp"

namespace reachplan::output {

// The project XML for the files stage_gis_outputs writes into `folder`: `gpkg_layers` (registry
// names) from layers.gpkg, every surface of `gis` from <id>.tif, and `context` (a GeoPackage
// with provinces / rivers / lakes; "" = none; a file that is missing is left out). Order, top
// to bottom: nodes, od, services (hidden), links, isochrones, lakes, rivers, provinces, rasters.
// Project CRS: the grid's, else EPSG:4326; extent: the network's box; title: name and year.
std::string qgis_project_xml(const std::string& folder, const model::Scenario& scenario,
                             const analysis::GisResult& gis, const detail::VectorLayers& layers,
                             const std::vector<std::string>& gpkg_layers,
                             const std::string& context);

}  // namespace reachplan::output
