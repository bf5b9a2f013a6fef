#include "reachplan/output/point_matrix.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "number_format.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/tables.hpp"
#include "table_format.hpp"

namespace reachplan::output {

namespace {

using analysis::MatchedPoint;
using analysis::PointSet;
using detail::percentile_name;

// A transit matrix's columns: each percentile, then the minimum over the window.
std::vector<const std::vector<double>*> long_columns(const analysis::PointMatrix& m,
                                                     std::string& header) {
  std::vector<const std::vector<double>*> cols;
  if (m.percentile_minutes.empty()) {
    header = "origin,destination,minutes\n";
    return {&m.minutes};
  }
  header = "origin,destination";
  for (std::size_t p = 0; p < m.percentiles.size(); ++p) {
    header += ",minutes_" + percentile_name(m.percentiles[p]);
    cols.push_back(&m.percentile_minutes[p]);
  }
  header += m.legs.empty() ? ",minutes_min\n"
                           : ",minutes_min,legs_" + percentile_name(m.percentiles.front()) + "\n";
  cols.push_back(&m.minimum_minutes);
  return cols;
}

std::string long_csv(const analysis::PointMatrix& m) {
  const PointSet &o = m.origins, &d = m.destinations;
  std::string s;
  const auto cols = long_columns(m, s);
  s.reserve(m.minutes.size() * 8 * cols.size() + 64);
  for (std::size_t i = 0; i < m.row_count(); ++i)  // i: the row; m.rows.first + i its origin
    for (std::size_t j = 0; j < d.rows.size(); ++j) {
      s += csv_field(o.rows[m.rows.first + i].id);
      s += ',';
      s += csv_field(d.rows[j].id);
      for (const auto* c : cols) {
        s += ',';
        s += csv_minutes((*c)[i * d.rows.size() + j]);
      }
      if (!m.legs.empty()) {
        s += ',';
        s += csv_field(m.legs[i * d.rows.size() + j]);
      }
      s += '\n';
    }
  return s;
}

std::string wide_csv(const analysis::PointMatrix& m, const std::vector<double>& minutes) {
  const PointSet &o = m.origins, &d = m.destinations;
  std::string s;
  s.reserve(m.minutes.size() * 8 + 64);
  s += "origin";
  for (const auto& p : d.rows) s += "," + csv_field(p.id);
  s += '\n';
  for (std::size_t i = 0; i < m.row_count(); ++i) {
    s += csv_field(o.rows[m.rows.first + i].id);
    for (std::size_t j = 0; j < d.rows.size(); ++j) {
      s += ',';
      s += csv_minutes(minutes[i * d.rows.size() + j]);
    }
    s += '\n';
  }
  return s;
}

// The timetables, the walks and the window of a transit matrix.
std::string transit_text(const analysis::PointMatrix& m) {
  const auto& t = *m.transit;
  std::ostringstream s;
  s << "Timetables";
  for (const auto& f : t.feeds) s << " " << f;
  s << " on " << t.date << ": " << t.stops << " stops, " << t.routes << " routes, " << t.trips
    << " trips, " << t.stop_times << " stop times in " << t.patterns << " patterns (" << std::fixed
    << std::setprecision(1) << static_cast<double>(t.timetable_bytes) / 1048576.0
    << " MiB), read in " << std::setprecision(2) << t.load_seconds << " s\n";
  if (t.on_streets)
    s << "Walking on the streets of " << m.network << ": " << t.stops_joined << " of " << t.stops
      << " stops joined (the others, and points off the streets, walk in straight lines: an "
         "estimate), "
      << t.footpaths << " transfer walks, in " << t.walk_seconds << " s\n";
  else
    s << "Walking in straight lines (no street network; an estimate): " << t.footpaths
      << " transfer walks\n";
  if (t.transfers_set + t.transfers_removed + t.transfers_same_stop > 0)
    s << "transfers.txt: " << t.transfers_set << " walks set, " << t.transfers_removed
      << " removed, " << t.transfers_same_stop << " rows within one stop (its change time)\n";
  return s.str();
}

// "1000 points: 1000 by OSM id" / "...: 998 snapped (median 12 m, max 85 m at 'x')".
std::string describe(const PointSet& set) {
  std::size_t osm = 0, node = 0, too_far = 0, placed = 0;
  std::vector<double> snaps;
  std::string worst;
  double worst_m = -1;
  for (std::size_t i = 0; i < set.rows.size(); ++i) {
    const MatchedPoint& r = set.at[i];
    if (r.how == "coordinates") {
      ++placed;  // a transit matrix without streets: walks in straight lines from lon,lat
      continue;
    }
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
  if (placed) s << sep << placed << " by their coordinates", sep = ", ";
  if (too_far) s << sep << too_far << " too far from the network";
  return s.str();
}

// The road network (and how it was prepared) and its hierarchy.
std::string road_text(const std::string& network, const analysis::RoadMatrixSource& r) {
  std::ostringstream about;
  about << "Road network " << network << ": " << r.vertices << " vertices, " << r.edges << " edges"
        << (r.network_from_cache ? " (prepared network from the cache)" : "") << "\n";
  if (!r.network_from_cache) {
    const auto& p = r.report;
    if (p.raw_vertices)
      about << "  imported " << p.raw_vertices << " vertices and " << p.raw_edges
            << " edges; kept the largest of " << p.components << " strongly connected components ("
            << p.scc_vertices << " vertices, " << p.scc_edges
            << " edges); merged degree-2 chains\n";
    for (const auto& n : p.notes) about << "  note: " << n << "\n";
  }
  about << "Contraction hierarchy: " << r.ch_arcs << " arcs"
        << (r.ch_from_cache ? " (from the cache)" : "");
  if (!r.ch_from_cache)
    about << std::fixed << std::setprecision(2) << ", built in " << r.ch_seconds << " s";
  about << "\n";
  return about.str();
}

}  // namespace

std::string percentile_path(const std::string& path, double percentile) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string stem = has_ext ? path.substr(0, dot) : path;
  return stem + "_" + percentile_name(percentile) + (has_ext ? path.substr(dot) : "");
}

std::string point_matrix_csv(const analysis::PointMatrix& m, bool long_form) {
  return long_form ? long_csv(m) : wide_csv(m, m.minutes);
}

std::string matched_points_csv(const analysis::PointMatrix& m) {
  std::ostringstream s;
  s << std::setprecision(9);
  s << "role,id,how,vertex,vertex_lon,vertex_lat,snap_m\n";
  for (const auto* set : {&m.origins, &m.destinations}) {
    if (set == &m.destinations && m.same_points) break;
    const char* role = m.same_points ? "both" : (set == &m.origins ? "origin" : "destination");
    for (std::size_t i = 0; i < set->rows.size(); ++i) {
      const MatchedPoint& r = set->at[i];
      s << role << "," << csv_field(set->rows[i].id) << ",";
      if (r.vertex == core::invalid_index) {
        s << "too_far,,,," << std::fixed << std::setprecision(1) << r.snap_m << "\n";
      } else {
        s << r.how << "," << r.vertex << "," << m.vertex_lon[r.vertex] << ","
          << m.vertex_lat[r.vertex] << "," << std::fixed << std::setprecision(1) << r.snap_m
          << "\n";
      }
      s << std::defaultfloat << std::setprecision(9);
    }
  }
  return s.str();
}

std::string point_matrix_text(const analysis::PointMatrix& m, double total_seconds) {
  std::ostringstream out;
  if (m.transit)
    out << transit_text(m);
  else if (m.road)
    out << road_text(m.network, *m.road);
  else
    out << "Network " << m.network << ": " << m.places << " places, profile " << m.profile << "\n";
  out << "Origins: " << describe(m.origins) << "\n";
  if (!m.same_points) out << "Destinations: " << describe(m.destinations) << "\n";
  out << std::fixed << std::setprecision(3) << "Matrix " << m.origins.rows.size() << " x "
      << m.destinations.rows.size();
  if (m.shards > 0) {
    out << ", shard " << m.shard << "/" << m.shards << ": ";
    if (m.row_count() == 0)
      out << "no origin rows (more shards than origins)";
    else
      out << "origin rows " << m.rows.first + 1 << " to " << m.rows.last;
  }
  out << " (" << m.reachable_pairs() << " reachable pairs) in " << m.matrix_seconds << " s; total "
      << total_seconds << " s\n";
  return out.str();
}

std::vector<MatrixFile> point_matrix_files(const analysis::PointMatrix& m, const std::string& path,
                                           bool long_form) {
  if (m.percentile_minutes.size() > 1 && !long_form) {
    // One wide matrix per percentile: matrix.csv -> matrix_p50.csv, matrix_p95.csv.
    std::vector<MatrixFile> files;
    for (std::size_t p = 0; p < m.percentiles.size(); ++p)
      files.push_back({percentile_path(path, m.percentiles[p]), m.percentiles[p],
                       wide_csv(m, m.percentile_minutes[p])});
    return files;
  }
  return {{path, std::nullopt, point_matrix_csv(m, long_form)}};
}

std::vector<std::string> write_point_matrix(const analysis::PointMatrix& m, const std::string& path,
                                            bool long_form, const std::string& points_path) {
  AtomicFileSet files;
  for (const MatrixFile& f : point_matrix_files(m, path, long_form))
    detail::add_csv(files, f.path, f.csv);
  if (!points_path.empty()) detail::add_csv(files, points_path, matched_points_csv(m));
  return files.commit();
}

}  // namespace reachplan::output
