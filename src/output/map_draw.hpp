// Internal to the map renderer (map_*.cpp): the Cairo canvas, the projection between lon/lat and
// pixels, the context layers, and what the legend learns from the drawing. Names live in
// detail::mapdraw (not anonymous namespaces) because the output layer compiles as one unity file.
#pragma once

#include <cairo.h>
#include <ogr_spatialref.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "map_render.hpp"
#include "reachplan/output/map_symbology.hpp"

namespace reachplan::output::detail::mapdraw {

using symbology::Rgb;

struct Point {
  double x = 0.0, y = 0.0;
};

struct Box {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1; }
  Box grown(double d) const { return {x0 - d, y0 - d, x1 + d, y1 + d}; }
};

// Layout constants in pixels (for a 1600 px wide picture).
struct Layout {
  static constexpr double margin = 24.0;
  static constexpr double title_band = 92.0;   // title and subtitle above the frame
  static constexpr double credit_band = 34.0;  // source line below
  static constexpr double panel_w = 340.0;     // legend panel right of the frame
  // Line widths are given in mm at print scale: a 1600 px picture printed 300 mm wide.
  static double px_per_mm(int width) { return width / 300.0; }
};

// lon/lat <-> picture pixels through the map's CRS.
class Projection {
 public:
  explicit Projection(const MapGeometry& g);
  Point pixel(double lon, double lat) const;
  // In place: x/y hold coordinates in `from` (lon/lat when null) and receive pixels. Points
  // PROJ cannot transform become NaN (the caller drops them).
  void to_pixels(std::vector<double>& x, std::vector<double>& y,
                 OGRCoordinateTransformation* from = nullptr) const;
  Point lonlat(double px, double py) const;  // inverse: {lon, lat}
  const OGRSpatialReference& srs() const { return srs_; }
  const MapGeometry& geometry() const { return g_; }

 private:
  MapGeometry g_;
  OGRSpatialReference srs_;
  std::unique_ptr<OGRCoordinateTransformation> forward_, inverse_;
};

struct TextStyle {
  double size = 13.0;  // pixels
  bool bold = false;
  bool italic = false;
  Rgb ink = symbology::label_ink;
  double halo = 0.0;  // halo width in pixels, 0 = none
  Rgb halo_colour = symbology::label_halo;
};

struct TextSize {
  double width = 0.0, ascent = 0.0, descent = 0.0;
};

// An RGB picture drawn with Cairo, encoded as PNG.
class Canvas {
 public:
  Canvas(int width, int height, std::string family);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_; }
  int width() const { return width_; }
  int height() const { return height_; }
  void colour(Rgb c, double alpha = 1.0) const;
  void fill_rect(const Box& b, Rgb c, double alpha = 1.0) const;
  void stroke_rect(const Box& b, Rgb c, double line_width) const;
  // A path of pixels; dash lengths in pixels (empty = solid).
  void polyline(const std::vector<Point>& pts, Rgb c, double line_width,
                const std::vector<double>& dash = {}, double alpha = 1.0) const;
  void circle(Point centre, double r, Rgb fill, Rgb outline, double outline_width) const;
  TextSize measure(const std::string& text, const TextStyle& style) const;
  // Left end of the baseline at (x, y).
  void text(double x, double y, const std::string& text, const TextStyle& style) const;
  // Writes the picture to `file`; errors name `path`.
  void write_png(const std::string& file, const std::string& path) const;

 private:
  void font(const TextStyle& style) const;
  int width_, height_;
  std::string family_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// The family to draw with: `wanted` when fontconfig has it with CJK glyphs, else another font
// with CJK glyphs, else "sans-serif" (warned once per family and process).
std::string font_family_for(const std::string& wanted,
                            const std::function<void(const std::string&)>& warn);

// Context layers in pixels.
struct ContextLayers {
  std::vector<std::vector<std::vector<Point>>> provinces;  // polygons as rings
  std::vector<std::vector<std::vector<Point>>> lakes;
  std::vector<std::vector<Point>> rivers;
  struct Label {
    Point at;
    std::string text;
    bool water = true;  // a river or lake; false: a province
  };
  std::vector<Label> labels;  // named lakes, rivers and provinces
  std::string credit;         // the sources the GeoPackage names, "" = none named
};
ContextLayers read_context(const MapScene& scene, const Projection& proj);

// A track as drawn: its line and lon/lat course.
struct Track {
  const model::Line* line = nullptr;
  std::vector<analysis::LonLat> course;
  bool highlighted = false;
};
std::vector<Track> map_tracks(const MapScene& scene);
// The feeds' routes under the tracks (scenarios over timetables).
void draw_transit(const Canvas& canvas, const Projection& proj,
                  const std::vector<analysis::TransitCourse>& courses);

// A pair of the key group as one od line: both directions' minutes (NaN: no verdict that way)
// and the worse verdict of the two.
struct OdPair {
  std::string a, b;  // node ids
  double ab = 0.0, ba = 0.0;
  bool fail = false;
};
std::vector<OdPair> od_pairs(const MapScene& scene);

// What the map shows, for the legend (only entries that appear on the map are listed).
struct Drawn {
  std::vector<std::string> modes;          // mode ids in network order
  std::vector<std::string> transit_kinds;  // the feeds' route kinds drawn, in first-seen order
  std::set<model::Status> statuses;
  bool grey_tracks = false;  // compare: tracks not highlighted
  bool pass = false, fail = false;
  std::string od_rule;     // "90 min" when one threshold judges every pair, else ""
  std::string od_profile;  // the profile the verdicts are judged on, when not the layer's
  bool provinces = false, rivers = false, lakes = false;
  bool nodata = false;  // underlay cells without a value
  double max_population = 0.0;
  bool key_places = false;
  std::string context_credit;
  std::string crs_name;
  double underlay_min = 0.0, underlay_max = 0.0;  // continuous ramp
};
Drawn summarise(const MapScene& scene, const std::vector<Track>& tracks,
                const std::vector<OdPair>& pairs);

// The picture's layout for `scene` (legend height included).
MapGeometry layout_map(const MapScene& scene, const Drawn& drawn, const std::string& family);

// Avoids overlapping labels: the frame they must stay in and the boxes already taken.
class LabelPlacer {
 public:
  explicit LabelPlacer(Box frame) : frame_(frame) {}
  void take(const Box& b) { taken_.push_back(b); }
  bool free(const Box& b) const;
  // The first of the candidate boxes that is free (taken if found); `force` takes the first
  // candidate inside the frame when none is free.
  std::optional<Box> place(const std::vector<Box>& candidates, bool force = false);

 private:
  Box frame_;
  std::vector<Box> taken_;
};

// The map's layers, drawn in this order (map_layers.cpp).
void draw_underlay(const Canvas& canvas, const MapScene& scene, const MapGeometry& g,
                   const Drawn& drawn);
void draw_context_below(const Canvas& canvas, const ContextLayers& context);  // land
void draw_context_above(const Canvas& canvas, const ContextLayers& context);  // water, borders
void draw_tracks(const Canvas& canvas, const Projection& proj, const std::vector<Track>& tracks,
                 std::vector<Point>& busy);
// Returns the minute labels' anchors (placed with the other labels).
struct OdLabel {
  std::vector<Point> at;  // where on the line it may go, best first
  std::string text;
};
std::vector<OdLabel> draw_od(const Canvas& canvas, const MapScene& scene, const Projection& proj,
                             const std::vector<OdPair>& pairs, std::vector<Point>& busy);
void draw_nodes(const Canvas& canvas, const MapScene& scene, const Projection& proj,
                LabelPlacer& placer, std::vector<Point>& busy);
void draw_labels(const Canvas& canvas, const MapScene& scene, const Projection& proj,
                 LabelPlacer& placer, const std::vector<OdLabel>& od_labels,
                 const ContextLayers& context);

// Node symbols: radius in pixels from population.
double node_radius(const model::Node& node, bool key, int width);

// Furniture (map_legend.cpp).
void draw_title(const Canvas& canvas, const MapScene& scene);
// Returns the legend's height (drawn when `draw`).
double draw_legend(const Canvas& canvas, const MapScene& scene, const Drawn& drawn,
                   const MapGeometry& g, bool draw);
// Scale bar and north arrow in a box at a corner of the frame; returns the box (so labels can
// avoid it). `busy` are pixels already drawn on, to pick the emptiest corner.
Box draw_scale_and_north(const Canvas& canvas, const Projection& proj,
                         const std::vector<Point>& busy);
void draw_credit(const Canvas& canvas, const MapScene& scene, const Drawn& drawn);

// Underlay colour of a value; false for a value outside every class (NaN).
bool underlay_colour(const MapScene& scene, const Drawn& drawn, double v, Rgb& out);

}  // namespace reachplan::output::detail::mapdraw
