// Stay seated through a block: trips of one block_id that meet at a stop are one vehicle.
//
//   X --T1 08:00-08:10--> Y --T2 08:12-08:20--> Z      T1, T2 in block "b"
//   W --T4 07:00-07:30--> Y                            T4 in block "b" too, but ends before T1
#include <catch2/catch.hpp>

#include "reachplan/graph/transit_network.hpp"
#include "reachplan/routing/raptor.hpp"

using namespace reachplan;

namespace {

constexpr model::DaySeconds at(int h, int m) {
  return h * 3600 + m * 60;
}

model::TransitTrip trip(std::string id, std::string block, std::vector<core::Index> stops,
                        std::vector<model::DaySeconds> times) {
  return {std::move(id), 0, "s", std::move(block), std::move(stops), times, times};
}

model::Timetable blocks(bool t2_in_block) {
  model::Timetable tt;
  tt.stops = {
      {"X", "X", "", 0, 0}, {"Y", "Y", "", 0, 0}, {"Z", "Z", "", 0, 0}, {"W", "W", "", 0, 0}};
  tt.routes = {{"R", "a", "R", "", 3}};
  tt.trips = {trip("T1", "b", {0, 1}, {at(8, 0), at(8, 10)}),
              trip("T2", t2_in_block ? "b" : "", {1, 2}, {at(8, 12), at(8, 20)}),
              trip("T4", "b", {3, 1}, {at(7, 0), at(7, 30)})};
  return tt;
}

}  // namespace

TEST_CASE("staying seated through a block is one ride without slack", "[routing][raptor]") {
  routing::RaptorOptions o;
  o.transfer_slack_s = 180;  // 08:10 + 3 min misses 08:12: only staying seated makes it
  o.max_rides = 1;
  const routing::StopAccess from_x[] = {{0, 0}};
  SECTION("in one block") {
    const auto tt = blocks(true);
    const graph::TransitNetwork net(tt, {});
    // T1, T2, T4 and the through trip T1+T2 (T4 ends at Y at 07:30, T1 leaves X: no chain).
    CHECK(net.trip_count() == 4);
    routing::Raptor r(net, o);
    r.run(from_x, at(7, 59));
    CHECK(r.arrival(2) == at(8, 20));
    const auto legs = r.journey(2);
    REQUIRE(legs.size() == 2);  // access, one ride
    CHECK(legs[1].kind == routing::TransitLeg::Kind::ride);
    CHECK(legs[1].trip == 0);  // the chain's first trip
    CHECK(legs[1].depart == at(8, 0));
    CHECK(legs[1].arrive == at(8, 20));
    // Boarding at the junction still catches T2 itself.
    const routing::StopAccess from_y[] = {{1, 0}};
    r.run(from_y, at(8, 11));
    CHECK(r.arrival(2) == at(8, 20));
  }
  SECTION("not in one block") {
    const auto tt = blocks(false);
    const graph::TransitNetwork net(tt, {});
    CHECK(net.trip_count() == 3);
    o.max_rides = 2;
    routing::Raptor r(net, o);
    r.run(from_x, at(7, 59));
    CHECK(r.arrival(1) == at(8, 10));
    CHECK(r.arrival(2) == routing::never);  // the transfer at Y misses 08:12
  }
}
