// The parts of the output commit protocol (reachplan/output/atomic_file.hpp) that deal with
// folders: a private staging folder per destination folder, the folder lock, the commit
// record, finishing what a killed writer left, and the registry the interrupt thread empties.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace reachplan::output::detail {

// A file descriptor closed on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Throws OutputError "<what>: <strerror(err)>"; `err` is captured by the caller right after
// the failing call, so the reason is never a later call's "Success".
[[noreturn]] void os_fail(const std::string& what, int err);

// Prefix of every staging folder, and the names inside one that are not outputs.
inline constexpr const char* staging_prefix = ".reachplan-stage-";
inline constexpr const char* owner_file = ".owner";    // flock'ed while its writer lives
inline constexpr const char* record_file = ".commit";  // the names to rename, one per line
inline constexpr const char* backup_prefix = ".old.";  // links to the files being replaced

// One destination folder of a set and the staging folder made in it.
struct Staging {
  std::string folder;  // the destination folder as the caller spelled it
  Fd dir;              // the destination folder
  dev_t device = 0;    // its identity, so two spellings of one folder share a staging
  ino_t inode = 0;
  std::string name;  // the staging folder's name in `dir`
  Fd stage;          // the staging folder
  Fd owner;          // its owner file, locked until the staging folder is removed
  bool removed = false;

  std::string staged_path(const std::string& file) const;
};

// Creates `folder` (and its parents) if missing, then a fresh staging folder in it (mode 0700,
// mkdtemp) holding a locked owner file, registered for the interrupt cleanup.
std::unique_ptr<Staging> open_staging(const std::string& folder);
// Deletes the staging folder and everything in it, and unregisters it. Never throws.
void remove_staging(Staging& s) noexcept;

// Blocks until this process holds the exclusive advisory lock (flock) on the destination
// folder: commits into one folder, from any process, happen one after the other. Released
// when `s.dir` closes.
void lock_folder(const Staging& s);
// Under the folder lock: for each staging folder in `s.dir` whose writer is gone (its owner
// file can be locked), carries out its commit record if it has one (roll forward), then
// deletes it. Stagings of live writers are left alone.
void finish_abandoned(const Staging& s);
// Writes and fsyncs the commit record listing `names`, then fsyncs the staging folder.
void write_commit_record(const Staging& s, const std::vector<std::string>& names);
// Removes the commit record (before a roll back), fsyncing the staging folder.
void drop_commit_record(const Staging& s) noexcept;
// fsync of a folder, so the renames in it survive a power loss.
void sync_folder(int dir_fd, const std::string& folder);

// Held by a commit during its renames: the interrupt thread waits for it, so a signal never
// cuts a set in half.
std::unique_lock<std::recursive_mutex> hold_interrupts();

}  // namespace reachplan::output::detail
