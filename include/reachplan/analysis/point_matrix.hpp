// Travel-time matrices between the points of a CSV over any network, without a scenario (what
// `reachplan matrix` runs). Road networks (OSM, road GeoPackages) go through the contraction
// hierarchy, itself cached beside the prepared network; YAML networks and scenarios through the
// multimodal graph and Dijkstra. Points are joined by OSM node id, network node id, or snapped
// to the nearest vertex.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/transit_matrix.hpp"
#include "reachplan/core/constants.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/io/road_import.hpp"

namespace reachplan::analysis {

// Receives each warning as it arises (loading, cache, snapping), so that a caller printing them
// shows the ones before an error too.
using WarningSink = std::function<void(const std::string& warning)>;

struct PointMatrixRequest {
  std::string network;       // road network file (io::is_road_network_file) or YAML
  std::string origins;       // points CSV (io::read_points)
  std::string destinations;  // "" or the origins' file: the origins again
  std::string profile;       // road networks: speed profile YAML; YAML: routing profile id
  std::string bbox;          // road networks only: "lon_min,lat_min,lon_max,lat_max"
  double max_snap_m = 1000;  // points farther than this from every vertex stay unreachable
  std::string cache_dir;     // "" = io::default_cache_dir()
  bool use_cache = true;
  bool strict = false;   // YAML: warnings are errors
  bool lenient = false;  // YAML: unknown keys are warnings
  unsigned threads = 0;
  std::uint64_t max_memory = 0;  // bytes (0: none): refuse a matrix estimated to need more
  bool long_form = false;        // the CSV will be long form (for the memory estimate)
  // With feeds: door-to-door over the timetables, walking on `network` (a road network file,
  // read with `profile`, default the built-in walk profile) or, with no network, in straight
  // lines.
  TransitSettings transit;
  // A job array's part (Slurm arrays): shard k of n (1-based) computes the k-th of n equal runs
  // of origin rows, in file order, for `reachplan merge`; 0 of 0 computes every row.
  std::size_t shard = 0, shards = 0;
  WarningSink warn;  // may be empty
};

// Origin rows [first, last) of shard k of n over `rows` rows; every row for shard 0 of 0.
struct RowRange {
  std::size_t first = 0, last = 0;
};
RowRange shard_rows(std::size_t rows, std::size_t shard, std::size_t shards);

// How a point was joined to the network.
struct MatchedPoint {
  core::Index vertex = core::invalid_index;  // invalid: not joined (too far); its row stays empty
  std::string how;                           // osm_id, node, snapped
  double snap_m = 0;
};

struct PointSet {
  std::vector<io::PointRow> rows;
  std::vector<MatchedPoint> at;  // one per row
};

// The road network routed on and its hierarchy, for the summary.
struct RoadMatrixSource {
  std::size_t vertices = 0, edges = 0;
  bool network_from_cache = false;
  io::RoadImportReport report;  // empty when the network came from the cache
  std::size_t ch_arcs = 0;
  bool ch_from_cache = false;
  double ch_seconds = 0;  // building it (0 from the cache)
};

// The timetables and walks of a transit matrix, for the summary.
struct TransitMatrixSource {
  std::vector<std::string> feeds;
  std::string date;
  std::size_t stops = 0, stops_joined = 0, routes = 0, trips = 0, stop_times = 0, patterns = 0;
  std::size_t footpaths = 0;
  std::size_t transfers_set = 0, transfers_removed = 0, transfers_same_stop = 0;  // transfers.txt
  bool on_streets = false;
  std::size_t timetable_bytes = 0;  // the routing layout (graph::TransitNetwork)
  double load_seconds = 0, walk_seconds = 0, routing_seconds = 0;
};

struct PointMatrix {
  std::string network;  // the request's network file
  PointSet origins, destinations;
  bool same_points = false;  // the destinations are the origins
  // The origin rows computed (every one but in a shard) and, for a shard, which one and the
  // key of its job (matrix_job_key), which `merge` checks every part against.
  RowRange rows;
  std::size_t shard = 0, shards = 0;
  std::string job_key;
  std::vector<double> minutes;                 // rows x destinations, row-major; NaN: unreachable
  std::vector<double> vertex_lon, vertex_lat;  // every vertex the points may be matched to
  double matrix_seconds = 0;                   // the many-to-many search alone
  std::optional<RoadMatrixSource> road;        // set for road networks
  std::size_t places = 0;                      // YAML: places in the network
  std::string profile;                         // YAML: routing profile id
  // Transit: minutes is the first percentile's; every percentile's matrix and the minimum.
  std::vector<double> percentiles;
  std::vector<std::vector<double>> percentile_minutes;
  std::vector<double> minimum_minutes;
  std::vector<std::string> legs;  // with TransitSettings::legs: the first percentile's trips
  std::optional<TransitMatrixSource> transit;

  std::size_t reachable_pairs() const;
  std::size_t row_count() const { return rows.last - rows.first; }
};

// Reads the points (before the network, so a bad points file fails fast), loads the network,
// joins the points and computes the matrix: its rows dealt in blocks over the ranks of an MPI
// job and each rank's threads (core::deal_blocks), so only rank 0 returns the whole matrix
// (another rank's is empty), the same whatever the rank count. InputError for bad files and points,
// UsageError for a request that does not fit the network (node ids on a road network, --bbox on
// YAML).
PointMatrix point_matrix(const PointMatrixRequest& request);

// What every part of one sharded job shares and no other job does: the hashes of the input
// files (network, points, feeds), every setting that changes a value or the layout, the shard
// count and the program's version.
std::string matrix_job_key(const PointMatrixRequest& request);

// A prepared road network and its contraction hierarchy. The hierarchy is cached beside the
// network's cache entry (<entry>.ch, keyed by the network's key) and rebuilt when missing or
// damaged; a cache that cannot be written is a warning, not an error.
struct RoadHierarchy {
  io::LoadedRoads roads;
  graph::ContractionHierarchy ch;
  bool ch_from_cache = false;
  double ch_seconds = 0;
};
// The load options of a road file as the commands take them (--profile, --bbox, cache).
io::RoadLoadOptions road_load_options(const std::string& profile, const std::string& bbox,
                                      const std::string& cache_dir, bool use_cache);
RoadHierarchy load_road_hierarchy(const std::string& path, const io::RoadLoadOptions& options,
                                  const WarningSink& warn);

}  // namespace reachplan::analysis
