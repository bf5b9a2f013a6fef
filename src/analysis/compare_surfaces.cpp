#include "reachplan/analysis/compare_surfaces.hpp"

#include <cmath>
#include <limits>

namespace reachplan::analysis {

bool wants_surfaces(const Comparison& c) {
  return !c.versions.empty() && !c.versions[c.baseline].scenario.gis.surfaces.empty();
}

SurfaceComparison compare_surfaces(const Comparison& c, const Grid& grid, unsigned threads,
                                   const Progress& progress) {
  SurfaceComparison out;
  if (!wants_surfaces(c)) return out;
  const model::Scenario& base = c.versions[c.baseline].scenario;
  const auto base_nodes = base.network.node_ids();
  const auto& specs = base.gis.surfaces;

  // Every version's surfaces, on the baseline's grid and settings.
  std::vector<std::vector<Surface>> surfaces(c.versions.size());
  for (std::size_t v = 0; v < c.versions.size(); ++v) {
    const Version& version = c.versions[v];
    if (version.scenario.network.node_ids() != base_nodes) {
      out.notes.push_back(version.id + ": its places differ from " + c.versions[c.baseline].id +
                          "'s, so it has no surface on the shared grid");
      continue;
    }
    ScenarioEngine engine(version.scenario, threads);
    for (const auto& spec : specs)
      surfaces[v].push_back(compute_surface(engine, grid, spec, base.gis.off_network,
                                            base.gis.profile, threads, progress));
  }

  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  for (const auto& d : c.deltas) {
    if (surfaces[d.from].empty() || surfaces[d.to].empty()) continue;
    for (std::size_t k = 0; k < specs.size(); ++k) {
      const Surface& a = surfaces[d.from][k];
      const Surface& b = surfaces[d.to][k];
      const bool travel = specs[k].kind == model::SurfaceSpec::Kind::travel_time;
      SurfaceDelta sd;
      sd.from = d.from;
      sd.to = d.to;
      sd.surface = a.id;
      Surface& s = sd.delta;
      const std::string& from = c.versions[d.from].id;
      const std::string& to = c.versions[d.to].id;
      s.id = "delta_" + a.id + "_" + from + "__" + to;
      s.kind = a.kind;
      s.title = (travel ? "Minutes saved, " : "Accessibility gained, ") + from + " to " + to +
                " (" + a.title + ")";
      s.unit = a.unit;
      s.places = b.places;
      s.metadata = a.metadata;
      s.metadata["scenario"] = to + " against " + from;
      s.metadata["delta_from"] = from;
      s.metadata["delta_to"] = to;
      s.metadata["delta_sign"] = travel ? "positive = faster in the later version"
                                        : "positive = more in the later version";
      s.values.resize(a.values.size());
      for (std::size_t i = 0; i < a.values.size(); ++i) {
        const float x = a.values[i], y = b.values[i];
        s.values[i] = std::isnan(x) || std::isnan(y) ? nan : travel ? x - y : y - x;
      }
      out.deltas.push_back(std::move(sd));
    }
  }
  return out;
}

}  // namespace reachplan::analysis
