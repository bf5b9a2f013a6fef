// Runs the reachplan binary the way a user does (from a data folder, through the shell) and
// captures its exit code, stdout and stderr. Shared by the end-to-end test files.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cli_test {

namespace fs = std::filesystem;

struct Result {
  int code = -1;  // exit code; -1 when ended by a signal
  std::string out;
  std::string err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An empty folder <tmp>/reachplan-<suite>-<pid>/<name>, emptied again on every call.
inline fs::path scratch_dir(const std::string& suite, const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 ("reachplan-" + suite + "-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs `[env] reachplan <args>` in tests/data/<data_folder>; stdout and stderr go through
// files in the suite's scratch folder (".stdio", a name no test uses).
inline Result run_reachplan(const std::string& suite, const std::string& data_folder,
                            const std::string& args, const std::string& env = "") {
  const fs::path dir = scratch_dir(suite, ".stdio");
  const std::string cmd = std::string("cd '") + REACHPLAN_TEST_DATA + "/" + data_folder +
                          "' && " + env + (env.empty() ? "" : " ") + "'" + REACHPLAN_BIN + "' " +
                          args + " >'" + (dir / "out").string() + "' 2>'" +
                          (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  return r;
}

}  // namespace cli_test
