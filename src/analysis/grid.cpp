#include "reachplan/analysis/grid.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/grid_frame.hpp"
#include "reachplan/io/population_raster.hpp"

namespace reachplan::analysis {

namespace {

std::string whole(double x) {
  return core::fixed_decimals(x, 0);
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

namespace {

// Cells over a frame; UsageError when the extent holds none of the points (named `what`).
Grid grid_over(io::GridFrame frame, double resolution_m, const std::string& what) {
  Grid g;
  g.crs_wkt = std::move(frame.crs_wkt);
  g.crs_name = std::move(frame.crs_name);
  g.metres_per_unit = frame.metres_per_unit;
  g.node_x = std::move(frame.node_x);
  g.node_y = std::move(frame.node_y);
  lay_cells(g, frame.box, resolution_m);
  if (nodes_inside(g) == 0) {
    const auto& ll = frame.lonlat;
    using core::fixed_decimals;
    throw core::UsageError("the extent " + fixed_decimals(ll.x_min, 3) + "," +
                           fixed_decimals(ll.y_min, 3) + "," + fixed_decimals(ll.x_max, 3) + "," +
                           fixed_decimals(ll.y_max, 3) + " holds none of the " +
                           std::to_string(g.node_x.size()) + " nodes of " + what);
  }
  return g;
}

}  // namespace

Grid make_grid(const std::vector<double>& lon, const std::vector<double>& lat,
               const model::GridSpec& spec, const std::string& what) {
  return grid_over(io::grid_frame(lon, lat, spec, what), spec.resolution_m, what);
}

Grid make_grid(const model::Scenario& scenario, const model::GisSpec& spec) {
  Grid g = grid_over(io::grid_frame(scenario, spec.grid), spec.grid.resolution_m,
                     "scenario '" + scenario.id + "'");
  if (!spec.population.empty()) {
    g.population = io::read_population(spec.population, g.crs_wkt, g);
    g.population_source = spec.population;
  }
  return g;
}

}  // namespace reachplan::analysis
