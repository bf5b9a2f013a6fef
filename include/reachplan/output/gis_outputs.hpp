// GIS outputs, all through GDAL/OGR (and HDF5 for OMX): vector layers as GeoJSON (RFC 7946,
// EPSG:4326 lon/lat) or one GeoPackage, surfaces as GeoTIFF (or Cloud-Optimized GeoTIFF) with a
// PNG quicklook, isochrone polygons from the travel-time rasters, matrices as OMX. Every file
// goes through an AtomicFileSet (the one a caller passes, or a set of its own); failures throw
// core::OutputError with GDAL's (or HDF5's) message and leave any earlier file untouched.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::output {

// Cells without a value (NaN in analysis) hold this in the GeoTIFFs.
inline constexpr double raster_nodata = -9999.0;

// The GeoPackage table (and GeoJSON layer) name of registry layer `layer` (nodes, links, ...)
// of a scenario: "links" of "all-planned" is links_all_planned; a plain SQL/Shapefile
// identifier, lower case. `layer` itself when scenario_id is "".
std::string layer_table_name(const std::string& layer, const std::string& scenario_id);

// Everything `gis` holds, into `folder`: <layer>.geojson per layer and/or layers.gpkg,
// <surface id>.tif (+ .png), isochrones in the layers, matrices.omx and matrix_<id>.omx.
// Returns the paths written. The files land together (see AtomicFileSet).
std::vector<std::string> write_gis_outputs(const std::string& folder,
                                           const model::Scenario& scenario,
                                           const analysis::GisResult& gis,
                                           const analysis::Progress& progress = {});
// The same files, staged into `set` so they land with the set's other files on commit().
void stage_gis_outputs(AtomicFileSet& set, const std::string& folder,
                       const model::Scenario& scenario, const analysis::GisResult& gis,
                       const analysis::Progress& progress = {});

// One surface as a single-band Float32 GeoTIFF: the grid's CRS and geotransform, nodata
// raster_nodata, band description and unit, DEFLATE; tiled with overviews when large; a COG
// (tiled, overviews, DEFLATE) when `cog`.
void write_geotiff(const std::string& path, const analysis::Grid& grid,
                   const analysis::Surface& surface, bool cog,
                   const analysis::Progress& progress = {});
// The same staged into `set` (it lands on set.commit()); so are the overloads below.
void write_geotiff(AtomicFileSet& set, const std::string& path, const analysis::Grid& grid,
                   const analysis::Surface& surface, bool cog,
                   const analysis::Progress& progress = {});

// A PNG picture of a surface for people without GIS: colour ramp, nodes, and a legend.
void write_quicklook_png(const std::string& path, const analysis::Grid& grid,
                         const analysis::Surface& surface, const model::Scenario& scenario);
void write_quicklook_png(AtomicFileSet& set, const std::string& path, const analysis::Grid& grid,
                         const analysis::Surface& surface, const model::Scenario& scenario);

// Isochrone polygons (one MultiPolygon per place and threshold: the cells within that many
// minutes) from travel-time surfaces, as GeoJSON (`gpkg` false) or a GeoPackage layer.
void write_isochrones(const std::string& path, bool gpkg, const analysis::Grid& grid,
                      const std::vector<analysis::Surface>& sources,
                      const std::vector<double>& minutes, const analysis::Progress& progress = {});
void write_isochrones(AtomicFileSet& set, const std::string& path, bool gpkg,
                      const analysis::Grid& grid, const std::vector<analysis::Surface>& sources,
                      const std::vector<double>& minutes, const analysis::Progress& progress = {});

// An Open Matrix (OMX 0.2, HDF5) file: /data/<table> float64 (NaN = unreachable), zlib,
// chunked; /lookup with zone numbers (1..n), node ids and names.
void write_omx(const std::string& path, const analysis::OmxSet& set);

}  // namespace reachplan::output
