#include "reachplan/core/geodesy.hpp"

#include <cmath>
#include <numbers>

namespace reachplan::core {

double great_circle_km(double lon1, double lat1, double lon2, double lat2) {
  constexpr double rad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * rad;
  const double dlon = (lon2 - lon1) * rad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2.0 * earth_radius_m * std::asin(std::min(1.0, std::sqrt(a))) / 1000.0;
}

bool valid_lon_lat(double lon, double lat) {
  return std::isfinite(lon) && std::isfinite(lat) && lon >= -180.0 && lon <= 180.0 &&
         lat >= -90.0 && lat <= 90.0;
}

}  // namespace reachplan::core
