// `reachplan surface --origins-per-cell`: every cell an origin over a scenario's graph, as a user
// runs it: the GeoTIFF read back through GDAL equals the same computation in-process; refusals
// name the flag and write nothing; under mpirun the bytes are those of a run without MPI. The
// values themselves are checked against a model in tests/unit/analysis/
// test_scenario_cell_access.cpp.
#include <gdal_priv.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "cli_harness.hpp"
#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/io/load.hpp"
#include "unit/support/gis_fixtures.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using cli_test::mpirun;
using cli_test::mpirun_command;
using cli_test::run_reachplan;
using cli_test::slurp;

namespace {

cli_test::Result every_cell(const std::string& args, const std::string& env = "") {
  return run_reachplan("every-cell", "gis", args, env);
}

}  // namespace

TEST_CASE("surface --origins-per-cell writes the scenario's every-cell accessibility",
          "[cli][access]") {
  const auto dir = cli_test::scratch_dir("every-cell", "geotiff");
  auto r = every_cell(
      "surface population.yaml --origins-per-cell --decay linear --within 90 "
      "--width 40 --res 4000 -o '" +
      dir.string() + "'");
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("Opportunities weighted linearly from 90.0 min (width 40.0 min)") &&
                        Contains("sites: 5 places, 0 road vertices"));
  const fs::path tif = dir / "access_every_cell_linear_90min.tif";
  REQUIRE(fs::exists(tif));
  CHECK(fs::exists(dir / "access_every_cell_linear_90min.png"));

  // The same request in-process: the scenario's grid at 4 km, its population raster.
  std::vector<reachplan::io::Warning> warnings;
  const auto s = reachplan::io::load_scenario(
      std::string(REACHPLAN_TEST_DATA) + "/gis/population.yaml", warnings);
  auto spec = s.gis;
  spec.grid.resolution_m = 4000;
  const auto grid = reachplan::analysis::make_grid(s, spec);
  reachplan::analysis::ScenarioEngine engine(s, 1);
  reachplan::analysis::ScenarioCellAccessRequest rq;
  rq.decay = {reachplan::analysis::DecayFunction::Kind::linear, 90, 40};
  rq.profile = spec.profile;
  const auto want = reachplan::analysis::scenario_cell_access(engine, grid, spec.off_network, rq);

  const auto d = reachplan::test::open_read(tif, GDAL_OF_RASTER);
  REQUIRE(d->GetRasterXSize() == grid.width);
  REQUIRE(d->GetRasterYSize() == grid.height);
  std::vector<float> got(grid.cell_count());
  REQUIRE(d->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, grid.width, grid.height, got.data(),
                                        grid.width, grid.height, GDT_Float32, 0, 0) == CE_None);
  std::size_t positive = 0, nodata = 0;
  for (std::size_t c = 0; c < got.size(); ++c) {
    INFO("cell " << c);
    if (std::isnan(want.access.values[c])) {
      // NaN is written as the band's nodata value.
      CHECK(got[c] == -9999.0f);
      ++nodata;
    } else {
      CHECK(got[c] == want.access.values[c]);
      positive += got[c] > 0;
    }
  }
  CHECK(positive > got.size() / 4);
  const auto item = [&](const char* key) {
    const char* v = d->GetMetadataItem(key);
    return std::string(v ? v : "");
  };
  CHECK(item("origins") == "every cell");
  CHECK(item("decay") == "linear");
  CHECK(item("width_min") == "40.0");
  CHECK_THAT(item("opportunities"), Contains("population.asc"));
  CHECK(item("scenario") == "population");
}

TEST_CASE("surface --origins-per-cell refuses what it cannot mean, and writes nothing",
          "[cli][access]") {
  const auto dir = cli_test::scratch_dir("every-cell", "refusals") / "out";
  const std::string o = " --res 4000 -o '" + dir.string() + "'";
  const std::pair<std::string, std::string> cases[] = {
      {"--origins-per-cell --decay power --beta 1", "power decay is for the places"},
      {"--origins-per-cell --from hub", "takes no --from, --to or --minutes"},
      {"--origins-per-cell --decay exponential", "needs --beta"},
      {"--origins-per-cell --decay exponential --beta 0.05 --within 30", "not --within"},
      {"--origins-per-cell --decay step --width 5", "--width is for --decay linear or logistic"},
      {"--origins-per-cell --beta 0.1", "--beta is for --decay exponential"},
      {"--origins-per-cell --group nobody", "nobody"},
      {"--kind accessibility --decay logistic", "add --origins-per-cell"},
      {"--origins-per-cell --id ../escape", "surface id '../escape'"},
      {"--origins-per-cell --within 1e308", "at most 10080 (a week) (got 1e+308)"},
      {"--origins-per-cell --decay exponential --beta 1e-9", "at least 0.000069 per minute"},
  };
  for (const auto& [flags, message] : cases) {
    INFO(flags);
    const auto r = every_cell("surface gis.yaml " + flags + o);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains(message));
    CHECK_FALSE(fs::exists(dir));
  }
  // A raster's cells are the destinations: --group has nothing to pick there.
  auto r = every_cell("surface population.yaml --origins-per-cell --group capitals" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("with a population raster"));
  CHECK_FALSE(fs::exists(dir));
  // A timetable profile has no frequency graph to sweep.
  r = run_reachplan("every-cell", "transit", "surface base.yaml --origins-per-cell" + o);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("rides the timetables"));
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("surface --origins-per-cell under mpirun writes the bytes of a run without MPI",
          "[cli][access][mpi]") {
  if (mpirun.empty()) {
    WARN("built without MPI: the MPI tests do not apply");
    return;
  }
  const auto dir = cli_test::scratch_dir("every-cell", "mpi");
  const std::string flags = "surface population.yaml --origins-per-cell --res 3000 -o ";
  auto r = every_cell(flags + "'" + (dir / "alone").string() + "'");
  REQUIRE(r.code == 0);
  const std::string file = "access_every_cell_step_60min.tif";
  const std::string alone = slurp(dir / "alone" / file);
  for (int ranks : {1, 2, 3}) {
    INFO(ranks << " ranks");
    const fs::path out = dir / ("np" + std::to_string(ranks));
    r = every_cell(flags + "'" + out.string() + "'", mpirun_command(ranks));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(out / file) == alone);
    CHECK(r.out.find("Wrote ") == r.out.rfind("Wrote "));  // rank 0 alone prints
  }
  // The other surfaces run on rank 0 alone: one summary, the same file as without MPI.
  r = every_cell("surface population.yaml --from hub --res 3000 -o '" + (dir / "t1").string() +
                 "'");
  REQUIRE(r.code == 0);
  r = every_cell("surface population.yaml --from hub --res 3000 -o '" + (dir / "t2").string() + "'",
                 mpirun_command(2));
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Wrote ") == r.out.rfind("Wrote "));
  CHECK(slurp(dir / "t2" / "time_from_hub.tif") == slurp(dir / "t1" / "time_from_hub.tif"));
}
