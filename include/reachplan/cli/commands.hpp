// One function per CLI command. Each returns an exit code and throws core errors upward.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace reachplan::cli {

struct CommonOptions {
  bool quiet = false;
  bool strict = false;
  unsigned threads = 0;
};

struct RunOptions {
  std::string scenario;
  std::string output_folder;  // empty: out/<scenario id>
};
int run_command(const RunOptions& options, const CommonOptions& common, std::ostream& out,
                std::ostream& err);

int check_command(const std::string& scenario, const CommonOptions& common, std::ostream& out,
                  std::ostream& err);

int validate_command(const std::vector<std::string>& files, const CommonOptions& common,
                     std::ostream& out, std::ostream& err);

struct RouteOptions {
  std::string scenario;
  std::string from;
  std::string to;
  std::string profile;  // empty: the scenario's default
};
int route_command(const RouteOptions& options, const CommonOptions& common, std::ostream& out,
                  std::ostream& err);

}  // namespace reachplan::cli
