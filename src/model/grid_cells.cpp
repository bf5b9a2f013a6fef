#include "reachplan/model/grid_cells.hpp"

#include <cmath>

namespace reachplan::model {

std::optional<std::pair<int, int>> GridCells::cell_of(double x, double y) const {
  const double c = std::floor((x - x0) / cell);
  const double r = std::floor((y0 - y) / cell);
  if (c < 0 || r < 0 || c >= width || r >= height) return std::nullopt;
  return std::make_pair(static_cast<int>(c), static_cast<int>(r));
}

}  // namespace reachplan::model
