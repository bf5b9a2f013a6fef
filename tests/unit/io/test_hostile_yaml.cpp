// Hostile and broken YAML: every case ends in a clear core::InputError (or a documented limit)
// quickly and in bounded memory, never a crash, a hang or an out-of-memory kill. The table in
// README "Robustness and limits" lists each case with its behaviour.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include "io_test_support.hpp"
#include "reachplan/io/limits.hpp"

using reachplan::core::InputError;
namespace limits = reachplan::io::limits;
using namespace io_test;

namespace {

std::string hostile(const std::string& name) {
  return std::string(REACHPLAN_TEST_DATA) + "/hostile/" + name;
}

const char* const two_places =
    "modes:\n  - {id: rail, speed_kmh: 100}\n"
    "nodes:\n  - {id: a, lon: 114.0, lat: 30.0}\n  - {id: b, lon: 114.5, lat: 30.5}\n";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("a billion-laughs alias bomb is refused before anything is built", "[io][hostile]") {
  const auto start = std::chrono::steady_clock::now();
  REQUIRE_INPUT_ERROR(network(hostile("billion-laughs.yaml")),
                      "billion-laughs.yaml:9:36: YAML aliases expand to more than " +
                          std::to_string(limits::max_yaml_values) + " values");
  CHECK(seconds_since(start) < 10);
}

TEST_CASE("aliases that multiply stops past the limit are refused", "[io][hostile]") {
  REQUIRE_INPUT_ERROR(network(hostile("stop-alias-amplifier.yaml")),
                      "YAML aliases expand to more than");
}

TEST_CASE("a few aliases below the limit load as the same values", "[io][hostile]") {
  TempDir tmp;
  const auto path = tmp.write("ok.yaml", std::string(two_places) +
                                             "lines:\n"
                                             "  - {id: l1, mode: rail, stops: &ab [a, b]}\n"
                                             "  - {id: l2, mode: rail, stops: *ab}\n");
  const auto n = network(path);
  CHECK(n.find_line("l2")->stops.size() == 2);
}

TEST_CASE("a recursive alias is refused", "[io][hostile]") {
  REQUIRE_INPUT_ERROR(network(hostile("recursive-alias.yaml")),
                      "recursive-alias.yaml:2:15: an alias refers to the list or map it is in");
}

TEST_CASE("extremely deep nesting is refused at the limit, not by a stack overflow",
          "[io][hostile]") {
  TempDir tmp;
  SECTION("flow lists 100 000 deep") {
    const auto path = tmp.write(
        "deep.yaml", "nodes: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
    REQUIRE_INPUT_ERROR(network(path), "lists and maps nested more than " +
                                           std::to_string(limits::max_yaml_depth) + " deep");
  }
  SECTION("block maps 5 000 deep") {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    REQUIRE_INPUT_ERROR(network(tmp.write("deep.yaml", text)), "nested more than");
  }
  SECTION("nesting just inside the limit is an ordinary error") {
    const std::size_t depth = limits::max_yaml_depth - 1;
    const auto path = tmp.write(
        "deep.yaml", "nodes: " + std::string(depth, '[') + std::string(depth, ']') + "\n");
    REQUIRE_INPUT_ERROR(network(path), "expected a map, got a list");
  }
}

TEST_CASE("NaN, infinities and numbers out of range are refused with their value",
          "[io][hostile]") {
  REQUIRE_INPUT_ERROR(network(hostile("non-finite.yaml")),
                      "non-finite.yaml:2:27: modes[0].speed_kmh: expected a finite number, got "
                      "'.inf'");
  TempDir tmp;
  const auto with_node = [&](const std::string& field) {
    return tmp.write("n.yaml", "nodes:\n  - {id: a, lon: 114, lat: 30, " + field + "}\n");
  };
  REQUIRE_INPUT_ERROR(network(with_node("population: .nan")), "expected a finite number");
  REQUIRE_INPUT_ERROR(network(with_node("population: -.inf")), "expected a finite number");
  REQUIRE_INPUT_ERROR(network(with_node("population: 1e400")), "expected a number, got '1e400'");
  REQUIRE_INPUT_ERROR(network(with_node("population: 1e300")),
                      "population: must be in [0, 1e+10] persons");
  REQUIRE_INPUT_ERROR(network(tmp.write("n.yaml", "nodes:\n  - {id: a, lon: 1e300, lat: 30}\n")),
                      "lon: must be in [-180, 180] degrees");
  const auto line = [&](const std::string& field) {
    return tmp.write("l.yaml", std::string(two_places) +
                                   "lines:\n  - {id: l, mode: rail, stops: [a, b], " + field +
                                   "}\n");
  };
  REQUIRE_INPUT_ERROR(network(line("opened: 99999999999999999999")),
                      "expected a whole number, got '99999999999999999999'");
  REQUIRE_INPUT_ERROR(network(line("segment_min: [.nan]")), "expected a finite number");
  // Finite but enormous times are outside the physical range; what the ranges let through but
  // the engine cannot hold is refused when the graph is built (test_cli_hardening).
  REQUIRE_INPUT_ERROR(network(line("segment_min: [1e300]")),
                      "segment_min[0]: must be in (0, 10080] minutes (value '1e300')");
}

TEST_CASE("a 2 GB file is refused by its size before a byte is read", "[io][hostile]") {
  TempDir tmp;
  const auto path = tmp.path("huge.yaml");
  // Sparse: the file claims 2 GB and takes no disk space.
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, off_t{2048} << 20) == 0);
  ::close(fd);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE_INPUT_ERROR(network(path), "is 2048 MB; input files are limited to 64 MB");
  CHECK(seconds_since(start) < 1);
}

TEST_CASE("a million nodes in one YAML file stop at the value limit", "[io][hostile]") {
  TempDir tmp;
  const auto path = tmp.path("million.yaml");
  {
    std::ofstream out(path);
    out << "modes:\n  - {id: road, speed_kmh: 60}\nnodes:\n";
    for (int i = 0; i < 1000000; ++i) out << "  - {id: n" << i << ", lon: 114, lat: 30}\n";
  }
  REQUIRE(std::filesystem::file_size(path) < limits::max_file_bytes);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE_INPUT_ERROR(network(path), "the file holds more than " +
                                         std::to_string(limits::max_yaml_values) +
                                         " YAML values; a network this large belongs in an OSM");
  CHECK(seconds_since(start) < 60);
}

TEST_CASE("many big network files together stop at the network limit", "[io][hostile]") {
  TempDir tmp;
  // Each file holds one line of 900 000 stops, under the value limit of one file; the third
  // takes the scenario's network past max_network_items.
  std::string stops;
  for (int i = 0; i < 450000; ++i) stops += "a,b,";
  stops.pop_back();
  std::string scenario = "scenario:\n  networks: [base.yaml";
  tmp.write("base.yaml", two_places);
  for (int f = 0; f < 3; ++f) {
    const std::string name = "big" + std::to_string(f) + ".yaml";
    tmp.write(name,
              "lines:\n  - {id: l" + std::to_string(f) + ", mode: rail, stops: [" + stops + "]}\n");
    scenario += ", " + name;
  }
  REQUIRE_INPUT_ERROR(io_test::scenario(tmp.write("s.yaml", scenario + "]\n")),
                      "big2.yaml:2:5: lines[0]: the network holds more than " +
                          std::to_string(limits::max_network_items) + " places, modes, lines");
}

TEST_CASE("pipes, devices and folders are refused rather than read", "[io][hostile]") {
  TempDir tmp;
  const auto fifo = tmp.path("fifo.yaml");
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  // Opening a FIFO with no writer would block for ever; it must not even be opened.
  REQUIRE_INPUT_ERROR(network(fifo), "not a regular file");
  REQUIRE_INPUT_ERROR(network("/dev/zero"), "not a regular file");
  const auto scenario = tmp.write("s.yaml", "scenario:\n  extends: /dev/urandom\n");
  REQUIRE_INPUT_ERROR(io_test::scenario(scenario), "s.yaml:2:12: scenario.extends: cannot read");
  REQUIRE_INPUT_ERROR(network(tmp.path("")), "is a folder, not a file");
}

TEST_CASE("text that is not UTF-8 is refused with its position", "[io][hostile]") {
  TempDir tmp;
  REQUIRE_INPUT_ERROR(network(tmp.write("latin1.yaml", "nodes:\n  - {id: a, name: caf\xe9}\n")),
                      "latin1.yaml:2:22: the file is not UTF-8 text (byte 0xE9)");
  REQUIRE_INPUT_ERROR(network(hostile("utf16.yaml")), "utf16.yaml:1:1: the file is not UTF-8");
  REQUIRE_INPUT_ERROR(network(tmp.write("nul.yaml", std::string("nodes: []\n\0", 11))),
                      "nul.yaml:2:1: the file is not UTF-8 text (byte 0x00)");
  // Nor can an escape make a string that is not UTF-8 (a lone surrogate) from valid text.
  REQUIRE_INPUT_ERROR(
      network(tmp.write("esc.yaml", "nodes:\n  - {id: a, lon: 1, lat: 1, name: \"\\uD800\"}\n")),
      "esc.yaml:2:42: invalid YAML: invalid unicode");
  // A byte order mark and non-ASCII text are fine.
  const auto n = network(tmp.write(
      "bom.yaml", "\xEF\xBB\xBFnodes:\n  - {id: a, lon: 1, lat: 1, name: \xE6\xAD\xA6}\n"));
  CHECK(n.nodes.front().name == "\xE6\xAD\xA6");
}

TEST_CASE("a stray token after the document is an error, not an endless loop", "[io][hostile]") {
  const auto start = std::chrono::steady_clock::now();
  REQUIRE_INPUT_ERROR(network(hostile("stray-comma.yaml")),
                      "stray-comma.yaml:2:1: invalid YAML: unexpected ','");
  TempDir tmp;
  REQUIRE_INPUT_ERROR(network(tmp.write("comma.yaml", ",")), "comma.yaml:1:1: invalid YAML");
  REQUIRE_INPUT_ERROR(network(tmp.write("quoted.yaml", "\"x\"\n,")), "unexpected ','");
  CHECK(seconds_since(start) < 5);
}

TEST_CASE("an extends chain longer than the limit is refused", "[io][hostile]") {
  TempDir tmp;
  const std::size_t n = limits::max_extends_depth + 2;
  tmp.write("s0.yaml", "scenario:\n  networks: [net.yaml]\n");
  tmp.write("net.yaml", two_places);
  for (std::size_t i = 1; i <= n; ++i)
    tmp.write("s" + std::to_string(i) + ".yaml",
              "scenario:\n  extends: s" + std::to_string(i - 1) + ".yaml\n");
  REQUIRE_INPUT_ERROR(scenario(tmp.path("s" + std::to_string(n) + ".yaml")),
                      "scenario files chained by extends");
  CHECK_NOTHROW(scenario(tmp.path("s" + std::to_string(limits::max_extends_depth - 1) + ".yaml")));
}

TEST_CASE("a key group or matrix too large to hold is refused at load", "[io][hostile]") {
  TempDir tmp;
  std::string nodes = "modes:\n  - {id: road, speed_kmh: 60}\nnodes:\n";
  const std::size_t places = limits::max_key_group_places + 1;
  for (std::size_t i = 0; i < places; ++i)
    nodes += "  - {id: n" + std::to_string(i) + ", lon: 114, lat: 30, groups: [many]}\n";
  tmp.write("net.yaml", nodes);
  // No key_group: every node is the key group.
  REQUIRE_INPUT_ERROR(scenario(tmp.write("all.yaml", "scenario:\n  networks: [net.yaml]\n")),
                      "the key group 'all' has " + std::to_string(places) + " places");
  REQUIRE_INPUT_ERROR(
      scenario(tmp.write("named.yaml", "scenario:\n  networks: [net.yaml]\n  key_group: many\n")),
      "named.yaml:3:14: scenario.key_group: the key group 'many' has");
  tmp.write("few.yaml",
            "scenario:\n  networks: [net.yaml]\n  groups: {few: [n0, n1]}\n"
            "  key_group: few\n");
  CHECK_NOTHROW(scenario(tmp.path("few.yaml")));
}
