#include "reachplan/analysis/transit_route.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "reachplan/core/error.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/road_graph.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/io/road_import.hpp"

namespace reachplan::analysis {

namespace {

using core::Index;

// The settings a transit matrix cannot run with (the CLI checks the same, with its flags).
void check_transit(const TransitSettings& t) {
  const auto need = [](bool ok, const std::string& what) {
    if (!ok) throw core::UsageError(what);
  };
  need(t.window_min >= 1 && t.window_min <= 24 * 60, "the departure window is 1 to 1440 minutes");
  need(!t.percentiles.empty(), "at least one percentile");
  for (double p : t.percentiles) need(p >= 1 && p <= 100, "percentiles are 1 to 100");
  for (std::size_t i = 0; i < t.percentiles.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      need(t.percentiles[i] != t.percentiles[j], "a percentile is given twice");
  need(t.walk.speed_kmh > 0 && t.walk.speed_kmh <= 10,
       "the walking speed is above 0, at most 10 km/h");
  need(t.walk.max_access_min >= 0 && t.walk.max_transfer_m >= 0, "walk limits are >= 0");
  need(t.max_rides >= 0 && t.max_rides <= 16, "rides are 0 to 16");
  need(t.max_minutes > 0 && t.max_minutes <= 24 * 60,
       "the trip limit is above 0, at most 1440 minutes");
  need(t.departure >= 0 && t.departure < 48 * 3600, "the departure is a clock time before 48:00");
}

// Stops join their nearest street vertex within max_snap_m (the others are reached by no walk).
std::vector<WalkPoint> join_stops(const model::Timetable& tt, const model::RoadNetwork* streets,
                                  double max_snap_m, std::size_t& joined) {
  std::vector<std::pair<double, double>> at;
  at.reserve(tt.stops.size());
  for (const auto& s : tt.stops) at.emplace_back(s.lon, s.lat);
  return place_for_walking(at, streets, max_snap_m, joined);
}

std::shared_ptr<const model::RoadNetwork> load_streets(const PointMatrixRequest& rq) {
  if (rq.network.empty()) return nullptr;
  if (!io::is_road_network_file(rq.network))
    throw core::UsageError("--network with --gtfs is a street network (.osm.pbf, .osm, .gpkg): " +
                           rq.network);
  io::RoadLoadOptions ro;
  ro.profile_path = rq.profile.empty() ? "walk" : rq.profile;
  if (!rq.bbox.empty()) ro.bbox = io::parse_bbox(rq.bbox);
  ro.cache_dir = rq.cache_dir;
  ro.use_cache = rq.use_cache;
  io::LoadedRoads roads = io::load_road_network(rq.network, ro);
  if (rq.warn)
    for (const auto& w : roads.warnings) rq.warn(w.str());
  return roads.network;
}

}  // namespace

TransitInputs load_transit_inputs(const PointMatrixRequest& rq) {
  const TransitSettings& ts = rq.transit;
  check_transit(ts);
  (void)io::gtfs_date(ts.date);
  const auto t0 = std::chrono::steady_clock::now();
  TransitInputs in;
  {
    std::vector<io::GtfsFeed> feeds;
    for (const auto& f : ts.feeds) feeds.push_back(io::read_gtfs(f));
    // Only the trips that can matter: those running between the first departure and the last
    // departure plus the longest trip, from the day before and after too (around midnight).
    const auto last = ts.departure + (ts.window_min - 1) * 60 +
                      static_cast<model::DaySeconds>(std::ceil(ts.max_minutes * 60.0));
    in.timetable = io::timetable_between(feeds, ts.date, ts.departure, last);
    in.transfers = io::transfers_between(feeds);
  }
  in.streets = load_streets(rq);
  in.stops = join_stops(in.timetable, in.streets.get(), rq.max_snap_m, in.stops_joined);
  in.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return in;
}

namespace {

// Each station's stops: itself and the stops that name it as parent (found once, not per row:
// a feed may hold tens of thousands of transfer rows and stops).
class Platforms {
 public:
  explicit Platforms(const model::Timetable& tt) : tt_(tt) {
    for (Index s = 0; s < tt.stops.size(); ++s)
      if (!tt.stops[s].parent.empty()) children_[tt.stops[s].parent].push_back(s);
  }
  std::vector<Index> of(Index stop) const {
    std::vector<Index> out{stop};
    if (auto it = children_.find(tt_.stops[stop].id); it != children_.end())
      for (Index s : it->second)
        if (s != stop) out.push_back(s);
    return out;
  }

 private:
  const model::Timetable& tt_;
  std::unordered_map<std::string, std::vector<Index>> children_;
};

void set_footpath(std::vector<graph::Footpath>& from, Index to, std::int32_t seconds,
                  bool only_new) {
  for (auto& f : from)
    if (f.to == to) {
      if (!only_new) f.seconds = seconds;
      return;
    }
  from.push_back({to, seconds});
}

}  // namespace

TransfersApplied apply_transfers(const model::Timetable& timetable,
                                 const std::vector<io::GtfsTransfer>& transfers, Walks& walks) {
  TransfersApplied n;
  if (transfers.empty()) return n;
  const Platforms platforms(timetable);
  for (const auto& t : transfers) {
    if (t.from == t.to) {
      // A change at one stop: timed (type 1) needs no slack, type 2 its minimum, type 3 none
      // is possible; a recommended point (type 0) keeps the slack.
      if (t.type == 0) continue;
      const std::int32_t change = t.type == 1   ? 0
                                  : t.type == 2 ? t.min_seconds
                                                : graph::TransitNetwork::change_never;
      walks.change_s.resize(timetable.stops.size(), -1);
      for (Index a : platforms.of(t.from)) walks.change_s[a] = change;
      ++n.same_stop;
      continue;
    }
    for (Index a : platforms.of(t.from))
      for (Index b : platforms.of(t.to)) {
        if (a == b) continue;
        auto& paths = walks.footpaths[a];
        if (t.type == 3) {
          const auto before = paths.size();
          std::erase_if(paths, [&](const graph::Footpath& f) { return f.to == b; });
          n.removed += before - paths.size();
        } else {
          set_footpath(paths, b, t.type == 2 ? t.min_seconds : 0, t.type != 2);
          ++n.set;
        }
      }
  }
  return n;
}

namespace {

// An end of the trip: a point to walk from or to, and the stops it is (when named by stop).
struct Endpoint {
  WalkPoint point;
  std::vector<Index> stops;
  std::string label;
};

std::optional<std::pair<double, double>> parse_lon_lat(const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos) return std::nullopt;
  try {
    std::size_t a = 0, b = 0;
    const std::string x = text.substr(0, comma), y = text.substr(comma + 1);
    const double lon = std::stod(x, &a), lat = std::stod(y, &b);
    if (a != x.size() || b != y.size() || !core::valid_lon_lat(lon, lat)) return std::nullopt;
    return std::pair{lon, lat};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Endpoint endpoint(const TransitInputs& in, const std::string& text, const std::string& role,
                  double max_snap_m) {
  Endpoint e;
  const auto& stops = in.timetable.stops;
  if (const auto ll = parse_lon_lat(text)) {
    e.point = {ll->first, ll->second, core::invalid_index, 0};
    if (in.streets) {
      const graph::NearestVertexIndex nearest(in.streets->lon, in.streets->lat);
      e.point.vertex = nearest.nearest(ll->first, ll->second, &e.point.snap_m);
      if (e.point.snap_m > max_snap_m) e.point.vertex = core::invalid_index;
    }
    e.label = text;
    return e;
  }
  for (Index s = 0; s < stops.size(); ++s)
    if (stops[s].id == text) e.stops.push_back(s);
  if (e.stops.empty())
    for (Index s = 0; s < stops.size(); ++s)
      if (stops[s].name == text) e.stops.push_back(s);
  if (e.stops.empty()) {
    std::vector<std::string> names;
    for (const auto& s : stops) names.push_back(s.name);
    throw core::InputError(role + " '" + text + "': not lon,lat, a stop_id or a stop name of the " +
                           "feeds" + core::did_you_mean(text, names));
  }
  e.point = in.stops[e.stops.front()];
  const auto& first = stops[e.stops.front()];
  e.label = first.name + " (" + first.id +
            (e.stops.size() > 1 ? ", +" + std::to_string(e.stops.size() - 1) + " stops" : "") + ")";
  return e;
}

std::string stop_name(const model::Timetable& tt, Index s) {
  return tt.stops[s].name.empty() ? tt.stops[s].id : tt.stops[s].name;
}

std::string route_name(const model::TransitRoute& r) {
  return r.short_name.empty() ? r.long_name : r.short_name;
}

// RAPTOR's legs as the user reads them: the access walk from the origin (none when the origin
// is the stop itself), rides and transfer walks, the walk to the destination.
std::vector<RouteLeg> route_legs(const model::Timetable& tt,
                                 const std::vector<routing::TransitLeg>& raptor_legs,
                                 const Endpoint& from, const Endpoint& to, std::int32_t egress_s) {
  std::vector<RouteLeg> legs;
  for (const auto& l : raptor_legs) {
    RouteLeg r;
    r.depart = l.depart;
    r.arrive = l.arrive;
    r.to = stop_name(tt, l.to_stop);
    if (l.kind == routing::TransitLeg::Kind::access) {
      if (l.arrive == l.depart) continue;
      r.from = from.label;
    } else {
      r.from = stop_name(tt, l.from_stop);
    }
    if (l.kind == routing::TransitLeg::Kind::ride) {
      r.kind = RouteLeg::Kind::ride;
      r.route = route_name(tt.routes[l.route]);
      r.trip = tt.trips[l.trip].id;
    }
    legs.push_back(r);
  }
  if (egress_s > 0 && !raptor_legs.empty()) {
    const auto& last = raptor_legs.back();
    legs.push_back({RouteLeg::Kind::walk, stop_name(tt, last.to_stop), to.label, last.arrive,
                    last.arrive + egress_s, "", ""});
  }
  return legs;
}

}  // namespace

TransitRoute transit_route(const PointMatrixRequest& request, const std::string& from,
                           const std::string& to) {
  PointMatrixRequest rq = request;
  rq.transit.window_min = 1;
  const TransitSettings& ts = rq.transit;
  const TransitInputs in = load_transit_inputs(rq);
  const Endpoint o = endpoint(in, from, "from", rq.max_snap_m);
  const Endpoint d = endpoint(in, to, "to", rq.max_snap_m);
  const double cap_s = ts.max_minutes * 60.0;
  Walks walks = in.streets ? street_walks(*in.streets, {o.point}, {d.point}, in.stops, ts.walk,
                                          cap_s, rq.threads)
                           : straight_walks({o.point}, {d.point}, in.stops, ts.walk, cap_s);
  // A trip named by its stops starts and ends there, at no walk.
  for (Index s : o.stops) walks.access[0].push_back({s, 0});
  for (Index s : d.stops) walks.egress[0].push_back({s, 0});
  apply_transfers(in.timetable, in.transfers, walks);
  const graph::TransitNetwork net(in.timetable, walks.footpaths, walks.change_s);
  routing::Raptor raptor(net, raptor_options(ts));
  raptor.run(walks.access[0], ts.departure);

  TransitRoute out;
  out.date = ts.date;
  out.from = o.label;
  out.to = d.label;
  out.departure = ts.departure;
  out.max_minutes = ts.max_minutes;
  out.on_streets = walks.on_streets;
  model::DaySeconds best =
      walks.direct[0] < routing::never ? ts.departure + walks.direct[0] : routing::never;
  Index best_stop = core::invalid_index;
  std::int32_t egress_s = 0;
  for (const auto& e : walks.egress[0]) {
    const model::DaySeconds a = raptor.arrival(e.stop);
    if (a < routing::never && a + e.seconds < best)
      best = a + e.seconds, best_stop = e.stop, egress_s = e.seconds;
  }
  if (best >= routing::never || best - ts.departure > cap_s) return out;
  out.found = true;
  out.arrival = best;
  if (best_stop == core::invalid_index) {
    out.legs.push_back({RouteLeg::Kind::walk, o.label, d.label, ts.departure, best, "", ""});
    return out;
  }
  out.legs = route_legs(in.timetable, raptor.journey(best_stop), o, d, egress_s);
  for (const auto& l : out.legs) out.rides += l.kind == RouteLeg::Kind::ride ? 1 : 0;
  return out;
}

}  // namespace reachplan::analysis
