// The benchmark program: the road engine (contraction hierarchy, bucket many-to-many, PHAST)
// and our Dijkstra against Boost.Graph's dijkstra_shortest_paths on an adjacency_list, on the
// same graph, sources and integer weights (milliseconds), in one run. Every timed result is
// also checked: element-wise against Boost, and on the Porto graph against the reference
// checksums of shared/bench/README.md. One machine-readable line per measurement:
//
//   bench <name> <graph> <method> median_s=... baseline_s=... speedup=... [extra=...]
//
// Usage (from the repository root, after building build/):
//
//   build/tools/bench/reachplan_bench --data ../shared/bench [--graphs porto,porto_compressed,
//       grid1m,grid4m] [--reps 3] [--matrix-reps 3] [--baseline-rows N] [--region FILE]
//
// Graphs: porto and porto_compressed (shared/bench CSVs), gridWxH or grid1m (1000x1000) and
// grid4m (2000x2000), made by synthetic_grid.hpp (the same as tools/reachplan_gridgen writes).
// The baseline matrix runs one Boost search per row; --baseline-rows N times only the first N
// rows and scales (the line then says baseline_rows=N). Exit status 0 when every check passes.
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "bench_data.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/io/road_import.hpp"
#include "reachplan/routing/ch_query.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "synthetic_grid.hpp"

namespace {

namespace rp = reachplan;
using rp::core::Index;
using rp::graph::Weight;

constexpr double reference_one_to_all = 196439.300;  // s, porto, first 100 sources -> sample[999]
constexpr double reference_matrix = 1479428061.137;  // s, porto, sample x sample

bool all_ok = true;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// CPU seconds of the whole process: on a loaded machine a fairer figure than the wall clock
// for single-threaded work (it leaves out time spent waiting for a core).
double cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Timing {
  double wall = 0;  // median seconds
  double cpu = 0;   // median CPU seconds of the process
  Timing scaled(double f) const { return {wall * f, cpu * f}; }
};

// Times f() reps times.
Timing timed(int reps, const std::function<void()>& f) {
  std::vector<double> t, c;
  for (int r = 0; r < std::max(1, reps); ++r) {
    const double s = now_s(), cs = cpu_s();
    f();
    t.push_back(now_s() - s);
    c.push_back(cpu_s() - cs);
  }
  return {median(t), median(c)};
}

// Wall-clock medians first (the figures asked for), then CPU seconds, which a loaded machine
// disturbs less.
void line(const std::string& name, const std::string& graph, const std::string& method, Timing t,
          Timing base, const std::string& extra = "") {
  std::printf(
      "bench %s %s %s median_s=%.6g baseline_s=%.6g speedup=%.4g cpu_s=%.6g baseline_cpu_s=%.6g "
      "cpu_speedup=%.4g%s%s\n",
      name.c_str(), graph.c_str(), method.c_str(), t.wall, base.wall, base.wall / t.wall, t.cpu,
      base.cpu, base.cpu / t.cpu, extra.empty() ? "" : " ", extra.c_str());
  std::fflush(stdout);
}

void check(const std::string& what, bool ok, const std::string& detail = "") {
  std::printf("check %s %s%s%s\n", what.c_str(), ok ? "PASS" : "FAIL", detail.empty() ? "" : " ",
              detail.c_str());
  std::fflush(stdout);
  all_ok = all_ok && ok;
}

struct BenchGraph {
  std::string name;
  Index n = 0;
  std::vector<Index> tails, heads;
  std::vector<Weight> w;  // ms
  std::vector<Index> sample;
  std::size_t n_sources = 100;
  bool porto_reference = false;
};

// Boost runs on the bare millisecond counts (it needs numeric_limits and integer arithmetic).
using BoostGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                          boost::property<boost::edge_weight_t, std::uint32_t>>;

struct BoostSearch {
  const BoostGraph& g;
  std::vector<std::uint32_t> dist;
  std::vector<std::size_t> pred;
  explicit BoostSearch(const BoostGraph& graph)
      : g(graph), dist(boost::num_vertices(graph)), pred(boost::num_vertices(graph)) {}
  void run(Index s) {
    boost::dijkstra_shortest_paths(g, s,
                                   boost::predecessor_map(pred.data()).distance_map(dist.data()));
  }
  Weight d(Index v) const {
    return dist[v] == std::numeric_limits<std::uint32_t>::max() ? rp::core::unreachable_ms
                                                                : Weight{dist[v]};
  }
};

rp::graph::RoutingGraph routing_graph(const BenchGraph& b) {
  rp::graph::RoutingGraph g;
  const auto rg = rp::graph::make_road_graph(b.n, b.tails, b.heads, b.w);
  g.first_out = rg.first_out;
  g.head = rg.head;
  // The seconds engine runs on the millisecond counts: a unit-free comparison of the searches.
  g.weight.reserve(rg.weight.size());
  for (Weight w : rg.weight) g.weight.push_back(w.ms);
  g.tail.resize(g.head.size());
  for (Index v = 0; v < b.n; ++v)
    for (Index a = g.first_out[v]; a < g.first_out[v + 1]; ++a) g.tail[a] = v;
  g.arc_kind.assign(g.head.size(), rp::graph::ArcKind::ride);
  g.vertex_kind.assign(b.n, rp::graph::VertexKind::origin);
  return g;
}

struct Options {
  std::string data;
  std::vector<std::string> graphs = {"porto", "porto_compressed", "grid1m", "grid4m"};
  int reps = 3, matrix_reps = 3, pre_reps = 3;
  long baseline_rows = -1;  // -1: all for porto, 50 for grids
  long baseline_sources = -1;
  unsigned threads = 2;
  rp::graph::ChOptions ch;
  std::string region;
};

struct GraphResult {
  rp::graph::ContractionHierarchy ch;
  std::vector<Weight> matrix;
};

GraphResult run_graph(const BenchGraph& b, const Options& o) {
  const std::string& name = b.name;
  const std::size_t m = b.tails.size();
  std::printf("\n# graph %s: %u vertices, %zu arcs; sample %zu, one-to-all sources %zu\n",
              name.c_str(), b.n, m, b.sample.size(), b.n_sources);
  const auto rg = rp::graph::make_road_graph(b.n, b.tails, b.heads, b.w);
  BoostGraph bg(b.n);
  for (std::size_t i = 0; i < m; ++i) boost::add_edge(b.tails[i], b.heads[i], b.w[i].ms, bg);
  const std::vector<Index> sources(b.sample.begin(), b.sample.begin() + b.n_sources);
  const Index last = b.sample.back();
  const bool grid = name.rfind("grid", 0) == 0;

  // Baseline: Boost one-to-all from the sources (or the first few, scaled).
  BoostSearch boost_search(bg);
  const std::size_t base_n =
      o.baseline_sources > 0 ? std::min<std::size_t>(o.baseline_sources, sources.size())
                             : (grid ? std::min<std::size_t>(20, sources.size()) : sources.size());
  std::vector<Weight> boost_to_last(base_n);
  const Timing boost_one_to_all =
      timed(grid ? 1 : o.reps, [&] {
        for (std::size_t i = 0; i < base_n; ++i) {
          boost_search.run(sources[i]);
          boost_to_last[i] = boost_search.d(last);
        }
      }).scaled(static_cast<double>(sources.size()) / static_cast<double>(base_n));
  const std::string base_note =
      base_n < sources.size() ? " baseline_sources=" + std::to_string(base_n) : "";

  // Preprocessing.
  rp::graph::ContractionHierarchy ch;
  rp::graph::ChStats stats;
  const Timing pre = timed(grid ? 1 : o.pre_reps,
                           [&] { ch = rp::graph::build_contraction_hierarchy(rg, o.ch, &stats); });
  const Timing one_boost = boost_one_to_all.scaled(1.0 / static_cast<double>(sources.size()));
  line("preprocess", name, "ch", pre, one_boost,
       "baseline=one_boost_search break_even_searches=" +
           std::to_string(static_cast<long>(std::ceil(pre.wall / one_boost.wall))) + " shortcuts=" +
           std::to_string(stats.shortcuts) + " levels=" + std::to_string(stats.levels));

  // One-to-all: PHAST and our Dijkstra, single thread.
  rp::routing::Phast phast(ch);
  std::vector<Weight> phast_to_last(sources.size());
  const Timing t_phast = timed(o.reps, [&] {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      phast.run(sources[i]);
      phast_to_last[i] = phast.distance(last);
    }
  });
  line("one_to_all_" + std::to_string(sources.size()), name, "phast", t_phast, boost_one_to_all,
       "per_source_ms=" + std::to_string(1e3 * t_phast.wall / sources.size()) + base_note);
  const auto g = routing_graph(b);
  rp::routing::Dijkstra dijkstra(g);
  std::vector<Weight> dij_to_last(sources.size());
  const Timing t_dij = timed(grid ? 1 : o.reps, [&] {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      dijkstra.run(sources[i]);
      dij_to_last[i] = Weight{dijkstra.distance(last)};  // a count of ms, as above
    }
  });
  line("one_to_all_" + std::to_string(sources.size()), name, "dijkstra", t_dij, boost_one_to_all,
       "per_source_ms=" + std::to_string(1e3 * t_dij.wall / sources.size()) + base_note);
  // Multi-threaded PHAST over the same sources.
  {
    std::vector<Weight> mt(sources.size());
    const Timing t = timed(o.reps, [&] {
      rp::routing::phast_for_each(
          ch, sources, o.threads,
          [&](std::size_t i, const rp::routing::Phast& p) { mt[i] = p.distance(last); });
    });
    line("one_to_all_" + std::to_string(sources.size()), name,
         "phast_" + std::to_string(o.threads) + "threads", t, boost_one_to_all,
         base_note.empty() ? "" : base_note.substr(1));
    check("one_to_all " + name + " phast threads == phast", mt == phast_to_last);
  }
  // Checks: full distance vectors on a few sources; d(source -> last) on all.
  {
    bool same = std::equal(boost_to_last.begin(), boost_to_last.end(), phast_to_last.begin()) &&
                phast_to_last == dij_to_last;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, sources.size()) && same; ++i) {
      boost_search.run(sources[i]);
      phast.run(sources[i]);
      for (Index v = 0; v < b.n && same; ++v) same = phast.distance(v) == boost_search.d(v);
    }
    check("one_to_all " + name + " phast == dijkstra == boost", same,
          "(full vectors on 5 sources, d(s, sample.back()) on all)");
    double sum = 0;
    for (Weight x : phast_to_last) sum += x.ms / 1000.0;
    std::string detail = "sum_d(s,last)=" + std::to_string(sum);
    bool ok = true;
    if (b.porto_reference) {
      ok = std::abs(sum - reference_one_to_all) < 0.5;
      detail += " reference=196439.300 diff=" + std::to_string(sum - reference_one_to_all);
    }
    check("checksum one_to_all " + name, ok, detail);
  }

  // Matrix: sample x sample.
  const std::size_t k = b.sample.size();
  std::vector<Weight> mat;
  const Timing t_mat =
      timed(o.matrix_reps, [&] { mat = rp::routing::ch_matrix(ch, b.sample, b.sample, 1); });
  std::vector<Weight> mat2;
  const Timing t_mat2 = timed(
      o.matrix_reps, [&] { mat2 = rp::routing::ch_matrix(ch, b.sample, b.sample, o.threads); });
  const std::size_t rows = o.baseline_rows > 0 ? std::min<std::size_t>(o.baseline_rows, k)
                                               : (grid ? std::min<std::size_t>(50, k) : k);
  std::vector<Weight> boost_rows(rows * k);
  const Timing t_boost_rows = timed(1, [&] {
    for (std::size_t i = 0; i < rows; ++i) {
      boost_search.run(b.sample[i]);
      for (std::size_t j = 0; j < k; ++j) boost_rows[i * k + j] = boost_search.d(b.sample[j]);
    }
  });
  const Timing t_boost = t_boost_rows.scaled(static_cast<double>(k) / static_cast<double>(rows));
  const std::string rows_note = rows < k ? " baseline_rows=" + std::to_string(rows) : "";
  const std::string mname = "matrix_" + std::to_string(k);
  line(mname, name, "ch", t_mat, t_boost, "threads=1" + rows_note);
  line(mname, name, "ch_" + std::to_string(o.threads) + "threads", t_mat2, t_boost,
       "threads=" + std::to_string(o.threads) + rows_note);
  check(mname + " " + name + " ch == boost",
        std::equal(boost_rows.begin(), boost_rows.end(), mat.begin()) && mat == mat2,
        "(" + std::to_string(rows) + " rows element-wise; threaded == single)");
  {
    double sum = 0;
    for (Weight x : mat) sum += x.ms / 1000.0;
    std::string detail = "sum=" + std::to_string(sum);
    bool ok = true;
    if (b.porto_reference) {
      const double rel = std::abs(sum - reference_matrix) / reference_matrix;
      ok = rel < 1e-6;
      char buf[160];
      std::snprintf(buf, sizeof buf, " reference=1479428061.137 rel_diff=%.2e", rel);
      detail += buf;
    }
    check("checksum " + mname + " " + name, ok, detail);
  }

  // Memory, per vertex and per original arc.
  auto mem = [&](const char* what, std::size_t bytes) {
    std::printf("memory %s %s bytes=%zu bytes_per_vertex=%.1f bytes_per_edge=%.1f\n", name.c_str(),
                what, bytes, static_cast<double>(bytes) / b.n, static_cast<double>(bytes) / m);
  };
  mem("road_graph_csr", rg.memory_bytes());
  mem("contraction_hierarchy", ch.memory_bytes());
  std::printf("memory %s ch_arcs=%zu (%.2f per edge)\n", name.c_str(), ch.arc_count(),
              static_cast<double>(ch.arc_count()) / m);
  mem("phast_query_state", static_cast<std::size_t>(b.n) * 2 * sizeof(Weight));
  mem("bucket_query_state", static_cast<std::size_t>(b.n) * (sizeof(Weight) + 3 * sizeof(Index)));
  return {std::move(ch), std::move(mat)};
}

BenchGraph from_csv(const std::string& name, const rp::bench::CsvGraph& c) {
  BenchGraph b;
  b.name = name;
  b.n = c.vertices;
  b.tails = c.from;
  b.heads = c.to;
  for (double sec : c.seconds)
    b.w.push_back(Weight{static_cast<std::uint32_t>(std::lround(sec * 1000.0))});
  return b;
}

BenchGraph grid_graph(const std::string& name, std::uint32_t w, std::uint32_t h) {
  const double t0 = now_s();
  // Keep the largest strongly connected component, as the real graphs do.
  const auto net = rp::bench::synthetic_road_network(w, h);
  BenchGraph b;
  b.name = name;
  b.n = net.vertex_count();
  b.tails = net.from;
  b.heads = net.to;
  for (double sec : net.seconds)
    b.w.push_back(Weight{static_cast<std::uint32_t>(std::lround(sec * 1000.0))});
  rp::bench::SplitMix64 rng(20240601);
  std::vector<char> taken(b.n, 0);
  while (b.sample.size() < 1000 && b.sample.size() < b.n) {
    const auto v = static_cast<Index>(rng.next() % b.n);
    if (!taken[v]) taken[v] = 1, b.sample.push_back(v);
  }
  b.n_sources = std::min<std::size_t>(100, b.sample.size());
  std::printf("\n# generated %s: %ux%u grid, largest SCC %u of %u vertices (%.2f s)\n",
              name.c_str(), w, h, b.n, w * h, now_s() - t0);
  return b;
}

using Oracle = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                     boost::property<boost::edge_weight_t, rp::core::Seconds>>;

void run_region(const std::string& path, int reps) {
  std::printf("\n# region scenario %s\n", path.c_str());
  const std::string out_dir =
      (std::filesystem::temp_directory_path() / ("reachplan-bench-" + std::to_string(::getpid())))
          .string();
  std::size_t places = 0;
  const Timing ours = timed(reps, [&] {
    std::vector<rp::io::Warning> warnings;
    const auto s = rp::io::load_scenario(path, warnings);
    const auto r = rp::analysis::run_scenario(s, 1);
    places = s.network.nodes.size();
    if (r.key_matrix.minutes.size() == 0) throw std::runtime_error("empty result");
  });
  // Baseline: the same load and graph, then Boost from every place to every place.
  const Timing base = timed(reps, [&] {
    std::vector<rp::io::Warning> warnings;
    const auto s = rp::io::load_scenario(path, warnings);
    const auto g = rp::graph::build_graph(s, s.profile(""));
    Oracle og(g.vertex_count());
    for (Index a = 0; a < g.arc_count(); ++a)
      boost::add_edge(g.tail[a], g.head[a], g.weight[a], og);
    std::vector<rp::core::Seconds> dist(g.vertex_count());
    double sum = 0;
    for (Index n : g.origin_of_node) {
      boost::dijkstra_shortest_paths(og, n, boost::distance_map(dist.data()));
      for (Index d : g.destination_of_node) sum += dist[d];
    }
    if (sum < 0) throw std::runtime_error("impossible");
  });
  line("region_end_to_end", std::filesystem::path(path).stem().string(), "reachplan_run", ours,
       base,
       "places=" + std::to_string(places) +
           " baseline=load+graph+boost_all_pairs_default_profile threads=1");
  check("region_end_to_end under 1 s", ours.wall < 1.0, std::to_string(ours.wall) + " s");
}

void usage() {
  std::fprintf(
      stderr,
      "usage: reachplan_bench [--data DIR] [--graphs porto,porto_compressed,grid1m,grid4m,"
      "gridWxH] [--reps R] [--matrix-reps R] [--pre-reps R] [--baseline-rows N] "
      "[--baseline-sources N] [--threads T] [--region SCENARIO|none] [--ch-witness-limit N] "
      "[--ch-simulation-limit N] [--ch-no-lazy]\n");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.region = std::string(REACHPLAN_SOURCE_DIR) + "/scenarios/middle-yangtze/all-planned.yaml";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--data")
      o.data = value();
    else if (a == "--graphs")
      o.graphs = rp::bench::split(value());
    else if (a == "--reps")
      o.reps = std::stoi(value());
    else if (a == "--matrix-reps")
      o.matrix_reps = std::stoi(value());
    else if (a == "--pre-reps")
      o.pre_reps = std::stoi(value());
    else if (a == "--baseline-rows")
      o.baseline_rows = std::stol(value());
    else if (a == "--baseline-sources")
      o.baseline_sources = std::stol(value());
    else if (a == "--threads")
      o.threads = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--region")
      o.region = value();
    else if (a == "--ch-witness-limit")
      o.ch.witness_settle_limit = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--ch-simulation-limit")
      o.ch.simulation_settle_limit = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--ch-no-lazy")
      o.ch.lazy_updates = false;
    else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else {
      usage();
      return 2;
    }
  }
  try {
    std::printf("# reachplan_bench: hardware threads %u; weights in ms; times are medians\n",
                std::thread::hardware_concurrency());
    const std::string d = o.data;
    auto data = [&](const char* f) { return (std::filesystem::path(d) / f).string(); };
    GraphResult porto_full, porto_comp;
    bool have_full = false, have_comp = false;
    std::vector<Index> points_full, points_comp;
    for (const auto& name : o.graphs) {
      if (name == "porto" || name == "porto_compressed") {
        if (d.empty() || !std::filesystem::exists(data("porto.edges.csv.gz"))) {
          std::printf("# skipping %s: give --data with the shared/bench files\n", name.c_str());
          continue;
        }
        const bool full = name == "porto";
        const auto csv =
            full ? rp::bench::read_csv_graph(data("porto.edges.csv.gz"), data("porto.nodes.csv.gz"))
                 : rp::bench::read_csv_graph(data("porto_compressed.edges.csv.gz"),
                                             data("porto_compressed.nodes.csv.gz"));
        BenchGraph b = from_csv(name, csv);
        const auto points = rp::bench::read_points_by_osm_id(data("porto.points1000.csv"), csv);
        if (full) {
          b.sample = rp::bench::read_sample(data("porto.sample1000.txt"));
          b.porto_reference = true;
          points_full = points;
        } else {
          b.sample = points;  // sample1000 names full-graph vertices; points survive compression
          points_comp = points;
        }
        auto r = run_graph(b, o);
        (full ? porto_full : porto_comp) = std::move(r);
        (full ? have_full : have_comp) = true;
      } else if (name.rfind("grid", 0) == 0) {
        std::uint32_t w = 0, h = 0;
        if (name == "grid1m")
          w = h = 1000;
        else if (name == "grid4m")
          w = h = 2000;
        else if (std::sscanf(name.c_str(), "grid%ux%u", &w, &h) != 2 || w < 2 || h < 2) {
          std::fprintf(stderr, "unknown graph %s\n", name.c_str());
          return 2;
        }
        run_graph(grid_graph(name, w, h), o);
      } else {
        std::fprintf(stderr, "unknown graph %s\n", name.c_str());
        return 2;
      }
    }
    if (have_full && have_comp) {
      // The compressed graph must give the full graph's times between intersections (up to
      // the per-edge rounding to ms that compression does once per chain instead).
      const auto full = rp::routing::ch_matrix(porto_full.ch, points_full, points_full, o.threads);
      // Not a check: the shared compressed graph is not exactly the full one (some pairs
      // differ by tens of seconds in the CSVs themselves; plain Dijkstra on the files agrees).
      double worst = 0;
      std::size_t differ = 0;
      for (std::size_t i = 0; i < full.size(); ++i) {
        const double d =
            std::abs(static_cast<double>(full[i].ms) - porto_comp.matrix[i].ms) / 1000.0;
        worst = std::max(worst, d);
        differ += d > 0.5;
      }
      std::printf(
          "note porto_compressed vs porto on points1000: %zu of %zu pairs differ by more "
          "than 0.5 s, max %.3f s (a property of the two shared graphs)\n",
          differ, full.size(), worst);
    }
    if (o.region != "none") run_region(o.region, o.reps);
    std::printf("\n%s\n", all_ok ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
    return all_ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reachplan_bench: %s\n", e.what());
    return 2;
  }
}
