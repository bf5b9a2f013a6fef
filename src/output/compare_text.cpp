// The text summary `compare` prints: versions, target verdicts, key pairs, items newly met,
// regressed and still failing, accessibility, phases, then the ranking and N-1 summaries. One
// function per part, in printing order.
#include <sstream>

#include "reachplan/core/text.hpp"
#include "reachplan/output/compare_tables.hpp"
#include "reachplan/output/rank_tables.hpp"
#include "table_format.hpp"

namespace reachplan::output {

using analysis::Comparison;
using analysis::ItemProgress;
using detail::join;
using detail::result_at;
using detail::text_table;
using detail::threshold_label;

namespace {

std::string items_noun(const model::Target& t) {
  return std::string(t.kind_info().item_noun);
}

void versions_text(std::ostream& s, const Comparison& c) {
  const auto& vs = c.versions;
  const std::size_t nv = vs.size();
  s << "Compared " << nv << " version" << (nv == 1 ? "" : "s") << "; baseline " << vs[c.baseline].id
    << "\n";
  std::vector<std::vector<std::string>> rows = {{"version", "year", "lines built", "name"}};
  for (const auto& v : vs)
    rows.push_back({v.id, v.year ? std::to_string(*v.year) : "-",
                    std::to_string(v.lines_built.size()) + "/" +
                        std::to_string(v.scenario.network.lines.size()),
                    v.name});
  s << text_table(rows, "lrrl");
  for (const auto& f : c.failures) s << "  FAILED " << f.file << ": " << f.message << "\n";
}

void targets_text(std::ostream& s, const Comparison& c) {
  const auto& vs = c.versions;
  const std::size_t nv = vs.size();
  s << "\nTargets (verdict, items within the threshold)\n";
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

// Only for a dozen key places or fewer: beyond, the table is too long to read (key_pairs.csv).
void key_pairs_text(std::ostream& s, const Comparison& c) {
  if (c.key_places.empty() || c.key_places.size() > 12) return;
  s << "\nKey pairs (profile " << c.profile << ", h:mm)\n";
  std::vector<std::string> head = {"from", "to"};
  for (const auto& v : c.versions) head.push_back(v.id);
  std::vector<std::vector<std::string>> rows = {head};
  for (const auto& a : c.key_places)
    for (const auto& b : c.key_places) {
      if (a == b) continue;
      std::vector<std::string> row = {a, b};
      for (const auto& v : c.versions) {
        const auto m = detail::key_minutes(v.key, a, b);
        row.push_back(m ? core::format_hmm(*m) : "-");
      }
      rows.push_back(row);
    }
  s << text_table(rows, "ll" + std::string(c.versions.size(), 'r'));
}

void newly_met_text(std::ostream& s, const Comparison& c) {
  bool any_new = false;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    std::vector<std::string> lines;
    for (std::size_t v = 1; v < c.versions.size(); ++v) {
      std::vector<std::string> names;
      for (const auto& it : c.items)
        if (it.target == t && it.newly_met == v)
          names.push_back(it.origin +
                          (it.destination.empty() || c.targets[t].target.kind_info().item ==
                                                         model::TargetItemRule::nearest
                               ? ""
                               : "->" + it.destination));
      if (names.empty()) continue;
      lines.push_back("    " + c.versions[v].id + " (" + std::to_string(names.size()) +
                      "): " + join(names, ", ") + "\n");
    }
    if (lines.empty()) continue;
    if (!any_new) s << "\nNewly within target thresholds (from this version on)\n";
    any_new = true;
    s << "  " << c.targets[t].target.id << " (within " << detail::limit_text(c.targets[t].target)
      << ")\n";
    for (const auto& l : lines) s << l;
  }
}

// The first eight items of each target with status `status` (regressed or still failing at the
// last version; the rest in target_items.csv). Regressed items also say the version they fail
// from.
void failing_text(std::ostream& s, const Comparison& c, ItemProgress::Status status,
                  const std::string& heading) {
  const bool regressed = status == ItemProgress::Status::regressed;
  bool any_failing = false;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    std::vector<const ItemProgress*> failing;
    for (const auto& it : c.items)
      if (it.target == t && it.status == status) failing.push_back(&it);
    if (failing.empty()) continue;
    if (!any_failing) s << "\n" << heading << "\n";
    any_failing = true;
    const auto& target = c.targets[t].target;
    s << "  " << target.id << " (within " << detail::limit_text(target) << "): " << failing.size()
      << " " << items_noun(target) << "\n";
    const std::size_t shown = std::min<std::size_t>(failing.size(), 8);
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& it = *failing[i];
      const double m = it.minutes.back();
      const auto judged = detail::value_against_limit(target, m);
      std::string who = it.origin + " -> " + (it.destination.empty() ? "?" : it.destination);
      if (who.size() < 26) who += std::string(26 - who.size(), ' ');
      if (regressed) who += " from " + c.versions[*it.regressed].id + " ";
      s << "    " << who << " "
        << (std::isnan(m) ? std::string("unreachable")
                          : judged.time + "  (" + judged.gap + ")  " + it.path)
        << "\n";
    }
    if (shown < failing.size())
      s << "    ... " << failing.size() - shown << " more in target_items.csv\n";
  }
}

// The six places whose mean trip shrinks most from the baseline to the last version. A place
// without a mean trip on one side (NaN minutes saved) has no saving to show here.
void place_gains_text(std::ostream& s, const Comparison& c) {
  std::vector<const analysis::PlaceGain*> gains;
  for (const auto& g : c.place_gains)
    if (!std::isnan(g.minutes_saved)) gains.push_back(&g);
  if (c.versions.size() < 2 || gains.empty() || !(gains.front()->minutes_saved > 0.005)) return;
  s << "  Mean trip shortened most, " << c.versions.back().id << " against "
    << c.versions[c.baseline].id << ":";
  for (std::size_t i = 0; i < gains.size() && i < 6 && gains[i]->minutes_saved > 0.005; ++i)
    s << (i ? ", " : " ") << c.places[gains[i]->place] << " -"
      << core::format_hmm(gains[i]->minutes_saved);
  s << " (per place in accessibility.csv)\n";
}

void accessibility_text(std::ostream& s, const Comparison& c) {
  if (c.reach_minutes.empty()) return;
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
  for (const auto& v : c.versions)
    for (double x : v.measure.mean_reach) largest = std::max(largest, x);
  const detail::PeopleFormat people(largest, c.weighting);
  for (const auto& v : c.versions) {
    std::vector<std::string> row = {v.id};
    for (double x : v.measure.mean_reach) row.push_back(people(x));
    row.push_back(core::format_hmm(v.measure.mean_minutes));
    row.push_back(std::to_string(v.measure.unreachable_pairs));
    rows.push_back(row);
  }
  s << text_table(rows, "l" + std::string(c.reach_minutes.size() + 2, 'r'));
  place_gains_text(s, c);
}

void phases_text(std::ostream& s, const Comparison& c) {
  if (c.phases.empty()) return;
  s << "\nPhasing: what each year builds\n";
  for (const auto& ph : c.phases) {
    s << "  " << ph.year << ": " << ph.built.size() << " lines built";
    if (!ph.opened.empty()) s << "; opening: " << join(ph.opened, ", ");
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
      << join(c.undated_built, ", ") << "\n";
}

}  // namespace

std::string comparison_text(const Comparison& c) {
  std::ostringstream s;
  versions_text(s, c);
  targets_text(s, c);
  key_pairs_text(s, c);
  newly_met_text(s, c);
  const std::string last = c.versions.back().id;
  failing_text(s, c, ItemProgress::Status::regressed,
               "Regressed: met in an earlier version, failing in " + last +
                   " (version it fails from, gap to the threshold, path)");
  failing_text(s, c, ItemProgress::Status::still_failing,
               "Still failing in " + last + " (gap to the threshold, path)");
  accessibility_text(s, c);
  phases_text(s, c);
  if (c.ranking) s << "\n" << ranking_text(*c.ranking, 10);
  if (c.robustness) s << "\n" << robustness_text(*c.robustness, 10);
  return s.str();
}

}  // namespace reachplan::output
