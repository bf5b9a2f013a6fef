// Benchmark: memory per key pair of a run on a generated network (issue 14). A grid of
// side x side places with a bus line along every row and a rail line along every 4th column,
// and a key group of `key` places; the run's heap in use (glibc mallinfo2) is read before the
// run and with its result held, and divided by the pairs. The baseline is what a result that
// stores every pair's Trip (as before) holds: the same trips materialised with GroupTrips::all().
//
//   reachplan_bench_memory [--side 40] [--key 400]
//
// Prints "bench memory <graph> <method> bytes_per_pair=... baseline_bytes_per_pair=...
// estimate_bytes_per_pair=... peak_rss_mb=..." and the od.csv rows streamed.
#include <malloc.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "generated_network.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/io/load.hpp"

namespace {

namespace fs = std::filesystem;
using namespace reachplan;

std::size_t heap_in_use() {
  malloc_trim(0);
  return mallinfo2().uordblks;
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  int side = 40, key = 400;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--side") side = std::atoi(argv[i + 1]);
    if (a == "--key") key = std::atoi(argv[i + 1]);
  }
  const fs::path dir =
      fs::temp_directory_path() / ("reachplan-bench-memory-" + std::to_string(::getpid()));
  std::vector<io::Warning> warnings;
  const model::Scenario s =
      io::load_scenario(bench::write_generated_scenario(dir, side, key).string(), warnings);
  const std::size_t before = heap_in_use();
  const analysis::ScenarioResult r = analysis::run_scenario(s, 1);
  const std::size_t held = heap_in_use();
  const double pairs = static_cast<double>(r.key_trips.size());
  std::size_t stored = 0;
  {
    const auto all = r.key_trips.all();  // what a result storing every Trip held
    stored = heap_in_use() - held;
  }
  std::size_t rows = 0;
  r.key_trips.for_each([&rows](const analysis::Trip&) { ++rows; });
  const auto estimate = analysis::estimate_scenario(s, nullptr);
  std::uint64_t key_part = 0;
  for (const auto& p : estimate.parts)
    if (p.what.rfind("the key group", 0) == 0) key_part = p.bytes;
  const double k = static_cast<double>(s.group_members("key").size());
  std::printf(
      "bench memory grid%dx%d_key%d run_scenario bytes_per_pair=%.1f baseline_bytes_per_pair=%.1f "
      "estimate_bytes_per_pair=%.1f peak_rss_mb=%.1f pairs=%.0f od_rows_streamed=%zu\n",
      side, side, key, static_cast<double>(held - before) / pairs,
      static_cast<double>(held - before + stored) / pairs, static_cast<double>(key_part) / (k * k),
      static_cast<double>(peak_rss_kb()) / 1024, pairs, rows);
  fs::remove_all(dir);
  return rows == r.key_trips.size() ? 0 : 1;
}
