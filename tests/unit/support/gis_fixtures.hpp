// Test helpers for building the analysis grid: the GIS test scenario, a scratch folder, a CRS
// from WKT and a population GeoTIFF written in any CRS (tests link GDAL themselves to make
// these fixtures and to check projections).
#pragma once

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "reachplan/io/load.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::test {

// tests/data/gis/gis.yaml: 5 nodes around hub (114.00E, 30.00N), a 2 km grid, 30 km margin.
inline model::Scenario gis_scenario() {
  std::vector<io::Warning> warnings;
  return io::load_scenario(std::string(REACHPLAN_TEST_DATA) + "/gis/gis.yaml", warnings);
}

// An empty folder <tmp>/reachplan-<suite>-<pid>/<name>.
inline std::filesystem::path scratch(const std::string& suite, const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("reachplan-" + suite + "-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A GDAL dataset closed when it goes out of scope.
struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

// Opens a written file read-only (flags: GDAL_OF_RASTER or GDAL_OF_VECTOR); fails the test
// naming the path when GDAL cannot.
inline Dataset open_read(const std::filesystem::path& p, unsigned flags) {
  GDALAllRegister();
  Dataset d(GDALDataset::Open(p.c_str(), flags | GDAL_OF_READONLY));
  INFO(p.string());
  REQUIRE(d);
  return d;
}

inline OGRSpatialReference srs_of(const std::string& wkt) {
  OGRSpatialReference srs;
  REQUIRE(srs.importFromWkt(wkt.c_str()) == OGRERR_NONE);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// A GeoTIFF of persons per pixel in the given CRS: pixel i holds 10 + i % 7, except the first,
// which is nodata. Returns its total.
inline double write_population(const std::filesystem::path& path, const char* epsg, double x0,
                               double y0, double pixel, int w, int h, bool with_crs = true) {
  GDALAllRegister();
  auto* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), w, h, 1, GDT_Float32, nullptr));
  REQUIRE(ds);
  double gt[6] = {x0, pixel, 0, y0, 0, -pixel};
  ds->SetGeoTransform(gt);
  if (with_crs) {
    OGRSpatialReference srs;
    srs.SetFromUserInput(epsg);
    ds->SetSpatialRef(&srs);
  }
  std::vector<float> v(static_cast<std::size_t>(w) * h);
  double total = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] = static_cast<float>(10 + i % 7);
    total += v[i];
  }
  v[0] = -1;  // nodata
  total -= 10;
  ds->GetRasterBand(1)->SetNoDataValue(-1);
  REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, w, h, v.data(), w, h, GDT_Float32, 0, 0,
                                         nullptr) == CE_None);
  ds.reset();
  return total;
}

inline double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

}  // namespace reachplan::test
