// GeoTIFF surfaces. Large grids are tiled (256 x 256) with internal overviews so GIS pans and
// zooms without reading every cell; COG goes through GDAL's COG driver from an in-memory copy.
#include <algorithm>
#include <cmath>
#include <vector>

#include <filesystem>

#include "gis_gdal.hpp"
#include "gis_writers.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output {

namespace {

// Above this many cells on a side a grid gets tiles and overviews.
constexpr int large_side = 1024;

std::vector<float> with_nodata(const analysis::Surface& s) {
  std::vector<float> v(s.values);
  for (float& x : v)
    if (std::isnan(x)) x = static_cast<float>(raster_nodata);
  return v;
}

// Georeferencing, band description, unit, nodata, metadata and the cells.
void fill(GDALDataset* ds, const analysis::Grid& grid, const analysis::Surface& s,
          const std::string& path) {
  auto gt = grid.geotransform();
  detail::check(ds->SetGeoTransform(gt.data()), "cannot set the geotransform of '" + path + "'");
  const OGRSpatialReference srs = io::srs_from_wkt(grid.crs_wkt);
  detail::check(ds->SetSpatialRef(&srs), "cannot set the CRS of '" + path + "'");
  CPLStringList meta;
  for (const auto& [k, v] : s.metadata) meta.SetNameValue(k.c_str(), v.c_str());
  meta.SetNameValue("reachplan_version", core::version);
  meta.SetNameValue("crs_name", grid.crs_name.c_str());
  detail::check(ds->SetMetadata(meta.List()), "cannot set the metadata of '" + path + "'");
  GDALRasterBand* band = ds->GetRasterBand(1);
  detail::check(band->SetNoDataValue(raster_nodata), "cannot set nodata of '" + path + "'");
  band->SetDescription(s.title.c_str());
  detail::check(band->SetUnitType(s.unit.c_str()), "cannot set the unit of '" + path + "'");
  std::vector<float> cells = with_nodata(s);
  detail::check(band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, cells.data(), grid.width,
                               grid.height, GDT_Float32, 0, 0, nullptr),
                "cannot write the cells of '" + path + "'");
}

std::vector<int> overview_levels(const analysis::Grid& grid) {
  std::vector<int> levels;
  for (int f = 2; std::max(grid.width, grid.height) / f >= 256; f *= 2) levels.push_back(f);
  return levels;
}

}  // namespace

void detail::geotiff_to(const std::string& temp, const std::string& path,
                        const analysis::Grid& grid, const analysis::Surface& surface, bool cog,
                        const analysis::Progress& progress) {
  if (surface.values.size() != grid.cell_count())
    throw core::OutputError("surface '" + surface.id + "' does not match its grid");
  detail::QuietGdal quiet;
  detail::ProgressBridge bridge{&progress, "writing " + path};
  GDALProgressFunc report = progress ? detail::forward_progress : nullptr;
  const bool large = std::max(grid.width, grid.height) > large_side;
  if (cog) {
    detail::DatasetPtr mem(
        detail::driver("MEM")->Create("", grid.width, grid.height, 1, GDT_Float32, nullptr));
    if (!mem) detail::gdal_fail("cannot create an in-memory raster");
    fill(mem.get(), grid, surface, path);
    CPLStringList options;
    options.SetNameValue("COMPRESS", "DEFLATE");
    options.SetNameValue("PREDICTOR", "YES");
    options.SetNameValue("OVERVIEWS", "AUTO");
    options.SetNameValue("OVERVIEW_RESAMPLING", "AVERAGE");
    options.SetNameValue("BLOCKSIZE", "256");
    options.SetNameValue("BIGTIFF", "IF_SAFER");
    detail::DatasetPtr out(detail::driver("COG")->CreateCopy(temp.c_str(), mem.get(), FALSE,
                                                             options.List(), report, &bridge));
    if (!out) detail::gdal_fail("cannot write the COG '" + path + "'");
    detail::close_checked(out.release(), "cannot finish writing '" + path + "'");
    return;
  }
  CPLStringList options;
  options.SetNameValue("COMPRESS", "DEFLATE");
  options.SetNameValue("PREDICTOR", "3");  // floating-point predictor: smaller files
  options.SetNameValue("BIGTIFF", "IF_SAFER");
  if (large) {
    options.SetNameValue("TILED", "YES");
    options.SetNameValue("BLOCKXSIZE", "256");
    options.SetNameValue("BLOCKYSIZE", "256");
  }
  detail::DatasetPtr ds(detail::driver("GTiff")->Create(temp.c_str(), grid.width, grid.height, 1,
                                                        GDT_Float32, options.List()));
  if (!ds) detail::gdal_fail("cannot create '" + path + "'");
  fill(ds.get(), grid, surface, path);
  if (large) {
    const auto levels = overview_levels(grid);
    detail::check(GDALBuildOverviews(GDALDataset::ToHandle(ds.get()), "AVERAGE",
                                     static_cast<int>(levels.size()), levels.data(), 0, nullptr,
                                     report, &bridge),
                  "cannot build overviews of '" + path + "'");
  }
  detail::close_checked(ds.release(), "cannot finish writing '" + path + "'");
}

styles::Style detail::surface_style(const analysis::Surface& surface) {
  styles::Context c;
  c.layer_name = surface.id;
  for (float v : surface.values)
    if (!std::isnan(v)) c.value_max = std::max(c.value_max, static_cast<double>(v));
  // A delta surface (compare) is minutes saved: the diverging classes.
  const bool delta = surface.metadata.count("delta_from") > 0 &&
                     surface.kind == model::SurfaceSpec::Kind::travel_time;
  return styles::style_for(delta ? styles::Kind::delta : styles::surface_kind(surface.kind), c);
}

void write_geotiff(AtomicFileSet& set, const std::string& path, const analysis::Grid& grid,
                   const analysis::Surface& surface, bool cog, const analysis::Progress& progress) {
  set.add_with(path, [&](const std::string& file) {
    detail::geotiff_to(file, path, grid, surface, cog, progress);
  });
  // Its style lands with it, so QGIS opens every GeoTIFF reachplan writes in classes.
  set.add(std::filesystem::path(path).replace_extension(".qml").string(),
          detail::surface_style(surface).qml);
}

void write_geotiff(const std::string& path, const analysis::Grid& grid,
                   const analysis::Surface& surface, bool cog, const analysis::Progress& progress) {
  AtomicFileSet set;
  write_geotiff(set, path, grid, surface, cog, progress);
  set.commit();
}

}  // namespace reachplan::output
