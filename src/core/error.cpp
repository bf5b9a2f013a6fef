#include "reachplan/core/error.hpp"

namespace reachplan::core {

std::string SourceLocation::str() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

namespace {
std::string compose(const SourceLocation& where, const std::string& key_path,
                    const std::string& what) {
  std::string s;
  if (where.known()) s += where.str() + ": ";
  if (!key_path.empty()) s += key_path + ": ";
  return s + what;
}
}  // namespace

InputError::InputError(SourceLocation where, std::string key_path, std::string what)
    : Error(compose(where, key_path, what)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      detail_(std::move(what)) {}

InputError::InputError(std::string what) : Error(what), detail_(std::move(what)) {}

}  // namespace reachplan::core
