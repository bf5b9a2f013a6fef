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

namespace {

// A unique temporary name next to the target, so the rename stays on one file system.
// The ".reachplan-tmp" marker lets a user (and tests) recognise leftovers.
std::string temporary_for(const fs::path& target) {
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw core::OutputError("cannot create folder '" + target.parent_path().string() +
                              "': " + ec.message());
  }
  std::random_device rd;
  return target.string() + ".reachplan-tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(rd() & 0xFFFFFF);
}

void write_bytes(const std::string& tmp, const std::string& path, const std::string& content) {
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw core::OutputError("cannot write '" + path + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    const std::string why = std::strerror(errno);
    std::error_code ec;
    fs::remove(tmp, ec);
    throw core::OutputError("cannot write '" + path + "': " + why);
  }
}

void rename_into_place(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw core::OutputError("cannot replace '" + path + "': " + ec.message());
  }
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = temporary_for(path);
  write_bytes(tmp, path, content);
  rename_into_place(tmp, path);
}

AtomicFileSet::~AtomicFileSet() {
  std::error_code ec;
  for (const auto& [tmp, _] : staged_) fs::remove_all(tmp, ec);
}

std::string AtomicFileSet::stage(const std::string& path) {
  staged_.emplace_back(temporary_for(path), path);
  return staged_.back().first;
}

void AtomicFileSet::add(const std::string& path, const std::string& content) {
  const std::string tmp = stage(path);
  write_bytes(tmp, path, content);
}

std::vector<std::string> AtomicFileSet::commit() {
  std::vector<std::string> written;
  // Everything is complete on disk before the first rename, so the window in which the
  // folder mixes old and new results is only the renames themselves.
  for (const auto& [tmp, path] : staged_) {
    if (!fs::exists(tmp))
      throw core::OutputError("cannot write '" + path + "': the writer produced no file");
  }
  for (const auto& [tmp, path] : staged_) {
    rename_into_place(tmp, path);
    written.push_back(path);
  }
  staged_.clear();
  return written;
}

}  // namespace reachplan::output
