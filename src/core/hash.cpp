#include "reachplan/core/hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "reachplan/core/error.hpp"

namespace reachplan::core {

std::string sha256_string(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

std::string sha256_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    // A folder (a GTFS feed): its tables' (.txt files') names and hashes, in name order; what
    // else lies there (a run's outputs, a large unrelated file) is not the input.
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
      if (e.is_regular_file(ec) && e.path().extension() == ".txt")
        names.push_back(e.path().filename().string());
    if (ec) throw InputError(SourceLocation{path, 0, 0}, "", "cannot list folder");
    std::sort(names.begin(), names.end());
    std::string listing;
    for (const auto& n : names)
      listing += n + " " + sha256_file((std::filesystem::path(path) / n).string()) + "\n";
    return sha256_string(listing);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceLocation{path, 0, 0}, "", "cannot read file");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return sha256_string(bytes);
}

}  // namespace reachplan::core
