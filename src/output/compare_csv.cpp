// The comparison's CSV tables: targets, key pairs, matrices and minutes saved per version,
// accessibility per place, target items and phases.
#include <Eigen/Core>

#include "reachplan/output/compare_tables.hpp"
#include "table_format.hpp"

namespace reachplan::output {

using analysis::Comparison;
using analysis::ItemProgress;
using detail::fixed;
using detail::join;
using detail::result_at;
using detail::threshold_label;
using detail::value_csv;

namespace {

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

bool cost_target(const model::Target& t) {
  return t.measure == model::Target::Measure::cost;
}

}  // namespace

std::string compare_targets_csv(const Comparison& c) {
  std::string s = "target,name,kind,profile,max_minutes";
  for (const auto& v : c.versions) {
    const std::string id = csv_field(v.id);
    s += "," + id + "," + csv_field(v.id + "_value") + "," + csv_field(v.id + "_met") + "," +
         csv_field(v.id + "_total");
  }
  s += ",first_met,max_yuan\n";
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& target = c.targets[t].target;
    std::string profile;
    for (std::size_t v = 0; v < c.versions.size() && profile.empty(); ++v)
      if (const auto* r = result_at(c, t, v)) profile = r->profile;
    s += csv_field(target.id) + "," + csv_field(target.name) + "," + model::to_string(target.kind) +
         "," + csv_field(profile) + "," + (cost_target(target) ? "" : csv_minutes(target.limit()));
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
         "," + (cost_target(target) ? fixed(target.limit(), 2) : "") + "\n";
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
        s += ",";
        if (const auto m = detail::key_minutes(v.key, a, b)) s += csv_minutes(*m);
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
  std::string s = "target,kind,max_minutes,origin,destination,status,newly_met_in,regressed_in";
  for (const auto& v : c.versions) s += "," + csv_field(v.id);
  s += ",gap_minutes,path,unit\n";
  for (const auto& it : c.items) {
    const auto& t = c.targets[it.target].target;
    // A cost target's values and gap are yuan (unit says so); its limit is no max_minutes.
    s += csv_field(t.id) + "," + model::to_string(t.kind) + "," +
         (cost_target(t) ? "" : csv_minutes(t.limit())) + "," + csv_field(it.origin) + "," +
         csv_field(it.destination) + "," + to_string(it.status) + "," +
         (it.newly_met ? csv_field(c.versions[*it.newly_met].id) : "") + "," +
         (it.regressed ? csv_field(c.versions[*it.regressed].id) : "");
    for (double m : it.minutes) s += "," + csv_minutes(m);
    s += "," + (it.failing() ? csv_minutes(it.gap) : "") + "," + csv_field(it.path) + "," +
         t.limit_unit() + "\n";
  }
  return s;
}

std::string phases_csv(const Comparison& c) {
  std::string s = "year,version,lines_built,opened";
  for (const auto& row : c.targets) s += "," + csv_field(row.target.id);
  s += "\n";
  for (const auto& ph : c.phases) {
    s += std::to_string(ph.year) + "," + csv_field(c.versions[ph.version].id) + "," +
         std::to_string(ph.built.size()) + "," + csv_field(join(ph.opened, ";"));
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      const auto* r = result_at(c, t, ph.version);
      s += std::string(",") + (r ? (r->pass ? "PASS" : "FAIL") : "");
    }
    s += "\n";
  }
  return s;
}

}  // namespace reachplan::output
