// The raster grid every surface is computed on: north-up, square cells in a projected CRS.
// Plain numbers only: output/gis_grid.hpp builds it through GDAL (CRS choice, node projection,
// population raster warped onto the cells), so analysis never sees GDAL.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reachplan::analysis {

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

}  // namespace reachplan::analysis
