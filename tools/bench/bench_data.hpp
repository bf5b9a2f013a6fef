// Reading the benchmark graphs of shared/bench (CSV, optionally gzip) for the bench programs.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace reachplan::bench {

// Lines of a text file; zlib reads plain files transparently too.
inline std::vector<std::string> read_lines(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  gzbuffer(f, 1 << 20);
  std::vector<std::string> lines;
  char buf[4096];
  while (gzgets(f, buf, sizeof buf)) {
    std::size_t n = std::strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) --n;
    lines.emplace_back(buf, n);
  }
  gzclose(f);
  return lines;
}

inline std::vector<std::string> split(const std::string& s, char sep = ',') {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

struct CsvGraph {
  std::uint32_t vertices = 0;
  std::vector<std::uint32_t> from, to;
  std::vector<double> length_m, seconds;
  std::vector<std::int64_t> osm_id;  // per vertex, when a nodes file was read
  std::vector<double> lon, lat;
};

// EDGES: from,to,length_m,travel_time_s; NODES (optional): id,osm_id,lon,lat.
inline CsvGraph read_csv_graph(const std::string& edges_path, const std::string& nodes_path) {
  CsvGraph g;
  const auto lines = read_lines(edges_path);
  if (lines.empty() || lines[0].rfind("from,to,", 0) != 0)
    throw std::runtime_error(edges_path + ": expected header from,to,length_m,travel_time_s");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const char* p = lines[i].c_str();
    char* end;
    const auto a = static_cast<std::uint32_t>(std::strtoul(p, &end, 10));
    const auto b = static_cast<std::uint32_t>(std::strtoul(end + 1, &end, 10));
    const double len = std::strtod(end + 1, &end);
    const double sec = std::strtod(end + 1, &end);
    g.from.push_back(a);
    g.to.push_back(b);
    g.length_m.push_back(len);
    g.seconds.push_back(sec);
    g.vertices = std::max({g.vertices, a + 1, b + 1});
  }
  if (!nodes_path.empty()) {
    const auto nodes = read_lines(nodes_path);
    g.osm_id.assign(g.vertices, 0);
    g.lon.assign(g.vertices, 0);
    g.lat.assign(g.vertices, 0);
    for (std::size_t i = 1; i < nodes.size(); ++i) {
      const auto f = split(nodes[i]);
      if (f.size() < 4) continue;
      const auto v = static_cast<std::uint32_t>(std::stoul(f[0]));
      if (v >= g.vertices) throw std::runtime_error(nodes_path + ": node id beyond the edges");
      g.osm_id[v] = std::stoll(f[1]);
      g.lon[v] = std::stod(f[2]);
      g.lat[v] = std::stod(f[3]);
    }
  }
  return g;
}

// One vertex id per line (porto.sample1000.txt).
inline std::vector<std::uint32_t> read_sample(const std::string& path) {
  std::vector<std::uint32_t> out;
  for (const auto& line : read_lines(path))
    if (!line.empty()) out.push_back(static_cast<std::uint32_t>(std::stoul(line)));
  return out;
}

// Vertices of `g` for the osm_id column of a points CSV (porto.points1000.csv).
inline std::vector<std::uint32_t> read_points_by_osm_id(const std::string& path,
                                                        const CsvGraph& g) {
  std::map<std::int64_t, std::uint32_t> by_osm;
  for (std::uint32_t v = 0; v < g.osm_id.size(); ++v) by_osm[g.osm_id[v]] = v;
  const auto lines = read_lines(path);
  if (lines.empty()) throw std::runtime_error(path + ": empty");
  const auto header = split(lines[0]);
  const auto col = std::find(header.begin(), header.end(), "osm_id") - header.begin();
  if (col >= static_cast<long>(header.size())) throw std::runtime_error(path + ": no osm_id");
  std::vector<std::uint32_t> out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const auto f = split(lines[i]);
    auto it = by_osm.find(std::stoll(f.at(col)));
    if (it == by_osm.end()) throw std::runtime_error("osm id " + f.at(col) + " not in the graph");
    out.push_back(it->second);
  }
  return out;
}

}  // namespace reachplan::bench
