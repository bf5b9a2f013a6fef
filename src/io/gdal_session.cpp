#include "reachplan/io/gdal_session.hpp"

#include <cpl_error.h>
#include <gdal.h>

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

}  // namespace reachplan::io
