// Delta rasters between plan versions: the surfaces the baseline asks for (`outputs:
// surfaces:`), computed for every version on one shared grid and differenced cell by cell, so
// a GIS shows where a plan saves minutes or adds accessibility.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/compare.hpp"
#include "reachplan/analysis/surface.hpp"

namespace reachplan::analysis {

struct SurfaceDelta {
  std::size_t from = 0;  // versions (indices into Comparison::versions)
  std::size_t to = 0;
  std::string surface;  // the baseline's surface id
  // values: travel_time: minutes saved (from - to); accessibility: gain (to - from). NaN where
  // either side has no value. id: "delta_<surface>_<from>__<to>".
  Surface delta;
};

struct SurfaceComparison {
  std::vector<SurfaceDelta> deltas;  // per Comparison::deltas pair, then per surface
  std::vector<std::string> notes;    // versions left out (a different node list)
};

// Needs a grid built for the baseline (analysis::make_grid). Versions whose nodes differ from the
// baseline's (the grid places nodes by index) are left out with a note.
SurfaceComparison compare_surfaces(const Comparison& c, const Grid& grid, unsigned threads = 0,
                                   const Progress& progress = {});

// True when the baseline asks for surfaces.
bool wants_surfaces(const Comparison& c);

}  // namespace reachplan::analysis
