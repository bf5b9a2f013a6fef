// One trip over timetables at a given departure, leg by leg with clock times (what
// `reachplan route --gtfs` shows), and the loading that it shares with transit matrices.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "reachplan/analysis/point_matrix.hpp"
#include "reachplan/analysis/transit_matrix.hpp"
#include "reachplan/io/gtfs.hpp"

namespace reachplan::analysis {

// The feeds' trips that can matter for the request (io::timetable_between around the window),
// the streets to walk on (null: straight lines) and the stops placed on them.
struct TransitInputs {
  model::Timetable timetable;
  std::shared_ptr<const model::RoadNetwork> streets;
  std::vector<WalkPoint> stops;  // one per timetable stop
  std::size_t stops_joined = 0;
  std::vector<io::GtfsTransfer> transfers;  // the feeds' transfers.txt, stop-to-stop rows
  double load_seconds = 0;
};

// transfers.txt over the walks' footpaths, between different stops (a station's row applies to
// each of its platforms): type 0 and 1 add a footpath where none is (0 s), type 2 sets it to
// min_transfer_time, type 3 removes it. Rows within one stop (a minimum change time there, or
// no change) need a per-stop slack the router does not have: counted, not applied.
struct TransfersApplied {
  std::size_t set = 0, removed = 0, same_stop = 0;
};
TransfersApplied apply_transfers(const model::Timetable& timetable,
                                 const std::vector<io::GtfsTransfer>& transfers, Walks& walks);

// From rq.transit (feeds, date, window) and rq.network / profile / bbox / cache (the streets,
// read with the walk profile unless rq.profile names another). Settings out of range are a
// UsageError; bad files an InputError.
TransitInputs load_transit_inputs(const PointMatrixRequest& rq);

struct RouteLeg {
  enum class Kind { walk, ride };
  Kind kind = Kind::walk;
  std::string from, to;  // stop names, or "origin" / "destination"
  model::DaySeconds depart = 0, arrive = 0;
  std::string route;  // ride: the route's short (else long) name and its type
  std::string trip;   // ride: trip id
};

struct TransitRoute {
  std::string date;
  std::string from, to;  // as resolved: stop names or coordinates
  model::DaySeconds departure = 0;
  double max_minutes = 0;  // the limit searched within
  bool found = false;
  model::DaySeconds arrival = 0;
  std::vector<RouteLeg> legs;
  int rides = 0;
  bool on_streets = false;
};

// `from` and `to`: "lon,lat", a stop_id, or a stop name (every stop of that name). The fastest
// trip leaving at rq.transit.departure (the window is that minute alone), with the fewest rides
// among the fastest; not found within rq.transit.max_minutes.
TransitRoute transit_route(const PointMatrixRequest& rq, const std::string& from,
                           const std::string& to);

}  // namespace reachplan::analysis
