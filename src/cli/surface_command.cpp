#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "gis_options.hpp"
#include "option_checks.hpp"
#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/grid.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/constants.hpp"
#include "reachplan/core/distributed.hpp"
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
  bool accessibility = false;     // --accessibility: --kind accessibility
  bool origins_per_cell = false;  // every cell an origin (cell_access), not the places' seeds
  std::optional<double> width;
  GridFlags grid;
};

model::SurfaceSpec surface_spec(const SurfaceOptions& o, const model::Scenario& scenario) {
  model::SurfaceSpec s;
  if (o.decay == "linear" || o.decay == "logistic" || o.width)
    throw core::UsageError(
        "--decay linear and logistic (and --width) are for every cell as an "
        "origin: add --origins-per-cell");
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
    if (!o.decay.empty() && o.decay != "step") {
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

// --origins-per-cell: the decay as cell_access takes it. Exponential keeps the meaning of
// --beta (e^(-beta t) = 2^(-t / half-life), half-life = ln 2 / beta).
analysis::DecayFunction every_cell_decay(const SurfaceOptions& o) {
  if (!o.from.empty() || !o.to.empty() || !o.minutes.empty())
    throw core::UsageError(
        "--origins-per-cell makes every cell an origin of an accessibility surface; it takes "
        "no --from, --to or --minutes");
  if (o.decay == "power")
    throw core::UsageError(
        "power decay is for the places' accessibility (without --origins-per-cell); every cell "
        "takes step, linear, exponential or logistic");
  analysis::DecayFunction d;
  d.kind = analysis::decay_kind(o.decay.empty() ? "step" : o.decay);
  const bool ramp = d.kind == analysis::DecayFunction::Kind::linear ||
                    d.kind == analysis::DecayFunction::Kind::logistic;
  if (o.width && !ramp) throw core::UsageError("--width is for --decay linear or logistic");
  if (d.kind == analysis::DecayFunction::Kind::exponential) {
    if (!o.beta) throw core::UsageError("--decay exponential needs --beta (per minute)");
    if (o.within) throw core::UsageError("exponential decay takes --beta, not --within");
    if (!(*o.beta > 0) || !std::isfinite(*o.beta))
      throw core::UsageError("--beta must be > 0 per minute (got " +
                             core::fixed_decimals(*o.beta, 4) + ")");
    d.cutoff_min = std::log(2.0) / *o.beta;
    if (d.cutoff_min > core::max_trip_minutes)
      throw core::UsageError("--beta must be at least " +
                             core::fixed_decimals(std::log(2.0) / core::max_trip_minutes, 6) +
                             " per minute (a half-life of at most a week; got " +
                             core::fixed_decimals(*o.beta, 8) + ")");
    return d;
  }
  if (o.beta) throw core::UsageError("--beta is for --decay exponential");
  d.cutoff_min = o.within.value_or(60.0);
  if (ramp) d.width_min = o.width.value_or(10.0);
  return d;
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

// Every cell an origin over the scenario's graph: each rank computes its blocks, rank 0 writes.
int every_cell_command(const SurfaceOptions& o, const CommonOptions& common,
                       const model::Scenario& scenario, const model::GisSpec& spec,
                       std::ostream& out, std::ostream& err) {
  analysis::ScenarioCellAccessRequest rq;
  rq.decay = every_cell_decay(o);
  rq.profile = spec.profile;
  rq.group = o.group;
  rq.threads = common.threads;
  rq.id = !o.id.empty() ? o.id
          : rq.decay.kind == analysis::DecayFunction::Kind::exponential
              ? "access_every_cell_exponential"
              : "access_every_cell_" + std::string(analysis::to_string(rq.decay.kind)) + "_" +
                    core::fixed_decimals(rq.decay.cutoff_min, 0) + "min";
  const std::string folder = o.output_folder.empty()
                                 ? (std::filesystem::path("out") / scenario.id).string()
                                 : o.output_folder;
  const auto in = [&](const std::string& name) {
    return output::output_path(folder, name, "surface id '" + rq.id + "'");
  };
  in(rq.id + ".tif");
  const analysis::Grid grid = analysis::make_grid(scenario, spec);
  analysis::ScenarioEngine engine(scenario, common.threads);
  analysis::check_memory(analysis::estimate_cell_access(engine.graph(rq.profile).vertex_count(),
                                                        grid.cell_count(), common.threads),
                         memory_limit(common));
  // Every cell is an origin and a destination: progress from 20 000 cells on, as for `access`.
  StderrProgress progress(
      err, core::is_root() && !common.quiet && (o.grid.progress || grid.cell_count() >= 20'000));
  const analysis::ScenarioCellAccessRun run =
      analysis::scenario_cell_access(engine, grid, spec.off_network, rq, progress.callback());
  if (!core::is_root()) return exit_ok;  // rank 0 has every value and writes them

  output::AtomicFileSet set;
  output::write_geotiff(set, in(run.surface.id + ".tif"), grid, run.surface, spec.cog);
  if (spec.quicklook)
    output::write_quicklook_png(set, in(run.surface.id + ".png"), grid, run.surface, scenario);
  const auto written = set.commit();
  if (!common.quiet) {
    const auto& a = run.access;
    out << "Scenario " << scenario.id << ", profile " << scenario.profile(rq.profile).id << "\n"
        << run.surface.title << "\n"
        << "Graph: " << run.vertices << " vertices, " << run.arcs
        << " arcs; sites: " << run.place_sites << " places, " << run.road_sites
        << " road vertices\n"
        << "Grid: " << grid.width << " x " << grid.height << " cells of " << spec.grid.resolution_m
        << " m, CRS " << grid.crs_name << "\n"
        << "Origins: " << a.joined_cells << " cells joined to " << a.searches << " sites; "
        << (grid.cell_count() - a.joined_cells) << " cells beyond the off-network limit are "
        << "nodata\n"
        << "Opportunities: " << core::fixed_decimals(a.opportunities_joined, 0) << " of "
        << core::fixed_decimals(a.opportunities, 0) << " reached by some cell ("
        << run.surface.metadata.at("opportunities") << ")\n"
        << "Values: " << value_range(run.surface) << "\n"
        << "Searches: " << core::fixed_decimals(a.seconds, 2) << " s\n"
        << "Wrote " << written.size() << " files to " << folder << "\n";
  }
  return exit_ok;
}

int surface_command(const SurfaceOptions& o, const CommonOptions& common, std::ostream& out,
                    std::ostream& err) {
  // Only every-cell accessibility is split over an MPI job's ranks; rank 0 does the rest alone.
  if (!o.origins_per_cell && !core::is_root()) return exit_ok;
  const auto l = load_scenario_file(o.scenario, common, err);
  model::GisSpec spec = l.scenario.gis;
  apply_grid_flags(o.grid, spec);
  if (!o.profile.empty()) spec.profile = o.profile;
  if (o.origins_per_cell) return every_cell_command(o, common, l.scenario, spec, out, err);
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
  cmd->add_flag("--accessibility", o->accessibility, "Same as --kind accessibility");
  cmd->add_flag("--origins-per-cell", o->origins_per_cell,
                "Accessibility with every cell an origin, over the scenario's graph and its "
                "road network (split over MPI ranks)");
  cmd->add_option("--within", o->within,
                  "Accessibility: count the population within this many minutes (default 60)");
  cmd->add_option("--decay", o->decay,
                  "Accessibility: step (the cut-off, default), exponential or power; with "
                  "--origins-per-cell also linear or logistic")
      ->check(CLI::IsMember({"step", "exponential", "power", "linear", "logistic"}));
  cmd->add_option("--width", o->width,
                  "--origins-per-cell: minutes of the ramp (linear) or the standard deviation "
                  "(logistic) around --within (default 10)")
      ->check(greater_than(0, "min"));
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
  return {cmd,
          [o, &common](std::ostream& out, std::ostream& err) {
            if (o->accessibility || o->origins_per_cell) {
              if (o->kind != "travel_time" && o->kind != "accessibility")
                throw core::UsageError("unknown --kind '" + o->kind + "'");
              o->kind = "accessibility";
            }
            return surface_command(*o, common, out, err);
          },
          /*distributed=*/true};
}

}  // namespace reachplan::cli
