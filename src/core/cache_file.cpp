#include "reachplan/core/cache_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>

#include "reachplan/core/hash.hpp"

namespace reachplan::core {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int e) {
  return std::strerror(e);
}

// Closes a descriptor on every path out of a function.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

int open_folder(const std::string& dir) {
  return ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// Why `dir`, which could not be opened as a folder (errno `e`), is refused.
[[noreturn]] void refuse_unopened(const std::string& dir, int e) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
    throw CacheError(dir + ": is a symbolic link, which a cache folder must not be");
  if (e == ENOTDIR) throw CacheError(dir + ": is not a folder");
  throw CacheError(dir + ": cannot open the cache folder: " + errno_text(e));
}

// Creates the missing folder `dir` 0700 (its parents with the default mode) and opens it.
int create_folder(const std::string& dir) {
  std::error_code ec;
  const fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw CacheError(dir + ": cannot create the cache folder: " + errno_text(errno));
  return open_folder(dir);
}

}  // namespace

// --- PrivateFolder -----------------------------------------------------------------------------

PrivateFolder::PrivateFolder(const std::string& dir) : path_(dir) {
  // A trailing slash would make open() follow a final link.
  while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
  if (path_.empty()) path_ = ".";
  fd_ = open_folder(path_);
  if (fd_ < 0 && errno == ENOENT) fd_ = create_folder(path_);
  if (fd_ < 0) refuse_unopened(path_, errno);
  // The checks are made on the open folder itself, so it cannot be swapped between them.
  struct stat st {};
  std::string why;
  if (::fstat(fd_, &st) != 0)
    why = "cannot examine the cache folder: " + errno_text(errno);
  else if (st.st_uid != ::geteuid())
    why = "is owned by uid " + std::to_string(st.st_uid) + ", not by this user (uid " +
          std::to_string(::geteuid()) + ")";
  else if (st.st_mode & (S_IWGRP | S_IWOTH))
    why = "is writable by other users (mode " + std::to_string((st.st_mode >> 6) & 7) +
          std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) +
          "); a cache folder must be private (chmod 700)";
  if (!why.empty()) {
    ::close(fd_);
    fd_ = -1;
    throw CacheError(path_ + ": " + why);
  }
}

PrivateFolder::~PrivateFolder() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t cache_size_limit(std::uint64_t input_bytes) {
  constexpr std::uint64_t base = std::uint64_t{16} << 20;
  constexpr std::uint64_t most = std::uint64_t{1} << 50;  // no overflow below
  return base + std::min(input_bytes, most / 256) * 256;
}

// --- writing -----------------------------------------------------------------------------------

namespace {

// A new file in `folder` with a random name made from `name`, created exclusively (never an
// existing file or a link), mode 0600. Returns the descriptor; sets `tmp` to its name.
int create_temporary(const PrivateFolder& folder, const std::string& name, std::string& tmp) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(random()));
    tmp = "." + name + "." + suffix + ".tmp";
    const int fd = ::openat(folder.fd(), tmp.c_str(),
                            O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

void write_cache_file(const std::string& path, std::string_view bytes) {
  const fs::path p(path);
  const std::string name = p.filename().string();
  const auto fail = [&](const std::string& why) {
    throw OutputError("cannot write cache file " + path + ": " + why);
  };
  std::optional<PrivateFolder> folder;
  try {
    folder.emplace(p.parent_path().string());
  } catch (const CacheError& e) {
    fail(e.what());
  }
  std::string tmp;
  const int fd = create_temporary(*folder, name, tmp);
  if (fd < 0) fail("cannot create a temporary: " + errno_text(errno));
  const bool written = write_all(fd, bytes) && ::fsync(fd) == 0;
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  // rename() replaces a link at `path` itself; it never writes through it.
  if (!written || !closed || ::renameat(folder->fd(), tmp.c_str(), folder->fd(), name.c_str())) {
    const int e = !written ? write_errno : errno;
    ::unlinkat(folder->fd(), tmp.c_str(), 0);
    fail(errno_text(e));
  }
  ::fsync(folder->fd());  // the rename itself survives a power loss
}

// --- BinaryWriter ------------------------------------------------------------------------------

BinaryWriter::BinaryWriter(std::string_view magic) {
  if (magic.size() != cache_magic_size) throw std::invalid_argument("cache magic must be 8 bytes");
  raw(magic.data(), magic.size());
}

void BinaryWriter::raw(const void* p, std::size_t n) {
  // An empty vector's data() may be null: append nothing rather than hand it on.
  if (n > 0) buf_.append(static_cast<const char*>(p), n);
}

void BinaryWriter::str(std::string_view s) {
  u64(s.size());
  raw(s.data(), s.size());
}

std::string BinaryWriter::finish() {
  buf_ += sha256_string(buf_);
  return std::move(buf_);
}

void BinaryWriter::write(const std::string& path) {
  write_cache_file(path, finish());
}

// --- BinaryReader ------------------------------------------------------------------------------

namespace {

// What is wrong with the open file `st` as a cache entry ("" when nothing).
std::string entry_problem(const struct stat& st, std::uint64_t max_bytes) {
  if (S_ISDIR(st.st_mode)) return "is a folder, not a cache file";
  if (!S_ISREG(st.st_mode)) return "is not a regular file (a FIFO, device or socket)";
  if (st.st_uid != ::geteuid())
    return "is owned by uid " + std::to_string(st.st_uid) + ", not by this user";
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    return "is " + std::to_string(st.st_size) + " bytes, more than the " +
           std::to_string(max_bytes) + " a cache of its input can be";
  return "";
}

// Exactly the `size` bytes of the open file; CacheError when it has fewer.
std::string read_exactly(int fd, std::size_t size, const std::string& path) {
  std::string bytes(size, '\0');
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, bytes.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw CacheError(path + ": cannot read the cache file: " + errno_text(errno));
    if (n == 0) throw CacheError(path + ": cache file changed while it was read");
    got += static_cast<std::size_t>(n);
  }
  return bytes;
}

}  // namespace

BinaryReader BinaryReader::open(const std::string& path, std::string_view magic,
                                std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
  const Fd f(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (f.fd < 0) {
    if (errno == ENOENT) throw CacheMiss(path + ": no cache file");
    if (errno == ELOOP) throw CacheError(path + ": is a symbolic link, which is not followed");
    throw CacheError(path + ": cannot open the cache file: " + errno_text(errno));
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    throw CacheError(path + ": cannot examine the cache file: " + errno_text(errno));
  if (const std::string why = entry_problem(st, max_bytes); !why.empty())
    throw CacheError(path + ": " + why);
  return BinaryReader(path, read_exactly(f.fd, static_cast<std::size_t>(st.st_size), path), magic);
}

BinaryReader::BinaryReader(std::string name, std::string bytes, std::string_view magic)
    : name_(std::move(name)), buf_(std::move(bytes)) {
  if (buf_.size() < cache_magic_size + cache_checksum_size)
    fail("cache file too short (" + std::to_string(buf_.size()) + " bytes)");
  const std::string_view head = std::string_view(buf_).substr(0, cache_magic_size);
  if (head != magic) {
    // The same kind in another version (the first 6 characters): simply rebuilt.
    if (head.substr(0, 6) == magic.substr(0, 6))
      throw CacheMiss(name_ + ": a cache file of another version");
    fail("not a cache file of this kind");
  }
  const std::string stored = buf_.substr(buf_.size() - cache_checksum_size);
  buf_.resize(buf_.size() - cache_checksum_size);
  if (sha256_string(buf_) != stored) fail("cache file damaged (checksum mismatch)");
  pos_ = cache_magic_size;
}

void BinaryReader::raw(void* p, std::size_t n) {
  if (n > remaining()) truncated(n);
  // An empty array's data() may be null, which memcpy must not get.
  if (n == 0) return;
  std::memcpy(p, buf_.data() + pos_, n);
  pos_ += n;
}

std::string BinaryReader::str() {
  const std::uint64_t n = u64();
  if (n > remaining()) truncated(n);
  std::string s(buf_.data() + pos_, n);
  pos_ += n;
  return s;
}

void BinaryReader::fail(const std::string& what) const {
  throw CacheError(name_ + ": " + what);
}

void BinaryReader::truncated(std::uint64_t count, std::size_t item_size) const {
  fail("cache file truncated (" + std::to_string(count) + " x " + std::to_string(item_size) +
       " bytes wanted at offset " + std::to_string(pos_) + ", " + std::to_string(remaining()) +
       " left)");
}

}  // namespace reachplan::core
