// Helpers for the io tests: a scratch folder for YAML written inline, and "line:col" lookup so
// expected locations are computed from the text rather than counted by hand.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "reachplan/core/error.hpp"
#include "reachplan/io/load.hpp"

namespace io_test {

inline std::string data(const std::string& relative) {
  return std::string(REACHPLAN_TEST_DATA) + "/io/" + relative;
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("reachplan-io-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

// "line:col" (1-based) of the last occurrence of `needle` in `text`.
inline std::string at(const std::string& text, const std::string& needle) {
  const auto pos = text.rfind(needle);
  REQUIRE(pos != std::string::npos);
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(pos - line_start + 1);
}

inline reachplan::model::Network network(const std::string& path) {
  std::vector<reachplan::io::Warning> warnings;
  return reachplan::io::load_network(path, warnings);
}

inline reachplan::model::Scenario scenario(const std::string& path) {
  std::vector<reachplan::io::Warning> warnings;
  return reachplan::io::load_scenario(path, warnings);
}

}  // namespace io_test

// Both the type and the text: the message must name file:line:col, key path and value.
#define REQUIRE_INPUT_ERROR(expr, text)                            \
  do {                                                             \
    REQUIRE_THROWS_AS(expr, reachplan::core::InputError);          \
    REQUIRE_THROWS_WITH(expr, Catch::Contains(std::string(text))); \
  } while (false)
