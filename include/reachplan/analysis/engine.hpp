// Answers travel-time questions about one scenario. Builds each profile's routing graph once
// and reuses it for every matrix, trip and target.
#pragma once

#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/matrix.hpp"
#include "reachplan/graph/routing_graph.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

// One leg of a trip, with names instead of indices.
struct LegView {
  std::string kind;  // access, wait, ride, transfer, egress
  std::string line;  // ride/wait
  std::string mode;
  std::string from;
  std::string to;
  double minutes = 0.0;
  double yuan = 0.0;  // money on the profile's rates; NaN = unknown
  double km = 0.0;
  int stops = 0;  // intermediate stops ridden through
  // ride: positions in the line's stops where it boards and alights (as the graph records
  // them, passing stops between), so nothing re-derives them from place names; else invalid.
  core::Index first_stop = core::invalid_index;
  core::Index last_stop = core::invalid_index;
  // Over timetables, where the leg ends (a stop, not a place: maps draw the trip through it).
  std::optional<std::array<double, 2>> to_lon_lat;
};

// The fastest trip between two places.
struct Trip {
  std::string origin;
  std::string destination;
  double minutes = 0.0;  // NaN = unreachable
  int transfers = 0;
  std::vector<std::string> modes;
  std::vector<std::string> lines;
  std::vector<LegView> legs;
  // Money of the trip on the profile's rates (README "Generalized cost"): yuan per passenger,
  // or per tonne on a freight profile; NaN when unreachable or a rate on it is unknown.
  double yuan = 0.0;
  // Over timetables: minutes at each percentile of the departure window (minutes is the first)
  // and the shortest; empty and NaN on a frequency network.
  std::vector<double> percentile_minutes;
  double minimum_minutes = std::nan("");

  bool reachable() const { return !std::isnan(minutes); }
  // What a target measures of the trip: minutes, or yuan.
  double measure(model::Target::Measure m) const {
    return m == model::Target::Measure::cost ? (reachable() ? yuan : minutes) : minutes;
  }
  // "hefei =[hewu hsr 1:46]=> wuhan ~transfer 0:15~ =[wuguang hsr 1:13]=> changsha"
  std::string describe() const;
};

// What finds trips on one profile: the routing graph (frequency lines, roads) or the
// timetables (transit:). Places are its own indices.
class TripSource {
 public:
  virtual ~TripSource() = default;
  // The place's index; UsageError naming the id when unknown.
  virtual core::Index place(const std::string& id) const = 0;
  // The trips from `origin` to each of `to`, with one search.
  virtual std::vector<Trip> trips_from(core::Index origin,
                                       const std::vector<core::Index>& to) const = 0;
  // The percentiles its trips carry (timetables), empty otherwise.
  virtual std::vector<double> percentiles() const { return {}; }
};

// Every ordered pair of a group of places (origin order, then the other members in order),
// recovered on demand: one search per origin yields its trips, so a result holds the source
// and the members, never a trip per pair (about 17 KB each with their legs). The source is
// shared with the engine that made it and outlives it.
class GroupTrips {
 public:
  GroupTrips() = default;
  GroupTrips(std::shared_ptr<const TripSource> source, std::vector<core::Index> members);

  std::size_t origins() const { return members_.size(); }
  std::size_t size() const { return members_.empty() ? 0 : members_.size() * (origins() - 1); }
  // The trips from the i-th member to every other member, in member order (one search).
  std::vector<Trip> from(std::size_t i) const;
  // Calls f on every pair's trip in order, holding one origin's trips at a time.
  void for_each(const std::function<void(const Trip&)>& f) const;
  // Every pair's trip at once (small groups and tests only: this is what the class avoids).
  std::vector<Trip> all() const;
  // The percentiles every trip carries (timetables), empty otherwise.
  std::vector<double> percentiles() const {
    return source_ ? source_->percentiles() : std::vector<double>{};
  }

 private:
  std::shared_ptr<const TripSource> source_;
  std::vector<core::Index> members_;
};

class TimetableTrips;

class ScenarioEngine {
 public:
  explicit ScenarioEngine(const model::Scenario& scenario, unsigned threads = 0);
  ~ScenarioEngine();

  const model::Scenario& scenario() const { return scenario_; }
  // The routing graph of a profile ("" = default), built on first use.
  const graph::RoutingGraph& graph(const std::string& profile);
  // Whether the profile rides timetables: the default profile of a scenario with transit:.
  bool on_timetable(const std::string& profile) const;
  // The timetables of the default profile, loaded on first use (on_timetable only).
  const TimetableTrips& timetable();
  // The trips between every ordered pair of `members` (ids) on a profile, found on demand.
  GroupTrips group_trips(const std::string& profile, const std::vector<std::string>& members);
  TravelTimeMatrix matrix(const std::string& profile, const std::vector<std::string>& origins,
                          const std::vector<std::string>& destinations);
  Trip trip(const std::string& profile, const std::string& from, const std::string& to);
  // Trips from one origin to many destinations with a single search.
  std::vector<Trip> trips_from(const std::string& profile, const std::string& from,
                               const std::vector<std::string>& to);

 private:
  std::shared_ptr<const TripSource> source(const std::string& profile);

  const model::Scenario& scenario_;
  unsigned threads_;
  std::map<std::string, std::shared_ptr<const graph::RoutingGraph>> graphs_;
  std::map<std::string, std::shared_ptr<const TripSource>> sources_;
  std::shared_ptr<const TimetableTrips> timetable_;
};

}  // namespace reachplan::analysis
