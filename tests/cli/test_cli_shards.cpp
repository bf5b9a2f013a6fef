// `matrix --shard k/n` and `reachplan merge`: a matrix computed as job-array parts and joined
// again is the very bytes of the unsharded run (road and transit matrices, wide and long, more
// shards than rows, parts merged in any order); `matrix` under mpirun writes the bytes of the
// run without MPI; the merge refuses every set of parts that is not one whole, unchanged job and
// then writes nothing. The matrices' values are checked by hand in test_cli_scale.cpp and
// test_cli_transit.cpp.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using cli_test::Result;
using cli_test::slurp;

namespace {

const std::string road = "matrix --network town.osm --origins points.csv --no-cache ";
const std::string transit =
    "matrix --gtfs tiny --date 2024-01-09 --origins points/tiny_points.csv --departure 07:50 "
    "--window 10 --percentiles 50,100 --no-cache ";

Result run(const std::string& data, const std::string& args, const std::string& env = "") {
  return cli_test::run_reachplan("shards", data, args, env);
}

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

// Computes every shard of n into dir/partK and returns the folders, last shard first (the
// merge sorts them).
std::vector<fs::path> shards(const std::string& data, const std::string& args, const fs::path& dir,
                             int n) {
  std::vector<fs::path> parts;
  for (int k = n; k >= 1; --k) {
    const fs::path part = dir / ("part" + std::to_string(k));
    const Result r = run(
        data, args + "--shard " + std::to_string(k) + "/" + std::to_string(n) + " -o " + q(part));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Contains("Wrote part " + std::to_string(k) + "/" + std::to_string(n)));
    CHECK(fs::exists(part / "shard.json"));
    parts.push_back(part);
  }
  return parts;
}

std::string merge_args(const std::vector<fs::path>& parts) {
  std::string args = "merge";
  for (const auto& p : parts) args += " " + q(p);
  return args;
}

}  // namespace

TEST_CASE("a road matrix in shards, merged, is the bytes of the whole run", "[cli][shards]") {
  const auto dir = cli_test::scratch_dir("shards", "road");
  for (const std::string form : {"", "--long "}) {
    INFO("form: " << form);
    auto r = run("osm", road + form + "-o " + q(dir / "whole.csv") + " --points-out " +
                            q(dir / "whole_points.csv"));
    INFO(r.err);
    REQUIRE(r.code == 0);
    // 3 origins: 2 and 3 shards, and 5, which leaves two shards without a row.
    for (int n : {2, 3, 5}) {
      INFO(n << " shards");
      const auto parts = shards("osm", road + form, dir / ("n" + std::to_string(n)), n);
      r = run("osm", merge_args(parts) + " -o " + q(dir / "merged.csv") + " --points-out " +
                         q(dir / "merged_points.csv"));
      INFO(r.err);
      REQUIRE(r.code == 0);
      CHECK_THAT(r.out, Contains("Merged " + std::to_string(n) + " parts: matrix 3 x 3"));
      CHECK(slurp(dir / "merged.csv") == slurp(dir / "whole.csv"));
      CHECK(slurp(dir / "merged.csvt") == slurp(dir / "whole.csvt"));
      CHECK(slurp(dir / "merged_points.csv") == slurp(dir / "whole_points.csv"));
    }
  }
}

TEST_CASE("a transit matrix in shards, merged: every percentile's file", "[cli][shards]") {
  const auto dir = cli_test::scratch_dir("shards", "transit");
  auto r = run("gtfs", transit + "-o " + q(dir / "whole.csv"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto parts = shards("gtfs", transit, dir, 2);
  r = run("gtfs", merge_args(parts) + " -o " + q(dir / "merged.csv"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  for (const char* p : {"_p50.csv", "_p100.csv"}) {
    INFO(p);
    REQUIRE(fs::exists(dir / ("whole" + std::string(p))));
    CHECK(slurp(dir / ("merged" + std::string(p))) == slurp(dir / ("whole" + std::string(p))));
  }
}

TEST_CASE("matrix under mpirun writes the bytes of the run without MPI", "[cli][shards][mpi]") {
  if (cli_test::mpirun.empty()) {
    WARN("built without MPI: the MPI tests do not apply");
    return;
  }
  const auto dir = cli_test::scratch_dir("shards", "mpi");
  auto r = run("osm", road + "-o " + q(dir / "alone.csv"));
  REQUIRE(r.code == 0);
  for (int ranks : {2, 3}) {
    INFO(ranks << " ranks");
    const auto out = dir / ("np" + std::to_string(ranks) + ".csv");
    r = run("osm", road + "-o " + q(out), cli_test::mpirun_command(ranks));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(out) == slurp(dir / "alone.csv"));
    CHECK(r.out.find("Wrote ") == r.out.rfind("Wrote "));  // rank 0 alone reports
  }
  r = run("gtfs", transit + "-o " + q(dir / "t_alone.csv"));
  REQUIRE(r.code == 0);
  r = run("gtfs", transit + "-o " + q(dir / "t_np2.csv"), cli_test::mpirun_command(2));
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(slurp(dir / "t_np2_p50.csv") == slurp(dir / "t_alone_p50.csv"));
  // A shard over ranks: the same part as one process writes.
  r = run("osm", road + "--shard 2/2 -o " + q(dir / "p_alone"));
  REQUIRE(r.code == 0);
  r = run("osm", road + "--shard 2/2 -o " + q(dir / "p_np2"), cli_test::mpirun_command(2));
  REQUIRE(r.code == 0);
  CHECK(slurp(dir / "p_np2" / "matrix.csv") == slurp(dir / "p_alone" / "matrix.csv"));
  CHECK(slurp(dir / "p_np2" / "shard.json") == slurp(dir / "p_alone" / "shard.json"));
}

TEST_CASE("matrix --shard refuses what is not k of n, and a CSV as the part's folder",
          "[cli][shards]") {
  const auto dir = cli_test::scratch_dir("shards", "usage");
  for (const std::string bad :
       {"3", "0/3", "4/3", "1/0", "a/b", "1/2/3", "-1/2", "1/1000000", ""}) {
    INFO("--shard '" << bad << "'");
    const Result r = run("osm", road + "--shard '" + bad + "' -o " + q(dir / "part"));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--shard"));
  }
  // More shards than origins: the first of 5 over 3 rows has none, and says so.
  Result r = run("osm", road + "--shard 1/5 -o " + q(dir / "empty"));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("shard 1/5: no origin rows"));
  CHECK(slurp(dir / "empty" / "matrix.csv") == "origin,west,east,north\n");
  fs::remove_all(dir / "empty");
  r = run("osm", road + "--shard 1/2 -o " + q(dir / "m.csv"));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("names the part's folder"));
  r = run("osm", road + "--shard 1/2 -o " + q(dir / "part") + " --points-out " + q(dir / "p.csv"));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("give --points-out to `reachplan merge`"));
  CHECK(fs::is_empty(dir));
}

TEST_CASE("merge refuses parts that are not one whole unchanged job, and writes nothing",
          "[cli][shards]") {
  const auto dir = cli_test::scratch_dir("shards", "refuse");
  auto parts = shards("osm", road, dir / "job", 3);  // part3, part2, part1
  const auto out = dir / "m.csv";
  const auto merge = [&](const std::vector<fs::path>& folders) {
    return run("osm", merge_args(folders) + " -o " + q(out));
  };
  const auto refused = [&](const Result& r, const std::string& why) {
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains(why));
    CHECK_FALSE(fs::exists(out));
  };
  refused(merge({parts[0], parts[2]}), "the job has 3 shards and 2 are given; missing: 2");
  refused(merge({parts[0], parts[1], parts[2], parts[1]}), "shard 2/3 is given twice");
  // Another job: the long form, or other settings, even with the same shard count.
  const auto other = shards("osm", road + "--long ", dir / "other", 3);
  refused(merge({parts[0], parts[1], other[2]}), "are parts of different matrix jobs");
  const auto snap = shards("osm", road + "--max-snap-m 500 ", dir / "snap", 3);
  refused(merge({parts[0], parts[1], snap[2]}), "are parts of different matrix jobs");
  // Not a part: a file, a FIFO, a folder without a manifest, a missing folder.
  std::ofstream(dir / "file.csv") << "origin\n";
  refused(merge({parts[0], parts[1], dir / "file.csv"}), "is not a folder");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  refused(merge({parts[0], parts[1], dir / "fifo"}), "is not a folder");
  fs::create_directories(dir / "empty");
  refused(merge({parts[0], parts[1], dir / "empty"}), "shard.json");
  refused(merge({parts[0], parts[1], dir / "missing"}), "missing");
  refused(run("osm", "merge -o " + q(out)), "folders");

  // A manifest that is not ours, or damaged: each named, nothing written.
  const auto manifest = parts[2] / "shard.json";  // shard 1
  const std::string good = slurp(manifest);
  const auto with_manifest = [&](const std::string& text, const std::string& why) {
    std::ofstream(manifest, std::ios::trunc) << text;
    refused(merge(parts), why);
  };
  with_manifest("not json", "is not a JSON object");
  with_manifest("{}", "it has no 'format'");
  with_manifest(R"({"format": "something else"})", "its format is not the shard's");
  auto edited = good;
  edited.replace(edited.find("\"shard\": 1"), 10, "\"shard\": \"1\"");
  with_manifest(edited, "'shard' is \"1\", of the wrong type");
  edited = good;
  edited.replace(edited.find("\"name\": \"matrix.csv\""), 20, "\"name\": \"../m.csv\"");
  with_manifest(edited, "is not a plain name");
  edited = good;
  edited.replace(edited.find("\"shard\": 1"), 10, "\"shard\": 9");
  with_manifest(edited, "does not add up");
  with_manifest(std::string(2'000'000, ' '), "is 1.9 MB; input files are limited to 1 MB");
  fs::remove(manifest);
  REQUIRE(::mkfifo(manifest.c_str(), 0600) == 0);  // a manifest that would block a reader
  refused(merge(parts), "it is a FIFO");
  fs::remove(manifest);
  std::ofstream(manifest, std::ios::trunc) << good;

  // A part's rows changed after it was written.
  { std::ofstream(parts[1] / "matrix.csv", std::ios::app) << "extra,1,2,3\n"; }
  refused(merge(parts), "has changed since shard 2/3 was written");
  // The merge's output may not be one of the parts' files.
  const auto again = shards("osm", road, dir / "again", 3);
  Result r = run("osm", merge_args(again) + " -o " + q(again[0] / "matrix.csv"));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("it is the input file"));
  r = run("osm", merge_args(again) + " -o " + q(out));
  INFO(r.err);
  CHECK(r.code == 0);
}
