#include <glob.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <ostream>

#include "measure_options.hpp"
#include "progress.hpp"
#include "reachplan/analysis/compare.hpp"
#include "reachplan/analysis/compare_surfaces.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/compare_tables.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

struct CompareCliOptions {
  std::vector<std::string> files;
  std::string output_folder = "out/compare";
  std::string baseline;
  std::vector<int> years;
  bool keep_order = false;
  bool no_rank = false;
  bool no_robustness = false;
  bool segments = false;
  bool no_surfaces = false;
  std::string rank_order = "benefit";
  analysis::MeasureSpec measure;
};

// Patterns the shell did not expand (quoted, or no shell) are expanded here; a pattern that
// matches nothing stays as given and fails to load like any missing file.
std::vector<std::string> expand(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (a.find_first_of("*?[") == std::string::npos || std::filesystem::exists(a, ec)) {
      out.push_back(a);
      continue;
    }
    glob_t g{};
    if (::glob(a.c_str(), 0, nullptr, &g) == 0) {
      for (std::size_t i = 0; i < g.gl_pathc; ++i) out.push_back(g.gl_pathv[i]);
    } else {
      out.push_back(a);
    }
    ::globfree(&g);
  }
  return out;
}

int compare_command(const CompareCliOptions& o, const CommonOptions& common, std::ostream& out,
                    std::ostream& err) {
  const auto files = expand(o.files);
  // Each load keeps its warnings; they are printed afterwards in the order given.
  std::vector<std::vector<io::Warning>> warnings(files.size());
  std::vector<analysis::VersionSource> sources;
  for (std::size_t i = 0; i < files.size(); ++i) {
    sources.push_back({files[i], [&, i] {
                         return io::load_scenario(files[i], warnings[i], load_options(common));
                       }});
  }
  analysis::CompareOptions options;
  options.measure = o.measure;
  options.years = o.years;
  options.baseline = o.baseline;
  options.keep_order = o.keep_order;
  options.rank = !o.no_rank;
  options.robustness = !o.no_robustness;
  options.robustness_segments = o.segments;
  options.rank_order = *analysis::rank_order_from_string(o.rank_order);  // checked when parsed
  options.threads = common.threads;
  options.memory_limit = memory_limit(common);
  Progress progress(err, !common.quiet);
  options.progress = [&](const std::string& stage, std::size_t done, std::size_t total,
                         const std::string& item) { progress(stage, done, total, item); };

  const auto cmp = analysis::compare_versions(sources, options);
  progress.finish();
  for (std::size_t i = 0; i < files.size(); ++i)
    for (const auto& w : warnings[i]) err << "warning: " << w.str() << "\n";
  // Load errors already name the file (file:line:column); others get it in front.
  for (const auto& f : cmp.failures)
    err << "error: " << (f.message.rfind(f.file, 0) == 0 ? "" : f.file + ": ") << f.message << "\n";
  if (cmp.versions.empty()) {
    err << "error: no scenario ran; nothing written\n";
    return exit_bad_input;
  }
  // Delta rasters when the baseline asks for surfaces (outputs: surfaces:), on its grid.
  std::optional<analysis::Grid> grid;
  std::optional<analysis::SurfaceComparison> surfaces;
  if (!o.no_surfaces && analysis::wants_surfaces(cmp)) {
    const auto& base = cmp.versions[cmp.baseline].scenario;
    grid = analysis::make_grid(base, base.gis);
    surfaces = analysis::compare_surfaces(cmp, *grid, common.threads);
    for (const auto& note : surfaces->notes) err << "warning: " << note << "\n";
  }
  const auto written = output::write_compare_outputs(
      o.output_folder, cmp, surfaces ? &*surfaces : nullptr, grid ? &*grid : nullptr);
  if (!common.quiet) {
    out << output::comparison_text(cmp);
    out << "\nWrote " << written.size() << " files to " << o.output_folder << "\n";
  }
  if (!cmp.all_ran()) {
    err << "error: " << cmp.failures.size() << " of "
        << files.size() * std::max<std::size_t>(1, o.years.size())
        << " versions did not run (see above); the others were compared\n";
    return exit_bad_input;
  }
  return exit_ok;
}

}  // namespace

Registered register_compare(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<CompareCliOptions>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare plan versions: targets, key pairs, minutes saved, accessibility, newly met and "
      "still failing pairs, the ranking of planned lines, N-1, and an HTML report");
  cmd->add_option("scenarios", o->files, "Scenario files (globs allowed)")->required();
  cmd->add_option("-o,--output", o->output_folder, "Output folder")->capture_default_str();
  cmd->add_option("--baseline", o->baseline,
                  "Baseline version (id or file; default: the first in order)");
  cmd->add_option("--years", o->years,
                  "Phasing: run the one scenario at each year (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_flag("--keep-order", o->keep_order,
                "Keep the order given (default: parents first via extends, then by year)");
  cmd->add_flag("--no-rank", o->no_rank, "Skip the ranking of the last version's lines");
  cmd->add_flag("--no-n-1", o->no_robustness, "Skip the N-1 check of the last version");
  cmd->add_flag("--segments", o->segments, "N-1 cuts each segment instead of each line");
  cmd->add_flag("--no-surfaces", o->no_surfaces,
                "Skip the delta rasters of the baseline's surfaces (outputs: surfaces:)");
  cmd->add_option("--rank-order", o->rank_order, "Ranking order: benefit, loss, targets, access")
      ->capture_default_str()
      ->check(rank_order_check());
  add_measure_options(cmd, o->measure);
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream& err) {
            return compare_command(*o, common, out, err);
          }};
}

}  // namespace reachplan::cli
