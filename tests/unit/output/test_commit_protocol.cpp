// The output commit protocol (output/atomic_file.hpp): staging, roll back of a failed rename,
// finishing a killed writer's commit, live writers left alone, names that stay in the folder,
// names that differ only in case, inputs never replaced, special files written through.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "reachplan/core/error.hpp"
#include "reachplan/core/input_files.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace fs = std::filesystem;
using namespace reachplan;
using Catch::Matchers::Contains;

namespace {

fs::path fresh_dir(const std::string& name) {
  std::random_device rd;
  const fs::path d =
      fs::temp_directory_path() /
      ("reachplan-commit-" + std::to_string(::getpid()) + "-" + std::to_string(rd())) / name;
  fs::create_directories(d);
  return d;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void put(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::vector<std::string> names_in(const fs::path& d) {
  std::vector<std::string> n;
  for (const auto& e : fs::directory_iterator(d)) n.push_back(e.path().filename().string());
  std::sort(n.begin(), n.end());
  return n;
}

// A staging folder as a writer killed after (`with_record`) or before its commit record
// would leave it: `new_a` staged for a.csv, its owner file unlocked.
fs::path plant_abandoned_staging(const fs::path& dir, bool with_record) {
  const fs::path s = dir / ".reachplan-stage-dead01";
  fs::create_directories(s);
  put(s / ".owner", "");
  put(s / "a.csv", "new a\n");
  if (with_record) put(s / ".commit", "a.csv\n");
  return s;
}

}  // namespace

TEST_CASE("a set stages in one private folder and shows nothing before commit",
          "[output][commit]") {
  const auto dir = fresh_dir("stage");
  output::AtomicFileSet set;
  set.add((dir / "a.csv").string(), "a\n");
  const auto staged = names_in(dir);
  REQUIRE(staged.size() == 1);
  CHECK(staged[0].rfind(".reachplan-stage-", 0) == 0);
  struct stat st {};
  REQUIRE(::stat((dir / staged[0]).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK_FALSE(fs::exists(dir / "a.csv"));
  set.commit();
  CHECK(names_in(dir) == std::vector<std::string>{"a.csv"});
  CHECK(read(dir / "a.csv") == "a\n");
}

TEST_CASE("the next commit finishes a killed writer's recorded commit", "[output][commit]") {
  const auto dir = fresh_dir("forward");
  put(dir / "a.csv", "old a\n");
  plant_abandoned_staging(dir, true);
  output::write_file_atomically((dir / "b.csv").string(), "b\n");
  CHECK(read(dir / "a.csv") == "new a\n");  // rolled forward
  CHECK(names_in(dir) == std::vector<std::string>{"a.csv", "b.csv"});
}

TEST_CASE("a killed writer without a commit record leaves the old files", "[output][commit]") {
  const auto dir = fresh_dir("back");
  put(dir / "a.csv", "old a\n");
  plant_abandoned_staging(dir, false);
  output::write_file_atomically((dir / "b.csv").string(), "b\n");
  CHECK(read(dir / "a.csv") == "old a\n");
  CHECK(names_in(dir) == std::vector<std::string>{"a.csv", "b.csv"});
}

TEST_CASE("a live writer's staging folder is left alone", "[output][commit]") {
  const auto dir = fresh_dir("alive");
  put(dir / "a.csv", "old a\n");
  const fs::path s = plant_abandoned_staging(dir, true);
  // The owner file locked, as its writer holds it while it runs (flock is per open file, so
  // this process's own lock counts as another writer's).
  const int owner = ::open((s / ".owner").c_str(), O_RDONLY);
  REQUIRE(owner >= 0);
  REQUIRE(::flock(owner, LOCK_EX) == 0);
  output::write_file_atomically((dir / "b.csv").string(), "b\n");
  CHECK(read(dir / "a.csv") == "old a\n");
  CHECK(fs::exists(s / "a.csv"));
  ::close(owner);
}

TEST_CASE("names from user input stay in the output folder", "[output][commit]") {
  CHECK(output::output_path("out", "od.csv", "x") == "out/od.csv");
  const std::vector<std::string> bad_names = {"../x.tif", "/etc/x", "a/b.csv", "..",
                                              ".",        "",       ".hidden", "a\nb"};
  for (const auto& bad : bad_names) {
    INFO(bad);
    CHECK_THROWS_AS(output::output_path("out", bad, "surface id"), core::UsageError);
  }
  CHECK_THROWS_WITH(output::output_path("out", "../x.tif", "surface id '../x'"),
                    Contains("surface id '../x'") && Contains("inside the output folder"));
}

TEST_CASE("two outputs whose names differ only in case are refused before anything lands",
          "[output][commit]") {
  const auto dir = fresh_dir("case");
  output::AtomicFileSet set;
  set.add((dir / "matrix_a.csv").string(), "a\n");
  CHECK_THROWS_AS(set.add((dir / "matrix_A.csv").string(), "A\n"), core::UsageError);
  CHECK_THROWS_AS(set.add((dir / "matrix_a.csv").string(), "again\n"), core::OutputError);
}

TEST_CASE("an input file is never replaced, however it is named", "[output][commit]") {
  const auto dir = fresh_dir("input");
  put(dir / "pts.csv", "id,lon,lat\n");
  core::note_input_file((dir / "pts.csv").string());
  fs::create_hard_link(dir / "pts.csv", dir / "hard.csv");
  for (const std::string name : {"pts.csv", "./pts.csv", "hard.csv"}) {
    INFO(name);
    output::AtomicFileSet set;
    set.add((dir / name).string(), "matrix\n");
    CHECK_THROWS_WITH(set.commit(), Contains("it is the input file"));
  }
  CHECK(read(dir / "pts.csv") == "id,lon,lat\n");
  CHECK(names_in(dir) == std::vector<std::string>{"hard.csv", "pts.csv"});
}

TEST_CASE("a link at an output name is replaced, never followed", "[output][commit]") {
  const auto dir = fresh_dir("link");
  put(dir / "victim.txt", "precious\n");
  fs::create_symlink(dir / "victim.txt", dir / "od.csv");
  output::write_file_atomically((dir / "od.csv").string(), "od\n");
  CHECK(read(dir / "victim.txt") == "precious\n");
  CHECK_FALSE(fs::is_symlink(dir / "od.csv"));
  CHECK(read(dir / "od.csv") == "od\n");
}

TEST_CASE("a FIFO or /dev/null at an output name is written through, not replaced",
          "[output][commit]") {
  const auto dir = fresh_dir("special");
  output::write_file_atomically("/dev/null", "nothing\n");
  struct stat st {};
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));

  const fs::path fifo = dir / "pipe.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // No reader: an error at once, never a hang, and the FIFO stays.
  CHECK_THROWS_WITH(output::write_file_atomically(fifo.string(), "x\n"), Contains("no reader"));
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  output::write_file_atomically(fifo.string(), "through\n");
  char buf[32] = {};
  CHECK(::read(reader, buf, sizeof buf) == 8);
  CHECK(std::string(buf) == "through\n");
  ::close(reader);
  REQUIRE(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(names_in(dir) == std::vector<std::string>{"pipe.csv"});
}

// Runs `body` in a child process as uid/gid 65534; its return value is the exit status.
int as_nobody(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 1;
    if (::setgid(65534) == 0 && ::setuid(65534) == 0) code = body();
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// Commits "new a" and "new b" into `dir` as one set: "" when it landed, else the error.
std::string commit_new_a_and_b(const fs::path& dir) {
  try {
    output::AtomicFileSet set;
    set.add((dir / "a.csv").string(), "new a\n");
    set.add((dir / "b.csv").string(), "new b\n");
    set.commit();
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

TEST_CASE("a rename that fails halfway puts every old file back and says why", "[output][commit]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to run a writer as another user (uid 65534)");
    return;
  }
  // A sticky folder where b.csv belongs to root: uid 65534 may create a.csv but may not
  // replace b.csv, so the second rename fails after the first succeeded.
  const auto dir = fresh_dir("halfway");
  fs::permissions(dir, fs::perms::all | fs::perms::sticky_bit);
  put(dir / "b.csv", "old b\n");
  fs::permissions(dir / "b.csv", fs::perms::all);
  const int code = as_nobody([&] {
    const std::string what = commit_new_a_and_b(dir);
    if (what.empty()) return 2;  // should not have landed
    return what.find("b.csv") != std::string::npos &&
                   what.find("Operation not permitted") != std::string::npos &&
                   what.find("Success") == std::string::npos
               ? 0
               : 3;
  });
  CHECK(code == 0);
  CHECK_FALSE(fs::exists(dir / "a.csv"));  // the first rename was undone
  CHECK(read(dir / "b.csv") == "old b\n");
  CHECK(names_in(dir) == std::vector<std::string>{"b.csv"});
}

TEST_CASE("another user's file in a shared folder is replaced though it cannot be linked",
          "[output][commit]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to run a writer as another user (uid 65534)");
    return;
  }
  // A folder everyone may write (no sticky bit), b.csv root's and read-only to others: the
  // system refuses uid 65534 a hard link to it (protected_hardlinks) but allows the rename.
  const auto dir = fresh_dir("shared");
  fs::permissions(dir, fs::perms::all);
  put(dir / "b.csv", "old b\n");
  fs::permissions(dir / "b.csv", fs::perms::owner_read | fs::perms::owner_write |
                                     fs::perms::group_read | fs::perms::others_read);
  const int code = as_nobody([&] { return commit_new_a_and_b(dir).empty() ? 0 : 3; });
  CHECK(code == 0);
  CHECK(read(dir / "a.csv") == "new a\n");
  CHECK(read(dir / "b.csv") == "new b\n");
  CHECK(names_in(dir) == std::vector<std::string>{"a.csv", "b.csv"});
}
