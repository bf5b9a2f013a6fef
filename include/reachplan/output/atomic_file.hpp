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
  // Renames every staged file into place. Throws OutputError. SIGINT/SIGTERM/SIGHUP arriving
  // during the renames are held until they are done, so the set lands whole.
  std::vector<std::string> commit();

 private:
  struct Staged {
    std::string temporary;
    std::string destination;
    int slot;  // in the interrupt cleanup registry, or -1
  };
  std::string stage(const std::string& path);  // reserves a temporary name
  std::vector<Staged> staged_;
};

// Makes SIGINT, SIGTERM and SIGHUP remove every temporary being written (and its GDAL/SQLite
// side files) before the process ends with that signal, so an interrupted run leaves no
// partial file and every earlier result in place. Called once by the CLI's main; a library
// user that handles these signals itself need not call it. SIGKILL cannot be caught: a killed
// run may leave "<file>.reachplan-tmp-*" files, never a damaged <file>.
void install_interrupt_cleanup();

}  // namespace reachplan::output
