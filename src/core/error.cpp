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

namespace {
std::string list_errors(const std::vector<InputError>& errors, std::size_t more) {
  std::string s;
  for (const auto& e : errors) s += (s.empty() ? "" : "\nerror: ") + std::string(e.what());
  if (more > 0)
    s += "\nerror: ... and " + std::to_string(more) + " more error" + (more == 1 ? "" : "s");
  return s;
}
}  // namespace

// The first error's position stays this error's own, so a caller asking where() or detail()
// gets the first problem of the file.
InputError::InputError(const InputError& first, const std::string& message)
    : Error(message), where_(first.where_), key_path_(first.key_path_), detail_(first.detail_) {}

InputErrors::InputErrors(std::vector<InputError> errors, std::size_t more)
    : InputError(errors.front(), list_errors(errors, more)),
      errors_(std::move(errors)),
      more_(more) {}

}  // namespace reachplan::core
