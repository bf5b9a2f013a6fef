// Text renderings of results: CSV files for pandas/R/Excel, JSON for machines, and the
// readable summary `run` prints. Pure functions returning strings; writing is the caller's.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "reachplan/analysis/run.hpp"

namespace reachplan::output {

// A field quoted per RFC 4180 when it holds a comma, quote or line break.
std::string csv_field(const std::string& s);
// Minutes with two decimals; empty for NaN (unreachable), never a magic number.
std::string csv_minutes(double minutes);

// Wide matrix: first column `origin`, one column per destination id, minutes.
std::string matrix_csv(const analysis::TravelTimeMatrix& m);
// Long form: origin,destination,minutes,reachable,transfers,modes,lines,path. The trips are
// found origin by origin as the rows are written (write_od_csv streams them to `out`).
std::string od_csv(const analysis::GroupTrips& trips);
void write_od_csv(std::ostream& out, const analysis::GroupTrips& trips);
// The same for trips at hand (in the order given).
std::string od_csv(const std::vector<analysis::Trip>& trips,
                   const std::vector<double>& percentiles = {});
// One row per target: verdict, value, threshold, counts, worst item.
std::string targets_csv(const std::vector<analysis::TargetResult>& targets);

// Provenance of one input file.
struct InputFile {
  std::string path;
  std::string sha256;
};
// Machine-readable summary: scenario, year, version, inputs with hashes, targets with verdicts
// and worst items (with paths), the key matrix, network statistics, warnings.
std::string summary_json(const analysis::ScenarioResult& result,
                         const std::vector<InputFile>& inputs,
                         const std::vector<std::string>& warnings);

// The readable report printed by `run`: matrix in h:mm, each target PASS/FAIL, and for each
// failing item the time, the gap and the path.
std::string summary_text(const analysis::ScenarioResult& result);
// A matrix in h:mm with a title line.
std::string matrix_text(const analysis::TravelTimeMatrix& m, const std::string& title);
// One target, as `check` prints it.
std::string target_text(const analysis::TargetResult& t);
// A trip leg by leg, as `route` prints it.
std::string trip_text(const analysis::Trip& trip);

}  // namespace reachplan::output
