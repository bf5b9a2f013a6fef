// Measures network states of one scenario (which lines are built, which segments are cut) the
// way comparisons, rankings and N-1 checks need them: target outcomes, travel times between the
// comparison places, and accessibility.
//
// A VariantEvaluator builds each profile's routing graph once, over every line any variant may
// switch on, and derives a variant by dropping arcs. Against a reference state it re-runs only
// the searches a change can affect (see measure()), so ranking dozens of lines stays cheap.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "reachplan/analysis/target_eval.hpp"
#include "reachplan/core/constants.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

// What to measure besides the scenario's targets.
struct MeasureSpec {
  std::string profile;        // place matrix and accessibility; "" = the scenario's default
  std::string group = "all";  // the comparison places (a group id)
  std::vector<double> reach_minutes = {60, 90, 120};  // accessibility thresholds
};

// A stretch of one mode between two adjacent stops, as infrastructure: cutting it stops every
// line of that mode that runs over it (through passing stops too). a < b.
struct SegmentKey {
  std::string mode;
  std::string a;
  std::string b;
  std::string str() const { return mode + ":" + a + "-" + b; }
  bool operator<(const SegmentKey& o) const;
  bool operator==(const SegmentKey& o) const = default;
};

// A network state: a built mask over scenario.network.lines, and cut segments.
struct Variant {
  std::vector<bool> lines;
  std::vector<SegmentKey> cut;
};

// Accessibility of one comparison place.
struct PlaceAccess {
  std::vector<double> reach;  // weight (population) of the other places within each threshold
  double mean_minutes = 0.0;  // weighted mean minutes to the other reachable places (NaN: none)
  int unreachable = 0;        // weighted places it cannot reach
};

struct Measure {
  std::vector<TargetOutcome> targets;  // scenario.targets order
  std::vector<core::Seconds> seconds;  // places x places, row-major, core::unreachable allowed
  std::vector<PlaceAccess> access;     // per place
  std::vector<double> mean_reach;      // weighted mean over places of access[].reach[k]
  double mean_minutes = 0.0;           // weighted mean over reachable ordered pairs
  int unreachable_pairs = 0;           // weighted ordered pairs without a path
};

// The difference between two measures, signed so that positive is an improvement of `after`.
struct Change {
  std::vector<int> items;    // per target: items newly within the threshold (net)
  std::vector<int> pass;     // per target: +1 newly passes, -1 newly fails, 0 same
  double minutes_saved = 0;  // weighted mean minutes saved per trip over all weighted pairs
                             // (a pair unreachable on either side counts 0)
  // The same mean over the pairs reachable on both sides only (0 when there are none): what
  // the trips that exist both before and after gain, undiluted by pairs connected or cut.
  double minutes_saved_reachable = 0;
  int pairs_connected = 0;    // weighted ordered pairs newly reachable minus newly cut off
  std::vector<double> reach;  // per threshold: mean_reach gained
};

class VariantEvaluator {
 public:
  // `universe`: every line any variant may build (index = scenario.network.lines). Throws
  // UsageError for unknown profiles/groups and InputError for lines that cannot be timed.
  VariantEvaluator(const model::Scenario& scenario, MeasureSpec spec,
                   const std::vector<bool>& universe);
  ~VariantEvaluator();
  VariantEvaluator(const VariantEvaluator&) = delete;
  VariantEvaluator& operator=(const VariantEvaluator&) = delete;

  // A state measured in full, kept with what it takes to reuse its searches: every row of
  // every matrix, the line arcs on each row's shortest paths, and for each line it lacks a
  // lower bound on reaching that line's trains from each origin.
  class Reference;
  std::shared_ptr<const Reference> reference(const Variant& v) const;
  static const Measure& measure_of(const Reference& r);

  // Measures a variant. With a reference, a row (one origin's search) is copied instead of
  // re-run when it provably cannot change: no arc of its shortest paths is dropped, and every
  // destination is already reached faster than the earliest boarding of any added line. When
  // the variant only adds lines, the other rows are repaired from the reference's distances
  // rather than searched again. Results are identical with or without the reference.
  // Thread-safe (const).
  Measure measure(const Variant& v, const Reference* ref = nullptr) const;

  Change change(const Measure& before, const Measure& after) const;

  const model::Scenario& scenario() const { return scenario_; }
  const std::vector<std::string>& places() const { return places_; }
  const std::vector<double>& weights() const { return weights_; }  // per place
  const std::string& weighting() const { return weighting_; }      // "population" or "count"
  const MeasureSpec& spec() const { return spec_; }
  // Every segment of the built lines of a mask, sorted, for N-1 checks.
  std::vector<SegmentKey> segments(const std::vector<bool>& lines) const;
  // Lines of the mask that run over a segment, in network order.
  std::vector<std::string> lines_over(const SegmentKey& s, const std::vector<bool>& lines) const;

  std::size_t searches_run() const { return searches_run_; }
  std::size_t searches_reused() const { return searches_reused_; }
  // Rows of variants that only add lines, updated from the reference by a search that expands
  // only what the new lines improve.
  std::size_t searches_repaired() const { return searches_repaired_; }

 private:
  struct ProfileData;
  struct Rows;
  struct TargetPlan;
  class RowSearches;
  Rows run_profile(const ProfileData& p, const Variant& v, const Reference* ref,
                   bool keep_reuse_data) const;
  Rows timetable_rows(const ProfileData& p, const Variant& v) const;
  Measure assemble(const std::vector<Rows>& rows) const;

  const model::Scenario& scenario_;
  MeasureSpec spec_;
  std::vector<std::string> places_;
  std::vector<core::Index> place_nodes_;
  std::vector<double> weights_;
  std::string weighting_;
  std::vector<std::unique_ptr<ProfileData>> profiles_;
  std::vector<TargetPlan> plans_;
  std::size_t place_profile_ = 0;  // index into profiles_ of the place matrix's profile
  mutable std::atomic<std::size_t> searches_run_{0};
  mutable std::atomic<std::size_t> searches_reused_{0};
  mutable std::atomic<std::size_t> searches_repaired_{0};
};

// The built mask of a scenario (model::is_built per line).
std::vector<bool> built_mask(const model::Scenario& scenario);

}  // namespace reachplan::analysis
