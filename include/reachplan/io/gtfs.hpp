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

// YYYYMMDD -> YYYY-MM-DD.
std::string gtfs_iso_date(int yyyymmdd);

// Does the service run on the day (YYYYMMDD)?
bool runs_on(const GtfsService& service, int date);

// The trips that run on `date` (YYYY-MM-DD), frequency templates expanded into their
// departures; stops and routes as in the feed.
model::Timetable timetable_on(const GtfsFeed& feed, const std::string& date);

// The trips of several feeds that run on `date`, as one timetable (stops, routes and trips of
// each feed after those of the feeds before it; ids stay as in their feed). A day on which no
// feed runs a trip is an InputError "no service on <date>" naming each feed's service days.
model::Timetable timetable_on(const std::vector<GtfsFeed>& feeds, const std::string& date);

// The trips of several feeds with a call between `from` and `to` (seconds of `date`'s service
// day), as one timetable. With neighbour_days, the trips of the day before (their times a day
// earlier: a 25:10 departure of the day before is 01:10) and of the day after (a day later) are
// in too, ids tagged "@day-1" / "@day+1": a window around midnight sees every vehicle running
// then. "no service on <date>" as above when no feed runs a trip on the day itself.
// `checked_day`: the date as YYYYMMDD when already checked (0: parse `date`).
model::Timetable timetable_between(const std::vector<GtfsFeed>& feeds, const std::string& date,
                                   model::DaySeconds from, model::DaySeconds to,
                                   bool neighbour_days = true, int checked_day = 0);

// First and last day (YYYYMMDD) of the feed's services: calendar ranges that run on some
// weekday, and added dates; {0, 0} when none.
std::pair<int, int> service_span(const GtfsFeed& feed);

// "H:MM:SS" (hours may pass 23) -> seconds; false for anything else.
bool parse_gtfs_time(const std::string& text, model::DaySeconds& out);

}  // namespace reachplan::io
