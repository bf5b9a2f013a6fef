// What each fuzz target does with one input, shared by the libFuzzer entry points and by the
// replay test that runs every kept reproducer in the normal (and sanitizer) test suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace reachplan::fuzz {

// A private copy of the repository's YAML files (networks/, scenarios/, tests/data/) in a
// temporary folder, so that `extends:` and `networks:` in an input resolve as they would for a
// user. An input is written beside the files it names: a first line `# in: <folder>` (a YAML
// comment) picks one of the copied folders; the default is scenarios/middle-yangtze.
class Workspace {
 public:
  explicit Workspace(const std::filesystem::path& source_dir);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // Writes the input as a file and returns its path.
  std::string write_input(const std::uint8_t* data, std::size_t size) const;
  // Writes the bytes as <root>/inputs/<name> and returns its path.
  std::string write_file(const std::string& name, const std::string& bytes) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Loads the input as a network file (io::load_network). A core::InputError is the expected
// outcome for bad input; any other exception escapes, and libFuzzer reports it as a crash.
void fuzz_network(const Workspace& ws, const std::uint8_t* data, std::size_t size);

// Loads the input as a scenario (io::load_scenario); when it loads and is small, also runs it
// (graph, routing, targets) on one thread and renders every table and the JSON summary.
void fuzz_scenario(const Workspace& ws, const std::uint8_t* data, std::size_t size);

// The readers of road networks and layers (io/road_import.hpp, io/layer_import.hpp). Each
// accepts a core::InputError and nothing else.
// OpenStreetMap through libosmium: XML when the input starts with '<', PBF when it has the
// OSMHeader blob of one, OPL text otherwise; then the cleaning steps (parallel edges, largest
// strongly connected component, chains).
void fuzz_osm(const Workspace& ws, const std::uint8_t* data, std::size_t size);
// A GeoJSON line layer with the field mapping of tests/data/layers/links.geojson.
void fuzz_layer(const Workspace& ws, const std::uint8_t* data, std::size_t size);
// A points CSV (matrix origins and destinations).
void fuzz_points(const Workspace& ws, const std::uint8_t* data, std::size_t size);
// A road network cache file: the input is the body after the magic and key; the harness adds
// those and the checksum, so mutations reach the parser instead of failing the checksum.
void fuzz_road_cache(const Workspace& ws, const std::uint8_t* data, std::size_t size);
// The body of a valid cache file of a small network, as a seed for fuzz_road_cache.
std::string road_cache_seed(const Workspace& ws);
// A contraction hierarchy cache file, the same way (magic, key and checksum added); what loads,
// alone or checked against the seed network's graph, must answer and unpack every query.
void fuzz_ch_cache(const Workspace& ws, const std::uint8_t* data, std::size_t size);
// The body of a valid hierarchy cache file of the seed network, as a seed for fuzz_ch_cache.
std::string ch_cache_seed(const Workspace& ws);
// A GTFS feed: the tables of tests/data/gtfs/tiny, with those the input names replaced. The
// input is split into tables by lines "@@ <table>.txt" (see gtfs_tables; a table named with an
// empty body is removed); an input without such a line is stop_times.txt. The feed is read,
// reported, cut to its first service day and drawn as route shapes; its transfers laid out as
// for two feeds. Only a core::InputError may come out, and what loads must keep the readers'
// promises (stop indices in range, times in order, lines of at least 2 points).
void fuzz_gtfs(const Workspace& ws, const std::uint8_t* data, std::size_t size);
// The tables of a fuzz_gtfs input: (name, bytes) in input order, names of known GTFS tables
// only (anything else is dropped, so an input cannot write outside its folder).
std::vector<std::pair<std::string, std::string>> gtfs_tables(const std::string& input);
// Seeds only code can make (the cache bodies): written into $REACHPLAN_FUZZ_SEED_DIR when
// run_fuzzers.sh sets it, before libFuzzer reads its corpus folders.
void write_generated_seeds(const Workspace& ws);

}  // namespace reachplan::fuzz
