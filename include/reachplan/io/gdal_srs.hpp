// Spatial reference systems as GDAL/OSR objects, for the layers that call GDAL themselves (io's
// grid georeferencing, output's writers): this header needs GDAL's headers.
#pragma once

#include <ogr_spatialref.h>

#include <string>

namespace reachplan::io {

// EPSG:4326 with lon/lat axis order (as RFC 7946 and every GIS expects). Throws
// core::OutputError (with GDAL's words) when PROJ cannot set it up.
OGRSpatialReference wgs84();
// A CRS from WKT, with traditional (x = easting/lon) axis order. Throws core::OutputError
// "cannot read the grid's CRS" (with GDAL's words).
OGRSpatialReference srs_from_wkt(const std::string& wkt);

}  // namespace reachplan::io
