// GTFS feeds (https://gtfs.org/schedule/reference/): a folder or a .zip of text tables, read
// strictly, and the timetable of one service day made from them.
//
// Read: agency, stops, routes, trips, stop_times (required); calendar and/or calendar_dates
// (at least one); frequencies (optional). Columns are found by name (feeds order them freely);
// a file, line and value name every problem (core::InputError): a missing required file or
// column, an unknown stop/route/trip/service id, a duplicate id, a time that is not H:MM:SS,
// calls out of time order, a trip's first or last call without times. Empty times between
// timed calls are interpolated by distance along the straight lines between the stops (the
// GTFS "timepoint" rule), and said so in the report.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reachplan/model/timetable.hpp"

namespace reachplan::io {

// One service's days: the weekly pattern over a date range (calendar.txt) and its exceptions
// (calendar_dates.txt: 1 added, 2 removed). Dates are YYYYMMDD numbers.
struct GtfsService {
  std::string id;
  int start = 0, end = 0;          // 0 when the service has no calendar.txt row
  std::array<bool, 7> weekdays{};  // monday .. sunday
  std::set<int> added, removed;
};

// A frequencies.txt window of a template trip: departures from start every headway until end.
struct GtfsFrequency {
  model::DaySeconds start = 0, end = 0;
  int headway_s = 0;
  bool exact_times = false;
};

struct GtfsFeed {
  std::string path;
  std::vector<std::string> agencies;
  model::Timetable all;  // every trip of the feed (all services); date empty
  std::map<std::string, GtfsService> services;
  std::map<std::string, std::vector<GtfsFrequency>> frequencies;  // trip id -> windows
  std::size_t interpolated_times = 0;  // calls whose empty times were interpolated
};

GtfsFeed read_gtfs(const std::string& path);

// YYYY-MM-DD -> YYYYMMDD (core::UsageError for anything else, or a day that does not exist).
int gtfs_date(const std::string& iso);

// Does the service run on the day (YYYYMMDD)?
bool runs_on(const GtfsService& service, int date);

// The trips that run on `date` (YYYY-MM-DD), frequency templates expanded into their
// departures; stops and routes as in the feed.
model::Timetable timetable_on(const GtfsFeed& feed, const std::string& date);

// "H:MM:SS" (hours may pass 23) -> seconds; false for anything else.
bool parse_gtfs_time(const std::string& text, model::DaySeconds& out);

}  // namespace reachplan::io
