// The cells of a raster grid: north-up, square, in a projected CRS's units. Plain numbers,
// shared by the layers that lay the cells (analysis), fill them from a raster (io) and write
// them (output).
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace reachplan::model {

// A box in a projected CRS's units.
struct GridBox {
  double x_min = 0.0;
  double y_min = 0.0;
  double x_max = 0.0;
  double y_max = 0.0;
};

struct GridCells {
  double x0 = 0.0;  // top-left corner (CRS units)
  double y0 = 0.0;
  double cell = 0.0;  // cell size (CRS units)
  int width = 0;      // columns
  int height = 0;     // rows

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

}  // namespace reachplan::model
