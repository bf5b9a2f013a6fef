#include "reachplan/output/compare_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "number_format.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "reachplan/output/report_html.hpp"
#include "reachplan/output/tables.hpp"

namespace reachplan::output {

using analysis::Comparison;
using analysis::ItemProgress;
using analysis::Ranking;
using analysis::Robustness;

namespace {

using detail::fixed;
using detail::signed_fixed;

std::string signed_int(int x) {
  return x > 0 ? "+" + std::to_string(x) : std::to_string(x);
}

std::string threshold_label(double minutes) {
  return fixed(minutes, minutes == std::floor(minutes) ? 0 : 2);
}

// A text table: the first row is the header; columns padded, numbers (align 'r') right-aligned.
std::string text_table(const std::vector<std::vector<std::string>>& rows, const std::string& align,
                       const std::string& indent = "  ") {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string s;
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool right = c < align.size() && align[c] == 'r';
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c ? "  " : "") + (right ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : ""));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    s += line + "\n";
  }
  return s;
}

int total(const std::vector<int>& v) {
  return std::accumulate(v.begin(), v.end(), 0);
}
int count_of(const std::vector<int>& v, int x) {
  return static_cast<int>(std::count(v.begin(), v.end(), x));
}

const analysis::TargetResult* result_at(const Comparison& c, std::size_t t, std::size_t v) {
  const auto& at = c.targets[t].at[v];
  return at ? &c.versions[v].result.targets[*at] : nullptr;
}

std::string value_csv(const model::Target& t, double value) {
  return t.kind == model::Target::Kind::reach_share ? fixed(value, 4) : csv_minutes(value);
}

std::string items_noun(const model::Target& t) {
  return t.kind == model::Target::Kind::max_pair_time || t.kind == model::Target::Kind::mean_time
             ? "pairs"
             : "places";
}

std::string node_name(const model::Scenario& s, const std::string& id) {
  const model::Node* n = s.network.find_node(id);
  return n ? n->name : id;
}

std::string pair_change(double before, double after) {
  const bool rb = !std::isnan(before), ra = !std::isnan(after);
  if (!rb && !ra) return "unreachable";
  if (!rb) return "newly_reachable";
  if (!ra) return "cut_off";
  if (after < before) return "faster";
  if (after > before) return "slower";
  return "same";
}

}  // namespace

std::string file_stem(const std::string& id) {
  std::string s = id;
  for (char& ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.'))
      ch = '_';
  return s;
}

// ---------------------------------------------------------------------------------------------
// Text

std::string ranking_text(const Ranking& r, std::size_t max_rows) {
  std::ostringstream s;
  const bool pop = r.weighting == "population";
  s << "Planned lines of " << r.plan_id << " ranked against " << r.baseline_id << " ("
    << r.lines.size() << (r.lines.size() == 1 ? " line" : " lines")
    << ", order: " << analysis::to_string(r.order) << ")\n";
  s << "  alone: the line added to " << r.baseline_id << " on its own; removed: what " << r.plan_id
    << " loses without it.\n  min: " << r.weighting << "-weighted minutes saved per trip between "
    << (r.group == "all" ? "all places" : "places of '" + r.group + "'") << " (profile "
    << r.profile << "); T': " << (pop ? "people" : "places") << " reachable within T min, mean per "
    << (pop ? "resident" : "place") << ";\n  items: target items (pairs or places) newly within "
    << "their threshold, targets newly passed in brackets.\n";
  std::vector<std::string> head = {"#", "line", "mode", "status", "alone min"};
  for (double t : r.reach_minutes) head.push_back(threshold_label(t) + "'");
  for (const char* h : {"items", "removed min", "items", "critical for"}) head.push_back(h);
  std::vector<std::vector<std::string>> rows = {head};
  const std::size_t n = max_rows == 0 ? r.lines.size() : std::min(max_rows, r.lines.size());
  double largest = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (double x : r.lines[i].alone.reach) largest = std::max(largest, std::abs(x));
  const detail::PeopleFormat people(largest, r.weighting);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = r.lines[i];
    auto items = [](const analysis::Change& ch, int sign) {
      std::string x = signed_int(sign * total(ch.items));
      const int flips = count_of(ch.pass, 1);
      if (flips > 0) x += " (" + std::to_string(flips) + ")";
      return x;
    };
    std::string critical = core::join(c.critical_for, ", ");
    if (!c.only_with_others.empty())
      critical += std::string(critical.empty() ? "" : "; ") +
                  "only with others: " + core::join(c.only_with_others, ", ");
    std::vector<std::string> row = {std::to_string(i + 1), c.line, c.mode,
                                    model::to_string(c.status),
                                    signed_fixed(c.alone.minutes_saved, 2)};
    for (double x : c.alone.reach) row.push_back(people(x, true));
    for (const std::string& x : {items(c.alone, 1), signed_fixed(-c.removed.minutes_saved, 2),
                                 items(c.removed, -1), critical.empty() ? "-" : critical})
      row.push_back(x);
    rows.push_back(row);
  }
  s << text_table(rows, "rlllr" + std::string(r.reach_minutes.size(), 'r') + "rrrl");
  if (n < r.lines.size()) s << "  ... " << r.lines.size() - n << " more in ranking.csv\n";
  s << "  The whole plan against " << r.baseline_id << ": "
    << signed_fixed(r.plan_change.minutes_saved, 2) << " min per trip";
  double plan_largest = 0;
  for (double x : r.plan_change.reach) plan_largest = std::max(plan_largest, std::abs(x));
  const detail::PeopleFormat plan_people(plan_largest, r.weighting);
  for (std::size_t k = 0; k < r.plan_change.reach.size() && k < r.reach_minutes.size(); ++k)
    s << ", " << threshold_label(r.reach_minutes[k]) << "' "
      << plan_people(r.plan_change.reach[k], true);
  s << ", target items " << signed_int(total(r.plan_change.items)) << ".\n";
  s << "  Critical: the plan meets the target and misses it without the line. Adding lines never "
       "lengthens a trip,\n  so no combination of the other planned lines meets it without this "
       "one.\n";
  for (const auto& note : r.notes) s << "  note: " << note << "\n";
  return s.str();
}

std::string robustness_text(const Robustness& r, std::size_t max_rows) {
  std::ostringstream s;
  std::size_t breaking = 0;
  for (const auto& o : r.outages) breaking += o.breaks.empty() ? 0 : 1;
  s << "N-1 on " << r.scenario_id << ": each built "
    << (r.segments ? "segment cut" : "line removed") << " in turn (" << r.outages.size() << "); "
    << breaking << " break a target\n";
  std::vector<std::vector<std::string>> rows = {{"#", r.segments ? "segment" : "line", "mode",
                                                 "breaks", "items lost", "min lost", "pairs cut"}};
  const std::size_t n = max_rows == 0 ? r.outages.size() : std::min(max_rows, r.outages.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto& o = r.outages[i];
    rows.push_back({std::to_string(i + 1), o.id, o.mode,
                    o.breaks.empty() ? "-" : core::join(o.breaks, ", "),
                    std::to_string(total(o.loss.items)), fixed(o.loss.minutes_saved, 2),
                    std::to_string(o.loss.pairs_connected)});
  }
  s << text_table(rows, "rlllrrr");
  if (n < r.outages.size()) s << "  ... " << r.outages.size() - n << " more in robustness.csv\n";
  return s.str();
}

std::string comparison_text(const Comparison& c) {
  std::ostringstream s;
  const auto& vs = c.versions;
  const std::size_t nv = vs.size();
  s << "Compared " << nv << " version" << (nv == 1 ? "" : "s") << "; baseline " << vs[c.baseline].id
    << "\n";
  {
    std::vector<std::vector<std::string>> rows = {{"version", "year", "lines built", "name"}};
    for (const auto& v : vs)
      rows.push_back({v.id, v.year ? std::to_string(*v.year) : "-",
                      std::to_string(v.lines_built.size()) + "/" +
                          std::to_string(v.scenario.network.lines.size()),
                      v.name});
    s << text_table(rows, "lrrl");
  }
  for (const auto& f : c.failures) s << "  FAILED " << f.file << ": " << f.message << "\n";

  // Targets.
  s << "\nTargets (verdict, items within the threshold)\n";
  {
    std::vector<std::string> head = {"target"};
    for (const auto& v : vs) head.push_back(v.id);
    head.push_back("first met");
    std::vector<std::vector<std::string>> rows = {head};
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      std::vector<std::string> row = {c.targets[t].target.id};
      for (std::size_t v = 0; v < nv; ++v) {
        const auto* r = result_at(c, t, v);
        row.push_back(r ? std::string(r->pass ? "PASS " : "FAIL ") + std::to_string(r->items_met) +
                              "/" + std::to_string(r->items_total)
                        : "-");
      }
      row.push_back(c.targets[t].first_met ? vs[*c.targets[t].first_met].id : "not met");
      rows.push_back(row);
    }
    s << text_table(rows, "l" + std::string(nv, 'l') + "l");
  }

  // Key pairs.
  if (!c.key_places.empty() && c.key_places.size() <= 12) {
    s << "\nKey pairs (profile " << c.profile << ", h:mm)\n";
    std::vector<std::string> head = {"from", "to"};
    for (const auto& v : vs) head.push_back(v.id);
    std::vector<std::vector<std::string>> rows = {head};
    for (const auto& a : c.key_places)
      for (const auto& b : c.key_places) {
        if (a == b) continue;
        std::vector<std::string> row = {a, b};
        for (const auto& v : vs) {
          const auto& k = v.key;
          auto i = std::find(k.origins.begin(), k.origins.end(), a);
          auto j = std::find(k.destinations.begin(), k.destinations.end(), b);
          row.push_back(
              i == k.origins.end() || j == k.destinations.end()
                  ? "-"
                  : core::format_hmm(k.minutes(i - k.origins.begin(), j - k.destinations.begin())));
        }
        rows.push_back(row);
      }
    s << text_table(rows, "ll" + std::string(nv, 'r'));
  }

  // Items newly met, and still failing.
  bool any_new = false;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    std::vector<std::string> lines;
    for (std::size_t v = 1; v < nv; ++v) {
      std::vector<std::string> names;
      for (const auto& it : c.items)
        if (it.target == t && it.newly_met == v)
          names.push_back(it.origin +
                          (it.destination.empty() ||
                                   c.targets[t].target.kind == model::Target::Kind::max_nearest_time
                               ? ""
                               : "->" + it.destination));
      if (names.empty()) continue;
      lines.push_back("    " + vs[v].id + " (" + std::to_string(names.size()) +
                      "): " + core::join(names, ", ") + "\n");
    }
    if (lines.empty()) continue;
    if (!any_new) s << "\nNewly within target thresholds (from this version on)\n";
    any_new = true;
    s << "  " << c.targets[t].target.id << " (within "
      << core::format_hmm(c.targets[t].target.max_minutes) << ")\n";
    for (const auto& l : lines) s << l;
  }
  bool any_failing = false;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    std::vector<const ItemProgress*> failing;
    for (const auto& it : c.items)
      if (it.target == t && it.status == ItemProgress::Status::still_failing)
        failing.push_back(&it);
    if (failing.empty()) continue;
    if (!any_failing)
      s << "\nStill failing in " << vs.back().id << " (gap to the threshold, path)\n";
    any_failing = true;
    const auto& target = c.targets[t].target;
    s << "  " << target.id << " (within " << core::format_hmm(target.max_minutes)
      << "): " << failing.size() << " " << items_noun(target) << "\n";
    const std::size_t shown = std::min<std::size_t>(failing.size(), 8);
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& it = *failing[i];
      const double m = it.minutes.back();
      std::string who = it.origin + " -> " + (it.destination.empty() ? "?" : it.destination);
      if (who.size() < 26) who += std::string(26 - who.size(), ' ');
      s << "    " << who << " "
        << (std::isnan(m)
                ? std::string("unreachable")
                : core::format_hmm(m) + "  (+" + core::format_hmm(it.gap) + ")  " + it.path)
        << "\n";
    }
    if (shown < failing.size())
      s << "    ... " << failing.size() - shown << " more in target_items.csv\n";
  }

  // Accessibility.
  if (!c.reach_minutes.empty()) {
    s << "\nAccessibility between "
      << (c.group == "all" ? "all places" : "places of '" + c.group + "'") << " (profile "
      << c.profile << "): " << (c.weighting == "population" ? "people" : "places")
      << " reachable within T minutes, mean per "
      << (c.weighting == "population" ? "resident" : "place") << "; weighted mean trip time\n";
    std::vector<std::string> head = {"version"};
    for (double t : c.reach_minutes) head.push_back(threshold_label(t) + " min");
    head.push_back("mean trip");
    head.push_back("unreachable pairs");
    std::vector<std::vector<std::string>> rows = {head};
    double largest = 0;
    for (const auto& v : vs)
      for (double x : v.measure.mean_reach) largest = std::max(largest, x);
    const detail::PeopleFormat people(largest, c.weighting);
    for (const auto& v : vs) {
      std::vector<std::string> row = {v.id};
      for (double x : v.measure.mean_reach) row.push_back(people(x));
      row.push_back(core::format_hmm(v.measure.mean_minutes));
      row.push_back(std::to_string(v.measure.unreachable_pairs));
      rows.push_back(row);
    }
    s << text_table(rows, "l" + std::string(c.reach_minutes.size() + 2, 'r'));
    // The places whose mean trip shrinks most from the baseline to the last version.
    const auto& base = vs[c.baseline];
    const auto& last = vs.back();
    std::vector<std::pair<double, std::size_t>> gains;
    for (std::size_t p = 0; p < c.places.size(); ++p)
      if (base.access[p] && last.access[p] && last.weights[p] > 0 &&
          !std::isnan(base.access[p]->mean_minutes) && !std::isnan(last.access[p]->mean_minutes))
        gains.push_back({base.access[p]->mean_minutes - last.access[p]->mean_minutes, p});
    std::stable_sort(gains.begin(), gains.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      return c.places[a.second] < c.places[b.second];
    });
    if (nv > 1 && !gains.empty() && gains.front().first > 0.005) {
      s << "  Mean trip shortened most, " << last.id << " against " << base.id << ":";
      for (std::size_t i = 0; i < gains.size() && i < 6 && gains[i].first > 0.005; ++i)
        s << (i ? ", " : " ") << c.places[gains[i].second] << " -"
          << core::format_hmm(gains[i].first);
      s << " (per place in accessibility.csv)\n";
    }
  }

  // Phases.
  if (!c.phases.empty()) {
    s << "\nPhasing: what each year builds\n";
    for (const auto& ph : c.phases) {
      s << "  " << ph.year << ": " << ph.built.size() << " lines built";
      if (!ph.opened.empty()) s << "; opening: " << core::join(ph.opened, ", ");
      s << "\n";
    }
    s << "  First year each target is met:";
    for (const auto& row : c.targets)
      s << "\n    " << row.target.id << ": "
        << (row.first_met ? std::to_string(c.versions[*row.first_met].year.value_or(0))
                          : std::string("not by ") + std::to_string(c.phases.back().year));
    s << "\n";
    if (!c.undated_built.empty())
      s << "  Built in every year (no opening year, or listed in build.lines): "
        << core::join(c.undated_built, ", ") << "\n";
  }

  if (c.ranking) s << "\n" << ranking_text(*c.ranking, 10);
  if (c.robustness) s << "\n" << robustness_text(*c.robustness, 10);
  return s.str();
}

// ---------------------------------------------------------------------------------------------
// CSV

std::string compare_targets_csv(const Comparison& c) {
  std::string s = "target,name,kind,profile,max_minutes";
  for (const auto& v : c.versions) {
    const std::string id = csv_field(v.id);
    s += "," + id + "," + csv_field(v.id + "_value") + "," + csv_field(v.id + "_met") + "," +
         csv_field(v.id + "_total");
  }
  s += ",first_met\n";
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& target = c.targets[t].target;
    std::string profile;
    for (std::size_t v = 0; v < c.versions.size() && profile.empty(); ++v)
      if (const auto* r = result_at(c, t, v)) profile = r->profile;
    s += csv_field(target.id) + "," + csv_field(target.name) + "," + model::to_string(target.kind) +
         "," + csv_field(profile) + "," + csv_minutes(target.max_minutes);
    for (std::size_t v = 0; v < c.versions.size(); ++v) {
      const auto* r = result_at(c, t, v);
      if (!r) {
        s += ",,,,";
        continue;
      }
      s += std::string(",") + (r->pass ? "PASS" : "FAIL") + "," + value_csv(target, r->value) +
           "," + std::to_string(r->items_met) + "," + std::to_string(r->items_total);
    }
    s += "," + (c.targets[t].first_met ? csv_field(c.versions[*c.targets[t].first_met].id) : "") +
         "\n";
  }
  return s;
}

std::string compare_targets_long_csv(const Comparison& c) {
  std::string s = "version,target,verdict,value,value_unit,items_met,items_total\n";
  for (std::size_t v = 0; v < c.versions.size(); ++v)
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      const auto* r = result_at(c, t, v);
      if (!r) continue;
      s += csv_field(c.versions[v].id) + "," + csv_field(c.targets[t].target.id) + "," +
           (r->pass ? "PASS" : "FAIL") + "," + value_csv(c.targets[t].target, r->value) + "," +
           r->value_unit + "," + std::to_string(r->items_met) + "," +
           std::to_string(r->items_total) + "\n";
    }
  return s;
}

std::string key_pairs_csv(const Comparison& c) {
  std::string s = "origin,destination";
  for (const auto& v : c.versions) s += "," + csv_field(v.id);
  s += "\n";
  for (const auto& a : c.key_places)
    for (const auto& b : c.key_places) {
      if (a == b) continue;
      s += csv_field(a) + "," + csv_field(b);
      for (const auto& v : c.versions) {
        const auto& k = v.key;
        auto i = std::find(k.origins.begin(), k.origins.end(), a);
        auto j = std::find(k.destinations.begin(), k.destinations.end(), b);
        s += ",";
        if (i != k.origins.end() && j != k.destinations.end())
          s += csv_minutes(k.minutes(i - k.origins.begin(), j - k.destinations.begin()));
      }
      s += "\n";
    }
  return s;
}

namespace {
std::string wide(const std::vector<std::string>& places, const Eigen::MatrixXd& m) {
  std::string s = "origin";
  for (const auto& p : places) s += "," + csv_field(p);
  s += "\n";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    s += csv_field(places[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < m.cols(); ++j) s += "," + fixed(m(i, j), 2);
    s += "\n";
  }
  return s;
}
}  // namespace

std::string version_matrix_csv(const Comparison& c, std::size_t version) {
  return wide(c.places, c.versions[version].places);
}

std::string delta_csv(const Comparison& c, const analysis::VersionDelta& d) {
  return wide(c.places, d.saved);
}

std::string deltas_long_csv(const Comparison& c) {
  std::string s =
      "from_version,to_version,origin,destination,minutes_from,minutes_to,minutes_saved,change\n";
  for (const auto& d : c.deltas) {
    const auto& a = c.versions[d.from].places;
    const auto& b = c.versions[d.to].places;
    for (Eigen::Index i = 0; i < a.rows(); ++i)
      for (Eigen::Index j = 0; j < a.cols(); ++j) {
        if (i == j) continue;
        const std::string change = pair_change(a(i, j), b(i, j));
        if (change == "same" || change == "unreachable") continue;
        s += csv_field(c.versions[d.from].id) + "," + csv_field(c.versions[d.to].id) + "," +
             csv_field(c.places[static_cast<std::size_t>(i)]) + "," +
             csv_field(c.places[static_cast<std::size_t>(j)]) + "," + fixed(a(i, j), 2) + "," +
             fixed(b(i, j), 2) + "," + fixed(d.saved(i, j), 2) + "," + change + "\n";
      }
  }
  return s;
}

std::string accessibility_csv(const Comparison& c) {
  std::string s = "version,place,name,weight";
  for (double t : c.reach_minutes) s += ",reach_" + threshold_label(t);
  s += ",mean_minutes,unreachable_places";
  for (double t : c.reach_minutes) s += ",reach_" + threshold_label(t) + "_gain";
  s += ",mean_minutes_saved\n";
  const auto& base = c.versions[c.baseline];
  for (const auto& v : c.versions)
    for (std::size_t p = 0; p < c.places.size(); ++p) {
      if (!v.access[p] || v.weights[p] <= 0) continue;
      const auto& a = *v.access[p];
      s += csv_field(v.id) + "," + csv_field(c.places[p]) + "," +
           csv_field(node_name(v.scenario, c.places[p])) + "," + fixed(v.weights[p], 0);
      for (double x : a.reach) s += "," + fixed(x, 0);
      s += "," + fixed(a.mean_minutes, 2) + "," + std::to_string(a.unreachable);
      const auto& b = base.access[p];
      for (std::size_t k = 0; k < a.reach.size(); ++k)
        s += "," + (b ? fixed(a.reach[k] - b->reach[k], 0) : "");
      s += "," + (b ? fixed(b->mean_minutes - a.mean_minutes, 2) : "") + "\n";
    }
  return s;
}

std::string target_items_csv(const Comparison& c) {
  std::string s = "target,kind,max_minutes,origin,destination,status,newly_met_in";
  for (const auto& v : c.versions) s += "," + csv_field(v.id);
  s += ",gap_minutes,path\n";
  for (const auto& it : c.items) {
    const auto& t = c.targets[it.target].target;
    s += csv_field(t.id) + "," + model::to_string(t.kind) + "," + csv_minutes(t.max_minutes) + "," +
         csv_field(it.origin) + "," + csv_field(it.destination) + "," + to_string(it.status) + "," +
         (it.newly_met ? csv_field(c.versions[*it.newly_met].id) : "");
    for (double m : it.minutes) s += "," + csv_minutes(m);
    s += "," + (it.status == ItemProgress::Status::still_failing ? csv_minutes(it.gap) : "") + "," +
         csv_field(it.path) + "\n";
  }
  return s;
}

std::string phases_csv(const Comparison& c) {
  std::string s = "year,version,lines_built,opened";
  for (const auto& row : c.targets) s += "," + csv_field(row.target.id);
  s += "\n";
  for (const auto& ph : c.phases) {
    s += std::to_string(ph.year) + "," + csv_field(c.versions[ph.version].id) + "," +
         std::to_string(ph.built.size()) + "," + csv_field(core::join(ph.opened, ";"));
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      const auto* r = result_at(c, t, ph.version);
      s += std::string(",") + (r ? (r->pass ? "PASS" : "FAIL") : "");
    }
    s += "\n";
  }
  return s;
}

std::string ranking_csv(const Ranking& r) {
  std::string s =
      "rank,line,name,mode,status,opened,is_link,alone_minutes_saved,alone_pairs_connected";
  for (double t : r.reach_minutes) s += ",alone_reach_" + threshold_label(t);
  s += ",alone_items,alone_targets_passed,removed_minutes_lost,removed_pairs_cut";
  for (double t : r.reach_minutes) s += ",removed_reach_" + threshold_label(t);
  s += ",removed_items,removed_targets_failed,critical_for,only_with_others";
  for (const auto& t : r.target_ids) s += "," + csv_field("alone_items_" + t);
  for (const auto& t : r.target_ids) s += "," + csv_field("removed_items_" + t);
  s += "\n";
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& c = r.lines[i];
    s += std::to_string(i + 1) + "," + csv_field(c.line) + "," + csv_field(c.name) + "," +
         csv_field(c.mode) + "," + model::to_string(c.status) + "," +
         (c.opened ? std::to_string(*c.opened) : "") + "," + (c.is_link ? "true" : "false") + "," +
         fixed(c.alone.minutes_saved, 4) + "," + std::to_string(c.alone.pairs_connected);
    for (double x : c.alone.reach) s += "," + fixed(x, 0);
    s += "," + std::to_string(total(c.alone.items)) + "," +
         std::to_string(count_of(c.alone.pass, 1)) + "," + fixed(c.removed.minutes_saved, 4) + "," +
         std::to_string(c.removed.pairs_connected);
    for (double x : c.removed.reach) s += "," + fixed(x, 0);
    s += "," + std::to_string(total(c.removed.items)) + "," +
         std::to_string(count_of(c.removed.pass, 1)) + "," +
         csv_field(core::join(c.critical_for, ";")) + "," +
         csv_field(core::join(c.only_with_others, ";"));
    for (int x : c.alone.items) s += "," + std::to_string(x);
    for (int x : c.removed.items) s += "," + std::to_string(x);
    s += "\n";
  }
  return s;
}

std::string robustness_csv(const Robustness& r) {
  std::string s = "rank,kind,outage,mode,lines,breaks,items_lost,minutes_lost,pairs_cut";
  for (double t : r.reach_minutes) s += ",reach_" + threshold_label(t) + "_lost";
  s += "\n";
  for (std::size_t i = 0; i < r.outages.size(); ++i) {
    const auto& o = r.outages[i];
    s += std::to_string(i + 1) + "," + analysis::to_string(o.kind) + "," + csv_field(o.id) + "," +
         csv_field(o.mode) + "," + csv_field(core::join(o.lines, ";")) + "," +
         csv_field(core::join(o.breaks, ";")) + "," + std::to_string(total(o.loss.items)) + "," +
         fixed(o.loss.minutes_saved, 4) + "," + std::to_string(o.loss.pairs_connected);
    for (double x : o.loss.reach) s += "," + fixed(x, 0);
    s += "\n";
  }
  return s;
}

std::string robustness_targets_csv(const Robustness& r, const model::Scenario& scenario) {
  std::string s =
      "outage,target,verdict_intact,verdict_without,value_intact,value_without,items_met_intact,"
      "items_met_without,items_total\n";
  for (const auto& o : r.outages)
    for (const auto& im : o.impacts) {
      const auto& t = scenario.targets[im.target];
      s += csv_field(o.id) + "," + csv_field(t.id) + "," + (im.intact.pass ? "PASS" : "FAIL") +
           "," + (im.without.pass ? "PASS" : "FAIL") + "," + value_csv(t, im.intact.value) + "," +
           value_csv(t, im.without.value) + "," + std::to_string(im.intact.items_met) + "," +
           std::to_string(im.without.items_met) + "," + std::to_string(im.intact.items_total) +
           "\n";
    }
  return s;
}

// ---------------------------------------------------------------------------------------------
// JSON

namespace {

nlohmann::json number(double x, int decimals) {
  if (!std::isfinite(x)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  return std::round(x * scale) / scale;
}

nlohmann::json change_json(const analysis::Change& ch, const std::vector<std::string>& targets,
                           const std::vector<double>& thresholds) {
  nlohmann::json items = nlohmann::json::object(), pass = nlohmann::json::object(),
                 reach = nlohmann::json::object();
  for (std::size_t t = 0; t < targets.size() && t < ch.items.size(); ++t) {
    items[targets[t]] = ch.items[t];
    pass[targets[t]] = ch.pass[t];
  }
  for (std::size_t k = 0; k < thresholds.size() && k < ch.reach.size(); ++k)
    reach[threshold_label(thresholds[k])] = number(ch.reach[k], 0);
  return {{"minutes_saved", number(ch.minutes_saved, 4)},
          {"pairs_connected", ch.pairs_connected},
          {"reach_gained", reach},
          {"target_items", items},
          {"target_pass", pass}};
}

nlohmann::json ranking_json(const Ranking& r) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& c : r.lines)
    lines.push_back({{"line", c.line},
                     {"name", c.name},
                     {"mode", c.mode},
                     {"status", model::to_string(c.status)},
                     {"opened", c.opened ? nlohmann::json(*c.opened) : nlohmann::json(nullptr)},
                     {"alone", change_json(c.alone, r.target_ids, r.reach_minutes)},
                     {"removed", change_json(c.removed, r.target_ids, r.reach_minutes)},
                     {"critical_for", c.critical_for},
                     {"only_with_others", c.only_with_others}});
  return {{"plan", r.plan_id},
          {"baseline", r.baseline_id},
          {"order", analysis::to_string(r.order)},
          {"profile", r.profile},
          {"group", r.group},
          {"weighting", r.weighting},
          {"plan_change", change_json(r.plan_change, r.target_ids, r.reach_minutes)},
          {"lines", lines},
          {"notes", r.notes}};
}

}  // namespace

std::string comparison_json(const Comparison& c) {
  nlohmann::json j;
  j["reachplan_version"] = core::version;
  j["baseline"] = c.versions[c.baseline].id;
  j["profile"] = c.profile;
  j["group"] = c.group;
  j["weighting"] = c.weighting;
  j["reach_minutes"] = c.reach_minutes;
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& v : c.versions) {
    nlohmann::json reach = nlohmann::json::object();
    for (std::size_t k = 0; k < c.reach_minutes.size() && k < v.measure.mean_reach.size(); ++k)
      reach[threshold_label(c.reach_minutes[k])] = number(v.measure.mean_reach[k], 0);
    versions.push_back({{"id", v.id},
                        {"name", v.name},
                        {"file", v.file},
                        {"year", v.year ? nlohmann::json(*v.year) : nlohmann::json(nullptr)},
                        {"lines_built", v.lines_built},
                        {"mean_reach", reach},
                        {"mean_minutes", number(v.measure.mean_minutes, 2)},
                        {"unreachable_pairs", v.measure.unreachable_pairs}});
  }
  j["versions"] = versions;
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : c.failures) failures.push_back({{"file", f.file}, {"message", f.message}});
  j["failures"] = failures;
  j["all_ran"] = c.all_ran();

  nlohmann::json targets = nlohmann::json::array();
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& target = c.targets[t].target;
    nlohmann::json per = nlohmann::json::object();
    for (std::size_t v = 0; v < c.versions.size(); ++v) {
      const auto* r = result_at(c, t, v);
      if (!r) continue;
      per[c.versions[v].id] = {
          {"verdict", r->pass ? "PASS" : "FAIL"},
          {"value", r->value_unit == "share" ? number(r->value, 4) : number(r->value, 2)},
          {"items_met", r->items_met},
          {"items_total", r->items_total}};
    }
    nlohmann::json newly = nlohmann::json::array(), failing = nlohmann::json::array();
    for (const auto& it : c.items) {
      if (it.target != t) continue;
      if (it.status == ItemProgress::Status::newly_met)
        newly.push_back({{"origin", it.origin},
                         {"destination", it.destination},
                         {"version", c.versions[*it.newly_met].id}});
      if (it.status == ItemProgress::Status::still_failing)
        failing.push_back({{"origin", it.origin},
                           {"destination", it.destination},
                           {"minutes", number(it.minutes.back(), 2)},
                           {"gap_minutes", number(it.gap, 2)},
                           {"path", it.path}});
    }
    targets.push_back({{"id", target.id},
                       {"name", target.name},
                       {"kind", model::to_string(target.kind)},
                       {"max_minutes", target.max_minutes},
                       {"versions", per},
                       {"first_met", c.targets[t].first_met
                                         ? nlohmann::json(c.versions[*c.targets[t].first_met].id)
                                         : nlohmann::json(nullptr)},
                       {"newly_met", newly},
                       {"still_failing", failing}});
  }
  j["targets"] = targets;
  if (!c.phases.empty()) {
    nlohmann::json phases = nlohmann::json::array();
    for (const auto& ph : c.phases)
      phases.push_back(
          {{"year", ph.year}, {"lines_built", ph.built.size()}, {"opened", ph.opened}});
    j["phases"] = phases;
    j["built_in_every_year"] = c.undated_built;
  }
  if (c.ranking) j["ranking"] = ranking_json(*c.ranking);
  if (c.robustness) {
    nlohmann::json outages = nlohmann::json::array();
    for (const auto& o : c.robustness->outages)
      if (!o.breaks.empty()) outages.push_back({{"outage", o.id}, {"breaks", o.breaks}});
    j["n_minus_one"] = {{"scenario", c.robustness->scenario_id},
                        {"kind", c.robustness->segments ? "segment" : "line"},
                        {"outages_checked", c.robustness->outages.size()},
                        {"breaking", outages}};
  }
  return j.dump(2) + "\n";
}

// ---------------------------------------------------------------------------------------------
// Writers

namespace {
struct Writer {
  std::string folder;
  std::vector<std::string> written;
  void operator()(const std::string& name, const std::string& content) {
    const std::string path = (std::filesystem::path(folder) / name).string();
    write_file_atomically(path, content);
    written.push_back(path);
  }
};
}  // namespace

std::vector<std::string> write_compare_outputs(const std::string& folder, const Comparison& c,
                                               const analysis::SurfaceComparison* surfaces,
                                               const analysis::Grid* grid) {
  Writer w{folder, {}};
  w("targets.csv", compare_targets_csv(c));
  w("targets_long.csv", compare_targets_long_csv(c));
  if (!c.key_places.empty()) w("key_pairs.csv", key_pairs_csv(c));
  for (std::size_t v = 0; v < c.versions.size(); ++v)
    w("matrix_" + file_stem(c.versions[v].id) + ".csv", version_matrix_csv(c, v));
  for (const auto& d : c.deltas)
    w("delta_" + file_stem(c.versions[d.from].id) + "__" + file_stem(c.versions[d.to].id) + ".csv",
      delta_csv(c, d));
  if (!c.deltas.empty()) w("deltas.csv", deltas_long_csv(c));
  w("accessibility.csv", accessibility_csv(c));
  w("target_items.csv", target_items_csv(c));
  if (!c.phases.empty()) w("phases.csv", phases_csv(c));
  if (c.ranking) w("ranking.csv", ranking_csv(*c.ranking));
  if (c.robustness) {
    w("robustness.csv", robustness_csv(*c.robustness));
    w("robustness_targets.csv", robustness_targets_csv(*c.robustness, c.versions.back().scenario));
  }
  w("comparison.json", comparison_json(c));
  if (surfaces && grid) {
    for (const auto& d : surfaces->deltas) {
      const std::string path =
          (std::filesystem::path(folder) / (file_stem(d.delta.id) + ".tif")).string();
      write_geotiff(path, *grid, d.delta, false);
      w.written.push_back(path);
    }
  }
  ReportInput in;
  in.title = "Plan versions: " + c.versions.front().id + " to " + c.versions.back().id;
  in.comparison = &c;
  in.map = &c.versions.back().scenario;
  in.map_baseline_built = c.map_baseline_built;
  in.ranking = c.ranking ? &*c.ranking : nullptr;
  in.robustness = c.robustness ? &*c.robustness : nullptr;
  w("report.html", report_html(in));
  return w.written;
}

std::vector<std::string> write_rank_outputs(const std::string& folder, const Ranking& r,
                                            const model::Scenario& plan,
                                            const std::vector<bool>& baseline_built) {
  Writer w{folder, {}};
  w("ranking.csv", ranking_csv(r));
  w("ranking.json", ranking_json(r).dump(2) + "\n");
  ReportInput in;
  in.title = "Planned lines of " + r.plan_id + " against " + r.baseline_id;
  in.map = &plan;
  in.map_baseline_built = baseline_built;
  in.ranking = &r;
  w("report.html", report_html(in));
  return w.written;
}

std::vector<std::string> write_robustness_outputs(const std::string& folder, const Robustness& r,
                                                  const model::Scenario& scenario) {
  Writer w{folder, {}};
  w("robustness.csv", robustness_csv(r));
  w("robustness_targets.csv", robustness_targets_csv(r, scenario));
  ReportInput in;
  in.title = "N-1 robustness of " + r.scenario_id;
  in.map = &scenario;
  in.map_baseline_built = analysis::built_mask(scenario);
  in.robustness = &r;
  w("report.html", report_html(in));
  return w.written;
}

}  // namespace reachplan::output
