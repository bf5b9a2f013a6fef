// Per-cell accessibility over a road network: every grid cell is an origin, and its value is
// the opportunities (persons, jobs: any raster, or one per cell) of every cell, each weighted by
// a decay function of the travel time between the two. This is the origin-based measure of
// Conveyal's regional analysis, and the workload that grows to hundreds of thousands of
// one-to-all searches: it is split into blocks of origins that threads (and, later, ranks)
// take one at a time.
//
// The model: a cell joins the road vertex nearest its centre (within max_snap_m, in the grid's
// plane) and walks there in a straight line at access_kmh; so the time from cell o to cell d is
// access(o) + road(v_o -> v_d) + access(d), and 0 from a cell to itself. A cell that joins no
// vertex is nodata, and its opportunities are reached by nobody.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "reachplan/analysis/grid.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/point_matrix.hpp"
#include "reachplan/analysis/surface.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/routing/ch_query.hpp"

namespace reachplan::analysis {

// How an opportunity counts at t minutes (the four functions of Conveyal's and r5r's
// accessibility, with their parameters):
//   step         1 while t <= cutoff, else 0 (cumulative opportunities)
//   linear       1 up to cutoff - width/2, 0 from cutoff + width/2, a straight ramp between
//   exponential  2^(-t / cutoff): cutoff is the half-life
//   logistic     1 / (1 + e^((t - cutoff) / s)), s = width * sqrt(3) / pi: width is the
//                standard deviation of the logistic distribution, cutoff its median
struct DecayFunction {
  enum class Kind { step, linear, exponential, logistic };
  Kind kind = Kind::step;
  double cutoff_min = 30.0;
  double width_min = 10.0;  // linear, logistic

  double weight(double minutes) const;
  // Beyond these minutes every weight is below 1e-9 of the nearest opportunity's (0 for step
  // and linear): the searches need not look farther.
  double reach_min() const;
};

// The kinds by name, for flags and messages; a name not in it throws core::UsageError listing
// them.
DecayFunction::Kind decay_kind(std::string_view name);
const char* to_string(DecayFunction::Kind k);

struct CellAccessSettings {
  DecayFunction decay;
  double access_kmh = 5.0;     // between a cell's centre and its vertex, in a straight line
  double max_snap_m = 1000.0;  // cells farther from every vertex are nodata
  unsigned threads = 0;        // 0 = every core
};

struct CellAccess {
  std::vector<float> values;  // one per cell, row-major; NaN for a cell that joins no vertex
  std::size_t joined_cells = 0;
  std::size_t searches = 0;  // distinct origin vertices, each one PHAST lane
  double opportunities = 0, opportunities_joined = 0;  // in every cell / in joined cells
  double seconds = 0;                                  // the searches and sums alone
};

// Where cells join a network: a site is a point in the grid's CRS with the hierarchy vertex
// trips from it start at and the one trips to it end at (original ids). On a road network every
// vertex is a site with itself as both; on a scenario's routing graph a place's trips start at
// its origin centroid and end at its destination centroid, and each road vertex is one site.
// Two cells of one site meet there: the network part of their trip is 0.
struct CellSites {
  std::vector<double> x, y;
  std::vector<core::Index> origin, destination;
  // Opportunities at the site itself, reached at the site (node populations); empty = none.
  std::vector<double> opportunities;
  std::size_t size() const { return x.size(); }
};
// Every vertex of the grid's points (grid.node_x/node_y, the hierarchy's original ids).
CellSites road_sites(const Grid& grid);

// Pair sums (origin cells x destinations, summed one by one) above which a plan is refused: at
// a few nanoseconds each, about an hour on one core. Sites with many cells sum a sorted lane
// instead (step, linear, exponential), so this bounds logistic decay and thin sites.
inline constexpr double max_direct_pair_sums = 1e12;

// The work of one surface, prepared once and then done block by block, in any order and on any
// thread, process or machine: a block is PhastLanes::lanes origin sites (one sweep) and the
// cells that join them. Its values depend on nothing else, which is what makes a run's bytes
// the same whatever the threads, shards or ranks. The hierarchy must outlive the plan.
class CellAccessPlan {
 public:
  static constexpr std::size_t lanes = routing::PhastLanes::lanes;
  // Throws core::UsageError for bad settings and for more than max_direct_pair_sums.
  CellAccessPlan(const graph::ContractionHierarchy& ch, const Grid& grid, const CellSites& sites,
                 const std::vector<double>& opportunities, const CellAccessSettings& settings);
  // Over a road network: road_sites(grid).
  CellAccessPlan(const graph::ContractionHierarchy& ch, const Grid& grid,
                 const std::vector<double>& opportunities, const CellAccessSettings& settings);

  std::size_t block_count() const;
  std::size_t block_cells(std::size_t block) const;  // values run_block writes
  // Per thread: the searches, a lane's minutes per destination and its sorted sums, reused
  // from block to block.
  struct Work {
    routing::PhastLanes phast;
    std::vector<double> minutes;
    std::vector<std::pair<double, double>> sorted;  // (minutes, amount)
    std::vector<double> prefix, prefix2;
  };
  Work work() const;
  // Writes block_cells(block) values, in the plan's order of the block's cells.
  void run_block(std::size_t block, Work& w, float* out) const;
  // Puts a block's values (as run_block wrote them) into a surface of one value per cell.
  void scatter(std::size_t block, const float* values, std::vector<float>& surface) const;

  std::size_t cells() const { return cells_; }
  std::size_t joined_cells() const { return joined_cells_; }
  std::size_t searches() const { return site_.size(); }
  std::size_t destinations() const { return dest_internal_.size(); }
  double opportunities() const { return opportunities_; }
  double opportunities_joined() const { return opportunities_joined_; }
  // Origin cells x destinations of the sites summed one pair at a time.
  double direct_pair_sums() const;
  // Whether the origin group g sums a sorted lane (many cells, a decay with a closed form).
  bool sums_sorted(std::size_t g) const;

 private:
  void sum_group(std::size_t g, Work& w, float* out) const;

  const graph::ContractionHierarchy& ch_;
  CellAccessSettings settings_;
  std::size_t cells_ = 0, joined_cells_ = 0;
  double opportunities_ = 0, opportunities_joined_ = 0;
  // Origins: group g starts at the hierarchy vertex origin_[g] (of site site_[g]) and serves
  // the cells origin_cell_[first_[g] .. first_[g+1]); the destinations at its own site are
  // same_[g] (a range of the destinations).
  std::vector<std::size_t> site_;
  std::vector<core::Index> origin_;
  std::vector<std::size_t> first_;
  std::vector<std::size_t> origin_cell_;
  std::vector<double> origin_access_;  // minutes from each origin cell to its site
  std::vector<std::pair<std::size_t, std::size_t>> same_;
  // Destinations: joined cells with opportunities and the sites' own, by internal id of their
  // vertex (a site's destinations are then consecutive).
  std::vector<core::Index> dest_internal_;
  std::vector<double> dest_egress_, dest_amount_;
  std::vector<std::ptrdiff_t> own_dest_;  // per cell: its destination index, or -1
};

// Every cell of `grid` as an origin. grid.node_x/node_y are the hierarchy's vertices (its
// original ids) in the grid's CRS; `opportunities` has one entry per cell (>= 0). The plan's
// blocks go through core::deal_blocks: over threads here, and over the ranks of an MPI job, in
// which only rank 0's values are filled in. The values are the same bytes whatever the thread
// and rank counts. Throws core::UsageError for bad settings.
CellAccess cell_accessibility(const graph::ContractionHierarchy& ch, const Grid& grid,
                              const std::vector<double>& opportunities,
                              const CellAccessSettings& settings, const Progress& progress = {});
// The same over any sites of the hierarchy (a scenario's places and road vertices).
CellAccess cell_accessibility(const graph::ContractionHierarchy& ch, const Grid& grid,
                              const CellSites& sites, const std::vector<double>& opportunities,
                              const CellAccessSettings& settings, const Progress& progress = {});

// What a run needs besides the hierarchy: per thread the lanes of PHAST (two arrays of vertex x
// lanes), one lane's minutes per destination and its sorted sums; shared, the values, joins and
// destinations.
MemoryEstimate estimate_cell_access(std::size_t vertices, std::size_t cells, unsigned threads);

// A surface's title, unit ("cells", "persons", ...) and the decay's metadata.
Surface describe_cell_access(const DecayFunction& decay, const std::string& unit);

// `reachplan access`: per-cell accessibility over a road network file, no scenario.
struct CellAccessRequest {
  std::string network;        // road network file (io::is_road_network_file)
  std::string profile;        // OSM input: built-in car or walk, or a profile YAML
  std::string bbox;           // OSM input: lon_min,lat_min,lon_max,lat_max
  model::GridSpec grid;       // extent (default: the vertices' box), resolution, CRS
  std::string opportunities;  // raster of opportunities per pixel; "" = one per cell
  CellAccessSettings settings;
  std::string cache_dir;
  bool use_cache = true;
  std::uint64_t max_memory = 0;  // bytes (0: none): refuse a run estimated to need more
  WarningSink warn;
};

struct CellAccessRun {
  Grid grid;
  CellAccess access;
  Surface surface;  // the values, titled and described for the GeoTIFF
  std::size_t vertices = 0, edges = 0;
};

// Loads the network and its hierarchy (cached as for `reachplan matrix`), lays the grid over
// it, reads the opportunities and computes every cell. InputError for unreadable files,
// UsageError for bad settings and for a run over max_memory.
// `progress` is told the share of blocks done (on rank 0); `wants_progress(cells)` says whether
// to report at all.
CellAccessRun run_cell_access(const CellAccessRequest& request, const Progress& progress = {},
                              const std::function<bool(std::size_t cells)>& wants_progress = {});

// `reachplan surface --origins-per-cell`: every cell an origin over a scenario's routing graph
// on one profile (the lines, and the road network underneath when the scenario has one). The
// sites are the places (trips start at a place's origin centroid and end at its destination
// centroid) and the road vertices; a cell joins the nearest within the off-network limit and
// crosses to it in a straight line at the off-network speed over the detour factor. The
// opportunities: the population raster's cells, or else the populations of the group's places
// (at their sites). The graph's hierarchy is built here (no cache: a scenario graph changes
// with every plan version).
struct ScenarioCellAccessRequest {
  std::string profile;  // "" = the scenario's default
  DecayFunction decay;
  std::string group;  // node populations of this group ("" = every node); not with a raster
  std::string id = "access_every_cell";
  unsigned threads = 0;
};
struct ScenarioCellAccessRun {
  Surface surface;
  CellAccess access;
  std::size_t place_sites = 0, road_sites = 0;
  std::size_t vertices = 0, arcs = 0;  // of the routing graph
};
// UsageError for a profile on timetables or on generalized cost, no opportunities, or an arc
// the hierarchy cannot hold within the decay's reach.
ScenarioCellAccessRun scenario_cell_access(ScenarioEngine& engine, const Grid& grid,
                                           const model::OffNetworkSpec& off,
                                           const ScenarioCellAccessRequest& request,
                                           const Progress& progress = {});

// The vertex each cell joins (nearest centre in the plane, ties to the lower id) and its
// distance in CRS units; invalid_index beyond max_units. Exposed for tests.
struct CellJoin {
  std::vector<core::Index> vertex;
  std::vector<double> distance;
};
CellJoin join_cells(const Grid& grid, double max_units);
// The same over any points (x, y in the grid's CRS): the index of the nearest.
CellJoin join_cells(const Grid& grid, const std::vector<double>& x, const std::vector<double>& y,
                    double max_units);

}  // namespace reachplan::analysis
