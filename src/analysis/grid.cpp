#include "reachplan/analysis/grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reachplan/core/error.hpp"

namespace reachplan::analysis {

namespace {

std::string whole(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", x);
  return buf;
}

}  // namespace

void lay_cells(Grid& g, const GridBox& box, double resolution_m) {
  g.cell = resolution_m / g.metres_per_unit;
  const double x0 = std::floor(box.x_min / g.cell) * g.cell;
  const double x1 = std::ceil(box.x_max / g.cell) * g.cell;
  const double y0 = std::floor(box.y_min / g.cell) * g.cell;
  const double y1 = std::ceil(box.y_max / g.cell) * g.cell;
  const double w = std::max(1.0, std::round((x1 - x0) / g.cell));
  const double h = std::max(1.0, std::round((y1 - y0) / g.cell));
  if (w * h > max_grid_cells)
    throw core::UsageError("a grid of " + whole(w) + " x " + whole(h) + " cells at " +
                           whole(resolution_m) +
                           " m is too large (limit 64 million cells); use a coarser resolution "
                           "or a smaller extent");
  g.x0 = x0;
  g.y0 = y0 + h * g.cell;
  g.width = static_cast<int>(w);
  g.height = static_cast<int>(h);
}

std::size_t nodes_inside(const Grid& g) {
  std::size_t inside = 0;
  for (std::size_t i = 0; i < g.node_x.size(); ++i)
    inside += g.cell_of(g.node_x[i], g.node_y[i]).has_value();
  return inside;
}

}  // namespace reachplan::analysis
