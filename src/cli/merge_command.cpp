// `reachplan merge`: joins the part folders of `matrix --shard k/n` (one job-array task each)
// into the matrix the unsharded run writes, byte for byte. The checks and the files are
// output::merge_matrix_shards's.
#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/output/matrix_shards.hpp"

namespace reachplan::cli {

namespace {

struct MergeOptions {
  std::vector<std::string> folders;
  std::string output, points_out;
};

int merge_command(const MergeOptions& o, const CommonOptions& common, std::ostream& out) {
  const output::MergedMatrix m = output::merge_matrix_shards(o.folders, o.output, o.points_out);
  if (!common.quiet) {
    out << "Merged " << m.parts << " parts: matrix " << m.origins << " x " << m.destinations
        << "\nWrote";
    for (const auto& path : m.written)
      if (path.size() < 5 || path.compare(path.size() - 5, 5, ".csvt") != 0) out << " " << path;
    out << "\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_merge(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<MergeOptions>();
  auto* cmd = app.add_subcommand(
      "merge",
      "Join the part folders of `matrix --shard k/n` (e.g. a Slurm array's tasks) into the one "
      "matrix CSV the unsharded run writes");
  cmd->add_option("folders", o->folders, "The part folders, every shard of one job, any order")
      ->required();
  cmd->add_option("-o,--output", o->output, "Matrix CSV to write")->required();
  cmd->add_option("--points-out", o->points_out,
                  "Also write how each point was matched (vertex, snap distance) to this CSV");
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream&) {
            return merge_command(*o, common, out);
          }};
}

}  // namespace reachplan::cli
