#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "reachplan/core/cache_file.hpp"
#include "reachplan/core/hash.hpp"

using namespace reachplan::core;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view magic = "RPTEST01";

fs::path scratch_file(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("reachplan-core-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

// The message of the CacheError that reading `bytes` throws ("" when none).
std::string read_error(const std::string& bytes, std::string_view want_magic = magic) {
  try {
    BinaryReader r("test.bin", bytes, want_magic);
    r.str();
    std::vector<std::uint32_t> v;
    r.array(v);
  } catch (const CacheError& e) {
    return e.what();
  }
  return "";
}

std::string sample_bytes() {
  BinaryWriter w(magic);
  w.str("key");
  w.array(std::vector<std::uint32_t>{7, 8, 9});
  return w.finish();
}

}  // namespace

// The checksum is the hex SHA-256 of every byte before it (the FNV-1a of the first format was
// easy to forge). The value is that of `printf 'RPTEST01' | sha256sum`, worked out outside.
TEST_CASE("a cache file ends with the SHA-256 of its content", "[core][cache]") {
  BinaryWriter w(magic);
  const std::string file = w.finish();
  CHECK(file == "RPTEST01" + sha256_string("RPTEST01"));
  CHECK(file.size() == 8 + 64);
}

TEST_CASE("a cache file reads back what was written", "[core][cache]") {
  const fs::path path = scratch_file("round-trip.bin");
  BinaryWriter w(magic);
  w.str("the key");
  w.pod(std::int16_t{-3});
  w.pod(2.5);
  w.array(std::vector<std::uint32_t>{1, 2, 4000000000u});
  w.array(std::vector<double>{-1.25, 1e300});
  w.u64(42);
  w.write(path.string());
  // magic 8 + key 8+7 + int16 2 + double 8 + 8+12 + 8+16 + u64 8 + checksum 64
  CHECK(fs::file_size(path) == 8 + 15 + 2 + 8 + 20 + 24 + 8 + 64);

  BinaryReader r = BinaryReader::open(path.string(), magic);
  CHECK(r.str() == "the key");
  CHECK(r.pod<std::int16_t>() == -3);
  CHECK(r.pod<double>() == 2.5);
  std::vector<std::uint32_t> a;
  r.array(a);
  CHECK(a == std::vector<std::uint32_t>{1, 2, 4000000000u});
  std::vector<double> b;
  r.array(b);
  CHECK(b == std::vector<double>{-1.25, 1e300});
  CHECK(r.u64() == 42);
  CHECK(r.remaining() == 0);
  CHECK_THROWS_AS(r.u64(), CacheError);
}

TEST_CASE("empty arrays and strings round-trip", "[core][cache]") {
  BinaryWriter w(magic);
  w.array(std::vector<double>{});
  w.str("");
  w.array(std::vector<std::uint16_t>{5});
  CHECK(w.bytes().size() == 8 + 8 + 8 + 8 + 2);
  std::string bytes = w.finish();

  BinaryReader r("mem", bytes, magic);
  std::vector<double> empty = {1.0, 2.0};  // replaced by the stored (empty) array
  r.array(empty);
  CHECK(empty.empty());
  CHECK(r.str().empty());
  std::vector<std::uint16_t> one;
  r.array(one);
  CHECK(one == std::vector<std::uint16_t>{5});
}

TEST_CASE("a wrong magic, a damaged checksum or a truncated file is a CacheError",
          "[core][cache]") {
  const std::string good = sample_bytes();
  CHECK(read_error(good).empty());

  CHECK(read_error(good, "RPOTHER1") == "test.bin: not a cache file of this kind");
  // Another version of the same kind is a plain miss (rebuilt without a warning).
  CHECK_THROWS_AS(BinaryReader("test.bin", good, "RPTEST02"), CacheMiss);

  std::string damaged = good;
  damaged[10] ^= 0x01;  // inside the key's length
  CHECK(read_error(damaged) == "test.bin: cache file damaged (checksum mismatch)");

  CHECK(read_error(good.substr(0, 12)) == "test.bin: cache file too short (12 bytes)");

  // A length prefix that promises more than the file holds, with a valid checksum: the array
  // of 3 is cut to 2 items and the checksum recomputed.
  std::string cut = good.substr(0, good.size() - 64 - 4);
  cut += sha256_string(cut);
  CHECK(read_error(cut) ==
        "test.bin: cache file truncated (3 x 4 bytes wanted at offset 27, 8 left)");

  const fs::path path = scratch_file("truncated.bin");
  spit(path, good.substr(0, good.size() - 1));
  CHECK_THROWS_WITH(BinaryReader::open(path.string(), magic),
                    path.string() + ": cache file damaged (checksum mismatch)");
  CHECK_THROWS_WITH(BinaryReader::open((path.string() + ".missing"), magic),
                    path.string() + ".missing: no cache file");
  CHECK_THROWS_AS(BinaryReader::open((path.string() + ".missing"), magic), CacheMiss);
}

TEST_CASE("a cache written over an old one replaces it whole", "[core][cache]") {
  const fs::path path = scratch_file("replace.bin");
  spit(path, "old contents");
  BinaryWriter w(magic);
  w.u64(1);
  w.write(path.string());
  CHECK(slurp(path).size() == 8 + 8 + 64);
  CHECK(BinaryReader::open(path.string(), magic).u64() == 1);
}

TEST_CASE("errors carry their exit codes", "[core][errors]") {
  CHECK(InputError("x").exit_code() == exit_bad_input);
  CHECK(UsageError("x").exit_code() == exit_bad_input);
  CHECK(OutputError("x").exit_code() == exit_output_failed);
  CHECK(CacheError("x").exit_code() == exit_bad_input);
  const Error& base = OutputError("through the base class");
  CHECK(base.exit_code() == 3);
}
