#include "reachplan/output/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "reachplan/core/error.hpp"

namespace reachplan::output {

namespace fs = std::filesystem;

namespace {

// Temporaries being written, in fixed storage a signal handler can walk without allocating or
// locking. A slot is claimed (1) while its path is copied in and live (2) once the file may
// exist; the handler only reads live slots.
constexpr int registry_slots = 256;
constexpr std::size_t registry_path_bytes = 4096;
struct Slot {
  std::atomic<int> state{0};
  char path[registry_path_bytes];
};
Slot registry[registry_slots];
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free state");

// While any set renames its files, a signal only records itself; the last commit to finish
// re-raises it.
std::atomic<int> committing{0};
std::atomic<int> held_signal{0};

// Files GDAL and SQLite may create beside the one they write (GeoPackage journals, .aux.xml).
const char* const side_suffixes[] = {"", "-journal", "-wal", "-shm", ".aux.xml"};

int register_temporary(const std::string& path) {
  if (path.size() + 16 >= registry_path_bytes) return -1;
  for (int i = 0; i < registry_slots; ++i) {
    int expected = 0;
    if (!registry[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(registry[i].path, path.c_str(), path.size() + 1);
    registry[i].state.store(2);
    return i;
  }
  return -1;  // full: the destructor still cleans up, only a signal would miss these
}

void unregister_temporary(int& slot) {
  if (slot >= 0) registry[slot].state.store(0);
  slot = -1;
}

// Async-signal-safe: only unlink and plain loops over fixed buffers.
void remove_registered_temporaries() {
  char name[registry_path_bytes + 16];
  for (auto& slot : registry) {
    if (slot.state.load() != 2) continue;
    std::size_t n = 0;
    while (slot.path[n] != '\0') {
      name[n] = slot.path[n];
      ++n;
    }
    for (const char* suffix : side_suffixes) {
      std::size_t k = 0;
      for (; suffix[k] != '\0'; ++k) name[n + k] = suffix[k];
      name[n + k] = '\0';
      ::unlink(name);
    }
  }
}

extern "C" void on_interrupt(int sig) {
  if (committing.load() > 0) {
    held_signal.store(sig);
    return;
  }
  remove_registered_temporaries();
  // End the way the signal would have ended the process, so the shell sees 130/143.
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Holds signals for the duration of a commit, then delivers one that arrived meanwhile.
class CommitWindow {
 public:
  CommitWindow() { committing.fetch_add(1); }
  ~CommitWindow() {
    if (committing.fetch_sub(1) != 1) return;
    if (const int sig = held_signal.exchange(0); sig != 0) on_interrupt(sig);
  }
  CommitWindow(const CommitWindow&) = delete;
  CommitWindow& operator=(const CommitWindow&) = delete;
};

// A unique temporary name next to the target, so the rename stays on one file system.
// The ".reachplan-tmp" marker lets a user (and tests) recognise leftovers.
std::string temporary_for(const fs::path& target) {
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw core::OutputError("cannot create folder '" + target.parent_path().string() +
                              "': " + ec.message());
  }
  std::random_device rd;
  return target.string() + ".reachplan-tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(rd() & 0xFFFFFF);
}

void write_bytes(const std::string& tmp, const std::string& path, const std::string& content) {
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw core::OutputError("cannot write '" + path + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    const std::string why = std::strerror(errno);
    std::error_code ec;
    fs::remove(tmp, ec);
    throw core::OutputError("cannot write '" + path + "': " + why);
  }
}

void rename_into_place(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw core::OutputError("cannot replace '" + path + "': " + ec.message());
  }
}

}  // namespace

void install_interrupt_cleanup() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    // A signal the parent set to be ignored (nohup) stays ignored.
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(sig, &action, nullptr);
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = temporary_for(path);
  int slot = register_temporary(tmp);
  try {
    write_bytes(tmp, path, content);
    rename_into_place(tmp, path);
  } catch (...) {
    unregister_temporary(slot);
    throw;
  }
  unregister_temporary(slot);
}

AtomicFileSet::~AtomicFileSet() {
  std::error_code ec;
  for (auto& s : staged_) {
    fs::remove_all(s.temporary, ec);
    unregister_temporary(s.slot);
  }
}

std::string AtomicFileSet::stage(const std::string& path) {
  const std::string tmp = temporary_for(path);
  staged_.push_back({tmp, path, register_temporary(tmp)});
  return tmp;
}

void AtomicFileSet::add(const std::string& path, const std::string& content) {
  const std::string tmp = stage(path);
  write_bytes(tmp, path, content);
}

std::vector<std::string> AtomicFileSet::commit() {
  std::vector<std::string> written;
  // Everything is complete on disk, and every destination can take a file, before the first
  // rename: a failure found here leaves every earlier result as it was.
  for (const auto& s : staged_) {
    std::error_code ec;
    if (!fs::exists(s.temporary, ec))
      throw core::OutputError("cannot write '" + s.destination + "': the writer produced no file");
    if (fs::is_directory(s.destination, ec))
      throw core::OutputError("cannot replace '" + s.destination + "': it is a folder");
  }
  const CommitWindow window;
  for (auto& s : staged_) {
    rename_into_place(s.temporary, s.destination);
    unregister_temporary(s.slot);
    written.push_back(s.destination);
  }
  staged_.clear();
  return written;
}

}  // namespace reachplan::output
