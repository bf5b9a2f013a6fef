#include "reachplan/core/cache_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace reachplan::core {

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

void write_cache_file(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      throw OutputError("cannot write cache file " + tmp);
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw OutputError("cannot write cache file " + path + ": " + ec.message());
  }
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

void BinaryWriter::write(const std::string& path) {
  u64(fnv1a(buf_));
  write_cache_file(path, buf_);
}

// --- BinaryReader ------------------------------------------------------------------------------

BinaryReader BinaryReader::open(const std::string& path, std::string_view magic) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw CacheError(path + ": cannot open the cache file");
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) throw CacheError(path + ": cannot read the cache file");
  return BinaryReader(path, std::move(bytes), magic);
}

BinaryReader::BinaryReader(std::string name, std::string bytes, std::string_view magic)
    : name_(std::move(name)), buf_(std::move(bytes)) {
  constexpr std::size_t checksum_size = sizeof(std::uint64_t);
  if (buf_.size() < cache_magic_size + checksum_size)
    fail("cache file too short (" + std::to_string(buf_.size()) + " bytes)");
  end_ = buf_.size() - checksum_size;
  std::uint64_t stored;
  std::memcpy(&stored, buf_.data() + end_, checksum_size);
  if (fnv1a(std::string_view(buf_).substr(0, end_)) != stored)
    fail("cache file damaged (checksum mismatch)");
  if (std::string_view(buf_).substr(0, cache_magic_size) != magic)
    fail("not a cache file of this kind and version");
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
