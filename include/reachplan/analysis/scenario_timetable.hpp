// The timetable a scenario rides (transit:): its feeds' trips around the departure window, the
// plan's edits on them (remove a route, a new headway, faster or slower running), and its built
// lines that have a headway as trips at that headway (README "Scenarios over timetables").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reachplan/io/gtfs.hpp"
#include "reachplan/model/scenario.hpp"
#include "reachplan/model/timetable.hpp"

namespace reachplan::analysis {

// A stop of the plan's own lines: one per place and mode (a line's station there), reached
// from the place by the mode's access and egress minutes, never walked to from elsewhere.
struct PlanStop {
  core::Index stop = core::invalid_index;  // into the timetable's stops
  core::Index node = core::invalid_index;  // into the scenario's nodes
  core::Index mode = core::invalid_index;  // into the scenario's modes
};

struct ScenarioTimetable {
  model::Timetable timetable;               // feeds' stops first, then the plan's stops
  std::size_t feed_stops = 0;               // stops [0, feed_stops) are the feeds'
  std::vector<PlanStop> plan_stops;         // the rest, in timetable order
  std::vector<core::Index> route_mode;      // per route: the plan line's mode, invalid for feeds
  std::vector<io::GtfsTransfer> transfers;  // the feeds' transfers.txt
  std::vector<std::string> plan_lines;      // built lines run as timetables
  std::vector<std::string> lines_without_headway;  // built lines not run (no headway)
  std::size_t trips_removed = 0, trips_added_by_edits = 0, trips_retimed = 0;
};

// Which of the plan's lines run, for comparisons, rankings and N-1 checks (analysis/measure).
struct PlanSwitches {
  std::vector<bool> lines;  // per scenario.network.lines; empty: those model::is_built
  // Whether the stretch of a mode between two adjacent stops is cut: a line over it runs in
  // pieces, each on the clock times of the whole line (trains turn back at the cut), as the
  // routing graph drops the ride arcs over it. Empty: nothing is cut.
  std::function<bool(const std::string& mode, const std::string& a, const std::string& b)> cut;
};

// The trips with a call between `first` and `last` (seconds of the service day). Bad edits (an
// unknown route) are InputErrors at the edit; bad feeds name their file and row.
ScenarioTimetable scenario_timetable(const model::Scenario& scenario, const model::Profile& profile,
                                     model::DaySeconds first, model::DaySeconds last,
                                     const PlanSwitches& switches = {});

// Applies the edits in order (exported for tests).
void apply_timetable_edits(model::Timetable& tt, const std::vector<model::TimetableEdit>& edits,
                           ScenarioTimetable& counts);

// What a GTFS route_type is called: tram, metro, rail, bus, ferry, ... ("transit" if unknown).
std::string route_type_name(int route_type);

}  // namespace reachplan::analysis
