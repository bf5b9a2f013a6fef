#include "reachplan/analysis/gis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "reachplan/analysis/timetable_trips.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/model/line_geometry.hpp"

namespace reachplan::analysis {

namespace {

constexpr double nan_d = std::numeric_limits<double>::quiet_NaN();
// Above this many key-group members the nodes layer leaves out its time-to columns: a column
// per member stops being readable (and some formats limit the field count).
constexpr std::size_t max_time_columns = 100;

bool within(const Trip& t, const model::Target& target) {
  return model::within(t.measure(target.measure), target.limit());
}

using Pair = std::pair<std::string, std::string>;

// A pair as a target judged it: within its threshold, and the minutes (on the target's
// profile) that verdict was reached on.
struct PairVerdict {
  bool meets = false;
  double minutes = nan_d;
};

// Per ordered pair checked by the target.
std::map<Pair, PairVerdict> pair_verdicts(const TargetResult& t) {
  std::map<Pair, PairVerdict> v;
  for (const auto& item : t.items)
    v[{item.origin, item.destination}] = {within(item, t.target), item.minutes};
  return v;
}

using Course = std::vector<LonLat>;

void append(Course& to, const Course& from, bool reversed) {
  const auto add = [&](const LonLat& p) {
    if (to.empty() || to.back().lon != p.lon || to.back().lat != p.lat) to.push_back(p);
  };
  if (reversed) {
    for (auto it = from.rbegin(); it != from.rend(); ++it) add(*it);
  } else {
    for (const auto& p : from) add(p);
  }
}

// Per segment of `line`: along its geometry, else straight between its stops.
std::vector<Course> own_courses(const model::Network& network, const model::Line& line) {
  std::vector<Course> out;
  for (const auto& piece : model::line_segment_courses(network, line)) {
    Course c;
    for (const auto& p : piece) c.push_back({p[0], p[1]});
    out.push_back(std::move(c));
  }
  if (!out.empty()) return out;
  for (std::size_t i = 0; i + 1 < line.stops.size(); ++i) {
    const auto* a = network.find_node(line.stops[i].node);
    const auto* b = network.find_node(line.stops[i + 1].node);
    out.push_back({{a->lon, a->lat}, {b->lon, b->lat}});
  }
  return out;
}

std::optional<std::size_t> stop_index(const model::Line& line, const std::string& node) {
  for (std::size_t i = 0; i < line.stops.size(); ++i)
    if (line.stops[i].node == node) return i;
  return std::nullopt;
}

class Places {
 public:
  explicit Places(const model::Scenario& s) {
    for (const auto& n : s.network.nodes) nodes_.emplace(n.id, &n);
    for (const auto& l : s.network.lines) lines_.emplace(l.id, &l);
    for (const auto& l : s.network.lines) courses_.emplace(l.id, own_courses(s.network, l));
    for (const auto& l : s.network.lines)
      if (!l.runs_over.empty() && l.geometry.empty()) draw_along_tracks(l);
  }
  const model::Node& node(const std::string& id) const { return *nodes_.at(id); }
  const model::Line* line(const std::string& id) const {
    auto it = lines_.find(id);
    return it == lines_.end() ? nullptr : it->second;
  }
  LonLat at(const std::string& id) const {
    const auto& n = node(id);
    return {n.lon, n.lat};
  }
  // The course of segment i (stops i to i+1) of a line of the network, as maps draw it.
  const Course& course(const std::string& line, std::size_t i) const {
    return courses_.at(line).at(i);
  }
  // The lines of a service's runs_over that have both stops of segment i.
  std::vector<std::string> tracks(const model::Line& service, std::size_t i) const {
    std::vector<std::string> out;
    for (const auto& id : service.runs_over) {
      const model::Line* t = line(id);
      if (t && stop_index(*t, service.stops[i].node) && stop_index(*t, service.stops[i + 1].node))
        out.push_back(id);
    }
    return out;
  }

 private:
  // A service's segment follows the first track with both its stops, over the track's
  // segments between them (in either direction); a segment no track has stays straight.
  void draw_along_tracks(const model::Line& service) {
    auto& own = courses_.at(service.id);
    for (std::size_t i = 0; i < own.size(); ++i) {
      const auto names = tracks(service, i);
      if (names.empty()) continue;
      const model::Line& t = *line(names.front());
      const std::size_t a = *stop_index(t, service.stops[i].node);
      const std::size_t b = *stop_index(t, service.stops[i + 1].node);
      Course c;
      for (std::size_t k = 0; k < std::max(a, b) - std::min(a, b); ++k) {
        const std::size_t seg = a < b ? a + k : a - k - 1;
        append(c, course(t.id, seg), a > b);
      }
      if (c.size() >= 2) own[i] = std::move(c);
    }
  }

  std::map<std::string, const model::Node*> nodes_;
  std::map<std::string, const model::Line*> lines_;
  std::map<std::string, std::vector<Course>> courses_;  // per line, per segment
};

// The stop positions a ride leg spans, as [lo, hi] in stop order (the graph's record of the
// ride); nullopt for a leg that is not a ride on a known line.
std::optional<std::pair<std::size_t, std::size_t>> ride_span(const model::Line* line,
                                                             const LegView& leg) {
  if (!line || leg.first_stop == core::invalid_index || leg.last_stop == core::invalid_index ||
      std::max(leg.first_stop, leg.last_stop) >= line->stops.size())
    return std::nullopt;
  const std::size_t a = leg.first_stop, b = leg.last_stop;
  return std::make_pair(std::min(a, b), std::max(a, b));
}

std::vector<LonLat> path_geometry_of(const Trip& trip, const Places& places) {
  Course pts;
  append(pts, {places.at(trip.origin)}, false);
  for (const auto& leg : trip.legs) {
    const model::Line* line = leg.kind == "ride" ? places.line(leg.line) : nullptr;
    const auto span = ride_span(line, leg);
    if (!span) {
      if (leg.to_lon_lat)
        append(pts, {{(*leg.to_lon_lat)[0], (*leg.to_lon_lat)[1]}}, false);
      else if (!leg.to.empty())
        append(pts, {places.at(leg.to)}, false);
      continue;
    }
    // Follow the segments' courses in the direction of travel.
    const bool forward = leg.first_stop <= leg.last_stop;
    for (std::size_t k = 0; k < span->second - span->first; ++k) {
      const std::size_t seg = forward ? span->first + k : span->second - k - 1;
      append(pts, places.course(line->id, seg), !forward);
    }
  }
  append(pts, {places.at(trip.destination)}, false);
  if (pts.size() < 2) pts.push_back(pts.front());  // two places at one point
  return pts;
}

NodeLayer node_layer(ScenarioEngine& engine, const model::Scenario& s, const ScenarioResult& r,
                     const std::string& profile, const std::vector<std::string>& key) {
  NodeLayer layer;
  layer.profile = profile;
  layer.reach_minutes = s.gis.reach_minutes;
  if (key.size() <= max_time_columns) layer.key_members = key;
  std::set<std::string> keys;
  for (const auto& n : s.network.nodes)
    for (const auto& [k, _] : n.attributes) keys.insert(k);
  layer.attribute_keys.assign(keys.begin(), keys.end());

  // Destinations: the key members (for time-to) and every populated node (for reach).
  std::vector<std::string> dests = layer.key_members;
  std::vector<std::size_t> populated_cols;
  for (const auto& n : s.network.nodes) {
    if (!(n.population.value_or(0) > 0)) continue;
    auto it = std::find(dests.begin(), dests.end(), n.id);
    populated_cols.push_back(static_cast<std::size_t>(it - dests.begin()));
    if (it == dests.end()) dests.push_back(n.id);
  }
  const auto all = s.network.node_ids();
  const TravelTimeMatrix m = engine.matrix(profile, all, dests);

  std::vector<std::map<std::string, bool>> verdicts;
  for (const auto& t : r.targets) {
    layer.targets.push_back(t.target.id);
    verdicts.push_back(place_verdicts(t, s));
  }
  for (std::size_t i = 0; i < s.network.nodes.size(); ++i) {
    const model::Node& n = s.network.nodes[i];
    NodeRow row;
    row.node = &n;
    const auto ei = static_cast<Eigen::Index>(i);
    for (std::size_t k = 0; k < layer.key_members.size(); ++k)
      row.minutes_to.push_back(m.minutes(ei, static_cast<Eigen::Index>(k)));
    for (double limit : layer.reach_minutes) {
      double pop = 0;
      for (std::size_t col : populated_cols) {
        const double t = m.minutes(ei, static_cast<Eigen::Index>(col));
        if (model::within(t, limit)) pop += *s.network.find_node(dests[col])->population;
      }
      row.population_within.push_back(pop);
    }
    for (const auto& v : verdicts) {
      auto it = v.find(n.id);
      row.meets.push_back(it == v.end() ? std::nullopt : std::optional<bool>(it->second));
    }
    layer.rows.push_back(std::move(row));
  }
  return layer;
}

// What an od row needs besides its trip, kept by the layer so rows can be made while they are
// written. `places` points into the scenario, which outlives its GIS result.
struct OdRowMaker {
  std::string profile;
  std::vector<std::string> target_profiles;
  std::vector<std::map<Pair, PairVerdict>> verdicts;  // per target
  bool path_geometry = true;
  Places places;

  OdRow make(const Trip& trip) const {
    OdRow row;
    row.trip = trip;
    row.origin_name = places.node(trip.origin).name;
    row.destination_name = places.node(trip.destination).name;
    // The row's own verdict sits next to trip.minutes: only targets on the layer's profile.
    bool any = false, all = true;
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
      auto it = verdicts[i].find({trip.origin, trip.destination});
      if (it == verdicts[i].end()) {
        row.meets.push_back(std::nullopt);
        row.target_minutes.push_back(nan_d);
        continue;
      }
      row.meets.push_back(it->second.meets);
      row.target_minutes.push_back(it->second.minutes);
      if (target_profiles[i] != profile) continue;
      any = true;
      all = all && it->second.meets;
    }
    row.verdict = any ? (all ? "PASS" : "FAIL") : "";
    row.geometry = path_geometry && trip.reachable()
                       ? path_geometry_of(trip, places)
                       : std::vector<LonLat>{places.at(trip.origin), places.at(trip.destination)};
    return row;
  }
};

OdLayer od_layer(const model::Scenario& s, const ScenarioResult& r, const GroupTrips& trips,
                 const std::string& profile) {
  OdLayer layer;
  layer.profile = profile;
  layer.size = trips.size();
  auto maker =
      std::make_shared<OdRowMaker>(OdRowMaker{profile, {}, {}, s.gis.od_path_geometry, Places(s)});
  for (const auto& t : r.targets) {
    layer.targets.push_back(t.target.id);
    maker->target_profiles.push_back(t.profile);
    maker->verdicts.push_back(pair_verdicts(t));
  }
  layer.for_each = [maker, trips](const std::function<void(const OdRow&)>& f) {
    trips.for_each([&](const Trip& trip) { f(maker->make(trip)); });
  };
  return layer;
}

LinkLayer link_layer(const model::Scenario& s, const GroupTrips& trips, const std::string& profile,
                     const Places& places) {
  LinkLayer layer;
  layer.profile = profile;
  // (line id, segment index) -> number of trips riding it.
  std::map<std::pair<std::string, std::size_t>, int> use;
  trips.for_each([&](const Trip& trip) {
    std::set<std::pair<std::string, std::size_t>> ridden;
    for (const auto& leg : trip.legs) {
      if (leg.kind != "ride") continue;
      const auto span = ride_span(places.line(leg.line), leg);
      if (!span) continue;
      for (std::size_t i = span->first; i < span->second; ++i) ridden.emplace(leg.line, i);
    }
    for (const auto& seg : ridden) ++use[seg];
  });
  for (const auto& line : s.network.lines) {
    if (!model::is_built(line, s)) continue;
    const auto timing = graph::time_segments(s.network, line);
    for (std::size_t i = 0; i < timing.size(); ++i) {
      LinkRow row;
      row.line = &line;
      row.segment = static_cast<int>(i) + 1;
      row.from = line.stops[i].node;
      row.to = line.stops[i + 1].node;
      row.km = timing[i].km;
      row.km_estimated = timing[i].km_estimated;
      row.minutes = timing[i].minutes;
      auto it = use.find({line.id, i});
      row.od_pairs = it == use.end() ? 0 : it->second;
      row.service = !line.runs_over.empty();
      if (row.service) row.tracks = places.tracks(line, i);
      row.geometry = places.course(line.id, i);
      layer.rows.push_back(std::move(row));
    }
  }
  return layer;
}

OmxSet key_omx(const model::Scenario& s, const ScenarioResult& r) {
  OmxSet set;
  set.file_stem = "matrices";
  set.profile = r.key_matrix.profile;
  set.row_ids = r.key_matrix.origins;
  set.col_ids = r.key_matrix.destinations;
  for (const auto& id : set.row_ids) set.row_names.push_back(s.network.find_node(id)->name);
  for (const auto& id : set.col_ids) set.col_names.push_back(s.network.find_node(id)->name);
  const auto rows = static_cast<Eigen::Index>(set.row_ids.size());
  const auto cols = static_cast<Eigen::Index>(set.col_ids.size());
  Eigen::MatrixXd transfers = Eigen::MatrixXd::Constant(rows, cols, nan_d);
  Eigen::MatrixXd km = Eigen::MatrixXd::Constant(rows, cols, nan_d);
  std::map<std::string, Eigen::Index> row_of, col_of;
  for (Eigen::Index i = 0; i < rows; ++i) row_of[set.row_ids[static_cast<std::size_t>(i)]] = i;
  for (Eigen::Index j = 0; j < cols; ++j) col_of[set.col_ids[static_cast<std::size_t>(j)]] = j;
  for (Eigen::Index i = 0; i < std::min(rows, cols); ++i)
    if (set.row_ids[static_cast<std::size_t>(i)] == set.col_ids[static_cast<std::size_t>(i)]) {
      transfers(i, i) = 0;
      km(i, i) = 0;
    }
  r.key_trips.for_each([&](const Trip& t) {
    if (!t.reachable()) return;
    const auto i = row_of.at(t.origin), j = col_of.at(t.destination);
    transfers(i, j) = t.transfers;
    double d = 0;
    for (const auto& leg : t.legs)
      if (leg.kind == "ride") d += leg.km;
    km(i, j) = d;
  });
  set.tables = {{"time_min", r.key_matrix.minutes}, {"transfers", transfers}, {"distance_km", km}};
  return set;
}

OmxSet named_omx(const model::Scenario& s, const NamedMatrix& m) {
  OmxSet set;
  set.file_stem = "matrix_" + m.spec.id;
  set.profile = m.matrix.profile;
  set.row_ids = m.matrix.origins;
  set.col_ids = m.matrix.destinations;
  for (const auto& id : set.row_ids) set.row_names.push_back(s.network.find_node(id)->name);
  for (const auto& id : set.col_ids) set.col_names.push_back(s.network.find_node(id)->name);
  set.tables = {{"time_min", m.matrix.minutes}};
  return set;
}

}  // namespace

bool needs_grid(const model::GisSpec& spec) {
  return !spec.surfaces.empty() || spec.wants_layer("isochrones");
}

void check_gis_request(const model::Scenario& s, const model::GisSpec& spec) {
  (void)s.profile(spec.profile);
  if (!(spec.grid.resolution_m > 0))
    throw core::UsageError("the grid resolution must be > 0 metres");
  if (!(spec.off_network.speed_kmh > 0))
    throw core::UsageError("the off-network speed must be > 0 km/h");
  if (!(spec.off_network.detour_factor >= 1))
    throw core::UsageError("the off-network detour factor must be >= 1");
  for (double m : spec.isochrones.minutes)
    if (!(m > 0)) throw core::UsageError("isochrone minutes must be > 0");
  (void)resolve_places(s, spec.isochrones.places);
  std::set<std::string> ids;
  for (const auto& surface : spec.surfaces) {
    if (!ids.insert(surface.id).second)
      throw core::UsageError("two surfaces are named '" + surface.id + "'");
    (void)s.profile(surface.profile.empty() ? spec.profile : surface.profile);
    if (surface.kind == model::SurfaceSpec::Kind::travel_time) {
      (void)resolve_places(s, surface.places);
    } else {
      (void)s.group_members(surface.group);
      if (!(surface.max_minutes > 0))
        throw core::UsageError("surface '" + surface.id + "': max_minutes must be > 0");
      if (surface.decay != model::SurfaceSpec::Decay::none && !(surface.beta > 0))
        throw core::UsageError("surface '" + surface.id + "': a decay needs beta > 0");
    }
  }
}

std::vector<OdRow> OdLayer::rows() const {
  std::vector<OdRow> all;
  all.reserve(size);
  if (for_each) for_each([&](const OdRow& row) { all.push_back(row); });
  return all;
}

namespace {

// The feeds' routes as the day runs them: each distinct stop sequence once (a sequence and its
// reverse are one course), plan lines left out (the tracks draw them).
std::vector<TransitCourse> transit_courses(const ScenarioTimetable& st) {
  const model::Timetable& tt = st.timetable;
  using core::Index;
  std::set<std::pair<Index, std::vector<Index>>> seen;
  std::vector<TransitCourse> out;
  for (const auto& trip : tt.trips) {
    if (st.route_mode[trip.route] != core::invalid_index || trip.stops.size() < 2) continue;
    std::vector<Index> back(trip.stops.rbegin(), trip.stops.rend());
    if (seen.count({trip.route, back}) || !seen.insert({trip.route, trip.stops}).second) continue;
    const model::TransitRoute& r = tt.routes[trip.route];
    TransitCourse c{r.short_name.empty() ? r.id : r.short_name, route_type_name(r.type), {}};
    for (Index s : trip.stops) c.stops.push_back({tt.stops[s].lon, tt.stops[s].lat});
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

GisResult compute_gis(const model::Scenario& s, const ScenarioResult& r, const Grid* grid,
                      unsigned threads, const Progress& progress) {
  const model::GisSpec& spec = s.gis;
  check_gis_request(s, spec);
  if (needs_grid(spec) && !grid)
    throw std::invalid_argument("compute_gis: surfaces and isochrones need a grid");
  GisResult out;
  out.spec = spec;
  ScenarioEngine engine(s, threads);
  const std::string profile = s.profile(spec.profile).id;
  const Places places(s);
  const auto key = s.group_members(s.key_group.empty() ? "all" : s.key_group);

  if (spec.wants_layer("nodes")) out.nodes = node_layer(engine, s, r, profile, key);
  const bool links = spec.wants_layer("links") || spec.wants_layer("services");
  if (links || spec.wants_layer("od")) {
    const GroupTrips trips = engine.group_trips(profile, key);
    if (spec.wants_layer("od")) out.od = od_layer(s, r, trips, profile);
    if (links) out.links = link_layer(s, trips, profile, places);
  }

  if (grid) out.grid = *grid;
  for (const auto& surface : spec.surfaces)
    out.surfaces.push_back(
        compute_surface(engine, *grid, surface, spec.off_network, profile, threads, progress));

  if (spec.wants_layer("isochrones")) {
    out.isochrone_minutes = spec.isochrones.minutes;
    // Each key-group member on its own by default; a named group is one set (its nearest member).
    const auto names = spec.isochrones.places.empty() ? key : spec.isochrones.places;
    for (const auto& name : names) {
      model::SurfaceSpec from;
      from.id = name;
      from.places = {name};
      out.isochrone_sources.push_back(
          compute_surface(engine, *grid, from, spec.off_network, profile, threads, progress));
    }
  }

  if (s.rides_timetable(profile)) out.transit = transit_courses(engine.timetable().timetable());

  if (spec.omx) {
    out.omx.push_back(key_omx(s, r));
    for (const auto& m : r.matrices) out.omx.push_back(named_omx(s, m));
  }
  return out;
}

}  // namespace reachplan::analysis
