// libFuzzer entry point for one reader. Each fuzz_<target> executable compiles this file with
// REACHPLAN_FUZZ_TARGET set to the harness function it drives (tests/fuzz/CMakeLists.txt).
#include <memory>

#include "fuzz_harness.hpp"

namespace {
std::unique_ptr<reachplan::fuzz::Workspace> workspace;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  workspace = std::make_unique<reachplan::fuzz::Workspace>(REACHPLAN_SOURCE_DIR);
  reachplan::fuzz::write_generated_seeds(*workspace);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reachplan::fuzz::REACHPLAN_FUZZ_TARGET(*workspace, data, size);
  return 0;
}
