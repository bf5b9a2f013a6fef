// The binary cache files (prepared road networks, contraction hierarchies): one format for all.
// A file is an 8-byte magic naming its kind and version, then values, strings and arrays (each
// with a 64-bit length prefix) in native byte order, then the FNV-1a checksum of everything
// before it. A cache is rebuilt whenever it does not read back exactly, so every read is
// bounds-checked and a damaged, truncated or foreign file is a CacheError naming it, never a
// crash. Writes never leave a half-written file.
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

// 64-bit FNV-1a of the bytes (a damage check, not a cryptographic hash).
std::uint64_t fnv1a(std::string_view bytes);

// Writes `bytes` to a temporary beside `path` and renames it over `path`, creating the folder
// first; a reader sees the old file or the new one. OutputError naming the file on failure.
void write_cache_file(const std::string& path, std::string_view bytes);

// A cache file that cannot be used: missing, truncated, damaged, or of another kind. Loaders
// catch it and rebuild; it only reaches the user through a bug.
class CacheError : public Error {
 public:
  using Error::Error;
};

// Length of the magic that starts every cache file.
inline constexpr std::size_t cache_magic_size = 8;

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
  // Appends the checksum and writes the file with write_cache_file. Once only.
  void write(const std::string& path);

 private:
  void raw(const void* p, std::size_t n);
  std::string buf_;
};

class BinaryReader {
 public:
  // The whole file `path`, its checksum and magic checked: CacheError naming the file if it
  // cannot be read, is too short, fails the checksum or starts with another magic.
  static BinaryReader open(const std::string& path, std::string_view magic);
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
  std::size_t remaining() const { return end_ - pos_; }
  // A CacheError naming the file, for checks of the values read ("vertex out of range").
  [[noreturn]] void fail(const std::string& what) const;

 private:
  void raw(void* p, std::size_t n);
  [[noreturn]] void truncated(std::uint64_t count, std::size_t item_size = 1) const;
  std::string name_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;  // where the checksum starts
};

}  // namespace reachplan::core
