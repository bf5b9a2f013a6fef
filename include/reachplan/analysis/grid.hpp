// The raster grid every surface is computed on: north-up, square cells in a projected CRS.
// make_grid builds it: io georeferences it through GDAL (CRS choice, node projection,
// population raster reprojected onto the cells) and lay_cells below lays the cells, so
// analysis's own code never sees GDAL.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reachplan/model/grid_cells.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

// Largest grid accepted (cells): beyond it the request is almost surely a unit mistake.
inline constexpr double max_grid_cells = 64e6;

// A box in the grid's CRS units.
using model::GridBox;

// The cells (x0, y0, cell, width, height, cell_of...) and what analysis computes with.
struct Grid : model::GridCells {
  std::string crs_wkt;   // the CRS, for the writers
  std::string crs_name;  // for messages and metadata
  double metres_per_unit = 1.0;
  // Every scenario node (network order) in CRS units; nodes outside the grid still serve the
  // cells near the edge.
  std::vector<double> node_x;
  std::vector<double> node_y;
  // Persons per cell (row-major) from a population raster; empty = use node populations.
  std::vector<double> population;
  std::string population_source;
};

// Lays square cells of resolution_m metres over `box` (in g's CRS units; g.metres_per_unit
// set): the edges snapped outwards to whole multiples of the cell, so grids of one scenario at
// one resolution line up; at least one cell each way. Sets g.cell, x0, y0, width and height.
// Throws core::UsageError for more than max_grid_cells cells.
void lay_cells(Grid& g, const GridBox& box, double resolution_m);

// How many of g's nodes lie inside it.
std::size_t nodes_inside(const Grid& g);

// The grid of `spec` for `scenario`: CRS = spec.grid.crs or io::equal_area_crs_for(extent);
// extent = spec.grid.extent (lon/lat) or the nodes' box plus margin_km; cells of resolution_m
// snapped to whole multiples; every node projected; spec.population (if set, persons per
// pixel in any CRS) added up per cell: each pixel is split into parts no wider than half a
// cell, and each part goes to the cell that holds its reprojected centre (totals are kept).
// Throws core::UsageError for a bad resolution, CRS or extent (one holding no node, or too
// many cells) and core::InputError for an unreadable population raster or one without a CRS.
Grid make_grid(const model::Scenario& scenario, const model::GisSpec& spec);
// The same around any points (a road network's vertices, which become node_x/node_y), with
// no population; `what` names them in errors.
Grid make_grid(const std::vector<double>& lon, const std::vector<double>& lat,
               const model::GridSpec& spec, const std::string& what);

}  // namespace reachplan::analysis
