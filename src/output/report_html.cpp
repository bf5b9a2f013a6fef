// The HTML report. Everything is inline (CSS, SVG) so the file opens offline and can be mailed
// as one attachment. Heat-map cells are grouped into one SVG path per colour class, which keeps
// a 60 x 60 matrix to a few kilobytes. No timestamps: the same inputs give the same bytes.
#include "reachplan/output/report_html.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <numeric>
#include <sstream>

#include "number_format.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/core/version.hpp"
#include "table_format.hpp"

namespace reachplan::output {

using analysis::Comparison;
using analysis::ItemProgress;
using detail::total;

namespace {

std::string esc(const std::string& s) {
  return core::xml_escape(s);
}

std::string hmm(double minutes) {
  return std::isnan(minutes) ? "&ndash;" : core::format_hmm(minutes);
}

// Colours: modes (well-known ones fixed, others from a palette in order of appearance).
std::string mode_colour(const std::string& mode, const std::vector<std::string>& modes) {
  static const std::map<std::string, std::string> known = {
      {"hsr", "#d1352b"},     {"intercity", "#e07b39"}, {"rail", "#f0a01f"},
      {"highway", "#5b6770"}, {"road", "#8d99a3"},      {"waterway", "#2b7bba"},
      {"air", "#8e5fb5"},     {"ferry", "#17a2b8"},     {"metro", "#c2185b"}};
  if (auto it = known.find(mode); it != known.end()) return it->second;
  static const char* palette[] = {"#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"};
  const auto i =
      static_cast<std::size_t>(std::find(modes.begin(), modes.end(), mode) - modes.begin());
  return palette[i % 6];
}

// Travel-time classes (minutes), read against planning thresholds.
const double time_edges[] = {30, 60, 90, 120, 180, 240, 360, 480};
const char* time_colours[] = {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4",
                              "#1d91c0", "#225ea8", "#253494", "#081d58"};
const char* time_labels[] = {"&lt; 0:30", "0:30", "1:00", "1:30",     "2:00",
                             "3:00",      "4:00", "6:00", "&ge; 8:00"};
int time_class(double m) {
  int k = 0;
  while (k < 8 && m >= time_edges[k]) ++k;
  return k;
}

// Minutes-saved classes: slower (red) to faster (green); 0 = unchanged (drawn as background).
const double saved_edges[] = {-30, -15, -5, -0.005, 0.005, 5, 15, 30, 60};
const char* saved_colours[] = {"#a50f15", "#de2d26", "#fc9272", "#fee0d2", "",
                               "#e5f5e0", "#c7e9c0", "#74c476", "#238b45", "#00441b"};
const char* saved_labels[] = {
    "slower &gt; 30", "15&ndash;30 slower", "5&ndash;15 slower", "&lt; 5 slower", "same",
    "&lt; 5 faster",  "5&ndash;15",         "15&ndash;30",       "30&ndash;60",   "&gt; 60 faster"};
int saved_class(double m) {
  int k = 0;
  while (k < 9 && m >= saved_edges[k]) ++k;
  return k;
}

// One heat map as SVG: cells grouped into a path per class.
struct HeatMap {
  std::string title;
  const std::vector<std::string>* labels = nullptr;
  std::vector<int> cls;  // row-major; -1 = no cell
  std::vector<std::string> colours;
};

std::string heat_svg(const HeatMap& h) {
  const int n = static_cast<int>(h.labels->size());
  const int cell = n <= 20 ? 18 : n <= 40 ? 11 : 8;
  std::size_t longest = 0;
  for (const auto& l : *h.labels) longest = std::max(longest, l.size());
  const int font = cell >= 11 ? 10 : 8;
  const int margin = static_cast<int>(longest) * font * 6 / 10 + 6;
  const int size = margin + n * cell + 4;
  std::ostringstream s;
  s << "<svg class=\"heat\" viewBox=\"0 0 " << size << " " << size << "\" width=\"" << size
    << "\" height=\"" << size << "\" role=\"img\" aria-label=\"" << esc(h.title) << "\">";
  s << "<rect x=\"" << margin << "\" y=\"" << margin << "\" width=\"" << n * cell << "\" height=\""
    << n * cell << "\" fill=\"#f4f4f4\"/>";
  std::map<int, std::string> paths;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const int c = h.cls[static_cast<std::size_t>(i * n + j)];
      if (c < 0 || h.colours[static_cast<std::size_t>(c)].empty()) continue;
      paths[c] += "M" + std::to_string(margin + j * cell) + " " +
                  std::to_string(margin + i * cell) + "h" + std::to_string(cell) + "v" +
                  std::to_string(cell) + "h-" + std::to_string(cell) + "z";
    }
  for (const auto& [c, d] : paths)
    s << "<path fill=\"" << h.colours[static_cast<std::size_t>(c)] << "\" d=\"" << d << "\"/>";
  // Grid lines every 5 cells help follow a row.
  for (int k = 5; k < n; k += 5) {
    const int p = margin + k * cell;
    s << "<path stroke=\"#fff\" stroke-width=\"1\" d=\"M" << margin << " " << p << "h" << n * cell
      << "M" << p << " " << margin << "v" << n * cell << "\"/>";
  }
  s << "<g font-size=\"" << font << "\" fill=\"#333\">";
  for (int i = 0; i < n; ++i) {
    const auto& l = esc((*h.labels)[static_cast<std::size_t>(i)]);
    const int mid = margin + i * cell + cell / 2 + font / 3;
    s << "<text x=\"" << margin - 3 << "\" y=\"" << mid << "\" text-anchor=\"end\">" << l
      << "</text>";
    s << "<text transform=\"translate(" << mid << " " << margin - 3
      << ") rotate(-90)\" text-anchor=\"start\">" << l << "</text>";
  }
  s << "</g></svg>";
  return s.str();
}

std::string legend(const char* const* colours, const char* const* labels, int n,
                   const std::string& extra = "") {
  std::ostringstream s;
  s << "<div class=\"legend\">";
  for (int k = 0; k < n; ++k) {
    const std::string c = colours[k];
    s << "<span><i style=\"background:" << (c.empty() ? "#f4f4f4" : c) << "\"></i>" << labels[k]
      << "</span>";
  }
  s << extra << "</div>";
  return s.str();
}

// --- The map ---------------------------------------------------------------------------------

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// The nodes' lon/lat box drawn equirectangular (longitudes shrunk by the cosine of the middle
// latitude), scaled to fit 1100 x 760 with a margin.
struct MapFrame {
  static constexpr double pad = 40;
  double lon0 = 180, lon1 = -180, lat0 = 90, lat1 = -90;
  double kx = 1, scale = 1, width = 0, height = 0;
  double x(double lon) const { return pad + (lon - lon0) * kx * scale; }
  double y(double lat) const { return pad + (lat1 - lat) * scale; }
};

MapFrame map_frame(const model::Network& net) {
  MapFrame f;
  for (const auto& n : net.nodes) {
    f.lon0 = std::min(f.lon0, n.lon);
    f.lon1 = std::max(f.lon1, n.lon);
    f.lat0 = std::min(f.lat0, n.lat);
    f.lat1 = std::max(f.lat1, n.lat);
  }
  f.kx = std::cos((f.lat0 + f.lat1) / 2 * std::numbers::pi / 180.0);
  const double pad = MapFrame::pad, max_w = 1100, max_h = 760;
  const double span_x = std::max((f.lon1 - f.lon0) * f.kx, 1e-6),
               span_y = std::max(f.lat1 - f.lat0, 1e-6);
  f.scale = std::min((max_w - 2 * pad) / span_x, (max_h - 2 * pad) / span_y);
  f.width = span_x * f.scale + 2 * pad;
  f.height = span_y * f.scale + 2 * pad;
  return f;
}

// SVG coordinates: one decimal.
std::string coord(double v) {
  return detail::fixed(v, 1);
}

// Graticule every degree (or every 5 for large areas), labelled on the edges.
std::string graticule_svg(const MapFrame& f) {
  const double step = (f.lon1 - f.lon0) > 20 || (f.lat1 - f.lat0) > 20 ? 5.0 : 1.0;
  std::ostringstream svg;
  svg << "<g stroke=\"#e6e6e0\" stroke-width=\"1\">";
  for (double lo = std::ceil(f.lon0 / step) * step; lo <= f.lon1; lo += step)
    svg << "<line x1=\"" << coord(f.x(lo)) << "\" y1=\"0\" x2=\"" << coord(f.x(lo)) << "\" y2=\""
        << coord(f.height) << "\"/>";
  for (double la = std::ceil(f.lat0 / step) * step; la <= f.lat1; la += step)
    svg << "<line x1=\"0\" y1=\"" << coord(f.y(la)) << "\" x2=\"" << coord(f.width) << "\" y2=\""
        << coord(f.y(la)) << "\"/>";
  svg << "</g><g font-size=\"10\" fill=\"#aaa\">";
  for (double lo = std::ceil(f.lon0 / step) * step; lo <= f.lon1; lo += step)
    svg << "<text x=\"" << coord(f.x(lo) + 2) << "\" y=\"" << coord(f.height - 4) << "\">"
        << detail::fixed(lo, 0) << "&#176;E</text>";
  for (double la = std::ceil(f.lat0 / step) * step; la <= f.lat1; la += step)
    svg << "<text x=\"2\" y=\"" << coord(f.y(la) - 2) << "\">" << detail::fixed(la, 0)
        << "&#176;N</text>";
  svg << "</g>";
  return svg.str();
}

std::string line_points(const model::Network& net, const MapFrame& f, const model::Line& line) {
  std::string pts;
  for (const auto& stop : line.stops)
    if (const auto* n = net.find_node(stop.node))
      pts += (pts.empty() ? "" : " ") + coord(f.x(n->lon)) + "," + coord(f.y(n->lat));
  return pts;
}

std::string dash_attribute(model::Status st) {
  switch (st) {
    case model::Status::existing:
      return "";
    case model::Status::under_construction:
      return " stroke-dasharray=\"9 4\"";
    case model::Status::planned:
      return " stroke-dasharray=\"3 3\"";
  }
  return "";
}

// Waterways at the bottom, then roads, rail, the rest on top; in network order within a mode.
std::vector<std::size_t> drawing_order(const model::Network& net) {
  auto mode_rank = [](const std::string& m) {
    return m == "waterway" ? 0 : m == "highway" || m == "road" ? 1 : m == "rail" ? 2 : 3;
  };
  std::vector<std::size_t> order(net.lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return mode_rank(net.lines[a].mode) < mode_rank(net.lines[b].mode);
  });
  return order;
}

// Lines: not built (faint) first, then those the baseline has by mode, the new ones last with
// a halo under them.
std::string lines_svg(const model::Scenario& s, const MapFrame& f,
                      const std::vector<bool>& baseline_built,
                      const std::vector<std::string>& modes) {
  const auto& net = s.network;
  const auto built = analysis::built_mask(s);
  const auto order = drawing_order(net);
  auto in_baseline = [&](std::size_t l) { return l < baseline_built.size() && baseline_built[l]; };
  std::ostringstream svg;
  svg << "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">";
  for (std::size_t l : order) {
    const auto& line = net.lines[l];
    if (built[l]) continue;
    svg << "<polyline points=\"" << line_points(net, f, line) << "\" stroke=\""
        << mode_colour(line.mode, modes)
        << "\" stroke-width=\"1.5\" stroke-opacity=\"0.35\" stroke-dasharray=\"2 4\"><title>"
        << esc(line.id + " (" + line.mode + ", not built)") << "</title></polyline>";
  }
  for (std::size_t l : order) {
    const auto& line = net.lines[l];
    if (!built[l] || !in_baseline(l)) continue;
    const bool water = line.mode == "waterway";
    svg << "<polyline points=\"" << line_points(net, f, line) << "\" stroke=\""
        << mode_colour(line.mode, modes) << "\" stroke-width=\"" << (water ? 3 : 2.2)
        << "\" stroke-opacity=\"0.85\"" << dash_attribute(line.status) << "><title>"
        << esc(line.id + " (" + line.mode + ")") << "</title></polyline>";
  }
  for (std::size_t l : order) {
    if (!built[l] || in_baseline(l)) continue;
    svg << "<polyline points=\"" << line_points(net, f, net.lines[l])
        << "\" stroke=\"#ffd23f\" stroke-width=\"10\" stroke-opacity=\"0.55\"/>";
  }
  for (std::size_t l : order) {
    const auto& line = net.lines[l];
    if (!built[l] || in_baseline(l)) continue;
    svg << "<polyline points=\"" << line_points(net, f, line) << "\" stroke=\""
        << mode_colour(line.mode, modes) << "\" stroke-width=\"3.2\"" << dash_attribute(line.status)
        << "><title>"
        << esc(line.id + " (" + line.mode + ", " + model::to_string(line.status) + ", new)")
        << "</title></polyline>";
  }
  svg << "</g>";
  return svg.str();
}

// Places drawn as circles, sized by population, with labels.
struct PlaceMarks {
  const model::Network& net;
  const MapFrame& f;
  const std::vector<std::string>& key_places;
  double max_pop = 0;

  bool is_key(const std::string& id) const {
    return std::find(key_places.begin(), key_places.end(), id) != key_places.end();
  }
  double radius(const model::Node& n) const {
    if (!n.population || max_pop <= 0) return 2.0;
    return 2.5 + 5.5 * std::sqrt(*n.population / max_pop);
  }
};

std::string circles_svg(const PlaceMarks& pm) {
  std::ostringstream svg;
  svg << "<g stroke=\"#333\" stroke-width=\"1\">";
  for (const auto& n : pm.net.nodes)
    svg << "<circle cx=\"" << coord(pm.f.x(n.lon)) << "\" cy=\"" << coord(pm.f.y(n.lat))
        << "\" r=\"" << detail::fixed(pm.radius(n), 1) << "\" fill=\""
        << (pm.is_key(n.id) ? "#222" : "#fff") << "\"><title>" << esc(n.name)
        << "</title></circle>";
  svg << "</g>";
  return svg.str();
}

// Labels placed greedily, key places and big cities first: each takes the first of right,
// left, above and below that stays on the map and clear of every circle and earlier label.
std::string labels_svg(const PlaceMarks& pm) {
  const auto& nodes = pm.net.nodes;
  std::vector<std::size_t> by_priority(nodes.size());
  std::iota(by_priority.begin(), by_priority.end(), 0);
  std::stable_sort(by_priority.begin(), by_priority.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = nodes[a];
    const auto& y = nodes[b];
    if (pm.is_key(x.id) != pm.is_key(y.id)) return pm.is_key(x.id);
    return x.population.value_or(0) > y.population.value_or(0);
  });
  std::vector<Box> taken;
  for (const auto& n : nodes) {
    const double r = pm.radius(n) + 1;
    taken.push_back({pm.f.x(n.lon) - r, pm.f.y(n.lat) - r, pm.f.x(n.lon) + r, pm.f.y(n.lat) + r});
  }
  std::ostringstream svg;
  svg << "<g class=\"labels\">";
  for (std::size_t i : by_priority) {
    const auto& n = nodes[i];
    const bool key = pm.is_key(n.id);
    const bool minor = !n.population && !key;
    const double font = key ? 13 : minor ? 9 : 11;
    const double w = static_cast<double>(n.name.size()) * font * 0.58, h = font;
    const double x = pm.f.x(n.lon), y = pm.f.y(n.lat), r = pm.radius(n) + 2;
    const Box tries[] = {{x + r, y - h / 2, x + r + w, y + h / 2},
                         {x - r - w, y - h / 2, x - r, y + h / 2},
                         {x - w / 2, y - r - h, x + w / 2, y - r},
                         {x - w / 2, y + r, x + w / 2, y + r + h}};
    for (const Box& b : tries) {
      if (b.x0 < 0 || b.x1 > pm.f.width || b.y0 < 0 || b.y1 > pm.f.height) continue;
      if (std::any_of(taken.begin(), taken.end(), [&](const Box& t) { return b.overlaps(t); }))
        continue;
      taken.push_back(b);
      svg << "<text x=\"" << coord(b.x0) << "\" y=\"" << coord(b.y1 - h * 0.18) << "\" font-size=\""
          << detail::fixed(font, 0) << "\"" << (key ? " font-weight=\"700\"" : "")
          << (minor ? " fill=\"#777\"" : "") << ">" << esc(n.name) << "</text>";
      break;
    }
  }
  svg << "</g>";
  return svg.str();
}

// Legend: modes present, then line styles.
std::string map_legend(const model::Network& net, const std::vector<std::string>& modes) {
  std::ostringstream lg;
  lg << "<div class=\"legend\">";
  std::vector<std::string> present;
  for (const auto& line : net.lines)
    if (std::find(present.begin(), present.end(), line.mode) == present.end())
      present.push_back(line.mode);
  for (const auto& m : present) {
    const auto* mode = net.find_mode(m);
    lg << "<span><svg width=\"28\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" "
          "stroke=\""
       << mode_colour(m, modes) << "\" stroke-width=\"3\"/></svg>"
       << esc(mode && !mode->name.empty() && mode->name != m ? mode->name : m) << "</span>";
  }
  lg << "<span><svg width=\"28\" height=\"12\"><line x1=\"2\" y1=\"6\" x2=\"26\" y2=\"6\" "
        "stroke=\"#ffd23f\" stroke-width=\"10\" stroke-opacity=\"0.55\"/><line x1=\"2\" y1=\"6\" "
        "x2=\"26\" y2=\"6\" stroke=\"#555\" stroke-width=\"3\"/></svg>new in these versions</span>"
     << "<span><svg width=\"28\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" "
        "stroke=\"#555\" stroke-width=\"2.5\" stroke-dasharray=\"9 4\"/></svg>under "
        "construction</span>"
     << "<span><svg width=\"28\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" "
        "stroke=\"#555\" stroke-width=\"2.5\" stroke-dasharray=\"3 3\"/></svg>planned</span>"
     << "<span><svg width=\"28\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" "
        "stroke=\"#555\" stroke-width=\"1.5\" stroke-opacity=\"0.35\" stroke-dasharray=\"2 "
        "4\"/></svg>not built</span>"
     << "<span><svg width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" r=\"5\" "
        "fill=\"#222\"/></svg>"
        "key places (circle area: population)</span></div>";
  return lg.str();
}

std::string map_svg(const model::Scenario& s, const std::vector<bool>& baseline_built,
                    const std::vector<std::string>& key_places) {
  const auto& net = s.network;
  if (net.nodes.empty()) return "";
  const MapFrame f = map_frame(net);
  const auto modes = net.mode_ids();
  PlaceMarks marks{net, f, key_places};
  for (const auto& n : net.nodes) marks.max_pop = std::max(marks.max_pop, n.population.value_or(0));
  std::ostringstream svg;
  svg << "<svg class=\"map\" viewBox=\"0 0 " << coord(f.width) << " " << coord(f.height)
      << "\" role=\"img\" aria-label=\"Network map\">";
  svg << "<rect width=\"100%\" height=\"100%\" fill=\"#fbfbf8\"/>";
  svg << graticule_svg(f) << lines_svg(s, f, baseline_built, modes) << circles_svg(marks)
      << labels_svg(marks) << "</svg>";
  return "<div class=\"mapbox\">" + svg.str() + "</div>" + map_legend(net, modes);
}

// --- Sections --------------------------------------------------------------------------------

std::string css() {
  return R"(
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fff;font-size:14px;line-height:1.45}
header{background:#1f3b57;color:#fff;padding:18px 32px}
header h1{margin:0 0 4px;font-size:24px;font-weight:600}
header p{margin:0;color:#cfdbe6}
nav{padding:8px 32px;background:#f0f3f6;border-bottom:1px solid #dde3e8;font-size:13px}
nav a{color:#1f3b57;margin-right:16px;text-decoration:none}
main{padding:8px 32px 40px;max-width:1400px}
section{margin-top:28px}
h2{font-size:19px;font-weight:600;border-bottom:2px solid #1f3b57;padding-bottom:4px;margin:0 0 10px}
h3{font-size:15px;margin:16px 0 6px}
p.note{color:#555;margin:4px 0 10px;max-width:1000px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.pass{background:#d9f2dd;color:#1b5e20;font-weight:600;white-space:nowrap}
td.fail{background:#fbdcdc;color:#8e1b1b;font-weight:600;white-space:nowrap}
td.na{color:#aaa}
td small{font-weight:400;color:#555}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;font-weight:600;margin:1px 2px 1px 0}
.crit{background:#8e1b1b;color:#fff}
.with{background:#e8e0f5;color:#4a2a7a}
.mapbox{border:1px solid #dde3e8;max-width:1120px}
.mapbox svg{display:block;width:100%;height:auto}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12px;color:#333;margin:6px 0 12px}
.legend span{display:inline-flex;align-items:center;gap:5px}
.legend i{display:inline-block;width:14px;height:14px;border:1px solid #ccc}
.grid{display:flex;flex-wrap:wrap;gap:18px 28px;align-items:flex-start}
figure{margin:0}
figcaption{font-size:13px;font-weight:600;margin-bottom:2px}
.bar{display:inline-block;height:10px;background:#2e7d32;vertical-align:middle;border-radius:1px}
.bar.neg{background:#c62828}
.bar.loss{background:#6a51a3}
td.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px;color:#444}
ul.items{margin:4px 0 8px;padding-left:20px}
footer{padding:16px 32px;color:#777;font-size:12px;border-top:1px solid #e3e6ea}
)";
}

std::string targets_section(const Comparison& c) {
  std::ostringstream s;
  s << "<section id=\"targets\"><h2>Targets</h2><p class=\"note\">Each cell: verdict, items "
       "within the threshold (pairs or places) and the value (worst or mean time, or share "
       "reached). <em>First met</em>: the version from which the target passes in every later "
       "one.</p><table><tr><th>target</th><th class=\"n\">threshold</th>";
  for (const auto& v : c.versions) s << "<th>" << esc(v.id) << "</th>";
  s << "<th>first met</th></tr>";
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& target = c.targets[t].target;
    s << "<tr><td><b>" << esc(target.id) << "</b><br><small>" << esc(target.name)
      << "</small></td><td class=\"n\">" << esc(detail::limit_text(target)) << "</td>";
    for (std::size_t v = 0; v < c.versions.size(); ++v) {
      const auto& at = c.targets[t].at[v];
      if (!at) {
        s << "<td class=\"na\">&ndash;</td>";
        continue;
      }
      const auto& r = c.versions[v].result.targets[*at];
      const std::string value =
          r.value_unit == "share" ? detail::share_against_limit(r.value, target.min_share)
          : std::isnan(r.value)   ? hmm(r.value)
                                  : detail::value_against_limit(target, r.value).time;
      s << "<td class=\"" << (r.pass ? "pass" : "fail") << "\">" << (r.pass ? "PASS" : "FAIL")
        << " " << r.items_met << "/" << r.items_total << "<br><small>" << value << "</small></td>";
    }
    s << "<td>"
      << (c.targets[t].first_met ? esc(c.versions[*c.targets[t].first_met].id) : "not met")
      << "</td></tr>";
  }
  s << "</table>";
  for (const auto& f : c.failures)
    s << "<p class=\"note\"><b>Did not run:</b> " << esc(f.file) << ": " << esc(f.message)
      << "</p>";
  s << "</section>";
  return s.str();
}

std::string pairs_section(const Comparison& c) {
  if (c.key_places.empty() || c.key_places.size() > 12) return "";
  std::ostringstream s;
  const auto& base = c.versions[c.baseline].key;
  s << "<section id=\"pairs\"><h2>Key pairs</h2><p class=\"note\">Travel time between the key "
       "places (profile "
    << esc(c.profile) << "), h:mm; green shading: minutes saved against "
    << esc(c.versions[c.baseline].id) << ".</p><table><tr><th>from</th><th>to</th>";
  for (const auto& v : c.versions) s << "<th class=\"n\">" << esc(v.id) << "</th>";
  s << "</tr>";
  auto at = [](const analysis::TravelTimeMatrix& k, const std::string& a, const std::string& b) {
    return detail::key_minutes(k, a, b).value_or(std::nan(""));
  };
  for (const auto& a : c.key_places)
    for (const auto& b : c.key_places) {
      if (a == b) continue;
      s << "<tr><td>" << esc(a) << "</td><td>" << esc(b) << "</td>";
      const double m0 = at(base, a, b);
      for (const auto& v : c.versions) {
        const double m = at(v.key, a, b);
        const int k = std::isnan(m) || std::isnan(m0) ? 4 : saved_class(m0 - m);
        const std::string bg = k > 4 ? saved_colours[k] : "";
        const std::string fg = k >= 8 ? ";color:#fff" : "";
        s << "<td class=\"n\"" << (bg.empty() ? "" : " style=\"background:" + bg + fg + "\"") << ">"
          << hmm(m) << "</td>";
      }
      s << "</tr>";
    }
  s << "</table></section>";
  return s.str();
}

// The items of target t with status `status` at the last version, as a table ("" if none);
// regressed items also name the version they fail from.
std::string failing_table(const Comparison& c, std::size_t t, ItemProgress::Status status) {
  const bool regressed = status == ItemProgress::Status::regressed;
  std::ostringstream s;
  for (const auto& it : c.items) {
    if (it.target != t || it.status != status) continue;
    const double m = it.minutes.back();
    // Time and gap read on their side of the limit (h:mm:ss near it).
    const auto judged = detail::value_against_limit(c.targets[t].target, m);
    s << "<tr><td>" << esc(it.origin) << " &rarr; " << esc(it.destination) << "</td>";
    if (regressed) s << "<td>" << esc(c.versions[*it.regressed].id) << "</td>";
    s << "<td class=\"n\">" << (std::isnan(m) ? hmm(m) : judged.time) << "</td><td class=\"n\">"
      << (std::isnan(m) ? "unreachable" : judged.gap) << "</td><td class=\"path\">" << esc(it.path)
      << "</td></tr>";
  }
  if (s.str().empty()) return "";
  return "<table><tr><th>" +
         std::string(regressed ? "regressed: met before, failing in " : "still failing in ") +
         esc(c.versions.back().id) + "</th>" + (regressed ? "<th>failing from</th>" : "") +
         "<th class=\"n\">time</th><th class=\"n\">gap</th><th>path</th></tr>" + s.str() +
         "</table>";
}

std::string items_section(const Comparison& c) {
  std::ostringstream s;
  s << "<section id=\"items\"><h2>Newly met, regressed and still failing</h2>";
  bool any = false;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& target = c.targets[t].target;
    const bool nearest = target.kind_info().item == model::TargetItemRule::nearest;
    std::ostringstream block;
    for (std::size_t v = 1; v < c.versions.size(); ++v) {
      std::vector<std::string> names;
      for (const auto& it : c.items)
        if (it.target == t && it.newly_met == v)
          names.push_back(esc(it.origin + (nearest ? "" : " \xE2\x86\x92 " + it.destination)));
      if (names.empty()) continue;
      block << "<li><b>" << esc(c.versions[v].id) << "</b> (" << names.size() << "): ";
      for (std::size_t i = 0; i < names.size(); ++i) block << (i ? ", " : "") << names[i];
      block << "</li>";
    }
    const std::string regressed = failing_table(c, t, ItemProgress::Status::regressed);
    const std::string failing = failing_table(c, t, ItemProgress::Status::still_failing);
    if (block.str().empty() && regressed.empty() && failing.empty()) continue;
    any = true;
    s << "<h3>" << esc(target.id) << " <small>(within " << esc(detail::limit_text(target))
      << ")</small></h3>";
    if (!block.str().empty()) s << "<ul class=\"items\">" << block.str() << "</ul>";
    s << regressed << failing;
  }
  if (!any) s << "<p class=\"note\">No target item changes between the versions.</p>";
  s << "</section>";
  return s.str();
}

// The places a heat map shows: all of them up to a hundred, beyond that the most populated
// (in the baseline), in the comparison's order; with their labels and a note on the subset.
struct HeatPlaces {
  std::vector<std::size_t> pick;
  std::vector<std::string> labels;
  std::string subset;  // "" when every place is shown
};

HeatPlaces heat_places(const Comparison& c) {
  // A heat map stays readable to about a hundred rows: beyond, the most populated places.
  constexpr std::size_t max_rows = 100;
  HeatPlaces hp;
  hp.pick.resize(c.places.size());
  std::iota(hp.pick.begin(), hp.pick.end(), 0);
  if (hp.pick.size() > max_rows) {
    const auto& w = c.versions[c.baseline].weights;
    std::stable_sort(hp.pick.begin(), hp.pick.end(),
                     [&](std::size_t a, std::size_t b) { return w[a] > w[b]; });
    hp.pick.resize(max_rows);
    std::sort(hp.pick.begin(), hp.pick.end());
  }
  for (std::size_t p : hp.pick) hp.labels.push_back(c.places[p]);
  if (hp.pick.size() < c.places.size())
    hp.subset = " Showing the " + std::to_string(hp.pick.size()) + " most populated of " +
                std::to_string(c.places.size()) + " places; the CSV files hold them all.";
  return hp;
}

// Travel time classes of one version's matrix over the shown places.
HeatMap time_heat_map(const analysis::Version& v, const HeatPlaces& hp) {
  const std::size_t n = hp.pick.size();
  HeatMap h;
  h.title = v.id;
  h.labels = &hp.labels;
  h.colours.assign(std::begin(time_colours), std::end(time_colours));
  h.cls.assign(n * n, -1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double m =
          v.places(static_cast<Eigen::Index>(hp.pick[i]), static_cast<Eigen::Index>(hp.pick[j]));
      if (!std::isnan(m) && i != j) h.cls[i * n + j] = time_class(m);
    }
  return h;
}

// Minutes-saved classes of one delta over the shown places, plus newly reachable (10) and cut
// off (11); `changed` counts the pairs not in the "same" class.
HeatMap saved_heat_map(const Comparison& c, const analysis::VersionDelta& d, const HeatPlaces& hp,
                       int& changed) {
  const std::size_t n = hp.pick.size();
  HeatMap h;
  h.labels = &hp.labels;
  h.title = c.versions[d.from].id + " to " + c.versions[d.to].id;
  h.colours.assign(std::begin(saved_colours), std::end(saved_colours));
  h.colours.push_back("#6a51a3");
  h.colours.push_back("#000");
  h.cls.assign(n * n, -1);
  const auto& a = c.versions[d.from].places;
  const auto& b = c.versions[d.to].places;
  changed = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const auto ii = static_cast<Eigen::Index>(hp.pick[i]),
                 jj = static_cast<Eigen::Index>(hp.pick[j]);
      const bool ra = !std::isnan(a(ii, jj)), rb = !std::isnan(b(ii, jj));
      int k = -1;
      if (ra && rb)
        k = saved_class(d.saved(ii, jj));
      else if (!ra && rb)
        k = 10;
      else if (ra && !rb)
        k = 11;
      if (k >= 0 && k != 4) ++changed;
      h.cls[i * n + j] = k;
    }
  return h;
}

std::string matrices_section(const Comparison& c) {
  const HeatPlaces hp = heat_places(c);
  std::ostringstream s;
  s << "<section id=\"matrices\"><h2>Travel-time matrices</h2><p class=\"note\">Every pair of "
    << (c.group == "all" ? "places" : "places of '" + esc(c.group) + "'") << " (profile "
    << esc(c.profile) << "), row to column, in the order of the network file. Grey: unreachable."
    << hp.subset << "</p>"
    << legend(time_colours, time_labels, 9,
              "<span><i style=\"background:#f4f4f4\"></i>unreachable</span>")
    << "<div class=\"grid\">";
  for (const auto& v : c.versions)
    s << "<figure><figcaption>" << esc(v.id) << "</figcaption>" << heat_svg(time_heat_map(v, hp))
      << "</figure>";
  s << "</div></section>";

  if (c.deltas.empty()) return s.str();
  s << "<section id=\"deltas\"><h2>Minutes saved</h2><p class=\"note\">Minutes saved per pair "
       "(earlier minus later version): consecutive versions, then each against the baseline. "
       "Purple: newly reachable; black: no longer reachable."
    << hp.subset << "</p>"
    << legend(saved_colours, saved_labels, 10,
              "<span><i style=\"background:#6a51a3\"></i>newly reachable</span><span><i "
              "style=\"background:#000\"></i>cut off</span>")
    << "<div class=\"grid\">";
  for (const auto& d : c.deltas) {
    int changed = 0;
    const HeatMap h = saved_heat_map(c, d, hp, changed);
    s << "<figure><figcaption>" << esc(h.title) << " <small>(" << changed
      << " pairs change)</small></figcaption>" << heat_svg(h) << "</figure>";
  }
  s << "</div></section>";
  return s.str();
}

// Per place, baseline to last version, the 25 first of Comparison::place_gains (newly
// connected first, then by mean trip saved).
std::string place_gains_table(const Comparison& c) {
  const bool pop = c.weighting == "population";
  const auto& base = c.versions[c.baseline];
  const auto& last = c.versions.back();
  const auto& rows = c.place_gains;
  double most = 0, largest_gain = 0;
  for (const auto& r : rows) {
    if (!std::isnan(r.minutes_saved)) most = std::max(most, std::abs(r.minutes_saved));
    for (double g : r.reach_gained) largest_gain = std::max(largest_gain, g);
  }
  const detail::PeopleFormat gain(largest_gain, c.weighting);
  const std::size_t shown = std::min<std::size_t>(rows.size(), 25);
  std::ostringstream s;
  s << "<h3>Per place, " << esc(base.id) << " to " << esc(last.id) << " <small>(the " << shown
    << " with the largest mean-trip savings of " << rows.size()
    << "; every place and version in accessibility.csv)</small></h3><table><tr><th>place</th>";
  if (pop) s << "<th class=\"n\">population</th>";
  s << "<th class=\"n\">mean trip " << esc(base.id) << "</th><th class=\"n\">" << esc(last.id)
    << "</th><th class=\"n\">saved</th><th></th>";
  for (double m : c.reach_minutes)
    s << "<th class=\"n\">" << (pop ? "people" : "places") << " within " << detail::fixed(m, 0)
      << "</th>";
  s << "</tr>";
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& r = rows[i];
    const auto& a = *base.access[r.place];
    const auto& b = *last.access[r.place];
    const double saved = r.minutes_saved;
    const model::Node* node = last.scenario.network.find_node(c.places[r.place]);
    const double w = most > 0 && !std::isnan(saved) ? 140.0 * std::abs(saved) / most : 0;
    s << "<tr><td>" << esc(node ? node->name : c.places[r.place]) << "</td>";
    if (pop)
      s << "<td class=\"n\">" << detail::PeopleFormat(1e6, "population")(last.weights[r.place])
        << "</td>";
    s << "<td class=\"n\">" << hmm(a.mean_minutes) << "</td><td class=\"n\">" << hmm(b.mean_minutes)
      << "</td><td class=\"n\">"
      << (std::isnan(saved) ? std::string("newly connected")
          : saved < 0       ? core::format_hmm(-saved) + " longer"
                            : core::format_hmm(saved))
      << "</td><td><span class=\"bar" << (saved < 0 ? " neg" : "")
      << "\" style=\"width:" << detail::fixed(w, 0) << "px\"></span></td>";
    for (std::size_t k = 0; k < c.reach_minutes.size(); ++k) {
      const double g = r.reach_gained[k];
      s << "<td class=\"n\">" << gain(b.reach[k]) << " <small>"
        << (std::abs(g) > 1e-9 ? "(" + gain(g, true) + ")" : "") << "</small></td>";
    }
    s << "</tr>";
  }
  s << "</table>";
  return s.str();
}

std::string access_section(const Comparison& c) {
  if (c.reach_minutes.empty()) return "";
  const bool pop = c.weighting == "population";
  std::ostringstream s;
  s << "<section id=\"access\"><h2>Accessibility</h2><p class=\"note\">"
    << (pop ? "People" : "Places") << " reachable within each threshold (profile " << esc(c.profile)
    << "), mean per " << (pop ? "resident" : "place")
    << ", and the weighted mean trip time to the other places.</p><table><tr><th>version</th>";
  for (double m : c.reach_minutes)
    s << "<th class=\"n\">within " << detail::fixed(m, 0) << " min</th>";
  s << "<th class=\"n\">mean trip</th></tr>";
  double largest = 0;
  for (const auto& v : c.versions)
    for (double x : v.measure.mean_reach) largest = std::max(largest, x);
  const detail::PeopleFormat summary(largest, c.weighting);
  for (const auto& v : c.versions) {
    s << "<tr><td>" << esc(v.id) << "</td>";
    for (double x : v.measure.mean_reach) s << "<td class=\"n\">" << summary(x) << "</td>";
    s << "<td class=\"n\">" << hmm(v.measure.mean_minutes) << "</td></tr>";
  }
  s << "</table>";
  if (c.versions.size() >= 2) s << place_gains_table(c);
  s << "</section>";
  return s.str();
}

// Per target: items gained alone / lost when removed, and the flags; a dash when none.
std::string target_items_cell(const analysis::Ranking& r, const analysis::LineContribution& c) {
  std::ostringstream s;
  bool any = false;
  for (std::size_t t = 0; t < r.target_ids.size(); ++t) {
    const int gained = c.alone.items[t], lost = c.removed.items[t];
    const auto& id = r.target_ids[t];
    const bool critical =
        std::find(c.critical_for.begin(), c.critical_for.end(), id) != c.critical_for.end();
    const bool with = std::find(c.only_with_others.begin(), c.only_with_others.end(), id) !=
                      c.only_with_others.end();
    if (gained == 0 && lost == 0 && !critical) continue;
    s << (any ? "<br>" : "") << esc(id) << " <b>" << (gained > 0 ? "+" : "") << gained << " / "
      << (lost > 0 ? "-" : "") << lost << "</b>";
    if (critical) s << " <span class=\"badge crit\">critical</span>";
    if (with) s << " <span class=\"badge with\">only with others</span>";
    any = true;
  }
  if (!any) s << "&ndash;";
  return s.str();
}

std::string ranking_section(const analysis::Ranking& r) {
  std::ostringstream s;
  const bool pop = r.weighting == "population";
  s << "<section id=\"ranking\"><h2>Which planned line buys the most</h2><p class=\"note\">Each "
       "line "
    << esc(r.plan_id) << " builds and " << esc(r.baseline_id)
    << " does not, measured twice: <b>alone</b>, added to " << esc(r.baseline_id)
    << " on its own; <b>removed</b>, what " << esc(r.plan_id)
    << " loses without it. <em>min/trip</em>: " << esc(r.weighting)
    << "-weighted minutes saved per trip between "
    << (r.group == "all" ? "all places" : "places of '" + esc(r.group) + "'") << " (profile "
    << esc(r.profile) << "); <em>T'</em>: " << (pop ? "people" : "places")
    << " reachable within T minutes, mean per " << (pop ? "resident" : "place")
    << "; <em>target items</em>: pairs or places newly within their threshold. <span "
       "class=\"badge crit\">critical</span> the plan meets the target and misses it without the "
       "line; as adding lines never lengthens a trip, no combination of the other planned lines "
       "meets it. <span class=\"badge with\">only with others</span> nothing for that target on "
       "its "
       "own, but the plan loses items without it. Order: "
    << analysis::to_string(r.order) << ".</p>";
  double most = 0, largest = 0;
  for (const auto& c : r.lines) {
    most = std::max({most, std::abs(c.alone.minutes_saved), std::abs(c.removed.minutes_saved)});
    for (double x : c.alone.reach) largest = std::max(largest, std::abs(x));
  }
  const detail::PeopleFormat people(largest, r.weighting);
  s << "<table><tr><th class=\"n\">#</th><th>line</th><th>mode</th><th>status</th><th "
       "class=\"n\">alone min/trip</th><th></th>";
  for (double t : r.reach_minutes) s << "<th class=\"n\">alone " << detail::fixed(t, 0) << "'</th>";
  s << "<th class=\"n\">removed min/trip</th><th></th><th>target items alone / removed</th></tr>";
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& c = r.lines[i];
    auto bar = [&](double x, const char* cls) {
      const double w = most > 0 ? 110.0 * std::abs(x) / most : 0;
      return "<span class=\"bar " + std::string(x < 0 ? "neg" : cls) +
             "\" style=\"width:" + detail::fixed(w, 0) + "px\"></span>";
    };
    s << "<tr><td class=\"n\">" << i + 1 << "</td><td><b>" << esc(c.line) << "</b><br><small>"
      << esc(c.name) << "</small></td><td>" << esc(c.mode) << "</td><td>"
      << model::to_string(c.status) << (c.opened ? " " + std::to_string(*c.opened) : "")
      << "</td><td class=\"n\">" << detail::signed_fixed(c.alone.minutes_saved, 2) << "</td><td>"
      << bar(c.alone.minutes_saved, "") << "</td>";
    for (double x : c.alone.reach) s << "<td class=\"n\">" << people(x, true) << "</td>";
    s << "<td class=\"n\">" << detail::signed_fixed(-c.removed.minutes_saved, 2) << "</td><td>"
      << bar(c.removed.minutes_saved, "loss") << "</td><td>";
    s << target_items_cell(r, c) << "</td></tr>";
  }
  double plan_largest = 0;
  for (double x : r.plan_change.reach) plan_largest = std::max(plan_largest, std::abs(x));
  const detail::PeopleFormat plan_people(plan_largest, r.weighting);
  s << "</table><p class=\"note\">The whole plan against " << esc(r.baseline_id) << ": "
    << detail::signed_fixed(r.plan_change.minutes_saved, 2) << " min per trip";
  for (std::size_t k = 0; k < r.plan_change.reach.size() && k < r.reach_minutes.size(); ++k)
    s << ", " << detail::fixed(r.reach_minutes[k], 0) << "' "
      << plan_people(r.plan_change.reach[k], true);
  s << ", target items " << (total(r.plan_change.items) > 0 ? "+" : "")
    << total(r.plan_change.items) << ".</p>";
  for (const auto& n : r.notes) s << "<p class=\"note\">Note: " << esc(n) << "</p>";
  s << "</section>";
  return s.str();
}

std::string robustness_section(const analysis::Robustness& r) {
  std::ostringstream s;
  std::size_t breaking = 0;
  for (const auto& o : r.outages) breaking += o.breaks.empty() ? 0 : 1;
  s << "<section id=\"n1\"><h2>N-1: critical links of " << esc(r.scenario_id)
    << "</h2><p class=\"note\">Each built " << (r.segments ? "segment cut" : "line removed")
    << " in turn (" << r.outages.size() << " checked); " << breaking
    << " break a target that passes with the whole network. <em>Items lost</em>: target items "
       "no longer within their threshold; <em>min lost</em>: weighted minutes added per trip "
       "over the pairs still reachable without it; <em>pairs cut</em>: pairs left without a "
       "path (&ldquo;+ cut&rdquo;), which no minute figure counts.</p>";
  const std::size_t shown = std::min<std::size_t>(r.outages.size(), 20);
  s << "<table><tr><th class=\"n\">#</th><th>" << (r.segments ? "segment" : "line")
    << "</th><th>mode</th><th>breaks</th><th class=\"n\">items lost</th><th class=\"n\">min "
       "lost</th><th class=\"n\">pairs cut</th></tr>";
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& o = r.outages[i];
    s << "<tr><td class=\"n\">" << i + 1 << "</td><td>" << esc(o.id) << "</td><td>" << esc(o.mode)
      << "</td><td>";
    for (const auto& b : o.breaks) s << "<span class=\"badge crit\">" << esc(b) << "</span>";
    if (o.breaks.empty()) s << "&ndash;";
    s << "</td><td class=\"n\">" << total(o.loss.items) << "</td><td class=\"n\">"
      << esc(detail::minutes_lost_cell(o)) << "</td><td class=\"n\">" << o.pairs_cut
      << "</td></tr>";
  }
  s << "</table>";
  if (shown < r.outages.size())
    s << "<p class=\"note\">" << r.outages.size() - shown << " more in robustness.csv.</p>";
  s << "</section>";
  return s.str();
}

}  // namespace

// Base64 through OpenSSL (the PNG maps, embedded as data URIs).
std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string pictures_section(const std::vector<ReportPicture>& pictures) {
  if (pictures.empty()) return "";
  std::ostringstream s;
  s << "<section id=\"maps\"><h2>Maps</h2>";
  for (const auto& p : pictures)
    s << "<figure><img alt=\"" << esc(p.title)
      << "\" style=\"max-width:100%\" src=\"data:image/png;base64," << base64(p.png)
      << "\"><figcaption><b>" << esc(p.title) << "</b>. " << esc(p.caption) << " (<code>"
      << esc(p.file) << "</code>)</figcaption></figure>";
  s << "</section>";
  return s.str();
}

std::string report_html(const ReportInput& in) {
  std::ostringstream s;
  s << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
       "content=\"width=device-width, initial-scale=1\"><title>"
    << esc(in.title) << "</title><style>" << css() << "</style></head><body><header><h1>"
    << esc(in.title) << "</h1><p>";
  if (in.comparison) {
    const auto& c = *in.comparison;
    s << c.versions.size() << " version" << (c.versions.size() == 1 ? "" : "s") << ": ";
    for (std::size_t v = 0; v < c.versions.size(); ++v)
      s << (v ? ", " : "") << esc(c.versions[v].id) << (v == c.baseline ? " (baseline)" : "");
  } else if (in.ranking) {
    s << esc(in.ranking->plan_id) << " against " << esc(in.ranking->baseline_id);
  } else if (in.robustness) {
    s << esc(in.robustness->scenario_id);
  }
  s << "</p></header><nav>";
  if (in.map) s << "<a href=\"#map\">Network</a>";
  if (in.comparison) {
    s << "<a href=\"#targets\">Targets</a>";
    if (!in.comparison->key_places.empty() && in.comparison->key_places.size() <= 12)
      s << "<a href=\"#pairs\">Key pairs</a>";
    s << "<a href=\"#items\">Newly met / failing</a><a href=\"#matrices\">Matrices</a>";
    if (!in.comparison->deltas.empty()) s << "<a href=\"#deltas\">Minutes saved</a>";
    s << "<a href=\"#access\">Accessibility</a>";
  }
  if (!in.pictures.empty()) s << "<a href=\"#maps\">Maps</a>";
  if (in.ranking) s << "<a href=\"#ranking\">Ranking</a>";
  if (in.robustness) s << "<a href=\"#n1\">N-1</a>";
  s << "</nav><main>";
  if (in.map) {
    std::vector<std::string> key;
    if (in.comparison)
      key = in.comparison->key_places;
    else if (!in.map->key_group.empty() && in.map->groups.count(in.map->key_group))
      key = in.map->groups.at(in.map->key_group);
    s << "<section id=\"map\"><h2>Network: " << esc(in.map->id)
      << "</h2><p class=\"note\">Drawn from the node coordinates (WGS84, equirectangular). "
         "Highlighted: lines built here and not in the baseline.</p>"
      << map_svg(*in.map, in.map_baseline_built, key) << "</section>";
  }
  s << pictures_section(in.pictures);
  if (in.comparison) {
    const auto& c = *in.comparison;
    s << targets_section(c) << pairs_section(c) << items_section(c) << matrices_section(c)
      << access_section(c);
  }
  if (in.ranking) s << ranking_section(*in.ranking);
  if (in.robustness) s << robustness_section(*in.robustness);
  s << "</main><footer>reachplan " << esc(core::version)
    << ". Times in h:mm; CSV files next to this report hold every number shown.</footer></body>"
       "</html>\n";
  return s.str();
}

}  // namespace reachplan::output
