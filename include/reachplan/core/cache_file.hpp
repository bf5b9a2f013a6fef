// Helpers for the binary cache files (prepared road networks, contraction hierarchies): a
// cheap checksum that detects damage, and a write that never leaves a half-written cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace reachplan::core {

// 64-bit FNV-1a of the bytes (a damage check, not a cryptographic hash).
std::uint64_t fnv1a(std::string_view bytes);

// Writes `bytes` to a temporary beside `path` and renames it over `path`, creating the folder
// first; a reader sees the old file or the new one. OutputError naming the file on failure.
void write_cache_file(const std::string& path, std::string_view bytes);

}  // namespace reachplan::core
