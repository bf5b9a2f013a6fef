// The up-front memory estimate (analysis/memory_estimate.hpp) and the trips found on demand
// (analysis::GroupTrips) that replaced the stored trip per pair.
#include <catch2/catch.hpp>

#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/core/error.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;

namespace {

// Two lines meeting at c with a transfer, a passed-through stop, waits, and z unreachable.
model::Scenario drawn() {
  auto s = test::drawn_scenario(R"(
mode rail speed_kmh=60 dwell_min=2 transfer_min=5
mode bus speed_kmh=30 transfer.rail=7
node a 0 0 population=100
node b 0.1 0 population=300
node c 0.2 0 population=600
node d 0.2 0.1 population=50
node e 0.3 0.2 population=20
node z 9 9 population=1000
line r1 rail a (b) c headway_min=10
line b1 bus c d e headway_min=20
line b2 bus e b
)");
  s.groups["key"] = {"a", "b", "c", "d", "e", "z"};
  s.key_group = "key";
  return s;
}

void check_same_trip(const analysis::Trip& got, const analysis::Trip& want) {
  INFO(want.origin << " -> " << want.destination);
  CHECK(got.origin == want.origin);
  CHECK(got.destination == want.destination);
  CHECK(got.reachable() == want.reachable());
  if (want.reachable()) CHECK(got.minutes == want.minutes);
  CHECK(got.transfers == want.transfers);
  CHECK(got.modes == want.modes);
  CHECK(got.lines == want.lines);
  CHECK(got.describe() == want.describe());
  REQUIRE(got.legs.size() == want.legs.size());
  for (std::size_t i = 0; i < want.legs.size(); ++i) {
    const auto& g = got.legs[i];
    const auto& w = want.legs[i];
    CHECK((g.kind == w.kind && g.line == w.line && g.mode == w.mode && g.from == w.from &&
           g.to == w.to && g.minutes == w.minutes && g.km == w.km && g.stops == w.stops &&
           g.first_stop == w.first_stop && g.last_stop == w.last_stop));
  }
}

}  // namespace

TEST_CASE("memory sizes: units, shares of physical memory and bad text", "[analysis]") {
  using analysis::parse_memory_size;
  CHECK(parse_memory_size("512M") == 512ull << 20);
  CHECK(parse_memory_size("8G") == 8ull << 30);
  CHECK(parse_memory_size("8g") == 8ull << 30);
  CHECK(parse_memory_size("1.5G") == 3ull << 29);
  CHECK(parse_memory_size("64KiB") == 64ull << 10);
  CHECK(parse_memory_size("2MB") == 2ull << 20);
  CHECK(parse_memory_size("1T") == 1ull << 40);
  CHECK(parse_memory_size("1000") == 1000);
  CHECK(parse_memory_size("0") == 0);
  CHECK(parse_memory_size("50%") == analysis::physical_memory() / 2);
  CHECK(analysis::default_memory_limit() == analysis::physical_memory() / 2);
  CHECK(analysis::physical_memory() > (64ull << 20));
  for (const char* bad : {"", "lots", "-1G", "8X", "0x10", "101%", "nan", "inf", "1GG", "2e30"})
    CHECK_THROWS_AS(parse_memory_size(bad), core::UsageError);
  CHECK(analysis::format_bytes(216) == "216 bytes");
  CHECK(analysis::format_bytes(1024) == "1.0 KB");
  CHECK(analysis::format_bytes(3435973837ull) == "3.2 GB");
}

TEST_CASE("the estimate names its largest part and refuses above the limit", "[analysis]") {
  // 30,000 points: 900 million pairs at 24 bytes (minutes, the engine's matrix, "12.34,").
  const auto m = analysis::estimate_point_matrix(30000, 30000, false);
  CHECK(m.bytes() == 900000000ull * 24);
  CHECK_NOTHROW(analysis::check_memory(m, 0));
  CHECK_NOTHROW(analysis::check_memory(m, m.bytes()));
  try {
    analysis::check_memory(m, 8ull << 30);
    FAIL("not refused");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()) ==
          "the matrix of 30000 origins x 30000 destinations needs about 20.1 GB; the limit is "
          "8.0 GB (--max-memory): split the points into smaller files, or raise --max-memory");
  }
  // Long form: 24 + 32 more bytes of text per pair.
  CHECK(analysis::estimate_point_matrix(10, 20, true).bytes() == 200 * 56);

  // A scenario: the program's share, the graphs, and per key pair its minutes, the search's
  // arrays and summary.json's cell; od.csv streams, so its text costs nothing.
  auto s = drawn();
  s.outputs = {"od.csv"};
  const auto key_part = [](const analysis::MemoryEstimate& est) {
    for (const auto& p : est.parts)
      if (p.what == "the key group of 6 places (36 pairs)") return p.bytes;
    return std::uint64_t{0};
  };
  CHECK(key_part(analysis::estimate_scenario(s, nullptr)) == 36 * 24);
  s.outputs = {"summary.json"};
  const auto e = analysis::estimate_scenario(s, nullptr);
  CHECK(key_part(e) == 36 * (24 + 48));
  CHECK(e.parts.front().what == "the program and its libraries");
  // The program's share cannot shrink, so the message names the largest part that can.
  CHECK(e.largest().what.rfind("the routing graphs of 6 places", 0) == 0);
  try {
    analysis::check_memory(e, 1024);
    FAIL("not refused");
  } catch (const core::UsageError& x) {
    CHECK_THAT(x.what(), Catch::Matchers::StartsWith("the routing graphs of 6 places"));
    CHECK_THAT(x.what(), Catch::Matchers::Contains("MB for the whole request); the limit is "
                                                   "1.0 KB (--max-memory)"));
  }
}

TEST_CASE("trips found on demand per origin equal the engine's trip for every pair", "[analysis]") {
  const auto s = drawn();
  analysis::ScenarioEngine engine(s);
  const auto key = s.group_members("key");
  const analysis::GroupTrips trips = engine.group_trips("", key);
  CHECK(trips.origins() == 6);
  CHECK(trips.size() == 30);
  std::size_t n = 0, reachable = 0, with_transfer = 0;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto from = trips.from(i);
    REQUIRE(from.size() == key.size() - 1);
    std::size_t k = 0;
    for (const auto& to : key) {
      if (to == key[i]) continue;
      const auto want = engine.trip("", key[i], to);
      check_same_trip(from[k++], want);
      reachable += want.reachable() ? 1 : 0;
      with_transfer += want.transfers > 0 ? 1 : 0;
      ++n;
    }
  }
  CHECK(n == 30);
  CHECK(reachable == 20);  // everything but the pairs with z
  CHECK(with_transfer > 0);
  // for_each and all() give the same trips in the same order, and run_scenario holds them.
  const auto all = trips.all();
  REQUIRE(all.size() == 30);
  std::size_t i = 0;
  trips.for_each([&](const analysis::Trip& t) { check_same_trip(t, all[i++]); });
  const auto r = analysis::run_scenario(s);
  CHECK(r.key_trips.size() == 30);
  CHECK(r.key_trips.all().front().describe() == all.front().describe());
}
