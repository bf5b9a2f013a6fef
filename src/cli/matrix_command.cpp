// `reachplan matrix`: a many-to-many travel-time matrix over any network without a scenario.
// Road networks (OSM, GeoPackage) go through the contraction hierarchy with bucket many-to-many;
// YAML networks and scenarios through the multimodal graph and Dijkstra.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/io/road_import.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/tables.hpp"
#include "reachplan/routing/ch_query.hpp"
#include "reachplan/routing/many_to_many.hpp"

namespace reachplan::cli {

namespace {

namespace fs = std::filesystem;
using core::Index;
using graph::Weight;

struct MatrixOptions {
  std::string network;
  std::string origins;
  std::string destinations;  // empty: the origins
  std::string output;
  std::string profile;
  std::string bbox;
  bool long_form = false;
  double max_snap_m = 1000;
  std::string points_out;
  std::string cache_dir;
  bool no_cache = false;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A point resolved to a vertex: how, and how far it was moved.
struct Resolved {
  Index vertex = core::invalid_index;  // invalid: not joined (too far); its row stays empty
  std::string how;                     // osm_id, node, snapped
  double snap_m = 0;
};

struct PointSet {
  std::vector<io::PointRow> rows;
  std::vector<Resolved> at;
};

// Resolves points against vertices with coordinates (and OSM ids when from OSM). `node_index`
// resolves the `node` column (YAML networks); null when the network has no node ids.
void resolve(PointSet& set, const std::string& file, const std::vector<double>& lon,
             const std::vector<double>& lat, const std::vector<std::int64_t>* osm_ids,
             const std::function<Index(const std::string&)>* node_index, double max_snap_m,
             std::vector<std::string>& warnings) {
  graph::NearestVertexIndex nearest(lon, lat);
  std::unordered_map<std::int64_t, Index> by_osm;
  if (osm_ids)
    for (Index v = 0; v < osm_ids->size(); ++v)
      if ((*osm_ids)[v] != 0) by_osm.emplace((*osm_ids)[v], v);
  for (const auto& p : set.rows) {
    Resolved r;
    const std::string where = file + ":" + std::to_string(p.line) + ": point '" + p.id + "'";
    if (!p.node.empty()) {
      if (!node_index) throw core::InputError(where + ": node ids need a YAML network");
      r.vertex = (*node_index)(p.node);
      if (r.vertex == core::invalid_index)
        throw core::InputError(where + ": unknown node '" + p.node + "'");
      r.how = "node";
    } else if (p.osm_id) {
      if (auto it = by_osm.find(*p.osm_id); it != by_osm.end()) {
        r.vertex = it->second;
        r.how = "osm_id";
      } else if (!p.lon) {
        throw core::InputError(where + ": OSM node " + std::to_string(*p.osm_id) +
                               " is not a vertex of the network (not on a kept road, or merged "
                               "into a road between junctions); give lon,lat to snap it");
      }
    }
    if (r.vertex == core::invalid_index && p.lon) {
      r.vertex = nearest.nearest(*p.lon, *p.lat, &r.snap_m);
      r.how = "snapped";
      if (r.snap_m > max_snap_m) {
        std::ostringstream w;
        w << where << ": nearest vertex is " << std::fixed << std::setprecision(0) << r.snap_m
          << " m away (more than --max-snap-m " << max_snap_m << "): left unreachable";
        warnings.push_back(w.str());
        r.vertex = core::invalid_index;
      }
    }
    set.at.push_back(r);
  }
}

// Prepared road network plus its hierarchy, both from the cache when the inputs are unchanged.
struct RoadEngine {
  io::LoadedRoads roads;
  graph::ContractionHierarchy ch;
  bool ch_from_cache = false;
  double ch_seconds = 0;
};

RoadEngine road_engine(const MatrixOptions& o, std::ostream& err) {
  io::RoadLoadOptions ro;
  ro.profile_path = o.profile;
  if (!o.bbox.empty()) ro.bbox = io::parse_bbox(o.bbox);
  ro.cache_dir = o.cache_dir;
  ro.use_cache = !o.no_cache;
  RoadEngine e;
  e.roads = io::load_road_network(o.network, ro);
  for (const auto& w : e.roads.warnings) err << "warning: " << w.str() << "\n";
  const std::string ch_key = e.roads.key + "/ch-v1";
  const std::string ch_path = e.roads.cache_path.empty() ? "" : e.roads.cache_path + ".ch";
  if (!ch_path.empty())
    if (auto ch = graph::load_contraction_hierarchy(ch_path, ch_key)) {
      e.ch = std::move(*ch);
      e.ch_from_cache = true;
      return e;
    }
  const auto t0 = std::chrono::steady_clock::now();
  e.ch = graph::build_contraction_hierarchy(graph::make_road_graph(*e.roads.network));
  e.ch_seconds = seconds_since(t0);
  if (!ch_path.empty()) {
    try {
      graph::save_contraction_hierarchy(e.ch, ch_path, ch_key);
    } catch (const core::OutputError& x) {
      err << "warning: cache not written: " << x.what() << "\n";
    }
  }
  return e;
}

std::vector<Index> joined(const PointSet& set) {
  std::vector<Index> v;
  for (const auto& r : set.at)
    if (r.vertex != core::invalid_index) v.push_back(r.vertex);
  return v;
}

// Scatters a matrix over the joined points into rows x cols minutes (NaN elsewhere).
template <class T>
std::vector<double> scatter(const std::vector<T>& m, const PointSet& o, const PointSet& d,
                            double seconds_per_unit) {
  std::vector<double> out(o.rows.size() * d.rows.size(), std::nan(""));
  const std::size_t jc = joined(d).size();
  std::size_t ii = 0;
  for (std::size_t i = 0; i < o.rows.size(); ++i) {
    if (o.at[i].vertex == core::invalid_index) continue;
    std::size_t jj = 0;
    for (std::size_t j = 0; j < d.rows.size(); ++j) {
      if (d.at[j].vertex == core::invalid_index) continue;
      const T x = m[ii * jc + jj++];
      if (x != core::unreachable)
        out[i * d.rows.size() + j] = static_cast<double>(x) * seconds_per_unit / 60.0;
    }
    ++ii;
  }
  return out;
}

std::string matrix_text(const std::vector<double>& minutes, const PointSet& o, const PointSet& d,
                        bool long_form) {
  std::string s;
  s.reserve(minutes.size() * 8 + 64);
  if (long_form) {
    s += "origin,destination,minutes\n";
    for (std::size_t i = 0; i < o.rows.size(); ++i)
      for (std::size_t j = 0; j < d.rows.size(); ++j) {
        s += output::csv_field(o.rows[i].id);
        s += ',';
        s += output::csv_field(d.rows[j].id);
        s += ',';
        s += output::csv_minutes(minutes[i * d.rows.size() + j]);
        s += '\n';
      }
    return s;
  }
  s += "origin";
  for (const auto& p : d.rows) s += "," + output::csv_field(p.id);
  s += '\n';
  for (std::size_t i = 0; i < o.rows.size(); ++i) {
    s += output::csv_field(o.rows[i].id);
    for (std::size_t j = 0; j < d.rows.size(); ++j) {
      s += ',';
      s += output::csv_minutes(minutes[i * d.rows.size() + j]);
    }
    s += '\n';
  }
  return s;
}

std::string points_text(const PointSet& o, const PointSet& d, const std::vector<double>& lon,
                        const std::vector<double>& lat, bool same) {
  std::ostringstream s;
  s << std::setprecision(9);
  s << "role,id,how,vertex,vertex_lon,vertex_lat,snap_m\n";
  for (const auto* set : {&o, &d}) {
    if (set == &d && same) break;
    const char* role = same ? "both" : (set == &o ? "origin" : "destination");
    for (std::size_t i = 0; i < set->rows.size(); ++i) {
      const Resolved& r = set->at[i];
      s << role << "," << output::csv_field(set->rows[i].id) << ",";
      if (r.vertex == core::invalid_index) {
        s << "too_far,,,," << std::fixed << std::setprecision(1) << r.snap_m << "\n";
      } else {
        s << r.how << "," << r.vertex << "," << lon[r.vertex] << "," << lat[r.vertex] << ","
          << std::fixed << std::setprecision(1) << r.snap_m << "\n";
      }
      s << std::defaultfloat << std::setprecision(9);
    }
  }
  return s.str();
}

// "1000 points: 1000 by OSM id" / "...: 998 snapped (median 12 m, max 85 m at 'x')".
std::string describe(const PointSet& set) {
  std::size_t osm = 0, node = 0, too_far = 0;
  std::vector<double> snaps;
  std::string worst;
  double worst_m = -1;
  for (std::size_t i = 0; i < set.rows.size(); ++i) {
    const Resolved& r = set.at[i];
    if (r.vertex == core::invalid_index) ++too_far;
    if (r.how == "osm_id") ++osm;
    if (r.how == "node") ++node;
    if (r.how == "snapped" && r.vertex != core::invalid_index) {
      snaps.push_back(r.snap_m);
      if (r.snap_m > worst_m) worst_m = r.snap_m, worst = set.rows[i].id;
    }
  }
  std::ostringstream s;
  s << set.rows.size() << " points";
  const char* sep = ": ";
  if (osm) s << sep << osm << " by OSM node id", sep = ", ";
  if (node) s << sep << node << " by node id", sep = ", ";
  if (!snaps.empty()) {
    std::sort(snaps.begin(), snaps.end());
    s << sep << snaps.size() << " snapped to the nearest vertex (median " << std::fixed
      << std::setprecision(0) << snaps[snaps.size() / 2] << " m, max " << worst_m << " m at '"
      << worst << "')";
    sep = ", ";
  }
  if (too_far) s << sep << too_far << " too far from the network";
  return s.str();
}

int matrix_command(const MatrixOptions& o, const CommonOptions& common, std::ostream& out,
                   std::ostream& err) {
  const auto t_start = std::chrono::steady_clock::now();
  if (!(o.max_snap_m >= 0)) throw core::UsageError("--max-snap-m must be >= 0");
  PointSet orig, dest;
  orig.rows = io::read_points(o.origins);
  const bool same = o.destinations.empty() || o.destinations == o.origins;
  dest.rows = same ? orig.rows : io::read_points(o.destinations);
  const std::string dest_file = same ? o.origins : o.destinations;
  std::vector<std::string> warnings;
  std::vector<double> minutes;
  std::ostringstream about;
  std::vector<double> vlon, vlat;
  double t_matrix = 0;

  if (io::is_road_network_file(o.network)) {
    RoadEngine e = road_engine(o, err);
    const model::RoadNetwork& net = *e.roads.network;
    resolve(orig, o.origins, net.lon, net.lat, &net.vertex_osm_id, nullptr, o.max_snap_m, warnings);
    resolve(dest, dest_file, net.lon, net.lat, &net.vertex_osm_id, nullptr, o.max_snap_m, warnings);
    const auto t0 = std::chrono::steady_clock::now();
    const auto m = routing::ch_matrix(e.ch, joined(orig), joined(dest), common.threads);
    t_matrix = seconds_since(t0);
    minutes = scatter(m, orig, dest, graph::weight_seconds);
    vlon = net.lon;
    vlat = net.lat;
    about << "Road network " << o.network << ": " << net.vertex_count() << " vertices, "
          << net.edge_count() << " edges"
          << (e.roads.from_cache ? " (prepared network from the cache)" : "") << "\n";
    if (!e.roads.from_cache) {
      const auto& r = e.roads.report;
      if (r.raw_vertices)
        about << "  imported " << r.raw_vertices << " vertices and " << r.raw_edges
              << " edges; kept the largest of " << r.components
              << " strongly connected components (" << r.scc_vertices << " vertices, "
              << r.scc_edges << " edges); merged degree-2 chains\n";
      for (const auto& n : r.notes) about << "  note: " << n << "\n";
    }
    about << "Contraction hierarchy: " << e.ch.arc_count() << " arcs"
          << (e.ch_from_cache ? " (from the cache)" : "");
    if (!e.ch_from_cache)
      about << std::fixed << std::setprecision(2) << ", built in " << e.ch_seconds << " s";
    about << "\n";
  } else {
    std::vector<io::Warning> ws;
    io::LoadOptions lo;
    lo.strict = common.strict;
    model::Scenario sc;
    if (io::is_scenario_file(o.network)) {
      sc = io::load_scenario(o.network, ws, lo);
    } else {
      sc.id = fs::path(o.network).stem().string();
      sc.network = io::load_network(o.network, ws, lo);
      sc.profiles["default"] = model::Profile{};
    }
    for (const auto& w : ws) err << "warning: " << w.str() << "\n";
    if (!o.bbox.empty()) throw core::UsageError("--bbox applies to OSM input only");
    const model::Profile& profile = sc.profile(o.profile);
    const graph::RoutingGraph g = graph::build_graph(sc, profile);
    for (const auto& n : sc.network.nodes) {
      vlon.push_back(n.lon);
      vlat.push_back(n.lat);
    }
    const std::function<Index(const std::string&)> by_id = [&](const std::string& id) {
      return g.node_index(id);
    };
    resolve(orig, o.origins, vlon, vlat, nullptr, &by_id, o.max_snap_m, warnings);
    resolve(dest, dest_file, vlon, vlat, nullptr, &by_id, o.max_snap_m, warnings);
    const auto t0 = std::chrono::steady_clock::now();
    const auto m = routing::travel_time_matrix(g, joined(orig), joined(dest), common.threads);
    t_matrix = seconds_since(t0);
    minutes = scatter(m, orig, dest, 1.0);
    about << "Network " << o.network << ": " << sc.network.nodes.size() << " places, profile "
          << profile.id << "\n";
  }
  for (const auto& w : warnings) err << "warning: " << w << "\n";

  output::AtomicFileSet files;
  files.add(o.output, matrix_text(minutes, orig, dest, o.long_form));
  if (!o.points_out.empty()) files.add(o.points_out, points_text(orig, dest, vlon, vlat, same));
  const auto written = files.commit();
  if (!common.quiet) {
    std::size_t reachable = 0;
    for (double x : minutes) reachable += std::isnan(x) ? 0 : 1;
    out << about.str();
    out << "Origins: " << describe(orig) << "\n";
    if (!same) out << "Destinations: " << describe(dest) << "\n";
    out << std::fixed << std::setprecision(3) << "Matrix " << orig.rows.size() << " x "
        << dest.rows.size() << " (" << reachable << " reachable pairs) in " << t_matrix
        << " s; total " << seconds_since(t_start) << " s\n";
    out << "Wrote " << o.output << (o.points_out.empty() ? "" : " and " + o.points_out) << "\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_matrix(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<MatrixOptions>();
  auto* cmd = app.add_subcommand(
      "matrix",
      "Travel-time matrix (minutes) between points over any network: an OSM extract, a road "
      "GeoPackage from `import`, or a YAML network/scenario");
  cmd->add_option("--network", o->network,
                  "Network: .osm.pbf/.osm/.opl, a .gpkg from `reachplan import`, or YAML")
      ->required();
  cmd->add_option("--origins", o->origins,
                  "Points CSV: id plus lon,lat (snapped to the nearest vertex), osm_id, or node")
      ->required();
  cmd->add_option("--destinations", o->destinations, "Points CSV (default: the origins)");
  cmd->add_option("-o,--output", o->output, "Matrix CSV to write")->required();
  cmd->add_flag("--long", o->long_form, "Long form (origin,destination,minutes) instead of wide");
  cmd->add_option(
      "--profile", o->profile,
      "OSM input: speed profile YAML (default: built-in car); YAML: routing profile id");
  cmd->add_option("--bbox", o->bbox, "OSM input: lon_min,lat_min,lon_max,lat_max");
  cmd->add_option("--max-snap-m", o->max_snap_m,
                  "Points farther than this from every vertex stay unreachable")
      ->capture_default_str();
  cmd->add_option("--points-out", o->points_out,
                  "Also write how each point was matched (vertex, snap distance) to this CSV");
  cmd->add_option(
      "--cache-dir", o->cache_dir,
      "Cache of prepared networks (default $REACHPLAN_CACHE_DIR or ~/.cache/reachplan)");
  cmd->add_flag("--no-cache", o->no_cache, "Neither read nor write the cache");
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream& err) {
            return matrix_command(*o, common, out, err);
          }};
}

}  // namespace reachplan::cli
