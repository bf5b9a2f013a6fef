#include "reachplan/analysis/timetable_trips.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "reachplan/analysis/transit_route.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/build.hpp"

namespace reachplan::analysis {

namespace {

using core::Index;

TransitSettings settings_of(const model::TransitSpec& t) {
  TransitSettings s;
  s.feeds = t.gtfs;
  s.date = t.date;
  s.departure = t.departure_from;
  s.window_min = (t.departure_to - t.departure_from + 59) / 60;
  s.step_min = t.step_min;
  s.percentiles = t.percentiles;
  s.walk.speed_kmh = t.walk_speed_kmh;
  s.walk.max_access_min = t.max_access_min;
  s.walk.max_transfer_m = t.max_transfer_m;
  s.max_rides = t.max_rides;
  s.max_minutes = t.max_minutes;
  s.transfer_slack_s = t.transfer_slack_s;
  return s;
}

std::int32_t seconds_of(double minutes) {
  return static_cast<std::int32_t>(std::lround(minutes * 60.0));
}

// A plan line's station at a place is reached through the place: from the place by the mode's
// access minutes and back by its egress, to and from the feeds' stops by that plus the place's
// walk, and to the place's other plan stations by the modes' transfer penalty.
void add_plan_stops(const model::Scenario& s, const model::Profile& p, const ScenarioTimetable& tt,
                    Walks& w) {
  w.footpaths.resize(tt.timetable.stops.size());
  const std::vector<std::vector<routing::StopAccess>> walk_from = w.access, walk_to = w.egress;
  for (const PlanStop& ps : tt.plan_stops) {
    const model::Node& node = s.network.nodes[ps.node];
    const model::Mode& mode = s.network.modes[ps.mode];
    const std::int32_t in = seconds_of(graph::access_min(node, mode));
    const std::int32_t out = seconds_of(graph::egress_min(node, mode));
    // First: where walking to the place from a feed's stop ties with the station's egress, the
    // trip is shown ending at the station.
    w.access[ps.node].insert(w.access[ps.node].begin(), {ps.stop, in});
    w.egress[ps.node].insert(w.egress[ps.node].begin(), {ps.stop, out});
    for (const auto& a : walk_from[ps.node])
      w.footpaths[ps.stop].push_back({a.stop, out + a.seconds});
    for (const auto& e : walk_to[ps.node]) w.footpaths[e.stop].push_back({ps.stop, e.seconds + in});
    for (const PlanStop& other : tt.plan_stops)
      if (other.node == ps.node && other.stop != ps.stop)
        w.footpaths[ps.stop].push_back(
            {other.stop, seconds_of(graph::transfer_min(mode, s.network.modes[other.mode], p))});
  }
}

}  // namespace

void refuse_timetable_cost_targets(const model::Scenario& s) {
  for (const auto& t : s.targets)
    if (t.measure == model::Target::Measure::cost && s.rides_timetable(t.profile))
      throw core::InputError(t.where, "targets." + t.id,
                             "a cost target (max_yuan) cannot be judged over timetables "
                             "(transit:): the feeds' fares are not read; give it a profile "
                             "that rides the network");
}

TimetableTrips::TimetableTrips(const model::Scenario& scenario, const model::Profile& profile,
                               unsigned threads, const PlanSwitches& switches)
    : scenario_(scenario), threads_(threads), settings_(settings_of(*scenario.transit)) {
  const model::TransitSpec& spec = *scenario.transit;
  const std::vector<model::DaySeconds> departures = window_departures(settings_);
  const model::DaySeconds last =
      departures.back() + static_cast<model::DaySeconds>(std::ceil(settings_.max_minutes * 60));
  tt_ = scenario_timetable(scenario, profile, settings_.departure, last, switches);

  // Walks among the places and the feeds' stops (plan stations are reached by their place).
  const model::RoadNetwork* streets =
      scenario.road_network ? scenario.road_network->network.get() : nullptr;
  std::vector<std::pair<double, double>> places, stops;
  for (const auto& n : scenario.network.nodes) places.emplace_back(n.lon, n.lat);
  for (std::size_t i = 0; i < tt_.feed_stops; ++i)
    stops.emplace_back(tt_.timetable.stops[i].lon, tt_.timetable.stops[i].lat);
  std::size_t joined_places = 0, joined_stops = 0;
  const auto at = place_for_walking(places, streets, settings_.walk.max_snap_m, joined_places);
  const auto stop_points =
      place_for_walking(stops, streets, settings_.walk.max_snap_m, joined_stops);
  const double max_direct_s = settings_.max_minutes * 60.0;
  walks_ = streets
               ? street_walks(*streets, at, at, stop_points, settings_.walk, max_direct_s, threads)
               : straight_walks(at, at, stop_points, settings_.walk, max_direct_s);
  add_plan_stops(scenario, profile, tt_, walks_);
  apply_transfers(tt_.timetable, tt_.transfers, walks_);
  network_ =
      std::make_unique<graph::TransitNetwork>(tt_.timetable, walks_.footpaths, walks_.change_s);
  plan_node_of_stop_.assign(tt_.timetable.stops.size(), core::invalid_index);
  for (const PlanStop& ps : tt_.plan_stops) plan_node_of_stop_[ps.stop] = ps.node;

  TimetableSummary& m = summary_;
  m.feeds = spec.gtfs;
  m.date = spec.date;
  m.departure_from = spec.departure_from;
  m.departure_to = spec.departure_to;
  m.step_min = spec.step_min;
  m.departures = departures.size();
  m.percentiles = spec.percentiles;
  m.stops = tt_.timetable.stops.size();
  m.routes = tt_.timetable.routes.size();
  m.trips = tt_.timetable.trips.size();
  for (const auto& f : walks_.footpaths) m.footpaths += f.size();
  m.plan_lines = tt_.plan_lines;
  m.lines_without_headway = tt_.lines_without_headway;
  m.edits = spec.edits.size();
  m.trips_removed = tt_.trips_removed;
  m.trips_added_by_edits = tt_.trips_added_by_edits;
  m.trips_retimed = tt_.trips_retimed;
  m.on_streets = streets != nullptr;
  m.places_off_streets = streets ? places.size() - joined_places : 0;
}

Index TimetableTrips::place(const std::string& id) const {
  const model::Node* n = scenario_.network.find_node(id);
  if (!n)
    throw core::UsageError("unknown place '" + id + "'" +
                           core::did_you_mean(id, scenario_.network.node_ids()));
  return static_cast<Index>(n - scenario_.network.nodes.data());
}

// The walks of these origins and destinations, cut from those of every place.
Walks TimetableTrips::walks_between(const std::vector<Index>& origins,
                                    const std::vector<Index>& destinations) const {
  Walks w;
  const std::size_t n = scenario_.network.nodes.size();
  for (Index o : origins) w.access.push_back(walks_.access[o]);
  for (Index d : destinations) w.egress.push_back(walks_.egress[d]);
  w.direct.reserve(origins.size() * destinations.size());
  for (Index o : origins)
    for (Index d : destinations) w.direct.push_back(walks_.direct[o * n + d]);
  w.on_streets = walks_.on_streets;
  return w;
}

TravelTimeMatrix TimetableTrips::matrix(const std::vector<std::string>& origins,
                                        const std::vector<std::string>& destinations) const {
  std::vector<Index> o, d;
  for (const auto& id : origins) o.push_back(place(id));
  for (const auto& id : destinations) d.push_back(place(id));
  const TransitTimes times =
      transit_times(*network_, walks_between(o, d), d.size(), settings_, threads_);
  TravelTimeMatrix m;
  m.profile = scenario_.default_profile;
  m.origins = origins;
  m.destinations = destinations;
  m.minutes.resize(static_cast<Eigen::Index>(o.size()), static_cast<Eigen::Index>(d.size()));
  for (std::size_t i = 0; i < o.size(); ++i)
    for (std::size_t j = 0; j < d.size(); ++j)
      m.minutes(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          o[i] == d[j] ? 0.0 : times.minutes.front()[i * d.size() + j];
  return m;
}

std::vector<Trip> TimetableTrips::trips_from(Index origin, const std::vector<Index>& to) const {
  std::vector<PairJourney> journeys(to.size());
  std::vector<char> found(to.size(), 0);
  const JourneySink keep = [&](std::size_t, std::size_t j, const PairJourney& journey) {
    journeys[j] = journey;
    found[j] = 1;
  };
  const TransitTimes times =
      transit_times(*network_, walks_between({origin}, to), to.size(), settings_, 1, &keep);
  std::vector<Trip> trips;
  trips.reserve(to.size());
  for (std::size_t j = 0; j < to.size(); ++j)
    trips.push_back(make_trip(origin, to[j], times, j, found[j] ? &journeys[j] : nullptr));
  return trips;
}

std::string TimetableTrips::stop_label(Index stop) const {
  if (plan_node_of_stop_[stop] != core::invalid_index)
    return scenario_.network.nodes[plan_node_of_stop_[stop]].id;
  const auto& s = tt_.timetable.stops[stop];
  return s.name.empty() ? s.id : s.name;
}

Trip TimetableTrips::make_trip(Index origin, Index destination, const TransitTimes& times,
                               std::size_t j, const PairJourney* journey) const {
  Trip trip;
  trip.origin = scenario_.network.nodes[origin].id;
  trip.destination = scenario_.network.nodes[destination].id;
  trip.yuan = std::nan("");  // timetables carry no fares
  if (origin == destination) {
    trip.percentile_minutes.assign(settings_.percentiles.size(), 0.0);
    trip.minimum_minutes = 0.0;
    trip.yuan = 0.0;
    return trip;
  }
  for (const auto& p : times.minutes) trip.percentile_minutes.push_back(p[j]);
  trip.minutes = trip.percentile_minutes.front();
  trip.minimum_minutes = times.minimum[j];
  if (!journey) return trip;
  const auto add = [&](std::string kind, std::string from, std::string to, std::int32_t s) {
    LegView v;
    v.kind = std::move(kind);
    v.from = std::move(from);
    v.to = std::move(to);
    v.minutes = s / 60.0;
    trip.legs.push_back(std::move(v));
    return &trip.legs.back();
  };
  if (journey->legs.empty()) {
    add("walk", trip.origin, trip.destination, journey->seconds);
    return trip;
  }
  model::DaySeconds at = journey->departure;
  int rides = 0;
  for (const auto& l : journey->legs) {
    if (l.kind == routing::TransitLeg::Kind::access) {
      add("access", trip.origin, stop_label(l.to_stop), l.arrive - l.depart);
    } else if (l.kind == routing::TransitLeg::Kind::walk) {
      add("transfer", stop_label(l.from_stop), stop_label(l.to_stop), l.arrive - l.depart);
    } else {
      const model::TransitRoute& r = tt_.timetable.routes[l.route];
      const std::string line =
          r.short_name.empty() ? (r.long_name.empty() ? r.id : r.long_name) : r.short_name;
      const Index m = tt_.route_mode[l.route];
      const std::string mode =
          m == core::invalid_index ? route_type_name(r.type) : scenario_.network.modes[m].id;
      if (l.depart > at) {
        LegView* wait =
            add("wait", stop_label(l.from_stop), stop_label(l.from_stop), l.depart - at);
        wait->line = line;
        const auto& from = tt_.timetable.stops[l.from_stop];
        wait->to_lon_lat = std::array<double, 2>{from.lon, from.lat};
      }
      LegView* ride =
          add("ride", stop_label(l.from_stop), stop_label(l.to_stop), l.arrive - l.depart);
      ride->line = line;
      ride->mode = mode;
      ride->km = std::nan("");  // a timetable gives times, not lengths
      if (std::find(trip.lines.begin(), trip.lines.end(), line) == trip.lines.end())
        trip.lines.push_back(line);
      if (std::find(trip.modes.begin(), trip.modes.end(), mode) == trip.modes.end())
        trip.modes.push_back(mode);
      ++rides;
    }
    const auto& stop = tt_.timetable.stops[l.to_stop];
    trip.legs.back().to_lon_lat = std::array<double, 2>{stop.lon, stop.lat};
    at = l.arrive;
  }
  add("egress", stop_label(journey->legs.back().to_stop), trip.destination, journey->egress_s);
  trip.transfers = std::max(0, rides - 1);
  return trip;
}

}  // namespace reachplan::analysis
