// GTFS feeds (https://gtfs.org/schedule/reference/): a folder or a .zip of text tables, read
// strictly, and the timetable of one service day made from them.
//
// Read: agency, stops, routes, trips, stop_times (required); calendar and/or calendar_dates
// (at least one); frequencies, shapes, transfers (optional). Columns are found by name (feeds
// order them freely); a file, line and value name every problem (core::InputError): a missing
// required file or column, an unknown stop/route/trip/service/shape id, a duplicate id, a time
// that is not H:MM:SS, calls out of time order, a trip's first or last call without times, a
// coordinate out of range, a shape point sequence given twice, a transfer pair given twice.
// Empty times between timed calls are interpolated by distance along the straight lines
// between the stops (the GTFS "timepoint" rule), and said so in the report.
//
// A zip may hold the tables in its root or in one folder inside it (feeds are often zipped with
// their folder): the folder of the one stops.txt is read; stops.txt in several folders is an
// InputError naming them. A file that is neither a folder nor a zip archive (a text file named
// .zip, an empty file) is the InputError "<path>: not a GTFS feed (neither a folder nor a zip
// archive)".
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
#include <utility>
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

// One stop-to-stop row of transfers.txt, as a router should read it:
// - type 0 (recommended) and 1 (timed: the vehicle waits): changing from `from` to `to` is
//   expected; between different stops it is a footpath taking the walking time where one is
//   known, else 0 s; at one stop, type 0 changes nothing and type 1 needs no transfer slack
//   there. min_seconds is informational here.
// - type 2: changing takes min_seconds (min_transfer_time, required): between different stops a
//   footpath of exactly that time, replacing any other; at one stop its minimum change time.
// - type 3: no change is possible from `from` to `to`: remove any footpath between them (at
//   one stop: no changing vehicles there).
// Stop ids are as the row gives them: a station's id (a stop that others name as parent) stands
// for all its platforms in GTFS, and is left to the router to spread over them. Rows that name
// trips or routes (types 4 and 5, in-seat transfers, and trip- or route-specific rows of types
// 0-3) are checked but not kept: as stop-wide rules they would be wrong; the feed counts them.
struct GtfsTransfer {
  core::Index from = core::invalid_index;  // into the feed's all.stops
  core::Index to = core::invalid_index;
  int type = 0;         // 0..3
  int min_seconds = 0;  // min_transfer_time, 0 when not given
  bool operator==(const GtfsTransfer&) const = default;
};

// A shape's points in shape_pt_sequence order, (lon, lat) in WGS84 degrees.
using GtfsShape = std::vector<std::pair<double, double>>;

struct GtfsFeed {
  std::string path;
  std::vector<std::string> agencies;
  model::Timetable all;  // every trip of the feed (all services); date empty
  std::map<std::string, GtfsService> services;
  std::map<std::string, std::vector<GtfsFrequency>> frequencies;  // trip id -> windows
  std::size_t interpolated_times = 0;  // calls whose empty times were interpolated
  // shapes.txt (at least 2 points a shape); without that file, trips' shape_id are not read.
  std::map<std::string, GtfsShape> shapes;
  std::map<std::string, std::string> trip_shapes;  // trip id -> shape_id, trips that have one
  std::vector<GtfsTransfer> transfers;             // stop-to-stop rows, in file order
  std::size_t trip_transfers = 0;                  // rows of types 4/5, not kept
  std::size_t specific_transfers = 0;              // rows of types 0-3 naming trips or routes
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

// The transfers of several feeds, stop indices into the stops of timetable_between(feeds, ...)
// (those of feed k after those of the feeds before it), in feed and file order.
std::vector<GtfsTransfer> transfers_between(const std::vector<GtfsFeed>& feeds);

// The feed's trip id of a trip of timetable_on(feed, ...): its id, less the "#hh:mm:ss" tag of a
// frequency template's departure.
std::string feed_trip_id(const GtfsFeed& feed, const std::string& day_trip_id);

// First and last day (YYYYMMDD) of the feed's services: calendar ranges that run on some
// weekday, and added dates; {0, 0} when none.
std::pair<int, int> service_span(const GtfsFeed& feed);

// "H:MM:SS" (hours may pass 23) -> seconds; false for anything else.
bool parse_gtfs_time(const std::string& text, model::DaySeconds& out);

}  // namespace reachplan::io
