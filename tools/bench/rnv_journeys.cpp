// The check of issue 17 against an independent planner: the fastest journeys the Deutsche Bahn
// planner (bahn.de) gave for RNV stop pairs in November 2016 (shared/gtfs/rnv/
// rnv-trips-least-duration-01.csv), routed by RAPTOR over the same feed, and the two travel
// times compared (arrival at the destination minus the query time, waiting at the start
// included). The networks differ (bahn.de also rides DB trains and walks its own footpaths), so
// the comparison is statistical: the median and 90th percentile of the absolute difference, the
// shares within 5 minutes, faster and slower, and the worst cases with both journeys' legs.
//
//   reachplan_rnv_journeys FEED.zip JOURNEYS.csv [--osm rnv.osm.pbf] [--transfer-m 400]
//       [--slack 60] [--max-rides 10] [--out per_journey.csv]
//
// Each query is routed twice: leaving at the origin stop at the query time and arriving at the
// destination stop (access: that stop at 0 s), and walking at the ends too (the stops of the
// origin's footpaths, the stops with a footpath to the destination), as bahn.de walks to a
// nearby platform or stop: many RNV stop ids are single platforms served by a few trips a day.
// bahn.de answered "least duration" (first departure to arrival), which need not arrive first;
// the report says how often its answer leaves later and is shorter where ours arrives earlier.
// A query whose stop id is not in stops.txt uses its coordinates there: the
// stops within 400 m in a straight line, walked at 5 km/h with a detour factor of 1.3; those
// journeys are reported apart. Footpaths between stops: walked distance up to --transfer-m, on
// the streets of --osm with the "walk" road profile when the tree has one, else straight lines
// (5 km/h, detour 1.3). Each query date's timetable (its trips from 00:00 to 48:00, the day
// before's past midnight and the next day's included) and network are built once for all its
// queries. Local times are Europe/Berlin; November 2016 has no clock change, so the service day's
// seconds are the clock's.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "csv_table.hpp"  // io's strict CSV reader (the journeys file has quoted fields)
#include "reachplan/analysis/transit_matrix.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/graph/road_graph.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/io/road_import.hpp"
#include "reachplan/routing/raptor.hpp"
#include "transit_bench.hpp"

namespace {

using namespace reachplan;
using core::Index;
using model::DaySeconds;

constexpr std::size_t none = static_cast<std::size_t>(-1);
constexpr double walk_kmh = 5.0, walk_detour = 1.3, unknown_stop_radius_m = 400.0;

struct Options {
  std::string feed, journeys, osm, out;
  double transfer_m = 400;
  int slack_s = 60, max_rides = 10;
};

const char* const usage =
    "usage: reachplan_rnv_journeys FEED.zip JOURNEYS.csv [--osm rnv.osm.pbf] [--transfer-m 400]\n"
    "           [--slack 60] [--max-rides 10] [--out per_journey.csv]\n";

Options parse_args(int argc, char** argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--osm" && has_value) {
      o.osm = argv[++i];
    } else if (a == "--out" && has_value) {
      o.out = argv[++i];
    } else if (a == "--transfer-m" && has_value) {
      o.transfer_m = std::stod(argv[++i]);
    } else if (a == "--slack" && has_value) {
      o.slack_s = std::stoi(argv[++i]);
    } else if (a == "--max-rides" && has_value) {
      o.max_rides = std::stoi(argv[++i]);
    } else if (a.rfind("--", 0) == 0) {
      throw core::UsageError(std::string("unknown or incomplete option ") + a + "\n" + usage);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) throw core::UsageError(usage);
  o.feed = positional[0];
  o.journeys = positional[1];
  return o;
}

// A local date and time "YYYY-MM-DDTHH:MM:SS": its date, its day number and its second of the day.
struct LocalTime {
  std::string date;
  long day = 0;  // days since 1970-01-01
  DaySeconds seconds = 0;
};

std::optional<LocalTime> parse_local(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() != 19 || text[10] != 'T' ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                        std::chrono::day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return LocalTime{text.substr(0, 10), std::chrono::sys_days{ymd}.time_since_epoch().count(),
                   h * 3600 + mi * 60 + s};
}

double minutes_between(const LocalTime& a, const LocalTime& b) {
  return (static_cast<double>(b.day - a.day) * 86400.0 + (b.seconds - a.seconds)) / 60.0;
}

struct Query {
  std::string id, when;  // query_id, query_date_time
  LocalTime at;
  std::string from_id, to_id;
  Index from = core::invalid_index, to = core::invalid_index;  // invalid: not in stops.txt
  std::size_t from_point = none, to_point = none;  // into the walk points of unknown ids
  double bahn_min = 0;                             // query time to last arrival
  double bahn_duration_min = 0;                    // first departure to last arrival
  double bahn_wait_min = 0;                        // query time to first departure
  int bahn_legs = 0;
  std::string bahn_depart, bahn_arrive;
  bool known() const { return from != core::invalid_index && to != core::invalid_index; }
};

struct Queries {
  std::vector<Query> rows;
  std::vector<analysis::WalkPoint> origins, destinations;  // of the unknown ids
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One row of the journeys file; an unknown stop id gets its coordinates as a walk point.
Query read_query(const io::detail::CsvTable& t, std::size_t r,
                 const std::unordered_map<std::string, Index>& stop_of, Queries& qs) {
  const auto time_of = [&](const char* column) {
    const auto v = parse_local(t.field(r, column));
    if (!v)
      t.fail(r, std::string(column) + ": " + io::detail::quoted_value(t.field(r, column)) +
                    " is not YYYY-MM-DDTHH:MM:SS");
    return *v;
  };
  const auto number = [&](const char* column) {
    const std::string& v = t.field(r, column);
    try {
      return std::stod(v);
    } catch (const std::exception&) {
      t.fail(r, std::string(column) + ": " + io::detail::quoted_value(v) + " is not a number");
    }
  };
  Query q;
  q.id = t.field(r, "query_id");
  q.when = t.field(r, "query_date_time");
  q.at = time_of("query_date_time");
  q.from_id = t.field(r, "query_from_id");
  q.to_id = t.field(r, "query_to_id");
  q.bahn_depart = t.field(r, "trip_first_departure_date_time");
  q.bahn_arrive = t.field(r, "trip_last_arrival_date_time");
  const LocalTime first = time_of("trip_first_departure_date_time");
  const LocalTime last = time_of("trip_last_arrival_date_time");
  q.bahn_min = minutes_between(q.at, last);
  q.bahn_duration_min = minutes_between(first, last);
  q.bahn_wait_min = minutes_between(q.at, first);
  q.bahn_legs = static_cast<int>(number("trip_legs_count"));
  if (auto f = stop_of.find(q.from_id); f != stop_of.end()) {
    q.from = f->second;
  } else {
    q.from_point = qs.origins.size();
    qs.origins.push_back({number("query_from_lon"), number("query_from_lat")});
  }
  if (auto f = stop_of.find(q.to_id); f != stop_of.end()) {
    q.to = f->second;
  } else {
    q.to_point = qs.destinations.size();
    qs.destinations.push_back({number("query_to_lon"), number("query_to_lat")});
  }
  return q;
}

Queries read_queries(const std::string& path, const model::Timetable& stops) {
  std::unordered_map<std::string, Index> stop_of;
  for (Index s = 0; s < stops.stops.size(); ++s) stop_of.emplace(stops.stops[s].id, s);
  const io::detail::CsvTable t(path, read_file(path));
  for (const char* c :
       {"query_id", "query_date_time", "query_from_id", "query_to_id", "query_from_lon",
        "query_from_lat", "query_to_lon", "query_to_lat", "trip_first_departure_date_time",
        "trip_last_arrival_date_time", "trip_legs_count"})
    if (!t.has(c)) t.fail_header(std::string("no column ") + c);
  Queries qs;
  for (std::size_t r = 0; r < t.rows(); ++r) qs.rows.push_back(read_query(t, r, stop_of, qs));
  return qs;
}

std::vector<analysis::WalkPoint> stop_points(const model::Timetable& tt) {
  std::vector<analysis::WalkPoint> out;
  for (const auto& s : tt.stops) out.push_back({s.lon, s.lat});
  return out;
}

struct Footpaths {
  std::vector<std::vector<graph::Footpath>> from;  // per stop
  std::string how;
};

// On the streets of `osm` with the "walk" profile; nullopt (and why, in `why_not`) when the
// tree has no such profile.
std::optional<Footpaths> street_footpaths(const std::string& osm,
                                          std::vector<analysis::WalkPoint> stops,
                                          const analysis::WalkSettings& walk,
                                          std::string& why_not) {
  io::LoadedRoads roads;
  try {
    io::RoadLoadOptions ro;
    ro.profile_path = "walk";
    roads = io::load_road_network(osm, ro);
  } catch (const core::Error& e) {
    why_not = e.what();
    return std::nullopt;
  }
  const graph::NearestVertexIndex nearest(roads.network->lon, roads.network->lat);
  std::size_t joined = 0;
  for (auto& s : stops) {
    s.vertex = nearest.nearest(s.lon, s.lat, &s.snap_m);
    if (s.snap_m > walk.max_snap_m) s.vertex = core::invalid_index;
    joined += s.vertex != core::invalid_index ? 1 : 0;
  }
  auto walks = analysis::street_walks(*roads.network, {}, {}, stops, walk, 0, 2);
  return Footpaths{std::move(walks.footpaths), "on the streets of " + osm + " (walk profile, " +
                                                   std::to_string(roads.network->vertex_count()) +
                                                   " vertices; " + std::to_string(joined) + " of " +
                                                   std::to_string(stops.size()) + " stops joined)"};
}

Footpaths make_footpaths(const model::Timetable& tt, const Options& o) {
  analysis::WalkSettings walk;
  walk.speed_kmh = walk_kmh;
  walk.detour = walk_detour;
  walk.max_transfer_m = o.transfer_m;
  walk.max_access_min = 0;
  std::string why_not;
  if (!o.osm.empty())
    if (auto f = street_footpaths(o.osm, stop_points(tt), walk, why_not)) return std::move(*f);
  auto walks = analysis::straight_walks({}, {}, stop_points(tt), walk, 0);
  std::string how = "straight lines x 1.3 at 5 km/h";
  if (!why_not.empty()) how += " (no walk road profile in this tree: " + why_not + ")";
  return {std::move(walks.footpaths), how};
}

// Access and egress of the unknown stop ids: the stops within 400 m in a straight line.
analysis::Walks unknown_walks(const Queries& qs, const model::Timetable& tt) {
  analysis::WalkSettings walk;
  walk.speed_kmh = walk_kmh;
  walk.detour = walk_detour;
  walk.max_transfer_m = 0;
  // straight_walks bounds the walked time: 400 m straight, times the detour, at the speed.
  walk.max_access_min = unknown_stop_radius_m * walk_detour / (walk_kmh / 3.6) / 60.0;
  return analysis::straight_walks(qs.origins, qs.destinations, stop_points(tt), walk, 0);
}

struct Outcome {
  DaySeconds arrival = routing::never;  // at the destination, egress walk included
  std::vector<routing::TransitLeg> legs;
  std::int32_t egress_s = 0;
  int rides = 0;
  double ours_min = std::nan("");
  // The latest time to leave the origin for this journey (its first ride's departure less the
  // walks before it): bahn.de's first departure is the same for its journey.
  DaySeconds leave = 0;
  double duration_min() const { return (arrival - leave) / 60.0; }
};

DaySeconds leave_time(const Outcome& o) {
  DaySeconds walked = 0;
  for (const auto& l : o.legs) {
    if (l.kind == routing::TransitLeg::Kind::ride) return l.depart - walked;
    walked += l.arrive - l.depart;
  }
  return o.arrival - walked - o.egress_s;
}

// Where a stop's journeys start and end when they may walk there: the stop itself at 0 s and the
// stops of its footpaths (access), or the stops with a footpath to it (egress).
struct StopEnds {
  std::vector<std::vector<routing::StopAccess>> access, egress;
};

StopEnds stop_ends(const Footpaths& paths) {
  StopEnds e;
  const std::size_t n = paths.from.size();
  e.access.resize(n);
  e.egress.resize(n);
  for (Index s = 0; s < n; ++s) e.access[s].push_back({s, 0}), e.egress[s].push_back({s, 0});
  for (Index s = 0; s < n; ++s)
    for (const auto& f : paths.from[s]) {
      e.access[s].push_back({f.to, f.seconds});
      e.egress[f.to].push_back({s, f.seconds});
    }
  return e;
}

// How the known stop of a query is left and reached: at the stop only (the check as specified),
// or also by a footpath from or to it (as bahn.de walks to a nearby platform or stop).
// Or walking at the ends and leaving when bahn.de's journey leaves (its first departure): the
// same departure, so the difference is in the journey alone, not in which one bahn.de chose
// (it answers "least duration", which may leave much later than the earliest arrival would).
enum class Ends { stop_only, walk, walk_at_bahn_departure };

Outcome route(routing::Raptor& raptor, const Query& q, const analysis::Walks& unknown,
              const StopEnds& ends, Ends how) {
  std::vector<routing::StopAccess> access{{q.from, 0}}, egress{{q.to, 0}};
  if (q.from_point != none)
    access = unknown.access[q.from_point];
  else if (how != Ends::stop_only)
    access = ends.access[q.from];
  if (q.to_point != none)
    egress = unknown.egress[q.to_point];
  else if (how != Ends::stop_only)
    egress = ends.egress[q.to];
  const DaySeconds leave =
      q.at.seconds + (how == Ends::walk_at_bahn_departure
                          ? static_cast<DaySeconds>(std::lround(q.bahn_wait_min * 60.0))
                          : 0);
  raptor.run(access, leave);
  Outcome out;
  Index last = core::invalid_index;
  for (const auto& e : egress) {
    const DaySeconds a = raptor.arrival(e.stop);
    if (a < routing::never && a + e.seconds < out.arrival) {
      out.arrival = a + e.seconds;
      out.egress_s = e.seconds;
      last = e.stop;
    }
  }
  if (last == core::invalid_index) return out;
  out.legs = raptor.journey(last);
  for (const auto& l : out.legs) out.rides += l.kind == routing::TransitLeg::Kind::ride ? 1 : 0;
  out.ours_min = (out.arrival - q.at.seconds) / 60.0;
  out.leave = leave_time(out);
  return out;
}

std::string legs_text(const model::Timetable& tt, const Query& q, const Outcome& o) {
  std::string out;
  const auto add = [&](const std::string& s) { out += (out.empty() ? "" : " | ") + s; };
  for (const auto& l : o.legs) {
    using Kind = routing::TransitLeg::Kind;
    if (l.kind == Kind::access && l.arrive == l.depart) continue;
    if (l.kind == Kind::ride) {
      add("[" + tt.routes[l.route].short_name + "] " + tt.stops[l.from_stop].name + " " +
          bench::clock_text(l.depart) + " -> " + tt.stops[l.to_stop].name + " " +
          bench::clock_text(l.arrive));
    } else {
      add("walk " +
          (l.kind != Kind::access ? tt.stops[l.from_stop].name
           : q.from_point != none ? std::string("from the point")
                                  : tt.stops[q.from].name) +
          " -> " + tt.stops[l.to_stop].name + " " + std::to_string(l.arrive - l.depart) + " s");
    }
  }
  if (o.egress_s > 0)
    add("walk " + tt.stops[o.legs.back().to_stop].name + " -> " +
        (q.to_point != none ? std::string("the point") : tt.stops[q.to].name) + " " +
        std::to_string(o.egress_s) + " s");
  return out;
}

struct Row {
  const Query* q = nullptr;
  Outcome o;
  std::string legs;
  double diff() const { return o.ours_min - q->bahn_min; }
  double our_wait_min() const { return (o.leave - q->at.seconds) / 60.0; }
  bool reached() const { return o.arrival < routing::never; }
};

struct RunTimes {
  double timetable_s = 0, routing_s = 0;
  std::size_t trips = 0, stop_times = 0, patterns = 0, dates = 0;
};

// Each date's timetable and network once, then its queries, in both ways of leaving and reaching
// the stops (rows[0]: stop only, rows[1]: walking at the ends).
std::array<std::vector<Row>, 3> route_all(const Queries& qs, const std::vector<io::GtfsFeed>& feeds,
                                          const Footpaths& paths, const analysis::Walks& unknown,
                                          const Options& o, RunTimes& times) {
  const StopEnds ends = stop_ends(paths);
  std::map<std::string, std::vector<std::size_t>> by_date;
  for (std::size_t i = 0; i < qs.rows.size(); ++i) by_date[qs.rows[i].at.date].push_back(i);
  routing::RaptorOptions ro;
  ro.max_rides = o.max_rides;
  ro.transfer_slack_s = o.slack_s;
  ro.max_duration_s = 0;
  std::array<std::vector<Row>, 3> rows;
  for (auto& r : rows) r.resize(qs.rows.size());
  for (const auto& [date, members] : by_date) {
    bench::Stopwatch build;
    const model::Timetable tt = io::timetable_between(feeds, date, 0, 48 * 3600);
    const graph::TransitNetwork net(tt, paths.from);
    times.timetable_s += build.wall();
    times.trips += net.trip_count();
    times.stop_times += net.stop_time_count();
    times.patterns += net.patterns().size();
    ++times.dates;
    routing::Raptor raptor(net, ro);
    for (std::size_t i : members)
      for (const Ends how : {Ends::stop_only, Ends::walk, Ends::walk_at_bahn_departure}) {
        Row& row = rows[static_cast<std::size_t>(how)][i];
        row.q = &qs.rows[i];
        bench::Stopwatch search;
        row.o = route(raptor, qs.rows[i], unknown, ends, how);
        times.routing_s += search.wall();
        row.legs = legs_text(tt, qs.rows[i], row.o);
      }
  }
  return rows;
}

// Nearest rank, as analysis::nearest_rank; `v` sorted.
double rank(const std::vector<double>& v, double p) {
  const auto r = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(r, 1, v.size()) - 1];
}

double share(const std::vector<double>& d, bool (*pred)(double)) {
  return 100.0 * static_cast<double>(std::count_if(d.begin(), d.end(), pred)) /
         static_cast<double>(d.size());
}

// The statistics of one group of journeys (differences ours - bahn.de, minutes).
void print_stats(const char* title, const std::vector<const Row*>& group) {
  std::vector<double> d, absd;
  std::size_t unreached = 0;
  for (const Row* r : group) {
    if (!r->reached()) {
      ++unreached;
      continue;
    }
    d.push_back(r->diff());
    absd.push_back(std::fabs(r->diff()));
  }
  std::printf("%s: %zu journeys, %zu compared, %zu not reached by us\n", title, group.size(),
              d.size(), unreached);
  if (d.empty()) return;
  std::sort(absd.begin(), absd.end());
  std::vector<double> sd = d;
  std::sort(sd.begin(), sd.end());
  std::printf("  |ours - bahn.de|: median %.1f min, 90th percentile %.1f min, max %.1f min\n",
              rank(absd, 50), rank(absd, 90), absd.back());
  std::printf("  ours - bahn.de: median %+.1f min, 10th percentile %+.1f, 90th %+.1f\n",
              rank(sd, 50), rank(sd, 10), rank(sd, 90));
  std::printf("  within 1 min %.1f %%, within 5 min %.1f %%, within 15 min %.1f %%\n",
              share(d, [](double x) { return std::fabs(x) < 1; }),
              share(d, [](double x) { return std::fabs(x) <= 5; }),
              share(d, [](double x) { return std::fabs(x) <= 15; }));
  std::printf(
      "  we are faster %.1f %% (by more than 5 min %.1f %%), same minute %.1f %%, slower %.1f %% "
      "(by more than 5 min %.1f %%)\n",
      share(d, [](double x) { return x <= -1; }), share(d, [](double x) { return x < -5; }),
      share(d, [](double x) { return std::fabs(x) < 1; }),
      share(d, [](double x) { return x >= 1; }), share(d, [](double x) { return x > 5; }));
}

// Why the two differ by more than 5 minutes, as far as the times tell: bahn.de answers the
// journey of least duration (first departure to arrival) among those it offers, which need not
// arrive first; and where it arrives first, it rides or walks what our feed and footpaths lack.
void print_why(const std::vector<const Row*>& group) {
  std::size_t faster = 0, later_start = 0, shorter = 0, slower = 0, we_leave_first = 0;
  for (const Row* r : group) {
    if (!r->reached()) continue;
    if (r->diff() < -5) {
      ++faster;
      later_start += r->q->bahn_wait_min > r->our_wait_min() ? 1 : 0;
      shorter += r->q->bahn_duration_min <= r->o.duration_min() + 0.5 ? 1 : 0;
    } else if (r->diff() > 5) {
      ++slower;
      we_leave_first += r->our_wait_min() <= r->q->bahn_wait_min ? 1 : 0;
    }
  }
  const auto pct = [](std::size_t a, std::size_t b) {
    return b ? 100.0 * double(a) / double(b) : 0.0;
  };
  std::printf(
      "  we arrive > 5 min earlier in %zu: there bahn.de leaves later than we do in %.1f %% and "
      "its journey (first departure to arrival) is no longer than ours in %.1f %%\n",
      faster, pct(later_start, faster), pct(shorter, faster));
  std::printf("  we arrive > 5 min later in %zu: there we leave no later than bahn.de in %.1f %%\n",
              slower, pct(we_leave_first, slower));
}

void print_row(const Row& r) {
  const Query& q = *r.q;
  std::printf("  %s  bahn.de %.0f min (%s -> %s, %d legs)  ours %s min (%d rides)  diff %s\n",
              q.id.c_str(), q.bahn_min, q.bahn_depart.substr(5, 11).c_str(),
              q.bahn_arrive.substr(5, 11).c_str(), q.bahn_legs,
              r.reached() ? std::to_string(std::lround(r.o.ours_min)).c_str() : "-", r.o.rides,
              r.reached() ? (std::to_string(std::lround(r.diff())) + " min").c_str() : "-");
  std::printf("      ours: %s\n", r.reached() ? r.legs.c_str() : "not reached");
}

void print_worst(const std::vector<const Row*>& group, std::size_t count) {
  std::vector<const Row*> w;
  for (const Row* r : group)
    if (r->reached()) w.push_back(r);
  std::stable_sort(w.begin(), w.end(), [](const Row* a, const Row* b) {
    return std::fabs(a->diff()) > std::fabs(b->diff());
  });
  if (w.size() > count) w.resize(count);
  for (const Row* r : w) print_row(*r);
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* const ends_names[3] = {"stop_only", "walk", "walk_at_bahn_departure"};

// One row per query and way of leaving and reaching the stops.
void write_rows(const std::string& path, const std::array<std::vector<Row>, 3>& rows) {
  std::ofstream out(path);
  out << "query_id,query_date_time,from_id,to_id,ids_in_feed,ends,bahn_min,bahn_legs,ours_min,"
         "diff_min,bahn_duration_min,our_duration_min,our_rides,our_departure,our_arrival,our_"
         "legs\n";
  for (std::size_t v = 0; v < rows.size(); ++v)
    for (const Row& r : rows[v]) {
      const Query& q = *r.q;
      const bool ok = r.reached();
      char num[96] = ",", dur[96] = "";
      if (ok) std::snprintf(num, sizeof num, "%.2f,%.2f", r.o.ours_min, r.diff());
      std::snprintf(dur, sizeof dur, "%.0f,", q.bahn_duration_min);
      if (ok) std::snprintf(dur, sizeof dur, "%.0f,%.2f", q.bahn_duration_min, r.o.duration_min());
      out << csv_quote(q.id) << ',' << q.when << ',' << csv_quote(q.from_id) << ','
          << csv_quote(q.to_id) << ',' << (q.known() ? "yes" : "no") << ',' << ends_names[v] << ','
          << q.bahn_min << ',' << q.bahn_legs << ',' << num << ',' << dur << ',' << r.o.rides << ','
          << (ok ? bench::clock_text(r.o.leave) : "") << ','
          << (ok ? bench::clock_text(r.o.arrival) : "") << ',' << csv_quote(r.legs) << '\n';
    }
  out.close();
  if (!out) throw core::OutputError(path + ": cannot write");
}

void print_variant(const std::string& title, const std::vector<Row>& rows, bool list_unknown) {
  std::vector<const Row*> known, unknown;
  for (const Row& r : rows) (r.q->known() ? known : unknown).push_back(&r);
  std::printf("\n== %s ==\n", title.c_str());
  print_stats("Both stop ids in stops.txt", known);
  print_why(known);
  std::printf("The 10 worst (largest |ours - bahn.de|):\n");
  print_worst(known, 10);
  print_stats("A stop id not in stops.txt (stops within 400 m of the query point)", unknown);
  if (list_unknown) print_worst(unknown, unknown.size());
}

int run(const Options& o) {
  bench::Stopwatch total;
  std::vector<io::GtfsFeed> feeds;
  feeds.push_back(io::read_gtfs(o.feed));
  const double read_s = total.wall();
  const model::Timetable& all = feeds.front().all;
  const Queries qs = read_queries(o.journeys, all);
  bench::Stopwatch walks_clock;
  const Footpaths paths = make_footpaths(all, o);
  const analysis::Walks unknown = unknown_walks(qs, all);
  const double walks_s = walks_clock.wall();
  std::size_t footpath_count = 0;
  for (const auto& f : paths.from) footpath_count += f.size();
  RunTimes times;
  const auto rows = route_all(qs, feeds, paths, unknown, o, times);

  std::printf("reachplan_rnv_journeys: %s, %zu stops; %zu queries from %s\n", o.feed.c_str(),
              all.stops.size(), qs.rows.size(), o.journeys.c_str());
  std::printf(
      "settings: max %d rides, transfer slack %d s, footpaths up to %.0f m walked, %s: %zu "
      "footpaths\n",
      o.max_rides, o.slack_s, o.transfer_m, paths.how.c_str(), footpath_count);
  const double dates = static_cast<double>(times.dates);
  std::printf(
      "timetables: %zu dates, trips 00:00-48:00 (neighbour days in): on average %.0f trips, "
      "%.0f stop times, %.0f patterns a date\n",
      times.dates, double(times.trips) / dates, double(times.stop_times) / dates,
      double(times.patterns) / dates);
  print_variant("Leaving and reaching the query's stops only (access: the origin stop at 0 s)",
                rows[0], false);
  print_variant(
      "Walking at the ends too (access: the origin stop and the stops of its footpaths; egress: "
      "the destination and the stops with a footpath to it)",
      rows[1], true);
  print_variant(
      "Walking at the ends, leaving at bahn.de's first departure (the same departure: the "
      "difference is in the journey alone)",
      rows[2], false);
  if (!o.out.empty()) write_rows(o.out, rows);
  const double searches = 3.0 * static_cast<double>(qs.rows.size());
  std::printf(
      "\ntime: read feed %.2f s, footpaths and walks %.2f s, %zu timetables and networks %.2f "
      "s, routing %.0f searches %.3f s (%.2f ms a search), wall %.2f s in all; peak RSS %.1f "
      "MB\n",
      read_s, walks_s, times.dates, times.timetable_s, searches, times.routing_s,
      1000.0 * times.routing_s / searches, total.wall(), bench::peak_rss_mb());
  if (!o.out.empty()) std::printf("wrote %s\n", o.out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_args(argc, argv));
  } catch (const core::Error& e) {
    std::fprintf(stderr, "reachplan_rnv_journeys: %s\n", e.what());
    return e.exit_code();
  }
}
