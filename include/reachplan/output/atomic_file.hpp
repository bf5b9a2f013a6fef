// Outputs are written atomically: to a temporary file in the same folder, flushed, then
// renamed over the destination, so a crash never leaves a half-written file and an earlier
// result survives until the new one is complete.
#pragma once

#include <string>

namespace reachplan::output {

// Writes `content` to `path` atomically. Creates missing parent folders. Throws OutputError.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace reachplan::output
