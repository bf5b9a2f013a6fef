#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reachplan/core/error.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/tables.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("reachplan-output-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
analysis::Trip trip(std::string o, std::string d, double minutes) {
  analysis::Trip t;
  t.origin = std::move(o);
  t.destination = std::move(d);
  t.minutes = minutes;
  return t;
}
}  // namespace

TEST_CASE("CSV fields are quoted per RFC 4180 and unreachable is empty", "[output]") {
  CHECK(output::csv_field("wuhan") == "wuhan");
  CHECK(output::csv_field("a,b") == "\"a,b\"");
  CHECK(output::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(output::csv_minutes(89.0) == "89.00");
  CHECK(output::csv_minutes(std::nan("")) == "");
}

TEST_CASE("wide matrix CSV: origins as rows, destinations as columns", "[output]") {
  analysis::TravelTimeMatrix m;
  m.origins = {"a", "b"};
  m.destinations = {"a", "b", "c"};
  m.minutes.resize(2, 3);
  m.minutes << 0, 12.5, std::nan(""), 12.5, 0, 7;
  CHECK(output::matrix_csv(m) == "origin,a,b,c\na,0.00,12.50,\nb,12.50,0.00,7.00\n");
}

TEST_CASE("od CSV lists modes, lines and the path", "[output]") {
  auto t = trip("a", "b", 20);
  t.modes = {"hsr"};
  t.lines = {"l1", "l2"};
  t.transfers = 1;
  auto u = trip("a", "z", std::nan(""));
  const auto csv = output::od_csv({t, u});
  CHECK_THAT(csv, Catch::Contains("a,b,20.00,true,1,hsr,l1;l2,"));
  CHECK_THAT(csv, Catch::Contains("a,z,,false,,,,,\n"));
}

TEST_CASE("summary JSON carries version, inputs, verdicts, and null for unreachable", "[output]") {
  analysis::ScenarioResult r;
  r.scenario_id = "s";
  r.year = 2030;
  r.key_group = "g";
  r.key_matrix.origins = r.key_matrix.destinations = {"a", "z"};
  r.key_matrix.minutes.resize(2, 2);
  r.key_matrix.minutes << 0, std::nan(""), std::nan(""), 0;
  analysis::TargetResult t;
  t.target.id = "circle";
  t.target.max_minutes = 90;
  t.pass = false;
  t.value = std::nan("");
  t.value_unit = "minutes";
  t.offenders = {trip("a", "z", std::nan(""))};
  t.items = t.offenders;
  r.targets.push_back(t);
  const auto j =
      nlohmann::json::parse(output::summary_json(r, {{"x.yaml", std::string(64, 'f')}}, {"w1"}));
  CHECK(j["reachplan_version"].is_string());
  CHECK(j["year"] == 2030);
  CHECK(j["inputs"][0]["path"] == "x.yaml");
  CHECK(j["targets"][0]["verdict"] == "FAIL");
  CHECK(j["targets"][0]["value"].is_null());
  CHECK(j["targets"][0]["worst"][0]["reachable"] == false);
  CHECK(j["key_matrix"]["minutes"][0][1].is_null());
  CHECK(j["all_targets_pass"] == false);
  CHECK(j["warnings"][0] == "w1");
}

TEST_CASE("atomic write replaces a file whole and leaves no temporary behind", "[output]") {
  const auto dir = scratch("atomic");
  const auto path = dir / "sub" / "m.csv";
  output::write_file_atomically(path.string(), "first\n");
  CHECK(slurp(path) == "first\n");
  output::write_file_atomically(path.string(), "second\n");
  CHECK(slurp(path) == "second\n");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "sub")) ++files;
  CHECK(files == 1);
}

TEST_CASE("a write that cannot happen is an OutputError and keeps the old file", "[output]") {
  const auto dir = scratch("fail");
  std::ofstream(dir / "blocker") << "i am a file";
  // The parent "folder" is a file: nothing can be created under it.
  CHECK_THROWS_AS(output::write_file_atomically((dir / "blocker" / "x.csv").string(), "x"),
                  core::OutputError);
  CHECK(slurp(dir / "blocker") == "i am a file");
  // A folder where the file should go: the rename fails, the folder survives.
  fs::create_directories(dir / "taken");
  CHECK_THROWS_AS(output::write_file_atomically((dir / "taken").string(), "x"), core::OutputError);
  CHECK(fs::is_directory(dir / "taken"));
}

TEST_CASE("a file set lands whole or not at all", "[output]") {
  const auto dir = scratch("set");
  output::write_file_atomically((dir / "a.csv").string(), "old a\n");
  output::write_file_atomically((dir / "b.csv").string(), "old b\n");
  {
    output::AtomicFileSet set;
    set.add((dir / "a.csv").string(), "new a\n");
    // The second file cannot be staged: the set is abandoned before commit.
    CHECK_THROWS_AS(set.add((dir / "a.csv" / "b.csv").string(), "x"), core::OutputError);
  }
  CHECK(slurp(dir / "a.csv") == "old a\n");
  CHECK(slurp(dir / "b.csv") == "old b\n");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 2);  // no temporaries left

  output::AtomicFileSet set;
  set.add((dir / "a.csv").string(), "new a\n");
  set.add((dir / "b.csv").string(), "new b\n");
  CHECK(slurp(dir / "a.csv") == "old a\n");  // nothing visible before commit
  CHECK(set.commit().size() == 2);
  CHECK(slurp(dir / "a.csv") == "new a\n");
  CHECK(slurp(dir / "b.csv") == "new b\n");
}
