// The writers of compare, rank and robustness: every file into one folder, atomically.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include "gis_writers.hpp"
#include "map_render.hpp"
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

namespace {

// The later version's tracks that the earlier one does not build, as a links layer of the later
// version (same fields and styles as a run's links layer). The rows point into `scenario`.
struct AddedLinks {
  std::unique_ptr<model::Scenario> scenario;
  analysis::LinkLayer layer;
};

AddedLinks added_links(const Comparison& c, std::size_t from, std::size_t to) {
  AddedLinks out{std::make_unique<model::Scenario>(c.versions[to].scenario), {}};
  model::Scenario& s = *out.scenario;
  s.gis = {};
  s.gis.layers = {"links"};
  s.gis.profile = c.profile;
  analysis::GisResult gis = analysis::compute_gis(s, c.versions[to].result, nullptr, 1);
  const auto& before = c.versions[from].lines_built;
  out.layer = std::move(*gis.links);
  std::erase_if(out.layer.rows, [&](const analysis::LinkRow& row) {
    return std::find(before.begin(), before.end(), row.line->id) != before.end();
  });
  return out;
}

// Per version pair with a delta surface: the delta GeoTIFF and its style, a GeoPackage of the
// links the later version adds (styled), and a PNG map of minutes saved, which the report embeds.
void stage_compare_maps(detail::FolderWriter& w, const Comparison& c,
                        const analysis::SurfaceComparison& surfaces, const analysis::Grid& grid,
                        std::vector<ReportPicture>& pictures) {
  const model::MapSpec& map = c.versions[c.baseline].scenario.gis.map;
  std::set<std::pair<std::size_t, std::size_t>> drawn;
  for (const auto& d : surfaces.deltas) {
    const std::string stem = file_stem(d.delta.id);
    write_geotiff(w.set, w.path(stem + ".tif"), grid, d.delta, false);
    if (!drawn.insert({d.from, d.to}).second) continue;  // one map and layer per pair
    const std::string pair =
        file_stem(c.versions[d.from].id) + "__" + file_stem(c.versions[d.to].id);
    const AddedLinks added = added_links(c, d.from, d.to);
    detail::VectorLayers layers;
    layers.context = detail::layer_context(c.versions[d.to].scenario);
    layers.context.scenario_name += " - lines added to " + c.versions[d.from].id;
    layers.links = &added.layer;
    const std::string gpkg = w.path("added_links_" + pair + ".gpkg");
    w.set.add_with(gpkg, [&](const std::string& file) {
      detail::vector_to(file, gpkg, true, layers, {"links"});
    });
    if (!map.png) continue;
    const std::string png = w.path("map_" + pair + ".png");
    ReportPicture picture{"Minutes saved: " + c.versions[d.from].id + " to " + c.versions[d.to].id,
                          d.delta.title + "; the lines " + c.versions[d.to].id + " builds that " +
                              c.versions[d.from].id + " does not are highlighted",
                          "map_" + pair + ".png", ""};
    picture.png = detail::write_compare_map_png(w.set, png, c, d, grid, map);
    pictures.push_back(std::move(picture));
  }
}

}  // namespace

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
  std::vector<ReportPicture> pictures;
  if (surfaces && grid) stage_compare_maps(w, c, *surfaces, *grid, pictures);
  ReportInput in;
  in.pictures = std::move(pictures);
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
