// Replays inputs through the fuzz harness as an ordinary test: every kept reproducer under
// tests/fuzz/regressions/<target>/ and every YAML file of the repository (as the seed corpus
// presents it). Under the sanitizer build this checks loaders, routing and writers on all of them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_harness.hpp"

namespace fs = std::filesystem;
using reachplan::fuzz::Workspace;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> files_under(const fs::path& dir, const std::string& extension = "") {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (extension.empty() || e.path().extension() == extension) &&
        e.path().filename() != "README.md")
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

const std::uint8_t* bytes(const std::string& s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

}  // namespace

using Harness = void (*)(const Workspace&, const std::uint8_t*, std::size_t);

const std::vector<std::pair<std::string, Harness>>& harnesses() {
  static const std::vector<std::pair<std::string, Harness>> all = {
      {"network", reachplan::fuzz::fuzz_network},
      {"scenario", reachplan::fuzz::fuzz_scenario},
      {"osm", reachplan::fuzz::fuzz_osm},
      {"layer", reachplan::fuzz::fuzz_layer},
      {"points", reachplan::fuzz::fuzz_points},
      {"road_cache", reachplan::fuzz::fuzz_road_cache},
      {"ch_cache", reachplan::fuzz::fuzz_ch_cache},
      {"gtfs", reachplan::fuzz::fuzz_gtfs}};
  return all;
}

TEST_CASE("kept fuzz reproducers load or fail cleanly", "[fuzz]") {
  const Workspace ws(REACHPLAN_SOURCE_DIR);
  std::size_t replayed = 0;
  for (const auto& [target, harness] : harnesses()) {
    for (const auto& file : files_under(fs::path(REACHPLAN_FUZZ_DIR) / "regressions" / target)) {
      INFO(file.string());
      const std::string input = slurp(file);
      harness(ws, bytes(input), input.size());
      ++replayed;
    }
  }
  CHECK(replayed >= harnesses().size());
}

TEST_CASE("the road, layer and points readers take the repository's test files", "[fuzz]") {
  const Workspace ws(REACHPLAN_SOURCE_DIR);
  const fs::path data = fs::path(REACHPLAN_SOURCE_DIR) / "tests" / "data";
  for (const auto& file : files_under(data / "osm")) {
    INFO(file.string());
    const std::string input = slurp(file);
    const std::string name = file.filename().string();
    if (name.find(".osm") != std::string::npos || name.ends_with(".opl"))
      reachplan::fuzz::fuzz_osm(ws, bytes(input), input.size());
    if (name.ends_with(".csv")) reachplan::fuzz::fuzz_points(ws, bytes(input), input.size());
  }
  for (const auto& file : files_under(data / "layers", ".geojson")) {
    INFO(file.string());
    const std::string input = slurp(file);
    reachplan::fuzz::fuzz_layer(ws, bytes(input), input.size());
  }
  const std::string seed = reachplan::fuzz::road_cache_seed(ws);
  CHECK(seed.size() > 100);
  reachplan::fuzz::fuzz_road_cache(ws, bytes(seed), seed.size());
  const std::string ch_seed = reachplan::fuzz::ch_cache_seed(ws);
  CHECK(ch_seed.size() > 100);
  reachplan::fuzz::fuzz_ch_cache(ws, bytes(ch_seed), ch_seed.size());
}

TEST_CASE("every YAML file of the repository goes through both fuzz harnesses", "[fuzz]") {
  const Workspace ws(REACHPLAN_SOURCE_DIR);
  const fs::path source(REACHPLAN_SOURCE_DIR);
  std::size_t replayed = 0;
  for (const char* dir : {"networks", "scenarios", "tests/data"}) {
    for (const auto& file : files_under(source / dir, ".yaml")) {
      INFO(file.string());
      // The seed corpus form: a first line naming the folder, so relative references resolve.
      const std::string folder = fs::relative(file.parent_path(), source).generic_string();
      const std::string input = "# in: " + folder + "\n" + slurp(file);
      reachplan::fuzz::fuzz_network(ws, bytes(input), input.size());
      reachplan::fuzz::fuzz_scenario(ws, bytes(input), input.size());
      ++replayed;
    }
  }
  CHECK(replayed >= 20);
}

TEST_CASE("the GTFS harness splits its input into tables and takes the hand-drawn feed", "[fuzz]") {
  using Tables = std::vector<std::pair<std::string, std::string>>;
  using reachplan::fuzz::gtfs_tables;
  CHECK(gtfs_tables("trip_id,stop_id\nt1,A") ==
        Tables{{"stop_times.txt", "trip_id,stop_id\nt1,A"}});
  // Text before the first mark and tables of other names are dropped (no path leaves the
  // folder); a body keeps its bytes up to the newline before the next mark; an empty one stays.
  CHECK(gtfs_tables("junk\n@@ stops.txt\nstop_id\r\nA\n\n@@ ../x.txt\nboom\n@@ shapes.txt\n"
                    "@@ trips.txt") ==
        Tables{{"stops.txt", "stop_id\r\nA\n"}, {"shapes.txt", ""}, {"trips.txt", ""}});
  CHECK(gtfs_tables("@@ agency.txt\nagency_name\nX\n") ==
        Tables{{"agency.txt", "agency_name\nX\n"}});

  // The feed as run_fuzzers.sh seeds it, and with a table removed and a transfers table added.
  const Workspace ws(REACHPLAN_SOURCE_DIR);
  std::string seed;
  for (const auto& file :
       files_under(fs::path(REACHPLAN_SOURCE_DIR) / "tests/data/gtfs/tiny", ".txt"))
    seed += "@@ " + file.filename().string() + "\n" + slurp(file) + "\n";
  CHECK(gtfs_tables(seed).size() == 9);  // agency ... trips
  const std::string transfers =
      "@@ transfers.txt\nfrom_stop_id,to_stop_id,transfer_type,min_transfer_time\nA,B,2,60\n";
  for (const std::string& input : {seed, seed + "@@ shapes.txt\n", seed + transfers})
    reachplan::fuzz::fuzz_gtfs(ws, bytes(input), input.size());
}
