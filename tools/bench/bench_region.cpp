// Benchmark: the bundled region's travel-time matrix (every place to every place, one
// scenario's routing graph) with our CSR travel_time_matrix against Boost.Graph's
// dijkstra_shortest_paths on an adjacency_list of the same arcs, in the same run. Also times
// the whole pipeline (load YAML, build the graph, matrix). Prints one line per measurement
// and checks that both engines give the same matrix.
//
//   reachplan_bench_region [scenario.yaml] [--reps N] [--profile ID]
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "reachplan/graph/build.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/routing/many_to_many.hpp"

using namespace reachplan;
using Clock = std::chrono::steady_clock;

namespace {

using BoostGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                          boost::property<boost::edge_weight_t, std::uint64_t>>;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The baseline: one Boost Dijkstra per origin over the same arcs, read at the destinations.
std::vector<core::Seconds> boost_matrix(const BoostGraph& bg, const graph::RoutingGraph& g,
                                        const std::vector<core::Index>& places) {
  std::vector<core::Seconds> out(places.size() * places.size());
  std::vector<std::uint64_t> dist(boost::num_vertices(bg));
  for (std::size_t i = 0; i < places.size(); ++i) {
    boost::dijkstra_shortest_paths(bg, g.origin_of_node[places[i]],
                                   boost::distance_map(dist.data()));
    for (std::size_t j = 0; j < places.size(); ++j) {
      const std::uint64_t d = i == j ? 0 : dist[g.destination_of_node[places[j]]];
      out[i * places.size() + j] = d == std::numeric_limits<std::uint64_t>::max()
                                       ? core::unreachable
                                       : static_cast<core::Seconds>(d);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = REACHPLAN_SOURCE_DIR "/scenarios/middle-yangtze/all-planned.yaml";
  std::string profile;
  int reps = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) {
      reps = std::max(1, std::stoi(argv[++i]));
    } else if (a == "--profile" && i + 1 < argc) {
      profile = argv[++i];
    } else if (a == "-h" || a == "--help") {
      std::printf("usage: reachplan_bench_region [scenario.yaml] [--reps N] [--profile ID]\n");
      return 0;
    } else {
      path = a;
    }
  }

  std::vector<io::Warning> warnings;
  std::vector<double> pipeline;
  model::Scenario scenario;
  graph::RoutingGraph g;
  std::vector<core::Index> places;
  std::vector<core::Seconds> ours;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    warnings.clear();
    scenario = io::load_scenario(path, warnings);
    g = graph::build_graph(scenario, scenario.profile(profile));
    places.resize(g.node_ids.size());
    for (core::Index i = 0; i < places.size(); ++i) places[i] = i;
    ours = routing::travel_time_matrix(g, places, places, 1);
    pipeline.push_back(seconds_since(t0));
  }

  std::vector<double> ours_s, boost_s;
  BoostGraph bg(g.vertex_count());
  for (core::Index a = 0; a < g.arc_count(); ++a)
    boost::add_edge(g.tail[a], g.head[a], g.weight[a], bg);
  std::vector<core::Seconds> baseline;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    ours = routing::travel_time_matrix(g, places, places, 1);
    ours_s.push_back(seconds_since(t0));
    t0 = Clock::now();
    baseline = boost_matrix(bg, g, places);
    boost_s.push_back(seconds_since(t0));
  }
  const bool same = ours == baseline;
  const double o = median(ours_s), b = median(boost_s);
  std::printf("graph region %s profile=%s places=%zu vertices=%u arcs=%u\n", scenario.id.c_str(),
              scenario.profile(profile).id.c_str(), places.size(), g.vertex_count(), g.arc_count());
  std::printf(
      "bench matrix_all region csr_dijkstra_1thread median_s=%.6f baseline_s=%.6f speedup=%.2f\n",
      o, b, b / o);
  std::printf("bench pipeline region load+build+matrix median_s=%.6f\n", median(pipeline));
  std::printf("check matrix equals boost: %s\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}
