#include "reachplan/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "limits_check.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/input_files.hpp"
#include "reachplan/io/limits.hpp"

namespace reachplan::io {

namespace {

// The OS's reason for the failure just seen; a call that failed without setting errno (a short
// read) must not read "Success".
std::string os_reason(int err) {
  return err != 0 ? std::strerror(err) : "the read failed (the system gave no reason)";
}

// Whole MB where exact (the limits), else one decimal: a 1.9 MB file over a 1 MB limit must not
// read "is 1 MB".
std::string megabytes(std::uint64_t bytes) {
  if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MB";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1u << 20));
  return buf;
}

// What a file of this mode is, for a message; "" for a regular file.
std::string special_kind(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

void check_mode(const std::string& path, mode_t mode, Folders folders,
                const std::function<void(const std::string&)>& fail) {
  if (S_ISDIR(mode)) {
    if (folders == Folders::allow) return;
    fail("'" + path + "' is a folder, not a file");
  }
  const std::string kind = special_kind(mode);
  if (!kind.empty()) {
    fail("cannot read '" + path + "': it is " + kind +
         ", not a regular file (a pipe or device is not read)");
  }
}

const auto throw_input_error = [](const std::string& what) { throw core::InputError(what); };

}  // namespace

void check_input_path(const std::string& path, Folders folders,
                      const std::function<void(const std::string&)>& fail) {
  if (path.rfind("/vsi", 0) == 0) return;  // GDAL's virtual file systems: GDAL checks them
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail("cannot read '" + path + "': " + os_reason(errno));
  check_mode(path, st.st_mode, folders, fail);
  core::note_input_file(path);  // every input passes here: no output may replace it
}

void check_input_file(const std::string& path, Folders folders) {
  check_input_path(path, folders, throw_input_error);
}

InputFile::InputFile(const std::string& path, const std::function<void(const std::string&)>& fail) {
  check_input_path(path, Folders::refuse, fail);
  // O_NONBLOCK: a FIFO swapped in after the check opens at once instead of waiting for a writer
  // (and is refused below); O_NOCTTY: a terminal never becomes ours.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd_ < 0) fail("cannot read '" + path + "': " + os_reason(errno));
  struct stat st {};
  try {
    if (::fstat(fd_, &st) != 0) fail("cannot read '" + path + "': " + os_reason(errno));
    check_mode(path, st.st_mode, Folders::refuse, fail);
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK) != 0)
      fail("cannot read '" + path + "': " + os_reason(errno));
  } catch (...) {
    ::close(fd_);
    throw;
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::InputFile(const std::string& path) : InputFile(path, throw_input_error) {}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string InputFile::reopen_path() const {
  return "/proc/self/fd/" + std::to_string(fd_);
}

std::string read_input_text(const std::string& path, std::uint64_t max_bytes,
                            const std::function<void(const std::string&)>& fail) {
  const InputFile file(path, fail);
  if (file.size() > max_bytes) {
    fail("'" + path + "' is " + megabytes(file.size()) + "; input files are limited to " +
         megabytes(max_bytes));
  }
  // Read to the end but never past the cap: the file may grow, or (/proc) report size 0.
  std::string text;
  text.reserve(static_cast<std::size_t>(file.size()));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read '" + path + "': " + os_reason(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      fail("'" + path + "' is larger than " + megabytes(max_bytes) +
           "; input files are limited to that");
    }
  }
  return text;
}

namespace detail {

std::string read_input_file(const std::string& path,
                            const std::function<void(const std::string&)>& fail) {
  return read_input_text(path, limits::max_file_bytes, fail);
}

}  // namespace detail

}  // namespace reachplan::io
