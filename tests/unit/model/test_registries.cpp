// The declarative tables of the model: target kinds and output names. Every other layer reads
// them, so a broken row (a duplicate name, a kind missing from the table, a key rule that no
// kind uses) must fail here rather than as a confusing message elsewhere.
#include <catch2/catch.hpp>
#include <set>

#include "reachplan/model/outputs.hpp"
#include "reachplan/model/scenario.hpp"
#include "reachplan/model/target_kind.hpp"

using namespace reachplan;

TEST_CASE("every target kind has one row, found by its name", "[model]") {
  std::set<std::string_view> names;
  for (const auto& k : model::target_kinds()) {
    CHECK(names.insert(k.name).second);
    REQUIRE(model::find_target_kind(k.name) == &k);
    CHECK(&model::info(k.kind) == &k);
    CHECK(std::string(model::to_string(k.kind)) == std::string(k.name));
    CHECK_FALSE(k.item_noun.empty());
    CHECK_FALSE(k.summary.empty());
  }
  CHECK(names.size() == 4);
  CHECK(model::find_target_kind("max_pair_tme") == nullptr);
  CHECK(model::target_kind_choices() ==
        "max_pair_time, reach_share, mean_time or max_nearest_time");
}

TEST_CASE("target kinds say which keys they read and what their value is", "[model]") {
  const auto& reach = model::info(model::TargetKind::reach_share);
  CHECK(reach.uses_from());
  CHECK(reach.uses_min_share());
  CHECK_FALSE(reach.uses_to_group());
  CHECK(reach.value_unit() == "share");
  const auto& nearest = model::info(model::TargetKind::max_nearest_time);
  CHECK(nearest.uses_to_group());
  CHECK_FALSE(nearest.uses_from());
  CHECK(nearest.item == model::TargetItemRule::nearest);
  CHECK(nearest.value_unit() == "minutes");
  CHECK(model::info(model::TargetKind::mean_time).aggregate ==
        model::TargetAggregate::weighted_mean);
}

TEST_CASE("within compares a time with a limit at whole-second resolution", "[model]") {
  CHECK(model::within(90.0, 90.0));
  CHECK(model::within(5400.0 / 60.0, 90.0));
  CHECK_FALSE(model::within(90.0 + 1.0 / 60.0, 90.0));  // one second over
  CHECK_FALSE(model::within(std::nan(""), 1e9));        // unreachable never meets a limit
  CHECK(model::at_least(0.5, 0.5));
  CHECK_FALSE(model::at_least(0.49, 0.5));
}

TEST_CASE("the output registry names every file once, with the default tables first", "[model]") {
  std::set<std::string> names;
  for (const auto& f : model::output_files()) CHECK(names.insert(std::string(f.name)).second);
  CHECK(model::default_output_files() ==
        std::vector<std::string>{"matrix.csv", "od.csv", "targets.csv", "summary.json"});
  const auto* nodes = model::find_output_file("nodes.geojson");
  REQUIRE(nodes);
  CHECK(nodes->kind == model::OutputFile::Kind::layer);
  CHECK(nodes->layer_or_surface == "nodes");
  CHECK(model::find_output_file("nodes.gejson") == nullptr);
  // Every layer a file name asks for is a known layer.
  for (const auto& f : model::output_files())
    if (f.kind == model::OutputFile::Kind::layer)
      CHECK(std::count(model::layer_names().begin(), model::layer_names().end(),
                       std::string(f.layer_or_surface)) == 1);
}
