// What a GTFS feed holds, for `reachplan import gtfs`: a text report, and its stops and route
// shapes as GeoPackage layers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reachplan/io/gtfs.hpp"

namespace reachplan::output {

// Agencies; routes by type; stops; trips; shapes; transfers by type; the services' dates;
// frequency templates, interpolated times and transfers not kept; and, given a service day, the
// trips that run on it (`day` may be null).
std::string gtfs_report_text(const io::GtfsFeed& feed, const model::Timetable* day);

// One feature of the route_shapes layer: the trips of a route that follow one shape, or (shape
// "") those of the route without a shape, drawn straight through the stops of their most common
// stop sequence (ties: the first in stop index order).
struct GtfsRouteShape {
  core::Index route = core::invalid_index;  // into feed.all.routes
  std::string shape;                        // shape_id, "" when drawn through the stops
  int trips = 0;
  std::vector<std::pair<double, double>> points;  // (lon, lat), WGS84 degrees
};

// The route shapes of the feed's trips, or of the day's trips when `day` is given (a frequency
// template's departures each count then), by route index, shapes by id, the one drawn through
// the stops last.
std::vector<GtfsRouteShape> gtfs_route_shapes(const io::GtfsFeed& feed,
                                              const model::Timetable* day);

// A GeoPackage written atomically, EPSG:4326, with layers `stops` (points: stop_id, name,
// parent_station and, given a day, trips_on_day) and `route_shapes` (line strings of
// gtfs_route_shapes: route_id, route_short_name, route_type, shape_id, trips, from_stops 1 for
// a line drawn through the stops, else 0).
void write_gtfs_gpkg(const io::GtfsFeed& feed, const model::Timetable* day,
                     const std::string& path);

}  // namespace reachplan::output
