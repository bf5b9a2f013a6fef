// Renderings of plan-version comparisons: the text `compare` prints, CSV for pandas/R/Excel and
// JSON. Pure functions returning strings (fixed number formats, stable orders: byte-identical
// for the same inputs), plus the writer that puts them in a folder atomically. The ranking and
// N-1 parts are rendered by rank_tables.hpp.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/compare.hpp"
#include "reachplan/analysis/compare_surfaces.hpp"

namespace reachplan::output {

// Text (compare_text.cpp).
std::string comparison_text(const analysis::Comparison& c);

// CSV (compare_csv.cpp). Minutes with two decimals, empty = unreachable or not in that version.
std::string compare_targets_csv(const analysis::Comparison& c);       // target x version (wide)
std::string compare_targets_long_csv(const analysis::Comparison& c);  // one row per both
std::string key_pairs_csv(const analysis::Comparison& c);             // pair x version minutes
std::string version_matrix_csv(const analysis::Comparison& c, std::size_t version);
std::string delta_csv(const analysis::Comparison& c, const analysis::VersionDelta& d);  // wide
std::string deltas_long_csv(const analysis::Comparison& c);  // pairs whose time changes
std::string accessibility_csv(const analysis::Comparison& c);
std::string target_items_csv(const analysis::Comparison& c);
std::string phases_csv(const analysis::Comparison& c);

// JSON (compare_json.cpp).
std::string comparison_json(const analysis::Comparison& c);

// File-name-safe form of a version id ("all-planned@2030" -> "all-planned_2030").
std::string file_stem(const std::string& id);

// Every file atomically into `folder`; returns the paths written, in writing order. With
// `surfaces`, also delta_<surface>_<from>__<to>.tif per delta (GeoTIFF on `grid`).
std::vector<std::string> write_compare_outputs(
    const std::string& folder, const analysis::Comparison& c,
    const analysis::SurfaceComparison* surfaces = nullptr, const analysis::Grid* grid = nullptr);

}  // namespace reachplan::output
