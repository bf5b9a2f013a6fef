// The map's layers: underlay surface, context, tracks, od lines, places and their labels.
#include <algorithm>
#include <cmath>
#include <map>

#include "map_draw.hpp"

namespace reachplan::output::detail {
namespace mapdraw {

namespace sym = symbology;

bool underlay_colour(const MapScene& scene, const Drawn& drawn, double v, Rgb& out) {
  if (std::isnan(v)) return false;
  if (scene.ramp == MapRamp::continuous) {
    const auto& stops = sym::accessibility_ramp();
    const double span = drawn.underlay_max - drawn.underlay_min;
    double t = span > 0 ? (v - drawn.underlay_min) / span : 1.0;
    t = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
    const std::size_t i = std::min(static_cast<std::size_t>(t), stops.size() - 2);
    const double f = t - static_cast<double>(i);
    const auto mix = [f](std::uint8_t a, std::uint8_t b) {
      return static_cast<std::uint8_t>(std::lround(a * (1 - f) + b * f));
    };
    out = {mix(stops[i].r, stops[i + 1].r), mix(stops[i].g, stops[i + 1].g),
           mix(stops[i].b, stops[i + 1].b)};
    return true;
  }
  const auto& classes = scene.ramp == MapRamp::travel_time ? sym::travel_time_classes()
                                                           : sym::delta_minutes_classes();
  for (const auto& c : classes)
    if (v >= c.lower && v < c.upper) {
      out = c.colour;
      return true;
    }
  // Below the first class (a negative travel time cannot happen; a rounding -0 can).
  if (v < classes.front().lower) out = classes.front().colour;
  return v < classes.front().lower;
}

// Each frame pixel takes the colour of the cell under its centre (nearest neighbour keeps the
// class edges crisp and costs one lookup per pixel, whatever the grid's size).
void draw_underlay(const Canvas& canvas, const MapScene& scene, const MapGeometry& g,
                   const Drawn& drawn) {
  if (!scene.underlay || !scene.grid) return;
  const analysis::Grid& grid = *scene.grid;
  const int w = static_cast<int>(g.frame_w), h = static_cast<int>(g.frame_h);
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(img);
    return;
  }
  cairo_surface_flush(img);
  unsigned char* data = cairo_image_surface_get_data(img);
  const int stride = cairo_image_surface_get_stride(img);
  for (int py = 0; py < h; ++py) {
    auto* row_px =
        reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(py) * stride);
    const double y = g.world_y1 - (py + 0.5) / g.pixels_per_unit;
    const double row = std::floor((grid.y0 - y) / grid.cell);
    for (int px = 0; px < w; ++px) {
      row_px[px] = 0;  // transparent
      const double x = g.world_x0 + (px + 0.5) / g.pixels_per_unit;
      const double col = std::floor((x - grid.x0) / grid.cell);
      if (row < 0 || col < 0 || row >= grid.height || col >= grid.width) continue;
      Rgb c;
      if (!underlay_colour(scene, drawn,
                           scene.underlay->at(grid, static_cast<int>(col), static_cast<int>(row)),
                           c))
        continue;
      row_px[px] = 0xff000000u | (std::uint32_t{c.r} << 16) | (std::uint32_t{c.g} << 8) | c.b;
    }
  }
  cairo_surface_mark_dirty(img);
  cairo_set_source_surface(canvas.cr(), img, g.frame_x, g.frame_y);
  cairo_paint(canvas.cr());
  cairo_surface_destroy(img);
}

// Polygons with holes, filled even-odd.
void context_fill(const Canvas& canvas, const std::vector<std::vector<std::vector<Point>>>& polys,
                  Rgb fill, const Rgb* outline, double width) {
  cairo_t* cr = canvas.cr();
  for (const auto& poly : polys) {
    cairo_new_path(cr);
    for (const auto& ring : poly) {
      if (ring.size() < 3) continue;
      cairo_move_to(cr, ring[0].x, ring[0].y);
      for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr, ring[i].x, ring[i].y);
      cairo_close_path(cr);
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    canvas.colour(fill);
    if (!outline) {
      cairo_fill(cr);
      continue;
    }
    cairo_fill_preserve(cr);
    canvas.colour(*outline);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
  }
}

void draw_context_below(const Canvas& canvas, const ContextLayers& context) {
  context_fill(canvas, context.provinces, sym::land, nullptr, 0);
}

void draw_context_above(const Canvas& canvas, const ContextLayers& context) {
  for (const auto& river : context.rivers) canvas.polyline(river, sym::water_outline, 1.4);
  context_fill(canvas, context.lakes, sym::water, &sym::water_outline, 0.8);
  // Province borders dash-dotted, the usual sign of an administrative boundary.
  const std::vector<double> dash = {7, 2.5, 1.5, 2.5};
  for (const auto& poly : context.provinces)
    for (const auto& ring : poly) {
      std::vector<Point> closed = ring;
      if (!closed.empty()) closed.push_back(closed.front());
      canvas.polyline(closed, sym::province_border, 1.4, dash);
    }
}

// Waterways at the bottom, high-speed rail on top: the fast network reads first.
int mode_rank(const std::string& mode) {
  if (sym::mode_in_background(mode)) return -1;
  if (mode == "waterway") return 0;
  if (mode == "road" || mode == "highway") return 1;
  if (mode == "hsr") return 4;
  if (mode == "rail" || mode == "intercity") return 3;
  return 2;
}

std::vector<double> status_dash(model::Status status, double px_per_mm) {
  for (const auto& d : sym::status_dashes())
    if (d.status == model::to_string(status)) {
      std::vector<double> dash;
      for (double mm : d.pattern) dash.push_back(mm * px_per_mm);
      return dash;
    }
  return {};
}

void draw_tracks(const Canvas& canvas, const Projection& proj, const std::vector<Track>& tracks,
                 std::vector<Point>& busy) {
  const double ppm = Layout::px_per_mm(proj.geometry().width);
  std::vector<std::pair<const Track*, std::vector<Point>>> drawn;
  for (const auto& t : tracks) {
    std::vector<Point> pts;
    for (const auto& p : t.course) pts.push_back(proj.pixel(p.lon, p.lat));
    for (std::size_t i = 0; i + 1 < pts.size(); ++i)
      busy.push_back({(pts[i].x + pts[i + 1].x) / 2, (pts[i].y + pts[i + 1].y) / 2});
    drawn.emplace_back(&t, std::move(pts));
  }
  std::stable_sort(drawn.begin(), drawn.end(), [](const auto& a, const auto& b) {
    return std::pair{a.first->highlighted, mode_rank(a.first->line->mode)} <
           std::pair{b.first->highlighted, mode_rank(b.first->line->mode)};
  });
  const std::vector<std::string> mode_ids = [&] {
    std::vector<std::string> ids;
    for (const auto& t : tracks) ids.push_back(t.line->mode);
    return ids;
  }();
  // On a compare map the added links are the subject: a little wider than usual.
  const bool emphasis =
      std::any_of(tracks.begin(), tracks.end(), [](const Track& t) { return !t.highlighted; });
  cairo_set_line_cap(canvas.cr(), CAIRO_LINE_CAP_BUTT);
  // Casings first, so crossings read as one network over the underlay.
  for (const auto& [t, pts] : drawn)
    if (t->highlighted && !sym::mode_in_background(t->line->mode))
      canvas.polyline(pts, sym::label_halo,
                      sym::mode_width_mm(t->line->mode) * ppm * (emphasis ? 1.4 : 1.0) + 2.5);
  for (const auto& [t, pts] : drawn) {
    const double width =
        sym::mode_width_mm(t->line->mode) * ppm * (emphasis && t->highlighted ? 1.4 : 1.0);
    if (!t->highlighted) {
      canvas.polyline(pts, sym::track_muted, width * 0.6);
      continue;
    }
    canvas.polyline(pts, sym::mode_colour(t->line->mode, mode_ids), width,
                    status_dash(t->line->status, ppm));
  }
  cairo_set_line_cap(canvas.cr(), CAIRO_LINE_CAP_ROUND);
}

void draw_transit(const Canvas& canvas, const Projection& proj,
                  const std::vector<analysis::TransitCourse>& courses) {
  const double width = sym::transit_width_mm * Layout::px_per_mm(proj.geometry().width);
  for (const auto& c : courses) {
    std::vector<Point> pts;
    for (const auto& p : c.stops) pts.push_back(proj.pixel(p.lon, p.lat));
    canvas.polyline(pts, sym::transit_colour(c.kind), width);
  }
}

std::string od_minutes_text(const OdPair& p) {
  const auto whole = [](double m) { return std::to_string(static_cast<long>(std::lround(m))); };
  const bool ab = !std::isnan(p.ab), ba = !std::isnan(p.ba);
  if (ab && ba && std::lround(p.ab) != std::lround(p.ba))
    return whole(p.ab) + " / " + whole(p.ba) + " min";
  if (ab || ba) return whole(ab ? p.ab : p.ba) + " min";
  return "";
}

// Od lines as gentle arcs (so they never hide the tracks they follow), PASS solid green, FAIL
// dashed vermillion, each a white-cased curve bowing to the left of a -> b.
std::vector<OdLabel> draw_od(const Canvas& canvas, const MapScene& scene, const Projection& proj,
                             const std::vector<OdPair>& pairs, std::vector<Point>& busy) {
  std::vector<OdLabel> labels;
  cairo_t* cr = canvas.cr();
  for (const auto& pair : pairs) {
    const model::Node* a = scene.scenario->network.find_node(pair.a);
    const model::Node* b = scene.scenario->network.find_node(pair.b);
    if (!a || !b) continue;
    const Point p0 = proj.pixel(a->lon, a->lat), p1 = proj.pixel(b->lon, b->lat);
    const double dx = p1.x - p0.x, dy = p1.y - p0.y, len = std::hypot(dx, dy);
    if (len < 1) continue;
    const Point q{(p0.x + p1.x) / 2 + dy * 0.18, (p0.y + p1.y) / 2 - dx * 0.18};
    // Points on the curve (quadratic Bezier) where its minutes may be written, middle first.
    const auto at = [&](double t) {
      const double u = 1 - t;
      return Point{u * u * p0.x + 2 * u * t * q.x + t * t * p1.x,
                   u * u * p0.y + 2 * u * t * q.y + t * t * p1.y};
    };
    const Point mid = at(0.5);
    busy.push_back(mid);
    const auto path = [&] {
      cairo_new_path(cr);
      cairo_move_to(cr, p0.x, p0.y);
      cairo_curve_to(cr, p0.x + 2.0 / 3 * (q.x - p0.x), p0.y + 2.0 / 3 * (q.y - p0.y),
                     p1.x + 2.0 / 3 * (q.x - p1.x), p1.y + 2.0 / 3 * (q.y - p1.y), p1.x, p1.y);
    };
    // A dark edge sets the od lines apart from the white-cased tracks they cross.
    const double dash[] = {10, 6};
    for (const auto& [ink, width] :
         {std::pair{sym::label_ink, 6.0},
          std::pair{sym::verdict_colour(pair.fail ? "FAIL" : "PASS"), 3.6}}) {
      path();
      canvas.colour(ink);
      cairo_set_line_width(cr, width);
      cairo_set_dash(cr, dash, pair.fail ? 2 : 0, 0);
      cairo_stroke(cr);
    }
    cairo_set_dash(cr, nullptr, 0, 0);
    labels.push_back({{mid, at(0.38), at(0.62), at(0.27), at(0.73)}, od_minutes_text(pair)});
  }
  return labels;
}

double node_radius(const model::Node& node, bool key, int width) {
  const double millions = std::max(0.0, node.population.value_or(0.0)) / 1e6;
  double r = 2.5 + 2.0 * std::sqrt(millions);
  if (key) r = std::max(r, 6.0) + 1.0;
  return std::min(r, 14.0) * width / 1600.0;
}

bool LabelPlacer::free(const Box& b) const {
  if (!b.inside(frame_)) return false;
  return std::none_of(taken_.begin(), taken_.end(), [&](const Box& t) { return t.overlaps(b); });
}

std::optional<Box> LabelPlacer::place(const std::vector<Box>& candidates, bool force) {
  for (const auto& b : candidates)
    if (free(b)) {
      take(b);
      return b;
    }
  if (force)
    for (const auto& b : candidates)
      if (b.inside(frame_)) {
        take(b);
        return b;
      }
  return std::nullopt;
}

bool is_key(const MapScene& scene, const std::string& id) {
  return std::find(scene.key_places.begin(), scene.key_places.end(), id) != scene.key_places.end();
}

// Small places first, the key group last and on top; every symbol is an obstacle to labels.
void draw_nodes(const Canvas& canvas, const MapScene& scene, const Projection& proj,
                LabelPlacer& placer, std::vector<Point>& busy) {
  const int width = proj.geometry().width;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& node : scene.scenario->network.nodes) {
      const bool key = is_key(scene, node.id);
      if (key != (pass == 1)) continue;
      const Point p = proj.pixel(node.lon, node.lat);
      const double r = node_radius(node, key, width);
      busy.push_back(p);
      placer.take({p.x - r - 1, p.y - r - 1, p.x + r + 1, p.y + r + 1});
      if (key) {
        canvas.circle(p, r, sym::label_halo, sym::node_fill, std::max(2.0, r * 0.35));
        canvas.circle(p, r * 0.38, sym::node_fill, sym::node_fill, 0);
      } else if (node.kind == "airport") {
        canvas.circle(p, r * 0.8, sym::mode_colour("air"), sym::label_halo, 1.0);
      } else {
        canvas.circle(p, r, sym::node_fill, sym::label_halo, 1.2);
      }
    }
}

// Candidate boxes for a label of size `s` around a symbol of radius r at p: right, upper right,
// lower right, left, upper left, lower left, above, below (the cartographer's usual order);
// centred on p first for a label without a symbol (r = 0).
std::vector<Box> label_candidates(Point p, double r, const TextSize& s) {
  const double w = s.width, h = s.ascent + s.descent, gap = r + 3;
  const double d = gap * 0.72;
  const std::vector<Point> tops = {
      {p.x + gap, p.y - h / 2},     {p.x + d, p.y - d - h},     {p.x + d, p.y + d},
      {p.x - gap - w, p.y - h / 2}, {p.x - d - w, p.y - d - h}, {p.x - d - w, p.y + d},
      {p.x - w / 2, p.y - gap - h}, {p.x - w / 2, p.y + gap},
  };
  std::vector<Box> out;
  if (r <= 0) out.push_back({p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2});  // on the spot
  for (const auto& t : tops) out.push_back({t.x, t.y, t.x + w, t.y + h});
  return out;
}

void place_text(const Canvas& canvas, LabelPlacer& placer, Point p, double r,
                const std::string& text, const TextStyle& style, bool force) {
  if (text.empty()) return;
  const TextSize s = canvas.measure(text, style);
  if (auto b = placer.place(label_candidates(p, r, s), force))
    canvas.text(b->x0 + style.halo / 2, b->y0 + s.ascent, text, style);
}

void draw_labels(const Canvas& canvas, const MapScene& scene, const Projection& proj,
                 LabelPlacer& placer, const std::vector<OdLabel>& od_labels,
                 const ContextLayers& context) {
  const int width = proj.geometry().width;
  const auto& nodes = scene.scenario->network.nodes;
  TextStyle key_style{19, true, false, sym::label_ink, 3.0};
  for (const auto& id : scene.key_places)
    if (const model::Node* n = scene.scenario->network.find_node(id))
      place_text(canvas, placer, proj.pixel(n->lon, n->lat), node_radius(*n, true, width),
                 node_label(*n, scene.lang), key_style, true);
  // Then the other places, the most populous first, while room remains.
  std::vector<const model::Node*> others;
  for (const auto& n : nodes)
    if (!is_key(scene, n.id)) others.push_back(&n);
  std::stable_sort(others.begin(), others.end(), [](const auto* a, const auto* b) {
    return a->population.value_or(0) > b->population.value_or(0);
  });
  TextStyle small{13.5, false, false, sym::label_ink, 2.2};
  TextStyle airport{11.0, false, true, sym::mode_colour("air"), 2.0};
  for (const auto* n : others) {
    // An airport reads by its code next to its city ("WUH"), never by its long name.
    const bool is_airport = n->kind == "airport";
    const auto code = n->attributes.find("iata");
    const std::string text = !is_airport                   ? node_label(*n, scene.lang)
                             : code != n->attributes.end() ? code->second
                                                           : std::string();
    place_text(canvas, placer, proj.pixel(n->lon, n->lat), node_radius(*n, false, width), text,
               is_airport ? airport : small, false);
  }
  TextStyle minutes{12.5, true, false, {0x44, 0x44, 0x44}, 2.2};
  for (const auto& l : od_labels) {
    if (l.text.empty()) continue;
    const TextSize s = canvas.measure(l.text, minutes);
    std::vector<Box> candidates;
    for (const Point& p : l.at)
      candidates.push_back({p.x - s.width / 2, p.y - (s.ascent + s.descent) / 2, p.x + s.width / 2,
                            p.y + (s.ascent + s.descent) / 2});
    if (auto b = placer.place(candidates))
      canvas.text(b->x0 + 1, b->y0 + s.ascent, l.text, minutes);
  }
  TextStyle water{13, false, true, sym::water_outline, 2.0};
  water.ink = {0x2f, 0x6f, 0x9f};
  // Provinces last and quiet: they name the ground, not the subject.
  const TextStyle province{16, true, false, {0x9a, 0x9a, 0x9a}, 2.0};
  for (const auto& l : context.labels)
    if (l.water) place_text(canvas, placer, l.at, 0, l.text, water, false);
  for (const auto& l : context.labels)
    if (!l.water) place_text(canvas, placer, l.at, 0, l.text, province, false);
}

}  // namespace mapdraw

std::string node_label(const model::Node& node, const std::string& lang) {
  if (lang == "zh")
    if (auto it = node.attributes.find("name_zh");
        it != node.attributes.end() && !it->second.empty())
      return it->second;
  return node.name.empty() ? node.id : node.name;
}

}  // namespace reachplan::output::detail
