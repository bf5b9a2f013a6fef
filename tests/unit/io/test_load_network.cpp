#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "reachplan/io/load.hpp"

using reachplan::core::InputError;
using reachplan::io::load_network;
using reachplan::io::Warning;
using namespace io_test;

TEST_CASE("a network file loads nodes, modes, lines and links with their values", "[io]") {
  std::vector<Warning> warnings;
  const auto path = data("networks/core.yaml");
  const auto n = load_network(path, warnings);
  CHECK(warnings.empty());
  REQUIRE(n.node_ids() ==
          std::vector<std::string>{"wuhan", "xianning", "changsha", "nanchang", "jiujiang"});
  const auto& wuhan = *n.find_node("wuhan");
  CHECK(wuhan.name == "Wuhan");
  CHECK(wuhan.kind == "city");
  CHECK(wuhan.lon == 114.30);
  CHECK(wuhan.lat == 30.60);
  CHECK(wuhan.population == 9785392.0);
  CHECK(wuhan.groups == std::vector<std::string>{"capitals", "hubei"});
  CHECK(wuhan.access_min == std::map<std::string, double>{{"hsr", 30}, {"road", 10}});
  CHECK(wuhan.egress_min == std::map<std::string, double>{{"hsr", 25}});
  // Extra scalars are kept as attributes, verbatim.
  CHECK(wuhan.attributes ==
        std::map<std::string, std::string>{{"name_zh", "武汉"}, {"code", "420100"}});
  CHECK(wuhan.where.file == path);
  CHECK(wuhan.where.line == 6);
  CHECK(wuhan.where.column == 5);
  CHECK(n.find_node("xianning")->name == "xianning");  // name defaults to the id
  CHECK_FALSE(n.find_node("changsha")->population.has_value());

  REQUIRE(n.mode_ids() == std::vector<std::string>{"hsr", "road", "waterway"});
  const auto& hsr = *n.find_mode("hsr");
  CHECK(hsr.name == "High-speed rail");
  CHECK(hsr.speed_factor == 0.85);
  CHECK_FALSE(hsr.speed_kmh.has_value());
  CHECK(hsr.dwell_min == 5);
  CHECK(hsr.access_min == 30);
  CHECK(hsr.egress_min == 25.0);
  CHECK(hsr.detour_factor == 1.1);
  CHECK(hsr.transfer_default_min == 15.0);
  CHECK(hsr.transfer_min == std::map<std::string, double>{{"road", 20}});
  CHECK(n.find_mode("road")->speed_kmh == 80.0);
  CHECK(n.find_mode("road")->detour_factor == 1.2);  // model default
  CHECK(n.find_mode("waterway")->boarding_wait_min == 60);

  REQUIRE(n.line_ids() == std::vector<std::string>{"wuguang", "wujiu", "yangtze_wuhan_jiujiang"});
  const auto& wg = *n.find_line("wuguang");
  CHECK(wg.name == "Wuhan-Guangzhou HSR");
  CHECK(wg.mode == "hsr");
  REQUIRE(wg.stops.size() == 3);
  CHECK(wg.stops[0].node == "wuhan");
  CHECK_FALSE(wg.stops[0].pass);
  CHECK(wg.stops[1].node == "xianning");
  CHECK(wg.stops[1].pass);
  CHECK(wg.stops[2].dwell_min == 3.0);
  CHECK(wg.stops[1].where.line == 37);
  CHECK(wg.stops[1].where.column == 20);
  CHECK(wg.segment_km == std::vector<double>{85, 277});
  CHECK(wg.segment_min.empty());
  CHECK(wg.design_speed_kmh == 350.0);
  CHECK(wg.headway_min == 30.0);
  CHECK(wg.opened == 2009);
  CHECK(wg.status == reachplan::model::Status::existing);
  CHECK(wg.source == "shared/region/rail.csv");
  CHECK(wg.confidence == "approx");
  CHECK(wg.note == "test line");
  CHECK_FALSE(wg.is_link);
  CHECK_FALSE(wg.oneway);

  const auto& wj = *n.find_line("wujiu");
  CHECK(wj.status == reachplan::model::Status::under_construction);
  CHECK(wj.trains_per_day == 32.0);
  CHECK(wj.speed_kmh == 200.0);
  CHECK(wj.stops[1].km == 220.0);
  CHECK(wj.stops[2].km == 350.0);

  const auto& link = *n.find_line("yangtze_wuhan_jiujiang");
  CHECK(link.is_link);
  CHECK(link.oneway);
  CHECK(link.name == "yangtze_wuhan_jiujiang");
  REQUIRE(link.stops.size() == 2);
  CHECK(link.stops[0].node == "wuhan");
  CHECK(link.stops[1].node == "jiujiang");
  CHECK(link.length_km == 269.0);
}

TEST_CASE("is_scenario_file looks at the top-level keys", "[io]") {
  CHECK(reachplan::io::is_scenario_file(data("scenarios/base.yaml")));
  CHECK_FALSE(reachplan::io::is_scenario_file(data("networks/core.yaml")));
  TempDir tmp;
  REQUIRE_INPUT_ERROR(reachplan::io::is_scenario_file(tmp.path("missing.yaml")), "missing.yaml");
}

TEST_CASE("malformed YAML names file, line and column", "[io]") {
  TempDir tmp;
  const auto path = tmp.write("bad.yaml", "nodes:\n  - {id: a, lon: [1, 2}\n");
  REQUIRE_INPUT_ERROR(network(path), "bad.yaml:2:");
  try {
    network(path);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().file == path);
    CHECK(e.where().line == 2);
    CHECK(e.where().column > 0);
    CHECK_THAT(e.what(), Catch::Contains("invalid YAML"));
  }
  const auto two = tmp.write("two.yaml", "nodes: []\n---\nmodes: []\n");
  REQUIRE_INPUT_ERROR(network(two), "two.yaml:3:1: the file holds more than one YAML document");
  REQUIRE_INPUT_ERROR(network(tmp.path("nope.yaml")),
                      "file '" + tmp.path("nope.yaml") + "' does not exist");
  const auto empty = tmp.write("empty.yaml", "");
  REQUIRE_INPUT_ERROR(network(empty), "the file is empty");
  const auto list = tmp.write("list.yaml", "- a\n- b\n");
  REQUIRE_INPUT_ERROR(network(list), "list.yaml:1:1: expected a map, got a list");
}

namespace {

// A small valid network; each case below appends to it (to `modes:` or `nodes:`, whichever
// comes last, or a new `lines:`/`links:` list).
const std::string base_net = R"(nodes:
  - {id: wuhan, lon: 114.3, lat: 30.6}
  - {id: nanchang, lon: 115.86, lat: 28.68}
  - {id: changsha, lon: 112.94, lat: 28.23}
modes:
  - {id: rail, speed_kmh: 120}
  - {id: hsr, speed_factor: 0.8}
)";
const std::string nodes_last = R"(modes:
  - {id: rail, speed_kmh: 120}
  - {id: hsr, speed_factor: 0.8}
nodes:
  - {id: wuhan, lon: 114.3, lat: 30.6}
  - {id: nanchang, lon: 115.86, lat: 28.68}
  - {id: changsha, lon: 112.94, lat: 28.23}
)";

struct Case {
  const char* name;
  std::string yaml;     // appended to base_net
  std::string needle;   // where the error must point (last occurrence in the file)
  std::string message;  // "key.path: what (value)"
};

void check_cases(const std::string& base, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      const std::string text = base + c.yaml;
      const auto path = tmp.write("net.yaml", text);
      REQUIRE_INPUT_ERROR(network(path), "net.yaml:" + at(text, c.needle) + ": " + c.message);
    }
  }
}

}  // namespace

TEST_CASE("network references and duplicates are errors at the offending item", "[io]") {
  check_cases(
      base_net,
      {
          {"unknown node in stops, with a suggestion",
           "lines:\n  - {id: l1, mode: rail, stops: [wuhan, nanchnag]}\n", "nanchnag",
           "lines[0].stops[1]: unknown node 'nanchnag' (did you mean 'nanchang'?)"},
          {"unknown node in a stop map",
           "lines:\n  - {id: l1, mode: rail, stops: [wuhan, {node: x9}]}\n", "x9",
           "lines[0].stops[1].node: unknown node 'x9'"},
          {"unknown link end", "links:\n  - {id: k1, mode: rail, from: wuhan, to: nowhere}\n",
           "nowhere", "links[0].to: unknown node 'nowhere'"},
          {"unknown mode on a line", "lines:\n  - {id: l1, mode: rial, stops: [wuhan, nanchang]}\n",
           "rial", "lines[0].mode: unknown mode 'rial' (did you mean 'rail'?)"},
          {"lines and links share one id space",
           "lines:\n  - {id: l1, mode: rail, stops: [wuhan, nanchang]}\n"
           "links:\n  - {id: l1, mode: rail, from: wuhan, to: changsha}\n",
           "l1", "links[0].id: duplicate link id 'l1' (first defined at "},
          {"duplicate mode", "  - {id: rail, speed_kmh: 90}\n", "rail",
           "modes[2].id: duplicate mode id 'rail' (first defined at "},
          {"unknown mode in transfers", "  - {id: bus, speed_kmh: 40, transfers: {hs: 3}}\n",
           "hs:", "modes[2].transfers.hs: unknown mode 'hs' (did you mean 'hsr'?)"},
      });
  check_cases(
      nodes_last,
      {
          {"duplicate node", "  - {id: wuhan, lon: 1, lat: 2}\n", "wuhan",
           "nodes[3].id: duplicate node id 'wuhan' (first defined at "},
          {"unknown mode in node access_min",
           "  - {id: x, lon: 1, lat: 1, access_min: {rial: 5}}\n", "rial",
           "nodes[3].access_min.rial: unknown mode 'rial' (did you mean 'rail'?)"},
          {"an id with a space", "  - {id: new york, lon: 1, lat: 1}\n", "new york",
           "nodes[3].id: an id may only hold letters, digits, '_', '.' and '-' (value 'new york')"},
      });
}

TEST_CASE("node values are checked", "[io]") {
  check_cases(
      nodes_last,
      {
          {"missing lon", "  - {id: x, lat: 1}\n", "{id: x",
           "nodes[3]: missing required key 'lon'"},
          {"missing lat", "  - {id: x, lon: 1}\n", "{id: x",
           "nodes[3]: missing required key 'lat'"},
          {"missing id", "  - {lon: 1, lat: 1}\n", "{lon", "nodes[3]: missing required key 'id'"},
          {"lon out of range", "  - {id: x, lon: 190, lat: 1}\n", "190",
           "nodes[3].lon: must be in [-180, 180] degrees (value '190')"},
          {"lat out of range", "  - {id: x, lon: 1, lat: -91}\n", "-91",
           "nodes[3].lat: must be in [-90, 90] degrees (value '-91')"},
          {"negative population", "  - {id: x, lon: 1, lat: 1, population: -5}\n", "-5",
           "nodes[3].population: must be in [0, 1e+10] persons (value '-5')"},
          {"text for a number", "  - {id: x, lon: abc, lat: 1}\n", "abc",
           "nodes[3].lon: expected a number, got 'abc'"},
          {"empty number", "  - id: x\n    lon:\n    lat: 1\n",
           "lon:", "nodes[3].lon: expected a number, got an empty value"},
          {"negative access minutes", "  - {id: x, lon: 1, lat: 1, access_min: {rail: -1}}\n", "-1",
           "nodes[3].access_min.rail: must be in [0, 1440] minutes (value '-1')"},
          {"groups not a list", "  - {id: x, lon: 1, lat: 1, groups: capitals}\n", "capitals",
           "nodes[3].groups: expected a list, got 'capitals'"},
          {"a key given twice", "  - {id: x, lon: 1, lat: 1, lon: 2}\n", "lon",
           "nodes[3].lon: key 'lon' given twice (first at "},
      });
}

TEST_CASE("mode values are checked", "[io]") {
  check_cases(
      base_net,
      {
          {"speed_kmh zero", "  - {id: bus, speed_kmh: 0}\n", "0}",
           "modes[2].speed_kmh: must be in [1, 1000] km/h (value '0')"},
          {"speed_factor above 1.5", "  - {id: bus, speed_factor: 1.6}\n", "1.6",
           "modes[2].speed_factor: must be in (0, 1.5] (value '1.6')"},
          {"speed_factor zero", "  - {id: bus, speed_factor: 0}\n", "0}",
           "modes[2].speed_factor: must be in (0, 1.5] (value '0')"},
          {"detour below 1", "  - {id: bus, speed_kmh: 50, detour_factor: 0.9}\n", "0.9",
           "modes[2].detour_factor: must be in [1, 5] (value '0.9')"},
          {"negative dwell", "  - {id: bus, speed_kmh: 50, dwell_min: -2}\n", "-2",
           "modes[2].dwell_min: must be in [0, 240] minutes (value '-2')"},
          {"negative access", "  - {id: bus, speed_kmh: 50, access_min: -2}\n", "-2",
           "modes[2].access_min: must be in [0, 1440] minutes (value '-2')"},
          {"negative wait", "  - {id: bus, speed_kmh: 50, boarding_wait_min: -2}\n", "-2",
           "modes[2].boarding_wait_min: must be in [0, 1440] minutes (value '-2')"},
          {"negative transfer", "  - {id: bus, speed_kmh: 50, transfer_min: -2}\n", "-2",
           "modes[2].transfer_min: must be in [0, 1440] minutes (value '-2')"},
          {"negative transfer to a mode", "  - {id: bus, speed_kmh: 50, transfers: {rail: -3}}\n",
           "-3", "modes[2].transfers.rail: must be in [0, 1440] minutes (value '-3')"},
      });
}

TEST_CASE("line values and shapes are checked", "[io]") {
  const std::string l = "lines:\n  - {id: l1, mode: rail, stops: [wuhan, nanchang, changsha], ";
  check_cases(
      base_net,
      {
          {"one stop", "lines:\n  - {id: l1, mode: rail, stops: [wuhan]}\n", "[wuhan]",
           "lines[0].stops: a line needs at least 2 stops, got 1"},
          {"same node twice in a row",
           "lines:\n  - {id: l1, mode: rail, stops: [wuhan, nanchang, nanchang]}\n", "nanchang]",
           "lines[0].stops[2]: node 'nanchang' appears twice in a row"},
          {"length_km zero", l + "length_km: 0}\n", "0}",
           "lines[0].length_km: must be in (0, 10000] km (value '0')"},
          {"segment_km entry negative", l + "segment_km: [10, -4]}\n", "-4",
           "lines[0].segment_km[1]: must be in (0, 10000] km (value '-4')"},
          {"segment_min entry zero", l + "segment_min: [0, 4]}\n", "0,",
           "lines[0].segment_min[0]: must be in (0, 10080] minutes (value '0')"},
          {"segment_km wrong size", l + "segment_km: [10]}\n", "[10]",
           "lines[0].segment_km: segment_km has 1 entries but the line has 3 stops (needs 2)"},
          {"segment_min wrong size", l + "segment_min: [10, 20, 30]}\n", "[10",
           "lines[0].segment_min: segment_min has 3 entries but the line has 3 stops (needs 2)"},
          {"line speed zero", l + "speed_kmh: 0}\n", "0}",
           "lines[0].speed_kmh: must be in [1, 1000] km/h (value '0')"},
          {"design speed negative", l + "design_speed_kmh: -300}\n", "-300",
           "lines[0].design_speed_kmh: must be in [1, 1000] km/h (value '-300')"},
          {"detour below 1", l + "detour_factor: 0.5}\n", "0.5",
           "lines[0].detour_factor: must be in [1, 5] (value '0.5')"},
          {"negative dwell", l + "dwell_min: -1}\n", "-1",
           "lines[0].dwell_min: must be in [0, 240] minutes (value '-1')"},
          {"negative stop dwell",
           "lines:\n  - {id: l1, mode: rail, stops: [wuhan, {node: nanchang, dwell_min: -1}]}\n",
           "-1", "lines[0].stops[1].dwell_min: must be in [0, 240] minutes (value '-1')"},
          {"headway zero", l + "headway_min: 0}\n", "0}",
           "lines[0].headway_min: must be in (0, 1440] minutes (value '0')"},
          {"trains per day zero", l + "trains_per_day: 0}\n", "0}",
           "lines[0].trains_per_day: must be in (0, 1440] trains a day (value '0')"},
          {"opened too early", l + "opened: 1700}\n", "1700",
           "lines[0].opened: must be in [1800, 2200] (value '1700')"},
          {"opened not a whole number", l + "opened: 2020.5}\n", "2020.5",
           "lines[0].opened: expected a whole number, got '2020.5'"},
          {"invalid status with a suggestion", l + "status: planed}\n", "planed",
           "lines[0].status: invalid status 'planed' (did you mean 'planned'?)"},
          {"oneway not a boolean", l + "oneway: maybe}\n", "maybe",
           "lines[0].oneway: expected true or false, got 'maybe'"},
          {"name not text", l + "name: [a, b]}\n", "[a, b]",
           "lines[0].name: expected text, got a list"},
          {"chainage not increasing",
           "lines:\n  - {id: l1, mode: rail, stops: [{node: wuhan, km: 0}, {node: nanchang, km: "
           "50},"
           " {node: changsha, km: 50}]}\n",
           "50}]",
           "lines[0].stops[2].km: km chainage must increase along the line (value '50' after "
           "'50')"},
          {"chainage on some stops only",
           "lines:\n  - {id: l1, mode: rail, stops: [{node: wuhan, km: 0}, nanchang]}\n",
           "nanchang]", "lines[0].stops[1]: stop 'nanchang' has no km chainage but other stops do"},
          {"missing mode", "lines:\n  - {id: l1, stops: [wuhan, nanchang]}\n", "{id: l1",
           "lines[0]: missing required key 'mode'"},
          {"missing stops", "lines:\n  - {id: l1, mode: rail}\n", "{id: l1",
           "lines[0]: missing required key 'stops'"},
          {"stops not a list", "lines:\n  - {id: l1, mode: rail, stops: wuhan}\n", "wuhan}",
           "lines[0].stops: expected a list, got 'wuhan'"},
          {"a stop map without node",
           "lines:\n  - {id: l1, mode: rail, stops: [wuhan, {pass: true}]}\n", "{pass",
           "lines[0].stops[1]: a stop needs 'node'"},
          {"a line that cannot be timed",
           "lines:\n  - {id: l1, mode: hsr, stops: [wuhan, nanchang], length_km: 300}\n", "{id: l1",
           "lines[0]: line 'l1' cannot be timed"},
          {"a line with from", "lines:\n  - {id: l1, mode: rail, from: wuhan, to: nanchang}\n",
           "from", "lines[0].from: 'from' is for links; a line lists 'stops'"},
          {"a link with stops", "links:\n  - {id: k1, mode: rail, stops: [wuhan, nanchang]}\n",
           "stops", "links[0].stops: a link takes 'from' and 'to', not 'stops'"},
          {"a link with segment_km",
           "links:\n  - {id: k1, mode: rail, from: wuhan, to: nanchang, segment_km: [3]}\n",
           "segment_km", "links[0].segment_km: a link is one segment"},
          {"a link without to", "links:\n  - {id: k1, mode: rail, from: wuhan}\n", "{id: k1",
           "links[0]: missing required key 'to'"},
          {"a link to itself", "links:\n  - {id: k1, mode: rail, from: wuhan, to: wuhan}\n",
           "wuhan}", "links[0].to: node 'wuhan' appears twice in a row"},
      });
}

TEST_CASE("a line is timed by segment_min, a line speed, a mode speed, or factor x design",
          "[io]") {
  TempDir tmp;
  const std::string lines = R"(lines:
  - {id: by_minutes, mode: hsr, stops: [wuhan, nanchang], segment_min: [60]}
  - {id: by_line_speed, mode: hsr, stops: [wuhan, nanchang], speed_kmh: 200}
  - {id: by_mode_speed, mode: rail, stops: [wuhan, nanchang]}
  - {id: by_factor, mode: hsr, stops: [wuhan, nanchang], design_speed_kmh: 300}
)";
  const auto n = network(tmp.write("net.yaml", base_net + lines));
  CHECK(n.lines.size() == 4);
}

TEST_CASE("an empty top-level list is an empty list", "[io]") {
  TempDir tmp;
  const auto n = network(tmp.write("net.yaml", base_net + "lines:\nlinks:\n"));
  CHECK(n.nodes.size() == 3);
  CHECK(n.lines.empty());
}

TEST_CASE("load_network refuses a scenario file", "[io]") {
  REQUIRE_INPUT_ERROR(network(data("scenarios/base.yaml")),
                      "base.yaml:1:1: scenario: this is a scenario file");
}
