// What `reachplan matrix` writes and prints: the matrix between points as CSV (wide or long),
// how each point was matched, and the readable summary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/point_matrix.hpp"

namespace reachplan::output {

// Wide: `origin` then one column per destination id; long: origin,destination,minutes. Minutes
// as csv_minutes (empty when unreachable).
std::string point_matrix_csv(const analysis::PointMatrix& m, bool long_form);

// role,id,how,vertex,vertex_lon,vertex_lat,snap_m per point (role `both` when the destinations
// are the origins; how `too_far` for points left unreachable).
std::string matched_points_csv(const analysis::PointMatrix& m);

// The network, how the points were matched, the matrix size and timings (`total_seconds` is
// the whole command's).
std::string point_matrix_text(const analysis::PointMatrix& m, double total_seconds);

// Where one percentile's wide matrix of a transit matrix goes: matrix.csv -> matrix_p50.csv.
std::string percentile_path(const std::string& path, double percentile);

// The matrix CSVs written for `path`: one, or for a wide transit matrix of several percentiles
// one per percentile (percentile_path).
struct MatrixFile {
  std::string path;
  std::optional<double> percentile;  // the percentile file's, if one
  std::string csv;
};
std::vector<MatrixFile> point_matrix_files(const analysis::PointMatrix& m, const std::string& path,
                                           bool long_form);

// Transit matrices: wide with several percentiles, one file per percentile
// (percentile_path); long, one file with a column per percentile and the minimum.
// Writes the matrix to `path` and, unless `points_path` is empty, the matched points, as one
// atomic set. Returns the paths written; OutputError on failure.
std::vector<std::string> write_point_matrix(const analysis::PointMatrix& m, const std::string& path,
                                            bool long_form, const std::string& points_path);

}  // namespace reachplan::output
