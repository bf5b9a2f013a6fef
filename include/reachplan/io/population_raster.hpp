// A population raster (persons per pixel, any CRS GDAL reads) added up onto grid cells.
#pragma once

#include <string>
#include <vector>

#include "reachplan/model/grid_cells.hpp"

namespace reachplan::io {

// Persons per cell of `cells` (row-major; cells in the CRS `crs_wkt`). Each source pixel is
// split into k x k equal parts (k so the parts are at most half a cell wide), and each part's
// share goes to the cell holding its centre after reprojection. Totals are kept exactly (a part
// outside the grid is outside), whatever the two CRSs; GDAL's "sum" warp is not exact here.
// Throws core::InputError for a raster that cannot be read, has no band, CRS or geotransform,
// does not cover the cells, or holds no population inside them.
std::vector<double> read_population(const std::string& path, const std::string& crs_wkt,
                                    const model::GridCells& cells);

}  // namespace reachplan::io
