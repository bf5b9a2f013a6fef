#include "reachplan/io/gdal_session.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_priv.h>

#include <mutex>

namespace reachplan::io {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

QuietGdal::QuietGdal() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
}

QuietGdal::~QuietGdal() {
  CPLPopErrorHandler();
}

std::string gdal_reason() {
  const std::string why = CPLGetLastErrorMsg();
  return why.empty() ? "" : ": " + why;
}

void DatasetCloser::operator()(GDALDataset* ds) const {
  if (ds) GDALClose(GDALDataset::ToHandle(ds));
}

bool close_dataset(GdalDataset ds) {
  CPLErrorReset();
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 7, 0)
  return GDALClose(GDALDataset::ToHandle(ds.release())) == CE_None;
#else
  GDALClose(GDALDataset::ToHandle(ds.release()));
  return CPLGetLastErrorType() != CE_Failure && CPLGetLastErrorType() != CE_Fatal;
#endif
}

}  // namespace reachplan::io
