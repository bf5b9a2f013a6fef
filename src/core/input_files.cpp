#include "reachplan/core/input_files.hpp"

#include <sys/stat.h>

#include <map>
#include <mutex>
#include <utility>

namespace reachplan::core {

namespace {

std::mutex inputs_mutex;
std::map<std::pair<dev_t, ino_t>, std::string>& inputs() {
  static std::map<std::pair<dev_t, ino_t>, std::string> noted;
  return noted;
}

}  // namespace

void note_input_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  const std::lock_guard<std::mutex> lock(inputs_mutex);
  inputs().emplace(std::make_pair(st.st_dev, st.st_ino), path);
}

std::optional<std::string> input_file_with_identity(dev_t device, ino_t inode) {
  const std::lock_guard<std::mutex> lock(inputs_mutex);
  const auto it = inputs().find({device, inode});
  if (it == inputs().end()) return std::nullopt;
  return it->second;
}

}  // namespace reachplan::core
