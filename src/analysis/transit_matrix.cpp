#include "reachplan/analysis/transit_matrix.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/parallel.hpp"
#include "reachplan/graph/road_graph.hpp"
#include "reachplan/routing/bounded_search.hpp"

namespace reachplan::analysis {

namespace {

using core::Index;
using routing::never;
using routing::StopAccess;

std::int32_t whole_seconds(double s) {
  return static_cast<std::int32_t>(std::lround(s));
}

// The streets as a graph of walking milliseconds: every edge's length at the walking speed
// (the profile chose which ways are walkable; its speeds are for driving or are the same).
graph::RoadGraph walking_graph(const model::RoadNetwork& streets, double metres_per_second) {
  std::vector<graph::Weight> w(streets.edge_count());
  for (Index e = 0; e < streets.edge_count(); ++e)
    w[e] = graph::Weight{static_cast<std::uint32_t>(
        std::min(std::llround(streets.length_m[e] / metres_per_second * 1000.0),
                 static_cast<long long>(graph::max_road_arc.ms)))};
  return graph::make_road_graph(streets.vertex_count(), streets.from, streets.to, w);
}

graph::Weight ms_of(double seconds) {
  return graph::Weight{static_cast<std::uint32_t>(std::max(0.0, std::round(seconds * 1000.0)))};
}

// The stops joined to each street vertex (CSR).
struct StopsAtVertex {
  std::vector<Index> first, stop;
  StopsAtVertex(std::size_t vertices, const std::vector<WalkPoint>& stops)
      : first(vertices + 1, 0) {
    for (const auto& s : stops)
      if (s.vertex != core::invalid_index) ++first[s.vertex + 1];
    for (std::size_t v = 0; v < vertices; ++v) first[v + 1] += first[v];
    stop.resize(first.back());
    std::vector<Index> fill(first.begin(), first.end() - 1);
    for (Index s = 0; s < stops.size(); ++s)
      if (stops[s].vertex != core::invalid_index) stop[fill[stops[s].vertex]++] = s;
  }
};

// From one joined point: the stops within `stop_limit` over the street search that reached
// `order` (their own join walked too).
std::vector<StopAccess> stops_reached(const std::vector<std::pair<Index, graph::Weight>>& order,
                                      const StopsAtVertex& at, const std::vector<WalkPoint>& stops,
                                      double mps, double stop_limit_s) {
  std::vector<StopAccess> out;
  for (const auto& [v, d] : order)
    for (Index k = at.first[v]; k < at.first[v + 1]; ++k) {
      const Index s = at.stop[k];
      const double t = core::to_seconds(d) + stops[s].snap_m / mps;
      if (t <= stop_limit_s) out.push_back({s, whole_seconds(t)});
    }
  return out;
}

// What is not on the streets (a point or stop farther than max_snap_m from every street vertex:
// an extract that does not cover it) walks in straight lines, to and from everything within
// the walk limits, rather than nowhere.
void add_off_street_walks(Walks& w, const std::vector<WalkPoint>& origins,
                          const std::vector<WalkPoint>& destinations,
                          const std::vector<WalkPoint>& stops, const WalkSettings& walk,
                          double max_direct_s);

}  // namespace

std::vector<WalkPoint> place_for_walking(const std::vector<std::pair<double, double>>& lon_lat,
                                         const model::RoadNetwork* streets, double max_snap_m,
                                         std::size_t& joined) {
  std::vector<WalkPoint> out;
  std::optional<graph::NearestVertexIndex> nearest;
  if (streets) nearest.emplace(streets->lon, streets->lat);
  joined = 0;
  for (const auto& [lon, lat] : lon_lat) {
    WalkPoint w{lon, lat, core::invalid_index, 0};
    if (nearest) {
      w.vertex = nearest->nearest(lon, lat, &w.snap_m);
      if (w.snap_m > max_snap_m) w.vertex = core::invalid_index;
    }
    joined += (!streets || w.vertex != core::invalid_index) ? 1 : 0;
    out.push_back(w);
  }
  return out;
}

Walks street_walks(const model::RoadNetwork& streets, const std::vector<WalkPoint>& origins,
                   const std::vector<WalkPoint>& destinations, const std::vector<WalkPoint>& stops,
                   const WalkSettings& walk, double max_direct_s, unsigned threads) {
  const double mps = walk.speed_kmh / 3.6;
  const graph::RoadGraph forward = walking_graph(streets, mps);
  const graph::RoadGraph backward = graph::reverse(forward);
  const StopsAtVertex at(streets.vertex_count(), stops);
  const double access_s = walk.max_access_min * 60.0;
  const double transfer_s = walk.max_transfer_m / mps;
  Walks w;
  w.on_streets = true;
  w.access.resize(origins.size());
  w.egress.resize(destinations.size());
  w.footpaths.resize(stops.size());
  w.direct.assign(origins.size() * destinations.size(), never);
  const auto seed = [&](const WalkPoint& p) {
    return routing::Seed{p.vertex, ms_of(p.snap_m / mps)};
  };
  const auto make = [&] { return routing::BoundedSearch(forward); };
  core::parallel_for(
      origins.size(), threads, make, [&](routing::BoundedSearch& search, std::size_t i) {
        if (origins[i].vertex == core::invalid_index) return;
        const routing::Seed s[] = {seed(origins[i])};
        const auto& order = search.run(s, ms_of(std::max(access_s, max_direct_s)));
        w.access[i] = stops_reached(order, at, stops, mps, access_s);
        for (std::size_t j = 0; j < destinations.size(); ++j) {
          const auto& d = destinations[j];
          if (d.vertex == core::invalid_index) continue;
          const graph::Weight there = search.distance(d.vertex);
          if (there == core::unreachable_ms) continue;
          double t = core::to_seconds(there) + d.snap_m / mps;
          // Points joined to the same vertex: their straight line, not there and back (a point is
          // 0 min from itself).
          if (d.vertex == origins[i].vertex)
            t = std::min(t, core::great_circle_km(origins[i].lon, origins[i].lat, d.lon, d.lat) *
                                1000.0 * walk.detour / mps);
          if (t <= max_direct_s) w.direct[i * destinations.size() + j] = whole_seconds(t);
        }
      });
  const auto make_back = [&] { return routing::BoundedSearch(backward); };
  core::parallel_for(
      destinations.size(), threads, make_back, [&](routing::BoundedSearch& search, std::size_t j) {
        if (destinations[j].vertex == core::invalid_index) return;
        const routing::Seed s[] = {seed(destinations[j])};
        w.egress[j] = stops_reached(search.run(s, ms_of(access_s)), at, stops, mps, access_s);
      });
  core::parallel_for(
      stops.size(), threads, make, [&](routing::BoundedSearch& search, std::size_t k) {
        if (stops[k].vertex == core::invalid_index) return;
        const routing::Seed s[] = {seed(stops[k])};
        for (const auto& a :
             stops_reached(search.run(s, ms_of(transfer_s)), at, stops, mps, transfer_s))
          if (a.stop != k) w.footpaths[k].push_back({a.stop, a.seconds});
      });
  add_off_street_walks(w, origins, destinations, stops, walk, max_direct_s);
  return w;
}

namespace {

void add_off_street_walks(Walks& w, const std::vector<WalkPoint>& origins,
                          const std::vector<WalkPoint>& destinations,
                          const std::vector<WalkPoint>& stops, const WalkSettings& walk,
                          double max_direct_s) {
  const auto off = [](const WalkPoint& p) { return p.vertex == core::invalid_index; };
  const bool any = std::any_of(origins.begin(), origins.end(), off) ||
                   std::any_of(destinations.begin(), destinations.end(), off) ||
                   std::any_of(stops.begin(), stops.end(), off);
  if (!any) return;
  const Walks line = straight_walks(origins, destinations, stops, walk, max_direct_s);
  const auto merge = [&](std::vector<StopAccess>& to, const std::vector<StopAccess>& from,
                         bool all) {
    for (const auto& a : from)
      if (all || off(stops[a.stop])) to.push_back(a);
  };
  for (std::size_t i = 0; i < origins.size(); ++i) {
    merge(w.access[i], line.access[i], off(origins[i]));
    for (std::size_t j = 0; j < destinations.size(); ++j)
      if (off(origins[i]) || off(destinations[j]))
        w.direct[i * destinations.size() + j] = line.direct[i * destinations.size() + j];
  }
  for (std::size_t j = 0; j < destinations.size(); ++j)
    merge(w.egress[j], line.egress[j], off(destinations[j]));
  for (std::size_t k = 0; k < stops.size(); ++k)
    for (const auto& f : line.footpaths[k])
      if (off(stops[k]) || off(stops[f.to])) w.footpaths[k].push_back(f);
  w.off_streets = static_cast<std::size_t>(std::count_if(stops.begin(), stops.end(), off));
}

}  // namespace

Walks straight_walks(const std::vector<WalkPoint>& origins,
                     const std::vector<WalkPoint>& destinations,
                     const std::vector<WalkPoint>& stops, const WalkSettings& walk,
                     double max_direct_s) {
  const double mps = walk.speed_kmh / 3.6;
  const auto seconds = [&](const WalkPoint& a, const WalkPoint& b) {
    return core::great_circle_km(a.lon, a.lat, b.lon, b.lat) * 1000.0 * walk.detour / mps;
  };
  const double access_s = walk.max_access_min * 60.0;
  const double transfer_s = walk.max_transfer_m / mps;
  // Stops by latitude, so each search looks only at the band its radius can reach.
  std::vector<Index> by_lat(stops.size());
  for (Index s = 0; s < stops.size(); ++s) by_lat[s] = s;
  std::sort(by_lat.begin(), by_lat.end(),
            [&](Index a, Index b) { return stops[a].lat < stops[b].lat; });
  const auto within = [&](const WalkPoint& p, double limit_s, auto&& each) {
    const double band_deg = limit_s * mps / walk.detour / 111000.0 + 1e-9;
    auto lo = std::lower_bound(by_lat.begin(), by_lat.end(), p.lat - band_deg,
                               [&](Index s, double lat) { return stops[s].lat < lat; });
    for (; lo != by_lat.end() && stops[*lo].lat <= p.lat + band_deg; ++lo) {
      const double t = seconds(p, stops[*lo]);
      if (t <= limit_s) each(*lo, whole_seconds(t));
    }
  };
  Walks w;
  w.access.resize(origins.size());
  w.egress.resize(destinations.size());
  w.footpaths.resize(stops.size());
  w.direct.assign(origins.size() * destinations.size(), never);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    within(origins[i], access_s, [&](Index s, std::int32_t t) { w.access[i].push_back({s, t}); });
    for (std::size_t j = 0; j < destinations.size(); ++j)
      if (const double t = seconds(origins[i], destinations[j]); t <= max_direct_s)
        w.direct[i * destinations.size() + j] = whole_seconds(t);
  }
  for (std::size_t j = 0; j < destinations.size(); ++j)
    within(destinations[j], access_s, [&](Index s, std::int32_t t) {
      w.egress[j].push_back({s, t});
    });
  for (Index k = 0; k < stops.size(); ++k)
    within(stops[k], transfer_s, [&](Index s, std::int32_t t) {
      if (s != k) w.footpaths[k].push_back({s, t});
    });
  return w;
}

routing::RaptorOptions raptor_options(const TransitSettings& settings) {
  routing::RaptorOptions options;
  options.max_rides = settings.max_rides;
  options.transfer_slack_s = settings.transfer_slack_s;
  options.max_duration_s = static_cast<std::int32_t>(std::floor(settings.max_minutes * 60.0));
  return options;
}

std::int32_t nearest_rank(std::vector<std::int32_t>& values, double percentile) {
  if (values.empty()) return never;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(percentile / 100.0 * static_cast<double>(values.size()));
  const auto index = static_cast<std::size_t>(std::clamp(rank, 1.0, double(values.size()))) - 1;
  return values[index];
}

namespace {

// One origin's range search: per destination and departure minute, the door-to-door seconds.
struct OriginState {
  routing::Raptor raptor;
  std::vector<std::int32_t> times;  // destinations x window
  std::vector<std::int32_t> scratch;
};

double minutes_or_nan(std::int32_t s) {
  return s >= never ? std::nan("") : s / 60.0;
}

}  // namespace

namespace {

std::string hhmm(model::DaySeconds t) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d:%02d", t / 3600, t / 60 % 60);
  return b;
}

std::string min_text(std::int32_t seconds) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f min", seconds / 60.0);
  return b;
}

// The best way to destination j leaving at t: walk-only (stop invalid) or via an egress stop.
struct Arrival {
  std::int32_t seconds = never;
  Index stop = core::invalid_index;
  std::int32_t egress = 0;
};
Arrival best_arrival(const routing::Raptor& raptor, const Walks& walks, std::size_t i,
                     std::size_t j, std::size_t destinations, model::DaySeconds t) {
  Arrival best{walks.direct[i * destinations + j], core::invalid_index, 0};
  for (const auto& e : walks.egress[j]) {
    const model::DaySeconds a = raptor.arrival(e.stop);
    if (a < never && a + e.seconds - t < best.seconds)
      best = {a + e.seconds - t, e.stop, e.seconds};
  }
  return best;
}

}  // namespace

std::string describe_legs(const model::Timetable& tt, const std::vector<routing::TransitLeg>& legs,
                          model::DaySeconds departure, std::int32_t egress_s) {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : " | ") + part; };
  const auto name = [&](Index s) {
    return tt.stops[s].name.empty() ? tt.stops[s].id : tt.stops[s].name;
  };
  model::DaySeconds at = departure;
  for (const auto& l : legs) {
    if (l.depart > at) add("wait " + min_text(l.depart - at));
    if (l.kind == routing::TransitLeg::Kind::ride) {
      const auto& r = tt.routes[l.route];
      add("ride " + (r.short_name.empty() ? r.long_name : r.short_name) + " " + name(l.from_stop) +
          " " + hhmm(l.depart) + " -> " + name(l.to_stop) + " " + hhmm(l.arrive));
    } else if (l.arrive > l.depart) {
      add("walk " + min_text(l.arrive - l.depart));
    }
    at = l.arrive;
  }
  if (egress_s > 0) add("walk " + min_text(egress_s));
  return out;
}

std::vector<model::DaySeconds> window_departures(const TransitSettings& settings) {
  const int step = std::max(1, settings.step_min);
  std::vector<model::DaySeconds> departures;
  for (int m = 0; m < std::max(1, settings.window_min); m += step)
    departures.push_back(settings.departure + static_cast<model::DaySeconds>(m * 60));
  return departures;
}

TransitTimes transit_times(const graph::TransitNetwork& network, const Walks& walks,
                           std::size_t destinations, const TransitSettings& settings,
                           unsigned threads, const JourneySink* journeys, std::size_t first_origin,
                           std::size_t last_origin) {
  const auto t0 = std::chrono::steady_clock::now();
  last_origin = std::min(last_origin, walks.access.size());
  first_origin = std::min(first_origin, last_origin);
  const std::size_t origins = last_origin - first_origin;
  const std::vector<model::DaySeconds> departures = window_departures(settings);
  const std::size_t window = departures.size();
  const model::DaySeconds step_s = std::max(1, settings.step_min) * 60;
  const routing::RaptorOptions options = raptor_options(settings);
  const std::int32_t cap = options.max_duration_s;

  TransitTimes out;
  out.minutes.assign(settings.percentiles.size(),
                     std::vector<double>(origins * destinations, std::nan("")));
  out.minimum.assign(origins * destinations, std::nan(""));
  const auto make = [&] {
    return OriginState{routing::Raptor(network, options),
                       std::vector<std::int32_t>(destinations * window, never),
                       {}};
  };
  core::parallel_for(origins, threads, make, [&](OriginState& st, std::size_t out_row) {
    const std::size_t i = first_origin + out_row;  // the origin; out_row its row of the output
    st.raptor.run_range(walks.access[i], departures, [&](model::DaySeconds t) {
      const auto m = static_cast<std::size_t>((t - settings.departure) / step_s);
      for (std::size_t j = 0; j < destinations; ++j) {
        const std::int32_t best = best_arrival(st.raptor, walks, i, j, destinations, t).seconds;
        st.times[j * window + m] = best <= cap ? best : never;
      }
    });
    // The departure behind each destination's first percentile (the earliest one).
    std::vector<std::size_t> minute_of(destinations, window);
    for (std::size_t j = 0; j < destinations; ++j) {
      const auto row = st.times.begin() + static_cast<std::ptrdiff_t>(j * window);
      st.scratch.assign(row, row + static_cast<std::ptrdiff_t>(window));
      for (std::size_t p = 0; p < settings.percentiles.size(); ++p) {
        const std::int32_t v = nearest_rank(st.scratch, settings.percentiles[p]);
        out.minutes[p][out_row * destinations + j] = minutes_or_nan(v);
        if (p == 0 && v < never)
          minute_of[j] = static_cast<std::size_t>(
              std::find(row, row + static_cast<std::ptrdiff_t>(window), v) - row);
      }
      out.minimum[out_row * destinations + j] =
          minutes_or_nan(*std::min_element(st.scratch.begin(), st.scratch.end()));
    }
    if (!journeys) return;
    // Again over the window: at each departure, the journeys of the destinations it is behind.
    st.raptor.run_range(walks.access[i], departures, [&](model::DaySeconds t) {
      const auto m = static_cast<std::size_t>((t - settings.departure) / step_s);
      for (std::size_t j = 0; j < destinations; ++j) {
        if (minute_of[j] != m) continue;
        const Arrival a = best_arrival(st.raptor, walks, i, j, destinations, t);
        PairJourney pj{t, {}, a.egress, a.seconds};
        if (a.stop != core::invalid_index) pj.legs = st.raptor.journey(a.stop);
        (*journeys)(i, j, pj);
      }
    });
  });
  out.routing_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

std::string describe_journey(const model::Timetable& tt, const PairJourney& j) {
  return j.legs.empty() ? "walk " + min_text(j.seconds)
                        : describe_legs(tt, j.legs, j.departure, j.egress_s);
}

}  // namespace reachplan::analysis
