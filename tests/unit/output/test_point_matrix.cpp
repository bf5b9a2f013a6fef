// The files and summary of `reachplan matrix`, from a matrix built by hand.
#include <catch2/catch.hpp>
#include <cmath>

#include "reachplan/output/point_matrix.hpp"

using namespace reachplan;

namespace {

// Origins a (OSM id, vertex 0) and "b,c" (snapped 12.34 m to vertex 1), destination d (too far).
analysis::PointMatrix sample() {
  analysis::PointMatrix m;
  m.network = "roads.gpkg";
  m.origins.rows.resize(2);
  m.origins.rows[0].id = "a";
  m.origins.rows[1].id = "b,c";
  m.origins.at = {{0, "osm_id", 0}, {1, "snapped", 12.34}};
  m.destinations.rows.resize(1);
  m.destinations.rows[0].id = "d";
  m.destinations.at = {{core::invalid_index, "snapped", 2500}};
  m.rows = {0, 2};  // every origin row: not a shard
  m.minutes = {std::nan(""), std::nan("")};
  m.vertex_lon = {114.1, 114.25};
  m.vertex_lat = {30.5, 30.123456789};
  m.matrix_seconds = 0.0125;
  auto& road = m.road.emplace();
  road.vertices = 2;
  road.edges = 2;
  road.network_from_cache = true;
  road.ch_arcs = 2;
  road.ch_from_cache = false;
  road.ch_seconds = 0.5;
  return m;
}

}  // namespace

TEST_CASE("point matrices as wide and long CSV", "[output][point_matrix]") {
  auto m = sample();
  m.minutes = {12.345, std::nan("")};
  CHECK(output::point_matrix_csv(m, false) == "origin,d\na,12.35\n\"b,c\",\n");
  CHECK(output::point_matrix_csv(m, true) == "origin,destination,minutes\na,d,12.35\n\"b,c\",d,\n");
  // A shard holds only its rows, under the whole matrix's header.
  m.rows = {1, 2};
  m.shard = 2;
  m.shards = 2;
  m.minutes = {7.0};
  CHECK(output::point_matrix_csv(m, false) == "origin,d\n\"b,c\",7.00\n");
  CHECK(output::point_matrix_csv(m, true) == "origin,destination,minutes\n\"b,c\",d,7.00\n");
}

TEST_CASE("matched points list how each point was joined", "[output][point_matrix]") {
  const auto m = sample();
  CHECK(output::matched_points_csv(m) ==
        "role,id,how,vertex,vertex_lon,vertex_lat,snap_m\n"
        "origin,a,osm_id,0,114.1,30.5,0.0\n"
        "origin,\"b,c\",snapped,1,114.25,30.1234568,12.3\n"
        "destination,d,too_far,,,,2500.0\n");
}

TEST_CASE("the matrix summary names the network, the points and the sizes",
          "[output][point_matrix]") {
  const auto m = sample();
  CHECK(output::point_matrix_text(m, 1.5) ==
        "Road network roads.gpkg: 2 vertices, 2 edges (prepared network from the cache)\n"
        "Contraction hierarchy: 2 arcs, built in 0.50 s\n"
        "Origins: 2 points: 1 by OSM node id, 1 snapped to the nearest vertex (median 12 m, max "
        "12 m at 'b,c')\n"
        "Destinations: 1 points: 1 too far from the network\n"
        "Matrix 2 x 1 (0 reachable pairs) in 0.013 s; total 1.500 s\n");
}
