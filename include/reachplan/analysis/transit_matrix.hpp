// Door-to-door travel times over timetables for a departure window, the shape of r5r's
// travel_time_matrix: walk from the point to a stop, ride (range RAPTOR over the window),
// transfer on foot, walk to the point; a walk-only trip counts when it is faster. Per pair the
// chosen percentiles of the travel time over the window's departure minutes, and the minimum.
//
// Walking follows the streets when a walk network is given (bounded Dijkstra from each point
// and stop; a point or stop joins its nearest street vertex, the join walked in a straight
// line), else straight lines times a detour factor (an estimate, said so in the summary).
#pragma once

#include <cstdint>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/graph/transit_network.hpp"
#include "reachplan/model/road_network.hpp"
#include "reachplan/model/timetable.hpp"
#include "reachplan/routing/raptor.hpp"

namespace reachplan::analysis {

struct WalkSettings {
  double speed_kmh = 3.6;
  double max_access_min = 20;   // to the first stop, from the last stop
  double max_transfer_m = 400;  // walked distance of a transfer between stops
  double max_snap_m = 1000;     // a point or stop farther from every street vertex walks nowhere
  double detour = 1.3;          // no streets: walked distance / straight-line distance
};

struct TransitSettings {
  std::vector<std::string> feeds;   // GTFS folders or zips
  std::string date;                 // service day YYYY-MM-DD
  model::DaySeconds departure = 0;  // first departure of the window
  int window_min = 1;  // departures over window_min minutes: departure, +step, ... (before the end)
  int step_min = 1;
  std::vector<double> percentiles = {50};
  WalkSettings walk;
  int max_rides = 3;
  double max_minutes = 120;   // longer trips (waiting at the start included) are unreachable
  int transfer_slack_s = 60;  // boarding after a ride or a transfer walk
  bool legs = false;          // describe the first percentile's trip of every pair (matrix)
};

// A point placed for walking: its coordinates and, on streets, its vertex and the straight
// metres to it (vertex invalid: not joined, walks nowhere but straight to nothing).
struct WalkPoint {
  double lon = 0, lat = 0;
  core::Index vertex = core::invalid_index;
  double snap_m = 0;
};

// Points at these coordinates, each joined to its nearest street vertex within max_snap_m (the
// others not joined); without streets, none is joined. `joined` counts those that are (all,
// without streets).
std::vector<WalkPoint> place_for_walking(const std::vector<std::pair<double, double>>& lon_lat,
                                         const model::RoadNetwork* streets, double max_snap_m,
                                         std::size_t& joined);

// The walks a timetable search needs, in whole seconds.
struct Walks {
  std::vector<std::vector<routing::StopAccess>> access;  // per origin: stops within reach
  std::vector<std::vector<routing::StopAccess>>
      egress;                        // per destination: stops it is reached from
  std::vector<std::int32_t> direct;  // origins x destinations walk-only, routing::never if none
  std::vector<std::vector<graph::Footpath>> footpaths;  // per stop
  // Per stop (or empty): transfers.txt's time to change there, -1 where it gives none
  // (graph::TransitNetwork's change_s; apply_transfers fills it).
  std::vector<std::int32_t> change_s;
  bool on_streets = false;
  std::size_t off_streets = 0;  // on streets: stops not joined to them, walking in straight lines
};

// Over the streets (`streets` prepared for walking; its edges' lengths are walked at the speed).
// Points and stops must be joined (vertex) beforehand; `stops` are the timetable's. A point or
// stop not joined (vertex invalid) walks in straight lines instead, to and from everything
// within the limits (an extract that does not cover it should not make it unreachable).
Walks street_walks(const model::RoadNetwork& streets, const std::vector<WalkPoint>& origins,
                   const std::vector<WalkPoint>& destinations, const std::vector<WalkPoint>& stops,
                   const WalkSettings& walk, double max_direct_s, unsigned threads);
// Straight lines times walk.detour.
Walks straight_walks(const std::vector<WalkPoint>& origins,
                     const std::vector<WalkPoint>& destinations,
                     const std::vector<WalkPoint>& stops, const WalkSettings& walk,
                     double max_direct_s);

struct TransitTimes {
  std::vector<std::vector<double>> minutes;  // per percentile: origins x destinations, NaN none
  std::vector<double> minimum;               // over the window, NaN none
  double routing_seconds = 0;
};

// The trip behind a pair's first percentile: the earliest departure of the window whose time is
// that percentile, its legs (empty: walked all the way), the final walk and the door-to-door time.
struct PairJourney {
  model::DaySeconds departure = 0;
  std::vector<routing::TransitLeg> legs;
  std::int32_t egress_s = 0;
  std::int32_t seconds = 0;
};
// Called once per reachable pair, from the thread searching its origin (pairs never repeat).
using JourneySink =
    std::function<void(std::size_t origin, std::size_t destination, const PairJourney& journey)>;

// The departures of the window: settings.departure, then every step_min within window_min.
std::vector<model::DaySeconds> window_departures(const TransitSettings& settings);

// The range RAPTOR over the window from each origin, the door-to-door time per departure minute
// (walk-only included), then the percentiles (nearest rank: the smallest time at or below which
// at least p % of the departures arrive; unreachable departures count as infinitely long).
// `journeys`: given, it receives the trip behind each reachable pair's first percentile (a
// second range search per origin); null for times alone. Only origins [first_origin,
// last_origin) are searched (rows of a matrix split in blocks): the result has their rows, in
// order; journeys still get the origin's own index.
TransitTimes transit_times(const graph::TransitNetwork& network, const Walks& walks,
                           std::size_t destinations, const TransitSettings& settings,
                           unsigned threads, const JourneySink* journeys = nullptr,
                           std::size_t first_origin = 0, std::size_t last_origin = SIZE_MAX);

// "walk 3.5 min | wait 2.0 min | ride R1 Alpha 08:00 -> Gamma 08:09 | walk 1.0 min": the legs
// of a journey from the departure, with the final walk of `egress_s` seconds.
std::string describe_legs(const model::Timetable& tt, const std::vector<routing::TransitLeg>& legs,
                          model::DaySeconds departure, std::int32_t egress_s);

// describe_legs of the journey, or "walk N min" for a walk-only one.
std::string describe_journey(const model::Timetable& tt, const PairJourney& journey);

// The router's options of the settings (rides, slack, the trip limit as its duration cap).
routing::RaptorOptions raptor_options(const TransitSettings& settings);

// Nearest-rank percentile of `values` (sorted ascending in place); never when it falls on an
// unreachable one.
std::int32_t nearest_rank(std::vector<std::int32_t>& values, double percentile);

}  // namespace reachplan::analysis
