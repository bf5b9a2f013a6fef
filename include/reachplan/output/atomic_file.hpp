// Outputs are written atomically: to a temporary file in the same folder, flushed, then
// renamed over the destination, so a crash never leaves a half-written file and an earlier
// result survives until the new one is complete.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace reachplan::output {

// Writes `content` to `path` atomically. Creates missing parent folders. Throws OutputError.
void write_file_atomically(const std::string& path, const std::string& content);

// Several files that should land together: each is first written in full to a temporary name
// beside its destination; commit() then renames them all. If anything fails before commit()
// (or the set is destroyed without it), the temporaries are removed and every earlier file
// is left as it was.
class AtomicFileSet {
 public:
  AtomicFileSet() = default;
  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;
  ~AtomicFileSet();

  // Writes the temporary for `path` now. Throws OutputError.
  void add(const std::string& path, const std::string& content);
  // Stages a file produced by a writer (e.g. GDAL): `write` receives the temporary path to
  // create. The file appears at `path` on commit().
  template <class Writer>
  void add_with(const std::string& path, Writer&& write) {
    const std::string tmp = stage(path);
    write(tmp);
  }
  // Renames every staged file into place. Throws OutputError.
  std::vector<std::string> commit();

 private:
  std::string stage(const std::string& path);                // reserves a temporary name
  std::vector<std::pair<std::string, std::string>> staged_;  // (temporary, destination)
};

}  // namespace reachplan::output
