// Internal to output: PNG maps drawn with Cairo. One renderer draws every picture reachplan
// makes: the run's map (map.png: the travel-time surface to the key group, context layers, the
// network's tracks, the key group's od lines by verdict, labelled places, legend, scale bar,
// north arrow, title and credits), the quicklook of each surface, and the compare map of a
// version pair (minutes saved, the links the later version adds). Classes and colours come from
// reachplan/output/map_symbology.hpp, as in every styled layer.
//
// This header names no Cairo or GDAL type: the drawing stays in map_*.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reachplan/analysis/compare_surfaces.hpp"
#include "reachplan/analysis/gis.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::output::detail {

// How the underlay's values become colours.
enum class MapRamp {
  travel_time,    // symbology::travel_time_classes (minutes)
  delta_minutes,  // symbology::delta_minutes_classes (minutes saved)
  continuous,     // symbology::accessibility_ramp from the smallest value to the largest
};

// Everything one map shows. Pointers may be null: that layer is not drawn.
struct MapScene {
  const model::Scenario* scenario = nullptr;  // nodes, names, modes; the tracks when no links
  std::string title;                          // "<name> (<year>)"
  std::string subtitle;                       // scenario id, year, what the underlay shows
  const analysis::Grid* grid = nullptr;       // its CRS and extent frame the map
  const analysis::Surface* underlay = nullptr;
  MapRamp ramp = MapRamp::travel_time;
  std::string underlay_heading;  // legend heading of the underlay
  std::string underlay_unit;     // continuous ramp: "persons" labels "5.8 million people"
  // Tracks: rows whose line runs over no other (services are left out). Null: the scenario's
  // built lines that run over no other, along their geometry or straight between stops.
  const analysis::LinkLayer* links = nullptr;
  // Compare: these line ids are drawn in their mode's colour, every other track in grey.
  bool highlight_only = false;
  std::vector<std::string> highlight_lines;
  std::string highlight_heading;          // legend heading of the highlighted tracks
  const analysis::OdLayer* od = nullptr;  // key-group pairs, coloured by verdict
  // Over timetables: the feeds' routes, thin under the tracks, coloured by kind (null: none).
  const std::vector<analysis::TransitCourse>* transit = nullptr;
  std::vector<std::string> key_places;  // drawn larger and labelled bold, placed first
  std::string context;                  // context GeoPackage ("" = none)
  core::SourceLocation context_where;   // where the scenario named it, for errors
  std::string lang = "en";              // en: name; zh: attributes["name_zh"], else name
  int width = 1600;                     // pixels; the height follows the extent
  // fontconfig family of every text; a family without CJK glyphs falls back (with a warning).
  std::string font_family = "WenQuanYi Micro Hei";
  std::function<void(const std::string&)> warn;  // null: "warning: ..." on stderr
};

// Where the map lands in the picture, for callers that point at things (tests, future
// overlays): the picture's size, the map frame, and lon/lat to pixels.
struct MapGeometry {
  int width = 0;
  int height = 0;
  double frame_x = 0.0, frame_y = 0.0, frame_w = 0.0, frame_h = 0.0;  // pixels
  std::string crs_wkt;
  double world_x0 = 0.0, world_y1 = 0.0;  // CRS coordinates of the frame's top-left corner
  double pixels_per_unit = 1.0;
  double km_per_pixel = 0.0;  // along the parallel through the frame's centre

  // Pixel (x right, y down) of a lon/lat point. Throws core::OutputError if PROJ cannot.
  std::pair<double, double> pixel(double lon, double lat) const;
};

// The layout render_map uses for `scene` (no drawing, no context read).
MapGeometry map_geometry(const MapScene& scene);

// Draws `scene` into a PNG at `file` (`path` names the final file in messages). Throws
// core::InputError for a context GeoPackage that cannot be read (naming its path and where the
// scenario gave it) and core::OutputError when the PNG cannot be written.
void render_map(const std::string& file, const std::string& path, const MapScene& scene);

// The run's map from its GIS result: the first travel-time surface to (or from) exactly the key
// group as the underlay (else the first travel-time surface, else none), the links and od
// layers when computed, the context and language of scenario.gis.map.
MapScene run_map_scene(const model::Scenario& scenario, const analysis::GisResult& gis);
void run_map_to(const std::string& file, const std::string& path, const model::Scenario& scenario,
                const analysis::GisResult& gis);

// The compare map of one version pair: the delta surface (minutes saved; an accessibility delta
// on the continuous ramp) under the later version's tracks, the lines it builds that the earlier
// one does not highlighted in their mode's colour, the baseline's key group labelled, the
// context and language of `map` (the baseline's outputs: map:).
MapScene compare_map_scene(const analysis::Comparison& c, const analysis::SurfaceDelta& delta,
                           const analysis::Grid& grid, const model::MapSpec& map);
// map_<from id>__<to id>.png by convention; staged into `set`. Returns the PNG's bytes (the
// comparison report embeds them).
std::string write_compare_map_png(AtomicFileSet& set, const std::string& path,
                                  const analysis::Comparison& c,
                                  const analysis::SurfaceDelta& delta, const analysis::Grid& grid,
                                  const model::MapSpec& map);

// "<name> (<year>)", the year left out when the name says it already.
std::string map_title(const model::Scenario& scenario);

// A place's label in the map's language: zh: attributes["name_zh"], else (and en) its name.
std::string node_label(const model::Node& node, const std::string& lang);

// Legend wording for people: "5.8 million people", "580,000 people", "1 person".
std::string people_words(double persons);

}  // namespace reachplan::output::detail
