#include "reachplan/analysis/memory_estimate.hpp"

#include <thread>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

#include "reachplan/analysis/target_eval.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/model/outputs.hpp"

namespace reachplan::analysis {

namespace {

// Bytes per item, from the structures that hold them (rounded up; measured on generated
// networks with tools/bench/reachplan_bench_memory).
// A key pair: its minutes (Eigen double), the search's seconds, transfers and km (flat arrays).
constexpr std::uint64_t key_pair_bytes = 8 + 4 + 4 + 8;
// summary.json's key matrix: a JSON value per pair and its text.
constexpr std::uint64_t json_cell_bytes = 48;
// A trip stored with its legs (a target's items and offenders). Measured: a max_pair_time
// target over a key group of 200 on the generated 50 000-place network (long trips with many
// legs) added 1.05 GB for its 40 000 items, about 26 KB an item with its sorted copy.
constexpr std::uint64_t stored_trip_bytes = 13 * 1024;
// A matrix cell: minutes, the search's seconds and its CSV text.
constexpr std::uint64_t matrix_cell_bytes = 8 + 4 + 8;
// A grid cell of one surface: its value, the nearest seed, the raster and quick-look buffers.
constexpr std::uint64_t cell_bytes = 4 + 4 + 8 + 8;
// The routing graph per place and per stop of a line (vertices, arcs, names), per profile.
constexpr std::uint64_t graph_place_bytes = 256;
constexpr std::uint64_t graph_stop_bytes = 512;

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
    return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

std::string count(std::uint64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

bool wants_output(const model::Scenario& s, const std::string& name) {
  const auto names = s.outputs.empty() ? model::default_output_files() : s.outputs;
  return std::find(names.begin(), names.end(), name) != names.end();
}

void add_graph(MemoryEstimate& e, const model::Scenario& s) {
  std::uint64_t stops = 0;
  for (const auto& line : s.network.lines) stops += line.stops.size();
  const std::uint64_t per_profile =
      mul(s.network.nodes.size(), graph_place_bytes) + mul(stops, graph_stop_bytes);
  e.add(mul(per_profile, std::max<std::size_t>(1, s.profiles.size())),
        "the routing graphs of " + count(s.network.nodes.size(), "place") + " and " +
            count(stops, "line stop") + " (" + count(s.profiles.size(), "profile") + ")",
        "use a smaller network or fewer profiles");
}

void add_key_pairs(MemoryEstimate& e, const model::Scenario& s) {
  const std::uint64_t k = s.group_members(s.key_group.empty() ? "all" : s.key_group).size();
  // od.csv streams to its staged file origin by origin (output/run_outputs), so its text is
  // never held: only summary.json's matrix is.
  std::uint64_t per_pair = key_pair_bytes;
  if (wants_output(s, "summary.json")) per_pair += json_cell_bytes;
  e.add(mul(mul(k, k), per_pair),
        "the key group of " + count(k, "place") + " (" + count(k * k, "pair") + ")",
        "use a smaller key_group");
}

void add_targets(MemoryEstimate& e, const model::Scenario& s) {
  for (const auto& t : s.targets) {
    const TargetPlaces p = target_places(s, t);
    const std::uint64_t items = mul(p.origins.size(), p.destinations.size());
    // The trips of every origin, and the items sorted worst first (a copy of each).
    e.add(mul(items, 2 * stored_trip_bytes),
          "target '" + t.id + "' over " + count(p.origins.size(), "origin") + " x " +
              count(p.destinations.size(), "destination"),
          "judge target '" + t.id + "' over a smaller group");
  }
}

void add_matrices(MemoryEstimate& e, const model::Scenario& s) {
  for (const auto& m : s.matrices) {
    const std::uint64_t rows = s.group_members(m.group).size();
    const std::uint64_t cols = m.to_group.empty() ? rows : s.group_members(m.to_group).size();
    e.add(mul(mul(rows, cols), matrix_cell_bytes),
          "matrix '" + m.id + "' of " + count(rows, "origin") + " x " + count(cols, "destination"),
          "use smaller groups for matrix '" + m.id + "'");
  }
}

void add_gis(MemoryEstimate& e, const model::Scenario& s, const Grid* grid) {
  const model::GisSpec& gis = s.gis;
  const std::uint64_t nodes = s.network.nodes.size();
  const std::uint64_t k = s.group_members(s.key_group.empty() ? "all" : s.key_group).size();
  if (gis.wants_layer("nodes")) {
    std::uint64_t populated = 0;
    for (const auto& n : s.network.nodes) populated += n.population.value_or(0) > 0 ? 1 : 0;
    const std::uint64_t dests = std::min<std::uint64_t>(k, 100) + populated;
    e.add(mul(mul(nodes, dests), 8 + 4),
          "the nodes layer: " + count(nodes, "place") + " x " + count(dests, "destination") +
              " (populated places and key members)",
          "leave the nodes layer out, or give population to fewer places");
  }
  // Both layers make their trips origin by origin as they are written; the od layer keeps each
  // target's verdict per pair it checks (a map entry of about 96 bytes).
  if (gis.wants_layer("od"))
    e.add(mul(mul(k, k), 96 * std::max<std::uint64_t>(s.targets.size(), 1)),
          "the od layer over the key group of " + count(k, "place") + " (" + count(k * k, "pair") +
              ")",
          "leave the od layer out, or use a smaller key_group");
  if (!grid) return;
  std::uint64_t sources = gis.surfaces.size();
  if (gis.wants_layer("isochrones"))
    sources += gis.isochrones.places.empty() ? k : gis.isochrones.places.size();
  for (const auto& surface : gis.surfaces)
    if (surface.kind == model::SurfaceSpec::Kind::accessibility)
      e.add(mul(mul(s.group_members(surface.group).size(), nodes), 8),
            "surface '" + surface.id + "': minutes from every place to its group",
            "use a smaller group for surface '" + surface.id + "'");
  e.add(mul(mul(grid->cell_count(), sources), cell_bytes),
        "the grid of " + count(grid->cell_count(), "cell") + " x " + count(sources, "surface") +
            " (surfaces and isochrone places)",
        "use a coarser grid resolution, a smaller extent or fewer isochrone places");
}

}  // namespace

std::uint64_t MemoryEstimate::bytes() const {
  std::uint64_t total = 0;
  for (const auto& p : parts)
    total = total > std::numeric_limits<std::uint64_t>::max() - p.bytes
                ? std::numeric_limits<std::uint64_t>::max()
                : total + p.bytes;
  return total;
}

// The largest part a user can shrink (the program's own share cannot be), to name in messages.
const MemoryPart& MemoryEstimate::largest() const {
  return *std::max_element(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
    return std::make_pair(!a.shrink.empty(), a.bytes) < std::make_pair(!b.shrink.empty(), b.bytes);
  });
}

void MemoryEstimate::add(std::uint64_t bytes, std::string what, std::string shrink) {
  parts.push_back({bytes, std::move(what), std::move(shrink)});
}

void MemoryEstimate::add_all(const MemoryEstimate& other, std::uint64_t times) {
  for (const auto& p : other.parts) add(mul(p.bytes, times), p.what, p.shrink);
}

std::uint64_t physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 0;
  return mul(static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(page));
}

std::uint64_t default_memory_limit() {
  return physical_memory() / 2;
}

std::uint64_t parse_memory_size(const std::string& text) {
  const auto bad = [&text] {
    return core::UsageError("--max-memory '" + text +
                            "': give a size such as 512M, 8G, 1.5G, a number of bytes, or a "
                            "share of physical memory such as 50%");
  };
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw bad();
  }
  std::string unit = text.substr(used);
  for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!(value >= 0) || !std::isfinite(value) || text.find_first_of("xXpP") != std::string::npos)
    throw bad();
  if (unit == "%") {
    if (value > 100) throw bad();
    return static_cast<std::uint64_t>(static_cast<double>(physical_memory()) * value / 100);
  }
  if (unit.size() == 3 && unit.substr(1) == "IB") unit = unit.substr(0, 1);
  if (unit.size() == 2 && unit[1] == 'B') unit = unit.substr(0, 1);
  const std::string units = "BKMGT";
  const auto at = unit.empty() ? 0 : units.find(unit);
  if (unit.size() > 1 || at == std::string::npos) throw bad();
  const double bytes = value * std::pow(1024.0, static_cast<double>(at));
  if (bytes >= 1.8e19) throw bad();
  return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(bytes);
  std::size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(units)) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

// The program with its libraries (GDAL, PROJ, HDF5) mapped and the network loaded: the peak
// resident size of `run` on a small scenario is about 40 MB.
constexpr std::uint64_t program_bytes = 40ull << 20;

// Over timetables: the walk between every two places (4 bytes a pair) and, per search thread,
// each destination's time at every departure of the window (4 bytes each).
void add_timetable(MemoryEstimate& e, const model::Scenario& s) {
  if (!s.transit) return;
  const std::size_t n = s.network.nodes.size();
  const auto window = static_cast<std::size_t>(
      (s.transit->departure_to - s.transit->departure_from + 59) / 60 / s.transit->step_min + 1);
  e.add(mul(mul(n, n), 4), "walks between " + count(n, "place") + " (transit:)",
        "use fewer places");
  e.add(mul(mul(n, window), 4 * std::max(1u, std::thread::hardware_concurrency())),
        "every place's time at each of " + count(window, "departure") + " (transit:)",
        "use a shorter departure window or a larger step_min");
}

MemoryEstimate estimate_scenario(const model::Scenario& s, const Grid* grid) {
  MemoryEstimate e;
  e.add(program_bytes, "the program and its libraries", "");
  add_graph(e, s);
  add_timetable(e, s);
  add_key_pairs(e, s);
  add_targets(e, s);
  add_matrices(e, s);
  add_gis(e, s, grid);
  return e;
}

MemoryEstimate estimate_surface(const model::Scenario& s, const Grid& grid,
                                const model::SurfaceSpec& spec) {
  MemoryEstimate e;
  e.add(program_bytes, "the program and its libraries", "");
  add_graph(e, s);
  if (spec.kind == model::SurfaceSpec::Kind::accessibility)
    e.add(mul(mul(s.group_members(spec.group).size(), s.network.nodes.size()), 8),
          "surface '" + spec.id + "': minutes from every place to its group",
          "use a smaller --group");
  e.add(mul(grid.cell_count(), cell_bytes), "the grid of " + count(grid.cell_count(), "cell"),
        "use a coarser --res or a smaller extent");
  return e;
}

MemoryEstimate estimate_point_matrix(std::size_t origins, std::size_t destinations, bool long_form,
                                     std::size_t matrices, bool legs) {
  MemoryEstimate e;
  // Minutes (double) per matrix, the engine's matrix (4 or 8 bytes) and the CSV: "12.34," wide
  // per matrix, or "origin,destination,12.34\n" long (a column per matrix); legs as text.
  const std::uint64_t m = std::max<std::size_t>(1, matrices);
  const std::uint64_t per_pair = 8 * m + 8 + (long_form ? 32 + 8 * m : 8 * m) + (legs ? 256 : 0);
  e.add(mul(mul(origins, destinations), per_pair),
        "the matrix of " + count(origins, "origin") + " x " + count(destinations, "destination"),
        "split the points into smaller files");
  return e;
}

void check_memory(const MemoryEstimate& estimate, std::uint64_t limit) {
  const std::uint64_t total = estimate.bytes();
  if (limit == 0 || total <= limit || estimate.parts.empty()) return;
  const MemoryPart& big = estimate.largest();
  std::string in_all =
      big.bytes == total ? "" : " (" + format_bytes(total) + " for the whole request)";
  throw core::UsageError(big.what + " needs about " + format_bytes(big.bytes) + in_all +
                         "; the limit is " + format_bytes(limit) +
                         " (--max-memory): " + big.shrink + ", or raise --max-memory");
}

}  // namespace reachplan::analysis
