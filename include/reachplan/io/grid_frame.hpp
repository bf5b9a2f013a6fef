// The analysis grid's georeferencing, through GDAL/OSR (which only io and output may use):
// picks the CRS, projects the nodes and the extent. Returns plain numbers; analysis::make_grid
// lays the cells over them.
#pragma once

#include <string>
#include <vector>

#include "reachplan/model/grid_cells.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::io {

// An Albers equal-area conic fitted to a lon/lat box (standard parallels at 1/6 and 5/6 of its
// latitude range, centred on it), or a Lambert azimuthal equal-area one where the box straddles
// the equator symmetrically (Albers degenerates there). As WKT.
std::string equal_area_crs_for(double lon_min, double lat_min, double lon_max, double lat_max);

// Where a grid goes, before its cells are laid.
struct GridFrame {
  std::string crs_wkt;  // gs.crs, or equal_area_crs_for(lonlat)
  std::string crs_name;
  double metres_per_unit = 1.0;
  // Every scenario node (network order) projected to the CRS.
  std::vector<double> node_x;
  std::vector<double> node_y;
  // The lon/lat box to cover: gs.extent, or the nodes' box.
  model::GridBox lonlat;
  // The projected box to cover: the extent's densified edges, or the nodes plus margin_km.
  model::GridBox box;
};

// Checks `gs` (resolution included, so a bad request fails before any projection) and frames
// the grid for `scenario`. Throws core::UsageError for no nodes, a bad resolution, extent or
// CRS, or nodes or an extent that cannot be projected to the CRS.
GridFrame grid_frame(const model::Scenario& scenario, const model::GridSpec& gs);
// The same around any points (a road network's vertices: node_x/node_y are then theirs);
// `what` names them in the error for no points ("road network").
GridFrame grid_frame(const std::vector<double>& lon, const std::vector<double>& lat,
                     const model::GridSpec& gs, const std::string& what);

// Projects lon/lat points (x = lon, y = lat, in place) to a grid's CRS (WKT). UsageError naming
// `what` when a point cannot be projected.
void project_lonlat(std::vector<double>& x, std::vector<double>& y, const std::string& crs_wkt,
                    const std::string& what);

}  // namespace reachplan::io
