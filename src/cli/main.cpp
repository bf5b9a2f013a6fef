#include "reachplan/cli/main.hpp"

namespace reachplan::cli {
int main(int, char**) { return exit_internal; }  // placeholder until the CLI lands
}  // namespace reachplan::cli
