#include "reachplan/output/tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "number_format.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/model/timetable.hpp"
#include "table_format.hpp"

namespace reachplan::output {

using analysis::TargetResult;
using analysis::Trip;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string csv_minutes(double minutes) {
  if (!std::isfinite(minutes)) return "";
  return core::fixed_decimals(minutes, 2);
}

namespace {

std::string pad(const std::string& s, std::size_t width, bool right = true) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

const char* verdict(bool pass) {
  return pass ? "PASS" : "FAIL";
}

std::string threshold_text(const model::Target& t) {
  std::string s = "within " + detail::limit_text(t);
  if (t.kind_info().uses_min_share()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g%%", t.min_share * 100);  // 75%, 75.5%: as given
    s += ", at least " + std::string(buf);
  }
  return s;
}

std::string value_text(const TargetResult& r) {
  if (r.value_unit == "share") return detail::share_against_limit(r.value, r.target.min_share);
  if (std::isnan(r.value))
    return r.target.measure == model::Target::Measure::cost ? "unknown (unreachable or unpriced)"
                                                            : "unreachable";
  return detail::value_against_limit(r.target, r.value).time;
}

nlohmann::json minutes_json(double m) {
  if (!std::isfinite(m)) return nullptr;
  return std::round(m * 100) / 100;
}

nlohmann::json trip_json(const Trip& t) {
  nlohmann::json legs = nlohmann::json::array();
  for (const auto& l : t.legs) {
    nlohmann::json j = {
        {"kind", l.kind}, {"from", l.from}, {"to", l.to}, {"minutes", minutes_json(l.minutes)}};
    if (!l.line.empty()) j["line"] = l.line;
    if (!l.mode.empty()) j["mode"] = l.mode;
    j["yuan"] = detail::json_number(l.yuan, 2);
    if (l.kind == "ride") {
      j["km"] = detail::json_number(l.km, 1);  // null over timetables (no lengths)
      j["stops_passed"] = l.stops;
    }
    legs.push_back(std::move(j));
  }
  return {{"origin", t.origin},
          {"destination", t.destination},
          {"minutes", minutes_json(t.minutes)},
          {"yuan", detail::json_number(t.yuan, 2)},
          {"reachable", t.reachable()},
          {"transfers", t.transfers},
          {"modes", t.modes},
          {"lines", t.lines},
          {"legs", std::move(legs)}};
}

}  // namespace

std::string matrix_csv(const analysis::TravelTimeMatrix& m) {
  std::string s = "origin";
  for (const auto& d : m.destinations) s += "," + csv_field(d);
  s += "\n";
  for (Eigen::Index i = 0; i < m.minutes.rows(); ++i) {
    s += csv_field(m.origins[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < m.minutes.cols(); ++j) s += "," + csv_minutes(m.minutes(i, j));
    s += "\n";
  }
  return s;
}

namespace {

// Yuan with two decimals (fen); empty when unknown or unreachable, like minutes.
std::string yuan_csv(double yuan) {
  return std::isfinite(yuan) ? fixed(yuan, 2) : "";
}

// Over timetables (percentiles given), a column per percentile and the minimum follow: minutes
// is the first percentile, path its trip.
std::string od_header(const std::vector<double>& percentiles) {
  std::string s = "origin,destination,minutes,reachable,transfers,modes,lines,path,yuan";
  for (double p : percentiles) s += ",minutes_" + detail::percentile_name(p);
  return s + (percentiles.empty() ? "\n" : ",minutes_min\n");
}

std::string od_row(const Trip& t) {
  std::string s = csv_field(t.origin) + "," + csv_field(t.destination) + "," +
                  csv_minutes(t.minutes) + "," + (t.reachable() ? "true" : "false") + "," +
                  (t.reachable() ? std::to_string(t.transfers) : "") + "," +
                  csv_field(core::join(t.modes, ";")) + "," + csv_field(core::join(t.lines, ";")) +
                  "," + csv_field(t.reachable() ? t.describe() : "") + "," +
                  (t.reachable() ? yuan_csv(t.yuan) : "");
  for (double m : t.percentile_minutes) s += "," + csv_minutes(m);
  if (!t.percentile_minutes.empty()) s += "," + csv_minutes(t.minimum_minutes);
  return s + "\n";
}

}  // namespace

void write_od_csv(std::ostream& out, const analysis::GroupTrips& trips) {
  out << od_header(trips.percentiles());
  trips.for_each([&out](const Trip& t) { out << od_row(t); });
}

// Appended to one string (not through a stream, whose str() would copy the text once more).
std::string od_csv(const analysis::GroupTrips& trips) {
  std::string s = od_header(trips.percentiles());
  trips.for_each([&s](const Trip& t) { s += od_row(t); });
  return s;
}

std::string od_csv(const std::vector<Trip>& trips, const std::vector<double>& percentiles) {
  std::string s = od_header(percentiles);
  for (const auto& t : trips) s += od_row(t);
  return s;
}

std::string targets_csv(const std::vector<TargetResult>& targets) {
  std::string s =
      "target,name,kind,profile,group,from,to_group,max_minutes,min_share,verdict,value,"
      "value_unit,items_met,items_total,worst_origin,worst_destination,worst_minutes,max_yuan,"
      "worst_yuan\n";
  for (const auto& r : targets) {
    const auto& t = r.target;
    char share[32];
    std::snprintf(share, sizeof share, "%.4f", t.min_share);
    const Trip* worst = r.items.empty() ? nullptr : &r.items.front();
    const bool cost = t.measure == model::Target::Measure::cost;
    s += csv_field(t.id) + "," + csv_field(t.name) + "," + model::to_string(t.kind) + "," +
         csv_field(r.profile) + "," + csv_field(t.group) + "," + csv_field(t.from) + "," +
         csv_field(t.to_group) + "," + (cost ? "" : csv_minutes(t.limit())) + "," +
         (t.kind_info().uses_min_share() ? std::string(share) : "") + "," + verdict(r.pass) + "," +
         detail::value_csv(t, r.value) + "," + r.value_unit + "," + std::to_string(r.items_met) +
         "," + std::to_string(r.items_total) + "," + (worst ? csv_field(worst->origin) : "") + "," +
         (worst ? csv_field(worst->destination) : "") + "," +
         (worst ? (cost ? csv_minutes(worst->minutes)
                        : detail::csv_minutes_against_limit(worst->minutes, t.limit()))
                : "") +
         "," + (cost ? fixed(t.limit(), 2) : "") + "," +
         (worst ? (cost ? detail::value_csv(t, worst->yuan) : yuan_csv(worst->yuan)) : "") + "\n";
  }
  return s;
}

namespace {

// What the run rode over timetables: the day, the window, and what the plan changed.
nlohmann::json timetable_json(const analysis::TimetableSummary& t) {
  return {{"feeds", t.feeds},
          {"date", t.date},
          {"departure",
           {{"from", model::clock_text(t.departure_from, false)},
            {"to", model::clock_text(t.departure_to, false)},
            {"step_min", t.step_min},
            {"departures", t.departures}}},
          {"percentiles", t.percentiles},
          {"minutes_is_percentile", t.percentiles.front()},
          {"stops", t.stops},
          {"routes", t.routes},
          {"trips", t.trips},
          {"footpaths", t.footpaths},
          {"plan_lines_at_headway", t.plan_lines},
          {"lines_without_headway", t.lines_without_headway},
          {"edits",
           {{"count", t.edits},
            {"trips_removed", t.trips_removed},
            {"trips_added", t.trips_added_by_edits},
            {"trips_retimed", t.trips_retimed}}},
          {"walks", t.on_streets ? "streets" : "straight lines x 1.3 (an estimate)"},
          {"places_off_streets", t.places_off_streets}};
}

}  // namespace

std::string summary_json(const analysis::ScenarioResult& result,
                         const std::vector<InputFile>& inputs,
                         const std::vector<std::string>& warnings) {
  nlohmann::json j;
  j["reachplan_version"] = core::version;
  j["scenario"] = {{"id", result.scenario_id}, {"name", result.scenario_name}};
  j["year"] = result.year ? nlohmann::json(*result.year) : nlohmann::json(nullptr);
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : inputs) files.push_back({{"path", f.path}, {"sha256", f.sha256}});
  j["inputs"] = std::move(files);
  j["network"] = {{"nodes", result.stats.nodes},
                  {"lines_total", result.stats.lines_total},
                  {"lines_built", result.stats.lines_built},
                  {"segments_with_estimated_length", result.stats.segments_estimated},
                  {"graph_vertices", result.stats.vertices},
                  {"graph_arcs", result.stats.arcs}};
  if (result.timetable) j["timetable"] = timetable_json(*result.timetable);
  j["all_targets_pass"] = result.all_targets_pass();
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& r : result.targets) {
    nlohmann::json t = {
        {"id", r.target.id},
        {"name", r.target.name},
        {"kind", model::to_string(r.target.kind)},
        {"profile", r.profile},
        {"group", r.target.group},
        {r.target.limit_key(), r.target.limit()},
        {"verdict", verdict(r.pass)},
        {"pass", r.pass},
        {"value", r.value_unit == "share"
                      ? nlohmann::json(r.value)
                      : detail::json_number(
                            r.value, detail::decimals_against_limit(r.value, r.target.limit()))},
        {"value_unit", r.value_unit},
        {"items_met", r.items_met},
        {"items_total", r.items_total}};
    if (!r.target.from.empty()) t["from"] = r.target.from;
    if (!r.target.to_group.empty()) t["to_group"] = r.target.to_group;
    if (r.target.kind_info().uses_min_share()) t["min_share"] = r.target.min_share;
    if (!r.weighting.empty()) t["weighting"] = r.weighting;
    nlohmann::json worst = nlohmann::json::array();
    // The offenders (all of them), or when passing the few worst items for context.
    const auto& list = r.offenders.empty() ? r.items : r.offenders;
    const std::size_t n = r.offenders.empty() ? std::min<std::size_t>(3, list.size()) : list.size();
    for (std::size_t i = 0; i < n; ++i) worst.push_back(trip_json(list[i]));
    t["worst"] = std::move(worst);
    targets.push_back(std::move(t));
  }
  j["targets"] = std::move(targets);
  nlohmann::json matrix = {{"group", result.key_group},
                           {"profile", result.key_matrix.profile},
                           {"origins", result.key_matrix.origins},
                           {"destinations", result.key_matrix.destinations}};
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < result.key_matrix.minutes.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index k = 0; k < result.key_matrix.minutes.cols(); ++k)
      row.push_back(minutes_json(result.key_matrix.minutes(i, k)));
    rows.push_back(std::move(row));
  }
  matrix["minutes"] = std::move(rows);
  j["key_matrix"] = std::move(matrix);
  j["warnings"] = warnings;
  // Loaded text is checked UTF-8, but a file name from the command line need not be: replace
  // a bad byte rather than fail the whole run.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string trip_text(const Trip& trip) {
  std::ostringstream s;
  if (!trip.reachable()) {
    s << trip.origin << " -> " << trip.destination << ": unreachable\n";
    return s.str();
  }
  s << trip.origin << " -> " << trip.destination << ": " << core::format_hmm(trip.minutes) << " ("
    << trip.transfers << " transfer" << (trip.transfers == 1 ? "" : "s");
  // The money where the profile's rates price the whole trip (README "Generalized cost").
  if (std::isfinite(trip.yuan)) s << ", " << fixed(trip.yuan, 2) << " yuan";
  s << ")\n";
  for (const auto& l : trip.legs) {
    s << "  " << pad(core::format_hmm(l.minutes), 6) << "  " << pad(l.kind, 9, false);
    if (std::isfinite(trip.yuan) && l.yuan != 0) s << "[" << fixed(l.yuan, 2) << " yuan] ";
    if (l.kind == "ride") {
      char km[32];
      std::snprintf(km, sizeof km, ", %.0f km", l.km);
      // Timetabled rides have no length (NaN): nothing rather than a made-up 0 km.
      s << l.from << " -> " << l.to << " on " << l.line << " (" << l.mode
        << (std::isfinite(l.km) ? km : "");
      if (l.stops > 0) s << ", " << l.stops << " intermediate stop" << (l.stops == 1 ? "" : "s");
      s << ")";
    } else if (l.kind == "wait") {
      s << "for " << l.line << " at " << l.from;
    } else if (l.kind == "transfer") {
      s << "at " << l.from << (l.mode.empty() ? "" : " to " + l.mode);
    } else {
      s << l.from << " -> " << l.to << (l.mode.empty() ? "" : " (" + l.mode + ")");
    }
    s << "\n";
  }
  return s.str();
}

std::string target_text(const TargetResult& r) {
  std::ostringstream s;
  const auto& t = r.target;
  s << "  " << verdict(r.pass) << "  " << t.id;
  if (!t.name.empty()) s << ": " << t.name;
  s << "\n        " << model::to_string(t.kind) << ", profile " << r.profile << ", "
    << threshold_text(t) << "; ";
  const model::TargetKindInfo& kind = t.kind_info();
  switch (kind.aggregate) {
    case model::TargetAggregate::worst:
      s << "worst " << value_text(r) << "; " << r.items_met << "/" << r.items_total << " "
        << kind.item_noun << " within";
      break;
    case model::TargetAggregate::weighted_mean:
      s << r.weighting << "-weighted mean " << value_text(r);
      break;
    case model::TargetAggregate::weighted_share:
      s << r.weighting << " share reached " << value_text(r) << " (" << r.items_met << "/"
        << r.items_total << " " << kind.item_noun << ")";
      break;
  }
  s << "\n";
  // A mean can pass with pairs above the limit: list them only when it fails.
  if (!r.offenders.empty() &&
      (!r.pass || kind.aggregate != model::TargetAggregate::weighted_mean)) {
    for (const auto& o : r.offenders) {
      s << "        " << pad(o.origin + " -> " + o.destination, 26, false) << " ";
      if (!o.reachable()) {
        s << "unreachable\n";
        continue;
      }
      // A reachable trip without a cost: a rate on its way is not given (never priced as 0).
      if (std::isnan(o.measure(t.measure))) {
        s << "unpriced  " << o.describe() << "\n";
        continue;
      }
      const auto shown = detail::value_against_limit(t, o.measure(t.measure));
      s << pad(shown.time, 5) << "  (" << shown.gap << ")  " << o.describe() << "\n";
    }
  }
  return s.str();
}

std::string matrix_text(const analysis::TravelTimeMatrix& m, const std::string& title) {
  std::ostringstream s;
  s << "Travel times, " << title << " (profile " << m.profile << ", h:mm, row to column)\n";
  std::size_t width = 6;
  for (const auto& id : m.origins) width = std::max(width, id.size() + 1);
  s << pad("", width, false);
  for (const auto& d : m.destinations) s << pad(d, std::max<std::size_t>(d.size(), 5) + 2);
  s << "\n";
  for (Eigen::Index i = 0; i < m.minutes.rows(); ++i) {
    s << pad(m.origins[static_cast<std::size_t>(i)], width, false);
    for (Eigen::Index j = 0; j < m.minutes.cols(); ++j) {
      const auto& d = m.destinations[static_cast<std::size_t>(j)];
      s << pad(core::format_hmm(m.minutes(i, j)), std::max<std::size_t>(d.size(), 5) + 2);
    }
    s << "\n";
  }
  return s.str();
}

namespace {

// "Timetables: feed, 2024-03-04; 30 departures 07:00-07:30 every 1 min; times are the 50th
// percentile over them ...; plan lines at their headway: p".
std::string timetable_text(const analysis::TimetableSummary& t) {
  std::ostringstream s;
  s << "Timetables: " << (t.feeds.empty() ? "no feed" : core::join(t.feeds, ", "))
    << (t.date.empty() ? "" : ", " + t.date) << "; " << t.departures << " departures "
    << model::clock_text(t.departure_from, false) << "-" << model::clock_text(t.departure_to, false)
    << " every " << t.step_min << " min; times are the "
    << detail::percentile_name(t.percentiles.front()).substr(1) << "th percentile over them";
  s << " (od.csv has each percentile and the minimum)";
  s << "\n  " << t.trips << " trips, " << t.stops << " stops; walking "
    << (t.on_streets ? "on streets" : "in straight lines x 1.3 (an estimate)");
  if (!t.plan_lines.empty())
    s << "; plan lines at their headway: " << core::join(t.plan_lines, ", ");
  if (!t.lines_without_headway.empty())
    s << "; not run (no headway): " << core::join(t.lines_without_headway, ", ");
  if (t.edits > 0)
    s << "; " << t.edits << " timetable edits (" << t.trips_removed << " trips removed, "
      << t.trips_added_by_edits << " added, " << t.trips_retimed << " retimed)";
  return s.str();
}

}  // namespace

std::string summary_text(const analysis::ScenarioResult& result) {
  std::ostringstream s;
  s << "Scenario " << result.scenario_id;
  if (!result.scenario_name.empty() && result.scenario_name != result.scenario_id)
    s << ": " << result.scenario_name;
  if (result.year) s << " (year " << *result.year << ")";
  s << "\nNetwork: " << result.stats.nodes << " places, " << result.stats.lines_built << " of "
    << result.stats.lines_total << " lines and links built";
  if (result.stats.segments_estimated > 0)
    s << ", " << result.stats.segments_estimated << " segment lengths estimated from coordinates";
  if (result.timetable) s << "\n" << timetable_text(*result.timetable);
  s << "\n\n";

  s << matrix_text(result.key_matrix, result.key_group);
  // Extra matrices small enough to read on a terminal (e.g. the capitals by rail).
  for (const auto& named : result.matrices)
    if (named.matrix.origins.size() <= 8 && named.matrix.destinations.size() <= 8)
      s << "\n" << matrix_text(named.matrix, named.spec.id);

  if (!result.targets.empty()) {
    int passed = 0;
    for (const auto& t : result.targets) passed += t.pass ? 1 : 0;
    s << "\nTargets: " << passed << " of " << result.targets.size() << " pass\n";
    for (const auto& t : result.targets) s << target_text(t);
  }
  return s.str();
}

}  // namespace reachplan::output
