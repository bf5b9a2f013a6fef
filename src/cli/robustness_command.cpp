#include <CLI/CLI.hpp>
#include <filesystem>
#include <ostream>

#include "measure_options.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/robustness.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/output/rank_tables.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

struct RobustnessCliOptions {
  std::string scenario;
  std::string output_folder;  // empty: out/n-1-<scenario id>
  bool segments = false;
  std::size_t top = 20;
  bool no_reuse = false;
  analysis::MeasureSpec measure;
};

int robustness_command(const RobustnessCliOptions& o, const CommonOptions& common,
                       std::ostream& out, std::ostream& err) {
  const auto l = load_scenario_file(o.scenario, common, err);
  // One outage is evaluated at a time: the peak is about one run of the scenario.
  analysis::check_memory(analysis::estimate_scenario(l.scenario, nullptr), memory_limit(common));
  analysis::RobustnessOptions options;
  options.measure = o.measure;
  options.segments = o.segments;
  options.threads = common.threads;
  options.reuse = !o.no_reuse;
  const auto r = analysis::n_minus_one(l.scenario, options);
  const std::string folder =
      o.output_folder.empty() ? (std::filesystem::path("out") / ("n-1-" + l.scenario.id)).string()
                              : o.output_folder;
  const auto written = output::write_robustness_outputs(folder, r, l.scenario);
  if (!common.quiet) {
    out << output::robustness_text(r, o.top);
    out << "\nWrote " << written.size() << " files to " << folder << "\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_robustness(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<RobustnessCliOptions>();
  auto* cmd = app.add_subcommand(
      "robustness",
      "N-1: remove each built line (or cut each segment) in turn; report which targets break "
      "and by how much");
  cmd->add_option("scenario", o->scenario, "Scenario YAML file")->required();
  cmd->add_option("-o,--output", o->output_folder,
                  "Output folder (default: out/n-1-<scenario id>)");
  cmd->add_flag("--segments", o->segments,
                "Cut each segment between adjacent stops (every line of the mode over it) "
                "instead of removing each line");
  cmd->add_option("--top", o->top, "Print only the first N outages (0 = all)")
      ->capture_default_str();
  cmd->add_flag("--no-reuse", o->no_reuse, "Re-run every search (for benchmarks)");
  add_measure_options(cmd, o->measure);
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream& err) {
            return robustness_command(*o, common, out, err);
          }};
}

}  // namespace reachplan::cli
