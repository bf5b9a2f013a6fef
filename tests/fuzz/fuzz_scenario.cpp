// libFuzzer entry point: the YAML scenario loader, then a run of what loads. See the README.
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
  reachplan::fuzz::fuzz_scenario(*workspace, data, size);
  return 0;
}
