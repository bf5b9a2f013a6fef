// Every cell an origin over a scenario's routing graph (`surface --origins-per-cell`): the
// graph becomes a road graph of milliseconds for a contraction hierarchy, its places and road
// vertices become the sites cells join, and cell_access does the rest, over threads and ranks.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/graph/road_graph.hpp"
#include "reachplan/io/grid_frame.hpp"

namespace reachplan::analysis {

namespace {

// What an arc is called in a message: its line, or its kind.
std::string arc_name(const graph::RoutingGraph& g, core::Index a) {
  const core::Index line = g.arc_line.empty() ? core::invalid_index : g.arc_line[a];
  if (line != core::invalid_index) return "line '" + g.line_ids[line] + "'";
  return std::string("a ") + graph::to_string(g.arc_kind[a]) + " arc";
}

// The routing graph's arcs in milliseconds. An arc longer than the decay's reach adds nothing
// to any cell (every trip over it weighs under 1e-9), so it is left out; one within the reach
// but longer than the hierarchy's longest arc cannot be held and is refused.
graph::RoadGraph road_graph_of(const graph::RoutingGraph& g, const DecayFunction& decay) {
  const double reach_s = decay.reach_min() * 60.0;
  std::vector<core::Index> tails, heads;
  std::vector<graph::Weight> weights;
  for (core::Index a = 0; a < g.arc_count(); ++a) {
    const double seconds = g.weight[a];
    if (seconds > reach_s) continue;
    const double ms = seconds * 1000.0;
    if (ms > graph::max_road_arc.ms)
      throw core::UsageError(arc_name(g, a) + " has a leg of " + core::format_hmm(seconds / 60.0) +
                             ", longer than the " +
                             core::format_hmm(graph::max_road_arc.ms / 60000.0) +
                             " that every-cell accessibility routes over; use a shorter cutoff");
    tails.push_back(g.tail[a]);
    heads.push_back(g.head[a]);
    weights.push_back(graph::Weight{static_cast<std::uint32_t>(ms)});
  }
  return graph::make_road_graph(g.vertex_count(), tails, heads, weights);
}

// The places (network order), then the road vertices the profile drives on.
CellSites scenario_sites(const model::Scenario& s, const graph::RoutingGraph& g, const Grid& grid,
                         std::size_t& road_count) {
  CellSites sites;
  sites.x = grid.node_x;
  sites.y = grid.node_y;
  sites.origin = g.origin_of_node;
  sites.destination = g.destination_of_node;
  road_count = 0;
  const auto first_road =
      std::find(g.vertex_kind.begin(), g.vertex_kind.end(), graph::VertexKind::road);
  if (first_road == g.vertex_kind.end() || !s.road_network) return sites;
  const model::RoadNetwork& roads = *s.road_network->network;
  const auto first = static_cast<core::Index>(first_road - g.vertex_kind.begin());
  if (first + roads.vertex_count() != g.vertex_count())
    throw std::logic_error("scenario_cell_access: road vertices are not the graph's last");
  std::vector<double> x = roads.lon, y = roads.lat;
  io::project_lonlat(x, y, grid.crs_wkt, "the road network's vertices");
  road_count = x.size();
  for (std::size_t v = 0; v < x.size(); ++v) {
    sites.x.push_back(x[v]);
    sites.y.push_back(y[v]);
    sites.origin.push_back(first + static_cast<core::Index>(v));
    sites.destination.push_back(first + static_cast<core::Index>(v));
  }
  return sites;
}

// Opportunities: the raster's cells, or the group's place populations at their sites.
std::vector<double> opportunities(const model::Scenario& s, const Grid& grid,
                                  const ScenarioCellAccessRequest& rq, CellSites& sites,
                                  std::string& source) {
  if (!grid.population.empty()) {
    if (!rq.group.empty())
      throw core::UsageError(
          "with a population raster every cell's population is a destination; --group picks "
          "the places of node populations, without a raster");
    source = grid.population_source;
    return grid.population;
  }
  const std::string group = rq.group.empty() ? "all" : rq.group;
  sites.opportunities.assign(sites.size(), 0.0);
  double total = 0;
  for (const auto& id : s.group_members(group)) {
    const auto* node = s.network.find_node(id);
    const std::size_t n = static_cast<std::size_t>(node - s.network.nodes.data());
    sites.opportunities[n] = node->population.value_or(0.0);
    total += sites.opportunities[n];
  }
  if (!(total > 0))
    throw core::UsageError("no place of group '" + group +
                           "' has a population (give node populations or a population raster)");
  source = "node populations of group '" + group + "'";
  return std::vector<double>(grid.cell_count(), 0.0);
}

}  // namespace

ScenarioCellAccessRun scenario_cell_access(ScenarioEngine& engine, const Grid& grid,
                                           const model::OffNetworkSpec& off,
                                           const ScenarioCellAccessRequest& rq,
                                           const Progress& progress) {
  const model::Scenario& s = engine.scenario();
  const std::string profile = s.profile(rq.profile).id;
  if (engine.on_timetable(profile))
    throw core::UsageError("profile '" + profile +
                           "' rides the timetables of transit:; every-cell accessibility routes "
                           "on a frequency graph: choose another profile with -p");
  const graph::RoutingGraph& g = time_graph(engine, profile);

  CellAccessSettings settings;
  settings.decay = rq.decay;
  settings.threads = rq.threads;
  settings.access_kmh = off.speed_kmh / off.detour_factor;
  // Without a limit a cell joins its nearest site anywhere on the grid.
  const double span_m =
      std::hypot(grid.width * grid.cell, grid.height * grid.cell) * grid.metres_per_unit;
  settings.max_snap_m = off.max_km ? *off.max_km * 1000.0 : span_m;

  ScenarioCellAccessRun run;
  CellSites sites = scenario_sites(s, g, grid, run.road_sites);
  run.place_sites = s.network.nodes.size();
  std::string source;
  const std::vector<double> amount = opportunities(s, grid, rq, sites, source);
  const graph::ContractionHierarchy ch =
      graph::build_contraction_hierarchy(road_graph_of(g, rq.decay));
  run.access = cell_accessibility(ch, grid, sites, amount, settings, progress);
  run.vertices = g.vertex_count();
  run.arcs = g.arc_count();

  run.surface = describe_cell_access(rq.decay, "persons");
  run.surface.id = rq.id;
  run.surface.values = run.access.values;
  run.surface.metadata["opportunities"] = source;
  run.surface.metadata["sites"] = std::to_string(run.place_sites) + " places, " +
                                  std::to_string(run.road_sites) + " road vertices";
  add_scenario_metadata(run.surface, profile, off, s);
  return run;
}

}  // namespace reachplan::analysis
