// The shell's error handling: every core::Error ends the run with the code the error carries,
// including error classes main.cpp has never heard of; other exceptions are bugs (exit 4).
#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>

#include "cli_harness.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/error.hpp"

namespace {

namespace core = reachplan::core;
using reachplan::cli::run_reporting_errors;

// An error class defined after main.cpp was written, with a code of its own.
class LateError : public core::Error {
 public:
  using core::Error::Error;
  core::ExitCode exit_code() const override { return core::exit_target_failed; }
};

// One that keeps the default code.
class PlainError : public core::Error {
 public:
  using core::Error::Error;
};

template <class E>
std::pair<int, std::string> outcome(const char* what) {
  std::ostringstream err;
  const int code = run_reporting_errors([&]() -> int { throw E(what); }, err);
  return {code, err.str()};
}

}  // namespace

TEST_CASE("errors end the run with the exit code they carry", "[cli][errors]") {
  CHECK(outcome<LateError>("late") == std::pair<int, std::string>{1, "error: late\n"});
  CHECK(outcome<PlainError>("plain") == std::pair<int, std::string>{2, "error: plain\n"});
  CHECK(outcome<core::InputError>("bad") == std::pair<int, std::string>{2, "error: bad\n"});
  CHECK(outcome<core::UsageError>("use") == std::pair<int, std::string>{2, "error: use\n"});
  CHECK(outcome<core::OutputError>("disk") == std::pair<int, std::string>{3, "error: disk\n"});
  CHECK(outcome<std::logic_error>("bug") ==
        std::pair<int, std::string>{4, "internal error: bug (please report this)\n"});
  std::ostringstream err;
  CHECK(run_reporting_errors([] { return 1; }, err) == 1);
  CHECK(err.str().empty());
}

TEST_CASE("out-of-range option values are refused while parsing, NaN included", "[cli][errors]") {
  using cli_test::run_reachplan;
  const std::string out = cli_test::scratch_dir("cli-errors", "out").string();
  struct Case {
    const char* folder;
    std::string args;
    const char* message;
  };
  // Every command writes into `out` should a value get through.
  const std::string o = " -o '" + out + "/x.yaml' ";
  const std::string matrix = "matrix --network town.osm --origins points.csv" + o;
  const std::string surface = "surface gis.yaml --from hub" + o;
  const Case cases[] = {
      {"osm", matrix + "--max-snap-m -1", "--max-snap-m: must be >= 0 (got -1)"},
      {"osm", matrix + "--max-snap-m nan", "--max-snap-m: must be >= 0 (got nan)"},
      {"gis", surface + "--speed 0", "--speed: must be > 0 km/h (got 0)"},
      {"gis", surface + "--detour 0.5", "--detour: must be >= 1 (got 0.5)"},
      {"gis", surface + "--margin-km -1", "--margin-km: must be >= 0 (got -1)"},
      {"gis", surface + "--max-km 0", "--max-km: must be > 0 (got 0)"},
      {"gis", surface + "--minutes 30,0", "--minutes: must be > 0 (got 0)"},
      {"layers", "import layer drawn.geojson --snap-m 0" + o, "--snap-m: must be > 0"},
      {"compare", "compare base.yaml --rank-order price" + o,
       "--rank-order: unknown order 'price'"},
  };
  for (const auto& c : cases) {
    const auto r = run_reachplan("cli-errors", c.folder, c.args);
    INFO(c.args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("matrix stops at a point id given twice, before writing anything", "[cli][errors]") {
  const auto dir = cli_test::scratch_dir("cli-errors", "points");
  std::ofstream(dir / "dup.csv")
      << "id,osm_id,lon,lat\nwest,1,0,0\neast,30,,\nwest,,0.0021,0.0009\n";
  const auto r =
      cli_test::run_reachplan("cli-errors", "osm",
                              "matrix --network town.osm --origins '" + (dir / "dup.csv").string() +
                                  "' -o '" + (dir / "m.csv").string() + "'",
                              "REACHPLAN_CACHE_DIR='" + (dir / "cache").string() + "'");
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + (dir / "dup.csv").string() +
                     ":4: point id 'west' given twice (first on line 2)\n");
  CHECK(r.out.empty());
  CHECK_FALSE(std::filesystem::exists(dir / "m.csv"));
}
