// Shared by `run` and `surface`: the command-line flags that choose GIS layers, formats and the
// grid (they override the scenario's `outputs:`), and progress on stderr for large grids.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/surface.hpp"
#include "reachplan/model/scenario.hpp"

namespace CLI {
class App;
}

namespace reachplan::cli {

struct GridFlags {
  std::optional<double> resolution_m;
  std::vector<double> extent;  // lon_min, lat_min, lon_max, lat_max
  std::string crs;
  std::optional<double> margin_km;
  std::string access;  // an access mode (model::access_modes()); "" = the scenario's
  std::optional<double> speed_kmh;
  std::optional<double> detour_factor;
  std::optional<double> max_km;
  std::string population;
  bool cog = false;
  bool no_quicklook = false;
  bool progress = false;  // force progress even for small grids
  std::string lang;       // map labels: en | zh; "" = the scenario's
};

// --res, --extent, --crs, --margin-km, --access, --speed, --detour, --max-km, --population,
// --cog, --no-quicklook, --progress, --lang. Out-of-range numbers are refused while parsing.
void add_grid_flags(CLI::App* command, GridFlags& flags);
// Applies the flags given over the scenario's settings. Throws core::UsageError for an extent
// that is not four ordered numbers.
void apply_grid_flags(const GridFlags& flags, model::GisSpec& spec);

// Places typed on the command line (node id, group id, name or name_zh) as node or group ids
// (model::resolve_place_or_group), so file names, titles and labels read the same whichever
// spelling was typed. Throws core::UsageError for an unknown or ambiguous place.
std::vector<std::string> place_or_group_ids(const model::Scenario& scenario,
                                            const std::vector<std::string>& texts);

// Prints "task: 0...10...20...30 ... 100 - done." lines on stderr, as GDAL's tools do.
class StderrProgress {
 public:
  StderrProgress(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  analysis::Progress callback();

 private:
  void report(const std::string& task, double done);
  std::ostream& err_;
  bool enabled_;
  std::map<std::string, int> shown_;  // task -> last tenth printed
};

// Large grids (a quarter million cells and more) show progress unless --quiet.
inline bool wants_progress(std::size_t cells, bool quiet, bool forced) {
  return !quiet && (forced || cells >= 250'000);
}

}  // namespace reachplan::cli
