// The files this process has read as input, by identity (device and inode), so that no output
// ever replaces one of them: `matrix --origins pts.csv -o pts.csv` or `-o ./pts.csv` or a hard
// link to it are all the same file, whatever the spelling. Readers note what they open; the
// output commit (output/atomic_file) asks before it replaces anything.
#pragma once

#include <sys/types.h>
#include <optional>
#include <string>

namespace reachplan::core {

// Records `path` as an input of this process. A path that cannot be stat'ed is ignored (the
// reader reports that itself). Thread-safe.
void note_input_file(const std::string& path);

// The path (as first noted) of the input with this identity, if any. Thread-safe.
std::optional<std::string> input_file_with_identity(dev_t device, ino_t inode);

}  // namespace reachplan::core
