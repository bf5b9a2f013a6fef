// Door-to-door times over a timetable for a departure window, checked by hand.
//
//   O ---- A =================== B ---- D        (on the equator, lon 0 .. 0.05)
//          route R: A -> B, every 10 min from 08:00, 10 min ride
//
// Straight lines at 3.6 km/h (1 m/s), detour 1: O-A and B-D are 0.001 deg = 111.195 m
// (111 s), O-D 0.05 deg = 5559.75 m (5560 s = 92.67 min on foot).
#include <catch2/catch.hpp>
#include <cmath>

#include "reachplan/analysis/transit_matrix.hpp"
#include "reachplan/analysis/transit_route.hpp"

using namespace reachplan;
using analysis::WalkPoint;

namespace {

constexpr model::DaySeconds hms(int h, int m, int s = 0) {
  return h * 3600 + m * 60 + s;
}

model::Timetable line_timetable() {
  model::Timetable tt;
  tt.date = "2019-05-13";
  tt.stops = {{"A", "A", "", 0.001, 0.0}, {"B", "B", "", 0.049, 0.0}};
  tt.routes = {{"R", "ag", "R", "", 3}};
  for (int k = 0; k < 12; ++k) {
    const model::DaySeconds dep = hms(8, 0) + k * 600;
    tt.trips.push_back(
        {"t" + std::to_string(k), 0, "s", "", {0, 1}, {dep, dep + 600}, {dep, dep + 600}});
  }
  return tt;
}

analysis::TransitSettings window_0755() {
  analysis::TransitSettings s;
  s.departure = hms(7, 55);
  s.window_min = 10;  // 07:55 .. 08:04
  s.percentiles = {10, 50, 95};
  s.walk.speed_kmh = 3.6;
  s.walk.detour = 1.0;
  s.max_minutes = 90;
  return s;
}

const std::vector<WalkPoint> points = {{0.0, 0.0}, {0.05, 0.0}};  // O, D

}  // namespace

TEST_CASE("nearest-rank percentiles count unreachable departures as infinitely long", "[transit]") {
  std::vector<std::int32_t> v = {50, 10, 40, 20, 30};
  CHECK(analysis::nearest_rank(v, 50) == 30);   // rank ceil(2.5) = 3
  CHECK(analysis::nearest_rank(v, 20) == 10);   // rank 1
  CHECK(analysis::nearest_rank(v, 100) == 50);  // rank 5
  std::vector<std::int32_t> half = {10, routing::never, 20, routing::never};
  CHECK(analysis::nearest_rank(half, 50) == 20);
  CHECK(analysis::nearest_rank(half, 51) == routing::never);
}

TEST_CASE("a window's percentiles over straight-line walks, by hand", "[transit]") {
  const auto s = window_0755();
  const model::Timetable tt = line_timetable();
  std::vector<WalkPoint> stops = {{0.001, 0.0}, {0.049, 0.0}};
  const auto walks = analysis::straight_walks(points, points, stops, s.walk, s.max_minutes * 60);
  REQUIRE(walks.access[0].size() == 1);
  CHECK(walks.access[0][0].seconds == 111);
  CHECK(walks.direct[1] == routing::never);  // O -> D on foot: 5560 s, over the 90 minutes
  const graph::TransitNetwork net(tt, walks.footpaths);
  const auto r = analysis::transit_times(net, walks, 2, s, 1);
  // O -> D leaving 07:55 .. 08:04: at A 111 s later; the 08:00 trip is caught up to 07:58
  // (no slack after the access walk), then the 08:10 one. Door to door, seconds:
  //   07:55 1011, 07:56 951, 07:57 891, 07:58 831, 07:59 1371, 08:00 1311, 08:01 1251,
  //   08:02 1191, 08:03 1131, 08:04 1071.  Sorted: 831 891 951 1011 1071 1131 1191 1251 1311 1371
  CHECK(r.minutes[0][1] == Approx(831 / 60.0));   // p10: rank 1
  CHECK(r.minutes[1][1] == Approx(1071 / 60.0));  // p50: rank 5
  CHECK(r.minutes[2][1] == Approx(1371 / 60.0));  // p95: rank 10
  CHECK(r.minimum[1] == Approx(831 / 60.0));
  CHECK(r.minutes[1][0] == Approx(0.0));  // O -> O
  // D -> O: no trip back, and 92.67 min on foot is over the 90-minute limit.
  CHECK(std::isnan(r.minutes[1][2]));
  CHECK(std::isnan(r.minimum[2]));
}

TEST_CASE("no rides means walking only", "[transit]") {
  auto s = window_0755();
  s.max_rides = 0;
  s.max_minutes = 120;
  std::vector<WalkPoint> stops = {{0.001, 0.0}, {0.049, 0.0}};
  const auto walks = analysis::straight_walks(points, points, stops, s.walk, s.max_minutes * 60);
  const graph::TransitNetwork net(line_timetable(), walks.footpaths);
  const auto r = analysis::transit_times(net, walks, 2, s, 1);
  CHECK(r.minutes[1][1] == Approx(5560 / 60.0));
  CHECK(r.minutes[1][2] == Approx(5560 / 60.0));
}

TEST_CASE("walks follow the streets when there are streets", "[transit]") {
  // V0 (lon 0) -200 m- V1 (0.001) -6000 m- V2 (0.049) -200 m- V3 (0.05), both ways: the
  // street lengths, not the straight lines, are walked.
  model::RoadNetwork streets;
  streets.lon = {0.0, 0.001, 0.049, 0.05};
  streets.lat = {0.0, 0.0, 0.0, 0.0};
  streets.vertex_osm_id = {0, 0, 0, 0};
  const std::vector<std::pair<core::Index, core::Index>> ends = {{0, 1}, {1, 2}, {2, 3}};
  const double lengths[] = {200, 6000, 200};
  for (std::size_t e = 0; e < ends.size(); ++e)
    for (int dir = 0; dir < 2; ++dir) {
      streets.from.push_back(dir ? ends[e].second : ends[e].first);
      streets.to.push_back(dir ? ends[e].first : ends[e].second);
      streets.length_m.push_back(lengths[e]);
      streets.seconds.push_back(lengths[e]);
      streets.edge_class.push_back(0);
      streets.edge_source_id.push_back(static_cast<std::int64_t>(e));
    }
  streets.class_names = {"footway"};
  auto s = window_0755();
  s.max_minutes = 120;
  std::vector<WalkPoint> o = {{0.0, 0.0, 0, 0}, {0.05, 0.0, 3, 0}};
  std::vector<WalkPoint> stops = {{0.001, 0.0, 1, 0}, {0.049, 0.0, 2, 0}};
  const auto walks = analysis::street_walks(streets, o, o, stops, s.walk, s.max_minutes * 60, 1);
  CHECK(walks.on_streets);
  REQUIRE(walks.access[0].size() == 1);
  CHECK(walks.access[0][0].seconds == 200);
  CHECK(walks.direct[1] == 6400);
  CHECK(walks.footpaths[0].empty());  // A and B are 6000 m apart, over the 400 m transfer walk
  const graph::TransitNetwork net(line_timetable(), walks.footpaths);
  const auto r = analysis::transit_times(net, walks, 2, s, 1);
  // At A 200 s after leaving: 07:55 and 07:56 catch 08:00, 07:57 .. 08:04 the 08:10 trip.
  // Door to door: 1100 1040 1580 1520 1460 1400 1340 1280 1220 1160; sorted, rank 5 = 1280.
  CHECK(r.minutes[1][1] == Approx(1280 / 60.0));
  CHECK(r.minimum[1] == Approx(1040 / 60.0));
  CHECK(r.minutes[1][2] == Approx(6400 / 60.0));  // back on foot
}

TEST_CASE("what is off the streets walks in straight lines", "[transit]") {
  // One street V0 (lon 0) - V1 (0.049), 6000 m; stop A (lon 0.001) is not joined to it.
  model::RoadNetwork streets;
  streets.lon = {0.0, 0.049};
  streets.lat = {0.0, 0.0};
  streets.vertex_osm_id = {0, 0};
  streets.from = {0, 1};
  streets.to = {1, 0};
  streets.length_m = {6000, 6000};
  streets.seconds = {6000, 6000};
  streets.edge_class = {0, 0};
  streets.edge_source_id = {0, 0};
  streets.class_names = {"footway"};
  auto s = window_0755();
  s.max_minutes = 120;
  // O on V0; D off the streets at lon 0.05; stop B on V1.
  std::vector<WalkPoint> o = {{0.0, 0.0, 0, 0}}, d = {{0.05, 0.0}};
  std::vector<WalkPoint> stops = {{0.001, 0.0}, {0.049, 0.0, 1, 0}};
  const auto walks = analysis::street_walks(streets, o, d, stops, s.walk, s.max_minutes * 60, 1);
  CHECK(walks.off_streets == 1);
  REQUIRE(walks.access[0].size() == 1);  // A by straight line (B is 100 min away by street)
  CHECK(walks.access[0][0].stop == 0);
  CHECK(walks.access[0][0].seconds == 111);
  REQUIRE(walks.egress[0].size() == 1);  // D reached from B, 111 m in a straight line
  CHECK(walks.egress[0][0].stop == 1);
  CHECK(walks.egress[0][0].seconds == 111);
  CHECK(walks.direct[0] == 5560);  // O -> D in a straight line
  const graph::TransitNetwork net(line_timetable(), walks.footpaths);
  const auto r = analysis::transit_times(net, walks, 1, s, 1);
  CHECK(r.minutes[1][0] == Approx(1071 / 60.0));  // as over straight lines alone (above)
}

TEST_CASE("transfers.txt over the footpaths: set, removed, stations spread", "[transit]") {
  analysis::TransitInputs in;
  // 0 station S, 1 and 2 its platforms, 3 a stop Q.
  in.timetable.stops = {
      {"S", "S", "", 0, 0}, {"P1", "P1", "S", 0, 0}, {"P2", "P2", "S", 0, 0}, {"Q", "Q", "", 0, 0}};
  in.transfers = {{0, 3, 2, 120}, {1, 2, 3, 0}, {3, 2, 0, 0}, {3, 1, 0, 0}, {3, 3, 2, 300}};
  analysis::Walks w;
  w.footpaths = {{}, {{2, 40}, {3, 90}}, {{1, 40}}, {{1, 50}}};
  const auto n = analysis::apply_transfers(in.timetable, in.transfers, w);
  const auto seconds = [&](core::Index a, core::Index b) {
    for (const auto& f : w.footpaths[a])
      if (f.to == b) return f.seconds;
    return -1;
  };
  // Type 2 from the station: from S and both platforms to Q in exactly 120 s.
  CHECK(seconds(0, 3) == 120);
  CHECK(seconds(1, 3) == 120);
  CHECK(seconds(2, 3) == 120);
  CHECK(seconds(1, 2) == -1);  // type 3: removed
  CHECK(seconds(2, 1) == 40);  // the other direction is another row
  CHECK(seconds(3, 2) == 0);   // type 0 where no walk was known
  CHECK(seconds(3, 1) == 50);  // type 0 keeps the known walk
  CHECK(n.removed == 1);
  CHECK(n.set == 5);
  CHECK(n.same_stop == 1);
  // Type 2 at Q itself: changing there takes 300 s; no other stop has a change time.
  CHECK(w.change_s == std::vector<std::int32_t>{-1, -1, -1, 300});
}

TEST_CASE("transfers.txt at one stop: timed, minimum, none, and a station's platforms",
          "[transit]") {
  analysis::TransitInputs in;
  in.timetable.stops = {
      {"S", "S", "", 0, 0}, {"P1", "P1", "S", 0, 0}, {"P2", "P2", "S", 0, 0}, {"Q", "Q", "", 0, 0}};
  analysis::Walks w;
  w.footpaths.resize(4);
  // Recommended (type 0) changes nothing; a station's row spreads over its platforms.
  in.transfers = {{3, 3, 0, 0}};
  analysis::apply_transfers(in.timetable, in.transfers, w);
  CHECK(w.change_s.empty());
  in.transfers = {{0, 0, 2, 240}, {3, 3, 1, 0}, {2, 2, 3, 0}};
  analysis::apply_transfers(in.timetable, in.transfers, w);
  CHECK(w.change_s == std::vector<std::int32_t>{240, 240, graph::TransitNetwork::change_never, 0});
}
