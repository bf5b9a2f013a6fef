#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "reachplan/core/paths.hpp"

using reachplan::core::canonical_path;
namespace fs = std::filesystem;

TEST_CASE("canonical_path spells one file one way", "[core][paths]") {
  const fs::path dir =
      fs::canonical(fs::temp_directory_path()) / ("reachplan-paths-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "a.yaml") << "x";
  fs::create_symlink(dir / "a.yaml", dir / "link.yaml");
  const std::string want = (dir / "a.yaml").string();
  CHECK(canonical_path((dir / "sub" / ".." / "a.yaml").string()) == want);
  CHECK(canonical_path((dir / "link.yaml").string()) == want);
  // Relative paths are made absolute; a missing tail is kept, normalised.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir / "sub");
  CHECK(canonical_path("../a.yaml") == want);
  CHECK(canonical_path("../missing/./b.yaml") == (dir / "missing" / "b.yaml").string());
  fs::current_path(cwd);
  fs::remove_all(dir);
}
