// Trips over timetables for a scenario with transit: (README "Scenarios over timetables"): the
// places walk to stops (over the scenario's road network when it has one, else in straight
// lines), ride the feeds' trips and the plan's lines at their headways, and walk on. Each pair's
// minutes are percentiles over the departure window; its legs are the first percentile's trip.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/scenario_timetable.hpp"
#include "reachplan/analysis/transit_matrix.hpp"
#include "reachplan/graph/transit_network.hpp"

namespace reachplan::analysis {

// What summary.json and the report say of the timetables a run rode.
struct TimetableSummary {
  std::vector<std::string> feeds;
  std::string date;
  model::DaySeconds departure_from = 0, departure_to = 0;
  int step_min = 1;
  std::size_t departures = 0;
  std::vector<double> percentiles;
  std::size_t stops = 0, routes = 0, trips = 0, footpaths = 0;
  std::vector<std::string> plan_lines;             // built lines run at their headway
  std::vector<std::string> lines_without_headway;  // built lines that could not run
  std::size_t edits = 0, trips_removed = 0, trips_added_by_edits = 0, trips_retimed = 0;
  bool on_streets = false;
  std::size_t places_off_streets = 0;  // on streets: places walking in straight lines
};

// A cost target (max_yuan) on a profile that rides timetables cannot be judged: the feeds'
// fares are not read. InputError at the first such target; nothing otherwise.
void refuse_timetable_cost_targets(const model::Scenario& scenario);

class TimetableTrips final : public TripSource {
 public:
  // `switches`: which plan lines run and what is cut (comparisons); default: the built lines.
  TimetableTrips(const model::Scenario& scenario, const model::Profile& profile, unsigned threads,
                 const PlanSwitches& switches = {});

  core::Index place(const std::string& id) const override;
  std::vector<Trip> trips_from(core::Index origin,
                               const std::vector<core::Index>& to) const override;
  std::vector<double> percentiles() const override { return settings_.percentiles; }

  // The first percentile's minutes between named places.
  TravelTimeMatrix matrix(const std::vector<std::string>& origins,
                          const std::vector<std::string>& destinations) const;
  const TimetableSummary& summary() const { return summary_; }
  // The timetable it rides: the feeds' trips around the window and the plan's.
  const ScenarioTimetable& timetable() const { return tt_; }

 private:
  Walks walks_between(const std::vector<core::Index>& origins,
                      const std::vector<core::Index>& destinations) const;
  Trip make_trip(core::Index origin, core::Index destination, const TransitTimes& times,
                 std::size_t j, const PairJourney* journey) const;
  std::string stop_label(core::Index stop) const;

  const model::Scenario& scenario_;
  unsigned threads_;
  TransitSettings settings_;
  ScenarioTimetable tt_;
  Walks walks_;  // every place to every place, and the stops
  std::unique_ptr<graph::TransitNetwork> network_;
  std::vector<core::Index> plan_node_of_stop_;  // per stop: the plan stop's place, else invalid
  TimetableSummary summary_;
};

}  // namespace reachplan::analysis
