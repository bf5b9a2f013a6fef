// `reachplan access`: per-cell accessibility over a road network, every cell an origin. The work
// is analysis::run_cell_access; the GeoTIFF is output's.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>

#include "gis_options.hpp"
#include "option_checks.hpp"
#include "reachplan/analysis/cell_access.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/distributed.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::cli {

namespace {

struct AccessOptions {
  analysis::CellAccessRequest request;
  std::string decay = "step";
  std::vector<double> extent;
  std::optional<double> margin_km;
  std::string output;
  bool cog = false;
  bool no_cache = false;
  bool progress = false;
};

int access_command(const AccessOptions& o, const CommonOptions& common, std::ostream& out,
                   std::ostream& err) {
  analysis::CellAccessRequest rq = o.request;
  rq.settings.decay.kind = analysis::decay_kind(o.decay);
  if (!o.extent.empty()) {
    if (o.extent.size() != 4)
      throw core::UsageError("--extent needs four numbers: lon_min,lat_min,lon_max,lat_max");
    rq.grid.extent = o.extent;
  }
  // Beyond the network every cell is nodata: no margin unless asked.
  rq.grid.margin_km = o.margin_km.value_or(0.0);
  rq.settings.threads = common.threads;
  rq.use_cache = !o.no_cache;
  rq.max_memory = memory_limit(common);
  rq.warn = [&err](const std::string& w) { err << "warning: " << w << "\n"; };
  // Checked before any work, so a name the folder cannot take fails at once.
  const std::filesystem::path target(o.output);
  if (target.extension() != ".tif" && target.extension() != ".tiff")
    throw core::UsageError("-o must name a GeoTIFF (.tif), got '" + o.output + "'");
  // Every cell is an origin and a destination: the work grows with the square of the cells,
  // so progress shows from 20 000 cells on (a few seconds), not only for big grids.
  StderrProgress progress(err, !common.quiet);
  const analysis::CellAccessRun run = analysis::run_cell_access(
      rq, progress.callback(), [&](std::size_t cells) { return o.progress || cells >= 20'000; });
  if (!core::is_root()) return exit_ok;  // rank 0 has every value and writes them

  output::AtomicFileSet set;
  output::write_geotiff(set, o.output, run.grid, run.surface, o.cog);
  set.commit();
  if (!common.quiet) {
    const auto& a = run.access;
    float hi = 0;
    for (float v : a.values)
      if (!std::isnan(v)) hi = std::max(hi, v);
    out << run.surface.title << "\n"
        << "Network: " << run.vertices << " vertices, " << run.edges << " edges (" << rq.network
        << ")\n"
        << "Grid: " << run.grid.width << " x " << run.grid.height << " cells of "
        << rq.grid.resolution_m << " m, CRS " << run.grid.crs_name << "\n"
        << "Origins: " << a.joined_cells << " cells joined to " << a.searches << " vertices; "
        << (run.grid.cell_count() - a.joined_cells) << " cells farther than "
        << rq.settings.max_snap_m << " m from any road are nodata\n"
        << "Opportunities: " << core::fixed_decimals(a.opportunities_joined, 0) << " of "
        << core::fixed_decimals(a.opportunities, 0) << " in joined cells; highest value "
        << core::fixed_decimals(hi, 0) << " " << run.surface.unit << "\n"
        << "Searches: " << core::fixed_decimals(a.seconds, 2) << " s, "
        << core::fixed_decimals(a.seconds > 0 ? a.joined_cells / a.seconds : 0.0, 0)
        << " origin cells a second\n"
        << "Wrote " << o.output << "\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_access(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<AccessOptions>();
  analysis::CellAccessRequest& rq = o->request;
  auto* cmd = app.add_subcommand(
      "access",
      "Accessibility of every grid cell over a road network: the opportunities each cell "
      "reaches within a time, or weighted by a decay function (GeoTIFF)");
  cmd->add_option("--network", rq.network,
                  "Road network: .osm.pbf/.osm/.opl or a .gpkg from `reachplan import`")
      ->required();
  cmd->add_option("--profile", rq.profile,
                  "OSM input: built-in car (default) or walk, or a profile YAML");
  cmd->add_option("--bbox", rq.bbox, "OSM input: lon_min,lat_min,lon_max,lat_max");
  cmd->add_option("--opportunities", rq.opportunities,
                  "Raster of opportunities per pixel (persons, jobs), any CRS; default one per "
                  "cell");
  cmd->add_option("--resolution", rq.grid.resolution_m, "Cell size in metres")
      ->capture_default_str()
      ->check(greater_than(0, "m"));
  cmd->add_option("--extent", o->extent,
                  "lon_min,lat_min,lon_max,lat_max (default: the network's box)")
      ->delimiter(',');
  cmd->add_option("--margin-km", o->margin_km, "Around the network's box (default 0)")
      ->check(at_least(0, "km"));
  cmd->add_option("--crs", rq.grid.crs, "Projected CRS of the grid (default: equal-area)");
  cmd->add_option("--decay", o->decay, "step (default), linear, exponential or logistic")
      ->check(CLI::IsMember({"step", "linear", "exponential", "logistic"}));
  cmd->add_option("--cutoff", rq.settings.decay.cutoff_min,
                  "Minutes: the cut-off (step), the midpoint (linear, logistic) or the "
                  "half-life (exponential)")
      ->capture_default_str()
      ->check(greater_than(0, "min"));
  cmd->add_option("--width", rq.settings.decay.width_min,
                  "Minutes: the ramp's width (linear) or the standard deviation (logistic)")
      ->capture_default_str()
      ->check(greater_than(0, "min"));
  cmd->add_option("--access-kmh", rq.settings.access_kmh,
                  "Speed between a cell's centre and its road vertex, in a straight line")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 200.0));
  cmd->add_option("--max-snap-m", rq.settings.max_snap_m,
                  "Cells farther than this from every vertex are nodata")
      ->capture_default_str()
      ->check(at_least(0, "m"));
  cmd->add_option("-o,--output", o->output, "GeoTIFF to write")->required();
  cmd->add_flag("--cog", o->cog, "Write a Cloud Optimized GeoTIFF");
  cmd->add_flag("--progress", o->progress, "Show progress even for a small grid");
  cmd->add_option(
      "--cache-dir", rq.cache_dir,
      "Cache of prepared networks (default $REACHPLAN_CACHE_DIR or ~/.cache/reachplan)");
  cmd->add_flag("--no-cache", o->no_cache, "Neither read nor write the cache");
  add_common_options(cmd, common);
  return {cmd,
          [o, &common](std::ostream& out, std::ostream& err) {
            return access_command(*o, common, out, err);
          },
          /*distributed=*/true};
}

}  // namespace reachplan::cli
