#include <catch2/catch.hpp>
#include <filesystem>

#include "io_test_support.hpp"
#include "reachplan/io/load.hpp"

using reachplan::io::load_scenario;
using reachplan::io::Warning;
using reachplan::model::Profile;
using reachplan::model::Status;
using reachplan::model::Target;
using namespace io_test;

namespace {
std::vector<std::string> target_ids(const reachplan::model::Scenario& s) {
  std::vector<std::string> ids;
  for (const auto& t : s.targets) ids.push_back(t.id);
  return ids;
}
}  // namespace

TEST_CASE("a scenario alone: networks, profiles, tag groups, targets", "[io]") {
  std::vector<Warning> warnings;
  const auto path = data("scenarios/base.yaml");
  const auto s = load_scenario(path, warnings);
  CHECK(warnings.empty());
  CHECK(s.id == "base");  // the file stem
  CHECK(s.name == "Base year");
  CHECK(s.year == 2015);
  CHECK(s.description == "the parent");
  CHECK(s.where.file == path);
  CHECK(s.where.line == 2);
  CHECK(s.input_files == std::vector<std::string>{path, data("networks/core.yaml")});
  CHECK(s.network.nodes.size() == 5);
  CHECK(s.build_statuses == std::set<Status>{Status::existing, Status::under_construction});
  CHECK(s.build_lines.empty());

  // The default profile exists although the file does not define it.
  REQUIRE(s.profiles.size() == 3);
  const auto& d = s.profiles.at("default");
  CHECK(d.modes.empty());
  CHECK(d.access == Profile::Access::door_to_door);
  CHECK(d.wait == Profile::Wait::half_headway);
  const auto& rail = s.profiles.at("rail");
  CHECK(rail.id == "rail");
  CHECK(rail.modes == std::vector<std::string>{"hsr"});
  CHECK(rail.access == Profile::Access::station_to_station);
  CHECK(rail.wait == Profile::Wait::none);
  CHECK(s.profiles.at("road").service_hours == 18);
  CHECK(s.default_profile == "road");

  // Groups from node tags, in node order, next to the explicit one.
  CHECK(s.groups.at("capitals") == std::vector<std::string>{"wuhan", "changsha", "nanchang"});
  CHECK(s.groups.at("hubei") == std::vector<std::string>{"wuhan", "xianning"});
  CHECK(s.groups.at("ports") == std::vector<std::string>{"jiujiang"});
  CHECK(s.key_group == "capitals");

  REQUIRE(target_ids(s) == std::vector<std::string>{"circle", "mean"});
  const auto& circle = s.targets[0];
  CHECK(circle.kind == Target::Kind::max_pair_time);
  CHECK(circle.group == "capitals");
  CHECK(circle.max_minutes == 90);
  CHECK(circle.profile == "rail");
  CHECK(circle.where.line == 16);
  CHECK(s.targets[1].kind == Target::Kind::mean_time);
  CHECK(s.targets[1].profile.empty());
  REQUIRE(s.matrices.size() == 1);
  CHECK(s.matrices[0].group == "ports");
  CHECK(s.matrices[0].to_group.empty());
  CHECK(s.outputs == std::vector<std::string>{"matrix.csv", "summary.json"});
}

TEST_CASE("a child scenario from a subfolder: extends, networks, add/remove/modify", "[io]") {
  std::vector<Warning> warnings;
  const auto path = data("scenarios/plans/plan.yaml");
  const auto s = load_scenario(path, warnings);
  CHECK(warnings.empty());

  // Paths resolve against the naming file; core.yaml is named twice and read once.
  CHECK(s.input_files == std::vector<std::string>{path, data("scenarios/base.yaml"),
                                                  data("networks/core.yaml"),
                                                  data("networks/extra.yaml")});
  CHECK(s.id == "plan-2020");
  CHECK(s.name == "2020 plan");
  CHECK(s.year == 2020);
  CHECK(s.description == "the parent");  // not given here: inherited

  const auto& n = s.network;
  CHECK(n.node_ids() == std::vector<std::string>{"wuhan", "xianning", "changsha", "nanchang",
                                                 "jiujiang", "hefei", "yueyang"});
  CHECK(n.line_ids() == std::vector<std::string>{"wuguang", "wujiu", "hehan", "wuyue"});
  const auto& yueyang = *n.find_node("yueyang");
  CHECK(yueyang.where.file == path);
  CHECK(yueyang.where.line == 11);
  CHECK(yueyang.where.column == 9);
  CHECK(n.find_line("wuyue")->segment_min == std::vector<double>{40, 25});

  // modify replaces the fields it names; access_min merges per mode.
  const auto& wuhan = *n.find_node("wuhan");
  CHECK(wuhan.lat == 30.58);
  CHECK(wuhan.lon == 114.30);
  CHECK(wuhan.access_min == std::map<std::string, double>{{"hsr", 25}, {"road", 10}});
  CHECK(wuhan.attributes.at("name_zh") == "武汉");
  CHECK(n.find_mode("hsr")->dwell_min == 4);
  CHECK(n.find_mode("hsr")->speed_factor == 0.85);
  const auto& wg = *n.find_line("wuguang");
  CHECK(wg.speed_kmh == 310.0);
  CHECK(wg.status == Status::existing);
  CHECK(wg.segment_km == std::vector<double>{85, 277});

  // build.lines accumulates; statuses inherited.
  CHECK(s.build_lines == std::set<std::string>{"hehan"});
  CHECK(s.build_statuses == std::set<Status>{Status::existing, Status::under_construction});
  CHECK(reachplan::model::is_built(*n.find_line("hehan"), s));
  CHECK(reachplan::model::is_built(*n.find_line("wujiu"), s));

  // Profiles merge by id, the child's replacing the whole entry.
  CHECK(s.profiles.size() == 3);
  const auto& road = s.profiles.at("road");
  CHECK(road.modes == std::vector<std::string>{"road", "hsr"});
  CHECK(road.service_hours == 16);
  CHECK(road.where.file == path);
  CHECK(s.profiles.at("rail").modes == std::vector<std::string>{"hsr"});
  CHECK(s.default_profile == "road");

  // An explicit list wins over tags; other groups stay.
  CHECK(s.groups.at("capitals") ==
        std::vector<std::string>{"wuhan", "changsha", "nanchang", "hefei"});
  CHECK(s.groups.at("hubei") == std::vector<std::string>{"xianning", "wuhan"});
  CHECK(s.groups.at("ports") == std::vector<std::string>{"jiujiang"});
  CHECK(s.key_group == "capitals");

  // Targets merge by id in place; new ones are appended.
  REQUIRE(target_ids(s) == std::vector<std::string>{"circle", "mean", "wuhan-2h", "port-3h"});
  CHECK(s.targets[1].group == "hubei");
  CHECK(s.targets[1].max_minutes == 120);
  CHECK(s.targets[2].kind == Target::Kind::reach_share);
  CHECK(s.targets[2].from == "wuhan");
  CHECK(s.targets[2].min_share == 0.75);
  CHECK(s.targets[3].kind == Target::Kind::max_nearest_time);
  CHECK(s.targets[3].to_group == "ports");
  CHECK(s.targets[3].profile == "road");
  REQUIRE(s.matrices.size() == 2);
  CHECK(s.matrices[1].id == "capitals-rail");
  CHECK(s.matrices[1].to_group == "all");
  CHECK(s.outputs == std::vector<std::string>{"matrix.csv", "summary.json"});
}

TEST_CASE("inheritance: scalars replace, lists accumulate, specs merge by id", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", R"(nodes:
  - {id: a, lon: 0, lat: 0, groups: [g]}
  - {id: b, lon: 1, lat: 0, groups: [g]}
  - {id: c, lon: 2, lat: 0}
modes:
  - {id: rail, speed_kmh: 100}
lines:
  - {id: ab, mode: rail, stops: [a, b], status: planned}
  - {id: bc, mode: rail, stops: [b, c], status: planned}
  - {id: ac, mode: rail, stops: [a, c], status: planned}
)");
  tmp.write("grand.yaml", R"(scenario:
  name: grand
  year: 2030
  networks: [net.yaml]
  build: {statuses: [planned], lines: [ab]}
  groups: {h: [a, b]}
  key_group: h
  default_profile: p
  profiles: {p: {wait: none}}
  outputs: [od.csv]
  targets: [{id: t1, kind: mean_time, group: h, max_minutes: 10}]
)");
  tmp.write("parent.yaml", R"(scenario:
  extends: grand.yaml
  build: {lines: [bc]}
  remove: {lines: [ab]}
)");
  const auto child_path = tmp.write("child.yaml", R"(scenario:
  extends: parent.yaml
  year: 2040
  build: {statuses: [], lines: [ac]}
  groups: {h: [c, a]}
  key_group: g
  outputs: []
  targets: [{id: t2, kind: mean_time, group: g, max_minutes: 20}]
)");
  const auto parent = scenario(tmp.path("parent.yaml"));
  CHECK(parent.id == "parent");
  CHECK(parent.name == "grand");
  CHECK(parent.year == 2030);
  // Removing a line also drops it from the inherited build.lines.
  CHECK(parent.build_lines == std::set<std::string>{"bc"});
  CHECK(parent.build_statuses == std::set<Status>{Status::planned});
  CHECK(parent.key_group == "h");
  CHECK(parent.default_profile == "p");
  CHECK(parent.outputs == std::vector<std::string>{"od.csv"});

  const auto child = scenario(child_path);
  CHECK(child.id == "child");
  CHECK(child.name == "grand");
  CHECK(child.year == 2040);
  CHECK(child.build_lines == std::set<std::string>{"bc", "ac"});
  CHECK(child.build_statuses.empty());
  CHECK(child.groups.at("h") == std::vector<std::string>{"c", "a"});
  CHECK(child.groups.at("g") == std::vector<std::string>{"a", "b"});
  CHECK(child.key_group == "g");
  CHECK(child.default_profile == "p");
  CHECK(child.profiles.at("p").wait == Profile::Wait::none);
  CHECK(child.outputs.empty());
  CHECK(target_ids(child) == std::vector<std::string>{"t1", "t2"});
  CHECK(child.network.line_ids() == std::vector<std::string>{"bc", "ac"});
  CHECK(child.input_files.size() == 4);
  CHECK(child.input_files.back() == tmp.path("net.yaml"));
}

TEST_CASE("a scenario may re-add what its parent removed, and modify links", "[io]") {
  TempDir tmp;
  tmp.write("net/net.yaml", R"(nodes:
  - {id: a, lon: 0, lat: 0}
  - {id: b, lon: 1, lat: 0}
  - {id: c, lon: 2, lat: 0}
modes:
  - {id: road, speed_kmh: 60, transfers: {road: 5}}
links:
  - {id: ab, mode: road, from: a, to: b}
)");
  tmp.write("s/parent.yaml", "scenario:\n  networks: [../net/net.yaml]\n  remove: {links: [ab]}\n");
  const auto path = tmp.write("s/child.yaml", R"(scenario:
  extends: parent.yaml
  add:
    links: [{id: ab, mode: road, from: a, to: c}]
  modify:
    links: [{id: ab, to: b, length_km: 70}]
    modes: [{id: road, transfers: {road: 7}}]
)");
  const auto s = scenario(path);
  const auto* ab = s.network.find_line("ab");
  REQUIRE(ab);
  CHECK(ab->is_link);
  CHECK(ab->stops[0].node == "a");
  CHECK(ab->stops[1].node == "b");
  CHECK(ab->length_km == 70.0);
  CHECK(ab->where.file == path);
  CHECK(s.network.find_mode("road")->transfer_min.at("road") == 7);
}

TEST_CASE("a network file given as a scenario runs with every default", "[io]") {
  const auto path = data("networks/core.yaml");
  const auto s = scenario(path);
  CHECK(s.id == "core");
  CHECK(s.name == "core");
  CHECK(s.input_files == std::vector<std::string>{path});
  CHECK(s.network.nodes.size() == 5);
  CHECK(s.profiles.count("default") == 1);
  CHECK(s.default_profile == "default");
  CHECK(s.build_statuses == std::set<Status>{Status::existing});
  // Tag groups still apply.
  CHECK(s.groups.at("capitals") == std::vector<std::string>{"wuhan", "changsha", "nanchang"});
}

TEST_CASE("a scenario may define its own default profile", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", "nodes: [{id: a, lon: 0, lat: 0}]\nmodes: [{id: rail, speed_kmh: 90}]\n");
  const auto path = tmp.write("s.yaml", R"(scenario:
  networks: [net.yaml]
  profiles:
    default: {modes: [rail], access: station_to_station, wait: none, service_hours: 12}
)");
  const auto s = scenario(path);
  REQUIRE(s.profiles.size() == 1);
  const auto& d = s.profiles.at("default");
  CHECK(d.modes == std::vector<std::string>{"rail"});
  CHECK(d.access == Profile::Access::station_to_station);
  CHECK(d.wait == Profile::Wait::none);
  CHECK(d.service_hours == 12);
}

TEST_CASE("removing a mode drops its per-mode settings, and a profile may not name it", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", R"(nodes:
  - {id: a, lon: 0, lat: 0, access_min: {ferry: 20, road: 5}}
  - {id: b, lon: 1, lat: 0}
modes:
  - {id: road, speed_kmh: 60, transfers: {ferry: 30}}
  - {id: ferry, speed_kmh: 15}
links:
  - {id: ab, mode: ferry, from: a, to: b}
)");
  const auto path = tmp.write("s.yaml", R"(scenario:
  networks: [net.yaml]
  remove: {modes: [ferry], links: [ab]}
)");
  const auto s = scenario(path);
  CHECK(s.network.mode_ids() == std::vector<std::string>{"road"});
  CHECK(s.network.find_node("a")->access_min == std::map<std::string, double>{{"road", 5}});
  CHECK(s.network.find_mode("road")->transfer_min.empty());

  const std::string text = R"(scenario:
  extends: s.yaml
  profiles: {water: {modes: [ferry]}}
)";
  const auto child = tmp.write("child.yaml", text);
  REQUIRE_INPUT_ERROR(scenario(child), "child.yaml:" + at(text, "ferry") +
                                           ": scenario.profiles.water.modes[0]: unknown mode "
                                           "'ferry' (removed at " +
                                           path + ":3:20)");
}
