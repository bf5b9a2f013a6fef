// reachplan: the command-line tool. Everything lives in the cli layer.
#include "reachplan/cli/main.hpp"

int main(int argc, char** argv) { return reachplan::cli::main(argc, argv); }
