// End-to-end hardening: hostile sizes and numbers, paths that leave the scenario's folder,
// output folders that cannot be written, byte-identical outputs whatever the thread count,
// and runs interrupted or failing halfway through their outputs.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"

extern char** environ;

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

using cli_test::slurp;

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class Scratch {
 public:
  explicit Scratch(const std::string& name) {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("reachplan-hardening-" + std::to_string(::getpid()) + "-" + std::to_string(rd())) /
           name;
    fs::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_.parent_path(), ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const fs::path& dir() const { return dir_; }
  fs::path operator/(const std::string& rel) const { return dir_ / rel; }

 private:
  fs::path dir_;
};

struct Result {
  int code = -1;  // exit code; -1 when ended by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

enum class Limit { none, small_files, tiny_files };

// Runs reachplan with `args` (no shell), stdout/stderr to files in `logs`. With
// Limit::small_files the child may write files of at most 1 MB (tiny_files: 4 kB) and ignores
// SIGXFSZ, so a larger output fails with EFBIG halfway through the outputs, as a full disk would.
Result run(const std::vector<std::string>& args, const fs::path& logs, Limit limit = Limit::none) {
  const fs::path out = logs / "stdout", err = logs / "stderr";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    if (limit != Limit::none) {
      std::signal(SIGXFSZ, SIG_IGN);
      const rlim_t bytes = limit == Limit::small_files ? 1 << 20 : 1 << 12;
      const rlimit r{bytes, bytes};
      ::setrlimit(RLIMIT_FSIZE, &r);
    }
    std::vector<char*> argv;
    std::string bin = REACHPLAN_BIN;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(REACHPLAN_BIN, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Result r;
  if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

// Every file of a folder with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.is_regular_file()) files[e.path().filename().string()] = slurp(e.path());
  return files;
}

bool has_temporaries(const fs::path& folder) {
  for (const auto& e : fs::recursive_directory_iterator(folder))
    if (e.path().filename().string().find(".reachplan-stage-") != std::string::npos) return true;
  return false;
}

const std::string rail_modes = "modes:\n  - {id: rail, speed_kmh: 120, dwell_min: 2}\n";

std::string node_line(std::size_t i, double lon, double lat) {
  std::ostringstream s;
  s << "  - {id: n" << i << ", lon: " << lon << ", lat: " << lat << "}\n";
  return s.str();
}

// A chain of `places` nodes joined by links, with `matrices` extra all-pairs matrices: big
// outputs (each matrix_<id>.csv is places^2 cells) that take a while to stage.
void write_chain_scenario(const fs::path& dir, std::size_t places, int matrices, int speed) {
  std::string net = "modes:\n  - {id: road, speed_kmh: " + std::to_string(speed) + "}\nnodes:\n";
  for (std::size_t i = 0; i < places; ++i)
    net += node_line(i, 110.0 + 0.01 * static_cast<double>(i), 30.0);
  net += "links:\n";
  for (std::size_t i = 0; i + 1 < places; ++i)
    net += "  - {id: r" + std::to_string(i) + ", mode: road, from: n" + std::to_string(i) +
           ", to: n" + std::to_string(i + 1) + "}\n";
  spit(dir / "chain.yaml", net);
  std::string s = "scenario:\n  networks: [chain.yaml]\n  groups: {ends: [n0, n" +
                  std::to_string(places - 1) + "], every: [";
  for (std::size_t i = 0; i < places; ++i) s += (i ? ", n" : "n") + std::to_string(i);
  s += "]}\n  key_group: ends\n  matrices:\n";
  for (int m = 0; m < matrices; ++m)
    s += "    - {id: big" + std::to_string(m) + ", group: every}\n";
  spit(dir / "scenario.yaml", s);
}

}  // namespace

TEST_CASE("a line with 100 000 stops loads, routes and writes in bounded time", "[cli][hostile]") {
  Scratch tmp("long-line");
  std::string net = rail_modes + "nodes:\n";
  const std::size_t places = 1000;
  for (std::size_t i = 0; i < places; ++i)
    net += node_line(i, 100.0 + 0.02 * static_cast<double>(i % 100),
                     25.0 + 0.02 * static_cast<double>(i / 100));
  net += "lines:\n  - id: long\n    mode: rail\n    stops: [";
  for (std::size_t i = 0; i < 100000; ++i) net += (i ? ", n" : "n") + std::to_string(i % places);
  net += "]\n";
  spit(tmp / "net.yaml", net);
  spit(tmp / "s.yaml",
       "scenario:\n  networks: [net.yaml]\n  groups: {two: [n0, n999]}\n  key_group: two\n");
  const auto start = std::chrono::steady_clock::now();
  const auto r =
      run({"run", (tmp / "s.yaml").string(), "-o", (tmp / "out").string(), "-q"}, tmp.dir());
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(120));
  CHECK(fs::exists(tmp / "out" / "matrix.csv"));
}

TEST_CASE("travel times too long for the engine never wrap around to short ones",
          "[cli][hostile]") {
  Scratch tmp("overflow");
  // 3 600 segments of a week each (the longest a segment may take): 2.18e9 seconds end to end,
  // past the engine's horizon of 2^31 s.
  const std::size_t stops = 3601;
  std::string net = rail_modes + "nodes:\n";
  for (std::size_t i = 0; i < stops; ++i)
    net += node_line(i, 100.0 + 0.01 * static_cast<double>(i % 1000),
                     20.0 + 0.01 * static_cast<double>(i / 1000));
  net += "lines:\n  - id: slow\n    mode: rail\n    stops: [";
  for (std::size_t i = 0; i < stops; ++i) net += (i ? ", n" : "n") + std::to_string(i);
  net += "]\n    segment_min: [";
  for (std::size_t i = 0; i + 1 < stops; ++i) net += i ? ", 10080" : "10080";
  net += "]\n";
  spit(tmp / "net.yaml", net);
  spit(tmp / "s.yaml",
       "scenario:\n  networks: [net.yaml]\n  groups: {ends: [n0, n3600]}\n"
       "  key_group: ends\n");
  const auto r = run({"route", (tmp / "s.yaml").string(), "n0", "n3600"}, tmp.dir());
  INFO(r.out + r.err);
  // Beyond the engine's horizon (2^31 s, 68 years) a place is unreachable; before the fix the
  // sum wrapped around.
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("n0 -> n3600: unreachable"));

  // An arc too long on its own (10 000 km at 1 km/h, each within its range) is an input error
  // naming the line, from run and validate alike.
  spit(tmp / "one.yaml", rail_modes + "nodes:\n" + node_line(0, 100, 20) + node_line(1, 101, 20) +
                             "lines:\n  - {id: l, mode: rail, stops: [n0, n1], "
                             "length_km: 10000, speed_kmh: 1}\n");
  const auto one = run({"run", (tmp / "one.yaml").string(), "-o", (tmp / "o").string()}, tmp.dir());
  CHECK(one.code == 2);
  CHECK_THAT(one.err, Contains("exceeds the largest arc"));
  CHECK_FALSE(fs::exists(tmp / "o"));
  const auto check = run({"validate", (tmp / "one.yaml").string()}, tmp.dir());
  CHECK(check.code == 2);
  CHECK_THAT(check.err, Contains("exceeds the largest arc"));
}

TEST_CASE("inputs that escape the scenario's folder are listed by resolved absolute path",
          "[cli][hostile]") {
  Scratch tmp("escape");
  const fs::path data = fs::path(REACHPLAN_TEST_DATA) / "cli";
  spit(tmp / "shared" / "networks" / "network.yaml", slurp(data / "network.yaml"));
  spit(tmp / "plans" / "base.yaml",
       "scenario:\n  name: base\n  networks: [../shared/networks/network.yaml]\n");
  spit(tmp / "plans" / "v2" / "child.yaml", "scenario:\n  extends: ../base.yaml\n  year: 2030\n");
  const auto r = run(
      {"run", (tmp / "plans" / "v2" / "child.yaml").string(), "-o", (tmp / "out").string(), "-q"},
      tmp.dir());
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto summary = nlohmann::json::parse(slurp(tmp / "out" / "summary.json"));
  std::vector<std::string> paths;
  for (const auto& f : summary["inputs"]) paths.push_back(f["path"].get<std::string>());
  const auto canonical = [](const fs::path& p) { return fs::canonical(p).string(); };
  CHECK(paths == std::vector<std::string>{canonical(tmp / "plans" / "v2" / "child.yaml"),
                                          canonical(tmp / "plans" / "base.yaml"),
                                          canonical(tmp / "shared/networks/network.yaml")});
  for (const auto& p : paths) {
    CHECK(fs::path(p).is_absolute());
    CHECK(p.find("..") == std::string::npos);
  }
}

TEST_CASE("a missing output folder is created, and one that cannot be made fails with exit 3",
          "[cli][hostile]") {
  Scratch tmp("folders");
  const fs::path scenario = fs::path(REACHPLAN_TEST_DATA) / "cli" / "base.yaml";
  auto r = run({"run", scenario.string(), "-o", (tmp / "a" / "b" / "c").string(), "-q"}, tmp.dir());
  CHECK(r.code == 0);
  CHECK(fs::exists(tmp / "a" / "b" / "c" / "summary.json"));

  spit(tmp / "file", "not a folder");
  r = run({"run", scenario.string(), "-o", (tmp / "file" / "out").string(), "-q"}, tmp.dir());
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("cannot create folder"));

  r = run({"run", scenario.string(), "-o", "/proc/reachplan-out", "-q"}, tmp.dir());
  CHECK(r.code == 3);

  if (::geteuid() != 0) {  // permissions do not bind root
    fs::create_directories(tmp / "locked");
    fs::permissions(tmp / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    r = run({"run", scenario.string(), "-o", (tmp / "locked").string(), "-q"}, tmp.dir());
    CHECK(r.code == 3);
    CHECK_THAT(r.err, Contains("cannot write"));
    fs::permissions(tmp / "locked", fs::perms::owner_all);
  }
}

TEST_CASE("outputs are byte-identical with 1, 2 and 8 threads", "[cli][determinism]") {
  Scratch tmp("threads");
  const fs::path scenario = fs::path(REACHPLAN_TEST_DATA) / "hostile" / "determinism.yaml";
  std::map<std::string, std::string> first;
  for (const char* threads : {"1", "2", "8"}) {
    const fs::path out = tmp / (std::string("j") + threads);
    const auto r =
        run({"run", scenario.string(), "-o", out.string(), "-q", "-j", threads}, tmp.dir());
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto files = snapshot(out);
    if (first.empty()) {
      first = files;
      // Every kind of output the issue names is in the comparison.
      for (const char* name :
           {"matrix.csv", "od.csv", "targets.csv", "summary.json", "matrix_all-rail.csv",
            "nodes.geojson", "links.geojson", "od.geojson", "isochrones.geojson", "tt-wuhan.tif"})
        CHECK(files.count(name) == 1);
      continue;
    }
    REQUIRE(files.size() == first.size());
    for (const auto& [name, bytes] : files) {
      INFO(name << " with " << threads << " threads");
      CHECK(bytes == first[name]);
    }
  }
}

TEST_CASE("a run failing halfway through its outputs leaves the earlier results whole",
          "[cli][interrupt]") {
  Scratch tmp("halfway");
  write_chain_scenario(tmp.dir(), 600, 3, 60);
  const fs::path out = tmp / "out";
  auto r = run({"run", (tmp / "scenario.yaml").string(), "-o", out.string(), "-q"}, tmp.dir());
  REQUIRE(r.code == 0);
  const auto before = snapshot(out);
  REQUIRE(before.at("matrix_big0.csv").size() > (1u << 20));

  write_chain_scenario(tmp.dir(), 600, 3, 90);  // other times, so new files would differ
  r = run({"run", (tmp / "scenario.yaml").string(), "-o", out.string(), "-q"}, tmp.dir(),
          Limit::small_files);
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("cannot write"));
  CHECK(snapshot(out) == before);
  CHECK_FALSE(has_temporaries(out));

  // A destination that cannot take its file is found before any file is replaced.
  fs::remove(out / "targets.csv");
  fs::create_directories(out / "targets.csv");
  r = run({"run", (tmp / "scenario.yaml").string(), "-o", out.string(), "-q"}, tmp.dir());
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("it is a folder"));
  auto after = snapshot(out);
  auto expected = before;
  expected.erase("targets.csv");
  CHECK(after == expected);
  CHECK_FALSE(has_temporaries(out));
}

TEST_CASE("SIGINT or SIGTERM while outputs are written leaves no partial or temporary file",
          "[cli][interrupt]") {
  Scratch tmp("signals");
  write_chain_scenario(tmp.dir(), 1200, 4, 60);
  const fs::path out = tmp / "out";
  auto r = run({"run", (tmp / "scenario.yaml").string(), "-o", out.string(), "-q"}, tmp.dir());
  REQUIRE(r.code == 0);
  const auto before = snapshot(out);
  write_chain_scenario(tmp.dir(), 1200, 4, 90);

  // The complete new results, to recognise a run the signal reached only after its renames.
  r = run({"run", (tmp / "scenario.yaml").string(), "-o", (tmp / "reference").string(), "-q"},
          tmp.dir());
  REQUIRE(r.code == 0);
  const auto after = snapshot(tmp / "reference");

  int interrupted_while_staging = 0;
  for (const int sig : {SIGINT, SIGTERM, SIGINT, SIGTERM}) {
    INFO("signal " << sig);
    for (const auto& [name, bytes] : before) spit(out / name, bytes);  // each try starts alike
    // Watch the folder; the first temporary means the run is writing its outputs.
    const int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    REQUIRE(watch >= 0);
    REQUIRE(::inotify_add_watch(watch, out.c_str(), IN_CREATE) >= 0);

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &defaults);  // even if our parent ignores them
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {REACHPLAN_BIN, "run",        (tmp / "scenario.yaml").string(),
                                     "-o",          out.string(), "-q"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(::posix_spawn(&pid, REACHPLAN_BIN, &actions, &attr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);

    bool sent = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
    while (!sent && std::chrono::steady_clock::now() < deadline) {
      pollfd p{watch, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        if (::waitpid(pid, nullptr, WNOHANG) == pid) FAIL("the run ended before writing");
        continue;
      }
      alignas(inotify_event) char buf[4096];
      const ssize_t n = ::read(watch, buf, sizeof buf);
      for (ssize_t i = 0; i < n && !sent;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + i);
        if (ev->len > 0 && std::string(ev->name).find(".reachplan-stage-") != std::string::npos) {
          ::kill(pid, sig);
          sent = true;
        }
        i += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      }
    }
    ::close(watch);
    REQUIRE(sent);
    int status = 0;
    ::waitpid(pid, &status, 0);
    // The process ends by the signal (shells report 130 / 143), after cleaning up.
    CHECK(WIFSIGNALED(status));
    if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == sig);
    CHECK_FALSE(has_temporaries(out));
    const auto now = snapshot(out);
    // Either the signal came while staging (nothing replaced) or during the renames, which
    // hold it until the set is complete (everything replaced); never a mix.
    if (now == before) {
      ++interrupted_while_staging;
    } else {
      CHECK(now == after);
    }
  }
  CHECK(interrupted_while_staging > 0);
}

TEST_CASE("validate makes every check run makes and lists every error of a file",
          "[cli][hostile]") {
  Scratch tmp("validate-all");
  spit(tmp / "net.yaml", rail_modes + "nodes:\n" + node_line(0, 100, 20) + node_line(1, 120, 40) +
                             "lines:\n  - {id: l, mode: rail, stops: [n0, n1]}\n");
  // Loads cleanly; only building the 1 m grid over 2 000 km shows it cannot run.
  const std::string grid =
      "scenario:\n  networks: [net.yaml]\n  outputs:\n    grid: {resolution_m: 1}\n"
      "    surfaces: [{id: t, kind: travel_time}]\n";
  spit(tmp / "grid.yaml", grid);
  const auto v = run({"validate", (tmp / "grid.yaml").string()}, tmp.dir());
  CHECK(v.code == 2);
  CHECK_THAT(v.err,
             Contains((tmp / "grid.yaml").string() + ":4:11: scenario.outputs.grid: a grid of "));
  CHECK_THAT(v.err, Contains("is too large"));
  const auto r = run({"run", (tmp / "grid.yaml").string(), "-o", (tmp / "o").string()}, tmp.dir());
  CHECK(r.code == 2);
  CHECK(r.err == v.err);  // the same check, the same words
  CHECK_FALSE(fs::exists(tmp / "o"));

  // Three mistakes in one file: three errors, one run, exit 2; the clean file beside it is ok.
  spit(tmp / "bad.yaml", rail_modes + "nodes:\n  - {id: a, lon: 0, lat: 0, popuation: 5}\n" +
                             "  - {id: b, lon: 1, lat: 95}\n" +
                             "lines:\n  - {id: ab, mode: rail, stops: [a, b], headway: 30}\n");
  spit(tmp / "ok.yaml", "scenario:\n  networks: [net.yaml]\n");
  const auto all =
      run({"validate", (tmp / "bad.yaml").string(), (tmp / "ok.yaml").string()}, tmp.dir());
  CHECK(all.code == 2);
  CHECK_THAT(all.err, Contains("nodes[0].popuation: unknown key 'popuation' (did you mean "
                               "'population'?)"));
  CHECK_THAT(all.err, Contains("nodes[1].lat: must be in [-90, 90] degrees (value '95')"));
  CHECK_THAT(all.err, Contains("lines[0].headway: unknown key 'headway'"));
  CHECK_THAT(all.out, Contains("ok.yaml: ok"));
}

// --- outputs that survive (issue 14): one commit protocol for every command -----------------

namespace {

const std::string compare_data = std::string(REACHPLAN_TEST_DATA) + "/compare/";

bool has_staging(const fs::path& folder) {
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().filename().string().rfind(".reachplan-stage-", 0) == 0) return true;
  return false;
}

// Whether `now` is exactly one of the complete sets.
bool one_of_sets(const std::map<std::string, std::string>& now,
                 const std::vector<std::map<std::string, std::string>>& sets) {
  for (const auto& s : sets)
    if (now == s) return true;
  return false;
}

}  // namespace

TEST_CASE("two runs writing one folder at once leave one complete set", "[cli][concurrency]") {
  Scratch tmp("race");
  const std::vector<std::string> scenarios = {"plan-z.yaml", "plan-all.yaml"};
  std::vector<std::map<std::string, std::string>> references;
  for (const auto& s : scenarios) {
    const fs::path ref = tmp / ("ref-" + s);
    REQUIRE(run({"run", compare_data + s, "-o", ref.string(), "-q"}, tmp.dir()).code == 0);
    references.push_back(snapshot(ref));
  }
  REQUIRE(references[0] != references[1]);
  const fs::path out = tmp / "out";
  // Both started together by a shell script; it fails unless both exit 0.
  const auto command = [&](const std::string& scenario) {
    return "'" + std::string(REACHPLAN_BIN) + "' run '" + compare_data + scenario + "' -o '" +
           out.string() + "' -q";
  };
  spit(tmp / "both.sh", command(scenarios[0]) + " & a=$!\n" + command(scenarios[1]) +
                            " & b=$!\nwait $a && wait $b\n");
  const std::string both = "sh '" + (tmp / "both.sh").string() + "'";
  for (int i = 0; i < 25; ++i) {
    INFO("try " << i);
    REQUIRE(std::system(both.c_str()) == 0);
    CHECK(one_of_sets(snapshot(out), references));
    CHECK_FALSE(has_staging(out));
  }
}

TEST_CASE("SIGKILL leaves the old set or a recorded commit the next run finishes",
          "[cli][interrupt]") {
  Scratch tmp("kill");
  const fs::path out = tmp / "out";
  const std::vector<std::string> compare = {"compare",
                                            compare_data + "base.yaml",
                                            compare_data + "plan-z.yaml",
                                            compare_data + "plan-all.yaml",
                                            "-o",
                                            out.string(),
                                            "-q"};
  REQUIRE(run(compare, tmp.dir()).code == 0);
  const auto complete = snapshot(out);
  std::mt19937 rng(14);
  for (int i = 0; i < 12; ++i) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      std::vector<std::string> args = compare;
      std::vector<char*> argv{const_cast<char*>(REACHPLAN_BIN)};
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(REACHPLAN_BIN, argv.data());
      ::_exit(127);
    }
    ::usleep(std::uniform_int_distribution<int>(20000, 400000)(rng));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  // Whatever the kills left, the next commit into the folder finishes or drops it first.
  REQUIRE(run(compare, tmp.dir()).code == 0);
  CHECK(snapshot(out) == complete);
  CHECK_FALSE(has_staging(out));
}

TEST_CASE("compare under a file size limit leaves the old set whole and no staging",
          "[cli][hostile]") {
  Scratch tmp("compare-efbig");
  const fs::path out = tmp / "out";
  // The old set: all of a smaller comparison's files, which the big one would replace.
  REQUIRE(run({"compare", compare_data + "base.yaml", compare_data + "plan-z.yaml", "-o",
               out.string(), "-q"},
              tmp.dir())
              .code == 0);
  const auto before = snapshot(out);
  const auto r = run({"compare", compare_data + "base.yaml", compare_data + "plan-z.yaml",
                      compare_data + "plan-all.yaml", "-o", out.string(), "-q"},
                     tmp.dir(), Limit::tiny_files);
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("File too large"));
  CHECK(snapshot(out) == before);
  CHECK_FALSE(has_staging(out));
}

TEST_CASE("an output that is one of the inputs is refused and the input kept", "[cli][hostile]") {
  Scratch tmp("in-out");
  const std::string osm = std::string(REACHPLAN_TEST_DATA) + "/osm/";
  fs::copy_file(osm + "points.csv", tmp / "pts.csv");
  const std::string points = slurp(tmp / "pts.csv");
  for (const std::string o : {"pts.csv", "./pts.csv"}) {
    INFO(o);
    const auto r = run({"matrix", "--network", osm + "town.osm", "--origins",
                        (tmp / "pts.csv").string(), "-o", (tmp.dir() / o).string(), "-q"},
                       tmp.dir());
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("it is the input file"));
    CHECK(slurp(tmp / "pts.csv") == points);
  }
  // A GeoPackage imported onto itself would lose the planner's other layers.
  const std::string layers = std::string(REACHPLAN_TEST_DATA) + "/layers/drawn.geojson";
  const std::string gpkg = (tmp / "planned.gpkg").string();
  REQUIRE(run({"import", "layer", layers, "--speed", "50", "-o", gpkg, "-q"}, tmp.dir()).code == 0);
  const std::string before = slurp(gpkg);
  const auto r = run(
      {"import", "layer", gpkg, "--layer", "road_edges", "--speed", "50", "-o", gpkg}, tmp.dir());
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("it is the input file"));
  CHECK(slurp(gpkg) == before);
}

TEST_CASE("special files as outputs are written through, never replaced", "[cli][hostile]") {
  Scratch tmp("special-out");
  const std::string osm = std::string(REACHPLAN_TEST_DATA) + "/osm/";
  const std::vector<std::string> matrix = {
      "matrix", "--network", osm + "town.osm", "--origins", osm + "points.csv", "-q", "-o"};
  auto with = [&](const std::string& o) {
    auto a = matrix;
    a.push_back(o);
    return a;
  };
  auto r = run(with("/dev/null"), tmp.dir());
  CHECK(r.code == 0);
  struct stat st {};
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  r = run(with("/dev/stdout"), tmp.dir());
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("origin,"));
  // A FIFO nobody reads: an error at once (no hang), the FIFO kept.
  REQUIRE(::mkfifo((tmp / "fifo").c_str(), 0600) == 0);
  r = run(with((tmp / "fifo").string()), tmp.dir());
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Contains("no reader"));
  REQUIRE(::lstat((tmp / "fifo").c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("a surface id cannot write outside the output folder", "[cli][hostile]") {
  Scratch tmp("surface-id");
  const std::string gis = std::string(REACHPLAN_TEST_DATA) + "/gis/gis.yaml";
  for (const std::string id : {"../escape", "/tmp/escape", ".hidden"}) {
    INFO(id);
    const auto r =
        run({"surface", gis, "--from", "hub", "--id", id, "-o", (tmp / "out").string(), "-q"},
            tmp.dir());
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("inside the output folder"));
  }
  CHECK_FALSE(fs::exists(tmp.dir() / "escape.tif"));
  CHECK_FALSE(fs::exists(tmp.dir().parent_path() / "escape.tif"));
}
