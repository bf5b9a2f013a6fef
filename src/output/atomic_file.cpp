#include "reachplan/output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <streambuf>
#include <tuple>

#include "reachplan/core/error.hpp"
#include "reachplan/core/input_files.hpp"
#include "reachplan/core/text.hpp"
#include "staging.hpp"

namespace reachplan::output {

namespace fs = std::filesystem;
using detail::Fd;
using detail::os_fail;
using detail::Staging;

// Named (not anonymous): AtomicFileSet::State holds them.
namespace detail {

// How a staged file reaches its destination.
enum class Landing {
  rename,         // renamed over whatever name is there (nothing, a file, a link)
  write_through,  // copied into a device, FIFO or socket, or the stream /dev/stdout names
};

struct Entry {
  Staging* staging = nullptr;  // in the destination folder; for a stream, a private temporary
  std::string name;            // in the destination folder
  std::string destination;     // as the caller spelled it
  Landing landing = Landing::rename;
  bool had_old = false;    // a name was there
  bool backed_up = false;  // ... and a hard link to it is kept until the set has landed
};

}  // namespace detail

namespace {

using detail::Entry;
using detail::Landing;

// The descriptor /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N stands for, or -1:
// those are written to this process's own stream, never reopened (a reopened /dev/stdout that
// is a file would start again at offset 0).
int stream_descriptor(const std::string& path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string p = prefix;
    if (path.rfind(p, 0) == 0 && path.size() > p.size() && path.size() < p.size() + 6 &&
        path.find_first_not_of("0123456789", p.size()) == std::string::npos)
      return std::stoi(path.substr(p.size()));
  }
  return -1;
}

[[noreturn]] void refuse(const Entry& e, const std::string& why) {
  throw core::OutputError("cannot write '" + e.destination + "': " + why);
}

// A mistake in the command line rather than a failure of the disk: exit 2.
void refuse_if_input(const Entry& e, const struct stat& st) {
  if (const auto input = core::input_file_with_identity(st.st_dev, st.st_ino))
    throw core::UsageError("cannot write '" + e.destination + "': it is the input file '" + *input +
                           "' (the same file on disk); choose another output name");
}

// A destination that is written through rather than replaced: a stream name, or (after
// following links) a character device, FIFO or socket.
bool is_stream(const std::string& path) {
  if (stream_descriptor(path) >= 0) return true;
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 &&
         (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

// A stream destination at commit time: still a stream, and not one of the inputs.
void check_stream(const Entry& e) {
  if (stream_descriptor(e.destination) >= 0) return;
  struct stat st {};
  if (!is_stream(e.destination) || ::stat(e.destination.c_str(), &st) != 0)
    refuse(e, "it was a device or FIFO when the run started and is no longer");
  refuse_if_input(e, st);
}

// Decides how a file of a folder lands, refusing what must not be replaced. Nothing changes.
Landing landing_for(const Entry& e) {
  struct stat lst {};
  if (::fstatat(e.staging->dir.get(), e.name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return Landing::rename;
    os_fail("cannot write '" + e.destination + "'", errno);
  }
  refuse_if_input(e, lst);
  struct stat st = lst;
  if (S_ISLNK(lst.st_mode)) {
    // The link is replaced, never followed: unless it names a stream or device.
    if (::fstatat(e.staging->dir.get(), e.name.c_str(), &st, 0) != 0) return Landing::rename;
    refuse_if_input(e, st);
    if (S_ISREG(st.st_mode)) return Landing::rename;
  }
  if (S_ISDIR(st.st_mode)) refuse(e, "it is a folder");
  if (!S_ISREG(st.st_mode))
    refuse(e, "it is a block device or another special file, which reachplan never replaces");
  return Landing::rename;
}

// Copies the staged file into the device, FIFO or stream at the destination.
void write_through(const Entry& e) {
  const Fd in(::openat(e.staging->stage.get(), e.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (in.get() < 0) os_fail("cannot read back '" + e.destination + "'", errno);
  Fd own;
  int out = stream_descriptor(e.destination);
  if (out < 0) {
    // O_NONBLOCK: a FIFO with no reader fails at once (ENXIO) instead of hanging.
    own = Fd(::open(e.destination.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (own.get() < 0 && errno == ENXIO)
      refuse(e, "it is a FIFO with no reader (start the reader first)");
    if (own.get() < 0) os_fail("cannot write '" + e.destination + "'", errno);
    ::fcntl(own.get(), F_SETFL, ::fcntl(own.get(), F_GETFL) & ~O_NONBLOCK);
    out = own.get();
  }
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) os_fail("cannot read back '" + e.destination + "'", errno);
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buf + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) os_fail("cannot write '" + e.destination + "'", errno);
      done += w;
    }
  }
}

// Writes `content` to a new file at `path` (in a staging folder) and fsyncs it.
void write_new_file(const std::string& path, const std::string& shown, const std::string& content) {
  const Fd f(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
  if (f.get() < 0) os_fail("cannot write '" + shown + "'", errno);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(f.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) os_fail("cannot write '" + shown + "'", n == 0 ? ENOSPC : errno);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(f.get()) != 0) os_fail("cannot write '" + shown + "'", errno);
}

// An output buffer over a file descriptor that keeps the errno of its first failed write
// (an ofstream's failbit says nothing of why).
class FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
  int error() const { return error_; }
  int sync() override { return drain() ? 0 : -1; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

 private:
  bool drain() {
    for (char* p = pbase(); p < pptr();) {
      const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (error_ == 0) error_ = n == 0 ? ENOSPC : errno;
        return false;
      }
      p += n;
    }
    setp(buf_, buf_ + sizeof buf_);
    return true;
  }
  int fd_;
  int error_ = 0;
  char buf_[1 << 16];
};

// A staged file produced by a writer: it must exist, be a plain file, and reach the disk.
void check_and_sync_staged(const Entry& e) {
  const Fd f(::openat(e.staging->stage.get(), e.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (f.get() < 0) {
    if (errno == ENOENT) refuse(e, "the writer produced no file");
    os_fail("cannot write '" + e.destination + "'", errno);
  }
  struct stat st {};
  if (::fstat(f.get(), &st) != 0 || !S_ISREG(st.st_mode))
    refuse(e, "the writer produced no regular file");
  if (::fsync(f.get()) != 0) os_fail("cannot write '" + e.destination + "'", errno);
}

}  // namespace

std::string output_path(const std::string& folder, const std::string& name,
                        const std::string& what) {
  const bool control = std::any_of(name.begin(), name.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  if (name.empty() || name[0] == '.' || name.find('/') != std::string::npos || control)
    throw core::UsageError(what + ": '" + core::cut_text(name) +
                           "' cannot name a file inside the output folder (no '/', no leading "
                           "'.', no control characters)");
  return (fs::path(folder) / name).string();
}

struct AtomicFileSet::State {
  std::vector<std::unique_ptr<Staging>> stagings;  // one per destination folder
  std::unique_ptr<Staging> streams;                // in the temporary folder, for streams
  std::vector<Entry> entries;
  std::map<std::string, std::string> lower_names;  // folder identity + lower-case name -> name

  Staging& staging_for(const std::string& folder);
  void check_name(const Staging& s, const std::string& name, const std::string& path);
  std::vector<std::string> land();
  std::string roll_back(std::size_t renamed) noexcept;
  ~State() {
    for (auto& s : stagings) detail::remove_staging(*s);
    if (streams) detail::remove_staging(*streams);
  }
};

Staging& AtomicFileSet::State::staging_for(const std::string& folder) {
  const std::string wanted = folder.empty() ? "." : folder;
  for (auto& s : stagings)
    if (s->folder == wanted) return *s;
  auto fresh = detail::open_staging(wanted);
  for (auto& s : stagings)
    if (s->device == fresh->device && s->inode == fresh->inode) {
      detail::remove_staging(*fresh);
      return *s;
    }
  stagings.push_back(std::move(fresh));
  return *stagings.back();
}

void AtomicFileSet::State::check_name(const Staging& s, const std::string& name,
                                      const std::string& path) {
  if (name[0] == '.')
    throw core::OutputError("cannot write '" + path +
                            "': output names may not start with '.' (reachplan keeps its "
                            "staging files under such names)");
  const std::string key =
      std::to_string(s.device) + ":" + std::to_string(s.inode) + "/" + core::ascii_lower(name);
  const auto [it, fresh] = lower_names.emplace(key, name);
  if (fresh) return;
  if (it->second == name)
    throw core::OutputError("cannot write '" + path + "': the same file is written twice");
  throw core::UsageError("output files '" + it->second + "' and '" + name +
                         "' differ only in letter case: on a case-insensitive file system one "
                         "would overwrite the other; rename one of the ids they come from");
}

AtomicFileSet::AtomicFileSet() : state_(std::make_unique<State>()) {}
AtomicFileSet::~AtomicFileSet() = default;

std::string AtomicFileSet::stage(const std::string& path) {
  const fs::path p(path);
  const std::string name = p.filename().string();
  if (is_stream(path)) {
    // Staged away from /dev (where only root may create files), under a name of its own.
    if (!state_->streams)
      state_->streams = detail::open_staging(fs::temp_directory_path().string());
    const std::string staged_name = "stream" + std::to_string(state_->entries.size());
    state_->entries.push_back(
        {state_->streams.get(), staged_name, path, Landing::write_through, false});
    return state_->streams->staged_path(staged_name);
  }
  if (name.empty() || name == "." || name == "..")  // before any folder is made for it
    throw core::OutputError("cannot write '" + path + "': not a file name");
  Staging& s = state_->staging_for(p.parent_path().string());
  state_->check_name(s, name, path);
  state_->entries.push_back({&s, name, path, Landing::rename, false});
  return s.staged_path(name);
}

void AtomicFileSet::add(const std::string& path, const std::string& content) {
  const std::string staged = stage(path);
  write_new_file(staged, path, content);
}

void AtomicFileSet::add_stream(const std::string& path,
                               const std::function<void(std::ostream&)>& write) {
  const std::string staged = stage(path);
  const Fd f(::open(staged.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
  if (f.get() < 0) os_fail("cannot write '" + path + "'", errno);
  FdBuffer buffer(f.get());
  std::ostream out(&buffer);
  write(out);
  out.flush();
  if (buffer.error() != 0 || !out) os_fail("cannot write '" + path + "'", buffer.error());
  if (::fsync(f.get()) != 0) os_fail("cannot write '" + path + "'", errno);
}

// Puts back what the first `renamed` entries replaced; returns what could not be (files the
// system would not hard-link, see land()), for the message.
std::string AtomicFileSet::State::roll_back(std::size_t renamed) noexcept {
  for (auto& s : stagings) detail::drop_commit_record(*s);
  std::string lost;
  for (std::size_t i = 0; i < renamed; ++i) {
    const Entry& e = entries[i];
    if (e.landing != Landing::rename) continue;
    const std::string backup = detail::backup_prefix + e.name;
    if (e.backed_up)
      ::renameat(e.staging->stage.get(), backup.c_str(), e.staging->dir.get(), e.name.c_str());
    else if (e.had_old)
      lost += (lost.empty() ? "" : ", ") + ("'" + e.name + "'");
    else
      ::unlinkat(e.staging->dir.get(), e.name.c_str(), 0);
  }
  for (auto& s : stagings) ::fsync(s->dir.get());
  return lost;
}

// Under the folder locks: record, keep backups, rename with interrupts held, sync.
std::vector<std::string> AtomicFileSet::State::land() {
  for (auto& e : entries) {
    if (e.landing == Landing::write_through) {
      check_stream(e);
      continue;
    }
    e.landing = landing_for(e);
    const std::string backup = detail::backup_prefix + e.name;
    // A hard link to the file being replaced, so a failed rename can put it back. The system
    // refuses links to another user's file (protected_hardlinks) where a rename over it is
    // still allowed (a shared group folder): that file is replaced without a backup.
    if (::linkat(e.staging->dir.get(), e.name.c_str(), e.staging->stage.get(), backup.c_str(), 0) ==
        0)
      e.had_old = e.backed_up = true;
    else if (errno == EPERM || errno == EACCES)
      e.had_old = true;
    else if (errno != ENOENT)
      os_fail("cannot replace '" + e.destination + "'", errno);
  }
  for (auto& s : stagings) {
    std::vector<std::string> names;
    for (const auto& e : entries)
      if (e.staging == s.get() && e.landing == Landing::rename) names.push_back(e.name);
    detail::write_commit_record(*s, names);
  }
  {
    const auto held = detail::hold_interrupts();
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      if (e.landing != Landing::rename) continue;
      if (::renameat(e.staging->stage.get(), e.name.c_str(), e.staging->dir.get(),
                     e.name.c_str()) != 0) {
        const int err = errno;
        const std::string lost = roll_back(i);
        os_fail("cannot replace '" + e.destination + "' (" +
                    (lost.empty() ? "every file of the set is as it was"
                                  : "the other files are as they were, except " + lost +
                                        ", already replaced") +
                    ")",
                err);
      }
    }
    for (auto& s : stagings) detail::sync_folder(s->dir.get(), s->folder);
  }
  std::vector<std::string> written;
  for (const auto& e : entries) {
    if (e.landing == Landing::write_through) write_through(e);
    written.push_back(e.destination);
  }
  return written;
}

std::vector<std::string> AtomicFileSet::commit() {
  for (const auto& e : state_->entries) check_and_sync_staged(e);
  // Locks in a fixed order (by folder identity), so two sets over the same folders never
  // wait for each other in a circle.
  std::vector<Staging*> order;
  for (auto& s : state_->stagings) order.push_back(s.get());
  std::sort(order.begin(), order.end(), [](const Staging* a, const Staging* b) {
    return std::tie(a->device, a->inode) < std::tie(b->device, b->inode);
  });
  for (Staging* s : order) {
    detail::lock_folder(*s);
    detail::finish_abandoned(*s);
  }
  auto written = state_->land();
  for (auto& s : state_->stagings) {
    detail::remove_staging(*s);
    s->dir = Fd();  // closing the folder releases its lock
  }
  if (state_->streams) detail::remove_staging(*state_->streams);
  state_->entries.clear();
  return written;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFileSet set;
  set.add(path, content);
  set.commit();
}

}  // namespace reachplan::output
