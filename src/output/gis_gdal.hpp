// Internal to output: checked GDAL calls, quiet error handling, progress bridging, and the
// GIS writers that create a file at a given (temporary) name.
#pragma once

#include <cpl_error.h>
#include <cpl_progress.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <functional>
#include <memory>
#include <string>

#include "reachplan/analysis/surface.hpp"
#include "reachplan/io/gdal_session.hpp"
#include "reachplan/io/gdal_srs.hpp"

namespace reachplan::output::detail {

// Driver registration, quiet error scopes and dataset ownership are io's (shared with the
// readers).
using io::ensure_gdal;
using io::QuietGdal;
using DatasetPtr = io::GdalDataset;

// "what: <GDAL's last error>" as an OutputError.
[[noreturn]] void gdal_fail(const std::string& what);
void check(CPLErr err, const std::string& what);
void check_ogr(OGRErr err, const std::string& what);

// Closes a dataset and checks that it was flushed without error (GDAL < 3.7 returns nothing
// from GDALClose, so its error state is checked instead).
void close_checked(GDALDataset* ds, const std::string& what);

GDALDriver* driver(const char* name);

// Forwards GDAL's progress callbacks to an analysis::Progress under a task name.
struct ProgressBridge {
  const analysis::Progress* progress = nullptr;
  std::string task;
};
int CPL_STDCALL forward_progress(double done, const char* message, void* bridge);

// Writes one file atomically with a writer that creates the file at the name it is given
// (a temporary beside `path`, renamed over it on success, removed on failure).
void write_atomically_with(const std::string& path,
                           const std::function<void(const std::string& temp)>& write);

}  // namespace reachplan::output::detail
