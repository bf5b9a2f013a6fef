// Matrices between the points of a CSV, on the small town of tests/data/osm (times worked out in
// tests/unit/io/test_osm_import.cpp: 0.001 degree on the equator is 111.195 m) and on its YAML
// network of places.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "reachplan/analysis/point_matrix.hpp"
#include "reachplan/core/error.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

const std::string data = std::string(REACHPLAN_TEST_DATA) + "/osm/";

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("reachplan-point-matrix-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

analysis::PointMatrixRequest town_request(const fs::path& cache,
                                          std::vector<std::string>& warnings) {
  analysis::PointMatrixRequest rq;
  rq.network = data + "town.osm";
  rq.origins = data + "points.csv";  // west (osm 1), east (osm 30), north (snapped, 101 m)
  rq.cache_dir = cache.string();
  rq.threads = 1;
  rq.warn = [&warnings](const std::string& w) { warnings.push_back(w); };
  return rq;
}

double at(const analysis::PointMatrix& m, std::size_t i, std::size_t j) {
  return m.minutes[i * m.destinations.rows.size() + j];
}

}  // namespace

TEST_CASE("a matrix over a road network joins points by OSM id and by snapping",
          "[analysis][point_matrix]") {
  const fs::path cache = scratch("town");
  std::vector<std::string> warnings;
  const auto m = analysis::point_matrix(town_request(cache, warnings));
  CHECK(warnings.empty());
  CHECK(m.same_points);
  REQUIRE(m.origins.rows.size() == 3);
  CHECK(m.origins.at[0].how == "osm_id");
  CHECK(m.origins.at[1].how == "osm_id");
  CHECK(m.origins.at[2].how == "snapped");
  CHECK(m.origins.at[2].snap_m == Approx(101).margin(0.5));
  // west -> east: 3 residential steps at 25 km/h, then the motorway 4 -> 30 at 90 km/h.
  CHECK(at(m, 0, 1) == Approx(1.02).margin(0.005));
  CHECK(at(m, 0, 2) == Approx(0.53).margin(0.005));  // north snaps to node 3: two steps
  CHECK(at(m, 1, 0) == Approx(1.37).margin(0.005));
  CHECK(at(m, 0, 0) == 0);
  CHECK(m.reachable_pairs() == 9);
  REQUIRE(m.road);
  CHECK(m.road->vertices == 8);
  CHECK(m.road->edges == 16);
  CHECK(m.road->ch_arcs == 15);
  CHECK_FALSE(m.road->network_from_cache);
  CHECK_FALSE(m.road->ch_from_cache);

  // The second time both the prepared network and its hierarchy come from the cache.
  const auto again = analysis::point_matrix(town_request(cache, warnings));
  CHECK(again.road->network_from_cache);
  CHECK(again.road->ch_from_cache);
  CHECK(again.minutes.size() == m.minutes.size());
  for (std::size_t k = 0; k < m.minutes.size(); ++k) CHECK(again.minutes[k] == m.minutes[k]);
}

TEST_CASE("points too far from the road network stay unreachable, with a warning",
          "[analysis][point_matrix]") {
  std::vector<std::string> warnings;
  auto rq = town_request(scratch("far"), warnings);
  rq.max_snap_m = 50;
  const auto m = analysis::point_matrix(rq);
  // Once as an origin, once as a destination.
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] == rq.origins +
                           ":4: point 'north': nearest vertex is 101 m away (more than "
                           "--max-snap-m 50): left unreachable");
  CHECK(m.origins.at[2].vertex == core::invalid_index);
  CHECK(std::isnan(at(m, 0, 2)));
  CHECK(std::isnan(at(m, 2, 2)));
  CHECK(m.reachable_pairs() == 4);
}

TEST_CASE("a matrix over a YAML network joins points by node id", "[analysis][point_matrix]") {
  const fs::path dir = scratch("yaml");
  std::ofstream(dir / "places.csv") << "id,node\nw,west\ne,east\nf,far\n";
  std::ofstream(dir / "to.csv") << "id,node\nf,far\n";
  analysis::PointMatrixRequest rq;
  rq.network = data + "network.yaml";
  rq.origins = (dir / "places.csv").string();
  rq.destinations = (dir / "to.csv").string();
  const auto m = analysis::point_matrix(rq);
  CHECK_FALSE(m.same_points);
  CHECK_FALSE(m.road);
  CHECK(m.places == 3);
  CHECK(m.profile == "default");
  REQUIRE(m.minutes.size() == 3);
  CHECK(std::isnan(m.minutes[0]));    // west has no line without the road network
  CHECK(m.minutes[1] == Approx(60));  // 60 km of rail at 60 km/h, access 0
  CHECK(m.minutes[2] == 0);
  CHECK(m.origins.at[1].how == "node");

  // Node ids need a YAML network, and --bbox only applies to road networks.
  auto road = rq;
  road.network = data + "town.osm";
  road.use_cache = false;
  CHECK_THROWS_WITH(analysis::point_matrix(road), Catch::Contains("node ids need a YAML network"));
  auto bbox = rq;
  bbox.bbox = "0,0,1,1";
  CHECK_THROWS_AS(analysis::point_matrix(bbox), core::UsageError);
  auto unknown = rq;
  std::ofstream(dir / "bad.csv") << "id,node\nx,nowhere\n";
  unknown.origins = (dir / "bad.csv").string();
  CHECK_THROWS_WITH(analysis::point_matrix(unknown),
                    (dir / "bad.csv").string() + ":2: point 'x': unknown place 'nowhere'");
  std::ofstream(dir / "typo.csv") << "id,node\nx,eats\n";
  unknown.origins = (dir / "typo.csv").string();
  CHECK_THROWS_WITH(analysis::point_matrix(unknown),
                    Catch::EndsWith("typo.csv:2: point 'x': unknown place 'eats' (did you mean "
                                    "'east'?)"));
}

TEST_CASE("a matrix over a YAML network joins points by place name too",
          "[analysis][point_matrix]") {
  // The node column takes what `route` takes: FAR is far's id up to case (names default to
  // ids here), the same trip as the test above.
  const fs::path dir = scratch("yaml-names");
  std::ofstream(dir / "places.csv") << "id,node\ne,EAST\n";
  std::ofstream(dir / "to.csv") << "id,node\nf,Far\n";
  analysis::PointMatrixRequest rq;
  rq.network = data + "network.yaml";
  rq.origins = (dir / "places.csv").string();
  rq.destinations = (dir / "to.csv").string();
  const auto m = analysis::point_matrix(rq);
  REQUIRE(m.minutes.size() == 1);
  CHECK(m.minutes[0] == Approx(60));
  CHECK(m.origins.at[0].how == "node");
}

TEST_CASE("shards tile the origin rows in order, as equal as they can be",
          "[analysis][point_matrix]") {
  CHECK(analysis::shard_rows(7, 0, 0).first == 0);
  CHECK(analysis::shard_rows(7, 0, 0).last == 7);
  const std::size_t huge = std::numeric_limits<std::size_t>::max() - 3;
  for (std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{10},
                           std::size_t{97}, std::size_t{1000003}, huge}) {
    for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5},
                          std::size_t{16}, std::size_t{100000}}) {
      INFO(rows << " rows in " << n << " shards");
      std::size_t next = 0, smallest = std::numeric_limits<std::size_t>::max(), largest = 0;
      for (std::size_t k = 1; k <= n; ++k) {
        const auto r = analysis::shard_rows(rows, k, n);
        REQUIRE(r.first == next);
        REQUIRE(r.last >= r.first);
        smallest = std::min(smallest, r.last - r.first);
        largest = std::max(largest, r.last - r.first);
        next = r.last;
      }
      CHECK(next == rows);
      CHECK(largest - smallest <= 1);
    }
  }
}
