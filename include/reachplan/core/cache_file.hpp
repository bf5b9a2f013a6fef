// The binary cache files (prepared road networks, contraction hierarchies): one format for all.
// A file is an 8-byte magic naming its kind and version, then values, strings and arrays (each
// with a 64-bit length prefix) in native byte order, then the SHA-256 (64 hex digits) of
// everything before it. A cache is rebuilt whenever it does not read back exactly, so every read
// is bounds-checked and a damaged, truncated, oversized or foreign file is a CacheError naming
// it, never a crash or a hang.
//
// Cache files live in a private folder (PrivateFolder): a real folder owned by the effective
// user and writable by nobody else, so no other local user can plant or swap an entry. Entries
// are opened without following links, read only when they are regular files of a bounded size,
// and written through exclusively created temporaries that are renamed over the entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "reachplan/core/error.hpp"

namespace reachplan::core {

// A cache file that cannot be used: truncated, damaged, of another kind, not a regular file,
// too big, made from other inputs or inconsistent. Loaders catch it, warn with its message (it
// names the cache file) and rebuild.
class CacheError : public Error {
 public:
  using Error::Error;
};

// No entry, or an entry of another format version: rebuilt without a warning.
class CacheMiss : public CacheError {
 public:
  using CacheError::CacheError;
};

// A folder for cache files that only the effective user can change. Opens `dir` without
// following a final symbolic link, creating it with mode 0700 (its parents as needed) when it
// is missing. CacheError "<dir>: <why>" when it is a symbolic link, not a folder, owned by
// another user, or writable by group or others.
class PrivateFolder {
 public:
  explicit PrivateFolder(const std::string& dir);
  ~PrivateFolder();
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
  // An O_DIRECTORY descriptor of the folder, for the *at() calls.
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// Largest cache entry accepted for an input file of `input_bytes`: 16 MiB plus 256 times the
// input. A prepared network or hierarchy takes at most ~120 bytes per road node, which a PBF
// stores in no less than ~1-2 bytes, so real entries stay far below; what the bound refuses is
// a planted or damaged file that would make a read take unbounded memory.
std::uint64_t cache_size_limit(std::uint64_t input_bytes);
// The limit when no input size is known (tests, tools): 4 GiB.
inline constexpr std::uint64_t default_cache_limit = std::uint64_t{4} << 30;

// How a loader reads a cache entry, and what it found.
struct CacheRead {
  std::uint64_t max_bytes = default_cache_limit;  // larger entries are refused unread
  // Why an entry that is there was not used (its message names the cache file); "" when it
  // was used, is missing or is of another format version.
  std::string problem;
};

// Writes `bytes` as the file `path` in its private folder (PrivateFolder): to a temporary
// created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600, a random name), synced, then
// renamed over `path`, and the folder synced; a reader sees the old file or the new one, and a
// link at `path` is replaced, never followed. The temporary is removed on every failure.
// OutputError naming the file when the folder is refused or a step fails.
void write_cache_file(const std::string& path, std::string_view bytes);

// Length of the magic that starts every cache file.
inline constexpr std::size_t cache_magic_size = 8;
// Length of the checksum that ends it (hex SHA-256).
inline constexpr std::size_t cache_checksum_size = 64;

class BinaryWriter {
 public:
  // `magic`: cache_magic_size characters naming the kind of file and its version.
  explicit BinaryWriter(std::string_view magic);

  template <class T>
  void pod(const T& x) {
    static_assert(std::is_trivially_copyable_v<T>);
    raw(&x, sizeof x);
  }
  void u64(std::uint64_t x) { pod(x); }
  void str(std::string_view s);
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }

  // The bytes so far (without the checksum).
  const std::string& bytes() const { return buf_; }
  // The bytes with the checksum appended, as the file holds them. Once only.
  std::string finish();
  // finish(), then write_cache_file. Once only.
  void write(const std::string& path);

 private:
  void raw(const void* p, std::size_t n);
  std::string buf_;
};

class BinaryReader {
 public:
  // The whole file `path`, its magic and checksum checked. CacheMiss when there is no such
  // file or it is of another version of the same kind; CacheError naming the file when it is
  // a link, a folder, a FIFO or device, owned by another user, larger than `max_bytes`, too
  // short, of another kind or fails the checksum. Never blocks on a special file.
  static BinaryReader open(const std::string& path, std::string_view magic,
                           std::uint64_t max_bytes = default_cache_limit);
  // The same checks on bytes already in memory; `name` names them in errors.
  BinaryReader(std::string name, std::string bytes, std::string_view magic);

  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    T x{};
    raw(&x, sizeof x);
    return x;
  }
  std::uint64_t u64() { return pod<std::uint64_t>(); }
  std::string str();
  // Resizes `v` to the stored length; CacheError if the file has fewer bytes left than that.
  template <class T>
  void array(std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t n = u64();
    if (n > remaining() / sizeof(T)) truncated(n, sizeof(T));
    v.resize(n);
    raw(v.data(), n * sizeof(T));
  }
  // Bytes left before the checksum.
  std::size_t remaining() const { return buf_.size() - pos_; }
  // A CacheError naming the file, for checks of the values read ("vertex out of range").
  [[noreturn]] void fail(const std::string& what) const;
  // The file's name, as errors give it.
  const std::string& name() const { return name_; }

 private:
  void raw(void* p, std::size_t n);
  [[noreturn]] void truncated(std::uint64_t count, std::size_t item_size = 1) const;
  std::string name_;
  std::string buf_;  // without the checksum
  std::size_t pos_ = 0;
};

}  // namespace reachplan::core
