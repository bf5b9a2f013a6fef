// The cache folder and its files against a hostile machine: another local user who plants links
// or files, special files where an entry should be, and entries far larger than any real one.
// Tests that need a second user (uid 65534) run as root and are skipped otherwise.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "reachplan/core/cache_file.hpp"
#include "reachplan/core/error.hpp"

using namespace reachplan::core;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view magic = "RPTEST01";
constexpr uid_t other_user = 65534;

// A fresh folder <tmp>/reachplan-cache-safety-<pid>-<random>/<name> (mode 0755, ours).
fs::path scratch(const std::string& name) {
  static const fs::path root =
      fs::temp_directory_path() / ("reachplan-cache-safety-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(std::random_device{}()));
  const fs::path dir = root / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string refusal(const fs::path& dir) {
  try {
    PrivateFolder f(dir.string());
  } catch (const CacheError& e) {
    return e.what();
  }
  return "";
}

std::string read_refusal(const fs::path& p, std::uint64_t max_bytes = default_cache_limit) {
  try {
    (void)BinaryReader::open(p.string(), magic, max_bytes);
  } catch (const CacheError& e) {
    return e.what();
  }
  return "";
}

std::string valid_file() {
  BinaryWriter w(magic);
  w.u64(7);
  return w.finish();
}

}  // namespace

TEST_CASE("a cache folder is made 0700 and a link, a shared folder or a file is refused",
          "[core][cache][hostile]") {
  const fs::path base = scratch("folders");
  const fs::path made = base / "deep" / "reachplan";
  { PrivateFolder f(made.string()); }
  CHECK(fs::is_directory(made));
  CHECK(mode_of(made) == 0700);
  CHECK(refusal(made).empty());
  CHECK(refusal(made.string() + "/").empty());

  fs::create_directory_symlink(made, base / "link");
  CHECK(refusal(base / "link") ==
        (base / "link").string() + ": is a symbolic link, which a cache folder must not be");
  // A trailing slash would make the system follow the link: it is refused all the same.
  CHECK_FALSE(refusal((base / "link").string() + "/").empty());

  fs::create_directory(base / "shared");
  ::chmod((base / "shared").c_str(), 01777);
  CHECK(refusal(base / "shared") ==
        (base / "shared").string() +
            ": is writable by other users (mode 777); a cache folder must be private (chmod 700)");

  spit(base / "file", "x");
  CHECK(refusal(base / "file") == (base / "file").string() + ": is not a folder");
}

TEST_CASE("a cache folder owned by another user is refused", "[core][cache][hostile]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to give a folder to uid 65534");
    return;
  }
  const fs::path dir = scratch("foreign") / "reachplan";
  fs::create_directory(dir);
  ::chmod(dir.c_str(), 0700);
  REQUIRE(::chown(dir.c_str(), other_user, other_user) == 0);
  CHECK(refusal(dir) == dir.string() + ": is owned by uid 65534, not by this user (uid 0)");
  CHECK_THROWS_WITH(write_cache_file((dir / "x.roads").string(), "data"),
                    Catch::Contains("cannot write cache file " + (dir / "x.roads").string()));
  CHECK(fs::is_empty(dir));
}

TEST_CASE("a link planted at a cache entry or at its old temporary name is never written through",
          "[core][cache][hostile]") {
  const fs::path dir = scratch("links");
  const fs::path victim = scratch("victim") / "precious.txt";
  spit(victim, "the victim's own data\n");

  // At the entry: the link is replaced by the new entry, the file it named is untouched.
  const fs::path entry = dir / "k.roads";
  fs::create_symlink(victim, entry);
  write_cache_file(entry.string(), "new entry");
  CHECK(slurp(victim) == "the victim's own data\n");
  CHECK_FALSE(fs::is_symlink(entry));
  CHECK(slurp(entry) == "new entry");
  CHECK(mode_of(entry) == 0600);

  // At the temporary name of the first format, "<entry>.tmp<pid>", predictable by anyone.
  const fs::path entry2 = dir / "k2.roads";
  const fs::path old_tmp = entry2.string() + ".tmp" + std::to_string(::getpid());
  fs::create_symlink(victim, old_tmp);
  write_cache_file(entry2.string(), "second entry");
  CHECK(slurp(victim) == "the victim's own data\n");
  CHECK(slurp(entry2) == "second entry");

  // Nothing but the two entries and the planted link is left behind.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    INFO(e.path().string());
    CHECK((e.path() == entry || e.path() == entry2 || e.path() == old_tmp));
    ++files;
  }
  CHECK(files == 3);
}

TEST_CASE("a cache write that fails leaves no temporary", "[core][cache][hostile]") {
  const fs::path dir = scratch("failing");
  fs::create_directory(dir / "k.roads");  // a folder where the entry goes: rename fails
  CHECK_THROWS_WITH(write_cache_file((dir / "k.roads").string(), "data"),
                    "cannot write cache file " + (dir / "k.roads").string() + ": Is a directory");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}

TEST_CASE(
    "a FIFO, a link to /dev/zero, a folder or an oversized file as a cache entry is refused "
    "at once",
    "[core][cache][hostile]") {
  const fs::path dir = scratch("special");
  const auto t0 = std::chrono::steady_clock::now();

  const fs::path fifo = dir / "fifo.ch";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(read_refusal(fifo) == fifo.string() + ": is not a regular file (a FIFO, device or socket)");

  const fs::path zero = dir / "zero.roads";
  fs::create_symlink("/dev/zero", zero);
  CHECK(read_refusal(zero) == zero.string() + ": is a symbolic link, which is not followed");

  const fs::path folder = dir / "folder.roads";
  fs::create_directory(folder);
  CHECK(read_refusal(folder) == folder.string() + ": is a folder, not a cache file");

  const fs::path big = dir / "big.roads";
  spit(big, valid_file());
  CHECK(read_refusal(big).empty());
  CHECK(read_refusal(big, 71) ==
        big.string() + ": is 80 bytes, more than the 71 a cache of its input can be");

  // None of them waited or read more than the bound.
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  CHECK(cache_size_limit(0) == 16u << 20);
  CHECK(cache_size_limit(1000) == (16u << 20) + 256000);
}

TEST_CASE("a cache entry owned by another user is refused", "[core][cache][hostile]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to give a file to uid 65534");
    return;
  }
  const fs::path entry = scratch("foreign-entry") / "k.roads";
  spit(entry, valid_file());
  REQUIRE(::chown(entry.c_str(), other_user, other_user) == 0);
  CHECK(read_refusal(entry) == entry.string() + ": is owned by uid 65534, not by this user");
}
