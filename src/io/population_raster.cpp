#include "reachplan/io/population_raster.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "reachplan/core/error.hpp"
#include "reachplan/io/gdal_session.hpp"
#include "reachplan/io/gdal_srs.hpp"
#include "reachplan/io/input_file.hpp"

namespace reachplan::io {

namespace {

// The population raster, checked: one band at least, a CRS (set to x = easting axis order).
struct PopulationSource {
  GDALDatasetUniquePtr ds;
  OGRSpatialReference crs;
  double gt[6];   // pixel -> source CRS
  double inv[6];  // source CRS -> pixel
};

void open_population(PopulationSource& src, const std::string& path) {
  // A FIFO would block GDAL's read for ever; folders are formats too (an ESRI grid). A missing
  // file (or a /vsi path) is GDAL's to report.
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    check_input_path(path, Folders::allow, [](const std::string& what) {
      throw core::InputError("the population raster: " + what);
    });
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
                              const model::GridCells& g, const std::string& path) {
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
                   const model::GridCells& g) {
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
                                  OGRCoordinateTransformation& to_grid, const model::GridCells& g,
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

}  // namespace

std::vector<double> read_population(const std::string& path, const std::string& crs_wkt,
                                    const model::GridCells& g) {
  ensure_gdal();
  QuietGdal quiet;
  PopulationSource src;
  open_population(src, path);
  const OGRSpatialReference grid_crs = srs_from_wkt(crs_wkt);
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

}  // namespace reachplan::io
