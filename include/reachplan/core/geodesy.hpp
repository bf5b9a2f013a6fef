// Great-circle geometry on the WGS84 mean sphere.
#pragma once

namespace reachplan::core {

// IUGG mean Earth radius in metres (also what the benchmark graphs were measured with).
inline constexpr double earth_radius_m = 6'371'008.8;

// Haversine distance in kilometres between two lon/lat points in degrees.
double great_circle_km(double lon1, double lat1, double lon2, double lat2);

// True when lon is in [-180, 180] and lat in [-90, 90].
bool valid_lon_lat(double lon, double lat);

}  // namespace reachplan::core
