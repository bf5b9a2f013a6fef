// `reachplan access`: per-cell accessibility over a road file, read back through GDAL and
// compared with the same computation in-process; the same bytes whatever the threads and, under
// mpirun, the ranks; a lost rank fails the run and writes nothing. The values themselves are
// checked by hand in tests/unit/analysis/test_cell_access.cpp.
#include <gdal_priv.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "cli_harness.hpp"
#include "reachplan/analysis/cell_access.hpp"
#include "unit/support/gis_fixtures.hpp"

using cli_test::mpirun;
using cli_test::mpirun_command;
using cli_test::run_reachplan;
using cli_test::slurp;

namespace {

const std::string town_any = "access --network town.opl --no-cache ";
const std::string town = town_any + "--resolution 100 ";
}  // namespace

TEST_CASE("access writes every cell's accessibility as a GeoTIFF that GDAL reads back",
          "[cli][access]") {
  const auto dir = cli_test::scratch_dir("access", "geotiff");
  const auto tif = dir / "a.tif";
  const std::string flags = "--decay logistic --cutoff 1.5 --width 0.5 --access-kmh 4 ";
  auto r = run_reachplan("access", "osm", town + flags + "-o " + tif.string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("Origins: 16 cells joined to 8 vertices"));

  // The same request in-process.
  reachplan::analysis::CellAccessRequest rq;
  rq.network = std::string(REACHPLAN_TEST_DATA) + "/osm/town.opl";
  rq.use_cache = false;
  rq.grid.resolution_m = 100;
  rq.grid.margin_km = 0;
  rq.settings.decay = {reachplan::analysis::DecayFunction::Kind::logistic, 1.5, 0.5};
  rq.settings.access_kmh = 4;
  const auto want = reachplan::analysis::run_cell_access(rq);

  const auto d = reachplan::test::open_read(tif, GDAL_OF_RASTER);
  REQUIRE(d->GetRasterXSize() == want.grid.width);
  REQUIRE(d->GetRasterYSize() == want.grid.height);
  GDALRasterBand* band = d->GetRasterBand(1);
  std::vector<float> got(want.grid.cell_count());
  REQUIRE(band->RasterIO(GF_Read, 0, 0, want.grid.width, want.grid.height, got.data(),
                         want.grid.width, want.grid.height, GDT_Float32, 0, 0) == CE_None);
  std::size_t positive = 0;
  for (std::size_t c = 0; c < got.size(); ++c) {
    INFO("cell " << c);
    CHECK(got[c] == want.access.values[c]);
    positive += got[c] > 1.0f;  // more than its own cell
  }
  CHECK(positive > 0);
  const auto item = [&](const char* key) {
    const char* v = d->GetMetadataItem(key);
    return std::string(v ? v : "(none)");
  };
  CHECK(item("decay") == "logistic");
  CHECK(item("origins") == "every cell");
  CHECK(item("width_min") == "0.5");
  CHECK(std::string(band->GetDescription()).find("logistically around 1.5 min") !=
        std::string::npos);

  // Threads change nothing.
  const auto one = dir / "one.tif";
  r = run_reachplan("access", "osm", town + flags + "--threads 1 -o " + one.string());
  REQUIRE(r.code == 0);
  CHECK(slurp(one) == slurp(tif));
}

TEST_CASE("access refuses requests that cannot mean anything, and writes nothing",
          "[cli][access]") {
  const auto dir = cli_test::scratch_dir("access", "errors");
  const auto tif = (dir / "a.tif").string();
  struct Case {
    std::string flags, message;
  };
  const std::vector<Case> cases = {
      {"--cutoff 0", "--cutoff"},
      {"--decay gauss", "--decay"},
      {"--width -1", "--width"},
      {"--access-kmh 0", "--access-kmh"},
      {"--extent 1,2,3", "--extent needs four numbers"},
      {"--resolution 0.0001", "cells"},
  };
  for (const auto& c : cases) {
    INFO(c.flags);
    const auto r = run_reachplan("access", "osm", town_any + c.flags + " -o " + tif);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK_FALSE(std::filesystem::exists(tif));
  }
  auto r = run_reachplan("access", "osm", town + "-o " + (dir / "a.csv").string());
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("-o must name a GeoTIFF (.tif)"));
  r = run_reachplan("access", "osm", "access --network missing.opl -o " + tif);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("missing.opl"));
  CHECK_FALSE(std::filesystem::exists(tif));
}

TEST_CASE("access under mpirun writes the same bytes with 1, 2 and 4 ranks as without MPI",
          "[cli][access][mpi]") {
  if (mpirun.empty()) {
    WARN("built without MPI: the MPI tests do not apply");
    return;
  }
  const auto dir = cli_test::scratch_dir("access", "mpi");
  const std::string flags = "--decay exponential --cutoff 2 ";
  const auto alone = dir / "alone.tif";
  auto r = run_reachplan("access", "osm", town + flags + "-o " + alone.string());
  REQUIRE(r.code == 0);
  for (int ranks : {1, 2, 4}) {
    INFO(ranks << " ranks");
    const auto tif = dir / ("np" + std::to_string(ranks) + ".tif");
    // run_reachplan puts `env` before the binary: mpirun and its flags go there.
    r = run_reachplan("access", "osm", town + flags + "-o " + tif.string(), mpirun_command(ranks));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(tif) == slurp(alone));
    // Rank 0 alone prints the summary.
    CHECK(r.out.find("Wrote ") == r.out.rfind("Wrote "));
  }
}

TEST_CASE("a rank that dies fails the run cleanly and the old output stays", "[cli][access][mpi]") {
  if (mpirun.empty()) {
    WARN("built without MPI: the MPI tests do not apply");
    return;
  }
  const auto dir = cli_test::scratch_dir("access", "mpi-death");
  const auto tif = dir / "a.tif";
  cli_test::Result r = run_reachplan("access", "osm", town + "-o " + tif.string());
  REQUIRE(r.code == 0);
  const std::string before = slurp(tif);
  for (const char* victim : {"1", "0"}) {
    INFO("rank " << victim << " dies");
    r = run_reachplan("access", "osm", town + "--cutoff 1 -o " + tif.string(),
                      mpirun_command(2, "REACHPLAN_TEST_KILL_RANK=" + std::string(victim)) +
                          " -x REACHPLAN_TEST_KILL_RANK");
    CHECK(r.code != 0);
    CHECK(r.code != 127);  // the command itself ran
    CHECK_THAT(r.err, Catch::Contains("exited on signal 9"));
    CHECK(r.code != 124);  // not a hang ended by the timeout
    CHECK(slurp(tif) == before);
    for (const auto& e : std::filesystem::directory_iterator(dir))
      CHECK(e.path().filename().string().rfind(".reachplan-stage-", 0) != 0);
  }
  // A bad input fails every rank the same way: exit 2, the error named, nothing written.
  r = run_reachplan("access", "osm", "access --network missing.opl -o " + tif.string(),
                    mpirun_command(2));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("missing.opl"));
  CHECK(slurp(tif) == before);
}
