// Map furniture: title, legend panel, scale bar and north arrow, credit line.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "map_draw.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/core/version.hpp"

namespace reachplan::output::detail::mapdraw {

namespace sym = symbology;

const TextStyle legend_heading_style{15, true};
const TextStyle legend_text_style{13.5};
const TextStyle legend_note_style{12, false, true, {0x55, 0x55, 0x55}};

// Words of `text` in lines no wider than `width` pixels.
std::vector<std::string> wrap_text(const Canvas& canvas, const std::string& text, double width,
                                   const TextStyle& style) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string wider = line.empty() ? word : line + " " + word;
    if (!line.empty() && canvas.measure(wider, style).width > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = wider;
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Writes legend rows top to bottom; with draw = false it only measures.
class LegendPen {
 public:
  LegendPen(const Canvas& canvas, bool draw, double x, double y, double w)
      : canvas_(canvas), draw_(draw), x_(x), y_(y), w_(w) {}
  double y() const { return y_; }
  void heading(const std::string& text) {
    if (y_ > top_) y_ += 10;
    for (const auto& line : wrap_text(canvas_, text, w_, legend_heading_style)) {
      if (draw_) canvas_.text(x_, y_ + 15, line, legend_heading_style);
      y_ += 19;
    }
    y_ += 5;
  }
  void note(const std::string& text) {
    for (const auto& line : wrap_text(canvas_, text, w_ - 50, legend_note_style)) {
      if (draw_) canvas_.text(x_ + 50, y_ + 12, line, legend_note_style);
      y_ += 16;
    }
  }
  // A row: the swatch (drawn into the 40 x 16 box at its top-left) and its label.
  template <class Swatch>
  void row(const std::string& label, Swatch&& swatch, double height = 22) {
    if (draw_) {
      swatch(Box{x_, y_ + (height - 16) / 2, x_ + 40, y_ + (height + 16) / 2});
      canvas_.text(x_ + 50, y_ + height / 2 + 5, label, legend_text_style);
    }
    y_ += height;
  }
  const Canvas& canvas() const { return canvas_; }

 private:
  const Canvas& canvas_;
  bool draw_;
  double x_, y_, w_;
  double top_ = y_;
};

std::string minutes_label(const sym::ValueClass& c) {
  const auto m = [](double v) { return std::to_string(static_cast<long>(v)); };
  if (c.lower <= 0) return "under " + m(c.upper) + " min";
  if (std::isinf(c.upper)) return m(c.lower) + " min and over";
  return m(c.lower) + "–" + m(c.upper) + " min";
}

void legend_underlay(LegendPen& pen, const MapScene& scene, const Drawn& drawn) {
  if (!scene.underlay) return;
  const Canvas& cv = pen.canvas();
  pen.heading(scene.underlay_heading.empty() ? scene.underlay->title : scene.underlay_heading);
  const auto box = [&cv](Rgb c) {
    return [&cv, c](const Box& b) {
      cv.fill_rect({b.x0, b.y0, b.x0 + 26, b.y1}, c);
      cv.stroke_rect({b.x0, b.y0, b.x0 + 26, b.y1}, {0x88, 0x88, 0x88}, 0.6);
    };
  };
  if (scene.ramp == MapRamp::continuous) {
    constexpr int steps = 5;
    for (int i = steps - 1; i >= 0; --i) {
      const double v =
          drawn.underlay_min + (drawn.underlay_max - drawn.underlay_min) * i / (steps - 1);
      Rgb c;
      underlay_colour(scene, drawn, v, c);
      const std::string label = scene.underlay_unit == "persons"
                                    ? people_words(v)
                                    : core::fixed_decimals(v, std::abs(v) >= 100 ? 0 : 2);
      pen.row(label, box(c), 20);
    }
  } else {
    const auto& classes = scene.ramp == MapRamp::travel_time ? sym::travel_time_classes()
                                                             : sym::delta_minutes_classes();
    for (const auto& c : classes)
      pen.row(scene.ramp == MapRamp::travel_time ? minutes_label(c) : std::string(c.label),
              box(c.colour), 20);
  }
  if (drawn.nodata)
    pen.row(scene.ramp == MapRamp::travel_time ? "not reached (beyond the last mile)" : "no value",
            box(sym::land), 20);
}

std::string mode_name(const model::Scenario& s, const std::string& id) {
  const model::Mode* m = s.network.find_mode(id);
  return m && !m->name.empty() ? m->name : id;
}

void legend_network(LegendPen& pen, const MapScene& scene, const Drawn& drawn) {
  if (drawn.modes.empty() && !drawn.grey_tracks && drawn.transit_kinds.empty()) return;
  const Canvas& cv = pen.canvas();
  const double ppm = Layout::px_per_mm(scene.width);
  pen.heading(scene.highlight_only ? scene.highlight_heading : "Network");
  for (const auto& kind : drawn.transit_kinds)
    pen.row(kind + " (timetable)", [&](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      cv.polyline({{b.x0, y}, {b.x1, y}}, sym::transit_colour(kind), sym::transit_width_mm * ppm);
    });
  std::vector<std::string> ids;
  for (const auto& l : scene.scenario->network.lines) ids.push_back(l.mode);
  for (const auto& mode : drawn.modes) {
    const double w = sym::mode_width_mm(mode) * ppm;
    pen.row(mode_name(*scene.scenario, mode), [&](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      cv.polyline({{b.x0, y}, {b.x1, y}}, sym::mode_colour(mode, ids), w);
    });
  }
  if (drawn.grey_tracks)
    pen.row("other links", [&](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      cv.polyline({{b.x0, y}, {b.x1, y}}, sym::track_muted, 0.6 * 0.7 * ppm);
    });
  if (drawn.statuses.empty()) return;
  for (const auto& d : sym::status_dashes()) {
    if (!std::any_of(drawn.statuses.begin(), drawn.statuses.end(),
                     [&](model::Status s) { return d.status == model::to_string(s); }))
      continue;
    std::vector<double> dash;
    for (double mm : d.pattern) dash.push_back(mm * ppm);
    pen.row(std::string(d.label), [&](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      cairo_set_line_cap(cv.cr(), CAIRO_LINE_CAP_BUTT);
      cv.polyline({{b.x0, y}, {b.x1, y}}, {0x55, 0x55, 0x55}, 0.8 * ppm, dash);
      cairo_set_line_cap(cv.cr(), CAIRO_LINE_CAP_ROUND);
    });
  }
}

void legend_od(LegendPen& pen, const MapScene& scene, const Drawn& drawn) {
  if (!drawn.pass && !drawn.fail) return;
  const Canvas& cv = pen.canvas();
  const std::string group =
      scene.scenario->key_group.empty() ? "key group" : scene.scenario->key_group;
  pen.heading("Target verdict, pairs of " + group);
  const auto arc = [&cv](const char* verdict, bool dashed) {
    return [&cv, verdict, dashed](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      const std::vector<double> dash = dashed ? std::vector<double>{10, 6} : std::vector<double>{};
      cv.polyline({{b.x0 + 3, y}, {b.x1 - 3, y}}, sym::label_ink, 6.0, dash);
      cv.polyline({{b.x0 + 3, y}, {b.x1 - 3, y}}, sym::verdict_colour(verdict), 3.6, dash);
    };
  };
  const std::string& rule = drawn.od_rule;
  if (drawn.pass)
    pen.row(rule.empty() ? "PASS: meets every target" : "PASS: within " + rule + " both ways",
            arc("PASS", false));
  if (drawn.fail)
    pen.row(rule.empty() ? "FAIL: misses a target" : "FAIL: over " + rule, arc("FAIL", true));
  pen.note(drawn.od_profile.empty() ? "labels: minutes each way"
                                    : "labels: minutes each way, profile " + drawn.od_profile);
}

// Population samples: up to three round figures, each about 2.5 times the next smaller one.
std::vector<double> population_samples(double largest) {
  static const double nice[] = {1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7};
  std::vector<double> out;
  double limit = largest;
  for (int k = 0; k < 3; ++k) {
    double pick = 0;
    for (double v : nice)
      if (v <= limit) pick = v;
    if (pick <= 0) break;
    out.insert(out.begin(), pick);
    limit = pick / 2.5;
  }
  return out;
}

void legend_places(LegendPen& pen, const MapScene& scene, const Drawn& drawn) {
  const Canvas& cv = pen.canvas();
  pen.heading("Places, sized by population");
  model::Node sample;
  if (drawn.key_places) {
    sample.population = drawn.max_population / 4;
    const std::string& key = scene.scenario->key_group;
    pen.row(key.empty() ? "key group (labelled bold)" : key + " (labelled bold)",
            [&](const Box& b) {
              const double r = node_radius(sample, true, scene.width);
              const Point c{b.x0 + 13, (b.y0 + b.y1) / 2};
              cv.circle(c, r, sym::label_halo, sym::node_fill, std::max(2.0, r * 0.35));
              cv.circle(c, r * 0.38, sym::node_fill, sym::node_fill, 0);
            });
  }
  for (double people : population_samples(drawn.max_population)) {
    sample.population = people;
    const double r = node_radius(sample, false, scene.width);
    pen.row(
        people_words(people),
        [&](const Box& b) {
          cv.circle({b.x0 + 13, (b.y0 + b.y1) / 2}, r, sym::node_fill, sym::label_halo, 1.2);
        },
        std::max(22.0, 2 * r + 6));
  }
}

void legend_context(LegendPen& pen, const Drawn& drawn) {
  if (!drawn.provinces && !drawn.rivers && !drawn.lakes) return;
  const Canvas& cv = pen.canvas();
  pen.heading("Context");
  if (drawn.provinces)
    pen.row("province border", [&](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      cv.polyline({{b.x0, y}, {b.x1, y}}, sym::province_border, 1.4, {7, 2.5, 1.5, 2.5});
    });
  if (drawn.rivers)
    pen.row("river", [&](const Box& b) {
      const double y = (b.y0 + b.y1) / 2;
      cv.polyline({{b.x0, y}, {b.x1, y}}, sym::water_outline, 1.6);
    });
  if (drawn.lakes)
    pen.row("lake", [&](const Box& b) {
      cv.fill_rect({b.x0, b.y0, b.x0 + 26, b.y1}, sym::water);
      cv.stroke_rect({b.x0, b.y0, b.x0 + 26, b.y1}, sym::water_outline, 0.8);
    });
}

double draw_legend(const Canvas& canvas, const MapScene& scene, const Drawn& drawn,
                   const MapGeometry& g, bool draw) {
  const double x = g.frame_x + g.frame_w + Layout::margin;
  LegendPen pen(canvas, draw, x, g.frame_y, Layout::panel_w);
  legend_underlay(pen, scene, drawn);
  legend_network(pen, scene, drawn);
  legend_od(pen, scene, drawn);
  legend_places(pen, scene, drawn);
  legend_context(pen, drawn);
  return pen.y() - g.frame_y;
}

void draw_title(const Canvas& canvas, const MapScene& scene) {
  TextStyle title{30, true};
  const double room = canvas.width() - 2 * Layout::margin;
  while (title.size > 16 && canvas.measure(scene.title, title).width > room) title.size -= 1;
  canvas.text(Layout::margin, Layout::margin + 32, scene.title, title);
  const TextStyle sub{17, false, false, {0x55, 0x55, 0x55}};
  canvas.text(Layout::margin, Layout::margin + 64, scene.subtitle, sub);
}

// A length for the scale bar: 1, 2 or 5 times a power of ten km, at most `max_km`.
double scale_length_km(double max_km) {
  double best = 1;
  for (double p = 1; p <= 1e5; p *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (m * p <= max_km) best = m * p;
  return best;
}

std::string km_text(double km) {
  return std::to_string(static_cast<long>(std::lround(km)));
}

void draw_scale_bar(const Canvas& cv, double x, double y, double km, double px) {
  const TextStyle small{12.5};
  for (int i = 0; i < 4; ++i) {
    const Box seg{x + px * i / 4, y, x + px * (i + 1) / 4, y + 7};
    cv.fill_rect(seg, i % 2 ? sym::label_halo : sym::label_ink);
  }
  cv.stroke_rect({x, y, x + px, y + 7}, sym::label_ink, 1.0);
  const auto label = [&](double at, const std::string& t) {
    cv.text(at - cv.measure(t, small).width / 2, y - 5, t, small);
  };
  label(x, "0");
  label(x + px / 2, km_text(km / 2));
  label(x + px, km_text(km) + " km");
}

// The arrow points to true north at the frame's centre: meridians converge in a conic
// projection, so away from the central meridian north is not straight up.
void draw_north_arrow(const Canvas& cv, const Projection& proj, Point at) {
  const MapGeometry& g = proj.geometry();
  const Point c{g.frame_x + g.frame_w / 2, g.frame_y + g.frame_h / 2};
  const Point ll = proj.lonlat(c.x, c.y);
  const double dlat = ll.y < 89 ? 0.1 : -0.1;
  const Point n = proj.pixel(ll.x, ll.y + dlat);
  double angle = std::atan2(n.x - c.x, c.y - n.y);
  if (dlat < 0) angle += M_PI;
  cairo_t* cr = cv.cr();
  cairo_save(cr);
  cairo_translate(cr, at.x, at.y + 6);
  cairo_rotate(cr, angle);
  cairo_new_path(cr);
  cairo_move_to(cr, 0, -17);
  cairo_line_to(cr, -7, 11);
  cairo_line_to(cr, 0, 6);
  cairo_close_path(cr);
  cv.colour(sym::label_ink);
  cairo_fill(cr);
  cairo_move_to(cr, 0, -17);
  cairo_line_to(cr, 7, 11);
  cairo_line_to(cr, 0, 6);
  cairo_close_path(cr);
  cv.colour(sym::label_halo);
  cairo_fill_preserve(cr);
  cv.colour(sym::label_ink);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  const TextStyle letter{14, true};
  const TextSize s = cv.measure("N", letter);
  cv.text(-s.width / 2, -21, "N", letter);
  cairo_restore(cr);
}

Box draw_scale_and_north(const Canvas& canvas, const Projection& proj,
                         const std::vector<Point>& busy) {
  const MapGeometry& g = proj.geometry();
  const double km = scale_length_km(0.22 * g.frame_w * g.km_per_pixel);
  const double bar = km / g.km_per_pixel;
  const double w = bar + 40 + 44, h = 64, inset = 10;
  const double left = g.frame_x + inset, right = g.frame_x + g.frame_w - inset - w;
  const double top = g.frame_y + inset, bottom = g.frame_y + g.frame_h - inset - h;
  // The emptiest corner: fewest drawn points under it (ties: bottom left first).
  const Box corners[] = {{left, bottom, left + w, bottom + h},
                         {right, bottom, right + w, bottom + h},
                         {left, top, left + w, top + h},
                         {right, top, right + w, top + h}};
  const Box* best = &corners[0];
  std::size_t fewest = static_cast<std::size_t>(-1);
  for (const auto& c : corners) {
    const Box near = c.grown(12);
    const auto n = static_cast<std::size_t>(std::count_if(busy.begin(), busy.end(), [&](Point p) {
      return p.x >= near.x0 && p.x <= near.x1 && p.y >= near.y0 && p.y <= near.y1;
    }));
    if (n < fewest) fewest = n, best = &c;
  }
  const Box b = *best;
  canvas.fill_rect(b, sym::label_halo, 0.88);
  canvas.stroke_rect(b, {0xaa, 0xaa, 0xaa}, 0.8);
  draw_scale_bar(canvas, b.x0 + 16, b.y0 + 38, km, bar);
  draw_north_arrow(canvas, proj, {b.x1 - 26, b.y0 + h / 2});
  canvas.text(b.x0 + 16, b.y1 - 6, "scale true at the map's centre",
              TextStyle{10.5, false, true, {0x66, 0x66, 0x66}});
  return b;
}

void draw_credit(const Canvas& canvas, const MapScene& scene, const Drawn& drawn) {
  std::string text = "Drawn by reachplan " + std::string(core::version);
  if (!drawn.crs_name.empty()) text += " · projection: " + drawn.crs_name;
  if (!scene.context.empty())
    text += " · context: " + (drawn.context_credit.empty()
                                  ? std::filesystem::path(scene.context).filename().string()
                                  : drawn.context_credit);
  text += " · network and places: scenario " + scene.scenario->id;
  const TextStyle style{12, false, false, {0x66, 0x66, 0x66}};
  const double room = canvas.width() - 2 * Layout::margin;
  if (canvas.measure(text, style).width > room) {
    // Cut whole UTF-8 characters until the text and an ellipsis fit.
    do {
      text.pop_back();
      while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xc0) == 0x80)
        text.pop_back();
      if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xc0) text.pop_back();
    } while (text.size() > 20 && canvas.measure(text + "…", style).width > room);
    text += "…";
  }
  canvas.text(Layout::margin, canvas.height() - 14, text, style);
}

}  // namespace reachplan::output::detail::mapdraw
