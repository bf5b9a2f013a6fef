#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "reachplan/io/load.hpp"

using reachplan::io::load_network;
using reachplan::io::load_scenario;
using reachplan::io::LoadOptions;
using reachplan::io::Warning;
using namespace io_test;

namespace {

const std::string typo_net = R"(network:
  name: typos
  license: CC0
node:
  - x
nodes:
  - {id: a, lon: 0, lat: 0, name_zh: 甲, attributes: {province: Hubei}, confidence: 0.5, note: ~}
  - {id: b, lon: 1, lat: 0, extra: {x: 1}}
modes:
  - {id: rail, speed_kmhh: 100, speed_kmh: 100}
lines:
  - {id: ab, mode: rail, stops: [a, {node: b, dwel_min: 2}], headway: 10}
)";

std::vector<std::string> texts(const std::vector<Warning>& warnings) {
  std::vector<std::string> out;
  for (const auto& w : warnings) out.push_back(w.str());
  return out;
}

}  // namespace

LoadOptions lenient() {
  LoadOptions o;
  o.lenient = true;
  return o;
}

TEST_CASE("unknown keys are errors, all of them at once, with the nearest valid key", "[io]") {
  TempDir tmp;
  const auto path = tmp.write("net.yaml", typo_net);
  std::vector<Warning> warnings;
  try {
    load_network(path, warnings);
    FAIL("no error");
  } catch (const reachplan::core::InputErrors& e) {
    REQUIRE(e.errors().size() == 6);
    CHECK(std::string(e.errors()[0].what()) ==
          path + ":" + at(typo_net, "license") +
              ": network.license: unknown key 'license' (did you mean 'licence'?)");
    CHECK(std::string(e.errors()[5].what()) ==
          path + ":" + at(typo_net, "headway") +
              ": lines[0].headway: unknown key 'headway' (did you mean 'headway_min'?)");
  }
  CHECK(warnings.empty());
}

TEST_CASE("with --lenient unknown keys warn with location and the nearest valid key", "[io]") {
  TempDir tmp;
  const auto path = tmp.write("net.yaml", typo_net);
  std::vector<Warning> warnings;
  const auto n = load_network(path, warnings, lenient());
  CHECK(n.nodes.size() == 2);
  const auto w = texts(warnings);
  REQUIRE(w.size() == 6);
  CHECK(w[0] == path + ":" + at(typo_net, "license") +
                    ": network.license: unknown key 'license' (did you mean 'licence'?)");
  CHECK(w[1] == path + ":" + at(typo_net, "node:\n") +
                    ": node: unknown key 'node' (did you mean "
                    "'nodes'?)");
  CHECK_THAT(w[2], Catch::StartsWith(path + ":" + at(typo_net, "extra") +
                                     ": nodes[1].extra: unknown key 'extra'; valid keys here: "
                                     "name, name_zh,"));
  CHECK(w[3] == path + ":" + at(typo_net, "speed_kmhh") +
                    ": modes[0].speed_kmhh: unknown key 'speed_kmhh' (did you mean 'speed_kmh'?)");
  CHECK(w[4] == path + ":" + at(typo_net, "dwel_min") +
                    ": lines[0].stops[1].dwel_min: unknown key 'dwel_min' (did you mean "
                    "'dwell_min'?)");
  CHECK(w[5] == path + ":" + at(typo_net, "headway") +
                    ": lines[0].headway: unknown key 'headway' (did you mean 'headway_min'?)");
  CHECK(warnings[3].where.line == 10);
  CHECK(warnings[3].key_path == "modes[0].speed_kmhh");
  CHECK(warnings[3].message == "unknown key 'speed_kmhh' (did you mean 'speed_kmh'?)");

  // Free data: the schema's text keys and the attributes map; an unknown key is not kept.
  const auto& a = *n.find_node("a");
  CHECK(a.attributes ==
        std::map<std::string, std::string>{
            {"name_zh", "甲"}, {"province", "Hubei"}, {"confidence", "0.5"}, {"note", ""}});
  CHECK(n.find_node("b")->attributes.empty());
}

TEST_CASE("strict mode turns warnings into InputErrors", "[io]") {
  TempDir tmp;
  const auto path = tmp.write("net.yaml", typo_net);
  std::vector<Warning> warnings;
  LoadOptions strict = lenient();
  strict.strict = true;
  REQUIRE_THROWS_AS(load_network(path, warnings, strict), reachplan::core::InputError);
  REQUIRE_THROWS_WITH(load_network(path, warnings, strict),
                      Catch::StartsWith(path + ":" + at(typo_net, "license") +
                                        ": network.license: unknown key 'license' (did you "
                                        "mean 'licence'?)"));
  CHECK(warnings.empty());
  // A clean file loads the same in strict mode.
  CHECK(load_network(data("networks/core.yaml"), warnings, strict).nodes.size() == 5);
  CHECK(load_scenario(data("scenarios/plans/plan.yaml"), warnings, strict).targets.size() == 4);
  CHECK(warnings.empty());
}

TEST_CASE("scenario keys warn too, and fields a target kind ignores", "[io]") {
  TempDir tmp;
  tmp.write("net.yaml",
            "nodes: [{id: a, lon: 0, lat: 0, groups: [g]}, {id: b, lon: 1, lat: 0, groups: [g]}]\n"
            "modes: [{id: rail, speed_kmh: 90}]\n");
  const std::string text = R"(scenario:
  networks: [net.yaml]
  target: []
  build: {line: []}
  profiles: {p: {mode: [rail]}}
  targets:
    - {id: t, kind: mean_time, group: g, max_minutes: 9, min_shares: 1, from: a}
  matrices: [{id: m, group: g, profiles: p}]
extra: 1
)";
  const auto path = tmp.write("scen.yaml", text);
  std::vector<Warning> warnings;
  load_scenario(path, warnings, lenient());
  const auto w = texts(warnings);
  REQUIRE(w.size() == 8);
  CHECK(w[0] ==
        path + ":" + at(text, "extra") + ": extra: unknown key 'extra'; valid keys here: scenario");
  CHECK(w[1] == path + ":" + at(text, "target:") +
                    ": scenario.target: unknown key 'target' (did you mean 'targets'?)");
  CHECK(w[2] == path + ":" + at(text, "line:") +
                    ": scenario.build.line: unknown key 'line' (did you mean 'lines'?)");
  CHECK(w[3] == path + ":" + at(text, "mode:") +
                    ": scenario.profiles.p.mode: unknown key 'mode' (did you mean 'modes'?)");
  CHECK(w[4] == path + ":" + at(text, "min_shares") +
                    ": scenario.targets[0].min_shares: unknown key 'min_shares' (did you mean "
                    "'min_share'?)");
  CHECK(w[5] == path + ":" + at(text, "a}") +
                    ": scenario.targets[0].from: 'from' is only used by reach_share targets; "
                    "ignored for kind mean_time");
  CHECK(w[6] == path + ":" + at(text, "profiles: p") +
                    ": scenario.matrices[0].profiles: unknown key 'profiles' (did you mean "
                    "'profile'?)");
}

TEST_CASE("a warning reads file:line:col: key path: message", "[io]") {
  Warning w{{"a.yaml", 3, 7}, "lines[2].foo", "unknown key 'foo'"};
  CHECK(w.str() == "a.yaml:3:7: lines[2].foo: unknown key 'foo'");
  Warning bare{{}, "", "something"};
  CHECK(bare.str() == "something");
}

TEST_CASE("a service passing through its terminus is a warning", "[io]") {
  TempDir tmp;
  const std::string text = R"(nodes: [{id: a, lon: 0, lat: 0}, {id: b, lon: 1, lat: 0}]
modes: [{id: rail, speed_kmh: 90}]
lines:
  - {id: ab, mode: rail, stops: [a, {node: b, pass: true}]}
)";
  const auto path = tmp.write("net.yaml", text);
  std::vector<Warning> warnings;
  load_network(path, warnings);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].str() == path + ":" + at(text, "[a,") +
                                 ": lines[0].stops: 'pass: true' on a terminus: nobody can board "
                                 "or alight there");
  // Passing b leaves a alone: the line has nowhere to take anybody.
  CHECK(warnings[1].str() == path + ":" + at(text, "[a,") +
                                 ": lines[0].stops: only 1 stop(s) not passed through: the line "
                                 "carries nobody");
}
