// model::resolve_place: what a person types for a place (id, name, name_zh) and what they are
// told when it names none or several. The network is drawn; every expected text is by hand.
#include <catch2/catch.hpp>

#include "reachplan/core/error.hpp"
#include "reachplan/model/places.hpp"
#include "unit/support/drawn_network.hpp"

using namespace reachplan;

namespace {

// wh and cs have Chinese names; fa and fb share the name Foo; p's name is q's name_zh; the id
// of `Bar` is another node's name; both Wh-like ids differ in case only from names.
const model::Scenario& places() {
  static const model::Scenario s = test::drawn_scenario(R"(
node wh 114.3 30.6 name=Wuhan attr.name_zh=武汉 attr.province=Hubei
node cs 112.9 28.2 name=Changsha attr.name_zh=长沙
node fa 113.0 30.0 name=Foo attr.province=Hubei
node fb 112.0 28.0 name=Foo attr.province=Hunan
node p 113.5 29.0 name=Qux
node q 113.6 29.1 name=Quux attr.name_zh=Qux
node Bar 113.7 29.2
node b2 113.8 29.3 name=Bar
)");
  return s;
}

std::string error_of(std::string_view text) {
  try {
    (void)model::resolve_place(places().network, text);
  } catch (const core::UsageError& e) {
    CHECK(e.exit_code() == core::exit_bad_input);
    return e.what();
  }
  return "(resolved)";
}

}  // namespace

TEST_CASE("a place is found by its id, its name or its name_zh", "[model]") {
  const model::Network& net = places().network;
  CHECK(model::resolve_place(net, "wh") == 0);
  CHECK(model::resolve_place(net, "Wuhan") == 0);
  CHECK(model::resolve_place(net, "武汉") == 0);
  CHECK(model::resolve_place(net, "长沙") == 1);
  CHECK(model::resolve_place_id(net, "Changsha") == "cs");
  // The id wins over another node's name.
  CHECK(model::resolve_place_id(net, "Bar") == "Bar");
  CHECK(model::match_place(net, "Wuhan").error.empty());
}

TEST_CASE("a place is found ignoring case when that is unambiguous", "[model]") {
  const model::Network& net = places().network;
  CHECK(model::resolve_place_id(net, "WUHAN") == "wh");
  CHECK(model::resolve_place_id(net, "WH") == "wh");
  CHECK(model::resolve_place_id(net, "changsha") == "cs");
  // Exact first: "bar" folds to the id Bar and the name Bar of b2, so it is ambiguous, while
  // "Bar" is the id exactly.
  CHECK(error_of("bar") == "'bar' matches 2 places: Bar (Bar), b2 (Bar); use the id");
  // A Chinese name has no case; a near miss is not a match.
  CHECK(error_of("武汉市") == "unknown place '武汉市' (did you mean '武汉'?)");
}

TEST_CASE("an ambiguous place name lists the candidates by id and name", "[model]") {
  CHECK(error_of("Foo") == "'Foo' matches 2 places: fa (Foo, Hubei), fb (Foo, Hunan); use the id");
  // One node's name is another's name_zh: neither wins.
  CHECK(error_of("Qux") == "'Qux' matches 2 places: p (Qux), q (Quux, Qux); use the id");
  const model::PlaceMatch m = model::match_place(places().network, "Foo");
  CHECK_FALSE(m.found());
  CHECK(m.nodes == std::vector<std::size_t>{2, 3});
  // Each stays reachable by its id.
  CHECK(model::resolve_place_id(places().network, "fb") == "fb");
}

TEST_CASE("an unknown place suggests the nearest id or name", "[model]") {
  CHECK(error_of("Wuhna") == "unknown place 'Wuhna' (did you mean 'Wuhan'?)");
  CHECK(error_of("chs") == "unknown place 'chs' (did you mean 'cs'?)");
  CHECK(error_of("Shanghai") == "unknown place 'Shanghai'");
  CHECK(error_of("") == "unknown place ''");
}

TEST_CASE("a place or a group: ids first, then groups, then names", "[model]") {
  model::Scenario s = places();
  s.groups["capitals"] = {"wh", "cs"};
  s.groups["fa"] = {"cs"};  // a group named like a node: the node id wins
  CHECK(model::resolve_place_or_group(s, "capitals") == "capitals");
  CHECK(model::resolve_place_or_group(s, "all") == "all");
  CHECK(model::resolve_place_or_group(s, "fa") == "fa");
  CHECK(model::resolve_place_or_group(s, "武汉") == "wh");
  CHECK(model::resolve_place_or_group(s, "changsha") == "cs");
  try {
    (void)model::resolve_place_or_group(s, "capitls");
    FAIL("resolved");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()) == "unknown place or group 'capitls' (did you mean 'capitals'?)");
  }
  try {
    (void)model::resolve_place_or_group(s, "Foo");
    FAIL("resolved");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()) ==
          "'Foo' matches 2 places: fa (Foo, Hubei), fb (Foo, Hunan); use the id");
  }
}
