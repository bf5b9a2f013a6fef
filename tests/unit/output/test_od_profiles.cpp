// The od layer's verdicts sit next to the minutes they were judged on. Drawn network: a and b
// joined by rail in 30 min and by road in 50 min. The layer is on the default profile (every
// mode: rail, 30 min); one target judges the pair on that profile, one on a road-only profile
// (50 min). Read back through GDAL/OGR, as a GIS user would.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "unit/support/drawn_network.hpp"
#include "unit/support/gis_fixtures.hpp"

using namespace reachplan;

namespace {

model::Target pair_target(const std::string& id, const std::string& profile) {
  model::Target t;
  t.id = id;
  t.kind = model::Target::Kind::max_pair_time;
  t.group = "ab";
  t.max_minutes = 45;
  t.profile = profile;
  return t;
}

model::Scenario scenario() {
  auto s = test::drawn_scenario(R"(
mode rail
mode road
node a 114.0 30.0
node b 114.5 30.0
line r1 rail a b segment_min=30
link k1 road a b segment_min=50
)");
  model::Profile road;
  road.id = "road";
  road.modes = {"road"};
  s.profiles["road"] = road;
  s.groups["ab"] = {"a", "b"};
  s.key_group = "ab";
  s.targets = {pair_target("by-any", ""), pair_target("by-road", "road")};
  s.gis.layers = {"od"};
  return s;
}

using test::Dataset;

// Runs the scenario, writes its od layer and opens it again.
Dataset written_od(const model::Scenario& s, const std::string& name) {
  const auto result = analysis::run_scenario(s, 1);
  const auto gis = analysis::compute_gis(s, result, nullptr, 1);
  const auto dir = test::scratch("od-profiles", name);
  output::write_gis_outputs(dir.string(), s, gis);
  GDALAllRegister();
  Dataset ds(GDALDataset::Open((dir / "od.geojson").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                               nullptr, nullptr, nullptr));
  REQUIRE(ds);
  REQUIRE(ds->GetLayer(0)->GetFeatureCount() == 2);
  return ds;
}

// The a -> b feature.
std::unique_ptr<OGRFeature> first(const Dataset& ds) {
  OGRLayer* od = ds->GetLayer(0);
  od->ResetReading();
  std::unique_ptr<OGRFeature> f(od->GetNextFeature());
  REQUIRE(f);
  REQUIRE(std::string(f->GetFieldAsString("origin")) == "a");
  return f;
}

double real(const OGRFeature& f, const char* field) {
  INFO(field);
  const int i = f.GetFieldIndex(field);
  REQUIRE(i >= 0);
  REQUIRE_FALSE(f.IsFieldNull(i));
  return f.GetFieldAsDouble(i);
}

}  // namespace

TEST_CASE("od layer: each verdict with the minutes it was judged on", "[gis]") {
  const auto ds = written_od(scenario(), "two-targets");
  const auto f = first(ds);
  // The layer's own columns: the default profile, and only the target judged on it.
  CHECK(real(*f, "minutes") == Approx(30));
  CHECK(std::string(f->GetFieldAsString("verdict")) == "PASS");
  // Each target: its verdict beside its own profile's minutes.
  CHECK(f->GetFieldAsInteger("meets_by_any") == 1);
  CHECK(real(*f, "minutes_by_any") == Approx(30));
  CHECK(f->GetFieldAsInteger("meets_by_road") == 0);
  CHECK(real(*f, "minutes_by_road") == Approx(50));
  // Field order: each minutes_ column right after its meets_ column.
  const OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
  CHECK(defn->GetFieldIndex("minutes_by_road") == defn->GetFieldIndex("meets_by_road") + 1);
}

TEST_CASE("od layer: no verdict where no target on its profile checks the pair", "[gis]") {
  auto s = scenario();
  s.targets = {pair_target("by-road", "road")};
  const auto ds = written_od(s, "road-target");
  const auto f = first(ds);
  CHECK(real(*f, "minutes") == Approx(30));
  // Was "FAIL": the road target's verdict beside the rail trip's 30 minutes.
  CHECK(f->IsFieldNull(f->GetFieldIndex("verdict")));
  CHECK(f->GetFieldAsInteger("meets_by_road") == 0);
  CHECK(real(*f, "minutes_by_road") == Approx(50));
}
