// Rankings of planned lines and N-1 checks: the text `rank` and `robustness` print, their CSV
// and the ranking's JSON.
#include "reachplan/output/rank_tables.hpp"

#include <sstream>

#include "table_format.hpp"

namespace reachplan::output {

using analysis::Ranking;
using analysis::Robustness;
using detail::count_of;
using detail::fixed;
using detail::join;
using detail::signed_fixed;
using detail::signed_int;
using detail::threshold_label;
using detail::total;

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
    std::string critical = join(c.critical_for, ", ");
    if (!c.only_with_others.empty())
      critical += std::string(critical.empty() ? "" : "; ") +
                  "only with others: " + join(c.only_with_others, ", ");
    std::vector<std::string> row = {std::to_string(i + 1), c.line, c.mode,
                                    model::to_string(c.status),
                                    signed_fixed(c.alone.minutes_saved, 2)};
    for (double x : c.alone.reach) row.push_back(people(x, true));
    for (const std::string& x : {items(c.alone, 1), signed_fixed(-c.removed.minutes_saved, 2),
                                 items(c.removed, -1), critical.empty() ? "-" : critical})
      row.push_back(x);
    rows.push_back(row);
  }
  s << detail::text_table(rows, "rlllr" + std::string(r.reach_minutes.size(), 'r') + "rrrl");
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
                    o.breaks.empty() ? "-" : join(o.breaks, ", "),
                    std::to_string(total(o.loss.items)), detail::minutes_lost_cell(o),
                    std::to_string(o.pairs_cut)});
  }
  s << detail::text_table(rows, "rlllrrr");
  if (n < r.outages.size()) s << "  ... " << r.outages.size() - n << " more in robustness.csv\n";
  s << "  min lost: " << r.weighting
    << "-weighted minutes added per trip over the pairs still reachable without it;\n  pairs "
       "cut: pairs it leaves without a path (\"+ cut\"), which no minute figure counts.\n";
  return s.str();
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
         std::to_string(count_of(c.removed.pass, 1)) + "," + csv_field(join(c.critical_for, ";")) +
         "," + csv_field(join(c.only_with_others, ";"));
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
         csv_field(o.mode) + "," + csv_field(join(o.lines, ";")) + "," +
         csv_field(join(o.breaks, ";")) + "," + std::to_string(total(o.loss.items)) + "," +
         fixed(o.minutes_lost, 4) + "," + std::to_string(o.pairs_cut);
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
           "," + (im.without.pass ? "PASS" : "FAIL") + "," + detail::value_csv(t, im.intact.value) +
           "," + detail::value_csv(t, im.without.value) + "," +
           std::to_string(im.intact.items_met) + "," + std::to_string(im.without.items_met) + "," +
           std::to_string(im.intact.items_total) + "\n";
    }
  return s;
}

namespace detail {

namespace {

nlohmann::json change_json(const analysis::Change& ch, const std::vector<std::string>& targets,
                           const std::vector<double>& thresholds) {
  nlohmann::json items = nlohmann::json::object(), pass = nlohmann::json::object(),
                 reach = nlohmann::json::object();
  for (std::size_t t = 0; t < targets.size() && t < ch.items.size(); ++t) {
    items[targets[t]] = ch.items[t];
    pass[targets[t]] = ch.pass[t];
  }
  for (std::size_t k = 0; k < thresholds.size() && k < ch.reach.size(); ++k)
    reach[threshold_label(thresholds[k])] = json_number(ch.reach[k], 0);
  return {{"minutes_saved", json_number(ch.minutes_saved, 4)},
          {"pairs_connected", ch.pairs_connected},
          {"reach_gained", reach},
          {"target_items", items},
          {"target_pass", pass}};
}

}  // namespace

nlohmann::json ranking_json(const analysis::Ranking& r) {
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

}  // namespace detail

}  // namespace reachplan::output
