#include <CLI/CLI.hpp>
#include <algorithm>
#include <optional>
#include <ostream>
#include <string_view>

#include <filesystem>
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "gis_options.hpp"
#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/analysis/run.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/core/paths.hpp"
#include "reachplan/model/outputs.hpp"
#include "reachplan/output/run_outputs.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

struct RunOptions {
  std::string scenario;
  std::string output_folder;  // empty: out/<scenario id>
  // GIS flags: override the scenario's `outputs:` settings.
  std::vector<std::string> layers, formats, isochrones_from;
  std::vector<double> minutes;
  bool omx = false;
  GridFlags grid;
};

void apply_gis_flags(const RunOptions& o, model::Scenario& scenario) {
  model::GisSpec& spec = scenario.gis;
  apply_grid_flags(o.grid, spec);
  if (!o.layers.empty()) spec.layers = o.layers;
  if (!o.formats.empty()) spec.formats = o.formats;
  if (!o.isochrones_from.empty() || !o.minutes.empty()) {
    if (!o.isochrones_from.empty())
      spec.isochrones.places = place_or_group_ids(scenario, o.isochrones_from);
    if (!o.minutes.empty()) {
      spec.isochrones.minutes = o.minutes;
      std::sort(spec.isochrones.minutes.begin(), spec.isochrones.minutes.end());
    }
    if (!spec.wants_layer("isochrones")) spec.layers.push_back("isochrones");
  }
  if (!spec.formats.empty() && spec.layers.empty()) spec.layers = model::default_layers();
  if (o.omx) spec.omx = true;
}

// Resolved absolute paths: `extends:` and `networks:` may reach outside the scenario's folder
// (allowed), and the summary should say exactly which files those were.
std::vector<output::InputFile> hash_inputs(const model::Scenario& s) {
  std::vector<output::InputFile> files;
  for (const auto& f : s.input_files)
    files.push_back({core::canonical_path(f), core::sha256_file(f)});
  return files;
}

int run_command(const RunOptions& options, const CommonOptions& common, std::ostream& out,
                std::ostream& err) {
  auto l = load_scenario_file(options.scenario, common, err);
  apply_gis_flags(options, l.scenario);
  // Before any work, so that bad input writes nothing; `validate` makes the same checks.
  auto checks = check_runnable(l.scenario, common);
  const model::GisSpec& gis_spec = l.scenario.gis;
  const std::optional<analysis::Grid>& grid = checks.grid;
  const auto inputs = hash_inputs(l.scenario);
  const auto result = analysis::run_scenario(*checks.engine);
  StderrProgress progress(
      err, grid && wants_progress(grid->cell_count(), common.quiet, options.grid.progress));
  std::optional<analysis::GisResult> gis;
  if (!gis_spec.empty())
    gis = analysis::compute_gis(l.scenario, result, grid ? &*grid : nullptr, common.threads,
                                progress.callback());
  const std::string folder = options.output_folder.empty()
                                 ? (std::filesystem::path("out") / l.scenario.id).string()
                                 : options.output_folder;
  const auto written = output::write_run_outputs(folder, l.scenario, result, inputs, l.warnings,
                                                 gis ? &*gis : nullptr, progress.callback());
  if (!common.quiet) {
    out << output::summary_text(result);
    out << "\nWrote " << written.size() << " files to " << folder << "\n";
    // The files a planner opens first, named so the run says where its map is.
    for (const char* name : {"map.png", "project.qgs"})
      for (const auto& w : written)
        if (std::filesystem::path(w).filename() == name)
          out << (std::string_view(name) == "map.png" ? "  map:  " : "  QGIS: ") << w << "\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_run(CLI::App& app, CommonOptions& common) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run", "Run a scenario: print the matrix and target verdicts, write the outputs");
  cmd->add_option("scenario", options->scenario, "Scenario YAML file")->required();
  cmd->add_option("-o,--output", options->output_folder,
                  "Output folder (default: out/<scenario id>)");
  cmd->add_option("--layers", options->layers, "GIS layers: nodes,links,od,isochrones")
      ->delimiter(',')
      ->check(CLI::IsMember(model::layer_names()));
  cmd->add_option("--format", options->formats, "Layer formats: geojson,gpkg (default geojson)")
      ->delimiter(',')
      ->check(CLI::IsMember(model::layer_formats()));
  cmd->add_option("--isochrones-from", options->isochrones_from,
                  "Isochrone places (group ids, or place id, name or name_zh; default each "
                  "key-group member)")
      ->delimiter(',');
  cmd->add_option("--minutes", options->minutes, "Isochrone thresholds (default 30,60,90,120)")
      ->delimiter(',');
  cmd->add_flag("--omx", options->omx, "Also write the matrices as OMX (matrices.omx)");
  add_grid_flags(cmd, options->grid);
  add_common_options(cmd, common);
  return {cmd, [options, &common](std::ostream& out, std::ostream& err) {
            return run_command(*options, common, out, err);
          }};
}

}  // namespace reachplan::cli
