// End-to-end: `matrix` over tests/data/osm/town.osm.pbf with cache entries that are planted,
// special, poisoned or damaged. Each must be a cache miss with a warning naming the cache file,
// exit 0 and the matrix of a run without cache: never a hang, a crash or a wrong answer.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "reachplan/core/cache_file.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using cli_test::Result;
using cli_test::slurp;
using reachplan::core::BinaryReader;
using reachplan::core::BinaryWriter;

namespace {

fs::path scratch(const std::string& name) {
  return cli_test::scratch_dir("cli-cache", name);
}

// AddressSanitizer reserves terabytes of address space for its shadow memory, so a limit on
// virtual memory would stop every run of a sanitizer build before it starts.
#if defined(__SANITIZE_ADDRESS__)
const std::string memory_cap;
#else
const std::string memory_cap = "ulimit -v 2000000; ";
#endif

// `reachplan matrix` of the town's three points into <dir>/<name>.csv; the environment gives
// the cache (`--cache-dir` can be in `extra`). A run past 60 s or 2 GB of memory fails.
Result matrix(const fs::path& dir, const std::string& name, const std::string& extra,
              const std::string& env = "") {
  return cli_test::run_reachplan("cli-cache", "osm",
                                 "matrix --network town.osm.pbf --origins points.csv -o '" +
                                     (dir / (name + ".csv")).string() + "' " + extra,
                                 memory_cap + env + " timeout 60");
}

// The matrix without any cache, as the reference (hand-checked in test_cli_scale.cpp).
std::string reference(const fs::path& dir) {
  const Result r = matrix(dir, "reference", "--no-cache");
  REQUIRE(r.code == 0);
  const std::string m = slurp(dir / "reference.csv");
  REQUIRE(
      m ==
      "origin,west,east,north\nwest,0.00,1.02,0.53\neast,1.37,0.00,0.84\nnorth,0.53,0.49,0.00\n");
  return m;
}

// The entry file of the town network in `cache` (made by a first run), e.g. "<key>.roads".
fs::path entry(const fs::path& cache, const std::string& suffix) {
  for (const auto& e : fs::directory_iterator(cache))
    if (e.path().string().ends_with(suffix) &&
        (suffix == ".roads.ch" || !e.path().string().ends_with(".ch")))
      return e.path();
  FAIL("no cache entry " << suffix << " in " << cache);
  return {};
}

// A cache folder filled by one run, and its entry `suffix`.
fs::path filled_cache(const fs::path& dir, const std::string& suffix) {
  const Result r = matrix(dir, "first", "--cache-dir '" + (dir / "cache").string() + "'");
  REQUIRE(r.code == 0);
  return entry(dir / "cache", suffix);
}

// Runs with `cache` and checks: exit 0, one warning naming `bad` (the cache file, not the
// input), the reference matrix.
void expect_rebuilt(const fs::path& dir, const fs::path& bad, const std::string& why) {
  const std::string want = reference(dir);
  const Result r = matrix(dir, "again", "--cache-dir '" + bad.parent_path().string() + "'");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Contains("warning: cache entry rebuilt: " + bad.string() + ": " + why));
  CHECK_FALSE(r.err.find("town.osm.pbf") != std::string::npos);
  CHECK(slurp(dir / "again.csv") == want);
}

// Rewrites the entry `path` through `edit(reader, writer)`, with a valid checksum: the reader
// is positioned after the key, which the writer already holds.
template <class Edit>
void forge(const fs::path& path, Edit edit) {
  const std::string bytes = slurp(path);
  const std::string magic = bytes.substr(0, 8);
  BinaryReader r(path.string(), bytes, magic);
  BinaryWriter w(magic);
  w.str(r.str());
  edit(r, w);
  while (r.remaining() > 0) w.pod(r.pod<char>());
  fs::remove(path);
  w.write(path.string());
}

// forge() for a hierarchy entry: `edit(i, array)` sees its ten arrays of 32-bit values in the
// order of the file (internal_of, original_of, up_first, up_head, up_weight, up_middle,
// down_first, down_tail, down_weight, down_middle).
template <class Edit>
void forge_ch(const fs::path& path, Edit edit) {
  forge(path, [&](BinaryReader& r, BinaryWriter& w) {
    std::vector<std::uint32_t> a;
    for (int i = 0; i < 10; ++i) {
      r.array(a);
      edit(i, a);
      w.array(a);
    }
  });
}

}  // namespace

TEST_CASE("a FIFO as the hierarchy cache entry is a miss with a warning, never a hang",
          "[cli][cache][hostile]") {
  const fs::path dir = scratch("fifo");
  const fs::path ch = filled_cache(dir, ".roads.ch");
  fs::remove(ch);
  REQUIRE(::mkfifo(ch.c_str(), 0600) == 0);
  expect_rebuilt(dir, ch, "is not a regular file (a FIFO, device or socket)");
  CHECK(fs::is_regular_file(ch));  // replaced by a fresh entry
}

TEST_CASE("a link to /dev/zero as the network cache entry is not followed",
          "[cli][cache][hostile]") {
  const fs::path dir = scratch("zero");
  const fs::path roads = filled_cache(dir, ".roads");
  fs::remove(roads);
  fs::create_symlink("/dev/zero", roads);
  expect_rebuilt(dir, roads, "is a symbolic link, which is not followed");
}

TEST_CASE("a folder as the network cache entry is a miss, and the entry is not written",
          "[cli][cache][hostile]") {
  const fs::path dir = scratch("folder");
  const fs::path roads = filled_cache(dir, ".roads");
  fs::remove(roads);
  fs::create_directory(roads);
  expect_rebuilt(dir, roads, "is a folder, not a cache file");
}

TEST_CASE("a network cache entry with NaN coordinates and a valid checksum is rebuilt",
          "[cli][cache][hostile]") {
  const fs::path dir = scratch("nan");
  const fs::path roads = filled_cache(dir, ".roads");
  forge(roads, [](BinaryReader& r, BinaryWriter& w) {
    w.str(r.str());  // source
    std::vector<double> lon;
    r.array(lon);
    lon[0] = std::nan("");
    w.array(lon);
  });
  expect_rebuilt(dir, roads, "vertex 0 has no valid WGS84 lon/lat");
}

TEST_CASE("a hierarchy cache entry with an index out of range and a valid checksum is rebuilt",
          "[cli][cache][hostile]") {
  const fs::path dir = scratch("ch-index");
  const fs::path ch = filled_cache(dir, ".roads.ch");
  forge_ch(ch, [](int i, std::vector<std::uint32_t>& a) {
    if (i == 3) a.back() = 100000000;  // the last up arc's head
  });
  expect_rebuilt(dir, ch, "not a valid contraction hierarchy: up arc ");
}

TEST_CASE("a hierarchy cache entry with every weight zero and a valid checksum is rebuilt",
          "[cli][cache][hostile]") {
  const fs::path dir = scratch("ch-zero");
  const fs::path ch = filled_cache(dir, ".roads.ch");
  forge_ch(ch, [](int i, std::vector<std::uint32_t>& a) {
    if (i == 4 || i == 8) std::fill(a.begin(), a.end(), 0u);  // up and down weights
  });
  expect_rebuilt(dir, ch, "not a valid contraction hierarchy: ");
}

TEST_CASE("a cache folder of another user is refused: an error when named, no cache by default",
          "[cli][cache][hostile]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to give a folder to uid 65534");
    return;
  }
  const fs::path dir = scratch("foreign");
  const std::string want = reference(dir);
  const fs::path foreign = dir / "xdg" / "reachplan";
  fs::create_directories(foreign);
  ::chmod(foreign.c_str(), 0777);
  REQUIRE(::chown(foreign.c_str(), 65534, 65534) == 0);
  const std::string why = ": is owned by uid 65534, not by this user (uid 0)";

  Result r = matrix(dir, "named", "--cache-dir '" + foreign.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err == "error: cache folder " + foreign.string() + why +
                     " (name another with --cache-dir, or use --no-cache)\n");
  CHECK_FALSE(fs::exists(dir / "named.csv"));

  r = matrix(dir, "default", "",
             "env -u REACHPLAN_CACHE_DIR XDG_CACHE_HOME='" + (dir / "xdg").string() + "'");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Contains("warning: cache not used: " + foreign.string() + why));
  CHECK(slurp(dir / "default.csv") == want);
  CHECK(fs::is_empty(foreign));  // nothing read from or written into the other user's folder
}

TEST_CASE("with HOME unset the default cache folder is still per user and private",
          "[cli][cache][hostile]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to run as uid 65534");
    return;
  }
  const fs::path dir = scratch("nohome");
  const std::string want = reference(dir);
  ::chmod(dir.c_str(), 01777);  // a shared temporary folder, as /tmp is
  // nobody's home in the password database (/nonexistent) is no folder: the last fallback.
  const Result r = matrix(dir, "nobody", "",
                          "setpriv --reuid=65534 --regid=65534 --clear-groups env -u HOME -u "
                          "XDG_CACHE_HOME -u REACHPLAN_CACHE_DIR TMPDIR='" +
                              dir.string() + "'");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(slurp(dir / "nobody.csv") == want);
  const fs::path cache = dir / "reachplan-cache-65534";
  struct stat st {};
  REQUIRE(::lstat(cache.c_str(), &st) == 0);
  CHECK(S_ISDIR(st.st_mode));
  CHECK((st.st_mode & 07777) == 0700);
  CHECK(st.st_uid == 65534u);
  CHECK(std::distance(fs::directory_iterator(cache), fs::directory_iterator()) == 2);
  CHECK_FALSE(fs::exists(dir / "reachplan-cache"));
}
