// PNG quicklooks: the surface in a colour ramp, the nodes as dots (the surface's places larger),
// and a legend strip with the title and the ramp's values, drawn into an RGBA buffer and encoded
// by GDAL's PNG driver. Text uses a built-in 5 x 7 pixel font (lower case, digits, a few signs)
// so a quicklook needs no font files.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "gis_gdal.hpp"
#include "gis_writers.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output {

namespace {

using Rgb = std::array<std::uint8_t, 3>;

// 5 x 7 glyphs, one string per row, '#' = ink.
const std::map<char, std::array<const char*, 7>>& font() {
  static const std::map<char, std::array<const char*, 7>> glyphs = {
      {'0', {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."}},
      {'1', {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."}},
      {'2', {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"}},
      {'3', {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."}},
      {'4', {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."}},
      {'5', {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."}},
      {'6', {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."}},
      {'7', {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."}},
      {'8', {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."}},
      {'9', {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."}},
      {'a', {".....", ".....", ".###.", "....#", ".####", "#...#", ".####"}},
      {'b', {"#....", "#....", "#.##.", "##..#", "#...#", "#...#", "####."}},
      {'c', {".....", ".....", ".###.", "#....", "#....", "#...#", ".###."}},
      {'d', {"....#", "....#", ".##.#", "#..##", "#...#", "#...#", ".####"}},
      {'e', {".....", ".....", ".###.", "#...#", "#####", "#....", ".###."}},
      {'f', {"..##.", ".#..#", ".#...", "###..", ".#...", ".#...", ".#..."}},
      {'g', {".....", ".####", "#...#", "#...#", ".####", "....#", ".###."}},
      {'h', {"#....", "#....", "#.##.", "##..#", "#...#", "#...#", "#...#"}},
      {'i', {"..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###."}},
      {'j', {"...#.", ".....", "..##.", "...#.", "...#.", "#..#.", ".##.."}},
      {'k', {"#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."}},
      {'l', {".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."}},
      {'m', {".....", ".....", "##.#.", "#.#.#", "#.#.#", "#...#", "#...#"}},
      {'n', {".....", ".....", "#.##.", "##..#", "#...#", "#...#", "#...#"}},
      {'o', {".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."}},
      {'p', {".....", ".....", "####.", "#...#", "####.", "#....", "#...."}},
      {'q', {".....", ".....", ".##.#", "#..##", ".####", "....#", "....#"}},
      {'r', {".....", ".....", "#.##.", "##..#", "#....", "#....", "#...."}},
      {'s', {".....", ".....", ".###.", "#....", ".###.", "....#", "####."}},
      {'t', {".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##."}},
      {'u', {".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#"}},
      {'v', {".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#.."}},
      {'w', {".....", ".....", "#...#", "#...#", "#.#.#", "#.#.#", ".#.#."}},
      {'x', {".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"}},
      {'y', {".....", ".....", "#...#", "#...#", ".####", "....#", ".###."}},
      {'z', {".....", ".....", "#####", "...#.", "..#..", ".#...", "#####"}},
      {' ', {".....", ".....", ".....", ".....", ".....", ".....", "....."}},
      {'.', {".....", ".....", ".....", ".....", ".....", ".##..", ".##.."}},
      {',', {".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."}},
      {':', {".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."}},
      {'-', {".....", ".....", ".....", "#####", ".....", ".....", "....."}},
      {'+', {".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."}},
      {'(', {"...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."}},
      {')', {".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."}},
      {'/', {".....", "....#", "...#.", "..#..", ".#...", "#....", "....."}},
      {'>', {".#...", "..#..", "...#.", "....#", "...#.", "..#..", ".#..."}},
      {'<', {"...#.", "..#..", ".#...", "#....", ".#...", "..#..", "...#."}},
      {'%', {"##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##"}},
      {'^', {"..#..", ".#.#.", "#...#", ".....", ".....", ".....", "....."}},
      {'_', {".....", ".....", ".....", ".....", ".....", ".....", "#####"}},
      {'=', {".....", ".....", "#####", ".....", "#####", ".....", "....."}},
      {'\'', {"..#..", "..#..", ".#...", ".....", ".....", ".....", "....."}},
      {'?', {".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."}},
  };
  return glyphs;
}

class Canvas {
 public:
  Canvas(int w, int h) : w_(w), h_(h), px_(static_cast<std::size_t>(w) * h * 4, 255) {}
  int width() const { return w_; }
  int height() const { return h_; }
  void set(int x, int y, Rgb c, std::uint8_t alpha = 255) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
    std::uint8_t* p = &px_[(static_cast<std::size_t>(y) * w_ + x) * 4];
    p[0] = c[0];
    p[1] = c[1];
    p[2] = c[2];
    p[3] = alpha;
  }
  void rect(int x0, int y0, int w, int h, Rgb c) {
    for (int y = y0; y < y0 + h; ++y)
      for (int x = x0; x < x0 + w; ++x) set(x, y, c);
  }
  static int text_width(const std::string& s, int scale) {
    return static_cast<int>(s.size()) * 6 * scale;
  }
  void text(int x, int y, const std::string& s, int scale, Rgb c) {
    for (char ch : s) {
      const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto it = font().find(lower);
      if (it == font().end()) it = font().find('?');
      for (int row = 0; row < 7; ++row)
        for (int col = 0; col < 5; ++col)
          if (it->second[static_cast<std::size_t>(row)][col] == '#')
            rect(x + col * scale, y + row * scale, scale, scale, c);
      x += 6 * scale;
    }
  }
  const std::vector<std::uint8_t>& pixels() const { return px_; }

 private:
  int w_, h_;
  std::vector<std::uint8_t> px_;
};

Rgb mix(Rgb a, Rgb b, double t) {
  Rgb c;
  for (int i = 0; i < 3; ++i)
    c[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(
        std::lround(a[static_cast<std::size_t>(i)] * (1 - t) + b[static_cast<std::size_t>(i)] * t));
  return c;
}

// Travel time in classes a planner reads at a glance (half hours, then hours).
struct Classes {
  std::vector<double> upper;  // class i holds values <= upper[i]; the last class the rest
  std::vector<Rgb> colours;   // upper.size() + 1
};

Classes travel_time_classes() {
  return {{30, 60, 90, 120, 180, 240, 360, 480},
          {{{26, 152, 80}},
           {{102, 189, 99}},
           {{166, 217, 106}},
           {{217, 239, 139}},
           {{254, 224, 139}},
           {{253, 174, 97}},
           {{244, 109, 67}},
           {{215, 48, 39}},
           {{120, 30, 60}}}};
}

// A continuous ramp (viridis-like) for accessibility, from 0 to the maximum.
Rgb ramp(double t) {
  static const std::vector<Rgb> stops = {
      {{68, 1, 84}}, {{59, 82, 139}}, {{33, 145, 140}}, {{94, 201, 98}}, {{253, 231, 37}}};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(t), stops.size() - 2);
  return mix(stops[i], stops[i + 1], t - static_cast<double>(i));
}

std::string short_number(double x) {
  char buf[32];
  if (x >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fm", x / 1e6);
  else if (x >= 1e4)
    std::snprintf(buf, sizeof buf, "%.0fk", x / 1e3);
  else if (x >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk", x / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", x);
  return buf;
}

// Pixel sizes of a quicklook: the map scaled by `s` pixels per cell, and a legend strip below.
struct Layout {
  double s = 1;
  int map_w = 1, map_h = 1;
  int width = 480;  // the canvas: at least as wide as the legend needs
  static constexpr int legend = 86;
};

Layout layout_of(const analysis::Grid& grid) {
  Layout l;
  // At most 1000 px on a side; small grids are enlarged to a readable 480 px wide.
  l.s = std::min(1000.0 / std::max(grid.width, grid.height), std::max(1.0, 480.0 / grid.width));
  l.map_w = std::max(1, static_cast<int>(std::lround(grid.width * l.s)));
  l.map_h = std::max(1, static_cast<int>(std::lround(grid.height * l.s)));
  l.width = std::max(l.map_w, 480);
  return l;
}

// How values become colours: travel times in fixed classes, anything else on the ramp from 0
// to the surface's maximum.
struct Colouring {
  bool classes = false;
  Classes tt = travel_time_classes();
  double max_value = 0;
  Rgb operator()(double v) const {
    if (classes) {
      std::size_t i = 0;
      while (i < tt.upper.size() && v > tt.upper[i]) ++i;
      return tt.colours[i];
    }
    return ramp(max_value > 0 ? v / max_value : 0);
  }
};

Colouring colouring_of(const analysis::Surface& surface) {
  Colouring c;
  c.classes = surface.kind == model::SurfaceSpec::Kind::travel_time;
  for (float v : surface.values)
    if (!std::isnan(v)) c.max_value = std::max(c.max_value, static_cast<double>(v));
  return c;
}

// Each map pixel takes the colour of the cell under its centre.
void draw_map(Canvas& canvas, const Layout& l, const analysis::Grid& grid,
              const analysis::Surface& surface, const Colouring& colour) {
  for (int y = 0; y < l.map_h; ++y) {
    const int row = std::min(grid.height - 1, static_cast<int>((y + 0.5) / l.s));
    for (int x = 0; x < l.map_w; ++x) {
      const int col = std::min(grid.width - 1, static_cast<int>((x + 0.5) / l.s));
      const float v = surface.at(grid, col, row);
      if (std::isnan(v))
        canvas.set(x, y, {230, 230, 230}, 0);  // nodata: transparent
      else
        canvas.set(x, y, colour(v));
    }
  }
}

// Nodes as dark dots; the surface's own places as larger white-ringed dots, drawn last so that
// they stay on top.
void draw_nodes(Canvas& canvas, const Layout& l, const analysis::Grid& grid,
                const analysis::Surface& surface, const model::Scenario& scenario) {
  const auto pixel_of = [&](std::size_t i) {
    return std::pair<int, int>{static_cast<int>((grid.node_x[i] - grid.x0) / grid.cell * l.s),
                               static_cast<int>((grid.y0 - grid.node_y[i]) / grid.cell * l.s)};
  };
  for (std::size_t i = 0; i < scenario.network.nodes.size(); ++i) {
    const auto [x, y] = pixel_of(i);
    if (x >= 0 && y >= 0 && x < l.map_w && y < l.map_h)
      canvas.rect(x - 1, y - 1, 3, 3, {30, 30, 30});
  }
  for (std::size_t i = 0; i < scenario.network.nodes.size(); ++i) {
    const auto& id = scenario.network.nodes[i].id;
    if (std::find(surface.places.begin(), surface.places.end(), id) == surface.places.end())
      continue;
    const auto [x, y] = pixel_of(i);
    canvas.rect(x - 4, y - 4, 9, 9, {255, 255, 255});
    canvas.rect(x - 3, y - 3, 7, 7, {0, 0, 0});
  }
}

// Legend: title, ramp (or class boxes), values. White background below the map.
void draw_legend(Canvas& canvas, const Layout& l, const std::string& title,
                 const Colouring& colour) {
  const int width = l.width, map_h = l.map_h;
  canvas.rect(0, map_h, width, Layout::legend, {255, 255, 255});
  const int title_scale = Canvas::text_width(title, 2) <= width - 16 ? 2 : 1;
  canvas.text(8, map_h + 6, title, title_scale, {20, 20, 20});
  const int bar_y = map_h + 30, bar_h = 18, bar_x = 8, bar_w = width - 16;
  if (colour.classes) {
    const Classes& tt = colour.tt;
    const std::size_t n = tt.colours.size();
    for (std::size_t i = 0; i < n; ++i) {
      const int x0 = bar_x + static_cast<int>(bar_w * i / n);
      const int x1 = bar_x + static_cast<int>(bar_w * (i + 1) / n);
      canvas.rect(x0, bar_y, x1 - x0, bar_h, tt.colours[i]);
      if (i < tt.upper.size()) {
        const std::string label = short_number(tt.upper[i]);
        canvas.rect(x1 - 1, bar_y + bar_h, 1, 5, {20, 20, 20});
        canvas.text(x1 - Canvas::text_width(label, 2) / 2, bar_y + bar_h + 8, label, 2,
                    {20, 20, 20});
      }
    }
  } else {
    for (int x = 0; x < bar_w; ++x)
      canvas.rect(bar_x + x, bar_y, 1, bar_h, ramp(static_cast<double>(x) / (bar_w - 1)));
    for (int k = 0; k <= 4; ++k) {
      const int x = bar_x + (bar_w - 1) * k / 4;
      const std::string label = short_number(colour.max_value * k / 4);
      canvas.rect(x, bar_y + bar_h, 1, 5, {20, 20, 20});
      const int tw = Canvas::text_width(label, 2);
      canvas.text(std::clamp(x - tw / 2, 2, width - tw - 2), bar_y + bar_h + 8, label, 2,
                  {20, 20, 20});
    }
  }
}

// GDAL's PNG driver only copies from a dataset: fill an in-memory one with the RGBA canvas and
// copy it to `file` (`path` names the destination in messages).
void encode_png(const Canvas& canvas, const std::string& file, const std::string& path) {
  detail::QuietGdal quiet;
  detail::DatasetPtr mem(
      detail::driver("MEM")->Create("", canvas.width(), canvas.height(), 4, GDT_Byte, nullptr));
  if (!mem) detail::gdal_fail("cannot create an in-memory image");
  int bands[4] = {1, 2, 3, 4};
  auto* pixels = const_cast<std::uint8_t*>(canvas.pixels().data());
  detail::check(mem->RasterIO(GF_Write, 0, 0, canvas.width(), canvas.height(), pixels,
                              canvas.width(), canvas.height(), GDT_Byte, 4, bands, 4,
                              static_cast<GSpacing>(canvas.width()) * 4, 1, nullptr),
                "cannot draw the quicklook");
  detail::DatasetPtr png(
      detail::driver("PNG")->CreateCopy(file.c_str(), mem.get(), FALSE, nullptr, nullptr, nullptr));
  if (!png) detail::gdal_fail("cannot write the PNG '" + path + "'");
  detail::close_checked(png.release(), "cannot finish writing '" + path + "'");
}

}  // namespace

void detail::quicklook_to(const std::string& file, const std::string& path,
                          const analysis::Grid& grid, const analysis::Surface& surface,
                          const model::Scenario& scenario) {
  if (surface.values.size() != grid.cell_count())
    throw core::OutputError("surface '" + surface.id + "' does not match its grid");
  const Layout layout = layout_of(grid);
  Canvas canvas(layout.width, layout.map_h + Layout::legend);
  const Colouring colour = colouring_of(surface);
  draw_map(canvas, layout, grid, surface, colour);
  draw_nodes(canvas, layout, grid, surface, scenario);
  draw_legend(canvas, layout, surface.title, colour);
  encode_png(canvas, file, path);
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
