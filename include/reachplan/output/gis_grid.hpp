// Georeferencing of the analysis grid, through GDAL/OSR (which only io and output may use):
// picks the CRS, projects the extent and the nodes, and reprojects a population raster onto
// the cells. Returns plain numbers for analysis to compute on and for the writers to georeference.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/grid.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::output {

// Largest grid accepted (cells): analysis::lay_cells checks it.
using analysis::max_grid_cells;

// An Albers equal-area conic fitted to a lon/lat box (standard parallels at 1/6 and 5/6 of its
// latitude range, centred on it), or a Lambert azimuthal equal-area one where the box straddles
// the equator symmetrically (Albers degenerates there). As WKT.
std::string equal_area_crs_for(double lon_min, double lat_min, double lon_max, double lat_max);

// The grid of `spec` for `scenario`: CRS = spec.grid.crs or equal_area_crs_for(extent);
// extent = spec.grid.extent (lon/lat) or the nodes' box plus margin_km; cells of resolution_m
// snapped to whole multiples; every node projected; spec.population (if set, persons per
// pixel in any CRS) added up per cell: each pixel is split into parts no wider than half a
// cell, and each part goes to the cell that holds its reprojected centre (totals are kept).
// Throws core::UsageError for a bad resolution, CRS or extent (one holding no node, or too
// many cells) and core::InputError for an unreadable population raster or one without a CRS.
analysis::Grid make_grid(const model::Scenario& scenario, const model::GisSpec& spec);

}  // namespace reachplan::output
