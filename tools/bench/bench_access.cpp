// Per-cell accessibility (issue 18): where the time of an every-cell-an-origin surface goes,
// against baselines in the same run.
//   1. One-to-all: PHAST with 8 sources per sweep (PhastLanes) against plain PHAST run once
//      per source, on the same sources; every label compared.
//   2. The whole surface (cell_accessibility: joins, sweeps, decayed sums) in origin cells per
//      second per core, on 1 and on 2 threads (strong scaling on one machine).
// Under mpirun the surface is dealt over the ranks (core::deal_blocks), so
//   mpirun -np 2 reachplan_bench_access ... --threads 1
// against the same with -np 1 measures strong scaling over ranks.
//
//   build/tools/bench/reachplan_bench_access --data ../shared/bench [--graphs porto,grid1m]
//       [--resolution 200] [--cutoff 30] [--sources 256] [--threads N]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/core/distributed.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/routing/ch_query.hpp"
#include "synthetic_grid.hpp"

namespace rp = reachplan;
using rp::core::Index;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Graph {
  std::string name;
  std::vector<double> lon, lat;
  rp::graph::ContractionHierarchy ch;
};

Graph make_graph(const std::string& name, std::uint32_t vertices, const std::vector<double>& lon,
                 const std::vector<double>& lat, const std::vector<std::uint32_t>& from,
                 const std::vector<std::uint32_t>& to, const std::vector<double>& seconds) {
  std::vector<Index> tails(from.begin(), from.end()), heads(to.begin(), to.end());
  std::vector<rp::graph::Weight> w;
  for (double s : seconds) w.emplace_back(static_cast<std::uint32_t>(s * 1000 + 0.5));
  const auto t0 = std::chrono::steady_clock::now();
  Graph g{name, lon, lat,
          rp::graph::build_contraction_hierarchy(
              rp::graph::make_road_graph(vertices, tails, heads, w))};
  if (rp::core::is_root())
    std::printf("%s: %u vertices, %zu arcs, hierarchy %.1f s, %.1f MB\n", name.c_str(), vertices,
                from.size(), since(t0), g.ch.memory_bytes() / 1e6);
  return g;
}

void bench_sweeps(const Graph& g, std::size_t sources) {
  std::vector<Index> src;
  for (std::size_t i = 0; i < sources; ++i)
    src.push_back(static_cast<Index>((i * 2654435761u) % g.ch.vertex_count()));
  rp::routing::Phast plain(g.ch);
  rp::routing::PhastLanes lanes(g.ch);
  constexpr std::size_t k = rp::routing::PhastLanes::lanes;
  auto t0 = std::chrono::steady_clock::now();
  std::uint64_t check_plain = 0;
  for (Index s : src) {
    plain.run(s);
    check_plain += plain.internal_distances()[g.ch.vertex_count() / 2].ms;
  }
  const double t_plain = since(t0);
  t0 = std::chrono::steady_clock::now();
  std::uint64_t check_lanes = 0;
  for (std::size_t i = 0; i < src.size(); i += k) {
    const std::size_t n = std::min(k, src.size() - i);
    lanes.run(src.data() + i, n);
    for (std::size_t l = 0; l < n; ++l)
      check_lanes += lanes.internal_lanes(g.ch.vertex_count() / 2)[l];
  }
  const double t_lanes = since(t0);
  // Every label of a few sources, lane against plain.
  std::size_t differ = 0;
  lanes.run(src.data(), std::min(k, src.size()));
  for (std::size_t l = 0; l < std::min(k, src.size()); ++l) {
    plain.run(src[l]);
    for (Index v = 0; v < g.ch.vertex_count(); ++v)
      differ += plain.internal_distances()[v].ms != lanes.internal_lanes(v)[l];
  }
  std::printf(
      "  one-to-all, %zu sources: plain PHAST %.3f ms/source, %zu lanes %.3f ms/source, "
      "ratio %.2f; labels %s\n",
      src.size(), 1e3 * t_plain / src.size(), k, 1e3 * t_lanes / src.size(), t_lanes / t_plain,
      differ == 0 && check_plain == check_lanes ? "equal" : "DIFFER");
}

void bench_surface(const Graph& g, double resolution, double cutoff, unsigned threads) {
  rp::model::GridSpec gs;
  gs.resolution_m = resolution;
  gs.margin_km = 0;
  const rp::analysis::Grid grid = rp::analysis::make_grid(g.lon, g.lat, gs, g.name);
  const std::vector<double> amount(grid.cell_count(), 1.0);
  rp::analysis::CellAccessSettings s;
  s.decay.cutoff_min = cutoff;
  const std::vector<unsigned> runs =
      threads ? std::vector<unsigned>{threads} : std::vector<unsigned>{1, 2};
  double one = 0;
  for (unsigned t : runs) {
    s.threads = t;
    const auto a = rp::analysis::cell_accessibility(g.ch, grid, amount, s);
    if (!rp::core::is_root()) continue;
    const double cores = static_cast<double>(t) * rp::core::rank_count();
    const double rate = a.joined_cells / a.seconds;
    if (one == 0) one = rate / cores;
    std::printf(
        "  surface %dx%d cells of %.0f m, step %.0f min: %zu origin cells (%zu sweeps of "
        "vertices), %d rank(s) x %u thread(s): %.2f s, %.0f origins/s, %.0f origins/s/core, "
        "efficiency %.2f\n",
        grid.width, grid.height, resolution, cutoff, a.joined_cells, a.searches,
        rp::core::rank_count(), t, a.seconds, rate, rate / cores, rate / cores / one);
  }
}

}  // namespace

int main(int argc, char** argv) {
  rp::core::Ranks ranks(argc, argv);
  std::string data = "../shared/bench", graphs = "porto,grid1m";
  double resolution = 200, cutoff = 30;
  std::size_t sources = 256;
  unsigned threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--data")
      data = v;
    else if (k == "--graphs")
      graphs = v;
    else if (k == "--resolution")
      resolution = std::stod(v);
    else if (k == "--cutoff")
      cutoff = std::stod(v);
    else if (k == "--sources")
      sources = std::stoul(v);
    else if (k == "--threads")
      threads = static_cast<unsigned>(std::stoul(v));
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  for (const auto& name : rp::bench::split(graphs)) {
    Graph g;
    if (name == "porto" || name == "porto_compressed") {
      const std::string stem = data + "/" + name;
      if (!std::filesystem::exists(stem + ".edges.csv.gz")) {
        std::fprintf(stderr, "skip %s: no %s.edges.csv.gz\n", name.c_str(), stem.c_str());
        continue;
      }
      const auto c = rp::bench::read_csv_graph(stem + ".edges.csv.gz", stem + ".nodes.csv.gz");
      g = make_graph(name, c.vertices, c.lon, c.lat, c.from, c.to, c.seconds);
    } else if (name == "grid1m") {
      const auto c = rp::bench::synthetic_grid(1000, 1000);
      g = make_graph(name, c.vertices, c.lon, c.lat, c.from, c.to, c.seconds);
    } else {
      std::fprintf(stderr, "unknown graph %s\n", name.c_str());
      return 2;
    }
    if (rp::core::is_root() && rp::core::rank_count() == 1) bench_sweeps(g, sources);
    bench_surface(g, resolution, cutoff, threads);
  }
  return 0;
}
