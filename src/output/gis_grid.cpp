#include "reachplan/output/gis_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "gis_gdal.hpp"
#include "reachplan/core/error.hpp"

namespace reachplan::output {

namespace {

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

std::string wkt_of(const OGRSpatialReference& srs) {
  char* text = nullptr;
  if (srs.exportToWkt(&text) != OGRERR_NONE || !text) {
    CPLFree(text);
    throw core::UsageError("cannot express the grid's CRS as WKT: " +
                           std::string(CPLGetLastErrorMsg()));
  }
  std::string s = text;
  CPLFree(text);
  return s;
}

struct Box {
  double x_min = std::numeric_limits<double>::infinity();
  double y_min = std::numeric_limits<double>::infinity();
  double x_max = -std::numeric_limits<double>::infinity();
  double y_max = -std::numeric_limits<double>::infinity();
  void add(double x, double y) {
    x_min = std::min(x_min, x);
    x_max = std::max(x_max, x);
    y_min = std::min(y_min, y);
    y_max = std::max(y_max, y);
  }
};

class Projector {
 public:
  Projector(const OGRSpatialReference& from, const OGRSpatialReference& to)
      : ct_(OGRCreateCoordinateTransformation(&from, &to)) {
    if (!ct_)
      throw core::UsageError("cannot transform WGS84 lon/lat to the grid's CRS: " +
                             std::string(CPLGetLastErrorMsg()));
  }
  // Projects in place; throws if any point fails.
  void run(std::vector<double>& x, std::vector<double>& y, const std::string& what) {
    if (x.empty()) return;
    std::vector<int> ok(x.size(), FALSE);
    if (!ct_->Transform(x.size(), x.data(), y.data(), nullptr, ok.data()) ||
        std::find(ok.begin(), ok.end(), FALSE) != ok.end())
      throw core::UsageError("cannot project " + what +
                             " to the grid's CRS: " + std::string(CPLGetLastErrorMsg()));
  }

 private:
  std::unique_ptr<OGRCoordinateTransformation> ct_;
};

// Adds the population raster's persons to the grid cells. Each source pixel is split into
// k x k equal parts (k so the parts are at most half a grid cell wide), and each part's share
// goes to the cell holding its centre after reprojection. Totals are kept exactly (a part
// outside the grid is outside), whatever the two CRSs; GDAL's "sum" warp is not exact here.
std::vector<double> aggregate_population(const std::string& path, const analysis::Grid& g) {
  detail::ensure_gdal();
  detail::DatasetPtr src(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!src)
    throw core::InputError("cannot open the population raster '" + path +
                           "': " + CPLGetLastErrorMsg());
  if (src->GetRasterCount() < 1)
    throw core::InputError("the population raster '" + path + "' has no band");
  const OGRSpatialReference* src_crs = src->GetSpatialRef();
  if (!src_crs || src_crs->IsEmpty())
    throw core::InputError("the population raster '" + path +
                           "' has no CRS; assign one (e.g. gdal_edit.py -a_srs EPSG:4326)");
  OGRSpatialReference from(*src_crs);
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const OGRSpatialReference grid_crs = detail::srs_from_wkt(g.crs_wkt);
  double gt[6], inv[6];
  if (src->GetGeoTransform(gt) != CE_None || !GDALInvGeoTransform(gt, inv))
    throw core::InputError("the population raster '" + path + "' has no usable geotransform");
  std::unique_ptr<OGRCoordinateTransformation> to_grid(
      OGRCreateCoordinateTransformation(&from, &grid_crs));
  std::unique_ptr<OGRCoordinateTransformation> to_src(
      OGRCreateCoordinateTransformation(&grid_crs, &from));
  if (!to_grid || !to_src)
    throw core::InputError(
        "cannot transform between the population raster's CRS and the "
        "grid's: " +
        std::string(CPLGetLastErrorMsg()));

  // The source pixels under the grid: its densified outline, in source pixel coordinates.
  const double gx1 = g.x0 + g.width * g.cell, gy1 = g.y0 - g.height * g.cell;
  std::vector<double> ox, oy;
  constexpr int steps = 64;
  for (int i = 0; i <= steps; ++i) {
    const double f = static_cast<double>(i) / steps;
    for (auto [x, y] :
         {std::pair{g.x0 + f * (gx1 - g.x0), g.y0}, std::pair{g.x0 + f * (gx1 - g.x0), gy1},
          std::pair{g.x0, g.y0 + f * (gy1 - g.y0)}, std::pair{gx1, g.y0 + f * (gy1 - g.y0)}}) {
      ox.push_back(x);
      oy.push_back(y);
    }
  }
  // Points outside the source CRS's domain fail one by one (ok[i]); the rest still count.
  std::vector<int> ok(ox.size(), FALSE);
  (void)to_src->Transform(ox.size(), ox.data(), oy.data(), nullptr, ok.data());
  double c0 = INFINITY, c1 = -INFINITY, r0 = INFINITY, r1 = -INFINITY;
  for (std::size_t i = 0; i < ox.size(); ++i) {
    if (!ok[i]) continue;
    const double px = inv[0] + ox[i] * inv[1] + oy[i] * inv[2];
    const double py = inv[3] + ox[i] * inv[4] + oy[i] * inv[5];
    c0 = std::min(c0, px);
    c1 = std::max(c1, px);
    r0 = std::min(r0, py);
    r1 = std::max(r1, py);
  }
  const int cols = src->GetRasterXSize(), rows = src->GetRasterYSize();
  const int col0 = std::max(0, static_cast<int>(std::floor(c0)) - 1);
  const int col1 = std::min(cols, static_cast<int>(std::ceil(c1)) + 1);
  const int row0 = std::max(0, static_cast<int>(std::floor(r0)) - 1);
  const int row1 = std::min(rows, static_cast<int>(std::ceil(r1)) + 1);
  if (!(c0 <= c1) || col0 >= col1 || row0 >= row1)
    throw core::InputError("the population raster '" + path + "' does not cover the grid");

  // Parts per pixel side, from the size of a pixel near the window's centre in grid units.
  int k = 1;
  {
    const double pc = (col0 + col1) / 2.0, pr = (row0 + row1) / 2.0;
    double x[3] = {gt[0] + pc * gt[1] + pr * gt[2], gt[0] + (pc + 1) * gt[1] + pr * gt[2],
                   gt[0] + pc * gt[1] + (pr + 1) * gt[2]};
    double y[3] = {gt[3] + pc * gt[4] + pr * gt[5], gt[3] + (pc + 1) * gt[4] + pr * gt[5],
                   gt[3] + pc * gt[4] + (pr + 1) * gt[5]};
    int fine[3] = {FALSE, FALSE, FALSE};
    if (to_grid->Transform(3, x, y, nullptr, fine) && fine[0] && fine[1] && fine[2]) {
      const double side =
          std::max(std::hypot(x[1] - x[0], y[1] - y[0]), std::hypot(x[2] - x[0], y[2] - y[0]));
      k = std::clamp(static_cast<int>(std::ceil(side / (g.cell / 2))), 1, 16);
    }
  }

  GDALRasterBand* band = src->GetRasterBand(1);
  int has_nodata = FALSE;
  const double nodata = band->GetNoDataValue(&has_nodata);
  std::vector<double> cells(g.cell_count(), 0.0);
  const int width = col1 - col0;
  std::vector<double> row(static_cast<std::size_t>(width));
  std::vector<double> px, py;
  std::vector<int> fine;
  const double share = 1.0 / (k * k);
  for (int r = row0; r < row1; ++r) {
    if (band->RasterIO(GF_Read, col0, r, width, 1, row.data(), width, 1, GDT_Float64, 0, 0,
                       nullptr) != CE_None)
      throw core::InputError("cannot read the population raster '" + path +
                             "': " + CPLGetLastErrorMsg());
    px.clear();
    py.clear();
    std::vector<double> value;
    for (int c = 0; c < width; ++c) {
      const double v = row[static_cast<std::size_t>(c)];
      if (!std::isfinite(v) || v <= 0 || (has_nodata && v == nodata)) continue;
      for (int j = 0; j < k; ++j)
        for (int i = 0; i < k; ++i) {
          const double sc = col0 + c + (i + 0.5) / k, sr = r + (j + 0.5) / k;
          px.push_back(gt[0] + sc * gt[1] + sr * gt[2]);
          py.push_back(gt[3] + sc * gt[4] + sr * gt[5]);
          value.push_back(v * share);
        }
    }
    if (px.empty()) continue;
    fine.assign(px.size(), FALSE);
    (void)to_grid->Transform(px.size(), px.data(), py.data(), nullptr, fine.data());  // per point
    for (std::size_t i = 0; i < px.size(); ++i) {
      if (!fine[i]) continue;
      if (const auto cell = g.cell_of(px[i], py[i]))
        cells[static_cast<std::size_t>(cell->second) * g.width + cell->first] += value[i];
    }
  }
  double total = 0;
  for (double c : cells) total += c;
  if (!(total > 0))
    throw core::InputError("the population raster '" + path +
                           "' holds no population inside the grid's extent");
  return cells;
}

}  // namespace

std::string equal_area_crs_for(double lon_min, double lat_min, double lon_max, double lat_max) {
  detail::ensure_gdal();
  const double lon0 = (lon_min + lon_max) / 2, lat0 = (lat_min + lat_max) / 2;
  const double range = lat_max - lat_min;
  const double lat1 = lat_min + range / 6, lat2 = lat_max - range / 6;
  constexpr double deg = 3.14159265358979323846 / 180;
  OGRSpatialReference srs;
  const auto ok = [](OGRErr err) {
    if (err != OGRERR_NONE)
      throw core::UsageError("cannot build an equal-area CRS for the extent: " +
                             std::string(CPLGetLastErrorMsg()));
  };
  ok(srs.SetWellKnownGeogCS("WGS84"));
  if (std::abs(std::sin(lat1 * deg) + std::sin(lat2 * deg)) < 0.01) {
    ok(srs.SetProjCS(
        ("reachplan Lambert azimuthal equal-area, centre " + fixed(lon0, 3) + " " + fixed(lat0, 3))
            .c_str()));
    ok(srs.SetLAEA(lat0, lon0, 0, 0));
  } else {
    ok(srs.SetProjCS(("reachplan Albers equal-area, lon0 " + fixed(lon0, 3) + ", parallels " +
                      fixed(lat1, 3) + " " + fixed(lat2, 3))
                         .c_str()));
    ok(srs.SetACEA(lat1, lat2, lat0, lon0, 0, 0));
  }
  ok(srs.SetLinearUnits(SRS_UL_METER, 1.0));
  return wkt_of(srs);
}

analysis::Grid make_grid(const model::Scenario& scenario, const model::GisSpec& spec) {
  detail::ensure_gdal();
  detail::QuietGdal quiet;
  const auto& nodes = scenario.network.nodes;
  if (nodes.empty()) throw core::UsageError("the scenario has no nodes to build a grid around");
  const model::GridSpec& gs = spec.grid;
  if (!(gs.resolution_m > 0) || !std::isfinite(gs.resolution_m))
    throw core::UsageError("the grid resolution must be > 0 metres (got " +
                           fixed(gs.resolution_m, 3) + ")");
  if (gs.extent) {
    const auto& e = *gs.extent;
    if (e.size() != 4 || !(e[0] < e[2]) || !(e[1] < e[3]) || e[0] < -180 || e[2] > 180 ||
        e[1] < -90 || e[3] > 90)
      throw core::UsageError(
          "the extent must be lon_min,lat_min,lon_max,lat_max in WGS84 degrees with min < max");
  }

  // The lon/lat box the grid should cover (and the auto CRS is fitted to).
  Box ll;
  if (gs.extent) {
    ll.add((*gs.extent)[0], (*gs.extent)[1]);
    ll.add((*gs.extent)[2], (*gs.extent)[3]);
  } else {
    for (const auto& n : nodes) ll.add(n.lon, n.lat);
  }

  analysis::Grid g;
  OGRSpatialReference target;
  if (gs.crs.empty()) {
    g.crs_wkt = equal_area_crs_for(ll.x_min, ll.y_min, ll.x_max, ll.y_max);
    target = detail::srs_from_wkt(g.crs_wkt);
  } else {
    if (target.SetFromUserInput(gs.crs.c_str()) != OGRERR_NONE)
      throw core::UsageError("GDAL cannot read the CRS '" + gs.crs + "': " + CPLGetLastErrorMsg());
    if (!target.IsProjected())
      throw core::UsageError("the CRS '" + gs.crs +
                             "' is not projected; the grid needs metres (a UTM zone or an "
                             "equal-area CRS such as the default Albers)");
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    g.crs_wkt = wkt_of(target);
  }
  g.crs_name = target.GetName() ? target.GetName() : "";
  g.metres_per_unit = target.GetLinearUnits();
  if (!(g.metres_per_unit > 0)) g.metres_per_unit = 1.0;

  Projector to_grid(detail::wgs84(), target);
  g.node_x.resize(nodes.size());
  g.node_y.resize(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    g.node_x[i] = nodes[i].lon;
    g.node_y[i] = nodes[i].lat;
  }
  to_grid.run(g.node_x, g.node_y, "the nodes");

  Box box;
  if (gs.extent) {
    // The box's edges, densified: straight lon/lat edges are curves in a conic projection.
    std::vector<double> x, y;
    constexpr int steps = 32;
    for (int i = 0; i <= steps; ++i) {
      const double f = static_cast<double>(i) / steps;
      const double lon = ll.x_min + f * (ll.x_max - ll.x_min);
      const double lat = ll.y_min + f * (ll.y_max - ll.y_min);
      for (auto [px, py] : {std::pair{lon, ll.y_min}, std::pair{lon, ll.y_max},
                            std::pair{ll.x_min, lat}, std::pair{ll.x_max, lat}}) {
        x.push_back(px);
        y.push_back(py);
      }
    }
    to_grid.run(x, y, "the extent");
    for (std::size_t i = 0; i < x.size(); ++i) box.add(x[i], y[i]);
  } else {
    for (std::size_t i = 0; i < nodes.size(); ++i) box.add(g.node_x[i], g.node_y[i]);
    const double margin = gs.margin_km * 1000.0 / g.metres_per_unit;
    box.x_min -= margin;
    box.y_min -= margin;
    box.x_max += margin;
    box.y_max += margin;
  }

  // Snap to whole cells, so grids of one scenario at one resolution line up.
  g.cell = gs.resolution_m / g.metres_per_unit;
  const double x0 = std::floor(box.x_min / g.cell) * g.cell;
  const double x1 = std::ceil(box.x_max / g.cell) * g.cell;
  const double y0 = std::floor(box.y_min / g.cell) * g.cell;
  const double y1 = std::ceil(box.y_max / g.cell) * g.cell;
  const double w = std::max(1.0, std::round((x1 - x0) / g.cell));
  const double h = std::max(1.0, std::round((y1 - y0) / g.cell));
  if (w * h > max_grid_cells)
    throw core::UsageError("a grid of " + fixed(w, 0) + " x " + fixed(h, 0) + " cells at " +
                           fixed(gs.resolution_m, 0) +
                           " m is too large (limit 64 million cells); use a coarser resolution "
                           "or a smaller extent");
  g.x0 = x0;
  g.y0 = y0 + h * g.cell;
  g.width = static_cast<int>(w);
  g.height = static_cast<int>(h);

  std::size_t inside = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    inside += g.cell_of(g.node_x[i], g.node_y[i]).has_value();
  if (inside == 0)
    throw core::UsageError("the extent " + fixed(ll.x_min, 3) + "," + fixed(ll.y_min, 3) + "," +
                           fixed(ll.x_max, 3) + "," + fixed(ll.y_max, 3) + " holds none of the " +
                           std::to_string(nodes.size()) + " nodes of scenario '" + scenario.id +
                           "'");

  if (!spec.population.empty()) {
    g.population = aggregate_population(spec.population, g);
    g.population_source = spec.population;
  }
  return g;
}

}  // namespace reachplan::output
