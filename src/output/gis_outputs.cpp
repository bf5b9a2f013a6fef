#include "reachplan/output/gis_outputs.hpp"

#include <filesystem>

#include "gis_gdal.hpp"
#include "gis_styles.hpp"
#include "gis_writers.hpp"
#include "map_render.hpp"
#include "qgis_project.hpp"
#include "reachplan/model/outputs.hpp"

namespace reachplan::output {

namespace fs = std::filesystem;

void stage_gis_outputs(AtomicFileSet& set, const std::string& folder,
                       const model::Scenario& scenario, const analysis::GisResult& gis,
                       const analysis::Progress& progress) {
  // Surface ids and matrix stems come from the scenario: output_path keeps them in `folder`.
  const auto in = [&](const std::string& name) {
    return output_path(folder, name, "output file name");
  };
  detail::QuietGdal quiet;

  std::vector<detail::IsochroneFeature> isochrones;
  if (gis.grid && !gis.isochrone_sources.empty())
    isochrones = detail::isochrone_features(*gis.grid, gis.isochrone_sources, gis.isochrone_minutes,
                                            progress);
  detail::VectorLayers layers;
  layers.context = detail::layer_context(scenario);
  layers.nodes = gis.nodes ? &*gis.nodes : nullptr;
  layers.links = gis.links ? &*gis.links : nullptr;
  layers.od = gis.od ? &*gis.od : nullptr;
  layers.isochrones = gis.spec.wants_layer("isochrones") ? &isochrones : nullptr;
  // In a fixed order, whatever order the scenario named them in.
  std::vector<std::string> names;
  for (const auto& layer : model::layer_names())
    if (gis.spec.wants_layer(layer)) names.push_back(layer);

  if (!names.empty() && gis.spec.wants_format("geojson")) {
    for (const auto& name : names) {
      const std::string path = in(name + ".geojson");
      set.add_with(path, [&](const std::string& file) {
        detail::vector_to(file, path, false, layers, {name});
      });
      set.add(in(name + ".qml"), detail::vector_style(layers, name).qml);
    }
  }
  if (!names.empty() && gis.spec.wants_format("gpkg")) {
    const std::string path = in("layers.gpkg");
    set.add_with(
        path, [&](const std::string& file) { detail::vector_to(file, path, true, layers, names); });
  }

  for (const auto& surface : gis.surfaces) {
    const std::string tif = in(surface.id + ".tif");
    write_geotiff(set, tif, *gis.grid, surface, gis.spec.cog, progress);  // with its .qml
    if (gis.spec.quicklook) {
      const std::string png = in(surface.id + ".png");
      set.add_with(png, [&](const std::string& file) {
        detail::quicklook_to(file, png, *gis.grid, surface, scenario);
      });
    }
  }

  if (gis.spec.map.png) {
    const std::string map = in("map.png");
    set.add_with(map,
                 [&](const std::string& file) { detail::run_map_to(file, map, scenario, gis); });
  }
  const bool gpkg = !names.empty() && gis.spec.wants_format("gpkg");
  if (gis.spec.map.qgis_project && (gpkg || !gis.surfaces.empty())) {
    const std::string path = in("project.qgs");
    set.add(path,
            qgis_project_xml(folder, scenario, gis, layers,
                             gpkg ? names : std::vector<std::string>{}, gis.spec.map.context));
  }

  for (const auto& matrices : gis.omx) {
    const std::string path = in(matrices.file_stem + ".omx");
    set.add_with(path, [&](const std::string& file) { detail::omx_to(file, path, matrices); });
  }
}

std::vector<std::string> write_gis_outputs(const std::string& folder,
                                           const model::Scenario& scenario,
                                           const analysis::GisResult& gis,
                                           const analysis::Progress& progress) {
  AtomicFileSet set;
  stage_gis_outputs(set, folder, scenario, gis, progress);
  return set.commit();
}

}  // namespace reachplan::output
