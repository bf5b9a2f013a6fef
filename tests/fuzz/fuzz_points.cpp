// libFuzzer entry point: points CSV (matrix origins and destinations). See the README.
#include <memory>

#include "fuzz_harness.hpp"

namespace {
std::unique_ptr<reachplan::fuzz::Workspace> workspace;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  workspace = std::make_unique<reachplan::fuzz::Workspace>(REACHPLAN_SOURCE_DIR);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reachplan::fuzz::fuzz_points(*workspace, data, size);
  return 0;
}
