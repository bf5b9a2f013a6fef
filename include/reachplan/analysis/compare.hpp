// Plan-version comparison: runs several scenarios (or one scenario at several years) side by
// side and lines them up: target verdicts, travel times between the comparison places, minutes
// saved between versions, accessibility per place, which target items each version newly meets,
// which it loses again (regressions) and which still fail at the end, the ranking of the last
// version's lines against the baseline and the N-1 check of the last version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/analysis/matrix.hpp"
#include "reachplan/analysis/measure.hpp"
#include "reachplan/analysis/ranking.hpp"
#include "reachplan/analysis/robustness.hpp"
#include "reachplan/analysis/run.hpp"

namespace reachplan::analysis {

// Where a version comes from. Loading is a callback so that this layer needs no io: a load that
// throws core::Error marks the version as failed and the others go on.
struct VersionSource {
  std::string file;
  std::function<model::Scenario()> load;
};

// Called as work completes: stage ("load", "run", "rank", "n-1"), done of total, what finished.
using ProgressFn = std::function<void(const std::string& stage, std::size_t done, std::size_t total,
                                      const std::string& item)>;

struct CompareOptions {
  MeasureSpec measure;      // places, profile and thresholds of matrices and accessibility
  std::vector<int> years;   // phasing: run the (single) scenario at each of these years
  std::string baseline;     // version id or file; "" = the first version in order
  bool keep_order = false;  // false: parents (extends) first, then by year, then as given
  bool rank = true;         // rank the last version's lines against the baseline
  bool robustness = true;   // N-1 on the last version
  bool robustness_segments = false;
  RankOrder rank_order = RankOrder::benefit;
  unsigned threads = 0;
  std::uint64_t memory_limit = 0;  // bytes (0: none): refuse versions estimated to need more
  ProgressFn progress;
};

struct VersionFailure {
  std::string file;
  std::string message;
};

struct Version {
  std::string id;  // scenario id; "<id>@<year>" for a phase
  std::string name;
  std::string file;
  std::optional<int> year;
  model::Scenario scenario;
  ScenarioResult result;  // targets with items, offenders and paths
  Measure measure;        // over the version's own comparison places
  std::vector<std::string> lines_built;
  TravelTimeMatrix key;         // key group pairs under the comparison profile
  Eigen::MatrixXd places;       // aligned to Comparison::places; NaN = unreachable or absent
  std::vector<double> weights;  // aligned; population (0 = none) or 1 (count)
  std::vector<std::optional<PlaceAccess>> access;  // aligned
};

// One target across versions (matched by id).
struct TargetRow {
  model::Target target;
  std::vector<std::optional<std::size_t>> at;  // per version: index into result.targets
  std::optional<std::size_t> first_met;  // first version from which it passes in all later ones
};

// One item of a target (a pair, a hub to a member, a member to its nearest) across versions.
struct ItemProgress {
  std::size_t target = 0;  // index into Comparison::targets
  std::string origin;
  std::string destination;      // the last version's (nearest-place targets: may change)
  std::vector<double> minutes;  // per version; NaN = unreachable or absent
  std::vector<int> met;         // per version: 1 within, 0 not, -1 absent
  // The item's standing at the last version, from its run of versions at the end:
  //   met_throughout  met in every version;
  //   newly_met       met from `newly_met` to the last, not in the version before (it may have
  //                   been met earlier too, then lost, then met again: the last gain counts);
  //   regressed       fails in the last version and was met in some earlier one: met in the
  //                   version before `regressed`, not met from `regressed` to the last (with
  //                   several flips, the last loss counts);
  //   still_failing   never met in any version, or absent from the last.
  enum class Status { met_throughout, newly_met, regressed, still_failing };
  Status status = Status::met_throughout;
  std::optional<std::size_t> newly_met;  // version from which it meets the target to the end
  std::optional<std::size_t> regressed;  // version from which it fails to the end, after a met one
  double gap = 0.0;  // failing (regressed or still): last minutes - threshold (NaN if unreachable)
  std::string path;  // failing: the last version's trip
  bool failing() const { return status == Status::regressed || status == Status::still_failing; }
};
const char* to_string(ItemProgress::Status s);

// Minutes saved from one version to another over the aligned places.
struct VersionDelta {
  std::size_t from = 0;
  std::size_t to = 0;
  bool consecutive = false;
  bool against_baseline = false;
  Eigen::MatrixXd saved;  // from - to, NaN where either side is unreachable or absent
};

// One place from the baseline to the last version (Comparison::place_gains).
struct PlaceGain {
  std::size_t place = 0;  // index into Comparison::places
  // Baseline mean trip - the last version's (weighted minutes). NaN where either version has no
  // mean trip from the place (it reaches no weighted place there): newly connected or cut off.
  double minutes_saved = 0.0;
  std::vector<double> reach_gained;  // per reach threshold: last version - baseline
};

struct Phase {
  std::size_t version = 0;
  int year = 0;
  std::vector<std::string> built;
  std::vector<std::string> opened;  // built now and not at the previous year
};

struct Comparison {
  std::vector<Version> versions;  // in order
  std::size_t baseline = 0;
  std::vector<VersionFailure> failures;
  std::string profile;  // comparison profile (resolved in the baseline)
  std::string group;    // comparison group
  std::vector<double> reach_minutes;
  std::string weighting;                // of the baseline's places
  std::vector<std::string> places;      // union of the versions' places, baseline first
  std::vector<std::string> key_places;  // the baseline's key group
  std::vector<TargetRow> targets;
  std::vector<ItemProgress> items;
  std::vector<VersionDelta> deltas;
  // The places with a weight in the last version and accessibility in both it and the baseline;
  // empty with one version. Ordered: NaN minutes_saved first, then most minutes saved, then by
  // place id (ids are unique, so the order is total).
  std::vector<PlaceGain> place_gains;
  std::vector<Phase> phases;               // with years
  std::vector<std::string> undated_built;  // phases: built in every year for lack of a year
  std::optional<Ranking> ranking;
  std::optional<Robustness> robustness;
  std::vector<bool> map_baseline_built;  // over the last version's lines (for the map)
  bool all_ran() const { return failures.empty(); }
};

// Loads and runs every version (in parallel), then compares them. Throws UsageError for
// options that cannot apply (years with several files, an unknown baseline).
Comparison compare_versions(const std::vector<VersionSource>& sources,
                            const CompareOptions& options);

// Comparison::place_gains of `c` (from its versions, places and reach thresholds), as
// compare_versions fills it.
std::vector<PlaceGain> place_gains(const Comparison& c);

}  // namespace reachplan::analysis
