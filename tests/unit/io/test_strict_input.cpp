// Issue "No silent misreads": each mistake of the README table "Mistakes and what you get"
// loads as an error naming file:line:col, the key path and the value, never as something else.
#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "reachplan/io/load.hpp"

using reachplan::core::InputError;
using reachplan::core::InputErrors;
using reachplan::io::load_network;
using reachplan::io::load_scenario;
using reachplan::io::LoadOptions;
using reachplan::io::Warning;
using namespace io_test;

namespace {

const char* modes = "modes:\n  - {id: rail, speed_kmh: 100}\n";

// A two-node network around `extra` lines (nodes a, b; mode rail).
std::string net(const std::string& nodes, const std::string& lines = "") {
  return std::string(modes) + "nodes:\n" + nodes + "lines:\n" +
         (lines.empty() ? "  - {id: ab, mode: rail, stops: [a, b]}\n" : lines);
}

const std::string two_nodes = "  - {id: a, lon: 0, lat: 0}\n  - {id: b, lon: 1, lat: 0}\n";

// The message of the InputError `load` throws (fails the test when it throws none).
template <class Load>
std::string error_of(Load&& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError thrown");
  return "";
}

std::string network_error(const std::string& path, const LoadOptions& options = {}) {
  return error_of([&] {
    std::vector<Warning> w;
    load_network(path, w, options);
  });
}

}  // namespace

TEST_CASE("a number with thousands separators is refused, in flow and block maps", "[io]") {
  TempDir tmp;
  const std::string flow =
      net("  - {id: a, lon: 0, lat: 0, population: 9,785,392}\n"
          "  - {id: b, lon: 1, lat: 0}\n");
  const auto p = tmp.write("flow.yaml", flow);
  const std::string e = network_error(p);
  CHECK_THAT(e, Catch::StartsWith(p + ":" + at(flow, "785") +
                                  ": nodes[0].785: key '785' is a "
                                  "bare number"));
  CHECK_THAT(e, Catch::Contains("write it without them (9785392)"));

  const std::string block = net("  - id: a\n    lon: 0\n    lat: 0\n    population: 9,785,392\n" +
                                std::string("  - {id: b, lon: 1, lat: 0}\n"));
  const auto q = tmp.write("block.yaml", block);
  CHECK(network_error(q) == q + ":" + at(block, "9,785") +
                                ": nodes[0].population: expected a number, got '9,785,392': "
                                "write it without thousands separators");
}

TEST_CASE("an unknown key is an error naming the nearest valid key, --lenient warns", "[io]") {
  TempDir tmp;
  const std::string text = net("  - {id: a, lon: 0, lat: 0, popuation: 5000}\n" +
                                   std::string("  - {id: b, lon: 1, lat: 0}\n"),
                               "  - {id: ab, mode: rail, stops: [a, b], headway: 30}\n");
  const auto p = tmp.write("typo.yaml", text);
  const std::string e = network_error(p);
  // Both typos in one pass, each at its key.
  CHECK_THAT(e, Catch::StartsWith(p + ":" + at(text, "popuation") +
                                  ": nodes[0].popuation: unknown key 'popuation' (did you mean "
                                  "'population'?)"));
  CHECK_THAT(e, Catch::Contains("\nerror: " + p + ":" + at(text, "headway") +
                                ": lines[0].headway: unknown key 'headway' (did you mean "
                                "'headway_min'?)"));

  LoadOptions lenient;
  lenient.lenient = true;
  std::vector<Warning> w;
  const auto n = load_network(p, w, lenient);
  REQUIRE(w.size() == 2);
  CHECK(w[0].key_path == "nodes[0].popuation");
  // Not kept as anything: free data goes in attributes.
  CHECK(n.nodes[0].attributes.empty());
  CHECK_FALSE(n.nodes[0].population);
}

TEST_CASE("a key far from every valid one lists the valid keys", "[io]") {
  TempDir tmp;
  const auto p = tmp.write("far.yaml", net("  - {id: a, lon: 0, lat: 0, zzzzzzzz: 1}\n" +
                                           std::string("  - {id: b, lon: 1, lat: 0}\n")));
  CHECK_THAT(network_error(p),
             Catch::Contains("unknown key 'zzzzzzzz'; valid keys here: name, name_zh, kind, lon, "
                             "lat, population"));
}

TEST_CASE("free data goes in attributes, and may not shadow a schema key", "[io]") {
  TempDir tmp;
  const auto ok = tmp.write(
      "ok.yaml", net("  - {id: a, lon: 0, lat: 0, name_zh: 甲, note: n, attributes: {code: "
                     "\"0420\", rank: 3}}\n" +
                     std::string("  - {id: b, lon: 1, lat: 0}\n")));
  const auto n = network(ok);
  CHECK(n.nodes[0].attributes ==
        std::map<std::string, std::string>{
            {"code", "0420"}, {"name_zh", "甲"}, {"note", "n"}, {"rank", "3"}});

  const std::string shadow = net("  - {id: a, lon: 0, lat: 0, attributes: {lon: 5}}\n" +
                                 std::string("  - {id: b, lon: 1, lat: 0}\n"));
  const auto p = tmp.write("shadow.yaml", shadow);
  CHECK_THAT(network_error(p),
             Catch::Contains(p + ":" + at(shadow, "lon: 5") +
                             ": nodes[0].attributes.lon: 'lon' is a key of the schema"));
  const auto q =
      tmp.write("nested.yaml", net("  - {id: a, lon: 0, lat: 0, attributes: {x: [1]}}\n" +
                                   std::string("  - {id: b, lon: 1, lat: 0}\n")));
  CHECK_THAT(network_error(q),
             Catch::Contains("an attribute is a single text or number, got a list"));
}

TEST_CASE("YAML merge keys apply as YAML says, a bad one is refused", "[io]") {
  TempDir tmp;
  const std::string text = std::string(modes) +
                           "x-defaults: &d {headway_min: 30, dwell_min: 2}\n"
                           "nodes:\n" +
                           two_nodes +
                           "  - {id: c, lon: 2, lat: 0}\n"
                           "lines:\n"
                           "  - {id: abc, mode: rail, stops: [a, b, c], <<: *d, dwell_min: 4}\n";
  const auto n = network(tmp.write("merge.yaml", text));
  const auto& line = n.lines.at(0);
  REQUIRE(line.headway_min);
  CHECK(*line.headway_min == 30);
  REQUIRE(line.dwell_min);
  CHECK(*line.dwell_min == 4);  // the map's own key wins over the merged one

  const std::string bad = std::string(modes) + "nodes:\n" + two_nodes +
                          "lines:\n  - {id: ab, mode: rail, stops: [a, b], <<: 5}\n";
  const auto p = tmp.write("bad-merge.yaml", bad);
  CHECK_THAT(network_error(p), Catch::Contains("lines[0].<<: a merge key '<<' takes a map"));
}

TEST_CASE("a number outside its physical range is refused with the range", "[io]") {
  TempDir tmp;
  const std::string text = "modes:\n  - {id: rail, speed_kmh: 1e300}\nnodes:\n" + two_nodes +
                           "lines:\n  - {id: ab, mode: rail, stops: [a, b], dwell_min: 500}\n";
  const auto p = tmp.write("range.yaml", text);
  const std::string e = network_error(p);
  CHECK_THAT(e, Catch::StartsWith(p + ":" + at(text, "1e300") +
                                  ": modes[0].speed_kmh: must be in [1, 1000] km/h (value "
                                  "'1e300')"));
  CHECK_THAT(e, Catch::Contains("lines[0].dwell_min: must be in [0, 240] minutes (value '500')"));
}

TEST_CASE("a quoted number or boolean is text, not a number", "[io]") {
  TempDir tmp;
  const auto p =
      tmp.write("quoted.yaml", net("  - {id: a, lon: 0, lat: 0, population: \"5000\"}\n" +
                                       std::string("  - {id: b, lon: 1, lat: 0}\n"),
                                   "  - {id: ab, mode: rail, stops: [a, b], oneway: 'true'}\n"));
  const std::string e = network_error(p);
  CHECK_THAT(e, Catch::Contains("nodes[0].population: expected a number, got the quoted text "
                                "'5000': unquote it"));
  CHECK_THAT(e, Catch::Contains("lines[0].oneway: expected true or false, got 'true'"));
}

TEST_CASE("keys that cannot both take effect are refused naming both", "[io]") {
  TempDir tmp;
  const std::string text =
      "modes:\n  - {id: rail, speed_kmh: 100, speed_factor: 0.8}\nnodes:\n" + two_nodes +
      "lines:\n  - {id: ab, mode: rail, stops: [a, b], headway_min: 10, trains_per_day: 40}\n";
  const auto p = tmp.write("both.yaml", text);
  const std::string e = network_error(p);
  CHECK_THAT(e, Catch::Contains(p + ":" + at(text, "speed_factor") +
                                ": modes[0].speed_factor: give either 'speed_kmh' or "
                                "'speed_factor', not both"));
  CHECK_THAT(e, Catch::Contains(p + ":" + at(text, "trains_per_day") +
                                ": lines[0].trains_per_day: give either 'headway_min' or "
                                "'trains_per_day', not both (headway_min at " +
                                p + ":" + at(text, "headway_min")));

  const std::string lengths = std::string(modes) + "nodes:\n" + two_nodes +
                              "  - {id: c, lon: 2, lat: 0}\n"
                              "lines:\n  - {id: abc, mode: rail, stops: [a, b, c], length_km: "
                              "300, segment_km: [100, 150]}\n"
                              "  - {id: t, mode: rail, stops: [a, b], segment_min: [30], "
                              "speed_kmh: 90}\n";
  const auto q = tmp.write("lengths.yaml", lengths);
  const std::string f = network_error(q);
  CHECK_THAT(f, Catch::Contains("lines[0].length_km: length_km (300 km) and the sum of "
                                "segment_km (250 km) disagree"));
  CHECK_THAT(f, Catch::Contains("give either 'segment_min' or 'speed_kmh', not both"));
}

TEST_CASE("a scenario's modify that sets one of a pair replaces the other", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml",
            net(two_nodes, "  - {id: ab, mode: rail, stops: [a, b], headway_min: 10}\n"));
  const auto s = scenario(
      tmp.write("s.yaml",
                "scenario:\n  networks: [net.yaml]\n  modify:\n    lines:\n      - {id: ab, "
                "trains_per_day: 40}\n"));
  const auto& line = s.network.lines.at(0);
  CHECK_FALSE(line.headway_min);
  REQUIRE(line.trains_per_day);
  CHECK(*line.trains_per_day == 40);
}

TEST_CASE("a scenario must build something", "[io]") {
  TempDir tmp;
  const auto empty = tmp.write("empty.yaml", "scenario:\n  name: nothing\n");
  CHECK_THAT(error_of([&] { scenario(empty); }),
             Catch::Contains("scenario 'empty' (" + empty + ") has no places"));
  tmp.write("net.yaml", net(two_nodes));
  const auto key = tmp.write(
      "key.yaml", "scenario:\n  networks: [net.yaml]\n  groups: {none: []}\n  key_group: none\n");
  CHECK_THAT(error_of([&] { scenario(key); }),
             Catch::Contains("key_group: group 'none' has no member places in this scenario's "
                             "network, so the key group would cover nothing"));
}

TEST_CASE("every error of a file is reported, up to a limit", "[io]") {
  TempDir tmp;
  std::string nodes;
  for (int i = 0; i < 25; ++i) nodes += "  - {id: n" + std::to_string(i) + ", lon: 0, lat: 95}\n";
  const auto p = tmp.write("many.yaml", net(nodes + two_nodes));
  try {
    std::vector<Warning> w;
    load_network(p, w);
    FAIL("no error");
  } catch (const InputErrors& e) {
    CHECK(e.errors().size() == 20);
    CHECK(e.more() == 5);
    CHECK_THAT(std::string(e.what()), Catch::EndsWith("\nerror: ... and 5 more errors"));
    CHECK(e.where().line == 4);  // the first error's position stays the error's own
  }
}

TEST_CASE("a huge value is cut in the message", "[io]") {
  TempDir tmp;
  const std::string big(100000, 'x');
  const auto p = tmp.write("big.yaml", net("  - {id: a, lon: " + big + ", lat: 0}\n" +
                                           std::string("  - {id: b, lon: 1, lat: 0}\n")));
  const std::string e = network_error(p);
  CHECK(e.size() < 300);
  CHECK_THAT(e, Catch::Contains("got '" + std::string(60, 'x') + "...'"));
}

TEST_CASE("x- keys hold anchors and are skipped, the output list takes each name once", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", "x-speed: &v 100\n" + std::string(modes) + "nodes:\n" + two_nodes +
                            "lines:\n  - {id: ab, mode: rail, stops: [a, b], speed_kmh: *v}\n");
  const std::string text =
      "scenario:\n  networks: [net.yaml]\n  outputs: [matrix.csv, od.csv, matrix.csv]\n";
  const auto p = tmp.write("s.yaml", text);
  CHECK(error_of([&] { scenario(p); }) ==
        p + ":" + at(text, "matrix.csv]") + ": scenario.outputs[2]: output 'matrix.csv' listed " +
            "twice (first at " + p + ":" + at(text, "matrix.csv, od") + ")");
}
