// Travel-time and accessibility surfaces: a value for every cell of a Grid.
//
// A cell reaches the network at any node, off the network at a fixed speed in a straight line
// times a detour factor (the last mile, as Ma & Tang 2024 cross empty pixels at 10 km/h). So a
// cell's time from an origin is min over nodes n of (network minutes to n + last mile n->cell).
// That minimum is computed per tile of cells over the few nodes that can win there (bounds on
// the tile's nearest and farthest point prune the rest), never with one search per cell.
#pragma once

#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

// Reports progress of long work: a task name and the share done in [0, 1].
using Progress = std::function<void(const std::string& task, double done)>;

// A node seen from the cells: position (CRS units) and the minutes already spent to reach it.
struct Seed {
  double x = 0.0;
  double y = 0.0;
  double minutes = 0.0;
};

// Last-mile cost in minutes per CRS unit, and the farthest a cell may be from its node.
struct LastMile {
  double minutes_per_unit = 0.0;
  double max_units = std::numeric_limits<double>::infinity();
};
LastMile last_mile(const Grid& grid, const model::OffNetworkSpec& off);

// out[cell] = min over seeds of (seed.minutes + distance * minutes_per_unit), NaN where no seed
// is within max_units. `nearest` (optional) receives the winning seed's index or -1.
void seed_envelope(const Grid& grid, const std::vector<Seed>& seeds, const LastMile& lm,
                   std::vector<float>& out, std::vector<int>* nearest = nullptr,
                   unsigned threads = 0);

struct Surface {
  std::string id;  // file stem
  model::SurfaceSpec::Kind kind = model::SurfaceSpec::Kind::travel_time;
  std::string title;                // band description
  std::string unit;                 // band unit: "min", "persons", "index"
  std::vector<float> values;        // row-major, NaN = nodata
  std::vector<std::string> places;  // node ids the surface is measured from/to (marked on maps)
  std::map<std::string, std::string> metadata;  // written to the GeoTIFF
  // Minutes to each node (network order) the surface was built from; NaN unreachable.
  std::vector<double> node_minutes;

  float at(const Grid& grid, int col, int row) const {
    return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.width) +
                  static_cast<std::size_t>(col)];
  }
};

// Places (node id, group id, or a node's name or name_zh: model::resolve_place_or_group) to
// node ids (a group gives its members, in order); empty = the key group. Throws
// core::UsageError for a text that names none, or several places.
std::vector<std::string> resolve_places(const model::Scenario& scenario,
                                        const std::vector<std::string>& places);

// Network minutes from the places to every node (to_places: from every node to the nearest
// place), network order, NaN unreachable; 0 at the places themselves. One search either way.
std::vector<double> minutes_to_nodes(ScenarioEngine& engine, const std::string& profile,
                                     const std::vector<std::string>& place_ids, bool to_places);

// The profile's routing graph, refused (UsageError) on a generalized-cost profile: surfaces
// add up minutes.
const graph::RoutingGraph& time_graph(ScenarioEngine& engine, const std::string& profile);
// The scenario, profile, off-network rule and timetable window in a surface's metadata.
void add_scenario_metadata(Surface& out, const std::string& profile,
                           const model::OffNetworkSpec& off, const model::Scenario& s);

// One surface as the spec asks (travel_time or accessibility). `profile` is used when the spec
// names none. Throws core::UsageError for unknown places, groups or profiles.
Surface compute_surface(ScenarioEngine& engine, const Grid& grid, const model::SurfaceSpec& spec,
                        const model::OffNetworkSpec& off, const std::string& profile,
                        unsigned threads = 0, const Progress& progress = {});

}  // namespace reachplan::analysis
