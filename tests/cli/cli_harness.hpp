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
  fs::path dir =
      fs::temp_directory_path() / ("reachplan-" + suite + "-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs `[env] reachplan <args>` in tests/data/<data_folder>; stdout and stderr go through
// files in the suite's scratch folder (".stdio", a name no test uses).
inline Result run_reachplan(const std::string& suite, const std::string& data_folder,
                            const std::string& args, const std::string& env = "") {
  const fs::path dir = scratch_dir(suite, ".stdio");
  const std::string cmd = std::string("cd '") + REACHPLAN_TEST_DATA + "/" + data_folder + "' && " +
                          env + (env.empty() ? "" : " ") + "'" + REACHPLAN_BIN + "' " + args +
                          " >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  return r;
}

// mpirun, for the MPI tests; empty in a build without MPI (they then only say so).
inline const std::string mpirun = REACHPLAN_MPIRUN;

// mpirun as root needs its consent, as CI runs it; containers often forbid the cross-memory
// attach OpenMPI copies with between ranks on one machine, so it is off (plain shared memory
// copies). `vars` are more environment for the ranks, and every run is bounded, so a hang
// fails the test instead of holding the suite.
inline std::string mpirun_command(int ranks, const std::string& vars = "") {
  return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
         "OMPI_MCA_btl_vader_single_copy_mechanism=none " +
         vars + " timeout 120 '" + mpirun + "' -np " + std::to_string(ranks) + " --oversubscribe";
}

}  // namespace cli_test
