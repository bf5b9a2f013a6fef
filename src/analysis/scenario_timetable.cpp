#include "reachplan/analysis/scenario_timetable.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/build.hpp"

namespace reachplan::analysis {

namespace {

using core::Index;
using model::DaySeconds;
using model::TransitTrip;

// Every route index whose id is `id`; an InputError at the edit when there is none.
std::set<Index> routes_named(const model::Timetable& tt, const model::TimetableEdit& e) {
  std::set<Index> out;
  std::vector<std::string> ids;
  for (Index r = 0; r < tt.routes.size(); ++r) {
    if (tt.routes[r].id == e.route) out.insert(r);
    ids.push_back(tt.routes[r].id);
  }
  if (out.empty())
    throw core::InputError(e.where, "transit.edits",
                           "unknown route '" + e.route + "'" + core::did_you_mean(e.route, ids) +
                               " (edits name a GTFS route_id)");
  return out;
}

// Every call of the trip moved by `shift` seconds.
TransitTrip shifted(const TransitTrip& t, DaySeconds shift, const std::string& id) {
  TransitTrip out = t;
  out.id = id;
  out.block.clear();  // a copied run continues into no other trip
  for (auto& a : out.arrival) a += shift;
  for (auto& d : out.departure) d += shift;
  return out;
}

// Running and dwell times divided by the factor; the departure from the first stop stays.
void retime(TransitTrip& t, double factor) {
  const DaySeconds base = t.departure.front();
  const auto scale = [&](DaySeconds x) {
    return base + static_cast<DaySeconds>(std::lround((x - base) / factor));
  };
  for (auto& a : t.arrival) a = scale(a);
  for (auto& d : t.departure) d = scale(d);
  t.block.clear();  // the next trip of the block may no longer be reached in time
}

// A new headway over each run of the route's service, per stop sequence: departures at every
// multiple of the headway from midnight (so the phase does not depend on the window) between
// the first departure of a run and its last, each a copy of the latest original trip leaving
// at or before it (so slower peak running stays). A run ends at a gap longer than an hour and
// twice the headway: the night's break in service is kept.
std::vector<TransitTrip> at_headway(std::vector<TransitTrip> trips, DaySeconds headway) {
  std::sort(trips.begin(), trips.end(), [](const TransitTrip& a, const TransitTrip& b) {
    return a.departure.front() < b.departure.front();
  });
  const DaySeconds brk = std::max<DaySeconds>(3600, 2 * headway);
  std::vector<TransitTrip> out;
  std::size_t run = 0;
  for (std::size_t i = 1; i <= trips.size(); ++i) {
    if (i < trips.size() && trips[i].departure.front() - trips[i - 1].departure.front() <= brk)
      continue;
    std::size_t tmpl = run;
    const DaySeconds start = trips[run].departure.front();
    const DaySeconds aligned =
        static_cast<DaySeconds>(std::ceil(static_cast<double>(start) / headway)) * headway;
    for (DaySeconds t = aligned; t <= trips[i - 1].departure.front(); t += headway) {
      while (tmpl + 1 < i && trips[tmpl + 1].departure.front() <= t) ++tmpl;
      out.push_back(shifted(trips[tmpl], t - trips[tmpl].departure.front(),
                            trips[tmpl].id + "~" + model::clock_text(t)));
    }
    run = i;
  }
  return out;
}

void change_headway(model::Timetable& tt, const std::set<Index>& routes, double headway_min,
                    ScenarioTimetable& counts) {
  std::map<std::pair<Index, std::vector<Index>>, std::vector<TransitTrip>> by_sequence;
  std::vector<TransitTrip> kept;
  for (auto& t : tt.trips) {
    if (routes.count(t.route))
      by_sequence[{t.route, t.stops}].push_back(std::move(t));
    else
      kept.push_back(std::move(t));
  }
  const auto headway = static_cast<DaySeconds>(std::lround(headway_min * 60));
  for (auto& [_, trips] : by_sequence) {
    counts.trips_removed += trips.size();
    for (auto& t : at_headway(std::move(trips), headway)) {  // io keeps it >= 1 minute
      ++counts.trips_added_by_edits;
      kept.push_back(std::move(t));
    }
  }
  tt.trips = std::move(kept);
}

// The times of one direction of a plan line, from leaving its first served stop.
struct Run {
  std::vector<Index> positions;  // served stops, in the direction of travel
  std::vector<double> arrival_s, departure_s;
};

Run line_run(const model::Network& net, const model::Line& line, const model::Mode& mode,
             bool forward) {
  const auto segments = graph::time_segments(net, line);
  Run run;
  for (std::size_t k = 0; k < line.stops.size(); ++k)
    if (!line.stops[k].pass) run.positions.push_back(k);
  if (!forward) std::reverse(run.positions.begin(), run.positions.end());
  double t = 0;
  for (std::size_t j = 0; j < run.positions.size(); ++j) {
    if (j > 0) {
      const auto [lo, hi] = std::minmax(run.positions[j - 1], run.positions[j]);
      for (std::size_t s = lo; s < hi; ++s) t += segments[s].minutes * 60.0;
    }
    run.arrival_s.push_back(t);
    if (j > 0 && j + 1 < run.positions.size()) {
      const model::Stop& stop = line.stops[run.positions[j]];
      t += 60.0 * stop.dwell_min.value_or(line.dwell_min.value_or(mode.dwell_min));
    }
    run.departure_s.push_back(t);
  }
  return run;
}

class PlanLines {
 public:
  PlanLines(const model::Scenario& s, const model::Profile& p, const PlanSwitches& switches,
            ScenarioTimetable& out)
      : s_(s), p_(p), cut_(switches.cut), out_(out) {}

  // The line's trips in both directions (one if oneway) every headway, the first leaving its
  // first stop at the window's start: calls between `first` and `last` only.
  void add(const model::Line& line, DaySeconds start, DaySeconds first, DaySeconds last) {
    const model::Mode& mode = *s_.network.find_mode(line.mode);
    std::optional<double> h = graph::service_headway_min(line, p_);
    if (!h && mode.boarding_wait_min > 0) h = 2 * mode.boarding_wait_min;
    if (!h) {
      out_.lines_without_headway.push_back(line.id);
      return;
    }
    if (*h < 1.0) {
      char b[32];
      std::snprintf(b, sizeof b, "%g", *h);
      throw core::InputError(line.where, "lines." + line.id,
                             std::string("a headway under one minute cannot run as a timetable "
                                         "(headway ") +
                                 b + " minutes)");
    }
    const auto headway = static_cast<DaySeconds>(std::lround(*h * 60));
    const Index route = add_route(line, mode);
    for (bool forward : {true, false}) {
      if (!forward && line.oneway) break;
      const Run run = line_run(s_.network, line, mode, forward);
      if (run.positions.size() < 2) continue;
      const auto total = static_cast<DaySeconds>(std::lround(run.arrival_s.back()));
      const auto k0 = static_cast<long>(std::ceil(double(first - total - start) / headway));
      const auto k1 = static_cast<long>(std::floor(double(last - start) / headway));
      const auto pieces = uncut_pieces(line, run);
      for (long k = k0; k <= k1; ++k)
        for (std::size_t piece = 0; piece < pieces.size(); ++piece)
          out_.timetable.trips.push_back(trip(line, mode, route, run, forward,
                                              start + static_cast<DaySeconds>(k * headway),
                                              pieces[piece], pieces.size() > 1 ? piece + 1 : 0));
    }
    out_.plan_lines.push_back(line.id);
  }

 private:
  Index add_route(const model::Line& line, const model::Mode& mode) {
    model::TransitRoute r;
    r.id = line.id;
    r.agency = "plan";
    r.short_name = line.id;
    r.long_name = line.name;
    r.type = 2;
    out_.timetable.routes.push_back(r);
    out_.route_mode.resize(out_.timetable.routes.size(), core::invalid_index);
    out_.route_mode.back() = static_cast<Index>(&mode - s_.network.modes.data());
    return static_cast<Index>(out_.timetable.routes.size() - 1);
  }

  Index stop_of(const std::string& node_id, const model::Mode& mode) {
    const model::Node& node = *s_.network.find_node(node_id);
    const auto n = static_cast<Index>(&node - s_.network.nodes.data());
    const auto m = static_cast<Index>(&mode - s_.network.modes.data());
    auto [it, fresh] = stops_.emplace(std::pair{n, m}, 0);
    if (fresh) {
      it->second = static_cast<Index>(out_.timetable.stops.size());
      out_.timetable.stops.push_back({"plan:" + node.id + ":" + mode.id,
                                      node.name.empty() ? node.id : node.name, "", node.lon,
                                      node.lat});
      out_.plan_stops.push_back({it->second, n, m});
    }
    return it->second;
  }

  // The runs of calls [first, last] that no cut stretch splits (one: the whole run); a piece
  // needs two calls to carry anyone.
  std::vector<std::pair<std::size_t, std::size_t>> uncut_pieces(const model::Line& line,
                                                                const Run& run) const {
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    std::size_t begin = 0;
    for (std::size_t j = 1; j <= run.positions.size(); ++j) {
      if (j < run.positions.size() && !cut_between(line, run.positions[j - 1], run.positions[j]))
        continue;
      if (j - begin >= 2) pieces.emplace_back(begin, j - 1);
      begin = j;
    }
    return pieces;
  }
  bool cut_between(const model::Line& line, std::size_t a, std::size_t b) const {
    if (!cut_) return false;
    const auto [lo, hi] = std::minmax(a, b);
    for (std::size_t s = lo; s < hi; ++s)
      if (cut_(line.mode, line.stops[s].node, line.stops[s + 1].node)) return true;
    return false;
  }

  // One trip over the calls [calls.first, calls.second] of a run leaving at `leave`; `piece` > 0
  // numbers the pieces of a cut line.
  TransitTrip trip(const model::Line& line, const model::Mode& mode, Index route, const Run& run,
                   bool forward, DaySeconds leave, std::pair<std::size_t, std::size_t> calls,
                   std::size_t piece) {
    TransitTrip t;
    t.id = line.id + (forward ? "" : "~back") + "#" + model::clock_text(leave) +
           (piece ? "/" + std::to_string(piece) : "");
    t.route = route;
    t.service = "plan";
    for (std::size_t j = calls.first; j <= calls.second; ++j) {
      t.stops.push_back(stop_of(line.stops[run.positions[j]].node, mode));
      t.arrival.push_back(leave + static_cast<DaySeconds>(std::lround(run.arrival_s[j])));
      t.departure.push_back(leave + static_cast<DaySeconds>(std::lround(run.departure_s[j])));
    }
    return t;
  }

  const model::Scenario& s_;
  const model::Profile& p_;
  const decltype(PlanSwitches::cut)& cut_;
  ScenarioTimetable& out_;
  std::map<std::pair<Index, Index>, Index> stops_;
};

bool rides_mode(const model::Profile& p, const std::string& mode) {
  return p.modes.empty() || std::find(p.modes.begin(), p.modes.end(), mode) != p.modes.end();
}

}  // namespace

void apply_timetable_edits(model::Timetable& tt, const std::vector<model::TimetableEdit>& edits,
                           ScenarioTimetable& counts) {
  for (const auto& e : edits) {
    const std::set<Index> routes = routes_named(tt, e);
    if (e.remove) {
      const auto before = tt.trips.size();
      std::erase_if(tt.trips, [&](const TransitTrip& t) { return routes.count(t.route) > 0; });
      counts.trips_removed += before - tt.trips.size();
    } else if (e.speed_factor) {
      for (auto& t : tt.trips)
        if (routes.count(t.route)) {
          retime(t, *e.speed_factor);
          ++counts.trips_retimed;
        }
    } else if (e.headway_min) {
      change_headway(tt, routes, *e.headway_min, counts);
    }
  }
}

ScenarioTimetable scenario_timetable(const model::Scenario& s, const model::Profile& profile,
                                     DaySeconds first, DaySeconds last,
                                     const PlanSwitches& switches) {
  const model::TransitSpec& spec = *s.transit;
  ScenarioTimetable out;
  if (!spec.gtfs.empty()) {
    std::vector<io::GtfsFeed> feeds;
    for (const auto& f : spec.gtfs) feeds.push_back(io::read_gtfs(f));
    // A new headway fills the gaps between a route's trips: the trips before the window must be
    // there to tell where its service starts (a longer gap is a break in service anyway).
    const bool headways = std::any_of(spec.edits.begin(), spec.edits.end(),
                                      [](const model::TimetableEdit& e) { return e.headway_min; });
    const DaySeconds margin = headways ? 4 * 3600 : 0;
    out.timetable = io::timetable_between(feeds, spec.date, first - margin, last);
    out.transfers = io::transfers_between(feeds);
  }
  out.timetable.date = spec.date;
  out.feed_stops = out.timetable.stops.size();
  out.route_mode.assign(out.timetable.routes.size(), core::invalid_index);
  apply_timetable_edits(out.timetable, spec.edits, out);
  PlanLines plan(s, profile, switches, out);
  const auto& lines = s.network.lines;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const bool runs = switches.lines.empty() ? model::is_built(lines[l], s) : switches.lines[l];
    if (runs && rides_mode(profile, lines[l].mode))
      plan.add(lines[l], spec.departure_from, first, last);
  }
  return out;
}

std::string route_type_name(int type) {
  // GTFS route types, and the extended (Hierarchical Vehicle Type) ranges by hundreds.
  static const std::map<int, const char*> basic = {
      {0, "tram"},        {1, "metro"},      {2, "rail"},        {3, "bus"},
      {4, "ferry"},       {5, "cable tram"}, {6, "aerial lift"}, {7, "funicular"},
      {11, "trolleybus"}, {12, "monorail"}};
  static const std::map<int, const char*> extended = {
      {1, "rail"},   {2, "coach"},        {4, "urban rail"}, {5, "metro"},
      {7, "bus"},    {8, "trolleybus"},   {9, "tram"},       {10, "ferry"},
      {12, "ferry"}, {13, "aerial lift"}, {14, "funicular"}, {15, "taxi"}};
  if (auto it = basic.find(type); it != basic.end()) return it->second;
  if (type >= 100 && type < 1700)
    if (auto it = extended.find(type / 100); it != extended.end()) return it->second;
  return "transit";
}

}  // namespace reachplan::analysis
