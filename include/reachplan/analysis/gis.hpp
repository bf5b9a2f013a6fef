// What the GIS outputs show, computed here and written by output/gis_outputs.hpp: the nodes,
// links and od layers as plain rows with lon/lat geometry, the surfaces of `outputs.surfaces`,
// the travel-time surfaces behind the isochrones, and the matrices for OMX.
#pragma once

#include <Eigen/Core>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reachplan/analysis/run.hpp"
#include "reachplan/analysis/surface.hpp"

namespace reachplan::analysis {

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

// Every node with its attributes and indicators.
struct NodeRow {
  const model::Node* node = nullptr;
  std::vector<double> minutes_to;          // per NodeLayer::key_members, NaN unreachable
  std::vector<double> population_within;   // per NodeLayer::reach_minutes (own population included)
  std::vector<std::optional<bool>> meets;  // per NodeLayer::targets; nullopt: not part of it
};
struct NodeLayer {
  std::string profile;
  std::vector<std::string> key_members;  // empty when the key group is too big for columns
  std::vector<double> reach_minutes;
  std::vector<std::string> targets;         // target ids
  std::vector<std::string> attribute_keys;  // union of the nodes' extra attributes, sorted
  std::vector<NodeRow> rows;
};

// One segment (consecutive stops) of a built line or link.
struct LinkRow {
  const model::Line* line = nullptr;
  int segment = 0;  // 1-based
  std::string from, to;
  double km = 0.0;
  bool km_estimated = false;
  double minutes = 0.0;
  int od_pairs = 0;  // key-group ordered pairs whose fastest trip rides this segment
  // A through service or express pattern (line->runs_over not empty) rather than a track: maps
  // draw tracks once and services as their own layer.
  bool service = false;
  // For a service: the lines of its runs_over that carry this segment (have both its stops),
  // in runs_over order; empty for a track, or a service segment that none of them has.
  std::vector<std::string> tracks;
  // stop, the course's vertices between the two stops, next stop: along line->geometry; for a
  // service without one, along the first of `tracks` (its geometry, else its stops); else
  // straight.
  std::vector<LonLat> geometry;
};
struct LinkLayer {
  std::string profile;
  std::vector<LinkRow> rows;
};

// One ordered pair of the key group. `trip` is on the layer's profile; a target may be judged
// on another, so each target's verdict comes with the minutes it was judged on.
struct OdRow {
  Trip trip;
  std::string origin_name, destination_name;
  std::vector<std::optional<bool>> meets;  // per OdLayer::targets; nullopt: pair not checked
  // Per OdLayer::targets: the pair's minutes on the target's profile, which `meets` judged;
  // NaN when the target does not check the pair or the pair is unreachable on its profile.
  std::vector<double> target_minutes;
  // PASS / FAIL over the targets on the layer's profile that check the pair (so judged on
  // trip.minutes), or "" when none does.
  std::string verdict;
  // Straight, or along the path: each ride along its segments' courses (as LinkRow::geometry).
  std::vector<LonLat> geometry;
};
struct OdLayer {
  std::string profile;
  std::vector<std::string> targets;
  std::size_t size = 0;  // rows: ordered pairs of the key group
  // Calls f on every row in pair order. Rows are made origin by origin (one search each) as
  // they are read, so the layer stores no trip (a million pairs would take gigabytes).
  std::function<void(const std::function<void(const OdRow&)>&)> for_each;
  // Every row at once: small groups and tests only.
  std::vector<OdRow> rows() const;
};

// Matrices sharing one zone system, for one OMX file.
struct OmxSet {
  std::string file_stem;  // matrices -> matrices.omx
  std::vector<std::string> row_ids, row_names, col_ids, col_names;
  std::vector<std::pair<std::string, Eigen::MatrixXd>> tables;  // name -> values, NaN = none
  std::string profile;
};

// One stop sequence of a feed's route as the day's trips run it (stops in call order, one
// direction of each pair kept), for maps of scenarios over timetables.
struct TransitCourse {
  std::string route;  // short name, else route_id
  std::string kind;   // route_type_name: bus, tram, metro, ...
  std::vector<LonLat> stops;
};

struct GisResult {
  model::GisSpec spec;
  std::optional<NodeLayer> nodes;
  std::optional<LinkLayer> links;
  std::optional<OdLayer> od;
  std::optional<Grid> grid;                // when surfaces or isochrones were computed
  std::vector<Surface> surfaces;           // outputs.surfaces, in order
  std::vector<Surface> isochrone_sources;  // one travel-time surface per isochrone place
  std::vector<double> isochrone_minutes;
  std::vector<OmxSet> omx;
  std::vector<TransitCourse> transit;  // the feeds' routes ridden (transit:), for the map
};

// True when the spec asks for rasters or isochrones (and so for a Grid).
bool needs_grid(const model::GisSpec& spec);

// Checks every name the spec uses (places, groups, profiles) before any work; UsageError.
void check_gis_request(const model::Scenario& scenario, const model::GisSpec& spec);

// Computes everything scenario.gis asks for. `grid` is required when needs_grid().
GisResult compute_gis(const model::Scenario& scenario, const ScenarioResult& result,
                      const Grid* grid, unsigned threads = 0, const Progress& progress = {});

}  // namespace reachplan::analysis
