#include "staging.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <thread>

#include "reachplan/core/error.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::output::detail {

namespace fs = std::filesystem;

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

void os_fail(const std::string& what, int err) {
  throw core::OutputError(what + ": " +
                          (err != 0 ? std::strerror(err) : "the system gave no reason"));
}

std::string Staging::staged_path(const std::string& file) const {
  return (fs::path(folder) / name / file).string();
}

// --- the registry the interrupt thread empties --------------------------------------------------

namespace {

// Staging folders of this process that exist now, by full path. The interrupt thread takes
// this lock before it deletes them, and a commit holds it during its renames.
std::recursive_mutex& registry_mutex() {
  static std::recursive_mutex m;
  return m;
}
std::vector<std::string>& live_stagings() {
  static std::vector<std::string> paths;
  return paths;
}

void register_staging(const std::string& path) {
  const std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  live_stagings().push_back(path);
}

void unregister_staging(const std::string& path) {
  const std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  auto& v = live_stagings();
  v.erase(std::remove(v.begin(), v.end(), path), v.end());
}

}  // namespace

std::unique_lock<std::recursive_mutex> hold_interrupts() {
  return std::unique_lock<std::recursive_mutex>(registry_mutex());
}

// --- staging folders -------------------------------------------------------------------------

std::unique_ptr<Staging> open_staging(const std::string& folder) {
  auto s = std::make_unique<Staging>();
  s->folder = folder.empty() ? "." : folder;
  std::error_code ec;
  fs::create_directories(s->folder, ec);
  if (ec) throw core::OutputError("cannot create folder '" + s->folder + "': " + ec.message());
  s->dir = Fd(::open(s->folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (s->dir.get() < 0) os_fail("cannot open folder '" + s->folder + "'", errno);
  struct stat st {};
  if (::fstat(s->dir.get(), &st) != 0) os_fail("cannot open folder '" + s->folder + "'", errno);
  s->device = st.st_dev;
  s->inode = st.st_ino;

  // Made and given its locked owner file under the folder's lock, which another process holds
  // while it finishes abandoned staging folders (finish_abandoned): it must never see this
  // one before its owner file is locked and take it for the leftover of a killed run. The
  // order of the two locks is the commit's (folder, then interrupts), so threads cannot
  // deadlock on them.
  lock_folder(*s);
  struct Unlock {
    int fd;
    ~Unlock() { ::flock(fd, LOCK_UN); }
  } const unlock{s->dir.get()};
  // And under the lock the interrupt thread takes: a signal in between would otherwise remove
  // the folder while this thread creates the owner file in it, and the removal would fail on
  // a folder no longer empty.
  std::string templ = (fs::path(s->folder) / (std::string(staging_prefix) + "XXXXXX")).string();
  const std::lock_guard<std::recursive_mutex> lock(registry_mutex());
  if (::mkdtemp(templ.data()) == nullptr)
    os_fail("cannot write in folder '" + s->folder + "'", errno);
  register_staging(templ);
  s->name = fs::path(templ).filename().string();
  s->stage =
      Fd(::openat(s->dir.get(), s->name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  const int err = errno;
  if (s->stage.get() < 0) {
    remove_staging(*s);
    os_fail("cannot open staging folder '" + templ + "'", err);
  }
  s->owner = Fd(::openat(s->stage.get(), owner_file,
                         O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (s->owner.get() < 0 || ::flock(s->owner.get(), LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    remove_staging(*s);
    os_fail("cannot write in folder '" + s->folder + "'", e);
  }
  return s;
}

void remove_staging(Staging& s) noexcept {
  if (s.removed || s.name.empty()) return;
  const std::string path = (fs::path(s.folder) / s.name).string();
  std::error_code ec;
  fs::remove_all(path, ec);
  unregister_staging(path);
  s.removed = true;
}

void lock_folder(const Staging& s) {
  while (::flock(s.dir.get(), LOCK_EX) != 0) {
    if (errno != EINTR) os_fail("cannot lock folder '" + s.folder + "'", errno);
  }
}

void sync_folder(int dir_fd, const std::string& folder) {
  // Some file systems cannot fsync a folder (EINVAL); their renames are as durable as they get.
  if (::fsync(dir_fd) != 0 && errno != EINVAL && errno != EROFS)
    os_fail("cannot sync folder '" + folder + "'", errno);
}

void write_commit_record(const Staging& s, const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += n + "\n";
  const Fd f(::openat(s.stage.get(), record_file,
                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (f.get() < 0) os_fail("cannot write the commit record in '" + s.folder + "'", errno);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(f.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) os_fail("cannot write the commit record in '" + s.folder + "'", errno);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(f.get()) != 0) os_fail("cannot write the commit record in '" + s.folder + "'", errno);
  sync_folder(s.stage.get(), s.folder);
}

void drop_commit_record(const Staging& s) noexcept {
  ::unlinkat(s.stage.get(), record_file, 0);
  ::fsync(s.stage.get());
}

// --- finishing what a killed writer left -------------------------------------------------------

namespace {

// The names of the staging folders in `dir` other than `own`.
std::vector<std::string> staging_folders_in(int dir, const std::string& own) {
  std::vector<std::string> names;
  const int copy = ::dup(dir);
  if (copy < 0) return names;
  DIR* d = ::fdopendir(copy);
  if (!d) {
    ::close(copy);
    return names;
  }
  ::rewinddir(d);
  while (const dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n.rfind(staging_prefix, 0) == 0 && n != own) names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

// The names a commit record lists; each must be a plain name, or the record is not ours.
std::vector<std::string> read_commit_record(int stage) {
  std::vector<std::string> names;
  const Fd f(::openat(stage, record_file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (f.get() < 0) return names;
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(f.get(), buf, sizeof buf)) > 0 && text.size() < (1u << 20);)
    text.append(buf, static_cast<std::size_t>(n));
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string n = text.substr(start, end - start);
    if (n.empty() || n[0] == '.' || n.find('/') != std::string::npos) return {};
    names.push_back(n);
  }
  return names;
}

void finish_one(const Staging& s, const std::string& name) {
  const Fd stage(
      ::openat(s.dir.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (stage.get() < 0) return;
  struct stat st {};
  // Only this user's staging folders: another user's are not ours to judge.
  if (::fstat(stage.get(), &st) != 0 || st.st_uid != ::geteuid()) return;
  const Fd owner(::openat(stage.get(), owner_file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (owner.get() >= 0 && ::flock(owner.get(), LOCK_EX | LOCK_NB) != 0) return;  // alive
  bool moved = false;
  for (const auto& file : read_commit_record(stage.get())) {
    struct stat fst {};
    if (::fstatat(stage.get(), file.c_str(), &fst, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (::renameat(stage.get(), file.c_str(), s.dir.get(), file.c_str()) == 0) moved = true;
  }
  if (moved) ::fsync(s.dir.get());
  std::error_code ec;
  fs::remove_all(fs::path(s.folder) / name, ec);
}

}  // namespace

void finish_abandoned(const Staging& s) {
  for (const auto& name : staging_folders_in(s.dir.get(), s.name)) finish_one(s, name);
}

}  // namespace reachplan::output::detail

// --- interrupts --------------------------------------------------------------------------------

namespace reachplan::output {

namespace {

// Removes a staging folder another thread may still be writing into: a file created while
// remove_all walks the folder makes its last rmdir fail, so it walks again. Once the folder
// is gone nothing can be created in it, so this ends.
void remove_while_written(const std::string& path) {
  for (int tries = 0; tries < 1000; ++tries) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (!fs::exists(fs::symlink_status(path, ec))) return;
  }
}

// Waits for the blocked signals; on one, deletes every staging folder (after any commit in
// progress has finished its renames) and ends the process by that signal.
void interrupt_thread(sigset_t signals) {
  int sig = 0;
  while (::sigwait(&signals, &sig) != 0) {
  }
  // Held until the process ends, so no other thread opens a staging folder or commits a set
  // after the cleanup.
  const auto lock = detail::hold_interrupts();
  for (const auto& path : detail::live_stagings()) remove_while_written(path);
  detail::live_stagings().clear();
  // End the way the signal would have ended the process, so the shell sees 130/143.
  std::signal(sig, SIG_DFL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);
}

}  // namespace

void install_interrupt_cleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::signal(SIGPIPE, SIG_IGN);
    sigset_t signals;
    sigemptyset(&signals);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      // A signal the parent set to be ignored (nohup) stays ignored.
      if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
      sigaddset(&signals, sig);
    }
    // Blocked here, before any other thread exists, so every thread inherits the mask and
    // only interrupt_thread receives them.
    ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread(interrupt_thread, signals).detach();
  });
}

}  // namespace reachplan::output
