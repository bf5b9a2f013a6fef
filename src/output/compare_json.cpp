// The comparison as JSON (comparison.json). Objects are nlohmann::json's sorted maps, so the
// member order in the file is alphabetical whatever order they are set in.
#include <nlohmann/json.hpp>

#include "reachplan/core/version.hpp"
#include "reachplan/output/compare_tables.hpp"
#include "table_format.hpp"

namespace reachplan::output {

using analysis::Comparison;
using analysis::ItemProgress;
using detail::json_number;
using detail::result_at;
using detail::threshold_label;

namespace {

nlohmann::json versions_json(const Comparison& c) {
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& v : c.versions) {
    nlohmann::json reach = nlohmann::json::object();
    for (std::size_t k = 0; k < c.reach_minutes.size() && k < v.measure.mean_reach.size(); ++k)
      reach[threshold_label(c.reach_minutes[k])] = json_number(v.measure.mean_reach[k], 0);
    versions.push_back({{"id", v.id},
                        {"name", v.name},
                        {"file", v.file},
                        {"year", v.year ? nlohmann::json(*v.year) : nlohmann::json(nullptr)},
                        {"lines_built", v.lines_built},
                        {"mean_reach", reach},
                        {"mean_minutes", json_number(v.measure.mean_minutes, 2)},
                        {"unreachable_pairs", v.measure.unreachable_pairs}});
  }
  return versions;
}

// Target t in every version that has it, by version id.
nlohmann::json target_versions_json(const Comparison& c, std::size_t t) {
  nlohmann::json per = nlohmann::json::object();
  for (std::size_t v = 0; v < c.versions.size(); ++v) {
    const auto* r = result_at(c, t, v);
    if (!r) continue;
    per[c.versions[v].id] = {
        {"verdict", r->pass ? "PASS" : "FAIL"},
        {"value", r->value_unit == "share" ? json_number(r->value, 4) : json_number(r->value, 2)},
        {"items_met", r->items_met},
        {"items_total", r->items_total}};
  }
  return per;
}

nlohmann::json target_json(const Comparison& c, std::size_t t) {
  const auto& target = c.targets[t].target;
  nlohmann::json newly = nlohmann::json::array(), regressed = nlohmann::json::array(),
                 failing = nlohmann::json::array();
  for (const auto& it : c.items) {
    if (it.target != t) continue;
    if (it.status == ItemProgress::Status::newly_met)
      newly.push_back({{"origin", it.origin},
                       {"destination", it.destination},
                       {"version", c.versions[*it.newly_met].id}});
    if (!it.failing()) continue;
    nlohmann::json item = {{"origin", it.origin},
                           {"destination", it.destination},
                           {"minutes", json_number(it.minutes.back(), 2)},
                           {"gap_minutes", json_number(it.gap, 2)},
                           {"path", it.path}};
    if (it.status == ItemProgress::Status::regressed) {
      item["version"] = c.versions[*it.regressed].id;  // fails from this version on
      regressed.push_back(std::move(item));
    } else {
      failing.push_back(std::move(item));
    }
  }
  return {
      {"id", target.id},
      {"name", target.name},
      {"kind", model::to_string(target.kind)},
      {target.limit_key(), target.limit()},
      {"versions", target_versions_json(c, t)},
      {"first_met", c.targets[t].first_met ? nlohmann::json(c.versions[*c.targets[t].first_met].id)
                                           : nlohmann::json(nullptr)},
      {"newly_met", newly},
      {"regressed", regressed},
      {"still_failing", failing}};
}

// The N-1 summary: only the outages that break a target (robustness.csv has them all).
nlohmann::json n_minus_one_json(const analysis::Robustness& r) {
  nlohmann::json outages = nlohmann::json::array();
  for (const auto& o : r.outages)
    if (!o.breaks.empty()) outages.push_back({{"outage", o.id}, {"breaks", o.breaks}});
  return {{"scenario", r.scenario_id},
          {"kind", r.segments ? "segment" : "line"},
          {"outages_checked", r.outages.size()},
          {"breaking", outages}};
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
  j["versions"] = versions_json(c);
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : c.failures) failures.push_back({{"file", f.file}, {"message", f.message}});
  j["failures"] = failures;
  j["all_ran"] = c.all_ran();
  nlohmann::json targets = nlohmann::json::array();
  for (std::size_t t = 0; t < c.targets.size(); ++t) targets.push_back(target_json(c, t));
  j["targets"] = targets;
  if (!c.phases.empty()) {
    nlohmann::json phases = nlohmann::json::array();
    for (const auto& ph : c.phases)
      phases.push_back(
          {{"year", ph.year}, {"lines_built", ph.built.size()}, {"opened", ph.opened}});
    j["phases"] = phases;
    j["built_in_every_year"] = c.undated_built;
  }
  if (c.ranking) j["ranking"] = detail::ranking_json(*c.ranking);
  if (c.robustness) j["n_minus_one"] = n_minus_one_json(*c.robustness);
  return j.dump(2) + "\n";
}

}  // namespace reachplan::output
