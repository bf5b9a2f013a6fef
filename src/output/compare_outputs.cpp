// The writers of compare, rank and robustness: every file into one folder, atomically.
#include <filesystem>

#include "reachplan/output/compare_tables.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "reachplan/output/rank_tables.hpp"
#include "reachplan/output/report_html.hpp"
#include "table_format.hpp"

namespace reachplan::output {

using analysis::Comparison;
using analysis::Ranking;
using analysis::Robustness;

std::string file_stem(const std::string& id) {
  std::string s = id;
  for (char& ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.'))
      ch = '_';
  return s;
}

std::vector<std::string> write_compare_outputs(const std::string& folder, const Comparison& c,
                                               const analysis::SurfaceComparison* surfaces,
                                               const analysis::Grid* grid) {
  detail::FolderWriter w{folder};
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
      write_geotiff(w.set, w.path(file_stem(d.delta.id) + ".tif"), *grid, d.delta, false);
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
  return w.commit();
}

std::vector<std::string> write_rank_outputs(const std::string& folder, const Ranking& r,
                                            const model::Scenario& plan,
                                            const std::vector<bool>& baseline_built) {
  detail::FolderWriter w{folder};
  w("ranking.csv", ranking_csv(r));
  w("ranking.json", detail::ranking_json(r).dump(2) + "\n");
  ReportInput in;
  in.title = "Planned lines of " + r.plan_id + " against " + r.baseline_id;
  in.map = &plan;
  in.map_baseline_built = baseline_built;
  in.ranking = &r;
  w("report.html", report_html(in));
  return w.commit();
}

std::vector<std::string> write_robustness_outputs(const std::string& folder, const Robustness& r,
                                                  const model::Scenario& scenario) {
  detail::FolderWriter w{folder};
  w("robustness.csv", robustness_csv(r));
  w("robustness_targets.csv", robustness_targets_csv(r, scenario));
  ReportInput in;
  in.title = "N-1 robustness of " + r.scenario_id;
  in.map = &scenario;
  in.map_baseline_built = analysis::built_mask(scenario);
  in.robustness = &r;
  w("report.html", report_html(in));
  return w.commit();
}

}  // namespace reachplan::output
