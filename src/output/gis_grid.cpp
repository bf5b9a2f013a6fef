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

// The population raster, checked: one band at least, a CRS (set to x = easting axis order).
struct PopulationSource {
  detail::DatasetPtr ds;
  OGRSpatialReference crs;
  double gt[6];   // pixel -> source CRS
  double inv[6];  // source CRS -> pixel
};

void open_population(PopulationSource& src, const std::string& path) {
  src.ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!src.ds)
    throw core::InputError("cannot open the population raster '" + path +
                           "': " + CPLGetLastErrorMsg());
  if (src.ds->GetRasterCount() < 1)
    throw core::InputError("the population raster '" + path + "' has no band");
  const OGRSpatialReference* crs = src.ds->GetSpatialRef();
  if (!crs || crs->IsEmpty())
    throw core::InputError("the population raster '" + path +
                           "' has no CRS; assign one (e.g. gdal_edit.py -a_srs EPSG:4326)");
  src.crs = *crs;
  src.crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
}

// Source pixels [col0, col1) x [row0, row1).
struct PixelWindow {
  int col0 = 0, col1 = 0, row0 = 0, row1 = 0;
};

// The source pixels under the grid: its densified outline, in source pixel coordinates, with a
// pixel of slack. Points outside the source CRS's domain fail one by one; the rest still count.
PixelWindow window_under_grid(const PopulationSource& src, OGRCoordinateTransformation& to_src,
                              const analysis::Grid& g, const std::string& path) {
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
  std::vector<int> ok(ox.size(), FALSE);
  (void)to_src.Transform(ox.size(), ox.data(), oy.data(), nullptr, ok.data());
  const double* inv = src.inv;
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
  const int cols = src.ds->GetRasterXSize(), rows = src.ds->GetRasterYSize();
  PixelWindow w;
  w.col0 = std::max(0, static_cast<int>(std::floor(c0)) - 1);
  w.col1 = std::min(cols, static_cast<int>(std::ceil(c1)) + 1);
  w.row0 = std::max(0, static_cast<int>(std::floor(r0)) - 1);
  w.row1 = std::min(rows, static_cast<int>(std::ceil(r1)) + 1);
  if (!(c0 <= c1) || w.col0 >= w.col1 || w.row0 >= w.row1)
    throw core::InputError("the population raster '" + path + "' does not cover the grid");
  return w;
}

// Parts per pixel side, from the size of a pixel near the window's centre in grid units: parts
// at most half a cell wide (1 to 16).
int parts_per_side(const double* gt, const PixelWindow& w, OGRCoordinateTransformation& to_grid,
                   const analysis::Grid& g) {
  const double pc = (w.col0 + w.col1) / 2.0, pr = (w.row0 + w.row1) / 2.0;
  double x[3] = {gt[0] + pc * gt[1] + pr * gt[2], gt[0] + (pc + 1) * gt[1] + pr * gt[2],
                 gt[0] + pc * gt[1] + (pr + 1) * gt[2]};
  double y[3] = {gt[3] + pc * gt[4] + pr * gt[5], gt[3] + (pc + 1) * gt[4] + pr * gt[5],
                 gt[3] + pc * gt[4] + (pr + 1) * gt[5]};
  int fine[3] = {FALSE, FALSE, FALSE};
  if (!to_grid.Transform(3, x, y, nullptr, fine) || !fine[0] || !fine[1] || !fine[2]) return 1;
  const double side =
      std::max(std::hypot(x[1] - x[0], y[1] - y[0]), std::hypot(x[2] - x[0], y[2] - y[0]));
  return std::clamp(static_cast<int>(std::ceil(side / (g.cell / 2))), 1, 16);
}

// Adds each pixel of the window, split into k x k parts, to the cells holding the parts'
// reprojected centres.
std::vector<double> add_up_pixels(const PopulationSource& src, const PixelWindow& w, int k,
                                  OGRCoordinateTransformation& to_grid, const analysis::Grid& g,
                                  const std::string& path) {
  const double* gt = src.gt;
  GDALRasterBand* band = src.ds->GetRasterBand(1);
  int has_nodata = FALSE;
  const double nodata = band->GetNoDataValue(&has_nodata);
  std::vector<double> cells(g.cell_count(), 0.0);
  const int width = w.col1 - w.col0;
  std::vector<double> row(static_cast<std::size_t>(width));
  std::vector<double> px, py;
  std::vector<int> fine;
  const double share = 1.0 / (k * k);
  for (int r = w.row0; r < w.row1; ++r) {
    if (band->RasterIO(GF_Read, w.col0, r, width, 1, row.data(), width, 1, GDT_Float64, 0, 0,
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
          const double sc = w.col0 + c + (i + 0.5) / k, sr = r + (j + 0.5) / k;
          px.push_back(gt[0] + sc * gt[1] + sr * gt[2]);
          py.push_back(gt[3] + sc * gt[4] + sr * gt[5]);
          value.push_back(v * share);
        }
    }
    if (px.empty()) continue;
    fine.assign(px.size(), FALSE);
    (void)to_grid.Transform(px.size(), px.data(), py.data(), nullptr, fine.data());  // per point
    for (std::size_t i = 0; i < px.size(); ++i) {
      if (!fine[i]) continue;
      if (const auto cell = g.cell_of(px[i], py[i]))
        cells[static_cast<std::size_t>(cell->second) * g.width + cell->first] += value[i];
    }
  }
  return cells;
}

// Adds the population raster's persons to the grid cells. Each source pixel is split into
// k x k equal parts (k so the parts are at most half a grid cell wide), and each part's share
// goes to the cell holding its centre after reprojection. Totals are kept exactly (a part
// outside the grid is outside), whatever the two CRSs; GDAL's "sum" warp is not exact here.
std::vector<double> aggregate_population(const std::string& path, const analysis::Grid& g) {
  detail::ensure_gdal();
  PopulationSource src;
  open_population(src, path);
  const OGRSpatialReference grid_crs = detail::srs_from_wkt(g.crs_wkt);
  if (src.ds->GetGeoTransform(src.gt) != CE_None || !GDALInvGeoTransform(src.gt, src.inv))
    throw core::InputError("the population raster '" + path + "' has no usable geotransform");
  std::unique_ptr<OGRCoordinateTransformation> to_grid(
      OGRCreateCoordinateTransformation(&src.crs, &grid_crs));
  std::unique_ptr<OGRCoordinateTransformation> to_src(
      OGRCreateCoordinateTransformation(&grid_crs, &src.crs));
  if (!to_grid || !to_src)
    throw core::InputError(
        "cannot transform between the population raster's CRS and the "
        "grid's: " +
        std::string(CPLGetLastErrorMsg()));
  const PixelWindow w = window_under_grid(src, *to_src, g, path);
  const int k = parts_per_side(src.gt, w, *to_grid, g);
  std::vector<double> cells = add_up_pixels(src, w, k, *to_grid, g, path);
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

namespace {

void check_grid_spec(const model::Scenario& scenario, const model::GridSpec& gs) {
  if (scenario.network.nodes.empty())
    throw core::UsageError("the scenario has no nodes to build a grid around");
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
}

// The lon/lat box the grid should cover (and the auto CRS is fitted to).
Box lonlat_box(const model::Scenario& scenario, const model::GridSpec& gs) {
  Box ll;
  if (gs.extent) {
    ll.add((*gs.extent)[0], (*gs.extent)[1]);
    ll.add((*gs.extent)[2], (*gs.extent)[3]);
  } else {
    for (const auto& n : scenario.network.nodes) ll.add(n.lon, n.lat);
  }
  return ll;
}

// The grid's CRS (gs.crs, or an equal-area one fitted to `ll`) into g: WKT, name, units.
OGRSpatialReference choose_crs(analysis::Grid& g, const model::GridSpec& gs, const Box& ll) {
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
  return target;
}

// The projected box to cover: the extent's edges, densified (straight lon/lat edges are curves
// in a conic projection), or the projected nodes plus the margin.
Box projected_box(const analysis::Grid& g, const model::GridSpec& gs, const Box& ll,
                  Projector& to_grid) {
  Box box;
  if (gs.extent) {
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
    for (std::size_t i = 0; i < g.node_x.size(); ++i) box.add(g.node_x[i], g.node_y[i]);
    const double margin = gs.margin_km * 1000.0 / g.metres_per_unit;
    box.x_min -= margin;
    box.y_min -= margin;
    box.x_max += margin;
    box.y_max += margin;
  }
  return box;
}

}  // namespace

analysis::Grid make_grid(const model::Scenario& scenario, const model::GisSpec& spec) {
  detail::ensure_gdal();
  detail::QuietGdal quiet;
  const model::GridSpec& gs = spec.grid;
  check_grid_spec(scenario, gs);
  const Box ll = lonlat_box(scenario, gs);
  analysis::Grid g;
  const OGRSpatialReference target = choose_crs(g, gs, ll);

  const auto& nodes = scenario.network.nodes;
  Projector to_grid(detail::wgs84(), target);
  g.node_x.resize(nodes.size());
  g.node_y.resize(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    g.node_x[i] = nodes[i].lon;
    g.node_y[i] = nodes[i].lat;
  }
  to_grid.run(g.node_x, g.node_y, "the nodes");
  const Box box = projected_box(g, gs, ll, to_grid);
  analysis::lay_cells(g, {box.x_min, box.y_min, box.x_max, box.y_max}, gs.resolution_m);
  if (analysis::nodes_inside(g) == 0)
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
