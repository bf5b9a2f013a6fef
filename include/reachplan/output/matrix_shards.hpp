// Matrices computed as job-array parts (`matrix --shard k/n -o part/`, e.g. one Slurm array
// task each) and joined again (`reachplan merge part*/ -o m.csv`) into the very bytes the
// unsharded `matrix -o m.csv` writes.
//
// A part folder holds the shard's rows in the layout of the whole (its header included), the
// matched points of every point, and shard.json: which shard of how many, its origin rows, the
// job key (analysis::matrix_job_key: inputs' hashes, settings, program version) and each
// file's hash. The merge refuses parts of different jobs, a missing or repeated shard, and a
// file changed since its part was written.
#pragma once

#include <string>
#include <vector>

#include "reachplan/analysis/point_matrix.hpp"

namespace reachplan::output {

// The name of a part's manifest in its folder.
inline constexpr const char* shard_manifest = "shard.json";

// Writes shard m.shard of m.shards into `folder` as one atomic set. Returns the paths written.
std::vector<std::string> write_matrix_shard(const analysis::PointMatrix& m,
                                            const std::string& folder, bool long_form);

struct MergedMatrix {
  std::size_t parts = 0, origins = 0, destinations = 0;
  std::vector<std::string> written;
};

// Joins the parts in `folders` (any order) into `path` (and the matched points into
// `points_path` unless empty), as one atomic set. InputError naming the folder and the problem
// for parts that are not one complete job.
MergedMatrix merge_matrix_shards(const std::vector<std::string>& folders, const std::string& path,
                                 const std::string& points_path);

}  // namespace reachplan::output
