#include "gis_gdal.hpp"

#include <mutex>

#include "reachplan/core/error.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::output::detail {

void gdal_fail(const std::string& what) {
  throw core::OutputError(what + io::gdal_reason());
}

void check(CPLErr err, const std::string& what) {
  if (err == CE_Failure || err == CE_Fatal) gdal_fail(what);
}

void check_ogr(OGRErr err, const std::string& what) {
  if (err != OGRERR_NONE) gdal_fail(what);
}

void close_checked(GDALDataset* ds, const std::string& what) {
  if (!io::close_dataset(io::GdalDataset(ds))) gdal_fail(what);
}

GDALDriver* driver(const char* name) {
  ensure_gdal();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
  if (!d) throw core::OutputError(std::string("GDAL has no ") + name + " driver");
  return d;
}

int CPL_STDCALL forward_progress(double done, const char*, void* bridge) {
  const auto* b = static_cast<const ProgressBridge*>(bridge);
  if (b && b->progress && *b->progress) (*b->progress)(b->task, done);
  return TRUE;
}

void write_atomically_with(const std::string& path,
                           const std::function<void(const std::string& temp)>& write) {
  AtomicFileSet set;
  set.add_with(path, write);
  set.commit();
}

}  // namespace reachplan::output::detail
