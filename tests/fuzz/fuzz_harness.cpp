#include "fuzz_harness.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "reachplan/analysis/run.hpp"
#include "reachplan/core/cache_file.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/io/layer_import.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/io/road_import.hpp"
#include "reachplan/output/gtfs_report.hpp"
#include "reachplan/output/tables.hpp"
#include "reachplan/routing/ch_query.hpp"

namespace reachplan::fuzz {

namespace fs = std::filesystem;

namespace {

const char* const default_folder = "scenarios/middle-yangtze";

// The folder named by a leading "# in: <folder>" line, if it is one of the copied folders.
// Anything else (a mutated or missing line) falls back to the default, so an input can never
// make the harness write outside its workspace.
fs::path input_folder(const fs::path& root, const std::uint8_t* data, std::size_t size) {
  const std::string prefix = "# in: ";
  const std::string text(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 200));
  if (text.compare(0, prefix.size(), prefix) == 0) {
    const auto end = text.find('\n');
    if (end != std::string::npos) {
      const std::string folder = text.substr(prefix.size(), end - prefix.size());
      static const std::vector<std::string> allowed = {
          "networks/middle-yangtze", "scenarios/middle-yangtze", "tests/data/cli",
          "tests/data/io/networks",  "tests/data/io/scenarios",  "tests/data/io/scenarios/plans"};
      for (const auto& a : allowed)
        if (folder == a) return root / a;
    }
  }
  return root / default_folder;
}

void copy_tree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return;
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

// Small enough to route every pair quickly: the harness is about correctness, not scale.
bool small(const model::Scenario& s) {
  std::size_t stops = 0;
  for (const auto& l : s.network.lines) stops += l.stops.size();
  return s.network.nodes.size() <= 100 && stops <= 2000 && s.targets.size() <= 50 &&
         s.matrices.size() <= 20;
}

}  // namespace

Workspace::Workspace(const fs::path& source_dir) {
  std::random_device rd;
  const char* shm = "/dev/shm";  // a RAM disk where there is one: inputs are written per run
  const fs::path base = fs::is_directory(shm) ? fs::path(shm) : fs::temp_directory_path();
  root_ = base / ("reachplan-fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(root_);
  for (const char* dir : {"networks", "scenarios", "tests/data"})
    copy_tree(source_dir / dir, root_ / dir);
  fs::create_directories(root_ / default_folder);
}

Workspace::~Workspace() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

std::string Workspace::write_input(const std::uint8_t* data, std::size_t size) const {
  const fs::path path = input_folder(root_, data, size) / "fuzz-input.yaml";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) std::abort();  // the harness itself failed: not a finding
  return path.string();
}

std::string Workspace::write_file(const std::string& name, const std::string& bytes) const {
  const fs::path path = root_ / "inputs" / name;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) std::abort();
  return path.string();
}

void fuzz_network(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  const std::string path = ws.write_input(data, size);
  std::vector<io::Warning> warnings;
  try {
    const model::Network n = io::load_network(path, warnings);
    for (const auto& w : warnings) (void)w.str();
  } catch (const core::InputError& e) {
    (void)e.what();
  }
}

void fuzz_scenario(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  const std::string path = ws.write_input(data, size);
  std::vector<io::Warning> warnings;
  try {
    const model::Scenario s = io::load_scenario(path, warnings);
    if (!small(s)) return;
    const analysis::ScenarioResult r = analysis::run_scenario(s, 1);
    std::vector<std::string> warning_text;
    for (const auto& w : warnings) warning_text.push_back(w.str());
    std::vector<output::InputFile> inputs;
    for (const auto& f : s.input_files) inputs.push_back({f, "0"});
    (void)output::matrix_csv(r.key_matrix);
    (void)output::od_csv(r.key_trips);
    (void)output::targets_csv(r.targets);
    (void)output::summary_json(r, inputs, warning_text);
    (void)output::summary_text(r);
    for (const auto& m : r.matrices) (void)output::matrix_csv(m.matrix);
  } catch (const core::InputError& e) {
    (void)e.what();
  } catch (const core::UsageError& e) {
    // A reference the loader let through but the engine refuses: still a clean exit 2.
    (void)e.what();
  }
}

namespace {

std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

const std::string cache_key = "fuzz";

// The cache file layout of core/cache_file.hpp: magic, key, body, SHA-256 of all before it.
// The magic is taken from a file the real writer made, so a new format version follows.
std::string cache_file(const std::string& magic, const std::string& body) {
  core::BinaryWriter w(magic);
  w.str(cache_key);
  for (const char c : body) w.pod(c);
  return w.finish();
}

// The first 8 bytes of the file `path`.
std::string magic_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string m(core::cache_magic_size, '\0');
  in.read(m.data(), static_cast<std::streamsize>(m.size()));
  return m;
}

// The body of the cache file `path` (after the magic and key, before the checksum).
std::string cache_body(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::size_t head = core::cache_magic_size + 8 + cache_key.size();
  return file.substr(head, file.size() - head - core::cache_checksum_size);
}

// The seed network: a two-way road 0 - 1 - 2 with a shape point on 1 - 2.
model::RoadNetwork seed_network() {
  model::RoadNetwork net;
  net.source = "seed";
  net.lon = {0.0, 0.001, 0.002};
  net.lat = {0.0, 0.0, 0.001};
  net.vertex_osm_id = {1, 2, 3};
  net.from = {0, 1, 1, 2};
  net.to = {1, 0, 2, 1};
  net.length_m = {111, 111, 150, 150};
  net.seconds = {10, 10, 12, 12};
  net.edge_class = {0, 0, 1, 1};
  net.edge_source_id = {7, 7, 8, 8};
  net.shape_first = {0, 0, 0, 1, 2};
  net.shape_lon = {0.0015, 0.0015};
  net.shape_lat = {0.0005, 0.0005};
  net.class_names = {"primary", "residential"};
  return net;
}

}  // namespace

void fuzz_osm(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  const std::string text = as_text(data, size);
  const bool pbf = text.find("OSMHeader") != std::string::npos && text.find("OSMHeader") < 16;
  const std::string name = !text.empty() && text[0] == '<' ? "input.osm"
                           : pbf                           ? "input.osm.pbf"
                                                           : "input.opl";
  const std::string path = ws.write_file(name, text);
  try {
    io::OsmImportOptions options;
    const model::RoadNetwork raw = io::read_osm(path, options);
    (void)graph::prepare_road_network(raw);
  } catch (const core::InputError& e) {
    (void)e.what();
  }
}

void fuzz_layer(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  const std::string path = ws.write_file("input.geojson", as_text(data, size));
  static const io::LayerMapping mapping = io::parse_layer_mapping(
      "id=link,from=start,to=end,speed=kmh,minutes=minutes,oneway=oneway,name=label");
  try {
    const io::LayerImport in = io::read_line_layer(path, mapping);
    (void)io::network_yaml(in.network, "fuzz");
  } catch (const core::InputError& e) {
    (void)e.what();
  }
}

void fuzz_points(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  const std::string path = ws.write_file("points.csv", as_text(data, size));
  try {
    (void)io::read_points(path);
  } catch (const core::InputError& e) {
    (void)e.what();
  }
}

void fuzz_road_cache(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  static const std::string magic = [&] {
    (void)road_cache_seed(ws);
    return magic_of(ws.root() / "inputs" / "seed.cache");
  }();
  const std::string path = ws.write_file("roads.cache", cache_file(magic, as_text(data, size)));
  const auto net = io::load_road_cache(path, cache_key);
  if (!net) return;
  // What loads must be usable: cleaning walks every edge and shape point.
  try {
    (void)graph::clean_road_network(*net);
  } catch (const core::InputError& e) {
    (void)e.what();
  }
}

std::string road_cache_seed(const Workspace& ws) {
  const std::string path = (ws.root() / "inputs" / "seed.cache").string();
  fs::create_directories(ws.root() / "inputs");
  io::save_road_cache(seed_network(), path, cache_key);
  return cache_body(path);
}

void fuzz_ch_cache(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  static const std::string magic = [&] {
    (void)ch_cache_seed(ws);
    return magic_of(ws.root() / "inputs" / "seed.ch");
  }();
  using core::Index;
  static const graph::RoadGraph g = graph::make_road_graph(seed_network());
  const std::string path = ws.write_file("roads.ch", cache_file(magic, as_text(data, size)));
  // Checked alone and against the graph: whatever loads must answer every query and unpack
  // every path, from and to every vertex.
  for (const graph::RoadGraph* against : {static_cast<const graph::RoadGraph*>(nullptr), &g}) {
    const auto ch = graph::load_contraction_hierarchy(path, cache_key, against);
    if (!ch) continue;
    routing::ChQuery q(*ch);
    for (Index s = 0; s < ch->vertex_count(); ++s)
      for (Index t = 0; t < ch->vertex_count(); ++t) (void)q.path(s, t);
    const std::vector<Index> all = [&] {
      std::vector<Index> v(ch->vertex_count());
      std::iota(v.begin(), v.end(), 0);
      return v;
    }();
    (void)routing::ch_matrix(*ch, all, all, 1);
  }
}

std::string ch_cache_seed(const Workspace& ws) {
  const std::string path = (ws.root() / "inputs" / "seed.ch").string();
  fs::create_directories(ws.root() / "inputs");
  const auto ch = graph::build_contraction_hierarchy(graph::make_road_graph(seed_network()));
  graph::save_contraction_hierarchy(ch, path, cache_key);
  return cache_body(path);
}

std::vector<std::pair<std::string, std::string>> gtfs_tables(const std::string& input) {
  static const std::set<std::string> known = {
      "agency.txt",   "stops.txt",          "routes.txt",      "trips.txt",  "stop_times.txt",
      "calendar.txt", "calendar_dates.txt", "frequencies.txt", "shapes.txt", "transfers.txt"};
  const std::string mark = "@@ ";
  if (input.compare(0, mark.size(), mark) != 0 && input.find("\n" + mark) == std::string::npos)
    return {{"stop_times.txt", input}};
  // Line by line: a mark opens a table, other lines join its body (text before the first mark
  // is dropped); a body is the bytes between its mark line and the newline before the next.
  std::vector<std::pair<std::string, std::string>> out;
  bool open = false, fresh = false;
  for (std::size_t i = 0;;) {
    const std::size_t eol = std::min(input.find('\n', i), input.size());
    const std::string_view line(input.data() + i, eol - i);
    if (line.starts_with(mark)) {
      out.emplace_back(std::string(line.substr(mark.size())), "");
      open = fresh = true;
    } else if (open) {
      if (!fresh) out.back().second += '\n';
      out.back().second += line;
      fresh = false;
    }
    if (eol == input.size()) break;
    i = eol + 1;
  }
  std::erase_if(out, [](const auto& table) { return !known.count(table.first); });
  return out;
}

namespace {

// The promises of io/gtfs.hpp on what read_gtfs and timetable_on return; a broken one aborts,
// which libFuzzer reports as a crash.
void check_gtfs(const io::GtfsFeed& feed, const model::Timetable& day) {
  const auto promise = [](bool ok) {
    if (!ok) std::abort();
  };
  for (const auto& t : day.trips) {
    promise(t.stops.size() >= 2 && t.route < day.routes.size() &&
            t.arrival.size() == t.stops.size() && t.departure.size() == t.stops.size());
    for (std::size_t i = 0; i < t.stops.size(); ++i) {
      promise(t.stops[i] < day.stops.size() && t.arrival[i] <= t.departure[i]);
      promise(i == 0 || t.departure[i - 1] <= t.arrival[i]);
    }
  }
  for (const auto& x : io::transfers_between({feed, feed}))
    promise(x.from < 2 * feed.all.stops.size() && x.to < 2 * feed.all.stops.size() && x.type >= 0 &&
            x.type <= 3 && x.min_seconds >= 0);
  for (const auto* d : {static_cast<const model::Timetable*>(nullptr), &day})
    for (const auto& s : output::gtfs_route_shapes(feed, d))
      promise(s.points.size() >= 2 && s.trips > 0 && s.route < feed.all.routes.size());
}

}  // namespace

void fuzz_gtfs(const Workspace& ws, const std::uint8_t* data, std::size_t size) {
  const fs::path feed_dir = ws.root() / "inputs" / "gtfs";
  std::error_code ec;
  fs::remove_all(feed_dir, ec);
  fs::create_directories(feed_dir);
  fs::copy(ws.root() / "tests" / "data" / "gtfs" / "tiny", feed_dir);
  for (const auto& [name, bytes] : gtfs_tables(as_text(data, size))) {
    if (bytes.empty())
      fs::remove(feed_dir / name);
    else
      (void)ws.write_file("gtfs/" + name, bytes);
  }
  try {
    const io::GtfsFeed feed = io::read_gtfs(feed_dir.string());
    (void)output::gtfs_report_text(feed, nullptr);
    const auto [first, last] = io::service_span(feed);
    model::Timetable day;
    if (first != 0) {
      day = io::timetable_on(feed, io::gtfs_iso_date(first));
      (void)output::gtfs_report_text(feed, &day);
    }
    check_gtfs(feed, day);
  } catch (const core::InputError& e) {
    (void)e.what();
  }
}

void write_generated_seeds(const Workspace& ws) {
  // The folder of the target being run: run_fuzzers.sh names seeds/<target>.
  if (const char* dir = std::getenv("REACHPLAN_FUZZ_SEED_DIR")) {
    const std::string d(dir);
    std::ofstream(d + "/valid-small-network", std::ios::binary)
        << (d.ends_with("ch_cache") ? ch_cache_seed(ws) : road_cache_seed(ws));
  }
}

}  // namespace reachplan::fuzz
