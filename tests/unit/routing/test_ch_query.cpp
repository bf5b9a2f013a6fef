// Contraction hierarchy queries against the oracles: on seeded random road-like graphs (oneway
// streets, parallel arcs, loops, zero weights, unreachable parts), point-to-point, PHAST
// one-to-all, bucket many-to-many and unpacked paths must equal Dijkstra's, and Dijkstra must
// equal Boost's.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/routing/ch_query.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "unit/support/boost_oracle.hpp"

namespace {

using namespace reachplan;
using core::Index;
using graph::Weight;

Weight ms(int count) {
  return Weight{static_cast<std::uint32_t>(count)};
}

struct Arcs {
  Index n = 0;
  std::vector<Index> tails, heads;
  std::vector<Weight> weights;
};

// A jittered grid of streets (some oneway, some missing, a few fast roads), plus random
// shortcuts, parallel arcs, loops and zero-weight arcs, and a few vertices with no arcs.
Arcs random_road_graph(unsigned seed, Index side) {
  std::mt19937 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Arcs g;
  g.n = side * side + 3;
  auto arc = [&](Index a, Index b, Weight w) {
    g.tails.push_back(a);
    g.heads.push_back(b);
    g.weights.push_back(w);
  };
  for (Index r = 0; r < side; ++r)
    for (Index c = 0; c < side; ++c) {
      const Index v = r * side + c;
      for (const Index u : {c + 1 < side ? v + 1 : v, r + 1 < side ? v + side : v}) {
        if (u == v || uni(0, 99) < 8) continue;
        const Weight w = ms(uni(0, 9) == 0 ? uni(0, 3) : uni(10, 2000));
        const int dir = uni(0, 9);
        if (dir != 0) arc(v, u, w);
        if (dir != 1) arc(u, v, w + ms(uni(0, 1) * uni(0, 50)));
      }
    }
  for (int k = 0; k < static_cast<int>(side); ++k) {
    const Index a = static_cast<Index>(uni(0, static_cast<int>(side * side) - 1));
    const Index b = static_cast<Index>(uni(0, static_cast<int>(side * side) - 1));
    arc(a, b, ms(uni(1, 5000)));  // a fast road (or a loop when a == b)
    arc(a, b, ms(uni(1, 5000)));  // and a parallel one
  }
  arc(side * side, side * side + 1, Weight{7});  // a separate pair: unreachable from the grid
  return g;
}

graph::RoutingGraph as_routing_graph(const Arcs& a) {
  const auto rg = graph::make_road_graph(a.n, a.tails, a.heads, a.weights);
  graph::RoutingGraph g;
  g.first_out = rg.first_out;
  g.head = rg.head;
  // Dijkstra (whole seconds) runs on the millisecond counts: the search does not care.
  for (Weight w : rg.weight) g.weight.push_back(w.ms);
  g.tail.resize(g.head.size());
  for (Index v = 0; v < a.n; ++v)
    for (Index x = g.first_out[v]; x < g.first_out[v + 1]; ++x) g.tail[x] = v;
  g.arc_kind.assign(g.head.size(), graph::ArcKind::road);
  g.vertex_kind.assign(a.n, graph::VertexKind::road);
  return g;
}

// The length of a vertex path in the input graph (the cheapest arc between consecutive ones);
// core::unreachable_ms when two consecutive vertices are not joined.
Weight path_length(const Arcs& a, const std::vector<Index>& path) {
  Weight total{0};
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    Weight best = core::unreachable_ms;
    for (std::size_t k = 0; k < a.tails.size(); ++k)
      if (a.tails[k] == path[i] && a.heads[k] == path[i + 1]) best = std::min(best, a.weights[k]);
    if (best == core::unreachable_ms) return best;
    total += best;
  }
  return total;
}

}  // namespace

TEST_CASE("CH, PHAST and bucket matrices equal Dijkstra on random road graphs", "[routing][ch]") {
  for (unsigned seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    const Index side = 6 + 3 * (seed % 4);
    const Arcs a = random_road_graph(seed, side);
    INFO("seed " << seed << ", " << a.n << " vertices, " << a.tails.size() << " arcs");
    const auto rg = graph::make_road_graph(a.n, a.tails, a.heads, a.weights);
    graph::ChStats stats;
    const auto ch = graph::build_contraction_hierarchy(rg, {}, &stats);
    REQUIRE(ch.vertex_count() == a.n);
    // Every CH arc goes from less to more important (internal ids: higher to lower).
    for (Index v = 0; v < a.n; ++v) {
      for (Index x = ch.up_first[v]; x < ch.up_first[v + 1]; ++x) CHECK(ch.up_head[x] < v);
      for (Index x = ch.down_first[v]; x < ch.down_first[v + 1]; ++x) CHECK(ch.down_tail[x] < v);
    }
    const auto g = as_routing_graph(a);
    const auto og = test::oracle_graph(g);
    routing::Dijkstra dijkstra(g);
    routing::Phast phast(ch);
    routing::ChQuery query(ch);
    std::vector<Index> all(a.n);
    for (Index v = 0; v < a.n; ++v) all[v] = v;
    const auto matrix = routing::ch_matrix(ch, all, all, 2);
    for (Index s = 0; s < a.n; ++s) {
      dijkstra.run(s);
      phast.run(s);
      const auto oracle = test::oracle_dijkstra(og, s);
      for (Index t = 0; t < a.n; ++t) {
        REQUIRE(dijkstra.distance(t) == oracle[t]);
        const Weight d{dijkstra.distance(t)};  // Dijkstra ran on the ms counts
        REQUIRE(phast.distance(t) == d);
        REQUIRE(matrix[static_cast<std::size_t>(s) * a.n + t] == d);
      }
      // Point to point on a few targets, with the unpacked path.
      for (Index t : {Index{0}, static_cast<Index>(a.n / 2), static_cast<Index>(a.n - 1), s}) {
        REQUIRE(query.distance(s, t) == Weight{dijkstra.distance(t)});
        const auto path = query.path(s, t);
        if (dijkstra.distance(t) == core::unreachable) {
          CHECK(path.empty());
        } else {
          REQUIRE_FALSE(path.empty());
          CHECK(path.front() == s);
          CHECK(path.back() == t);
          CHECK(path_length(a, path) == Weight{dijkstra.distance(t)});
        }
      }
    }
  }
}

TEST_CASE("multi-threaded PHAST and rectangular matrices match single runs", "[routing][ch]") {
  const Arcs a = random_road_graph(42, 12);
  const auto ch =
      graph::build_contraction_hierarchy(graph::make_road_graph(a.n, a.tails, a.heads, a.weights));
  const std::vector<Index> sources = {3, 77, 5, 140, 3};
  const std::vector<Index> targets = {9, 0, 143, 60};
  routing::Phast single(ch);
  std::vector<std::vector<Weight>> seen(sources.size());
  routing::phast_for_each(ch, sources, 3, [&](std::size_t i, const routing::Phast& p) {
    for (Index t : targets) seen[i].push_back(p.distance(t));
  });
  const auto m = routing::ch_matrix(ch, sources, targets, 1);
  REQUIRE(m.size() == sources.size() * targets.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    single.run(sources[i]);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      CHECK(seen[i][j] == single.distance(targets[j]));
      CHECK(m[i * targets.size() + j] == single.distance(targets[j]));
    }
  }
  CHECK(routing::ch_matrix(ch, {}, targets).empty());
  CHECK_THROWS_AS(routing::ch_matrix(ch, {a.n}, targets), std::out_of_range);
  CHECK_THROWS_AS(single.run(a.n), std::out_of_range);
}

TEST_CASE("bucket rows in blocks over buckets built once equal Dijkstra's rows", "[routing][ch]") {
  // How matrix rows are dealt over threads, ranks and shards: the targets' buckets once, then
  // any subset of the sources, in any order, repeated or not.
  const Arcs a = random_road_graph(7, 11);
  const auto ch =
      graph::build_contraction_hierarchy(graph::make_road_graph(a.n, a.tails, a.heads, a.weights));
  const std::vector<Index> targets = {4, 0, 50, 4, static_cast<Index>(a.n - 1), 17};
  const routing::ChBuckets buckets(ch, targets, 2);
  const auto g = as_routing_graph(a);  // Dijkstra keeps a reference to it
  routing::Dijkstra dijkstra(g);
  for (const std::vector<Index>& block :
       {std::vector<Index>{}, std::vector<Index>{9}, std::vector<Index>{a.n - 1, 3, 3, 60, 0}}) {
    for (unsigned threads : {1u, 3u}) {
      const auto rows = buckets.rows(block, threads);
      REQUIRE(rows.size() == block.size() * targets.size());
      for (std::size_t i = 0; i < block.size(); ++i) {
        dijkstra.run(block[i]);
        for (std::size_t j = 0; j < targets.size(); ++j)
          CHECK(rows[i * targets.size() + j] == Weight{dijkstra.distance(targets[j])});
      }
    }
  }
  CHECK_THROWS_AS(buckets.rows({a.n}), std::out_of_range);
}

TEST_CASE("a hierarchy survives the cache file, and damage is detected", "[routing][ch]") {
  const Arcs a = random_road_graph(7, 8);
  const auto ch =
      graph::build_contraction_hierarchy(graph::make_road_graph(a.n, a.tails, a.heads, a.weights));
  const auto dir = std::filesystem::temp_directory_path() /
                   ("reachplan-ch-" + std::to_string(std::random_device{}()));
  const std::string path = (dir / "x.ch").string();
  graph::save_contraction_hierarchy(ch, path, "key-1");
  const auto back = graph::load_contraction_hierarchy(path, "key-1");
  REQUIRE(back);
  CHECK(back->up_head == ch.up_head);
  CHECK(back->down_weight == ch.down_weight);
  CHECK(back->original_of == ch.original_of);
  CHECK_FALSE(graph::load_contraction_hierarchy(path, "key-2"));
  CHECK_FALSE(graph::load_contraction_hierarchy(path + ".missing", "key-1"));
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x7f');
  }
  CHECK_FALSE(graph::load_contraction_hierarchy(path, "key-1"));
  std::filesystem::resize_file(path, 50);
  CHECK_FALSE(graph::load_contraction_hierarchy(path, "key-1"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a hierarchy with an index, numbering, shortcut or weight that does not fit is refused",
          "[routing][ch][cache]") {
  const Arcs a = random_road_graph(7, 8);
  const graph::RoadGraph g = graph::make_road_graph(a.n, a.tails, a.heads, a.weights);
  const auto ch = graph::build_contraction_hierarchy(g);
  CHECK(graph::contraction_hierarchy_problem(ch).empty());
  CHECK(graph::contraction_hierarchy_problem(ch, &g).empty());
  auto broken = [&](auto edit) {
    graph::ContractionHierarchy c = ch;
    edit(c);
    return graph::contraction_hierarchy_problem(c, &g);
  };
  CHECK_THAT(broken([](auto& c) { c.up_head.back() = 100000000; }), Catch::StartsWith("up arc "));
  CHECK(broken([](auto& c) { c.original_of[0] = c.original_of[1]; }) ==
        "vertex numbering is not a permutation (internal id 0)");
  CHECK(broken([](auto& c) { c.down_first.back() += 1; }) ==
        "down arc offsets do not span the arcs");
  // Every weight zero: the arcs no longer are those of the graph (the poisoned matrix of zeros).
  CHECK_THAT(broken([](auto& c) {
               for (auto& w : c.up_weight) w = graph::Weight{0};
               for (auto& w : c.down_weight) w = graph::Weight{0};
             }),
             Catch::Contains("of the road graph is missing or has another weight") ||
                 Catch::Contains("shortcut is not its two halves"));
  // Another graph of the same size is not this hierarchy's.
  const Arcs b = random_road_graph(7, 9);
  const graph::RoadGraph other = graph::make_road_graph(b.n, b.tails, b.heads, b.weights);
  if (other.vertex_count() == g.vertex_count())
    CHECK_FALSE(graph::contraction_hierarchy_problem(ch, &other).empty());
}

TEST_CASE("PHAST with several sources in one sweep equals Dijkstra lane by lane",
          "[routing][ch][lanes]") {
  for (unsigned seed : {7u, 8u, 9u}) {
    const Arcs a = random_road_graph(seed, 7 + 2 * seed % 5);
    INFO("seed " << seed);
    const auto ch = graph::build_contraction_hierarchy(
        graph::make_road_graph(a.n, a.tails, a.heads, a.weights));
    const auto g = as_routing_graph(a);
    routing::Dijkstra dijkstra(g);
    routing::PhastLanes lanes(ch);
    // Batches of every size from full to one, repeated sources, run on the same object so
    // labels of an earlier batch must not leak into a later one.
    std::vector<Index> sources;
    for (Index s = 0; s < a.n; s += 2) sources.push_back(s);
    sources.push_back(sources.front());
    std::size_t at = 0;
    for (std::size_t batch = routing::PhastLanes::lanes;
         at<sources.size(); batch = batch> 1 ? batch - 1 : routing::PhastLanes::lanes) {
      const std::size_t count = std::min(batch, sources.size() - at);
      lanes.run(sources.data() + at, count);
      for (std::size_t l = 0; l < routing::PhastLanes::lanes; ++l) {
        if (l >= count) {
          for (Index t = 0; t < a.n; ++t) REQUIRE(lanes.distance(l, t) == core::unreachable_ms);
          continue;
        }
        dijkstra.run(sources[at + l]);
        for (Index t = 0; t < a.n; ++t)
          REQUIRE(lanes.distance(l, t) == Weight{dijkstra.distance(t)});
      }
      at += count;
    }
  }
  const Arcs a = random_road_graph(3, 6);
  const auto ch =
      graph::build_contraction_hierarchy(graph::make_road_graph(a.n, a.tails, a.heads, a.weights));
  routing::PhastLanes lanes(ch);
  const std::vector<Index> too_many(routing::PhastLanes::lanes + 1, 0);
  CHECK_THROWS_AS(lanes.run(too_many.data(), too_many.size()), std::invalid_argument);
  const Index bad = a.n;
  CHECK_THROWS_AS(lanes.run(&bad, 1), std::out_of_range);
}
