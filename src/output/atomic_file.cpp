#include "reachplan/output/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "reachplan/core/error.hpp"

namespace reachplan::output {

namespace fs = std::filesystem;

void write_file_atomically(const std::string& path, const std::string& content) {
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw core::OutputError("cannot create folder '" + target.parent_path().string() +
                              "': " + ec.message());
  }
  // A unique temporary name next to the target, so the rename stays on one file system.
  std::random_device rd;
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                       std::to_string(rd() & 0xFFFFFF);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw core::OutputError("cannot write '" + tmp.string() + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    const std::string why = std::strerror(errno);
    fs::remove(tmp, ec);
    throw core::OutputError("cannot write '" + path + "': " + why);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw core::OutputError("cannot replace '" + path + "': " + ec.message());
  }
}

}  // namespace reachplan::output
