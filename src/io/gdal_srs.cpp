#include "reachplan/io/gdal_srs.hpp"

#include <cpl_error.h>

#include "reachplan/core/error.hpp"

namespace reachplan::io {

namespace {

// "what: <GDAL's last error>". An OutputError: the writers were the first users, and the
// messages and exit codes stay as they were.
[[noreturn]] void srs_fail(const std::string& what) {
  const std::string why = CPLGetLastErrorMsg();
  throw core::OutputError(what + (why.empty() ? "" : ": " + why));
}

}  // namespace

OGRSpatialReference wgs84() {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(4326) != OGRERR_NONE) srs_fail("cannot set up EPSG:4326 (PROJ data?)");
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

OGRSpatialReference srs_from_wkt(const std::string& wkt) {
  OGRSpatialReference srs;
  if (srs.importFromWkt(wkt.c_str()) != OGRERR_NONE) srs_fail("cannot read the grid's CRS");
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

}  // namespace reachplan::io
