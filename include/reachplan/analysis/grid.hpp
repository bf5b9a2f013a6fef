// The raster grid every surface is computed on: north-up, square cells in a projected CRS.
// Plain numbers only: output/gis_grid.hpp georeferences it through GDAL (CRS choice, node
// projection, population raster warped onto the cells) and lays the cells with lay_cells
// below, so analysis never sees GDAL.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reachplan::analysis {

// Largest grid accepted (cells): beyond it the request is almost surely a unit mistake.
inline constexpr double max_grid_cells = 64e6;

struct Grid {
  std::string crs_wkt;   // the CRS, for the writers
  std::string crs_name;  // for messages and metadata
  double x0 = 0.0;       // top-left corner (CRS units)
  double y0 = 0.0;
  double cell = 0.0;  // cell size (CRS units)
  int width = 0;      // columns
  int height = 0;     // rows
  double metres_per_unit = 1.0;
  // Every scenario node (network order) in CRS units; nodes outside the grid still serve the
  // cells near the edge.
  std::vector<double> node_x;
  std::vector<double> node_y;
  // Persons per cell (row-major) from a population raster; empty = use node populations.
  std::vector<double> population;
  std::string population_source;

  std::size_t cell_count() const {
    return static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  }
  double cell_x(int col) const { return x0 + (col + 0.5) * cell; }
  double cell_y(int row) const { return y0 - (row + 0.5) * cell; }
  // GDAL's affine geotransform: x0, cell, 0, y0, 0, -cell.
  std::vector<double> geotransform() const { return {x0, cell, 0.0, y0, 0.0, -cell}; }
  // (col, row) of the cell holding a point, if inside the grid.
  std::optional<std::pair<int, int>> cell_of(double x, double y) const;
};

// A box in the grid's CRS units.
struct GridBox {
  double x_min = 0.0;
  double y_min = 0.0;
  double x_max = 0.0;
  double y_max = 0.0;
};

// Lays square cells of resolution_m metres over `box` (in g's CRS units; g.metres_per_unit
// set): the edges snapped outwards to whole multiples of the cell, so grids of one scenario at
// one resolution line up; at least one cell each way. Sets g.cell, x0, y0, width and height.
// Throws core::UsageError for more than max_grid_cells cells.
void lay_cells(Grid& g, const GridBox& box, double resolution_m);

// How many of g's nodes lie inside it.
std::size_t nodes_inside(const Grid& g);

}  // namespace reachplan::analysis
