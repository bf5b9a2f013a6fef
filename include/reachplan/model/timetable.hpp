// A timetable of one service day: stops, routes and the trips that run that day, with their
// calls in order. Built from GTFS feeds by io (io/gtfs.hpp); routed by timetable routers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reachplan/core/constants.hpp"

namespace reachplan::model {

// Seconds after the service day's noon minus 12 hours (GTFS's "midnight"); a trip that runs
// past midnight keeps counting (25:10:00 = 90600), so one day's trips order by time.
using DaySeconds = std::int32_t;

// A clock time of the service day: "07:05:00" ("-00:30:00" before midnight, "25:10:00" past
// the next), or with seconds = false "07:05".
std::string clock_text(DaySeconds t, bool seconds = true);

struct TransitStop {
  std::string id;
  std::string name;
  std::string parent;  // parent_station, "" when none
  double lon = 0.0;    // WGS84 degrees
  double lat = 0.0;
};

struct TransitRoute {
  std::string id;
  std::string agency;
  std::string short_name;
  std::string long_name;
  int type = 3;  // GTFS route_type (0 tram, 1 metro, 2 rail, 3 bus, ...; extended 100-1700)
};

// One run of a vehicle that day: its calls (stop index, arrival, departure) in order, at
// non-decreasing times. Trips from frequencies.txt are expanded into one trip per departure.
struct TransitTrip {
  std::string id;  // trip_id, plus "#<departure hh:mm:ss>" for an expanded frequency trip
  core::Index route = core::invalid_index;
  std::string service;
  std::string block;  // block_id, "" when none
  std::vector<core::Index> stops;
  std::vector<DaySeconds> arrival;
  std::vector<DaySeconds> departure;
};

struct Timetable {
  std::string date;  // the service day, YYYY-MM-DD
  std::vector<TransitStop> stops;
  std::vector<TransitRoute> routes;
  std::vector<TransitTrip> trips;  // in feed order, frequency expansions in time order
};

}  // namespace reachplan::model
