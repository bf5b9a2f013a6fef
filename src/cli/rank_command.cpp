#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "measure_options.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/ranking.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/output/rank_tables.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace fs = std::filesystem;

namespace {

struct RankCliOptions {
  std::string plan;
  std::string against;
  std::string output_folder;  // empty: out/rank-<plan id>
  std::string order = "benefit";
  std::size_t top = 0;
  bool no_reuse = false;
  analysis::MeasureSpec measure;
};

// `--against baseline-2024.yaml` next to the plan reads naturally; try the plan's folder when
// the path does not exist as given.
std::string resolve_against(const std::string& against, const std::string& plan) {
  std::error_code ec;
  if (fs::exists(against, ec) || fs::path(against).is_absolute()) return against;
  const fs::path sibling = fs::path(plan).parent_path() / against;
  return fs::exists(sibling, ec) ? sibling.string() : against;
}

int rank_command(const RankCliOptions& o, const CommonOptions& common, std::ostream& out,
                 std::ostream& err) {
  const auto plan = load_scenario_file(o.plan, common, err);
  const auto base = load_scenario_file(resolve_against(o.against, o.plan), common, err);
  // Variants are evaluated one at a time: the peak is about one run of the larger scenario.
  for (const auto* s : {&plan.scenario, &base.scenario})
    analysis::check_memory(analysis::estimate_scenario(*s, nullptr), memory_limit(common));
  std::vector<std::string> notes;  // the ranking makes its own; the mask only draws the map
  const auto mask = analysis::baseline_mask(plan.scenario, base.scenario, notes);

  analysis::RankOptions options;
  options.measure = o.measure;
  options.order = *analysis::rank_order_from_string(o.order);  // checked when parsed
  options.threads = common.threads;
  options.reuse = !o.no_reuse;
  const auto start = std::chrono::steady_clock::now();
  // Against the baseline scenario itself, so that the plan's removals and changes count.
  auto ranking = analysis::rank_lines(plan.scenario, base.scenario, base.scenario.id, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::string folder = o.output_folder.empty()
                                 ? (fs::path("out") / ("rank-" + plan.scenario.id)).string()
                                 : o.output_folder;
  const auto written = output::write_rank_outputs(folder, ranking, plan.scenario, mask);
  if (!common.quiet) {
    out << output::ranking_text(ranking, o.top);
    out << "\nWrote " << written.size() << " files to " << folder << "\n";
    // Timing is not part of any output file (those stay byte-identical between runs).
    char line[200];
    std::snprintf(line, sizeof line,
                  "ranked %zu lines: %zu networks, %zu searches run, %zu repaired, %zu reused, "
                  "%.3f s\n",
                  ranking.lines.size(), ranking.variants, ranking.searches_run,
                  ranking.searches_repaired, ranking.searches_reused, seconds);
    err << line;
  }
  return exit_ok;
}

}  // namespace

Registered register_rank(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<RankCliOptions>();
  auto* cmd = app.add_subcommand(
      "rank",
      "Rank the lines a plan builds beyond a baseline: each added alone to the baseline and "
      "removed alone from the plan");
  cmd->add_option("plan", o->plan, "Scenario with the full plan")->required();
  cmd->add_option("--against", o->against, "Baseline scenario (a path, or a file next to the plan)")
      ->required();
  cmd->add_option("-o,--output", o->output_folder, "Output folder (default: out/rank-<plan id>)");
  cmd->add_option("--order", o->order, "Sort by: benefit, loss, targets, access")
      ->capture_default_str()
      ->check(rank_order_check());
  cmd->add_option("--top", o->top, "Print only the first N lines (0 = all)")->capture_default_str();
  cmd->add_flag("--no-reuse", o->no_reuse,
                "Re-run every search instead of reusing unaffected ones (for benchmarks)");
  add_measure_options(cmd, o->measure);
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream& err) {
            return rank_command(*o, common, out, err);
          }};
}

}  // namespace reachplan::cli
