// End-to-end: requests estimated to need more memory than --max-memory are refused before any
// work (exit 2, nothing written), and the estimate is within a factor of what a run takes.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "../../tools/bench/generated_network.hpp"
#include "cli_harness.hpp"

namespace fs = std::filesystem;

namespace {

using Catch::Matchers::Contains;
using cli_test::Result;

Result run_cli(const std::string& folder, const std::string& args) {
  return cli_test::run_reachplan("cli-memory", folder, args);
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
  auto r = run_cli("cli", "run base.yaml --max-memory 1K -o '" + (dir / "out").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("needs about") && Contains("the limit is 1.0 KB (--max-memory)") &&
                        Contains("or raise --max-memory"));
  CHECK(!fs::exists(dir / "out"));
  // validate makes the same check; 0 is no limit; a size that does not parse is a usage error.
  r = run_cli("cli", "validate base.yaml --max-memory 1K");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
  r = run_cli("cli", "run base.yaml -q --max-memory 0 -o '" + (dir / "ok").string() + "'");
  CHECK(r.code == 0);
  r = run_cli("cli", "run base.yaml --max-memory lots -o '" + (dir / "out").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--max-memory 'lots': give a size such as 512M"));
}

TEST_CASE("matrix, surface, compare, rank and robustness refuse a request over --max-memory",
          "[cli][memory]") {
  const fs::path dir = cli_test::scratch_dir("cli-memory", "others");
  // 3 points: 9 pairs at 24 bytes each.
  auto r = run_cli("osm", "matrix --network town.osm.pbf --no-cache --origins points.csv -o '" +
                              (dir / "m.csv").string() + "' --max-memory 200");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("error: the matrix of 3 origins x 3 destinations needs about 216 "
                             "bytes; the limit is 200 bytes (--max-memory): split the points"));
  CHECK(!fs::exists(dir / "m.csv"));
  r = run_cli("cli", "surface base.yaml --from a --res 1000 --max-memory 1K -o '" +
                         (dir / "s").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
  CHECK(!fs::exists(dir / "s"));
  r = run_cli("cli",
              "compare base.yaml plan.yaml --max-memory 1K -o '" + (dir / "c").string() + "'");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
  CHECK(!fs::exists(dir / "c"));
  for (const std::string cmd : {"rank plan.yaml --against base.yaml", "robustness base.yaml"}) {
    INFO(cmd);
    r = run_cli("cli", cmd + " --max-memory 1K -o '" + (dir / "r").string() + "'");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("the limit is 1.0 KB (--max-memory)"));
    CHECK(!fs::exists(dir / "r"));
  }
}

TEST_CASE("the memory estimate of a generated run is within a factor of 3 of its peak",
          "[cli][memory]") {
#if defined(__SANITIZE_ADDRESS__)
  // Shadow memory and quarantine double the resident size, and the run takes a minute.
  WARN("skipped in a sanitizer build: its resident size is not the program's");
  return;
#endif
  const fs::path dir = cli_test::scratch_dir("cli-memory", "generated");
  reachplan::bench::write_generated_scenario(dir, 40,
                                             400);  // 1,600 places, key group of 400: 160,000 pairs
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
