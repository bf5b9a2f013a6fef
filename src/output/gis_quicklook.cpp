// PNG quicklooks: one surface drawn by the map renderer (map_render.hpp): the surface in its
// classes (travel time) or on the accessibility ramp, the network's tracks, the places sized by
// population with the surface's own places labelled bold, the context of the scenario's
// `outputs: map:`, a legend, scale bar and north arrow.
#include "gis_writers.hpp"
#include "map_render.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output {

void detail::quicklook_to(const std::string& file, const std::string& path,
                          const analysis::Grid& grid, const analysis::Surface& surface,
                          const model::Scenario& scenario) {
  if (surface.values.size() != grid.cell_count())
    throw core::OutputError("surface '" + surface.id + "' does not match its grid");
  const bool travel = surface.kind == model::SurfaceSpec::Kind::travel_time;
  detail::MapScene scene;
  scene.scenario = &scenario;
  scene.title = surface.title;
  scene.subtitle =
      detail::map_title(scenario) + " · scenario " + scenario.id + " · surface " + surface.id;
  scene.grid = &grid;
  scene.underlay = &surface;
  scene.ramp = travel ? detail::MapRamp::travel_time : detail::MapRamp::continuous;
  scene.underlay_heading = travel ? "Travel time (minutes)" : surface.title;
  scene.underlay_unit = surface.unit;
  scene.key_places = surface.places;
  scene.context = scenario.gis.map.context;
  scene.context_where = scenario.gis.map.where;
  scene.lang = scenario.gis.map.lang;
  detail::render_map(file, path, scene);
}

void write_quicklook_png(AtomicFileSet& set, const std::string& path, const analysis::Grid& grid,
                         const analysis::Surface& surface, const model::Scenario& scenario) {
  set.add_with(path, [&](const std::string& file) {
    detail::quicklook_to(file, path, grid, surface, scenario);
  });
}

void write_quicklook_png(const std::string& path, const analysis::Grid& grid,
                         const analysis::Surface& surface, const model::Scenario& scenario) {
  AtomicFileSet set;
  write_quicklook_png(set, path, grid, surface, scenario);
  set.commit();
}

}  // namespace reachplan::output
