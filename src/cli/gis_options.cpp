#include "gis_options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <mutex>
#include <ostream>

#include "option_checks.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/model/places.hpp"

namespace reachplan::cli {

void add_grid_flags(CLI::App* command, GridFlags& flags) {
  command->add_option("--res", flags.resolution_m, "Grid cell size in metres (default 1000)")
      ->check(greater_than(0, "metres"));
  command
      ->add_option("--extent", flags.extent,
                   "Grid extent LON_MIN,LAT_MIN,LON_MAX,LAT_MAX in WGS84 degrees "
                   "(default: the nodes plus a margin)")
      ->delimiter(',')
      ->expected(4);
  command->add_option("--crs", flags.crs,
                      "Grid CRS, e.g. EPSG:32650 (default: an Albers equal-area fitted to the "
                      "extent)");
  command->add_option("--margin-km", flags.margin_km, "Margin around the nodes (default 20)")
      ->check(at_least(0));
  std::vector<std::string> modes;
  for (const auto& m : model::access_modes()) modes.emplace_back(m.id);
  command
      ->add_option("--access", flags.access,
                   "Off-network access mode and its defaults: road (35 km/h, detour 1.3, "
                   "60 km), bike, walk, straight (10 km/h, no limit); default road")
      ->check(CLI::IsMember(modes));
  command->add_option("--speed", flags.speed_kmh, "Off-network speed in km/h (default: the mode's)")
      ->check(greater_than(0, "km/h"));
  command
      ->add_option("--detour", flags.detour_factor,
                   "Off-network detour factor (default: the mode's)")
      ->check(at_least(1));
  command
      ->add_option("--max-km", flags.max_km,
                   "Cells farther than this from every node are nodata (default: the mode's)")
      ->check(greater_than(0));
  command->add_option("--lang", flags.lang, "Map labels: en (names) or zh (name_zh)")
      ->check(CLI::IsMember({"en", "zh"}));
  command->add_option("--population", flags.population,
                      "Population raster (persons per pixel, any CRS GDAL reads)");
  command->add_flag("--cog", flags.cog, "Write Cloud-Optimized GeoTIFFs");
  command->add_flag("--no-quicklook", flags.no_quicklook, "Do not write PNG quicklooks");
  command->add_flag("--progress", flags.progress, "Show progress even for small grids");
}

void apply_grid_flags(const GridFlags& flags, model::GisSpec& spec) {
  // Ranges are checked while parsing (add_grid_flags); the extent's order is checked here.
  // A grid a flag changed is no longer the one the scenario file describes.
  if (flags.resolution_m || !flags.extent.empty() || !flags.crs.empty() || flags.margin_km)
    spec.grid.where = {};
  if (flags.resolution_m) spec.grid.resolution_m = *flags.resolution_m;
  if (!flags.extent.empty()) {
    const auto& e = flags.extent;
    if (e.size() != 4 || !(e[0] < e[2]) || !(e[1] < e[3]))
      throw core::UsageError("--extent needs LON_MIN,LAT_MIN,LON_MAX,LAT_MAX with min < max");
    spec.grid.extent = e;
  }
  if (!flags.crs.empty()) spec.grid.crs = flags.crs;
  if (flags.margin_km) spec.grid.margin_km = *flags.margin_km;
  if (!flags.access.empty()) spec.off_network = model::off_network_defaults(flags.access);
  if (flags.speed_kmh) spec.off_network.speed_kmh = *flags.speed_kmh;
  if (flags.detour_factor) spec.off_network.detour_factor = *flags.detour_factor;
  if (flags.max_km) spec.off_network.max_km = *flags.max_km;
  if (!flags.population.empty()) spec.population = flags.population;
  if (flags.cog) spec.cog = true;
  if (flags.no_quicklook) spec.quicklook = false;
  if (!flags.lang.empty()) spec.map.lang = flags.lang;
}

std::vector<std::string> place_or_group_ids(const model::Scenario& scenario,
                                            const std::vector<std::string>& texts) {
  std::vector<std::string> ids;
  ids.reserve(texts.size());
  for (const auto& text : texts) ids.push_back(model::resolve_place_or_group(scenario, text));
  return ids;
}

analysis::Progress StderrProgress::callback() {
  if (!enabled_) return {};
  return [this](const std::string& task, double done) { report(task, done); };
}

void StderrProgress::report(const std::string& task, double done) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto [it, fresh] = shown_.emplace(task, -1);
  if (fresh) err_ << task << ": ";
  const int tenth = static_cast<int>(done * 10 + 1e-9);
  for (int t = it->second + 1; t <= tenth && t <= 10; ++t) {
    err_ << (t * 10) << (t == 10 ? " - done.\n" : "...");
  }
  it->second = std::max(it->second, tenth);
  err_ << std::flush;
}

}  // namespace reachplan::cli
