#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "reachplan/io/load.hpp"

using namespace io_test;

namespace {

const std::string net = R"(nodes:
  - {id: wuhan, lon: 114.3, lat: 30.6}
  - {id: nanchang, lon: 115.86, lat: 28.68}
  - {id: changsha, lon: 112.94, lat: 28.23}
modes:
  - {id: rail, speed_kmh: 120}
lines:
  - {id: wuchang, mode: rail, stops: [wuhan, changsha]}
  - {id: wunan, mode: rail, stops: [wuhan, nanchang]}
)";

const std::string head = "scenario:\n  networks: [net.yaml]\n";

struct Case {
  const char* name;
  std::string yaml;     // appended to head
  std::string needle;   // where the error must point (last occurrence in scen.yaml)
  std::string message;  // "key.path: what (value)"
};

void check_cases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      tmp.write("net.yaml", net);
      const std::string text = head + c.yaml;
      const auto path = tmp.write("scen.yaml", text);
      REQUIRE_INPUT_ERROR(scenario(path), "scen.yaml:" + at(text, c.needle) + ": " + c.message);
    }
  }
}

}  // namespace

TEST_CASE("scenario edits naming unknown ids are errors with suggestions", "[io]") {
  check_cases({
      {"build.lines", "  build: {lines: [wuchan]}\n", "wuchan",
       "scenario.build.lines[0]: unknown line 'wuchan' (did you mean 'wuchang'?)"},
      {"build.statuses", "  build: {statuses: [existng]}\n", "existng",
       "scenario.build.statuses[0]: invalid status 'existng' (did you mean 'existing'?)"},
      {"remove.nodes", "  remove: {nodes: [wuhn]}\n", "wuhn",
       "scenario.remove.nodes[0]: unknown node 'wuhn' (did you mean 'wuhan'?)"},
      {"remove.lines", "  remove: {lines: [wunan2]}\n", "wunan2",
       "scenario.remove.lines[0]: unknown line 'wunan2' (did you mean 'wunan'?)"},
      {"remove.links", "  remove: {links: [wunan2]}\n", "wunan2",
       "scenario.remove.links[0]: unknown link 'wunan2' (did you mean 'wunan'?)"},
      {"modify.lines", "  modify: {lines: [{id: wuchan, speed_kmh: 3}]}\n", "wuchan",
       "scenario.modify.lines[0].id: unknown line 'wuchan' (did you mean 'wuchang'?)"},
      {"modify.modes", "  modify: {modes: [{id: rial, dwell_min: 3}]}\n", "rial",
       "scenario.modify.modes[0].id: unknown mode 'rial' (did you mean 'rail'?)"},
      {"modify.nodes", "  modify: {nodes: [{id: nanchan, lat: 3}]}\n", "nanchan",
       "scenario.modify.nodes[0].id: unknown node 'nanchan' (did you mean 'nanchang'?)"},
      {"modify without id", "  modify: {nodes: [{lat: 3}]}\n", "{lat",
       "scenario.modify.nodes[0]: missing required key 'id'"},
      {"modify of an item its parent removed",
       "  remove: {lines: [wunan]}\n  modify: {lines: "
       "[{id: wunan, speed_kmh: 3}]}\n",
       "wunan,", "scenario.modify.lines[0].id: unknown line 'wunan' (removed at "},
      {"a modified value is checked", "  modify: {nodes: [{id: wuhan, lat: 95}]}\n", "95",
       "scenario.modify.nodes[0].lat: must be in [-90, 90] degrees (value '95')"},
      {"a modified mode is checked", "  modify: {lines: [{id: wunan, mode: bus}]}\n", "bus",
       "scenario.modify.lines[0].mode: unknown mode 'bus'"},
      {"a modified stop list is checked",
       "  modify: {lines: [{id: wunan, stops: [wuhan, hefei]}]}\n", "hefei",
       "scenario.modify.lines[0].stops[1]: unknown node 'hefei'"},
      {"removing a node a line still uses", "  remove: {nodes: [nanchang]}\n", "nanchang",
       "scenario.remove.nodes[0]: cannot remove node 'nanchang': line 'wunan' still uses it (at "},
      {"removing a mode a line still uses", "  remove: {modes: [rail]}\n", "rail",
       "scenario.remove.modes[0]: cannot remove mode 'rail': line 'wuchang' still uses it (at "},
      {"adding a node twice", "  add: {nodes: [{id: wuhan, lon: 1, lat: 1}]}\n", "wuhan",
       "scenario.add.nodes[0].id: duplicate node id 'wuhan' (first defined at "},
      {"an added line with an unknown stop",
       "  add:\n    lines:\n      - {id: l9, mode: rail, stops: [wuhan, nowhere]}\n", "nowhere",
       "scenario.add.lines[0].stops[1]: unknown node 'nowhere'"},
  });
}

TEST_CASE("a removal names the line that still uses the node and where", "[io]") {
  TempDir tmp;
  const auto net_path = tmp.write("net.yaml", net);
  const auto path = tmp.write("scen.yaml", head + "  remove: {nodes: [nanchang]}\n");
  // Both places: the removal (the error's location) and the stop that still needs the node.
  REQUIRE_INPUT_ERROR(scenario(path), "(at " + net_path + ":" + at(net, "nanchang]") + ")");
  // Removing the line with it is fine.
  const auto ok = tmp.write("ok.yaml", head + "  remove: {nodes: [nanchang], lines: [wunan]}\n");
  const auto s = scenario(ok);
  CHECK(s.network.node_ids() == std::vector<std::string>{"wuhan", "changsha"});
  CHECK(s.network.line_ids() == std::vector<std::string>{"wuchang"});
}

TEST_CASE("groups, key_group and profiles are checked", "[io]") {
  check_cases({
      {"group with an unknown node", "  groups: {caps: [wuhan, nanchnag]}\n", "nanchnag",
       "scenario.groups.caps[1]: unknown node 'nanchnag' (did you mean 'nanchang'?)"},
      {"group naming a node twice", "  groups: {caps: [wuhan, wuhan]}\n", "wuhan]",
       "scenario.groups.caps[1]: node 'wuhan' is listed twice in group 'caps'"},
      {"group called all", "  groups: {all: [wuhan]}\n", "all",
       "scenario.groups.all: group id 'all' is reserved"},
      {"group not a list", "  groups: {caps: wuhan}\n", "wuhan}",
       "scenario.groups.caps: expected a list, got 'wuhan'"},
      {"unknown key_group", "  groups: {capitals: [wuhan]}\n  key_group: capitls\n", "capitls",
       "scenario.key_group: unknown group 'capitls' (did you mean 'capitals'?)"},
      {"profile with an unknown mode", "  profiles: {p: {modes: [rial]}}\n", "rial",
       "scenario.profiles.p.modes[0]: unknown mode 'rial' (did you mean 'rail'?)"},
      {"profile with a bad access", "  profiles: {p: {access: door_to_dor}}\n", "door_to_dor",
       "scenario.profiles.p.access: unknown access 'door_to_dor' (did you mean 'door_to_door'?)"},
      {"profile with a bad wait", "  profiles: {p: {wait: half}}\n", "half",
       "scenario.profiles.p.wait: unknown wait 'half'; use half_headway or none"},
      {"profile with too many service hours", "  profiles: {p: {service_hours: 30}}\n", "30",
       "scenario.profiles.p.service_hours: must be in (0, 24] hours (value '30')"},
      {"unknown default_profile", "  profiles: {rail: {}}\n  default_profile: rali\n", "rali",
       "scenario.default_profile: unknown profile 'rali' (did you mean 'rail'?)"},
      {"year not a number", "  year: soon\n", "soon",
       "scenario.year: expected a whole number, got 'soon'"},
      {"year out of range", "  year: 3000\n", "3000",
       "scenario.year: must be in [1800, 2200] (value '3000')"},
      {"an invalid scenario id", "  id: my plan\n", "my plan",
       "scenario.id: an id may only hold letters, digits, '_', '.' and '-' (value 'my plan')"},
      {"matrix with an unknown group", "  matrices: [{id: m, group: ports}]\n", "ports",
       "scenario.matrices[0].group: unknown group 'ports'"},
      {"matrix with an unknown profile", "  matrices: [{id: m, group: all, profile: road}]\n",
       "road", "scenario.matrices[0].profile: unknown profile 'road'"},
      {"matrix with an unknown to_group", "  matrices: [{id: m, group: all, to_group: x}]\n", "x}",
       "scenario.matrices[0].to_group: unknown group 'x'"},
      {"matrix without group", "  matrices: [{id: m}]\n", "{id: m",
       "scenario.matrices[0]: missing required key 'group'"},
  });
}

TEST_CASE("targets are checked", "[io]") {
  const std::string t = "  groups: {caps: [wuhan, nanchang]}\n  targets:\n    - ";
  check_cases({
      {"unknown kind", t + "{id: t, kind: max_pair_tme, group: caps, max_minutes: 9}\n",
       "max_pair_tme",
       "scenario.targets[0].kind: unknown target kind 'max_pair_tme' (did you mean "
       "'max_pair_time'?)"},
      {"missing kind", t + "{id: t, group: caps, max_minutes: 9}\n", "{id: t",
       "scenario.targets[0]: missing required key 'kind'"},
      {"missing group", t + "{id: t, kind: mean_time, max_minutes: 9}\n", "{id: t",
       "scenario.targets[0]: missing required key 'group'"},
      {"unknown group", t + "{id: t, kind: mean_time, group: cap, max_minutes: 9}\n", "cap,",
       "scenario.targets[0].group: unknown group 'cap' (did you mean 'caps'?)"},
      {"reach_share without from", t + "{id: t, kind: reach_share, group: caps, max_minutes: 9}\n",
       "{id: t", "scenario.targets[0]: a reach_share target needs 'from'"},
      {"reach_share from an unknown node",
       t + "{id: t, kind: reach_share, from: wuhn, group: caps, max_minutes: 9}\n", "wuhn",
       "scenario.targets[0].from: unknown node 'wuhn' (did you mean 'wuhan'?)"},
      {"max_nearest_time without to_group",
       t + "{id: t, kind: max_nearest_time, group: caps, max_minutes: 9}\n", "{id: t",
       "scenario.targets[0]: a max_nearest_time target needs 'to_group'"},
      {"max_nearest_time to an unknown group",
       t + "{id: t, kind: max_nearest_time, group: caps, to_group: ports, max_minutes: 9}\n",
       "ports", "scenario.targets[0].to_group: unknown group 'ports'"},
      {"missing max_minutes", t + "{id: t, kind: mean_time, group: caps}\n", "{id: t",
       "scenario.targets[0]: missing required key 'max_minutes'"},
      {"max_minutes zero", t + "{id: t, kind: mean_time, group: caps, max_minutes: 0}\n", "0}",
       "scenario.targets[0].max_minutes: must be in (0, 10080] minutes (value '0')"},
      {"max_minutes text", t + "{id: t, kind: mean_time, group: caps, max_minutes: abc}\n", "abc",
       "scenario.targets[0].max_minutes: expected a number, got 'abc'"},
      {"min_share above 1",
       t + "{id: t, kind: reach_share, from: wuhan, group: caps, max_minutes: 9, min_share: 1.5}\n",
       "1.5", "scenario.targets[0].min_share: must be in [0, 1] (value '1.5')"},
      {"unknown profile",
       t + "{id: t, kind: mean_time, group: caps, max_minutes: 9, profile: rial}\n", "rial",
       "scenario.targets[0].profile: unknown profile 'rial'"},
      {"two targets with one id",
       t + "{id: t, kind: mean_time, group: caps, max_minutes: 9}\n" +
           "    - {id: t, kind: mean_time, group: all, max_minutes: 9}\n",
       "t, kind", "scenario.targets[1].id: duplicate target id 't' (first defined at "},
      {"targets not a list", "  targets: {id: t}\n", "{id: t",
       "scenario.targets: expected a list, got a map"},
  });
}

TEST_CASE("a target over a group with no member place is an error, for every kind", "[io]") {
  // An empty group made max_pair_time pass 0/0 while mean_time failed: a verdict on nothing.
  const std::string t =
      "  groups: {none: [], caps: [wuhan, nanchang], one: [wuhan]}\n  targets:\n    - ";
  const std::string nothing = "' would judge nothing";
  check_cases({
      {"max_pair_time", t + "{id: t, kind: max_pair_time, group: none, max_minutes: 9}\n",
       "none, max",
       "scenario.targets[0].group: group 'none' has no member places in this scenario's network, "
       "so max_pair_time target 't" +
           nothing},
      {"mean_time", t + "{id: t, kind: mean_time, group: none, max_minutes: 9}\n", "none, max",
       "scenario.targets[0].group: group 'none' has no member places in this scenario's network, "
       "so mean_time target 't" +
           nothing},
      {"reach_share", t + "{id: t, kind: reach_share, from: wuhan, group: none, max_minutes: 9}\n",
       "none, max",
       "scenario.targets[0].group: group 'none' has no member places besides from 'wuhan' in this "
       "scenario's network, so reach_share target 't" +
           nothing},
      {"reach_share over its own hub",
       t + "{id: t, kind: reach_share, from: wuhan, group: one, max_minutes: 9}\n", "one, max",
       "scenario.targets[0].group: group 'one' has no member places besides from 'wuhan' in this "
       "scenario's network, so reach_share target 't" +
           nothing},
      {"max_nearest_time from none",
       t + "{id: t, kind: max_nearest_time, group: none, to_group: caps, max_minutes: 9}\n",
       "none, to",
       "scenario.targets[0].group: group 'none' has no member places in this scenario's network, "
       "so max_nearest_time target 't" +
           nothing},
      {"max_nearest_time to none",
       t + "{id: t, kind: max_nearest_time, group: caps, to_group: none, max_minutes: 9}\n",
       "none, max",
       "scenario.targets[0].to_group: group 'none' has no member places in this scenario's "
       "network, so max_nearest_time target 't" +
           nothing},
      // One place has no pair of distinct places either: 0/0 again.
      {"max_pair_time over one place",
       t + "{id: t, kind: max_pair_time, group: one, max_minutes: 9}\n", "one, max",
       "scenario.targets[0].group: group 'one' has a single member place ('wuhan') in this "
       "scenario's network, so max_pair_time target 't' has no pair of places to judge"},
      {"mean_time over one place", t + "{id: t, kind: mean_time, group: one, max_minutes: 9}\n",
       "one, max",
       "scenario.targets[0].group: group 'one' has a single member place ('wuhan') in this "
       "scenario's network, so mean_time target 't' has no pair of places to judge"},
  });
}

TEST_CASE("a group emptied by a child's remove: is an error at the parent's target", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", net);
  const std::string parent = head +
                             "  add: {nodes: [{id: x, lon: 114, lat: 30}, {id: y, lon: 115, lat: "
                             "30}]}\n  groups: {xy: [x, y]}\n  targets:\n    - {id: t, kind: "
                             "mean_time, group: xy, max_minutes: 9}\n";
  tmp.write("parent.yaml", parent);
  const auto child =
      tmp.write("child.yaml", "scenario:\n  extends: parent.yaml\n  remove: {nodes: [x, y]}\n");
  REQUIRE_INPUT_ERROR(scenario(child),
                      "parent.yaml:" + at(parent, "xy, max") +
                          ": scenario.targets[0].group: group 'xy' has no member places in this "
                          "scenario's network (in scenario " +
                          child + "), so mean_time target 't' would judge nothing");
}

TEST_CASE("output names are checked against the registry where they are written", "[io]") {
  check_cases({
      {"unknown table in a list", "  outputs: [matrix.csv, summary.jsn]\n", "summary.jsn",
       "scenario.outputs[1]: unknown output 'summary.jsn' (did you mean 'summary.json'?)"},
      {"unknown GIS file in files:", "  outputs:\n    files: [od.csv, nodes.gejson]\n",
       "nodes.gejson",
       "scenario.outputs.files[1]: unknown output 'nodes.gejson' (did you mean 'nodes.geojson'?)"},
      {"unknown layer", "  outputs:\n    layers: [nodes, lnks]\n", "lnks",
       "scenario.outputs.layers[1]: unknown layer 'lnks' (did you mean 'links'?)"},
  });
}

TEST_CASE("a scenario file holds only scenario:, and networks must be network files", "[io]") {
  check_cases({
      {"network lists at the top level", "nodes: []\n", "nodes",
       "nodes: a scenario file holds only 'scenario:'"},
  });
  TempDir tmp;
  tmp.write("net.yaml", net);
  tmp.write("other.yaml", head);
  const std::string text = "scenario:\n  networks: [other.yaml]\n";
  const auto path = tmp.write("scen.yaml", text);
  REQUIRE_INPUT_ERROR(scenario(path), "scen.yaml:" + at(text, "other.yaml") +
                                          ": scenario.networks[0]: '" + tmp.path("other.yaml") +
                                          "' is a scenario file, not a network");
}

TEST_CASE("missing files are reported where they are named", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", net);
  SECTION("a network") {
    const std::string text = "scenario:\n  networks: [net.yaml, sub/missing.yaml]\n";
    const auto path = tmp.write("scen.yaml", text);
    REQUIRE_INPUT_ERROR(scenario(path), "scen.yaml:2:24: scenario.networks[1]: file '" +
                                            tmp.path("sub/missing.yaml") + "' does not exist");
  }
  SECTION("a parent") {
    const std::string text = "scenario:\n  name: x\n  extends: ../base.yaml\n";
    const auto path = tmp.write("s/scen.yaml", text);
    REQUIRE_INPUT_ERROR(scenario(path), "scen.yaml:3:12: scenario.extends: file '" +
                                            tmp.path("base.yaml") + "' does not exist");
  }
  SECTION("the file itself") {
    REQUIRE_INPUT_ERROR(scenario(tmp.path("none.yaml")),
                        "file '" + tmp.path("none.yaml") + "' does not exist");
  }
  SECTION("malformed YAML in a parent") {
    tmp.write("bad.yaml", "scenario:\n  name: [unclosed\n  year: 2024\n");
    const auto path = tmp.write("scen.yaml", "scenario:\n  extends: bad.yaml\n");
    REQUIRE_INPUT_ERROR(scenario(path), tmp.path("bad.yaml") + ":");
    REQUIRE_INPUT_ERROR(scenario(path), "invalid YAML");
  }
}

TEST_CASE("extends cycles are errors that show the chain", "[io]") {
  TempDir tmp;
  SECTION("a file that extends itself") {
    const auto path = tmp.write("self.yaml", "scenario:\n  extends: self.yaml\n");
    REQUIRE_INPUT_ERROR(scenario(path),
                        "self.yaml:2:12: scenario.extends: extends cycle: " + path + " -> " + path);
  }
  SECTION("two files, one in a subfolder") {
    const auto a = tmp.write("a.yaml", "scenario:\n  extends: sub/b.yaml\n");
    const auto b = tmp.write("sub/b.yaml", "scenario:\n  name: b\n  extends: ../a.yaml\n");
    REQUIRE_INPUT_ERROR(scenario(a), "b.yaml:3:12: scenario.extends: extends cycle: " + a + " -> " +
                                         b + " -> " + a);
  }
  SECTION("a chain naming one network twice is no cycle") {
    tmp.write("net.yaml", net);
    tmp.write("root.yaml", "scenario:\n  networks: [net.yaml]\n");
    tmp.write("mid.yaml", "scenario:\n  extends: root.yaml\n  networks: [net.yaml]\n");
    const auto leaf = tmp.write("leaf.yaml", "scenario:\n  extends: mid.yaml\n");
    const auto s = scenario(leaf);
    CHECK(s.network.nodes.size() == 3);
    CHECK(s.input_files.size() == 4);
  }
}

TEST_CASE("off_network modes and map settings are checked where they are written", "[io]") {
  check_cases({
      {"unknown access mode", "  outputs:\n    off_network: {mode: raod}\n", "raod",
       "scenario.outputs.off_network.mode: unknown access mode 'raod' (did you mean 'road'?)"},
      {"unknown map key", "  outputs:\n    map: {lang: en, pgn: true}\n", "pgn",
       "scenario.outputs.map.pgn: unknown key 'pgn' (did you mean 'png'?)"},
      {"unknown label language", "  outputs:\n    map: {lang: fr}\n", "fr",
       "scenario.outputs.map.lang: unknown label language 'fr'"},
      {"missing context file", "  outputs:\n    map: {context: ctx.gpkg}\n", "ctx.gpkg",
       "scenario.outputs.map.context: cannot find the context GeoPackage"},
  });
}

TEST_CASE("an access mode sets its defaults and explicit keys override them in any order", "[io]") {
  // The struct's defaults are the road row: one set of numbers, checked here.
  const auto road = reachplan::model::off_network_defaults("road");
  const reachplan::model::OffNetworkSpec plain;
  CHECK(plain.mode == road.mode);
  CHECK(plain.speed_kmh == road.speed_kmh);
  CHECK(plain.detour_factor == road.detour_factor);
  CHECK(plain.max_km == road.max_km);
  CHECK(road.speed_kmh == 35);
  CHECK(road.max_km == 60);

  TempDir tmp;
  tmp.write("net.yaml", net);
  const auto load = [&](const std::string& off) {
    const auto path = tmp.write("scen.yaml", head + "  outputs:\n    off_network: " + off + "\n");
    return scenario(path).gis.off_network;
  };
  const auto walk = load("{speed_kmh: 4, mode: walk}");  // mode after the override
  CHECK(walk.mode == "walk");
  CHECK(walk.speed_kmh == 4);
  CHECK(walk.detour_factor == 1.3);
  CHECK(walk.max_km == 5);
  const auto straight = load("{mode: straight}");
  CHECK(straight.speed_kmh == 10);
  CHECK(straight.detour_factor == 1);
  CHECK_FALSE(straight.max_km.has_value());
  const auto capped = load("{max_km: 20}");  // no mode: road's, with its own limit
  CHECK(capped.mode == "road");
  CHECK(capped.speed_kmh == 35);
  CHECK(capped.max_km == 20);
}
