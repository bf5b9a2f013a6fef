// How every output reaches disk: one commit protocol for every command (README "Nothing lost").
//
// A set of files is staged in full in a private folder `.reachplan-stage-XXXXXX` inside each
// destination folder, every file fsync'ed. commit() then takes an advisory lock on each
// destination folder (two writers to one folder serialise), finishes what an earlier writer
// killed halfway left (see below), writes a commit record naming the files, and renames them
// into place with signals held, keeping a hard link to each file it replaces so that a rename
// that fails puts every old file back. The folder is fsync'ed, then the staging folder goes.
//
// A writer killed (SIGKILL, power loss) before its commit record is durable leaves the old set
// and a staging folder; one killed after it leaves a record that the next commit into that
// folder carries out first (roll forward), so the folder ends with the whole new set. Whether a
// staging folder's writer is still alive is told by a lock it holds, never by a pid.
//
// What is never done: following a link at an output name (the link itself is replaced),
// renaming over a folder, a block device or one of this process's inputs (by device and
// inode, core/input_files.hpp). A character device, FIFO or socket at an output name, and
// /dev/stdout, /dev/stderr, /dev/fd/N, is written through instead (after the renames; not
// atomic, as a stream cannot be).
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace reachplan::output {

// `folder`/`name` for a file name that comes from user input (an id): a plain name that
// cannot leave the folder (no '/', not "." or "..", not hidden, no control characters).
// UsageError (exit 2) naming `what` (e.g. "surface id '../x'") otherwise.
std::string output_path(const std::string& folder, const std::string& name,
                        const std::string& what);

// Writes `content` to `path` atomically (a set of one). Throws OutputError.
void write_file_atomically(const std::string& path, const std::string& content);

// Several files that land together: nothing is visible at the destinations before commit(),
// and commit() makes all of them visible or none. Destroyed without commit(), it removes
// everything it staged. Files may go to several folders (each gets its own staging folder).
class AtomicFileSet {
 public:
  AtomicFileSet();
  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;
  ~AtomicFileSet();

  // Stages `content` for `path` now. Throws OutputError (UsageError for a name that differs
  // from another of the set only in letter case).
  void add(const std::string& path, const std::string& content);
  // Stages a file written as a stream, so a large table is never held whole in memory. A
  // failed write is an OutputError with the system's reason for the first failure.
  void add_stream(const std::string& path, const std::function<void(std::ostream&)>& write);
  // Stages a file produced by a writer (e.g. GDAL): `write` receives the path to create, a
  // file of the same name in the staging folder. The file appears at `path` on commit().
  template <class Writer>
  void add_with(const std::string& path, Writer&& write) {
    const std::string staged = stage(path);
    write(staged);
  }
  // Makes every staged file visible at its destination (see above). Returns the paths.
  // Throws OutputError; then every destination holds what it held before.
  std::vector<std::string> commit();

 private:
  struct State;
  std::string stage(const std::string& path);  // the staging path for `path`
  std::unique_ptr<State> state_;
};

// Makes SIGINT, SIGTERM and SIGHUP remove every staging folder of this process before it ends
// with that signal; a signal during a commit's renames is held until they are done. Works by
// blocking the signals in every thread and waiting for them on a thread of its own, so it must
// be called before any other thread starts (the CLI's main does). SIGPIPE is ignored, so a
// closed pipe is an error message, not a silent death. Once per process; later calls do
// nothing.
void install_interrupt_cleanup();

}  // namespace reachplan::output
