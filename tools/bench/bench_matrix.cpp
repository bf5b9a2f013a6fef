// Benchmark: our CSR Dijkstra and travel_time_matrix against Boost.Graph's
// dijkstra_shortest_paths on an adjacency_list, on a road graph, in one run.
//
//   reachplan_bench EDGES SAMPLE [--nodes NODES] [--sources N] [--reps R] [--matrix-reps R]
//
// EDGES:  from,to,length_m,travel_time_s (.csv or .csv.gz); vertex = road node id (dense, 0-based).
// SAMPLE: one node id per line (porto.sample1000.txt), or a points CSV with an osm_id column
//         (porto.points1000.csv) mapped through NODES (id,osm_id,lon,lat).
// Weights are round(travel_time_s) seconds, as the engine holds them. Correctness is checked
// three ways: our matrix equals Boost's on the same integer weights, element by element; Boost
// with double weights reproduces the reference checksums of shared/bench/README.md (porto only);
// our search on millisecond weights reproduces them within rounding. Exit status 0 when every
// check passes. --reps times the one-to-all part (best of R), --matrix-reps the matrix part
// (interleaved, best of R; 0 skips it). Example, from the build directory:
//
//   tools/bench/reachplan_bench /work/shared/bench/porto.edges.csv.gz
//       /work/shared/bench/porto.sample1000.txt --matrix-reps 2
#include <zlib.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "reachplan/routing/dijkstra.hpp"
#include "reachplan/routing/many_to_many.hpp"

namespace {

using reachplan::core::Index;
using reachplan::core::Seconds;
namespace rp = reachplan;

// Reference checksums for porto.edges + porto.sample1000 (shared/bench/README.md).
constexpr double reference_one_to_all = 196439.300;
constexpr double reference_matrix = 1479428061.137;

struct Edge {
  Index from, to;
  double seconds;
};

// Reads a text file line by line; zlib reads plain files transparently too.
std::vector<std::string> read_lines(const std::string& path) {
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

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == ',') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::vector<Edge> read_edges(const std::string& path, Index& vertex_count) {
  const auto lines = read_lines(path);
  if (lines.empty() || lines[0].rfind("from,to,", 0) != 0)
    throw std::runtime_error(path + ": expected header from,to,length_m,travel_time_s");
  std::vector<Edge> edges;
  edges.reserve(lines.size());
  vertex_count = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const char* p = lines[i].c_str();
    char* end;
    Edge e;
    e.from = static_cast<Index>(std::strtoul(p, &end, 10));
    e.to = static_cast<Index>(std::strtoul(end + 1, &end, 10));
    std::strtod(end + 1, &end);  // length_m, unused
    e.seconds = std::strtod(end + 1, &end);
    edges.push_back(e);
    vertex_count = std::max({vertex_count, e.from + 1, e.to + 1});
  }
  return edges;
}

std::vector<Index> read_sample(const std::string& path, const std::string& nodes_path) {
  const auto lines = read_lines(path);
  std::vector<Index> out;
  if (!lines.empty() && lines[0].find("osm_id") != std::string::npos) {
    if (nodes_path.empty()) throw std::runtime_error(path + " names osm ids: give --nodes");
    const auto header = split(lines[0]);
    const auto col = std::find(header.begin(), header.end(), "osm_id") - header.begin();
    std::map<std::string, Index> by_osm;
    for (const auto& line : read_lines(nodes_path)) {
      const auto f = split(line);
      if (f.size() >= 2 && f[0] != "id") by_osm[f[1]] = static_cast<Index>(std::stoul(f[0]));
    }
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      const auto f = split(lines[i]);
      auto it = by_osm.find(f.at(col));
      if (it == by_osm.end()) throw std::runtime_error("osm id " + f.at(col) + " not in nodes");
      out.push_back(it->second);
    }
  } else {
    for (const auto& line : lines)
      if (!line.empty()) out.push_back(static_cast<Index>(std::stoul(line)));
  }
  return out;
}

// The road graph straight into the engine's CSR: one vertex per road node, origin and
// destination of a place are the vertex itself. `scale` turns seconds into the integer unit.
rp::graph::RoutingGraph make_graph(Index n, const std::vector<Edge>& edges, double scale) {
  rp::graph::RoutingGraph g;
  g.first_out.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const Edge& e : edges) ++g.first_out[e.from + 1];
  for (Index v = 0; v < n; ++v) g.first_out[v + 1] += g.first_out[v];
  const std::size_t m = edges.size();
  g.head.resize(m);
  g.weight.resize(m);
  g.tail.resize(m);
  g.arc_kind.assign(m, rp::graph::ArcKind::ride);
  std::vector<Index> next(g.first_out.begin(), g.first_out.end() - 1);
  for (const Edge& e : edges) {
    const Index a = next[e.from]++;
    g.head[a] = e.to;
    g.tail[a] = e.from;
    g.weight[a] = static_cast<Seconds>(std::lround(e.seconds * scale));
  }
  g.vertex_kind.assign(n, rp::graph::VertexKind::origin);
  g.origin_of_node.resize(n);
  std::iota(g.origin_of_node.begin(), g.origin_of_node.end(), 0);
  g.destination_of_node = g.origin_of_node;
  g.node_ids.resize(n);  // names unused here; only the table size matters
  return g;
}

template <class W>
using BoostGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                          boost::property<boost::edge_weight_t, W>>;

template <class W>
BoostGraph<W> make_boost(Index n, const std::vector<Edge>& edges, bool round_weights) {
  BoostGraph<W> g(n);
  for (const Edge& e : edges)
    boost::add_edge(e.from, e.to,
                    static_cast<W>(round_weights ? std::lround(e.seconds) : e.seconds), g);
  return g;
}

// One Boost search with the usual distance and predecessor maps (reused buffers; Boost
// re-initialises them every call, which is part of its cost).
template <class W>
struct BoostSearch {
  const BoostGraph<W>& g;
  std::vector<W> dist;
  std::vector<std::size_t> pred;
  explicit BoostSearch(const BoostGraph<W>& graph)
      : g(graph), dist(boost::num_vertices(graph)), pred(boost::num_vertices(graph)) {}
  void run(Index source) {
    boost::dijkstra_shortest_paths(g, source,
                                   boost::predecessor_map(pred.data()).distance_map(dist.data()));
  }
};

std::vector<Seconds> boost_matrix(const BoostGraph<Seconds>& g, const std::vector<Index>& sample,
                                  unsigned threads) {
  const std::size_t k = sample.size();
  std::vector<Seconds> out(k * k);
  auto work = [&](unsigned t) {
    BoostSearch<Seconds> s(g);
    for (std::size_t i = t; i < k; i += threads) {
      s.run(sample[i]);
      for (std::size_t j = 0; j < k; ++j) {
        const Seconds d = s.dist[sample[j]];
        out[i * k + j] = d == std::numeric_limits<Seconds>::max() ? rp::core::unreachable : d;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& t : pool) t.join();
  return out;
}

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double sum(const std::vector<Seconds>& m) {
  double s = 0;
  for (Seconds x : m) s += x;
  return s;
}

void usage() {
  std::fprintf(stderr,
               "usage: reachplan_bench EDGES SAMPLE [--nodes NODES] [--sources N] [--reps R] "
               "[--matrix-reps R]\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  std::string nodes_path;
  std::size_t n_sources = 100;
  int reps = 3, matrix_reps = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--nodes")
      nodes_path = value();
    else if (a == "--sources")
      n_sources = std::stoul(value());
    else if (a == "--reps")
      reps = std::stoi(value());
    else if (a == "--matrix-reps")
      matrix_reps = std::stoi(value());
    else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else
      positional.push_back(a);
  }
  if (positional.size() != 2) {
    usage();
    return 2;
  }

  try {
    double t0 = now_s();
    Index n = 0;
    const auto edges = read_edges(positional[0], n);
    const auto sample = read_sample(positional[1], nodes_path);
    for (Index s : sample)
      if (s >= n) throw std::runtime_error("sample node " + std::to_string(s) + " not in graph");
    n_sources = std::min(n_sources, sample.size());
    const std::vector<Index> sources(sample.begin(), sample.begin() + n_sources);
    const Index last = sample.back();
    std::printf(
        "graph %s: %u vertices, %zu arcs; sample %zu, one-to-all sources %zu (read %.2f s)\n",
        positional[0].c_str(), n, edges.size(), sample.size(), n_sources, now_s() - t0);
    std::printf("hardware threads: %u\n", std::thread::hardware_concurrency());

    t0 = now_s();
    const auto g = make_graph(n, edges, 1.0);
    const double t_csr = now_s() - t0;
    t0 = now_s();
    const auto bg = make_boost<Seconds>(n, edges, true);
    std::printf("build: CSR %.3f s, Boost adjacency_list %.3f s\n", t_csr, now_s() - t0);

    // (a) one-to-all searches, interleaved per repetition; best repetition counts.
    rp::routing::Dijkstra ours(g);
    BoostSearch<Seconds> theirs(bg);
    double best_ours = 1e300, best_boost = 1e300, check_ours = 0, check_boost = 0;
    for (int r = 0; r < reps; ++r) {
      check_ours = check_boost = 0;
      t0 = now_s();
      for (Index s : sources) {
        ours.run(s);
        check_ours += ours.distance(last);
      }
      best_ours = std::min(best_ours, now_s() - t0);
      t0 = now_s();
      for (Index s : sources) {
        theirs.run(s);
        check_boost += theirs.dist[last];
      }
      best_boost = std::min(best_boost, now_s() - t0);
    }
    std::printf("\n(a) %zu one-to-all searches, best of %d\n", n_sources, reps);
    std::printf("  reachplan CSR Dijkstra   %8.3f s  %7.2f ms/search\n", best_ours,
                1e3 * best_ours / n_sources);
    std::printf("  Boost dijkstra (adj_list)%8.3f s  %7.2f ms/search\n", best_boost,
                1e3 * best_boost / n_sources);
    std::printf("  ratio Boost / ours       %8.2fx\n", best_boost / best_ours);
    std::printf("  checksum sum d(source -> sample.back()), rounded s: ours %.0f, Boost %.0f  %s\n",
                check_ours, check_boost, check_ours == check_boost ? "EQUAL" : "DIFFER");

    // (b) the sample x sample matrix (--matrix-reps 0 skips it, for quick one-to-all runs).
    if (matrix_reps <= 0) return check_ours == check_boost ? 0 : 1;
    std::printf("\n(b) %zux%zu matrix, best of %d\n", sample.size(), sample.size(), matrix_reps);
    // Interleaved per repetition so that load from other processes hits every variant alike.
    std::vector<Seconds> m1, m2, b1, b2;
    double tb1 = 1e300, t1 = 1e300, t2 = 1e300, tb2 = 1e300;
    auto timed = [&](double& best, std::vector<Seconds>& out, auto&& f) {
      const double s = now_s();
      out = f();
      best = std::min(best, now_s() - s);
    };
    for (int r = 0; r < matrix_reps; ++r) {
      timed(tb1, b1, [&] { return boost_matrix(bg, sample, 1); });
      timed(t1, m1, [&] { return rp::routing::travel_time_matrix(g, sample, sample, 1); });
      timed(t2, m2, [&] { return rp::routing::travel_time_matrix(g, sample, sample, 2); });
      timed(tb2, b2, [&] { return boost_matrix(bg, sample, 2); });
    }
    std::printf("  Boost baseline, 1 thread   %8.3f s\n", tb1);
    std::printf("  Boost baseline, 2 threads  %8.3f s\n", tb2);
    std::printf("  travel_time_matrix, 1 thread  %8.3f s  ratio Boost(1)/ours %.2fx\n", t1,
                tb1 / t1);
    std::printf(
        "  travel_time_matrix, 2 threads %8.3f s  ratio Boost(1)/ours %.2fx, Boost(2)/ours %.2fx, "
        "speed-up 1->2 threads %.2fx\n",
        t2, tb1 / t2, tb2 / t2, t1 / t2);
    const bool same = m1 == b1 && m2 == b1 && b2 == b1;
    std::printf("  check: matrix sum (rounded s) ours %.0f, Boost %.0f; element-wise %s\n", sum(m1),
                sum(b1), same ? "EQUAL" : "DIFFERENT");

    // Reference checksums (travel_time_s in double precision).
    bool ok = same && check_ours == check_boost;
    const bool porto = n == 267080 && sample.size() == 1000 && n_sources == 100;
    std::printf("\ncorrectness against double-precision travel times\n");
    {
      const auto bgd = make_boost<double>(n, edges, false);
      BoostSearch<double> sd(bgd);
      double one_to_all = 0;
      for (Index s : sources) {
        sd.run(s);
        one_to_all += sd.dist[last];
      }
      std::printf("  Boost, double weights: sum d(source -> sample.back()) = %.3f s", one_to_all);
      if (porto) {
        const bool hit = std::abs(one_to_all - reference_one_to_all) < 5e-3;
        ok = ok && hit;
        std::printf(" (reference %.3f: %s)", reference_one_to_all, hit ? "MATCH" : "MISMATCH");
      }
      std::printf("\n");
    }
    {
      // Our engine on millisecond weights: each arc rounds by at most 0.0005 s.
      const auto gms = make_graph(n, edges, 1000.0);
      const auto mms = rp::routing::travel_time_matrix(gms, sample, sample, 2);
      double total = 0;
      for (Seconds x : mms) total += x / 1000.0;
      std::printf("  ours, millisecond weights: matrix sum = %.3f s", total);
      if (porto) {
        const double rel = std::abs(total - reference_matrix) / reference_matrix;
        const bool hit = rel < 1e-6;
        ok = ok && hit;
        std::printf(" (reference %.3f, rel. diff %.1e: %s)", reference_matrix, rel,
                    hit ? "MATCH" : "MISMATCH");
      }
      std::printf("\n");
      std::printf("  ours, whole-second weights: matrix sum = %.0f s", sum(m1));
      if (porto)
        std::printf(" (reference %.3f, rel. diff %.1e from rounding each arc)", reference_matrix,
                    std::abs(sum(m1) - reference_matrix) / reference_matrix);
      std::printf("\n");
    }
    std::printf("\n%s\n", ok ? "CHECKS PASSED" : "CHECKS FAILED");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reachplan_bench: %s\n", e.what());
    return 2;
  }
}
