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

// The work of one surface, prepared once and then done block by block, in any order and on any
// thread, process or machine: a block is PhastLanes::lanes origin vertices (one sweep) and the
// cells that join them. Its values depend on nothing else, which is what makes a run's bytes
// the same whatever the threads, shards or ranks. The hierarchy must outlive the plan.
class CellAccessPlan {
 public:
  static constexpr std::size_t lanes = routing::PhastLanes::lanes;
  CellAccessPlan(const graph::ContractionHierarchy& ch, const Grid& grid,
                 const std::vector<double>& opportunities, const CellAccessSettings& settings);

  std::size_t block_count() const;
  std::size_t block_cells(std::size_t block) const;  // values run_block writes
  // Per thread: the searches and a destination's minutes, reused from block to block.
  struct Work {
    routing::PhastLanes phast;
    std::vector<double> minutes;
  };
  Work work() const;
  // Writes block_cells(block) values, in the plan's order of the block's cells.
  void run_block(std::size_t block, Work& w, float* out) const;
  // Puts a block's values (as run_block wrote them) into a surface of one value per cell.
  void scatter(std::size_t block, const float* values, std::vector<float>& surface) const;

  std::size_t cells() const { return cells_; }
  std::size_t joined_cells() const { return joined_cells_; }
  std::size_t searches() const { return vertex_.size(); }
  double opportunities() const { return opportunities_; }
  double opportunities_joined() const { return opportunities_joined_; }

 private:
  const graph::ContractionHierarchy& ch_;
  CellAccessSettings settings_;
  std::size_t cells_ = 0, joined_cells_ = 0;
  double opportunities_ = 0, opportunities_joined_ = 0;
  // Origins: vertex_[g] serves the cells origin_cell_[first_[g] .. first_[g+1]).
  std::vector<core::Index> vertex_;
  std::vector<std::size_t> first_;
  std::vector<std::size_t> origin_cell_;
  std::vector<double> origin_access_;  // minutes from each origin cell to its vertex
  // Destinations: joined cells with opportunities, by internal id of their vertex.
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

// The vertex each cell joins (nearest centre in the plane, ties to the lower id) and its
// distance in CRS units; invalid_index beyond max_units. Exposed for tests.
struct CellJoin {
  std::vector<core::Index> vertex;
  std::vector<double> distance;
};
CellJoin join_cells(const Grid& grid, double max_units);

}  // namespace reachplan::analysis
