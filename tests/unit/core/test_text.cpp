#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "reachplan/core/constants.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/core/text.hpp"

using namespace reachplan::core;

TEST_CASE("edit distance and suggestions", "[core]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("nanchang", "nanchang") == 0);
  CHECK(nearest("nanchnag", {"wuhan", "nanchang", "changsha"}) ==
        std::optional<std::string>("nanchang"));
  CHECK_FALSE(nearest("shanghai", {"wuhan", "hefei"}).has_value());
  CHECK(did_you_mean("max_minute", {"max_minutes", "group"}) == " (did you mean 'max_minutes'?)");
}

TEST_CASE("h:mm formatting rounds to the minute and shows unreachable as '-'", "[core]") {
  CHECK(format_hmm(0) == "0:00");
  CHECK(format_hmm(89.6) == "1:30");
  CHECK(format_hmm(125) == "2:05");
  CHECK(format_hmm(std::nan("")) == "-");
}

TEST_CASE("fixed decimals are printf's, rounding and negative zero included", "[core]") {
  CHECK(fixed_decimals(113.8, 3) == "113.800");
  CHECK(fixed_decimals(2.0005, 0) == "2");
  CHECK(fixed_decimals(1500.5, 0) == "1500");  // round half to even, as printf
  CHECK(fixed_decimals(-0.0001, 3) == "-0.000");
  CHECK(fixed_decimals(-12.3456, 2) == "-12.35");
}

TEST_CASE("great-circle distance matches known values", "[core]") {
  // One degree of latitude on the mean sphere: 2*pi*R/360.
  CHECK(great_circle_km(0, 0, 0, 1) == Approx(111.195).epsilon(1e-4));
  CHECK(great_circle_km(114.3, 30.6, 114.3, 30.6) == 0.0);
  // Wuhan - Changsha, about 300 km as the crow flies.
  const double d = great_circle_km(114.3, 30.6, 112.93, 28.23);
  CHECK(d > 290);
  CHECK(d < 300);
  CHECK(valid_lon_lat(114.3, 30.6));
  CHECK_FALSE(valid_lon_lat(200, 30));
  CHECK_FALSE(valid_lon_lat(114, std::nan("")));
}

TEST_CASE("sentinels cannot overflow when added", "[core]") {
  STATIC_REQUIRE(static_cast<std::uint64_t>(unreachable) * 2 <= UINT32_MAX);
  CHECK(unreachable + max_arc_seconds > unreachable);
}

TEST_CASE("sha256 of known strings", "[core]") {
  CHECK(sha256_string("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_string("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK_THROWS_AS(sha256_file("/nonexistent/file"), InputError);
}

TEST_CASE("sha256 of a folder: its .txt tables' names and hashes in name order", "[core]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("reachplan-hash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "b.txt") << "abc";
  std::ofstream(dir / "a.txt") << "";
  const std::string listing =
      "a.txt " + sha256_string("") + "\nb.txt " + sha256_string("abc") + "\n";
  CHECK(sha256_file(dir.string()) == sha256_string(listing));
  // A run's outputs written into the feed's folder are not the feed.
  std::ofstream(dir / "matrix.csv") << "origin\n";
  CHECK(sha256_file(dir.string()) == sha256_string(listing));
  fs::remove_all(dir);
}

TEST_CASE("input errors read file:line:column: key: detail", "[core]") {
  InputError e(SourceLocation{"a.yaml", 4, 7}, "lines[2].stops[1]", "unknown node 'x'");
  CHECK(std::string(e.what()) == "a.yaml:4:7: lines[2].stops[1]: unknown node 'x'");
  CHECK(e.where().line == 4);
}

TEST_CASE("join puts the separator between items only", "[core]") {
  CHECK(join({}, ", ").empty());
  CHECK(join({"wuhan"}, ", ") == "wuhan");
  CHECK(join({"wuhan", "hefei", "nanchang"}, ", ") == "wuhan, hefei, nanchang");
  CHECK(join({"a", "", "b"}, ";") == "a;;b");
  CHECK(join({"", "b"}, "+") == "+b");
}

TEST_CASE("ascii_lower folds A-Z only and keeps UTF-8 bytes", "[core]") {
  CHECK(ascii_lower("Wuhan-CS 42") == "wuhan-cs 42");
  CHECK(ascii_lower("武汉 Ärger") == "武汉 Ärger");
  CHECK(ascii_lower("").empty());
}

TEST_CASE("format_hmmss: seconds, and decimals of a second zero-padded", "[core]") {
  using reachplan::core::format_hmmss;
  CHECK(format_hmmss(70.3) == "1:10:18");
  CHECK(format_hmmss(70.0 + 0.2 / 60, 1) == "1:10:00.2");
  CHECK(format_hmmss(70.0 + 0.05 / 60, 2) == "1:10:00.05");
  CHECK(format_hmmss(0.5 / 60, 3) == "0:00:00.500");
  CHECK(format_hmmss(std::nan(""), 2) == "-");
}

TEST_CASE("cut_text cuts long values for messages, never inside a UTF-8 character", "[core]") {
  CHECK(cut_text("short") == "short");
  CHECK(cut_text(std::string(60, 'x')) == std::string(60, 'x'));
  CHECK(cut_text(std::string(61, 'x')) == std::string(60, 'x') + "...");
  CHECK(cut_text("abcdef", 3) == "abc...");
  // "武" is 3 bytes: a cut at 4 bytes backs up to the end of the first character.
  CHECK(cut_text("武汉市", 4) == "武...");
  CHECK(cut_text("武汉市", 6) == "武汉...");
}

TEST_CASE("parse_decimal reads plain decimals only", "[core]") {
  CHECK(parse_decimal("12.5") == 12.5);
  CHECK(parse_decimal("-0.25") == -0.25);
  CHECK(parse_decimal("+3") == 3.0);
  CHECK(parse_decimal(".5") == 0.5);
  CHECK(parse_decimal("5.") == 5.0);
  CHECK(parse_decimal("1e3") == 1000.0);
  CHECK(parse_decimal("2.5E-1") == 0.25);
  for (const char* bad : {"",     "-",    ".",     "e3",    "1e",       "1e+",   "abc",   "0x1p3",
                          "0x10", "inf",  "-inf",  "nan",   "infinity", "1,000", "1 000", " 1",
                          "1 ",   "12km", "1.2.3", "1e400", "--1",      "1e3.5"}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(parse_decimal(bad));
  }
}
