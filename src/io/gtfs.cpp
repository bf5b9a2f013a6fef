// GTFS feeds (include/reachplan/io/gtfs.hpp): the tables read through csv_table.hpp, a zip's
// members through GDAL's /vsizip/ on the very file checked (io::InputFile), each member within
// limits::max_file_bytes.
#include "reachplan/io/gtfs.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

#include "csv_table.hpp"
#include "limits_check.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/gdal_session.hpp"
#include "reachplan/io/input_file.hpp"
#include "reachplan/io/limits.hpp"

namespace reachplan::io {

namespace {

using detail::CsvTable;
using detail::quoted_value;
using model::DaySeconds;

// The tables of a feed, folder or zip; a missing optional table reads as nullopt.
class FeedFiles {
 public:
  explicit FeedFiles(const std::string& path) : path_(path) {
    struct stat st {};
    folder_ = ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    if (!folder_) {
      zip_ = std::make_unique<InputFile>(path);  // refuses FIFOs, devices, missing files
      // Braces: the archive is named /proc/self/fd/N, without the .zip GDAL looks for.
      const std::string archive = "/vsizip/{" + zip_->reopen_path() + "}";
      zip_folder_ = feed_folder(archive);
      prefix_ = archive + "/" + zip_folder_;
    }
  }

  std::optional<CsvTable> table(const std::string& file, bool required) const {
    const std::string shown = path_ + (folder_ ? "/" : ":" + zip_folder_) + file;
    std::optional<std::string> text = folder_ ? from_folder(file) : from_zip(file, shown);
    if (!text) {
      if (required)
        throw core::InputError(
            path_ + ": not a GTFS feed: it has no " + file +
            (zip_folder_.empty() ? "" : " in " + zip_folder_ + ", the folder of its stops.txt") +
            " (required: agency, stops, routes, trips, stop_times, and "
            "calendar or calendar_dates)");
      return std::nullopt;
    }
    detail::check_utf8_text(*text, shown);
    return CsvTable(shown, *text);
  }

 private:
  std::optional<std::string> from_folder(const std::string& file) const {
    const std::string p = path_ + "/" + file;
    if (!std::filesystem::exists(p)) return std::nullopt;
    return detail::read_input_file(
        p, [&](const std::string& what) { throw core::InputError(p + ": " + what); });
  }

  // The folder of the archive that holds the feed: "" for its root, "name/" when the one
  // stops.txt is in a folder (feeds zipped with their folder). Anything GDAL cannot list as a
  // zip is no feed: GDAL's own words ("not a valid zip") would not say what was expected.
  std::string feed_folder(const std::string& archive) const {
    const QuietGdal quiet;
    VSIStatBufL st;
    if (VSIStatL(archive.c_str(), &st) != 0 || !VSI_ISDIR(st.st_mode))
      throw core::InputError(path_ + ": not a GTFS feed (neither a folder nor a zip archive)");
    const CPLStringList entries(VSIReadDirRecursive(archive.c_str()), TRUE);
    std::vector<std::string> folders;
    for (int i = 0; i < entries.Count(); ++i) {
      const std::string name(entries[i]);
      if (name == "stops.txt") return "";
      if (name.ends_with("/stops.txt")) folders.push_back(name.substr(0, name.size() - 9));
    }
    if (folders.size() > 1)
      throw core::InputError(path_ + ": not one GTFS feed: stops.txt is in " +
                             std::to_string(folders.size()) + " folders of the zip archive (" +
                             core::join(folders, ", ") + "); zip one feed per archive");
    return folders.empty() ? "" : folders.front();
  }

  // A zip member of the feed's folder, read whole within the size limit.
  std::optional<std::string> from_zip(const std::string& file, const std::string& shown) const {
    std::string member = prefix_ + file;
    VSIStatBufL st;
    if (VSIStatL(member.c_str(), &st) != 0) return std::nullopt;
    if (static_cast<std::uint64_t>(st.st_size) > limits::max_file_bytes)
      throw core::InputError(shown + ": " + std::to_string(st.st_size) +
                             " bytes uncompressed, more than the limit of " +
                             std::to_string(limits::max_file_bytes) + " bytes per file");
    VSILFILE* f = VSIFOpenL(member.c_str(), "rb");
    if (!f) throw core::InputError(shown + ": cannot be read from the zip archive");
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    const std::size_t got = VSIFReadL(text.data(), 1, text.size(), f);
    VSIFCloseL(f);
    if (got != text.size()) throw core::InputError(shown + ": the zip member is truncated");
    return text;
  }

  std::string path_;
  bool folder_ = false;
  std::unique_ptr<InputFile> zip_;
  std::string zip_folder_;  // "" or "name/": where in the archive the tables are
  std::string prefix_;
};

// The columns a table must have.
void require_columns(const CsvTable& t, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (!t.has(n))
      t.fail_header("missing required column '" + std::string(n) +
                    "' (header: " + core::join(t.header(), ",") + ")");
}

const std::string& required_field(const CsvTable& t, std::size_t row, int column,
                                  const char* name) {
  const std::string& v = t.field(row, column);
  if (v.empty()) t.fail(row, std::string("empty ") + name);
  return v;
}

double coordinate(const CsvTable& t, std::size_t row, int column, const char* name, int limit) {
  const std::string& v = required_field(t, row, column, name);
  const auto x = core::parse_decimal(v);
  if (!x || *x < -limit || *x > limit)
    t.fail(row, std::string(name) + " " + quoted_value(v) + " is not a number in [-" +
                    std::to_string(limit) + ", " + std::to_string(limit) + "] (WGS84 degrees)");
  return *x;
}

int integer(const CsvTable& t, std::size_t row, int column, const char* name, int lo, int hi) {
  const std::string& v = required_field(t, row, column, name);
  const auto x = core::parse_decimal(v);
  if (!x || *x != std::floor(*x) || *x < lo || *x > hi)
    t.fail(row, std::string(name) + " " + quoted_value(v) + " is not a whole number in [" +
                    std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return static_cast<int>(*x);
}

// Ids must be unique in their table; returns the index map.
template <class T, class Make>
std::unordered_map<std::string, core::Index> read_ids(const CsvTable& t, const char* id_column,
                                                      std::vector<T>& out, const Make& make) {
  std::unordered_map<std::string, core::Index> index;
  std::unordered_map<std::string, int> line_of;
  const int id = t.column_of(id_column);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& v = required_field(t, r, id, id_column);
    const auto [it, fresh] = line_of.emplace(v, t.line(r));
    if (!fresh)
      t.fail(r, std::string(id_column) + " " + quoted_value(v) + " given twice (first on line " +
                    std::to_string(it->second) + ")");
    index.emplace(v, static_cast<core::Index>(out.size()));
    out.push_back(make(r, v));
  }
  return index;
}

core::Index lookup(const CsvTable& t, std::size_t row,
                   const std::unordered_map<std::string, core::Index>& index, int column,
                   const char* what) {
  const std::string& v = required_field(t, row, column, what);
  const auto it = index.find(v);
  if (it == index.end()) t.fail(row, std::string("unknown ") + what + " " + quoted_value(v));
  return it->second;
}

// The whole feed's stop_times: per trip its calls sorted by stop_sequence, empty times
// interpolated between timed calls.
struct Call {
  int sequence;
  core::Index stop;
  std::optional<DaySeconds> arrival, departure;
  std::size_t row;
};

std::optional<DaySeconds> time_field(const CsvTable& t, std::size_t row, int column,
                                     const char* name) {
  const std::string& v = t.field(row, column);
  if (v.empty()) return std::nullopt;
  DaySeconds s = 0;
  if (!parse_gtfs_time(v, s))
    t.fail(row, std::string(name) + " " + quoted_value(v) + " is not a time H:MM:SS");
  return s;
}

// Fills each call's arrival/departure: one given stands for both; a call with neither gets the
// time interpolated by straight-line distance between the timed calls around it.
std::size_t fill_times(std::vector<Call>& calls, const std::vector<model::TransitStop>& stops,
                       const CsvTable& t) {
  std::size_t filled = 0;
  for (auto& c : calls) {
    if (c.arrival && !c.departure) c.departure = c.arrival;
    if (c.departure && !c.arrival) c.arrival = c.departure;
  }
  if (!calls.front().departure) t.fail(calls.front().row, "a trip's first call needs a time");
  if (!calls.back().arrival) t.fail(calls.back().row, "a trip's last call needs a time");
  for (std::size_t i = 0; i + 1 < calls.size();) {
    std::size_t j = i + 1;
    while (!calls[j].arrival) ++j;
    if (j > i + 1) {
      double total = 0;
      std::vector<double> at(j - i + 1, 0.0);
      for (std::size_t k = i + 1; k <= j; ++k) {
        const auto& a = stops[calls[k - 1].stop];
        const auto& b = stops[calls[k].stop];
        total += core::great_circle_km(a.lon, a.lat, b.lon, b.lat);
        at[k - i] = total;
      }
      const double t0 = *calls[i].departure, t1 = *calls[j].arrival;
      for (std::size_t k = i + 1; k < j; ++k) {
        const double f = total > 0 ? at[k - i] / total : double(k - i) / double(j - i);
        const auto s = static_cast<DaySeconds>(std::lround(t0 + f * (t1 - t0)));
        calls[k].arrival = calls[k].departure = s;
        ++filled;
      }
    }
    i = j;
  }
  return filled;
}

// Times must not run backwards along a trip.
void check_order(const std::vector<Call>& calls, const CsvTable& t) {
  for (std::size_t k = 0; k < calls.size(); ++k) {
    if (*calls[k].departure < *calls[k].arrival) t.fail(calls[k].row, "departure before arrival");
    if (k > 0 && *calls[k].arrival < *calls[k - 1].departure)
      t.fail(calls[k].row, "arrival before the previous call's departure (line " +
                               std::to_string(t.line(calls[k - 1].row)) + ")");
  }
}

void read_stop_times(const CsvTable& t, const std::unordered_map<std::string, core::Index>& trip_of,
                     const std::unordered_map<std::string, core::Index>& stop_of, GtfsFeed& feed) {
  require_columns(t, {"trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"});
  const int trip = t.column_of("trip_id"), stop = t.column_of("stop_id"),
            seq = t.column_of("stop_sequence"), arr = t.column_of("arrival_time"),
            dep = t.column_of("departure_time");
  std::vector<std::vector<Call>> calls(feed.all.trips.size());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const core::Index k = lookup(t, r, trip_of, trip, "trip_id");
    calls[k].push_back(
        {integer(t, r, seq, "stop_sequence", 0, 1 << 30), lookup(t, r, stop_of, stop, "stop_id"),
         time_field(t, r, arr, "arrival_time"), time_field(t, r, dep, "departure_time"), r});
  }
  for (std::size_t k = 0; k < calls.size(); ++k) {
    auto& c = calls[k];
    auto& trip_out = feed.all.trips[k];
    if (c.size() < 2)
      throw core::InputError(t.name() + ": trip '" + trip_out.id + "' has " +
                             std::to_string(c.size()) + " call(s); a trip needs at least 2");
    std::stable_sort(c.begin(), c.end(),
                     [](const Call& a, const Call& b) { return a.sequence < b.sequence; });
    for (std::size_t i = 1; i < c.size(); ++i)
      if (c[i].sequence == c[i - 1].sequence)
        t.fail(c[i].row, "stop_sequence " + std::to_string(c[i].sequence) +
                             " given twice for trip " + quoted_value(trip_out.id) + " (line " +
                             std::to_string(t.line(c[i - 1].row)) + ")");
    feed.interpolated_times += fill_times(c, feed.all.stops, t);
    check_order(c, t);
    for (const auto& call : c) {
      trip_out.stops.push_back(call.stop);
      trip_out.arrival.push_back(*call.arrival);
      trip_out.departure.push_back(*call.departure);
    }
  }
}

int yyyymmdd(const CsvTable& t, std::size_t row, int column, const char* name) {
  const std::string& v = required_field(t, row, column, name);
  const int d = integer(t, row, column, name, 19000101, 29991231);
  const std::chrono::year_month_day ymd{std::chrono::year{d / 10000},
                                        std::chrono::month{unsigned(d / 100 % 100)},
                                        std::chrono::day{unsigned(d % 100)}};
  if (!ymd.ok()) t.fail(row, std::string(name) + " " + quoted_value(v) + " is not a date YYYYMMDD");
  return d;
}

void read_calendars(const std::optional<CsvTable>& cal, const std::optional<CsvTable>& dates,
                    GtfsFeed& feed) {
  if (!cal && !dates)
    throw core::InputError(feed.path +
                           ": not a GTFS feed: it has neither calendar.txt nor calendar_dates.txt");
  static const char* days[] = {"monday", "tuesday",  "wednesday", "thursday",
                               "friday", "saturday", "sunday"};
  if (cal) {
    require_columns(*cal, {"service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                           "saturday", "sunday", "start_date", "end_date"});
    for (std::size_t r = 0; r < cal->rows(); ++r) {
      const std::string& id = required_field(*cal, r, cal->column_of("service_id"), "service_id");
      GtfsService s;
      s.id = id;
      for (int d = 0; d < 7; ++d)
        s.weekdays[d] = integer(*cal, r, cal->column_of(days[d]), days[d], 0, 1);
      s.start = yyyymmdd(*cal, r, cal->column_of("start_date"), "start_date");
      s.end = yyyymmdd(*cal, r, cal->column_of("end_date"), "end_date");
      if (s.end < s.start) cal->fail(r, "end_date before start_date");
      const auto [it, fresh] = feed.services.emplace(id, s);
      // Feeds repeat identical rows; a different second row for one service is a mistake.
      if (!fresh && (it->second.start != s.start || it->second.end != s.end ||
                     it->second.weekdays != s.weekdays))
        cal->fail(r, "service_id " + quoted_value(id) + " given twice with different days");
    }
  }
  if (dates) {
    require_columns(*dates, {"service_id", "date", "exception_type"});
    for (std::size_t r = 0; r < dates->rows(); ++r) {
      const std::string& id =
          required_field(*dates, r, dates->column_of("service_id"), "service_id");
      const int d = yyyymmdd(*dates, r, dates->column_of("date"), "date");
      const int type =
          integer(*dates, r, dates->column_of("exception_type"), "exception_type", 1, 2);
      auto& s = feed.services[id];
      s.id = id;
      (type == 1 ? s.added : s.removed).insert(d);
    }
  }
}

void read_frequencies(const std::optional<CsvTable>& t,
                      const std::unordered_map<std::string, core::Index>& trip_of, GtfsFeed& feed) {
  if (!t) return;
  require_columns(*t, {"trip_id", "start_time", "end_time", "headway_secs"});
  for (std::size_t r = 0; r < t->rows(); ++r) {
    const core::Index k = lookup(*t, r, trip_of, t->column_of("trip_id"), "trip_id");
    GtfsFrequency f;
    f.start = *time_field(*t, r, t->column_of("start_time"), "start_time");
    f.end = *time_field(*t, r, t->column_of("end_time"), "end_time");
    f.headway_s = integer(*t, r, t->column_of("headway_secs"), "headway_secs", 1, 86400);
    if (t->has("exact_times") && !t->field(r, "exact_times").empty())
      f.exact_times = integer(*t, r, t->column_of("exact_times"), "exact_times", 0, 1) == 1;
    if (f.end < f.start) t->fail(r, "end_time before start_time");
    feed.frequencies[feed.all.trips[k].id].push_back(f);
  }
}

// shapes.txt: per shape its points sorted by shape_pt_sequence (shape_dist_traveled is not
// read: nothing here measures along a shape).
void read_shapes(const CsvTable& t, GtfsFeed& feed) {
  require_columns(t, {"shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"});
  const int id = t.column_of("shape_id"), lat = t.column_of("shape_pt_lat"),
            lon = t.column_of("shape_pt_lon"), seq = t.column_of("shape_pt_sequence");
  struct Point {
    int sequence;
    double lon, lat;
    std::size_t row;
  };
  std::map<std::string, std::vector<Point>> points;
  for (std::size_t r = 0; r < t.rows(); ++r)
    points[required_field(t, r, id, "shape_id")].push_back(
        {integer(t, r, seq, "shape_pt_sequence", 0, 1 << 30),
         coordinate(t, r, lon, "shape_pt_lon", 180), coordinate(t, r, lat, "shape_pt_lat", 90), r});
  for (auto& [shape, p] : points) {
    std::stable_sort(p.begin(), p.end(),
                     [](const Point& a, const Point& b) { return a.sequence < b.sequence; });
    for (std::size_t i = 1; i < p.size(); ++i)
      if (p[i].sequence == p[i - 1].sequence)
        t.fail(p[i].row, "shape_pt_sequence " + std::to_string(p[i].sequence) +
                             " given twice for shape " + quoted_value(shape) + " (line " +
                             std::to_string(t.line(p[i - 1].row)) + ")");
    if (p.size() < 2)
      t.fail(p.front().row, "shape " + quoted_value(shape) + " has 1 point; a shape needs 2");
    GtfsShape& out = feed.shapes[shape];
    for (const auto& pt : p) out.emplace_back(pt.lon, pt.lat);
  }
}

// A trip's shape_id: unknown ids are an error when the feed has shapes.txt; without one, the
// column is not read (there is nothing to draw).
void read_trip_shape(const CsvTable& trips, std::size_t row, const std::string& trip, bool shapes,
                     GtfsFeed& feed) {
  const std::string& shape = trips.field(row, "shape_id");
  if (!shapes || shape.empty()) return;
  if (!feed.shapes.count(shape))
    trips.fail(row, "unknown shape_id " + quoted_value(shape) + " (not in shapes.txt)");
  feed.trip_shapes.emplace(trip, shape);
}

using IdIndex = std::unordered_map<std::string, core::Index>;

// The trip and route ids of a transfers.txt row, checked where given; true when it names one.
bool names_trips_or_routes(const CsvTable& t, std::size_t row, const IdIndex& trip_of,
                           const IdIndex& route_of) {
  const std::pair<const char*, const IdIndex*> columns[] = {{"from_trip_id", &trip_of},
                                                            {"to_trip_id", &trip_of},
                                                            {"from_route_id", &route_of},
                                                            {"to_route_id", &route_of}};
  bool named = false;
  for (const auto& [name, ids] : columns) {
    const int column = t.column_of(name);
    if (t.field(row, column).empty()) continue;
    (void)lookup(t, row, *ids, column, name);
    named = true;
  }
  return named;
}

void read_transfers(const CsvTable& t, const IdIndex& stop_of, const IdIndex& trip_of,
                    const IdIndex& route_of, GtfsFeed& feed) {
  require_columns(t, {"from_stop_id", "to_stop_id", "transfer_type"});
  const int from = t.column_of("from_stop_id"), to = t.column_of("to_stop_id"),
            type = t.column_of("transfer_type"), min = t.column_of("min_transfer_time");
  std::map<std::pair<core::Index, core::Index>, int> line_of;  // kept pairs, for duplicates
  for (std::size_t r = 0; r < t.rows(); ++r) {
    GtfsTransfer x;
    // GTFS: "0 or empty" is a recommended transfer.
    x.type = t.field(r, type).empty() ? 0 : integer(t, r, type, "transfer_type", 0, 5);
    const bool specific = names_trips_or_routes(t, r, trip_of, route_of);
    if (x.type >= 4 || specific) {
      // In-seat and trip- or route-specific rules: stops are optional there, checked if given.
      for (const auto& [c, name] : {std::pair{from, "from_stop_id"}, std::pair{to, "to_stop_id"}})
        if (!t.field(r, c).empty()) (void)lookup(t, r, stop_of, c, name);
      ++(x.type >= 4 ? feed.trip_transfers : feed.specific_transfers);
      continue;
    }
    x.from = lookup(t, r, stop_of, from, "from_stop_id");
    x.to = lookup(t, r, stop_of, to, "to_stop_id");
    if (x.type == 2 && t.field(r, min).empty())
      t.fail(r, "transfer_type 2 needs a min_transfer_time (seconds)");
    if (!t.field(r, min).empty())
      x.min_seconds = integer(t, r, min, "min_transfer_time", 0, 24 * 3600);
    const auto [it, fresh] = line_of.emplace(std::pair{x.from, x.to}, t.line(r));
    if (!fresh)
      t.fail(r, "transfer from " + quoted_value(t.field(r, from)) + " to " +
                    quoted_value(t.field(r, to)) + " given twice (first on line " +
                    std::to_string(it->second) + ")");
    feed.transfers.push_back(x);
  }
}

// Within every limit a frequency window can still be huge in effect (a 1-second headway over a
// day is 86 400 trips, each with all the template's calls): the day's trips are bounded like any
// network's items, and its calls too, checked before a window is built (`trips` and `calls`
// with the window).
void check_day_size(const GtfsFeed& feed, const std::string& date, const model::TransitTrip& trip,
                    const GtfsFrequency& w, std::size_t trips, std::size_t calls) {
  const auto fail = [&](std::size_t limit, const std::string& what) {
    throw core::InputError(feed.path + ": frequencies.txt expands to more than " +
                           std::to_string(limit) + " " + what + " on " + date + " (trip '" +
                           trip.id + "', " + std::to_string(trip.stops.size()) +
                           " calls, headway " + std::to_string(w.headway_s) + " s)");
  };
  if (trips > limits::max_network_items) fail(limits::max_network_items, "trips");
  if (calls > limits::max_day_calls) fail(limits::max_day_calls, "calls");
}

// "#hh:mm:ss": what a frequency template's departure adds to its trip id.
std::string frequency_tag(DaySeconds t) {
  char tag[32];
  std::snprintf(tag, sizeof tag, "#%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  return tag;
}

}  // namespace

bool parse_gtfs_time(const std::string& text, DaySeconds& out) {
  int h = 0, m = 0, s = 0;
  std::size_t i = 0;
  const auto digits = [&](int& v, std::size_t lo, std::size_t hi) {
    const std::size_t start = i;
    v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < hi)
      v = v * 10 + (text[i++] - '0');
    return i - start >= lo;
  };
  if (!digits(h, 1, 3) || i >= text.size() || text[i++] != ':') return false;
  if (!digits(m, 2, 2) || i >= text.size() || text[i++] != ':') return false;
  if (!digits(s, 2, 2) || i != text.size() || m > 59 || s > 59) return false;
  out = h * 3600 + m * 60 + s;
  return true;
}

int gtfs_date(const std::string& iso) {
  const auto fail = [&] { throw core::UsageError("date '" + iso + "' is not a day YYYY-MM-DD"); };
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') fail();
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (iso[i] < '0' || iso[i] > '9') fail();
  const int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)),
            d = std::stoi(iso.substr(8, 2));
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                        std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) fail();
  return y * 10000 + m * 100 + d;
}

bool runs_on(const GtfsService& s, int date) {
  if (s.removed.count(date)) return false;
  if (s.added.count(date)) return true;
  if (s.start == 0 || date < s.start || date > s.end) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{date / 10000},
                                        std::chrono::month{unsigned(date / 100 % 100)},
                                        std::chrono::day{unsigned(date % 100)}};
  const unsigned iso = std::chrono::weekday{std::chrono::sys_days{ymd}}.iso_encoding();  // 1=Mon
  return s.weekdays[iso - 1];
}

GtfsFeed read_gtfs(const std::string& path) {
  GtfsFeed feed;
  feed.path = path;
  const FeedFiles files(path);
  const auto agency = files.table("agency.txt", true);
  for (std::size_t r = 0; r < agency->rows(); ++r)
    feed.agencies.push_back(agency->field(r, "agency_name"));

  const auto stops = files.table("stops.txt", true);
  require_columns(*stops, {"stop_id", "stop_lat", "stop_lon"});
  const int lon = stops->column_of("stop_lon"), lat = stops->column_of("stop_lat");
  const auto stop_of = read_ids(*stops, "stop_id", feed.all.stops, [&](std::size_t r, auto& id) {
    return model::TransitStop{id, stops->field(r, "stop_name"), stops->field(r, "parent_station"),
                              coordinate(*stops, r, lon, "stop_lon", 180),
                              coordinate(*stops, r, lat, "stop_lat", 90)};
  });

  const auto routes = files.table("routes.txt", true);
  require_columns(*routes, {"route_id", "route_type"});
  const int type = routes->column_of("route_type");
  const auto route_of =
      read_ids(*routes, "route_id", feed.all.routes, [&](std::size_t r, auto& id) {
        return model::TransitRoute{
            id, routes->field(r, "agency_id"), routes->field(r, "route_short_name"),
            routes->field(r, "route_long_name"), integer(*routes, r, type, "route_type", 0, 1799)};
      });

  read_calendars(files.table("calendar.txt", false), files.table("calendar_dates.txt", false),
                 feed);
  const auto shapes = files.table("shapes.txt", false);
  if (shapes) read_shapes(*shapes, feed);
  const auto trips = files.table("trips.txt", true);
  require_columns(*trips, {"route_id", "service_id", "trip_id"});
  const int route = trips->column_of("route_id"), service = trips->column_of("service_id");
  const auto trip_of = read_ids(*trips, "trip_id", feed.all.trips, [&](std::size_t r, auto& id) {
    model::TransitTrip t;
    t.id = id;
    t.route = lookup(*trips, r, route_of, route, "route_id");
    t.service = required_field(*trips, r, service, "service_id");
    if (!feed.services.count(t.service))
      trips->fail(r, "unknown service_id " + quoted_value(t.service) +
                         " (not in calendar.txt or calendar_dates.txt)");
    t.block = trips->field(r, "block_id");
    read_trip_shape(*trips, r, id, shapes.has_value(), feed);
    return t;
  });
  read_stop_times(*files.table("stop_times.txt", true), trip_of, stop_of, feed);
  read_frequencies(files.table("frequencies.txt", false), trip_of, feed);
  if (const auto transfers = files.table("transfers.txt", false))
    read_transfers(*transfers, stop_of, trip_of, route_of, feed);
  return feed;
}

model::Timetable timetable_on(const GtfsFeed& feed, const std::string& date) {
  const int day = gtfs_date(date);
  model::Timetable out;
  out.date = date;
  out.stops = feed.all.stops;
  out.routes = feed.all.routes;
  std::size_t calls = 0;
  for (const auto& trip : feed.all.trips) {
    if (!runs_on(feed.services.at(trip.service), day)) continue;
    const auto f = feed.frequencies.find(trip.id);
    if (f == feed.frequencies.end()) {
      out.trips.push_back(trip);
      calls += trip.stops.size();
      continue;
    }
    // A frequency template: its times count from its first departure; one trip per departure
    // of each window (start, start + headway, ... up to end, end excluded as GTFS says).
    const DaySeconds first = trip.departure.front();
    for (const auto& w : f->second) {
      const std::size_t departures =
          w.end > w.start ? std::size_t(w.end - w.start + w.headway_s - 1) / w.headway_s : 0;
      calls += departures * trip.stops.size();
      check_day_size(feed, date, trip, w, out.trips.size() + departures, calls);
      for (DaySeconds t = w.start; t < w.end; t += w.headway_s) {
        model::TransitTrip copy = trip;
        for (auto& a : copy.arrival) a += t - first;
        for (auto& d : copy.departure) d += t - first;
        copy.id += frequency_tag(t);
        out.trips.push_back(std::move(copy));
      }
    }
  }
  return out;
}

std::string feed_trip_id(const GtfsFeed& feed, const std::string& day_trip_id) {
  const std::size_t hash = day_trip_id.rfind('#');
  if (hash == std::string::npos) return day_trip_id;
  std::string id = day_trip_id.substr(0, hash);
  DaySeconds t = 0;
  // A feed's own id may hold a '#': only a template's id with a departure tag is cut.
  if (feed.frequencies.count(id) && parse_gtfs_time(day_trip_id.substr(hash + 1), t) &&
      frequency_tag(t) == day_trip_id.substr(hash))
    return id;
  return day_trip_id;
}

std::vector<GtfsTransfer> transfers_between(const std::vector<GtfsFeed>& feeds) {
  std::vector<GtfsTransfer> out;
  core::Index stop_base = 0;  // as timetable_between lays the feeds' stops one after another
  for (const auto& feed : feeds) {
    for (GtfsTransfer x : feed.transfers) {
      x.from += stop_base;
      x.to += stop_base;
      out.push_back(x);
    }
    stop_base += static_cast<core::Index>(feed.all.stops.size());
  }
  return out;
}

std::pair<int, int> service_span(const GtfsFeed& feed) {
  int first = 0, last = 0;
  const auto widen = [&](int day) {
    if (first == 0 || day < first) first = day;
    if (day > last) last = day;
  };
  for (const auto& [id, s] : feed.services) {
    if (s.start != 0 && std::any_of(s.weekdays.begin(), s.weekdays.end(), [](bool b) { return b; }))
      widen(s.start), widen(s.end);
    for (int d : s.added) widen(d);
  }
  return {first, last};
}

std::string gtfs_iso_date(int day) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
  return b;
}

namespace {

// YYYYMMDD moved by `days` calendar days.
int shift_date(int day, int days) {
  const std::chrono::year_month_day ymd{std::chrono::year{day / 10000},
                                        std::chrono::month{unsigned(day / 100 % 100)},
                                        std::chrono::day{unsigned(day % 100)}};
  const std::chrono::year_month_day to{std::chrono::sys_days{ymd} + std::chrono::days{days}};
  return int(to.year()) * 10000 + int(unsigned(to.month())) * 100 + int(unsigned(to.day()));
}

[[noreturn]] void no_service(const std::vector<GtfsFeed>& feeds, const std::string& date) {
  std::string spans;
  for (const auto& feed : feeds) {
    const auto [first, last] = service_span(feed);
    spans += "; " + feed.path + " runs " +
             (first == 0 ? std::string("on no day")
                         : "from " + gtfs_iso_date(first) + " to " + gtfs_iso_date(last));
  }
  throw core::InputError("no service on " + date + spans);
}

}  // namespace

model::Timetable timetable_on(const std::vector<GtfsFeed>& feeds, const std::string& date) {
  const int day = gtfs_date(date);
  return timetable_between(feeds, date, 0, std::numeric_limits<DaySeconds>::max() / 4,
                           /*neighbour_days=*/false, day);
}

model::Timetable timetable_between(const std::vector<GtfsFeed>& feeds, const std::string& date,
                                   DaySeconds from, DaySeconds to, bool neighbour_days,
                                   int checked_day) {
  const int day = checked_day ? checked_day : gtfs_date(date);
  constexpr DaySeconds day_s = 24 * 3600;
  model::Timetable out;
  out.date = date;
  std::size_t on_the_day = 0;
  for (const auto& feed : feeds) {
    const auto stop_base = static_cast<core::Index>(out.stops.size());
    const auto route_base = static_cast<core::Index>(out.routes.size());
    out.stops.insert(out.stops.end(), feed.all.stops.begin(), feed.all.stops.end());
    out.routes.insert(out.routes.end(), feed.all.routes.begin(), feed.all.routes.end());
    for (int delta : {-1, 0, 1}) {
      if (delta != 0 && !neighbour_days) continue;
      model::Timetable trips = timetable_on(feed, gtfs_iso_date(shift_date(day, delta)));
      if (delta == 0) on_the_day += trips.trips.size();
      for (auto& t : trips.trips) {
        for (auto& a : t.arrival) a += delta * day_s;
        for (auto& d : t.departure) d += delta * day_s;
        if (t.departure.front() > to || t.arrival.back() < from) continue;
        t.route += route_base;
        for (auto& st : t.stops) st += stop_base;
        if (delta != 0) t.id += delta < 0 ? "@day-1" : "@day+1";
        out.trips.push_back(std::move(t));
      }
    }
  }
  if (on_the_day == 0) no_service(feeds, date);
  return out;
}

}  // namespace reachplan::io
