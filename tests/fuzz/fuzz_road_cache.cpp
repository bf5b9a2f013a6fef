// libFuzzer entry point: the binary road network cache. See the README.
#include <cstdlib>
#include <fstream>
#include <memory>

#include "fuzz_harness.hpp"

namespace {
std::unique_ptr<reachplan::fuzz::Workspace> workspace;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  workspace = std::make_unique<reachplan::fuzz::Workspace>(REACHPLAN_SOURCE_DIR);
  // run_fuzzers.sh asks for a seed: the body of a valid cache, which only the writer can make.
  if (const char* dir = std::getenv("REACHPLAN_FUZZ_SEED_DIR")) {
    std::ofstream(std::string(dir) + "/valid-small-network", std::ios::binary)
        << reachplan::fuzz::road_cache_seed(*workspace);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reachplan::fuzz::fuzz_road_cache(*workspace, data, size);
  return 0;
}
