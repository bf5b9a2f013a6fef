// What a GTFS feed holds, for `reachplan import gtfs`: a text report and its stops as a
// GeoPackage layer.
#pragma once

#include <string>

#include "reachplan/io/gtfs.hpp"

namespace reachplan::output {

// Agencies; routes by type; stops; trips; the services' dates; frequency templates and
// interpolated times; and, given a service day, the trips that run on it (`day` may be null).
std::string gtfs_report_text(const io::GtfsFeed& feed, const model::Timetable* day);

// A GeoPackage with layer `stops` (points, EPSG:4326: stop_id, name, parent_station and, given a
// day, trips_on_day), written atomically.
void write_gtfs_stops_gpkg(const io::GtfsFeed& feed, const model::Timetable* day,
                           const std::string& path);

}  // namespace reachplan::output
