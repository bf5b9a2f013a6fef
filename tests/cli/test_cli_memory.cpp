// End-to-end: requests estimated to need more memory than --max-memory are refused before any
// work (exit 2, nothing written), and the estimate is within a factor of what a run takes.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using Catch::Matchers::Contains;
using cli_test::Result;

Result reachplan(const std::string& folder, const std::string& args) {
  return cli_test::run_reachplan("cli-memory", folder, args);
}

// A grid of side x side places 0.02 degrees apart, a bus line along every row and a rail line
// along every 4th column, and a key group of the first `key` places of the diagonal band.
fs::path generated_scenario(const fs::path& dir, int side, int key) {
  std::ofstream n(dir / "network.yaml");
  n << "network:\n  name: generated\nnodes:\n";
  int members = 0;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      const bool in_key = members < key && (r * side + c) % 3 == 0;
      members += in_key ? 1 : 0;
      n << "  - {id: n" << r * side + c << ", lon: " << 100 + c * 0.02 << ", lat: " << 20 + r * 0.02
        << ", population: 1000" << (in_key ? ", groups: [key]" : "") << "}\n";
    }
  n << "modes:\n  - {id: rail, speed_kmh: 120, dwell_min: 2, access_min: 10, transfer_min: 5}\n"
       "  - {id: bus, speed_kmh: 40, access_min: 5, transfer_min: 3}\nlines:\n";
  const auto stops = [&](int r0, int c0, int dr, int dc) {
    std::string s;
    for (int k = 0; k < side; ++k)
      s += (k ? ", n" : "n") + std::to_string((r0 + k * dr) * side + c0 + k * dc);
    return s;
  };
  for (int r = 0; r < side; ++r)
    n << "  - {id: b" << r << ", mode: bus, headway_min: 15, stops: [" << stops(r, 0, 0, 1)
      << "]}\n";
  for (int c = 0; c < side; c += 4)
    n << "  - {id: r" << c << ", mode: rail, headway_min: 20, stops: [" << stops(0, c, 1, 0)
      << "]}\n";
  std::ofstream(dir / "scenario.yaml")
      << "scenario:\n  name: generated\n  networks: [network.yaml]\n  key_group: key\n"
         "  outputs: [od.csv, summary.json]\n";
  return dir / "scenario.yaml";
}

// Runs the binary in `dir` (not through a shell) and returns its exit code and peak RSS (KB).
std::pair<int, long> run_measured(const fs::path& dir, const std::string& max_memory) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    const std::string opt = "--max-memory=" + max_memory;
    std::freopen("/dev/null", "w", stdout);
    std::freopen((dir / "err.txt").c_str(), "w", stderr);
    ::execl(REACHPLAN_BIN, REACHPLAN_BIN, "run", "scenario.yaml", "-q", "-o", "out", opt.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

}  // namespace

TEST_CASE("a run over --max-memory is refused up front with the size, and writes nothing",
          "[cli][memory]") {
  const fs::path dir = cli_test::scratch_dir("cli-memory", "refused");
  auto r = reachplan("cli", "run base.yaml --max-memory 1K -o '" + (dir / "out").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("needs about") && Contains("the limit is 1.0 KB (--max-memory)") &&
                        Contains("or raise --max-memory"));
  CHECK(!fs::exists(dir / "out"));
  // validate makes the same check; 0 is no limit; a size that does not parse is a usage error.
  r = reachplan("cli", "validate base.yaml --max-memory 1K");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
  r = reachplan("cli", "run base.yaml -q --max-memory 0 -o '" + (dir / "ok").string() + "'");
  CHECK(r.code == 0);
  r = reachplan("cli", "run base.yaml --max-memory lots -o '" + (dir / "out").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--max-memory 'lots': give a size such as 512M"));
}

TEST_CASE("matrix, surface and compare refuse a request over --max-memory", "[cli][memory]") {
  const fs::path dir = cli_test::scratch_dir("cli-memory", "others");
  // 3 points: 9 pairs at 24 bytes each.
  auto r = reachplan("osm", "matrix --network town.osm.pbf --no-cache --origins points.csv -o '" +
                                (dir / "m.csv").string() + "' --max-memory 200");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("error: the matrix of 3 origins x 3 destinations needs about 216 "
                             "bytes; the limit is 200 bytes (--max-memory): split the points"));
  CHECK(!fs::exists(dir / "m.csv"));
  r = reachplan("cli", "surface base.yaml --from a --res 1000 --max-memory 1K -o '" +
                           (dir / "s").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
  CHECK(!fs::exists(dir / "s"));
  r = reachplan("cli",
                "compare base.yaml plan.yaml --max-memory 1K -o '" + (dir / "c").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
  CHECK(!fs::exists(dir / "c"));
}

TEST_CASE("the memory estimate of a generated run is within a factor of 3 of its peak",
          "[cli][memory]") {
  const fs::path dir = cli_test::scratch_dir("cli-memory", "generated");
  generated_scenario(dir, 40, 400);  // 1,600 places, key group of 400: 160,000 pairs
  const auto [code, peak_kb] = run_measured(dir, "0");
  REQUIRE(code == 0);
  INFO("peak RSS " << peak_kb << " KB");
  // The estimate is at most 3x the peak (a limit of 3x passes) and at least a third of it (a
  // limit of a third refuses it).
  CHECK(run_measured(dir, std::to_string(peak_kb * 3) + "K").first == 0);
  CHECK(run_measured(dir, std::to_string(peak_kb / 3) + "K").first == 2);
  CHECK_THAT(cli_test::slurp(dir / "err.txt"),
             Contains("the key group of 400 places (160000 pairs) needs about"));
}
