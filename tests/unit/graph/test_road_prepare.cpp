// Road network cleaning on small hand-drawn networks (graph/road_prepare.hpp).
#include <catch2/catch.hpp>

#include "reachplan/graph/road_prepare.hpp"

using namespace reachplan;
using core::Index;
using model::RoadNetwork;

namespace {

struct Edge {
  Index from, to;
  double length_m, seconds;
  std::int64_t source = 7;
};

// Vertex v at (v, 10 + v); every edge of class 0.
RoadNetwork drawn(Index vertices, const std::vector<Edge>& edges) {
  RoadNetwork net;
  net.class_names = {"primary"};
  for (Index v = 0; v < vertices; ++v) {
    net.lon.push_back(v);
    net.lat.push_back(10.0 + v);
    net.vertex_osm_id.push_back(100 + v);
  }
  for (const Edge& e : edges) {
    net.from.push_back(e.from);
    net.to.push_back(e.to);
    net.length_m.push_back(e.length_m);
    net.seconds.push_back(e.seconds);
    net.edge_class.push_back(0);
    net.edge_source_id.push_back(e.source);
  }
  return net;
}

}  // namespace

TEST_CASE("strongly connected components are numbered as Tarjan finishes them") {
  // 0 <-> 1 -> 2 <-> 3, and 4 -> 0.
  const RoadNetwork net = drawn(
      5, {{0, 1, 1, 1}, {1, 0, 1, 1}, {1, 2, 1, 1}, {2, 3, 1, 1}, {3, 2, 1, 1}, {4, 0, 1, 1}});
  std::size_t count = 0;
  CHECK(graph::strongly_connected_components(net, &count) == std::vector<Index>{1, 1, 0, 0, 2});
  CHECK(count == 3);

  // {0, 1} and {2, 3} tie on size: the one with the smaller vertex stays.
  const RoadNetwork largest = graph::keep_largest_scc(net);
  CHECK(largest.lon == std::vector<double>{0, 1});
  CHECK(largest.vertex_osm_id == std::vector<std::int64_t>{100, 101});
  CHECK(largest.from == std::vector<Index>{0, 1});
  CHECK(largest.to == std::vector<Index>{1, 0});
}

TEST_CASE("parallel edges reduce to the fastest and loops go") {
  const RoadNetwork net = drawn(2, {{0, 1, 500, 10},
                                    {0, 1, 400, 8},
                                    {1, 0, 450, 9},
                                    {1, 1, 10, 1},
                                    {0, 1, 300, 8, 9}});  // as fast as edge 1, found later
  const RoadNetwork r = graph::reduce_parallel_edges(net);
  CHECK(r.from == std::vector<Index>{0, 1});
  CHECK(r.to == std::vector<Index>{1, 0});
  CHECK(r.seconds == std::vector<double>{8, 9});
  CHECK(r.length_m == std::vector<double>{400, 450});
  CHECK(r.edge_source_id == std::vector<std::int64_t>{7, 7});
  CHECK(r.vertex_count() == 2);
}

TEST_CASE("a two-way chain of one way merges into one edge per direction") {
  // 0 - 1 - 2 - 3 one way (source 7), both directions; 3 - 4 another way (source 8).
  const RoadNetwork net = drawn(5, {{0, 1, 100, 10},
                                    {1, 0, 100, 10},
                                    {1, 2, 200, 20},
                                    {2, 1, 200, 20},
                                    {2, 3, 300, 30},
                                    {3, 2, 300, 30},
                                    {3, 4, 50, 5, 8},
                                    {4, 3, 50, 5, 8}});
  const RoadNetwork c = graph::compress_chains(net);
  // 1 and 2 are passed through; 3 joins two ways; 0 and 4 are way ends.
  CHECK(c.lon == std::vector<double>{0, 3, 4});
  CHECK(c.vertex_osm_id == std::vector<std::int64_t>{100, 103, 104});
  CHECK(c.from == std::vector<Index>{0, 1, 1, 2});
  CHECK(c.to == std::vector<Index>{1, 0, 2, 1});
  CHECK(c.length_m == std::vector<double>{600, 600, 50, 50});
  CHECK(c.seconds == std::vector<double>{60, 60, 5, 5});
  CHECK(c.edge_source_id == std::vector<std::int64_t>{7, 7, 8, 8});
  // The merged vertices become shape points, in driving order.
  CHECK(c.shape_first == std::vector<Index>{0, 2, 4, 4, 4});
  CHECK(c.shape_lon == std::vector<double>{1, 2, 2, 1});
  CHECK(c.shape_lat == std::vector<double>{11, 12, 12, 11});
}

TEST_CASE("a lone oneway ring keeps its first vertex") {
  const RoadNetwork net = drawn(3, {{0, 1, 10, 1}, {1, 2, 20, 2}, {2, 0, 30, 3}});
  const RoadNetwork c = graph::compress_chains(net);
  CHECK(c.lon == std::vector<double>{0});
  CHECK(c.from == std::vector<Index>{0});
  CHECK(c.to == std::vector<Index>{0});
  CHECK(c.length_m == std::vector<double>{60});
  CHECK(c.seconds == std::vector<double>{6});
  CHECK(c.shape_lon == std::vector<double>{1, 2});
}
