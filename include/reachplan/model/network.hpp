// Plain data for a transport network: nodes (places), modes, and lines (service patterns).
// A plain link (two nodes, one mode) is stored as a one-segment Line with is_link = true.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/core/error.hpp"

namespace reachplan::model {

using core::SourceLocation;

// A place: city, county, station, port, junction.
struct Node {
  std::string id;
  std::string name;  // display name; defaults to id
  std::string kind;  // free text: city, county, port, ... (informative)
  double lon = 0.0;  // WGS84 degrees
  double lat = 0.0;
  std::optional<double> population;  // persons; absent = unknown (weights 0 in indicators)
  std::vector<std::string> groups;   // group ids this node belongs to
  // Per-mode time from the place's centre to the mode's station/port/interchange and back,
  // in minutes; override the mode's defaults. egress falls back to access when absent.
  std::map<std::string, double> access_min;
  std::map<std::string, double> egress_min;
  // Free data kept for outputs: name_zh, source, confidence, note and the `attributes:` map.
  std::map<std::string, std::string> attributes;
  SourceLocation where;
};

// A transport mode with its travel-time rules.
struct Mode {
  std::string id;
  std::string name;
  // Exactly one speed rule is needed to time a segment without explicit minutes:
  // a line's own speed_kmh, else the mode's fixed speed_kmh, else speed_factor x design speed.
  std::optional<double> speed_kmh;
  std::optional<double> speed_factor;  // commercial / design speed, (0, 1.5]
  double dwell_min = 0.0;              // time lost per intermediate stop ridden through
  double access_min = 0.0;             // centre -> station default
  std::optional<double> egress_min;    // station -> centre default (falls back to access_min)
  double boarding_wait_min = 0.0;      // wait when a line gives no headway
  double detour_factor = 1.2;          // route length / great-circle length when estimating
  std::optional<double> transfer_default_min;  // penalty to change onto another line/mode
  std::map<std::string, double> transfer_min;  // to-mode id -> penalty, overrides the default
  // Money (README "Generalized cost"): absent = unknown, and a trip over it has no known cost.
  // Passengers pay per km ridden and per boarding; freight per tonne-km, per tonne loaded, and
  // per tonne handled when changing from this mode to another (to-mode id -> yuan per tonne).
  std::optional<double> fare_yuan_per_km;
  double fare_yuan_per_boarding = 0.0;
  std::optional<double> freight_yuan_per_tkm;
  double freight_yuan_per_t = 0.0;
  std::map<std::string, double> handling_yuan_per_t;
  std::map<std::string, std::string> attributes;  // name_zh, source, ... and `attributes:`
  SourceLocation where;
};

enum class Status { existing, under_construction, planned };
const char* to_string(Status s);
std::optional<Status> status_from_string(const std::string& s);

struct Stop {
  std::string node;
  bool pass = false;  // the service runs through without stopping (no dwell, no boarding)
  std::optional<double> dwell_min;  // overrides line/mode dwell at this stop
  std::optional<double> km;         // chainage from the first stop, if known
  SourceLocation where;
};

// A service pattern on one mode: ordered stops, ridden in both directions unless oneway.
struct Line {
  std::string id;
  std::string name;
  std::string mode;
  std::vector<Stop> stops;
  // Segment data between consecutive stops (size stops-1 when given). Precedence per segment:
  // segment_min, then a length (segment_km / km chainage / length_km shared out in proportion
  // to great-circle distance) timed at the line's speed, then great-circle x detour factor.
  std::vector<double> segment_km;
  std::vector<double> segment_min;
  std::optional<double> length_km;
  std::optional<double> design_speed_kmh;
  std::optional<double> speed_kmh;  // commercial speed of this service, overrides the mode rule
  std::optional<double> detour_factor;
  std::optional<double> dwell_min;  // overrides the mode's dwell
  std::optional<double> headway_min;
  std::optional<double> trains_per_day;        // headway = service hours / trains per day
  std::optional<double> fare_yuan_per_km;      // overrides the mode's passenger rate
  std::optional<double> freight_yuan_per_tkm;  // overrides the mode's freight rate
  Status status = Status::existing;
  std::optional<int> opened;  // year open (or expected)
  bool oneway = false;
  bool is_link = false;  // declared under `links:` (from/to)
  // A through service or express pattern that runs over the tracks of these lines (ids); empty
  // for a physical line or link. Maps draw tracks once and services as their own layer.
  std::vector<std::string> runs_over;
  // The line's course as lon/lat vertices (WGS84 degrees) from the first stop to the last,
  // passing every stop in order; empty = straight between consecutive stops.
  std::vector<std::array<double, 2>> geometry;
  std::string source;      // where the facts come from
  std::string confidence;  // e.g. measured, approx, estimate
  std::string note;
  std::map<std::string, std::string> attributes;  // name_zh and the `attributes:` map
  SourceLocation where;
};

struct Network {
  std::vector<Node> nodes;
  std::vector<Mode> modes;
  std::vector<Line> lines;  // lines and links together, in file order

  const Node* find_node(const std::string& id) const;
  const Mode* find_mode(const std::string& id) const;
  const Line* find_line(const std::string& id) const;
  Node* find_node(const std::string& id);
  Mode* find_mode(const std::string& id);
  Line* find_line(const std::string& id);
  std::vector<std::string> node_ids() const;
  std::vector<std::string> mode_ids() const;
  std::vector<std::string> line_ids() const;
};

}  // namespace reachplan::model
