#include "reachplan/core/paths.hpp"

#include <filesystem>

namespace reachplan::core {

std::string canonical_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path c = fs::weakly_canonical(path, ec);
  if (ec) c = fs::absolute(path, ec).lexically_normal();
  return c.string();
}

}  // namespace reachplan::core
