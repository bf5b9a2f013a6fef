// File paths in one spelling, so that the same file reached two ways (../x.yaml, a symbolic
// link) is recognised as one, and summaries name exactly the files that were read.
#pragma once

#include <string>

namespace reachplan::core {

// Absolute and normal, with symbolic links resolved as far as the path exists
// (std::filesystem::weakly_canonical); where that fails, the absolute path lexically normalised.
std::string canonical_path(const std::string& path);

}  // namespace reachplan::core
