// The map renderer's drawing surface (Cairo), its fonts (fontconfig) and its projection (OGR).
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <strings.h>

#include <cmath>
#include <iostream>
#include <map>
#include <mutex>

#include "gis_gdal.hpp"
#include "map_draw.hpp"
#include "reachplan/core/error.hpp"

namespace reachplan::output::detail::mapdraw {

Projection::Projection(const MapGeometry& g) : g_(g), srs_(io::srs_from_wkt(g.crs_wkt)) {
  const OGRSpatialReference wgs = io::wgs84();
  forward_.reset(OGRCreateCoordinateTransformation(&wgs, &srs_));
  inverse_.reset(OGRCreateCoordinateTransformation(&srs_, &wgs));
  if (!forward_ || !inverse_) gdal_fail("cannot project the map to its CRS");
}

Point Projection::pixel(double lon, double lat) const {
  double x = lon, y = lat;
  if (!forward_->Transform(1, &x, &y)) gdal_fail("cannot project a point of the map");
  return {g_.frame_x + (x - g_.world_x0) * g_.pixels_per_unit,
          g_.frame_y + (g_.world_y1 - y) * g_.pixels_per_unit};
}

void Projection::to_pixels(std::vector<double>& x, std::vector<double>& y,
                           OGRCoordinateTransformation* from) const {
  if (x.empty()) return;
  const auto n = x.size();
  std::vector<int> ok(n, 0);
  OGRCoordinateTransformation* ct = from ? from : forward_.get();
  ct->Transform(static_cast<int>(n), x.data(), y.data(), nullptr, ok.data());
  for (std::size_t i = 0; i < n; ++i) {
    if (!ok[i]) {
      x[i] = y[i] = std::nan("");
      continue;
    }
    x[i] = g_.frame_x + (x[i] - g_.world_x0) * g_.pixels_per_unit;
    y[i] = g_.frame_y + (g_.world_y1 - y[i]) * g_.pixels_per_unit;
  }
}

Point Projection::lonlat(double px, double py) const {
  double x = g_.world_x0 + (px - g_.frame_x) / g_.pixels_per_unit;
  double y = g_.world_y1 - (py - g_.frame_y) / g_.pixels_per_unit;
  if (!inverse_->Transform(1, &x, &y)) gdal_fail("cannot find the lon/lat of a map point");
  return {x, y};
}

// fontconfig's best match for a pattern, with the family it found and whether it has CJK.
struct FontMatch {
  std::string family;
  bool cjk = false;
};
FontMatch font_match(const char* pattern) {
  FontMatch m;
  FcPattern* p = FcNameParse(reinterpret_cast<const FcChar8*>(pattern));
  if (!p) return m;
  FcConfigSubstitute(nullptr, p, FcMatchPattern);
  FcDefaultSubstitute(p);
  FcResult result = FcResultNoMatch;
  FcPattern* found = FcFontMatch(nullptr, p, &result);
  FcPatternDestroy(p);
  if (!found) return m;
  FcChar8* family = nullptr;
  if (FcPatternGetString(found, FC_FAMILY, 0, &family) == FcResultMatch)
    m.family = reinterpret_cast<const char*>(family);
  FcCharSet* chars = nullptr;
  // U+4E2D (中) and U+6C5F (江): any font that has them has the names of the region.
  if (FcPatternGetCharSet(found, FC_CHARSET, 0, &chars) == FcResultMatch)
    m.cjk = FcCharSetHasChar(chars, 0x4E2D) && FcCharSetHasChar(chars, 0x6C5F);
  FcPatternDestroy(found);
  return m;
}

std::string font_family_for(const std::string& wanted,
                            const std::function<void(const std::string&)>& warn) {
  static std::mutex mutex;
  static std::map<std::string, std::string> chosen;  // fontconfig is asked once per family
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = chosen.find(wanted); it != chosen.end()) return it->second;
  std::string family = "sans-serif";
  const FontMatch m = font_match(wanted.c_str());
  if (m.cjk && strcasecmp(m.family.c_str(), wanted.c_str()) == 0) {
    family = wanted;
  } else {
    // Another font with Chinese glyphs (Noto Sans CJK, ...) still draws every label.
    const FontMatch other = font_match(":lang=zh-cn");
    std::string message =
        "the map font '" + wanted + "' was not found (Debian: fonts-wqy-microhei)";
    if (other.cjk && !other.family.empty()) {
      family = other.family;
      message += "; labels use '" + family + "'";
    } else {
      message +=
          " and no font with Chinese glyphs is installed; labels use sans-serif and "
          "Chinese names may show as boxes";
    }
    if (warn)
      warn(message);
    else
      std::cerr << "warning: " << message << "\n";
  }
  chosen[wanted] = family;
  return family;
}

Canvas::Canvas(int width, int height, std::string family)
    : width_(width), height_(height), family_(std::move(family)) {
  // ARGB, painted opaque: Cairo writes an opaque picture as an RGB PNG.
  surface_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  if (const cairo_status_t status = cairo_surface_status(surface_);
      status != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface_);
    throw core::OutputError("cannot draw a map of " + std::to_string(width) + " x " +
                            std::to_string(height) + " pixels: " + cairo_status_to_string(status));
  }
  cr_ = cairo_create(surface_);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
  fill_rect({0, 0, static_cast<double>(width), static_cast<double>(height)}, {255, 255, 255});
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::colour(Rgb c, double alpha) const {
  cairo_set_source_rgba(cr_, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

void Canvas::fill_rect(const Box& b, Rgb c, double alpha) const {
  colour(c, alpha);
  cairo_rectangle(cr_, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
  cairo_fill(cr_);
}

void Canvas::stroke_rect(const Box& b, Rgb c, double line_width) const {
  colour(c);
  cairo_set_line_width(cr_, line_width);
  cairo_set_dash(cr_, nullptr, 0, 0);
  cairo_rectangle(cr_, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
  cairo_stroke(cr_);
}

void Canvas::polyline(const std::vector<Point>& pts, Rgb c, double line_width,
                      const std::vector<double>& dash, double alpha) const {
  if (pts.size() < 2) return;
  cairo_new_path(cr_);
  cairo_move_to(cr_, pts[0].x, pts[0].y);
  for (std::size_t i = 1; i < pts.size(); ++i) cairo_line_to(cr_, pts[i].x, pts[i].y);
  colour(c, alpha);
  cairo_set_line_width(cr_, line_width);
  cairo_set_dash(cr_, dash.data(), static_cast<int>(dash.size()), 0);
  cairo_stroke(cr_);
  cairo_set_dash(cr_, nullptr, 0, 0);
}

void Canvas::circle(Point centre, double r, Rgb fill, Rgb outline, double outline_width) const {
  cairo_new_path(cr_);
  cairo_arc(cr_, centre.x, centre.y, r, 0, 2 * M_PI);
  colour(fill);
  if (outline_width > 0) {
    cairo_fill_preserve(cr_);
    colour(outline);
    cairo_set_line_width(cr_, outline_width);
    cairo_set_dash(cr_, nullptr, 0, 0);
    cairo_stroke(cr_);
  } else {
    cairo_fill(cr_);
  }
}

void Canvas::font(const TextStyle& style) const {
  cairo_select_font_face(cr_, family_.c_str(),
                         style.italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                         style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, style.size);
}

TextSize Canvas::measure(const std::string& text, const TextStyle& style) const {
  font(style);
  cairo_text_extents_t te;
  cairo_text_extents(cr_, text.c_str(), &te);
  cairo_font_extents_t fe;
  cairo_font_extents(cr_, &fe);
  // Synthetic bold and the halo widen the ink a little beyond the advance.
  return {te.x_advance + (style.bold ? 1.0 : 0.0) + style.halo, fe.ascent, fe.descent};
}

void Canvas::text(double x, double y, const std::string& text, const TextStyle& style) const {
  font(style);
  cairo_new_path(cr_);
  cairo_move_to(cr_, x, y);
  cairo_text_path(cr_, text.c_str());
  if (style.halo > 0) {
    colour(style.halo_colour);
    cairo_set_line_width(cr_, 2 * style.halo);
    cairo_set_dash(cr_, nullptr, 0, 0);
    cairo_stroke_preserve(cr_);
  }
  colour(style.ink);
  cairo_fill(cr_);
}

void Canvas::write_png(const std::string& file, const std::string& path) const {
  cairo_surface_flush(surface_);
  const cairo_status_t status = cairo_surface_write_to_png(surface_, file.c_str());
  if (status != CAIRO_STATUS_SUCCESS)
    throw core::OutputError("cannot write the map '" + path +
                            "': " + cairo_status_to_string(status));
}

}  // namespace reachplan::output::detail::mapdraw
