#include "reachplan/analysis/compare.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <set>

#include "parallel.hpp"
#include "reachplan/analysis/engine.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool within(double minutes, double max_minutes) {
  return !std::isnan(minutes) && minutes <= max_minutes + 1e-9;
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

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
    for (const auto& f : c[i].scenario.input_files) chain[i].insert(canonical(f));
  std::vector<std::string> own(n);
  for (std::size_t i = 0; i < n; ++i) own[i] = canonical(c[i].file);
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

// NaN first, then most minutes saved, then by place id.
void sort_place_gains(std::vector<PlaceGain>& gains, const std::vector<std::string>& places) {
  std::stable_sort(gains.begin(), gains.end(), [&](const PlaceGain& a, const PlaceGain& b) {
    const bool na = std::isnan(a.minutes_saved), nb = std::isnan(b.minutes_saved);
    if (na != nb) return na;
    if (!na && a.minutes_saved != b.minutes_saved) return a.minutes_saved > b.minutes_saved;
    return places[a.place] < places[b.place];
  });
}

}  // namespace

const char* to_string(ItemProgress::Status s) {
  switch (s) {
    case ItemProgress::Status::met_throughout:
      return "met_throughout";
    case ItemProgress::Status::newly_met:
      return "newly_met";
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
  std::mutex progress_mutex;
  std::size_t done = 0;
  auto report = [&](const std::string& stage, std::size_t total, const std::string& item) {
    std::lock_guard lock(progress_mutex);
    ++done;
    if (options.progress) options.progress(stage, done, total, item);
  };

  Comparison cmp;
  cmp.reach_minutes = options.measure.reach_minutes;
  cmp.group = options.measure.group;

  // 1. Load every file; a bad one is reported and left out.
  std::vector<std::optional<model::Scenario>> loaded(sources.size());
  std::vector<std::string> load_error(sources.size());
  detail::parallel_for(
      sources.size(), options.threads, [] { return 0; },
      [&](int&, std::size_t i) {
        try {
          loaded[i] = sources[i].load();
        } catch (const core::Error& e) {
          load_error[i] = e.what();
        }
        report("load", sources.size(), sources[i].file);
      });

  // 2. Versions: one per file, or one per year of the single file.
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (!loaded[i]) {
      cmp.failures.push_back({sources[i].file, load_error[i]});
      continue;
    }
    if (options.years.empty()) {
      candidates.push_back({i, sources[i].file, std::move(*loaded[i])});
      continue;
    }
    std::vector<int> years = options.years;
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    for (int y : years) {
      Candidate c{i, sources[i].file, *loaded[i]};
      c.scenario.year = y;
      c.scenario.id = loaded[i]->id + "@" + std::to_string(y);
      candidates.push_back(std::move(c));
    }
  }
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (!options.keep_order) order = version_order(candidates);

  // 3. Run each version on its own thread; a version that cannot run is reported and left out.
  struct Ran {
    std::optional<Version> version;
    std::string error;
    std::vector<std::string> places;
    std::vector<double> weights;
    std::string weighting;
    std::string profile;
  };
  std::vector<Ran> ran(order.size());
  done = 0;
  detail::parallel_for(
      order.size(), options.threads, [] { return 0; },
      [&](int&, std::size_t k) {
        Candidate& c = candidates[order[k]];
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
            const VariantEvaluator eval(v.scenario, options.measure, mask);
            v.measure = eval.measure({mask, {}});
            ran[k].places = eval.places();
            ran[k].weights = eval.weights();
            ran[k].weighting = eval.weighting();
          }
          ran[k].profile = v.scenario.profile(options.measure.profile).id;
          v.lines_built = built_ids(v.scenario);
          ScenarioEngine engine(v.scenario, 1);
          const auto key =
              v.scenario.group_members(v.scenario.key_group.empty() ? "all" : v.scenario.key_group);
          v.key = engine.matrix(options.measure.profile, key, key);
          ran[k].version = std::move(v);
        } catch (const core::Error& e) {
          ran[k].error = e.what();
        }
        report("run", order.size(), c.scenario.id);
      });
  std::vector<Ran*> ok;
  for (auto& r : ran) {
    if (r.version) {
      ok.push_back(&r);
    } else {
      // The failure belongs to its file; name the version too when years split the file.
      const std::size_t k = static_cast<std::size_t>(&r - ran.data());
      const Candidate& c = candidates[order[k]];
      cmp.failures.push_back(
          {c.file + (options.years.empty() ? "" : " (" + c.scenario.id + ")"), r.error});
    }
  }
  std::stable_sort(cmp.failures.begin(), cmp.failures.end(),
                   [](const auto& a, const auto& b) { return a.file < b.file; });
  if (ok.empty()) return cmp;

  // 4. The baseline.
  std::size_t baseline = 0;
  if (!options.baseline.empty()) {
    const std::string want = canonical(options.baseline);
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < ok.size() && !found; ++i) {
      const Version& v = *ok[i]->version;
      if (v.id == options.baseline || v.scenario.id == options.baseline ||
          canonical(v.file) == want)
        found = i;
    }
    if (!found) {
      std::vector<std::string> ids;
      for (const auto* r : ok) ids.push_back(r->version->id);
      throw core::UsageError("baseline '" + options.baseline +
                             "' is none of the versions that ran" +
                             core::did_you_mean(options.baseline, ids));
    }
    baseline = *found;
  }
  cmp.baseline = baseline;
  cmp.profile = ok[baseline]->profile;
  cmp.weighting = ok[baseline]->weighting;

  // 5. Places aligned by id: the baseline's first, then any the others add.
  std::map<std::string, std::size_t> place_index;
  auto add_places = [&](const std::vector<std::string>& ids) {
    for (const auto& id : ids)
      if (place_index.emplace(id, cmp.places.size()).second) cmp.places.push_back(id);
  };
  add_places(ok[baseline]->places);
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
  cmp.key_places = cmp.versions[baseline].key.origins;
  const std::size_t nv = cmp.versions.size();
  const std::size_t last = nv - 1;

  // 6. Targets by id: the baseline's, then any the others add.
  auto target_row = [&](const model::Target& t) {
    for (std::size_t i = 0; i < cmp.targets.size(); ++i)
      if (cmp.targets[i].target.id == t.id) return i;
    cmp.targets.push_back({t, std::vector<std::optional<std::size_t>>(nv), std::nullopt});
    return cmp.targets.size() - 1;
  };
  for (const auto& t : cmp.versions[baseline].scenario.targets) target_row(t);
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

  // 7. Target items across versions.
  for (std::size_t t = 0; t < cmp.targets.size(); ++t) {
    const model::Target& target = cmp.targets[t].target;
    const bool by_origin = target.kind == model::Target::Kind::max_nearest_time;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    std::vector<ItemProgress> items;
    std::vector<const Trip*> last_trip;
    for (std::size_t v = 0; v < nv; ++v) {
      if (!cmp.targets[t].at[v]) continue;
      for (const Trip& trip : cmp.versions[v].result.targets[*cmp.targets[t].at[v]].items) {
        const auto key = std::make_pair(trip.origin, by_origin ? std::string() : trip.destination);
        auto [it, added] = index.emplace(key, items.size());
        if (added) {
          ItemProgress p;
          p.target = t;
          p.origin = trip.origin;
          p.minutes.assign(nv, nan);
          p.met.assign(nv, -1);
          items.push_back(std::move(p));
          last_trip.push_back(nullptr);
        }
        ItemProgress& p = items[it->second];
        p.destination = trip.destination;
        p.minutes[v] = trip.minutes;
        p.met[v] = within(trip.minutes, target.max_minutes) ? 1 : 0;
        last_trip[it->second] = &trip;
      }
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      ItemProgress& p = items[i];
      if (p.met[last] != 1) {
        p.status = ItemProgress::Status::still_failing;
        p.gap = p.minutes[last] - target.max_minutes;
        if (last_trip[i] && p.met[last] == 0) p.path = last_trip[i]->describe();
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
    // Still failing first (worst gap first), then newly met by version, then the rest.
    auto rank = [](const ItemProgress& p) {
      switch (p.status) {
        case ItemProgress::Status::still_failing:
          return 0;
        case ItemProgress::Status::newly_met:
          return 1;
        case ItemProgress::Status::met_throughout:
          return 2;
      }
      return 3;
    };
    std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
      if (rank(a) != rank(b)) return rank(a) < rank(b);
      if (a.newly_met != b.newly_met) return a.newly_met < b.newly_met;
      const double ga = a.minutes[last], gb = b.minutes[last];
      if (std::isnan(ga) != std::isnan(gb)) return std::isnan(ga);
      if (!std::isnan(ga) && ga != gb) return ga > gb;
      if (a.origin != b.origin) return a.origin < b.origin;
      return a.destination < b.destination;
    });
    for (auto& p : items) cmp.items.push_back(std::move(p));
  }

  // 8. Minutes saved: consecutive versions, then each against the baseline.
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
  for (std::size_t v = 1; v < nv; ++v) delta(v - 1, v).consecutive = true;
  for (std::size_t v = 0; v < nv; ++v)
    if (v != baseline) delta(baseline, v).against_baseline = true;
  cmp.place_gains = place_gains(cmp);

  // 9. Phases: what each year builds and opens.
  if (!options.years.empty()) {
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

  // 10. The last version's lines against the baseline, and its N-1 check.
  const model::Scenario& plan = cmp.versions[last].scenario;
  std::vector<std::string> notes;
  cmp.map_baseline_built =
      nv > 1 ? baseline_mask(plan, cmp.versions[baseline].scenario, notes) : built_mask(plan);
  const std::size_t extra =
      (options.rank && nv > 1 && baseline != last ? 1 : 0) + (options.robustness ? 1 : 0);
  done = 0;
  if (options.rank && nv > 1 && baseline != last) {
    RankOptions ro;
    ro.measure = options.measure;
    ro.order = options.rank_order;
    ro.threads = options.threads;
    cmp.ranking = rank_lines(plan, cmp.map_baseline_built, cmp.versions[baseline].id, ro);
    cmp.ranking->plan_id = cmp.versions[last].id;
    cmp.ranking->notes.insert(cmp.ranking->notes.begin(), notes.begin(), notes.end());
    report("rank", extra, cmp.versions[last].id + " against " + cmp.versions[baseline].id);
  }
  if (options.robustness) {
    RobustnessOptions no;
    no.measure = options.measure;
    no.segments = options.robustness_segments;
    no.threads = options.threads;
    cmp.robustness = n_minus_one(plan, no);
    cmp.robustness->scenario_id = cmp.versions[last].id;
    report("n-1", extra, cmp.versions[last].id);
  }
  return cmp;
}

}  // namespace reachplan::analysis
