// Internal to io: a scenario's `transit:` section (README "Scenarios over timetables"):
//   transit:
//     gtfs: [feed.zip]
//     date: 2016-11-15
//     departure: {from: "07:00", to: "09:00", step_min: 1}
//     percentiles: [50, 95]
//     walk: {speed_kmh: 3.6, max_access_min: 20, max_transfer_m: 400}
//     max_rides: 3
//     max_minutes: 180
//     transfer_slack_s: 60
//     edits: [{route: R5, headway_min: 10}, {route: R7, remove: true}]
#pragma once

#include <optional>
#include <string>

#include "reachplan/model/scenario.hpp"
#include "yaml_value.hpp"

namespace reachplan::io::detail {

// `scenario_path` is the file that holds the section (feeds resolve against its folder). Every
// key is checked here, the feeds only by existence: they are read when the scenario runs. A
// child file's keys replace those of its `parent`'s section (a list such as edits, whole).
model::TransitSpec parse_transit(const std::string& scenario_path, const Value& v,
                                 const std::optional<model::TransitSpec>& parent,
                                 Diagnostics& diag);

}  // namespace reachplan::io::detail
