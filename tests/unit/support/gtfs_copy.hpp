// Copies of the hand-drawn GTFS feed (tests/data/gtfs/tiny) with some tables replaced, added or
// removed, for the io and output tests: each case changes what it is about and keeps the rest.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace gtfs_test {

namespace fs = std::filesystem;

inline const std::string tiny = std::string(REACHPLAN_TEST_DATA) + "/gtfs/tiny";

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// <tmp>/reachplan-gtfs-<name>: the tiny feed with each named table written as given ("" removes
// it).
inline std::string tiny_with(const std::string& name,
                             const std::map<std::string, std::string>& tables) {
  const fs::path dir = fs::temp_directory_path() / ("reachplan-gtfs-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(tiny))
    fs::copy_file(e.path(), dir / e.path().filename());
  for (const auto& [file, text] : tables) {
    if (text.empty())
      fs::remove(dir / file);
    else
      std::ofstream(dir / file, std::ios::binary) << text;
  }
  return dir.string();
}

}  // namespace gtfs_test
