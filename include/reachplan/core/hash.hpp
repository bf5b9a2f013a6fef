// Content hashes, so every result can be traced to the exact input files.
#pragma once

#include <string>

namespace reachplan::core {

// Lower-case hex SHA-256 of a file's bytes; of a folder, of its .txt files' names and hashes
// in name order (a GTFS feed's tables). Throws InputError if it cannot be read.
std::string sha256_file(const std::string& path);

// Lower-case hex SHA-256 of a string.
std::string sha256_string(const std::string& bytes);

}  // namespace reachplan::core
