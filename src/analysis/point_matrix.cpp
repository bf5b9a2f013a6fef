#include "reachplan/analysis/point_matrix.hpp"

#include "reachplan/analysis/memory_estimate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "reachplan/analysis/transit_route.hpp"
#include "reachplan/core/distributed.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/model/places.hpp"
#include "reachplan/routing/ch_query.hpp"
#include "reachplan/routing/many_to_many.hpp"

namespace reachplan::analysis {

namespace {

namespace fs = std::filesystem;
using core::Index;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void emit(const WarningSink& warn, const std::string& warning) {
  if (warn) warn(warning);
}

// What points can be joined to: vertices with coordinates, plus OSM ids (road networks from
// OSM) or the network's places (YAML networks, whose vertices are its nodes in order; null
// elsewhere).
struct Vertices {
  const std::vector<double>& lon;
  const std::vector<double>& lat;
  const std::vector<std::int64_t>* osm_ids = nullptr;
  const model::Network* places = nullptr;
};

// Joins a point by its node or OSM id; invalid_index when it has neither and must be snapped.
Index join_by_id(const io::PointRow& p, const std::string& where, const Vertices& v,
                 const std::unordered_map<std::int64_t, Index>& by_osm, std::string& how) {
  if (!p.node.empty()) {
    if (!v.places) throw core::InputError(where + ": node ids need a YAML network");
    // The node column takes what `route` takes: an id, a name or a name_zh.
    const model::PlaceMatch m = model::match_place(*v.places, p.node);
    if (!m.found()) throw core::InputError(where + ": " + m.error);
    how = "node";
    return static_cast<Index>(m.nodes.front());
  }
  if (p.osm_id) {
    if (auto it = by_osm.find(*p.osm_id); it != by_osm.end()) {
      how = "osm_id";
      return it->second;
    }
    if (!p.lon)
      throw core::InputError(where + ": OSM node " + std::to_string(*p.osm_id) +
                             " is not a vertex of the network (not on a kept road, or merged "
                             "into a road between junctions); give lon,lat to snap it");
  }
  return core::invalid_index;
}

// Snapping warnings go to `warnings`: they are reported once the matrix is done (after the
// network's own warnings, and not at all when a later point is an error).
// `beyond`: what becomes of a point too far from every vertex, for the warning.
void resolve(PointSet& set, const std::string& file, const Vertices& v, double max_snap_m,
             std::vector<std::string>& warnings, const char* beyond = "left unreachable") {
  graph::NearestVertexIndex nearest(v.lon, v.lat);
  std::unordered_map<std::int64_t, Index> by_osm;
  if (v.osm_ids)
    for (Index i = 0; i < v.osm_ids->size(); ++i)
      if ((*v.osm_ids)[i] != 0) by_osm.emplace((*v.osm_ids)[i], i);
  for (const auto& p : set.rows) {
    MatchedPoint r;
    const std::string where = file + ":" + std::to_string(p.line) + ": point '" + p.id + "'";
    r.vertex = join_by_id(p, where, v, by_osm, r.how);
    if (r.vertex == core::invalid_index && p.lon) {
      r.vertex = nearest.nearest(*p.lon, *p.lat, &r.snap_m);
      r.how = "snapped";
      if (r.snap_m > max_snap_m) {
        std::ostringstream w;
        w << where << ": nearest vertex is " << std::fixed << std::setprecision(0) << r.snap_m
          << " m away (more than --max-snap-m " << max_snap_m << "): " << beyond;
        warnings.push_back(w.str());
        r.vertex = core::invalid_index;
      }
    }
    set.at.push_back(r);
  }
}

// The joined vertices of rows [first, last) (of every row by default), in order.
std::vector<Index> joined(const PointSet& set, std::size_t first = 0, std::size_t last = SIZE_MAX) {
  std::vector<Index> v;
  for (std::size_t i = first; i < std::min(last, set.at.size()); ++i)
    if (set.at[i].vertex != core::invalid_index) v.push_back(set.at[i].vertex);
  return v;
}

// Minutes for the output, NaN when unreachable: one overload per engine unit (the YAML
// graph's whole seconds, the road hierarchy's milliseconds).
double minutes_of(core::Seconds t) {
  return t == core::unreachable ? std::nan("") : static_cast<double>(t) / 60.0;
}
double minutes_of(core::Milliseconds t) {
  return t == core::unreachable_ms ? std::nan("") : core::to_seconds(t) / 60.0;
}

// --- rows: what is split over threads, ranks and shards ------------------------------------

// Some rows of a matrix: each layer's minutes (rows x destinations, NaN unreachable; a transit
// matrix has one layer per percentile, then the minimum) and, when asked, the legs.
struct RowBlock {
  std::vector<std::vector<double>> layers;
  std::vector<std::string> legs;
};
// The block of origin rows [first, last), in the points file's order.
using ComputeRows = std::function<RowBlock(std::size_t first, std::size_t last)>;

// A block as bytes for core::deal_blocks: the layers' doubles, then each leg's length and text.
std::vector<char> block_bytes(const RowBlock& b) {
  std::vector<char> out;
  const auto put = [&out](const void* p, std::size_t n) {
    const auto* c = static_cast<const char*>(p);
    out.insert(out.end(), c, c + n);
  };
  for (const auto& layer : b.layers) put(layer.data(), layer.size() * sizeof(double));
  for (const auto& leg : b.legs) {
    const std::uint64_t n = leg.size();
    put(&n, sizeof n);
    put(leg.data(), leg.size());
  }
  return out;
}

// Places the bytes of rows [first, last) (relative to `all`'s first row) into `all`.
void place_block(const std::vector<char>& bytes, std::size_t first, std::size_t last,
                 std::size_t cols, RowBlock& all) {
  const std::size_t cells = (last - first) * cols;
  std::size_t at = 0;
  const auto get = [&](void* p, std::size_t n) {
    if (at + n > bytes.size()) throw std::runtime_error("point_matrix: a block is too short");
    std::memcpy(p, bytes.data() + at, n);
    at += n;
  };
  for (auto& layer : all.layers) get(layer.data() + first * cols, cells * sizeof(double));
  for (std::size_t c = 0; c < (all.legs.empty() ? 0 : cells); ++c) {
    std::uint64_t n = 0;
    get(&n, sizeof n);
    std::string& leg = all.legs[first * cols + c];
    leg.resize(n);
    get(leg.data(), n);
  }
  if (at != bytes.size()) throw std::runtime_error("point_matrix: a block is too long");
}

// Rows [range.first, range.last) computed in chunks dealt over the job's ranks (each chunk over
// a rank's threads); rank 0 gathers every row, another rank returns an empty block.
RowBlock gather_rows(RowRange range, std::size_t cols, std::size_t layers, bool legs,
                     unsigned threads, const ComputeRows& compute) {
  const std::size_t rows = range.last - range.first;
  RowBlock all;
  if (core::is_root()) {
    all.layers.assign(layers, std::vector<double>(rows * cols, std::nan("")));
    if (legs) all.legs.assign(rows * cols, "");
  }
  // Each chunk sets up one search per thread (state over every vertex or stop: on a province
  // graph as costly as a hundred searches) and passes its rows through bytes once more, so
  // chunks of 256 rows per thread, fewer on a job of many ranks (about 8 chunks per rank, so
  // that a slow node takes fewer), never under 16 rows per thread.
  const std::size_t per_rank = rows / (8 * static_cast<std::size_t>(core::rank_count())) + 1;
  const std::size_t chunk =
      static_cast<std::size_t>(threads) * std::clamp<std::size_t>(per_rank, 16, 256);
  core::deal_blocks(
      rows, chunk,
      [&](std::size_t a, std::size_t b) {
        return block_bytes(compute(range.first + a, range.first + b));
      },
      [&](std::size_t a, std::size_t b, const std::vector<char>& bytes) {
        place_block(bytes, a, b, cols, all);
      });
  return all;
}

// Scatters a matrix from the joined origins of rows [first, last) to the joined destinations
// into (last - first) x destinations minutes (NaN elsewhere).
template <class T>
std::vector<double> scatter(const std::vector<T>& m, const PointSet& o, std::size_t first,
                            std::size_t last, const PointSet& d) {
  std::vector<double> out((last - first) * d.rows.size(), std::nan(""));
  const std::size_t jc = joined(d).size();
  std::size_t ii = 0;
  for (std::size_t i = first; i < last; ++i) {
    if (o.at[i].vertex == core::invalid_index) continue;
    std::size_t jj = 0;
    for (std::size_t j = 0; j < d.rows.size(); ++j) {
      if (d.at[j].vertex == core::invalid_index) continue;
      out[(i - first) * d.rows.size() + j] = minutes_of(m[ii * jc + jj++]);
    }
    ++ii;
  }
  return out;
}

// The matrix of one layer over the rows of the range (rank 0's; others hold none).
void gather_minutes(const PointMatrixRequest& rq, PointMatrix& pm, const ComputeRows& compute) {
  const auto t0 = std::chrono::steady_clock::now();
  RowBlock all = gather_rows(pm.rows, pm.destinations.rows.size(), 1, false,
                             core::threads_per_rank(rq.threads), compute);
  pm.matrix_seconds = seconds_since(t0);
  if (!all.layers.empty()) pm.minutes = std::move(all.layers.front());
}

void road_matrix(const PointMatrixRequest& rq, const std::string& dest_file, PointMatrix& pm,
                 std::vector<std::string>& warnings) {
  const RoadHierarchy e = load_road_hierarchy(
      rq.network, road_load_options(rq.profile, rq.bbox, rq.cache_dir, rq.use_cache), rq.warn);
  const model::RoadNetwork& net = *e.roads.network;
  const Vertices v{net.lon, net.lat, &net.vertex_osm_id, nullptr};
  resolve(pm.origins, rq.origins, v, rq.max_snap_m, warnings);
  resolve(pm.destinations, dest_file, v, rq.max_snap_m, warnings);
  const unsigned threads = core::threads_per_rank(rq.threads);
  // Every rank builds the destinations' buckets (one backward search each) and then searches
  // the rows it is dealt.
  const routing::ChBuckets buckets(e.ch, joined(pm.destinations), threads);
  gather_minutes(rq, pm, [&](std::size_t first, std::size_t last) {
    const auto m = buckets.rows(joined(pm.origins, first, last), threads);
    return RowBlock{{scatter(m, pm.origins, first, last, pm.destinations)}, {}};
  });
  pm.vertex_lon = net.lon;
  pm.vertex_lat = net.lat;
  RoadMatrixSource& s = pm.road.emplace();
  s.vertices = net.vertex_count();
  s.edges = net.edge_count();
  s.network_from_cache = e.roads.from_cache;
  s.report = e.roads.report;
  s.ch_arcs = e.ch.arc_count();
  s.ch_from_cache = e.ch_from_cache;
  s.ch_seconds = e.ch_seconds;
}

// A YAML network file becomes a scenario of its own with the default profile.
model::Scenario load_yaml(const PointMatrixRequest& rq) {
  std::vector<io::Warning> ws;
  io::LoadOptions lo;
  lo.strict = rq.strict;
  lo.lenient = rq.lenient;
  model::Scenario sc;
  if (io::is_scenario_file(rq.network)) {
    sc = io::load_scenario(rq.network, ws, lo);
  } else {
    sc.id = fs::path(rq.network).stem().string();
    sc.network = io::load_network(rq.network, ws, lo);
    sc.profiles["default"] = model::Profile{};
  }
  for (const auto& w : ws) emit(rq.warn, w.str());
  if (!rq.bbox.empty()) throw core::UsageError("--bbox applies to OSM input only");
  return sc;
}

void yaml_matrix(const PointMatrixRequest& rq, const std::string& dest_file, PointMatrix& pm,
                 std::vector<std::string>& warnings) {
  const model::Scenario sc = load_yaml(rq);
  const model::Profile& profile = sc.profile(rq.profile);
  const graph::RoutingGraph g = graph::build_graph(sc, profile);
  for (const auto& n : sc.network.nodes) {
    pm.vertex_lon.push_back(n.lon);
    pm.vertex_lat.push_back(n.lat);
  }
  const Vertices v{pm.vertex_lon, pm.vertex_lat, nullptr, &sc.network};
  resolve(pm.origins, rq.origins, v, rq.max_snap_m, warnings);
  resolve(pm.destinations, dest_file, v, rq.max_snap_m, warnings);
  const unsigned threads = core::threads_per_rank(rq.threads);
  const std::vector<Index> targets = joined(pm.destinations);
  gather_minutes(rq, pm, [&](std::size_t first, std::size_t last) {
    const auto m =
        routing::travel_time_matrix(g, joined(pm.origins, first, last), targets, threads);
    return RowBlock{{scatter(m, pm.origins, first, last, pm.destinations)}, {}};
  });
  pm.places = sc.network.nodes.size();
  pm.profile = profile.id;
}

std::vector<WalkPoint> walk_points(const PointSet& set) {
  std::vector<WalkPoint> out;
  for (std::size_t i = 0; i < set.rows.size(); ++i)
    out.push_back({set.rows[i].lon.value_or(0), set.rows[i].lat.value_or(0), set.at[i].vertex,
                   set.at[i].snap_m});
  return out;
}

// Points without streets are placed by their coordinates alone.
void place_by_coordinates(PointSet& set, const std::string& file) {
  for (const auto& p : set.rows) {
    if (!p.lon)
      throw core::InputError(file + ":" + std::to_string(p.line) + ": point '" + p.id +
                             "' needs lon,lat for a transit matrix without streets");
    set.at.push_back({core::invalid_index, "coordinates", 0});
  }
}

void transit_matrix(const PointMatrixRequest& rq, const std::string& dest_file, PointMatrix& pm,
                    std::vector<std::string>& warnings) {
  const TransitSettings& ts = rq.transit;
  TransitInputs in = load_transit_inputs(rq);
  const model::Timetable& tt = in.timetable;
  const std::shared_ptr<const model::RoadNetwork>& streets = in.streets;
  TransitMatrixSource& src = pm.transit.emplace();
  src.feeds = ts.feeds;
  src.date = ts.date;
  src.load_seconds = in.load_seconds;
  src.stops_joined = in.stops_joined;
  if (streets) {
    const Vertices v{streets->lon, streets->lat, &streets->vertex_osm_id, nullptr};
    const char* beyond = "walks in straight lines (an estimate)";
    resolve(pm.origins, rq.origins, v, rq.max_snap_m, warnings, beyond);
    resolve(pm.destinations, dest_file, v, rq.max_snap_m, warnings, beyond);
    pm.vertex_lon = streets->lon;
    pm.vertex_lat = streets->lat;
  } else {
    place_by_coordinates(pm.origins, rq.origins);
    place_by_coordinates(pm.destinations, dest_file);
  }
  const std::vector<WalkPoint>& stops = in.stops;
  auto t0 = std::chrono::steady_clock::now();
  const auto o = walk_points(pm.origins), d = walk_points(pm.destinations);
  const double max_direct_s = ts.max_minutes * 60.0;
  Walks walks = streets ? street_walks(*streets, o, d, stops, ts.walk, max_direct_s, rq.threads)
                        : straight_walks(o, d, stops, ts.walk, max_direct_s);
  src.walk_seconds = seconds_since(t0);
  const TransfersApplied transfers = apply_transfers(in.timetable, in.transfers, walks);
  src.transfers_set = transfers.set;
  src.transfers_removed = transfers.removed;
  src.transfers_same_stop = transfers.same_stop;
  const graph::TransitNetwork net(tt, walks.footpaths, walks.change_s);
  const unsigned threads = core::threads_per_rank(rq.threads);
  const ComputeRows compute = [&](std::size_t first, std::size_t last) {
    RowBlock b;
    if (ts.legs) b.legs.assign((last - first) * d.size(), "");
    const JourneySink describe = [&](std::size_t i, std::size_t j, const PairJourney& journey) {
      b.legs[(i - first) * d.size() + j] = describe_journey(tt, journey);
    };
    TransitTimes times = transit_times(net, walks, d.size(), ts, threads,
                                       ts.legs ? &describe : nullptr, first, last);
    b.layers = std::move(times.minutes);
    b.layers.push_back(std::move(times.minimum));
    return b;
  };
  t0 = std::chrono::steady_clock::now();
  RowBlock all =
      gather_rows(pm.rows, d.size(), ts.percentiles.size() + 1, ts.legs, threads, compute);
  src.routing_seconds = seconds_since(t0);
  pm.matrix_seconds = src.routing_seconds;
  pm.percentiles = ts.percentiles;
  if (!all.layers.empty()) {
    pm.minimum_minutes = std::move(all.layers.back());
    all.layers.pop_back();
    pm.minutes = all.layers.front();
    pm.percentile_minutes = std::move(all.layers);
    pm.legs = std::move(all.legs);
  }
  src.stops = tt.stops.size();
  src.routes = tt.routes.size();
  src.trips = tt.trips.size();  // the network adds through trips of blocks
  src.stop_times = net.stop_time_count();
  src.patterns = net.patterns().size();
  for (const auto& f : walks.footpaths) src.footpaths += f.size();
  src.on_streets = walks.on_streets;
  src.timetable_bytes = net.memory_bytes();
}

}  // namespace

RowRange shard_rows(std::size_t rows, std::size_t shard, std::size_t shards) {
  if (shards == 0) return {0, rows};
  if (shard < 1 || shard > shards)
    throw core::UsageError("--shard " + std::to_string(shard) + "/" + std::to_string(shards) +
                           ": the shard must be 1 to " + std::to_string(shards));
  // floor(rows * k / shards) without overflow, so the parts tile [0, rows) whatever the
  // remainder: rows = q * shards + r, and q * k is exact.
  const auto at = [&](std::size_t k) { return rows / shards * k + rows % shards * k / shards; };
  return {at(shard - 1), at(shard)};
}

std::string matrix_job_key(const PointMatrixRequest& rq) {
  std::ostringstream k;
  k << std::setprecision(17);
  k << "reachplan matrix job v1\nprogram " << core::version << "\n";
  const auto file = [&](const char* what, const std::string& path) {
    k << what << " " << (path.empty() ? "-" : core::sha256_file(path)) << "\n";
  };
  file("network", rq.network);
  file("origins", rq.origins);
  file("destinations", rq.destinations == rq.origins ? "" : rq.destinations);
  // A road network's profile is a file (its bytes count); a YAML network's, a profile id.
  if (!rq.profile.empty() && std::filesystem::is_regular_file(rq.profile))
    file("profile", rq.profile);
  k << "profile " << rq.profile << "\nbbox " << rq.bbox << "\nmax_snap_m " << rq.max_snap_m
    << "\nlong " << rq.long_form << "\nshards " << rq.shards << "\n";
  const TransitSettings& t = rq.transit;
  for (const auto& f : t.feeds) file("feed", f);
  k << "date " << t.date << "\ndeparture " << t.departure << "\nwindow " << t.window_min << " "
    << t.step_min << "\npercentiles";
  for (double p : t.percentiles) k << " " << p;
  const WalkSettings& w = t.walk;
  k << "\nwalk " << w.speed_kmh << " " << w.max_access_min << " " << w.max_transfer_m << " "
    << w.max_snap_m << " " << w.detour << "\nrides " << t.max_rides << "\nmax_minutes "
    << t.max_minutes << "\nslack " << t.transfer_slack_s << "\nlegs " << t.legs << "\n";
  return core::sha256_string(k.str());
}

std::size_t PointMatrix::reachable_pairs() const {
  std::size_t n = 0;
  for (double x : minutes) n += std::isnan(x) ? 0 : 1;
  return n;
}

io::RoadLoadOptions road_load_options(const std::string& profile, const std::string& bbox,
                                      const std::string& cache_dir, bool use_cache) {
  io::RoadLoadOptions ro;
  ro.profile_path = profile;
  if (!bbox.empty()) ro.bbox = io::parse_bbox(bbox);
  ro.cache_dir = cache_dir;
  ro.use_cache = use_cache;
  return ro;
}

RoadHierarchy load_road_hierarchy(const std::string& path, const io::RoadLoadOptions& options,
                                  const WarningSink& warn) {
  RoadHierarchy e;
  e.roads = io::load_road_network(path, options);
  for (const auto& w : e.roads.warnings) emit(warn, w.str());
  // Bound to the same inputs as the network entry, and checked against its graph.
  const std::string ch_key = e.roads.cache_binding + "contraction hierarchy v1\n";
  const std::string ch_path = e.roads.cache_path.empty() ? "" : e.roads.cache_path + ".ch";
  const graph::RoadGraph g = graph::make_road_graph(*e.roads.network);
  if (!ch_path.empty()) {
    core::CacheRead read{e.roads.cache_max_bytes, ""};
    if (auto ch = graph::load_contraction_hierarchy(ch_path, ch_key, &g, &read)) {
      e.ch = std::move(*ch);
      e.ch_from_cache = true;
      return e;
    }
    if (!read.problem.empty()) emit(warn, "cache entry rebuilt: " + read.problem);
  }
  const auto t0 = std::chrono::steady_clock::now();
  e.ch = graph::build_contraction_hierarchy(g);
  e.ch_seconds = seconds_since(t0);
  if (!ch_path.empty()) {
    try {
      graph::save_contraction_hierarchy(e.ch, ch_path, ch_key);
    } catch (const core::OutputError& x) {
      emit(warn, std::string("cache not written: ") + x.what());
    }
  }
  return e;
}

PointMatrix point_matrix(const PointMatrixRequest& rq) {
  if (!(rq.max_snap_m >= 0)) throw core::UsageError("--max-snap-m must be >= 0");
  PointMatrix pm;
  pm.network = rq.network;
  pm.origins.rows = io::read_points(rq.origins);
  pm.same_points = rq.destinations.empty() || rq.destinations == rq.origins;
  pm.destinations.rows = pm.same_points ? pm.origins.rows : io::read_points(rq.destinations);
  const std::string dest_file = pm.same_points ? rq.origins : rq.destinations;
  pm.rows = shard_rows(pm.origins.rows.size(), rq.shard, rq.shards);
  pm.shard = rq.shard;
  pm.shards = rq.shards;
  // Before the network is loaded: the points alone tell the size of the matrix.
  check_memory(
      estimate_point_matrix(pm.row_count(), pm.destinations.rows.size(), rq.long_form,
                            rq.transit.feeds.empty() ? 1 : rq.transit.percentiles.size() + 1,
                            !rq.transit.feeds.empty() && rq.transit.legs),
      rq.max_memory);
  std::vector<std::string> warnings;
  if (!rq.transit.feeds.empty())
    transit_matrix(rq, dest_file, pm, warnings);
  else if (io::is_road_network_file(rq.network))
    road_matrix(rq, dest_file, pm, warnings);
  else
    yaml_matrix(rq, dest_file, pm, warnings);
  // After the loaders, which refuse what is not a readable file (a FIFO would block the hash).
  if (rq.shards > 0) pm.job_key = matrix_job_key(rq);
  for (const auto& w : warnings) emit(rq.warn, w);
  return pm;
}

}  // namespace reachplan::analysis
