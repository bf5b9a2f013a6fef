#include "reachplan/analysis/compare.hpp"

#include "reachplan/analysis/memory_estimate.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <set>

#include "reachplan/analysis/engine.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/parallel.hpp"
#include "reachplan/core/paths.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

using model::within;

// A scenario to run, before it has run.
struct Candidate {
  std::size_t source = 0;  // index into the sources (given order)
  std::string file;
  model::Scenario scenario;
};

// Parents first (a version whose scenario chain read another version's file comes after it),
// then by year (none last), then as given.
std::vector<std::size_t> version_order(const std::vector<Candidate>& c) {
  const std::size_t n = c.size();
  std::vector<std::set<std::string>> chain(n);
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& f : c[i].scenario.input_files) chain[i].insert(core::canonical_path(f));
  std::vector<std::string> own(n);
  for (std::size_t i = 0; i < n; ++i) own[i] = core::canonical_path(c[i].file);
  auto ancestor = [&](std::size_t a, std::size_t b) {  // a is a parent (or grandparent) of b
    return own[a] != own[b] && chain[b].count(own[a]) > 0;
  };
  std::vector<std::size_t> order;
  std::vector<char> placed(n, 0);
  for (std::size_t step = 0; step < n; ++step) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < n; ++i) {
      if (placed[i]) continue;
      bool ready = true;
      for (std::size_t j = 0; j < n && ready; ++j)
        if (!placed[j] && j != i && ancestor(j, i) && !ancestor(i, j)) ready = false;
      if (!ready) continue;
      auto year = [&](std::size_t k) {
        return c[k].scenario.year.value_or(std::numeric_limits<int>::max());
      };
      if (!best || year(i) < year(*best)) best = i;
    }
    if (!best) {  // a cycle cannot happen (io rejects them), but never loop forever
      for (std::size_t i = 0; i < n; ++i)
        if (!placed[i]) best = i;
    }
    placed[*best] = 1;
    order.push_back(*best);
  }
  return order;
}

std::vector<std::string> built_ids(const model::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& line : s.network.lines)
    if (model::is_built(line, s)) out.push_back(line.id);
  return out;
}

// Counts the finished tasks of a stage for the progress callback; tasks finish on any thread.
class StageProgress {
 public:
  StageProgress(const ProgressFn& fn, std::size_t total) : fn_(fn), total_(total) {}
  void step(const std::string& stage, const std::string& item) {
    std::lock_guard lock(mutex_);
    ++done_;
    if (fn_) fn_(stage, done_, total_, item);
  }

 private:
  const ProgressFn& fn_;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  std::mutex mutex_;
};

struct Loaded {
  std::optional<model::Scenario> scenario;
  std::string error;  // what the load threw (core::Error)
};

// Loads every file (in parallel).
std::vector<Loaded> load_sources(const std::vector<VersionSource>& sources,
                                 const CompareOptions& options) {
  std::vector<Loaded> loaded(sources.size());
  StageProgress progress(options.progress, sources.size());
  core::parallel_for(
      sources.size(), options.threads, [] { return 0; },
      [&](int&, std::size_t i) {
        try {
          loaded[i].scenario = sources[i].load();
        } catch (const core::Error& e) {
          loaded[i].error = e.what();
        }
        progress.step("load", sources[i].file);
      });
  return loaded;
}

// The versions to run: one per file, or one per year of the single file. A file that did not
// load is a failure and is left out.
std::vector<Candidate> make_candidates(const std::vector<VersionSource>& sources,
                                       std::vector<Loaded>& loaded, const std::vector<int>& years,
                                       std::vector<VersionFailure>& failures) {
  std::vector<int> distinct = years;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    auto& scenario = loaded[i].scenario;
    if (!scenario) {
      failures.push_back({sources[i].file, loaded[i].error});
      continue;
    }
    if (years.empty()) {
      candidates.push_back({i, sources[i].file, std::move(*scenario)});
      continue;
    }
    for (int y : distinct) {
      Candidate c{i, sources[i].file, *scenario};
      c.scenario.year = y;
      c.scenario.id = scenario->id + "@" + std::to_string(y);
      candidates.push_back(std::move(c));
    }
  }
  return candidates;
}

// A version that ran, with what its evaluator saw (before the places are aligned), or why it
// could not run.
struct Ran {
  std::optional<Version> version;
  std::string error;
  std::vector<std::string> places;
  std::vector<double> weights;
  std::string weighting;
  std::string profile;
};

// Runs one version: targets, the measure over its comparison places, its key pairs.
Ran run_version(const Candidate& c, const MeasureSpec& measure) {
  Ran ran;
  try {
    Version v;
    v.id = c.scenario.id;
    v.name = c.scenario.name;
    v.file = c.file;
    v.year = c.scenario.year;
    v.scenario = c.scenario;
    v.result = run_scenario(v.scenario, 1);
    const auto mask = built_mask(v.scenario);
    {
      const VariantEvaluator eval(v.scenario, measure, mask);
      v.measure = eval.measure({mask, {}});
      ran.places = eval.places();
      ran.weights = eval.weights();
      ran.weighting = eval.weighting();
    }
    ran.profile = v.scenario.profile(measure.profile).id;
    v.lines_built = built_ids(v.scenario);
    ScenarioEngine engine(v.scenario, 1);
    const auto key =
        v.scenario.group_members(v.scenario.key_group.empty() ? "all" : v.scenario.key_group);
    v.key = engine.matrix(measure.profile, key, key);
    ran.version = std::move(v);
  } catch (const core::Error& e) {
    ran.error = e.what();
  }
  return ran;
}

// Runs each version on its own thread, in `order`.
std::vector<Ran> run_versions(const std::vector<Candidate>& candidates,
                              const std::vector<std::size_t>& order,
                              const CompareOptions& options) {
  std::vector<Ran> ran(order.size());
  StageProgress progress(options.progress, order.size());
  core::parallel_for(
      order.size(), options.threads, [] { return 0; },
      [&](int&, std::size_t k) {
        const Candidate& c = candidates[order[k]];
        ran[k] = run_version(c, options.measure);
        progress.step("run", c.scenario.id);
      });
  return ran;
}

// The versions that ran, in order; the others become failures (then sorted by file).
std::vector<Ran*> versions_that_ran(std::vector<Ran>& ran, const std::vector<Candidate>& candidates,
                                    const std::vector<std::size_t>& order, bool phased,
                                    std::vector<VersionFailure>& failures) {
  std::vector<Ran*> ok;
  for (std::size_t k = 0; k < ran.size(); ++k) {
    if (ran[k].version) {
      ok.push_back(&ran[k]);
      continue;
    }
    // The failure belongs to its file; name the version too when years split the file.
    const Candidate& c = candidates[order[k]];
    failures.push_back({c.file + (phased ? " (" + c.scenario.id + ")" : ""), ran[k].error});
  }
  std::stable_sort(failures.begin(), failures.end(),
                   [](const auto& a, const auto& b) { return a.file < b.file; });
  return ok;
}

// The baseline among the versions that ran: by version id, scenario id or file; "" = the first.
std::size_t find_baseline(const std::vector<Ran*>& ok, const std::string& baseline) {
  if (baseline.empty()) return 0;
  const std::string want = core::canonical_path(baseline);
  for (std::size_t i = 0; i < ok.size(); ++i) {
    const Version& v = *ok[i]->version;
    if (v.id == baseline || v.scenario.id == baseline || core::canonical_path(v.file) == want)
      return i;
  }
  std::vector<std::string> ids;
  for (const auto* r : ok) ids.push_back(r->version->id);
  throw core::UsageError("baseline '" + baseline + "' is none of the versions that ran" +
                         core::did_you_mean(baseline, ids));
}

// Places aligned by id, the baseline's first, then any the others add; moves the versions into
// cmp with their matrices, weights and accessibility on those places.
void align_places(Comparison& cmp, const std::vector<Ran*>& ok) {
  std::map<std::string, std::size_t> place_index;
  auto add_places = [&](const std::vector<std::string>& ids) {
    for (const auto& id : ids)
      if (place_index.emplace(id, cmp.places.size()).second) cmp.places.push_back(id);
  };
  add_places(ok[cmp.baseline]->places);
  for (const auto* r : ok) add_places(r->places);
  const auto n = static_cast<Eigen::Index>(cmp.places.size());
  for (auto* r : ok) {
    Version& v = *r->version;
    v.places = Eigen::MatrixXd::Constant(n, n, nan);
    v.weights.assign(cmp.places.size(), 0.0);
    v.access.assign(cmp.places.size(), std::nullopt);
    const std::size_t m = r->places.size();
    for (std::size_t i = 0; i < m; ++i) {
      const auto a = static_cast<Eigen::Index>(place_index.at(r->places[i]));
      v.weights[static_cast<std::size_t>(a)] = r->weights[i];
      v.access[static_cast<std::size_t>(a)] = v.measure.access[i];
      for (std::size_t j = 0; j < m; ++j) {
        const auto b = static_cast<Eigen::Index>(place_index.at(r->places[j]));
        v.places(a, b) = to_minutes(v.measure.seconds[i * m + j]);
      }
    }
    cmp.versions.push_back(std::move(v));
  }
  cmp.key_places = cmp.versions[cmp.baseline].key.origins;
}

// Targets by id: the baseline's, then any the others add; and the version each is first met in.
void line_up_targets(Comparison& cmp) {
  const std::size_t nv = cmp.versions.size();
  auto target_row = [&](const model::Target& t) {
    for (std::size_t i = 0; i < cmp.targets.size(); ++i)
      if (cmp.targets[i].target.id == t.id) return i;
    cmp.targets.push_back({t, std::vector<std::optional<std::size_t>>(nv), std::nullopt});
    return cmp.targets.size() - 1;
  };
  for (const auto& t : cmp.versions[cmp.baseline].scenario.targets) target_row(t);
  for (std::size_t v = 0; v < nv; ++v) {
    const auto& results = cmp.versions[v].result.targets;
    for (std::size_t k = 0; k < results.size(); ++k)
      cmp.targets[target_row(results[k].target)].at[v] = k;
  }
  for (auto& row : cmp.targets) {
    for (std::size_t v = nv; v-- > 0;) {
      if (!row.at[v] || !cmp.versions[v].result.targets[*row.at[v]].pass) break;
      row.first_met = v;
    }
  }
}

// The items of one target across versions, each with the last version's trip (nullptr if the
// last version does not have it).
struct TargetItems {
  std::vector<ItemProgress> items;
  std::vector<const Trip*> last_trip;
};

TargetItems collect_items(const Comparison& cmp, std::size_t t) {
  const model::Target& target = cmp.targets[t].target;
  const std::size_t nv = cmp.versions.size();
  // A nearest-place target has one item per origin, whatever place is nearest.
  // A nearest item is one per origin (its nearest destination may change between versions).
  const bool by_origin = target.kind_info().item == model::TargetItemRule::nearest;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  TargetItems out;
  for (std::size_t v = 0; v < nv; ++v) {
    if (!cmp.targets[t].at[v]) continue;
    for (const Trip& trip : cmp.versions[v].result.targets[*cmp.targets[t].at[v]].items) {
      const auto key = std::make_pair(trip.origin, by_origin ? std::string() : trip.destination);
      auto [it, added] = index.emplace(key, out.items.size());
      if (added) {
        ItemProgress p;
        p.target = t;
        p.origin = trip.origin;
        p.minutes.assign(nv, nan);
        p.met.assign(nv, -1);
        out.items.push_back(std::move(p));
        out.last_trip.push_back(nullptr);
      }
      ItemProgress& p = out.items[it->second];
      p.destination = trip.destination;
      p.minutes[v] = trip.measure(target.measure);  // yuan on a cost target
      p.met[v] = within(p.minutes[v], target.limit()) ? 1 : 0;
      out.last_trip[it->second] = &trip;
    }
  }
  return out;
}

// Status of each item at the last version (see ItemProgress::Status): failing at the end
// (regressed from the version after the last one that met it, or still failing if none did;
// with gap and path), met throughout, or newly met from the version after which it meets the
// target to the end.
void classify_items(TargetItems& ti, const model::Target& target, std::size_t last) {
  for (std::size_t i = 0; i < ti.items.size(); ++i) {
    ItemProgress& p = ti.items[i];
    if (p.met[last] != 1) {
      p.status = ItemProgress::Status::still_failing;
      p.gap = p.minutes[last] - target.limit();
      if (ti.last_trip[i] && p.met[last] == 0) p.path = ti.last_trip[i]->describe();
      std::size_t from = last;
      while (from > 0 && p.met[from - 1] != 1) --from;
      if (from > 0 && p.met[last] == 0) {
        p.status = ItemProgress::Status::regressed;
        p.regressed = from;
      }
      continue;
    }
    std::size_t from = last;
    while (from > 0 && p.met[from - 1] == 1) --from;
    if (from == 0) {
      p.status = ItemProgress::Status::met_throughout;
    } else {
      p.status = ItemProgress::Status::newly_met;
      p.newly_met = from;
    }
  }
}

// Regressed first (by version), then still failing, each worst gap first; then newly met by
// version, then the rest.
void sort_items(std::vector<ItemProgress>& items, std::size_t last) {
  auto rank = [](const ItemProgress& p) {
    switch (p.status) {
      case ItemProgress::Status::regressed:
        return 0;
      case ItemProgress::Status::still_failing:
        return 1;
      case ItemProgress::Status::newly_met:
        return 2;
      case ItemProgress::Status::met_throughout:
        return 3;
    }
    return 4;
  };
  std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a.regressed != b.regressed) return a.regressed < b.regressed;
    if (a.newly_met != b.newly_met) return a.newly_met < b.newly_met;
    const double ga = a.minutes[last], gb = b.minutes[last];
    if (std::isnan(ga) != std::isnan(gb)) return std::isnan(ga);
    if (!std::isnan(ga) && ga != gb) return ga > gb;
    if (a.origin != b.origin) return a.origin < b.origin;
    return a.destination < b.destination;
  });
}

// Target items across versions, target by target.
void track_items(Comparison& cmp) {
  const std::size_t last = cmp.versions.size() - 1;
  for (std::size_t t = 0; t < cmp.targets.size(); ++t) {
    TargetItems ti = collect_items(cmp, t);
    classify_items(ti, cmp.targets[t].target, last);
    sort_items(ti.items, last);
    for (auto& p : ti.items) cmp.items.push_back(std::move(p));
  }
}

// Minutes saved: consecutive versions, then each against the baseline (a pair that is both
// appears once, with both flags).
void add_deltas(Comparison& cmp) {
  auto delta = [&](std::size_t from, std::size_t to) -> VersionDelta& {
    for (auto& d : cmp.deltas)
      if (d.from == from && d.to == to) return d;
    VersionDelta d;
    d.from = from;
    d.to = to;
    d.saved = cmp.versions[from].places - cmp.versions[to].places;  // NaN propagates
    cmp.deltas.push_back(std::move(d));
    return cmp.deltas.back();
  };
  const std::size_t nv = cmp.versions.size();
  for (std::size_t v = 1; v < nv; ++v) delta(v - 1, v).consecutive = true;
  for (std::size_t v = 0; v < nv; ++v)
    if (v != cmp.baseline) delta(cmp.baseline, v).against_baseline = true;
}

// NaN first, then most minutes saved, then by place id.
void sort_place_gains(std::vector<PlaceGain>& gains, const std::vector<std::string>& places) {
  std::stable_sort(gains.begin(), gains.end(), [&](const PlaceGain& a, const PlaceGain& b) {
    const bool na = std::isnan(a.minutes_saved), nb = std::isnan(b.minutes_saved);
    if (na != nb) return na;
    if (!na && a.minutes_saved != b.minutes_saved) return a.minutes_saved > b.minutes_saved;
    return places[a.place] < places[b.place];
  });
}

// Phases: what each year builds and opens, and what is built in every year.
void add_phases(Comparison& cmp) {
  const std::size_t nv = cmp.versions.size();
  for (std::size_t v = 0; v < nv; ++v) {
    Phase ph;
    ph.version = v;
    ph.year = cmp.versions[v].year.value_or(0);
    ph.built = cmp.versions[v].lines_built;
    const std::set<std::string> before =
        v == 0 ? std::set<std::string>{}
               : std::set<std::string>(cmp.versions[v - 1].lines_built.begin(),
                                       cmp.versions[v - 1].lines_built.end());
    for (const auto& id : ph.built)
      if (v > 0 && !before.count(id)) ph.opened.push_back(id);
    cmp.phases.push_back(std::move(ph));
  }
  const model::Scenario& s = cmp.versions.front().scenario;
  for (const auto& line : s.network.lines)
    if (model::is_built(line, s) && (s.build_lines.count(line.id) || !line.opened))
      cmp.undated_built.push_back(line.id);
}

// The last version's lines ranked against the baseline, and its N-1 check.
void rank_and_check(Comparison& cmp, const CompareOptions& options) {
  const std::size_t nv = cmp.versions.size(), last = nv - 1, baseline = cmp.baseline;
  const model::Scenario& plan = cmp.versions[last].scenario;
  std::vector<std::string> notes;  // the ranking makes its own
  cmp.map_baseline_built =
      nv > 1 ? baseline_mask(plan, cmp.versions[baseline].scenario, notes) : built_mask(plan);
  const bool rank = options.rank && nv > 1 && baseline != last;
  StageProgress progress(options.progress, (rank ? 1 : 0) + (options.robustness ? 1 : 0));
  if (rank) {
    RankOptions ro;
    ro.measure = options.measure;
    ro.order = options.rank_order;
    ro.threads = options.threads;
    // Against the baseline scenario itself, so that the plan's removals and changes count.
    cmp.ranking = rank_lines(plan, cmp.versions[baseline].scenario, cmp.versions[baseline].id, ro);
    cmp.ranking->plan_id = cmp.versions[last].id;
    progress.step("rank", cmp.versions[last].id + " against " + cmp.versions[baseline].id);
  }
  if (options.robustness) {
    RobustnessOptions no;
    no.measure = options.measure;
    no.segments = options.robustness_segments;
    no.threads = options.threads;
    cmp.robustness = n_minus_one(plan, no);
    cmp.robustness->scenario_id = cmp.versions[last].id;
    progress.step("n-1", cmp.versions[last].id);
  }
}

}  // namespace

const char* to_string(ItemProgress::Status s) {
  switch (s) {
    case ItemProgress::Status::met_throughout:
      return "met_throughout";
    case ItemProgress::Status::newly_met:
      return "newly_met";
    case ItemProgress::Status::regressed:
      return "regressed";
    case ItemProgress::Status::still_failing:
      return "still_failing";
  }
  return "?";
}

std::vector<PlaceGain> place_gains(const Comparison& cmp) {
  std::vector<PlaceGain> gains;
  if (cmp.versions.size() < 2) return gains;
  const Version& base = cmp.versions[cmp.baseline];
  const Version& last = cmp.versions.back();
  for (std::size_t p = 0; p < cmp.places.size(); ++p) {
    if (!base.access[p] || !last.access[p] || last.weights[p] <= 0) continue;
    PlaceGain g;
    g.place = p;
    g.minutes_saved = base.access[p]->mean_minutes - last.access[p]->mean_minutes;
    for (std::size_t k = 0; k < cmp.reach_minutes.size(); ++k)
      g.reach_gained.push_back(last.access[p]->reach[k] - base.access[p]->reach[k]);
    gains.push_back(std::move(g));
  }
  sort_place_gains(gains, cmp.places);
  return gains;
}

Comparison compare_versions(const std::vector<VersionSource>& sources,
                            const CompareOptions& options) {
  if (!options.years.empty() && sources.size() != 1)
    throw core::UsageError("--years runs one scenario at several years; got " +
                           std::to_string(sources.size()) + " scenario files");
  Comparison cmp;
  cmp.reach_minutes = options.measure.reach_minutes;
  cmp.group = options.measure.group;

  auto loaded = load_sources(sources, options);
  const std::vector<Candidate> candidates =
      make_candidates(sources, loaded, options.years, cmp.failures);
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (!options.keep_order) order = version_order(candidates);
  // Every version's result is kept to the end: together they must fit.
  MemoryEstimate memory;
  for (const auto& c : candidates) {
    try {
      memory.add_all(estimate_scenario(c.scenario, nullptr));
    } catch (const core::Error&) {
      // A version that cannot run is reported as such by run_versions; it holds nothing.
    }
  }
  check_memory(memory, options.memory_limit);
  std::vector<Ran> ran = run_versions(candidates, order, options);
  const std::vector<Ran*> ok =
      versions_that_ran(ran, candidates, order, !options.years.empty(), cmp.failures);
  if (ok.empty()) return cmp;

  cmp.baseline = find_baseline(ok, options.baseline);
  cmp.profile = ok[cmp.baseline]->profile;
  cmp.weighting = ok[cmp.baseline]->weighting;
  align_places(cmp, ok);
  line_up_targets(cmp);
  track_items(cmp);
  add_deltas(cmp);
  cmp.place_gains = place_gains(cmp);
  if (!options.years.empty()) add_phases(cmp);
  rank_and_check(cmp, options);
  return cmp;
}

}  // namespace reachplan::analysis
