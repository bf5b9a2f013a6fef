#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "gis_options.hpp"
#include "option_checks.hpp"
#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

struct SurfaceOptions {
  std::string scenario;
  std::string output_folder;
  std::vector<std::string> from, to;
  std::string kind = "travel_time";
  std::optional<double> within;
  std::string decay;
  std::optional<double> beta;
  std::string group;
  std::string profile;
  std::vector<double> minutes;  // isochrone thresholds
  std::string id;
  GridFlags grid;
};

model::SurfaceSpec surface_spec(const SurfaceOptions& o, const model::Scenario& scenario) {
  model::SurfaceSpec s;
  if (o.kind == "accessibility") {
    s.kind = model::SurfaceSpec::Kind::accessibility;
    if (!o.from.empty() || !o.to.empty())
      throw core::UsageError(
          "an accessibility surface counts from every cell; name the "
          "destinations with --group, not --from/--to");
    if (!o.minutes.empty())
      throw core::UsageError("isochrones (--minutes) come from travel-time surfaces");
    if (o.within) s.max_minutes = *o.within;
    if (!o.group.empty()) s.group = o.group;
    if (!o.decay.empty()) {
      s.decay = o.decay == "exponential" ? model::SurfaceSpec::Decay::exponential
                                         : model::SurfaceSpec::Decay::power;
      if (!o.beta) throw core::UsageError("--decay needs --beta");
      s.beta = *o.beta;
    }
    std::ostringstream within;
    within << s.max_minutes;
    s.id = !o.id.empty()                                ? o.id
           : s.decay == model::SurfaceSpec::Decay::none ? "access_" + within.str() + "min"
                                                        : "access_" + o.decay;
    return s;
  }
  if (o.from.empty() == o.to.empty())
    throw core::UsageError(
        "give the places with --from (times from them to every cell) or "
        "--to (times from every cell to the nearest of them)");
  if (!o.decay.empty() || o.beta || o.within || !o.group.empty())
    throw core::UsageError("--within, --decay, --beta and --group are for --kind accessibility");
  s.kind = model::SurfaceSpec::Kind::travel_time;
  s.to_places = !o.to.empty();
  s.places = place_or_group_ids(scenario, s.to_places ? o.to : o.from);
  s.id =
      !o.id.empty() ? o.id : (s.to_places ? "time_to_" : "time_from_") + core::join(s.places, "+");
  return s;
}

std::string value_range(const analysis::Surface& s) {
  float lo = INFINITY, hi = -INFINITY;
  std::size_t nodata = 0;
  for (float v : s.values) {
    if (std::isnan(v)) {
      ++nodata;
      continue;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return "every cell is nodata";
  const bool minutes = s.kind == model::SurfaceSpec::Kind::travel_time;
  std::string text = minutes ? core::format_hmm(lo) + " to " + core::format_hmm(hi)
                             : std::to_string(std::lround(lo)) + " to " +
                                   std::to_string(std::lround(hi)) + " " + s.unit;
  if (nodata) text += ", " + std::to_string(nodata) + " nodata cells";
  return text;
}

int surface_command(const SurfaceOptions& o, const CommonOptions& common, std::ostream& out,
                    std::ostream& err) {
  const auto l = load_scenario_file(o.scenario, common, err);
  model::GisSpec spec = l.scenario.gis;
  apply_grid_flags(o.grid, spec);
  if (!o.profile.empty()) spec.profile = o.profile;
  model::SurfaceSpec surface = surface_spec(o, l.scenario);
  const std::string folder = o.output_folder.empty()
                                 ? (std::filesystem::path("out") / l.scenario.id).string()
                                 : o.output_folder;
  // The id names the files: checked before any work, so `--id ../x` never leaves the folder.
  const auto in = [&](const std::string& name) {
    return output::output_path(folder, name, "surface id '" + surface.id + "'");
  };
  in(surface.id + ".tif");
  spec.surfaces = {surface};
  spec.layers.clear();
  // Every name and number is checked before the grid is built or anything is written.
  analysis::check_gis_request(l.scenario, spec);
  const analysis::Grid grid = analysis::make_grid(l.scenario, spec);
  analysis::check_memory(analysis::estimate_surface(l.scenario, grid, surface),
                         memory_limit(common));

  StderrProgress progress(err, wants_progress(grid.cell_count(), common.quiet, o.grid.progress));
  const auto report = progress.callback();
  analysis::ScenarioEngine engine(l.scenario, common.threads);
  const std::string profile = l.scenario.profile(spec.profile).id;
  const analysis::Surface result = analysis::compute_surface(
      engine, grid, surface, spec.off_network, profile, common.threads, report);

  output::AtomicFileSet set;
  output::write_geotiff(set, in(result.id + ".tif"), grid, result, spec.cog, report);
  if (spec.quicklook)
    output::write_quicklook_png(set, in(result.id + ".png"), grid, result, l.scenario);
  if (!o.minutes.empty()) {
    auto thresholds = o.minutes;
    std::sort(thresholds.begin(), thresholds.end());
    output::write_isochrones(set, in(result.id + "_isochrones.geojson"), false, grid, {result},
                             thresholds, report);
  }
  const auto written = set.commit();

  if (!common.quiet) {
    out << "Scenario " << l.scenario.id << ", profile " << profile << "\n"
        << result.title << "\n"
        << "Grid: " << grid.width << " x " << grid.height << " cells of " << spec.grid.resolution_m
        << " m, CRS " << grid.crs_name << "\n"
        << "Values: " << value_range(result) << "\n"
        << "Wrote " << written.size() << " files to " << folder << "\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_surface(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<SurfaceOptions>();
  auto* cmd = app.add_subcommand(
      "surface",
      "Write a travel-time or accessibility surface (GeoTIFF + PNG, optional isochrones)");
  cmd->add_option("scenario", o->scenario, "Scenario YAML file")->required();
  cmd->add_option("--from", o->from,
                  "Places (group ids, or place id, name or name_zh): minutes from them to each "
                  "cell")
      ->delimiter(',');
  cmd->add_option("--to", o->to,
                  "Places (group ids, or place id, name or name_zh): minutes from each cell to "
                  "the nearest of them")
      ->delimiter(',');
  cmd->add_option("--kind", o->kind, "travel_time (default) or accessibility")
      ->check(CLI::IsMember({"travel_time", "accessibility"}));
  cmd->add_option("--within", o->within,
                  "Accessibility: count the population within this many minutes (default 60)");
  cmd->add_option("--decay", o->decay, "Accessibility: gravity decay instead of a cut-off")
      ->check(CLI::IsMember({"exponential", "power"}));
  cmd->add_option("--beta", o->beta,
                  "Gravity decay parameter (exponential: per minute; power: the exponent)");
  cmd->add_option("--group", o->group, "Accessibility: destinations (default every node)");
  cmd->add_option("-p,--profile", o->profile, "Routing profile (default: the scenario's)");
  cmd->add_option("--minutes", o->minutes,
                  "Also write isochrone polygons at these minutes, e.g. 30,60,90,120")
      ->delimiter(',')
      ->check(greater_than(0));
  cmd->add_option("--id", o->id, "File name stem (default e.g. time_from_wuhan)");
  cmd->add_option("-o,--output", o->output_folder, "Output folder (default: out/<scenario id>)");
  add_grid_flags(cmd, o->grid);
  add_common_options(cmd, common);
  return {cmd, [o, &common](std::ostream& out, std::ostream& err) {
            return surface_command(*o, common, out, err);
          }};
}

}  // namespace reachplan::cli
