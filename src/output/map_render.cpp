// The map renderer: what a scene shows (tracks, od pairs, legend entries), its layout, the
// drawing order, and the scenes of the run map and the compare map.
#include "map_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "gis_gdal.hpp"
#include "map_draw.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/grid_frame.hpp"

namespace reachplan::output::detail {

std::pair<double, double> MapGeometry::pixel(double lon, double lat) const {
  const mapdraw::Point p = mapdraw::Projection(*this).pixel(lon, lat);
  return {p.x, p.y};
}

std::string people_words(double persons) {
  if (!std::isfinite(persons)) return "";
  char buf[64];
  const double a = std::abs(persons);
  if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.1f", persons / 1e6);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s + " million people";
  }
  const long n = std::lround(persons);
  if (std::labs(n) == 1) return std::to_string(n) + " person";
  std::string digits = std::to_string(std::labs(n)), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return (n < 0 ? "-" : "") + grouped + " people";
}

namespace mapdraw {

bool is_highlighted(const MapScene& scene, const std::string& line) {
  return !scene.highlight_only ||
         std::find(scene.highlight_lines.begin(), scene.highlight_lines.end(), line) !=
             scene.highlight_lines.end();
}

std::vector<Track> map_tracks(const MapScene& scene) {
  std::vector<Track> out;
  if (scene.links) {
    for (const auto& row : scene.links->rows)
      if (row.line && row.line->runs_over.empty())
        out.push_back({row.line, row.geometry, is_highlighted(scene, row.line->id)});
    return out;
  }
  const model::Scenario& s = *scene.scenario;
  for (const auto& line : s.network.lines) {
    if (!line.runs_over.empty() || !model::is_built(line, s)) continue;
    Track t{&line, {}, is_highlighted(scene, line.id)};
    for (const auto& p : line.geometry) t.course.push_back({p[0], p[1]});
    if (t.course.empty())
      for (const auto& stop : line.stops)
        if (const model::Node* n = s.network.find_node(stop.node))
          t.course.push_back({n->lon, n->lat});
    out.push_back(std::move(t));
  }
  return out;
}

// More od lines than this (a key group of 13 or more) would bury the map: none are drawn.
constexpr std::size_t map_max_od_pairs = 66;

// A row's verdict and the minutes it was judged on: the layer's own (targets on its profile),
// else the targets on other profiles that check the pair (the 90-minute circle is often judged
// station to station while the layer is door to door), with their minutes.
std::pair<std::string, double> od_judgement(const analysis::OdRow& row) {
  if (!row.verdict.empty()) return {row.verdict, row.trip.minutes};
  bool any = false, all = true;
  double minutes = std::nan("");
  for (std::size_t i = 0; i < row.meets.size(); ++i) {
    if (!row.meets[i]) continue;
    any = true;
    all = all && *row.meets[i];
    if (std::isnan(minutes) && i < row.target_minutes.size()) minutes = row.target_minutes[i];
  }
  return {any ? (all ? "PASS" : "FAIL") : "", minutes};
}

std::vector<OdPair> od_pairs(const MapScene& scene) {
  std::vector<OdPair> out;
  if (!scene.od || scene.od->size > 2 * map_max_od_pairs) return out;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  scene.od->for_each([&](const analysis::OdRow& row) {
    const auto [verdict, minutes] = od_judgement(row);
    if (verdict.empty()) return;
    const std::string& o = row.trip.origin;
    const std::string& d = row.trip.destination;
    const auto key = std::minmax(o, d);
    auto [it, fresh] = index.emplace(std::pair{key.first, key.second}, out.size());
    if (fresh) out.push_back({o, d, std::nan(""), std::nan(""), false});
    OdPair& p = out[it->second];
    (p.a == o ? p.ab : p.ba) = minutes;
    p.fail = p.fail || verdict == "FAIL";
  });
  return out;
}

// "90 min" when one pair-time threshold judges the od layer's pairs; the profile it is judged
// on goes to `profile` when it is not the layer's.
std::string od_rule(const MapScene& scene, std::string& profile) {
  if (!scene.od) return "";
  std::set<double> limits;
  std::set<std::string> profiles;
  for (const auto& id : scene.od->targets)
    for (const auto& t : scene.scenario->targets)
      if (t.id == id && t.kind == model::Target::Kind::max_pair_time &&
          t.measure == model::Target::Measure::time) {
        limits.insert(t.max_minutes);
        profiles.insert(t.profile.empty() ? scene.scenario->default_profile : t.profile);
      }
  if (profiles.size() == 1 && *profiles.begin() != scene.od->profile) profile = *profiles.begin();
  if (limits.size() != 1) return "";
  return core::fixed_decimals(*limits.begin(), 0) + " min";
}

Drawn summarise(const MapScene& scene, const std::vector<Track>& tracks,
                const std::vector<OdPair>& pairs) {
  Drawn d;
  for (const auto& mode : scene.scenario->network.modes)
    for (const auto& t : tracks)
      if (t.highlighted && t.line->mode == mode.id) {
        d.modes.push_back(mode.id);
        break;
      }
  for (const auto& t : tracks) {
    if (t.highlighted) d.statuses.insert(t.line->status);
    d.grey_tracks = d.grey_tracks || !t.highlighted;
  }
  for (const auto& p : pairs) (p.fail ? d.fail : d.pass) = true;
  d.od_rule = od_rule(scene, d.od_profile);
  d.provinces = d.rivers = d.lakes = !scene.context.empty();
  for (const auto& n : scene.scenario->network.nodes)
    d.max_population = std::max(d.max_population, n.population.value_or(0.0));
  d.key_places = !scene.key_places.empty();
  if (scene.transit)
    for (const auto& c : *scene.transit)
      if (std::find(d.transit_kinds.begin(), d.transit_kinds.end(), c.kind) ==
          d.transit_kinds.end())
        d.transit_kinds.push_back(c.kind);
  if (scene.underlay) {
    d.underlay_min = std::numeric_limits<double>::infinity();
    d.underlay_max = -d.underlay_min;
    for (float v : scene.underlay->values) {
      if (std::isnan(v)) {
        d.nodata = true;
        continue;
      }
      d.underlay_min = std::min(d.underlay_min, static_cast<double>(v));
      d.underlay_max = std::max(d.underlay_max, static_cast<double>(v));
    }
    if (d.underlay_min > d.underlay_max) d.underlay_min = d.underlay_max = 0;
  }
  return d;
}

// The CRS and the box (CRS units) the map covers: the grid's, else an equal-area CRS fitted to
// the nodes, as analysis::make_grid fits one, over the nodes plus a margin.
void map_world(const MapScene& scene, MapGeometry& g, double box[4]) {
  const auto& nodes = scene.scenario->network.nodes;
  if (scene.grid) {
    const auto& grid = *scene.grid;
    g.crs_wkt = grid.crs_wkt;
    box[0] = grid.x0;
    box[1] = grid.y0 - grid.height * grid.cell;
    box[2] = grid.x0 + grid.width * grid.cell;
    box[3] = grid.y0;
    return;
  }
  double lon0 = 180, lat0 = 90, lon1 = -180, lat1 = -90;
  for (const auto& n : nodes) {
    lon0 = std::min(lon0, n.lon), lon1 = std::max(lon1, n.lon);
    lat0 = std::min(lat0, n.lat), lat1 = std::max(lat1, n.lat);
  }
  g.crs_wkt = io::equal_area_crs_for(lon0, lat0, lon1, lat1);
  const OGRSpatialReference srs = io::srs_from_wkt(g.crs_wkt);
  const OGRSpatialReference wgs = io::wgs84();
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &srs));
  std::vector<double> x, y;
  for (const auto& n : nodes) x.push_back(n.lon), y.push_back(n.lat);
  if (!ct || !ct->Transform(static_cast<int>(x.size()), x.data(), y.data()))
    gdal_fail("cannot project the nodes to the map's CRS");
  box[0] = *std::min_element(x.begin(), x.end()), box[2] = *std::max_element(x.begin(), x.end());
  box[1] = *std::min_element(y.begin(), y.end()), box[3] = *std::max_element(y.begin(), y.end());
  const double unit = srs.GetLinearUnits() > 0 ? srs.GetLinearUnits() : 1.0;
  const double margin =
      std::max(20'000.0 / unit, 0.06 * std::max(box[2] - box[0], box[3] - box[1]));
  box[0] -= margin, box[1] -= margin, box[2] += margin, box[3] += margin;
}

MapGeometry layout_map(const MapScene& scene, const Drawn& drawn, const std::string& family) {
  if (!scene.scenario || scene.scenario->network.nodes.empty())
    throw core::OutputError("a map needs a scenario with places");
  MapGeometry g;
  g.width = std::max(scene.width, 800);
  double box[4];
  map_world(scene, g, box);
  g.frame_x = Layout::margin;
  g.frame_y = Layout::margin + Layout::title_band;
  g.frame_w = std::floor(g.width - 3 * Layout::margin - Layout::panel_w);
  // The frame keeps the box's aspect within bounds; the box grows the other way to fit.
  double bw = box[2] - box[0], bh = box[3] - box[1];
  const double aspect = std::clamp(bh / bw, 0.55, 1.35);
  if (bh / bw > aspect) bw = bh / aspect;
  if (bh / bw < aspect) bh = bw * aspect;
  g.frame_h = std::floor(g.frame_w * aspect);
  g.pixels_per_unit = g.frame_w / bw;
  g.world_x0 = (box[0] + box[2]) / 2 - g.frame_w / g.pixels_per_unit / 2;
  g.world_y1 = (box[1] + box[3]) / 2 + g.frame_h / g.pixels_per_unit / 2;
  const Canvas probe(1, 1, family);
  const double legend = draw_legend(probe, scene, drawn, g, false);
  g.height = static_cast<int>(std::ceil(g.frame_y + std::max(g.frame_h, legend) +
                                        Layout::credit_band + Layout::margin / 2));
  // True scale along the parallel through the frame's centre (an equal-area conic's scale
  // varies across the map: this is where the scale bar holds).
  const Projection proj(g);
  const double cx = g.frame_x + g.frame_w / 2, cy = g.frame_y + g.frame_h / 2, half = 50;
  const Point a = proj.lonlat(cx - half, cy), b = proj.lonlat(cx + half, cy);
  g.km_per_pixel = core::great_circle_km(a.x, a.y, b.x, b.y) / (2 * half);
  return g;
}

}  // namespace mapdraw

MapGeometry map_geometry(const MapScene& scene) {
  using namespace mapdraw;
  const auto tracks = map_tracks(scene);
  const auto pairs = od_pairs(scene);
  return layout_map(scene, summarise(scene, tracks, pairs),
                    font_family_for(scene.font_family, scene.warn));
}

void render_map(const std::string& file, const std::string& path, const MapScene& scene) {
  using namespace mapdraw;
  if (!scene.scenario) throw core::OutputError("a map needs a scenario");
  if (scene.underlay && scene.grid && scene.underlay->values.size() != scene.grid->cell_count())
    throw core::OutputError("surface '" + scene.underlay->id + "' does not match its grid");
  ensure_gdal();
  QuietGdal quiet;
  const std::string family = font_family_for(scene.font_family, scene.warn);
  const auto tracks = map_tracks(scene);
  const auto pairs = od_pairs(scene);
  Drawn drawn = summarise(scene, tracks, pairs);
  const MapGeometry g = layout_map(scene, drawn, family);
  const Projection proj(g);
  const ContextLayers context = read_context(scene, proj);
  drawn.provinces = !context.provinces.empty();
  drawn.rivers = !context.rivers.empty();
  drawn.lakes = !context.lakes.empty();
  drawn.context_credit = context.credit;
  drawn.crs_name = proj.srs().GetName() ? proj.srs().GetName() : "";

  Canvas canvas(g.width, g.height, family);
  const Box frame{g.frame_x, g.frame_y, g.frame_x + g.frame_w, g.frame_y + g.frame_h};
  cairo_save(canvas.cr());
  cairo_rectangle(canvas.cr(), frame.x0, frame.y0, g.frame_w, g.frame_h);
  cairo_clip(canvas.cr());
  canvas.fill_rect(frame, context.provinces.empty() ? symbology::land : Rgb{0xfb, 0xfb, 0xfa});
  draw_context_below(canvas, context);
  draw_underlay(canvas, scene, g, drawn);
  draw_context_above(canvas, context);
  std::vector<Point> busy;
  if (scene.transit) draw_transit(canvas, proj, *scene.transit);
  draw_tracks(canvas, proj, tracks, busy);
  const auto od_labels = draw_od(canvas, scene, proj, pairs, busy);
  LabelPlacer placer(frame.grown(-4));
  draw_nodes(canvas, scene, proj, placer, busy);
  placer.take(draw_scale_and_north(canvas, proj, busy));
  draw_labels(canvas, scene, proj, placer, od_labels, context);
  cairo_restore(canvas.cr());
  canvas.stroke_rect(frame, {0x55, 0x55, 0x55}, 1.0);
  draw_title(canvas, scene);
  draw_legend(canvas, scene, drawn, g, true);
  draw_credit(canvas, scene, drawn);
  canvas.write_png(file, path);
}

// ---- Scenes -------------------------------------------------------------------------------

namespace mapdraw {

std::vector<std::string> key_members(const model::Scenario& s) {
  if (s.key_group.empty() || !s.groups.count(s.key_group)) return {};
  return s.groups.at(s.key_group);
}

// The run map's underlay: a travel-time surface of exactly the key group, else the first
// travel-time surface.
const analysis::Surface* run_underlay(const model::Scenario& s, const analysis::GisResult& gis) {
  std::vector<std::string> key = key_members(s);
  std::sort(key.begin(), key.end());
  const analysis::Surface* first = nullptr;
  for (const auto& surface : gis.surfaces) {
    if (surface.kind != model::SurfaceSpec::Kind::travel_time) continue;
    if (!first) first = &surface;
    std::vector<std::string> places = surface.places;
    std::sort(places.begin(), places.end());
    if (!key.empty() && places == key) return &surface;
  }
  return first;
}

}  // namespace mapdraw

std::string map_title(const model::Scenario& s) {
  std::string t = s.name.empty() ? s.id : s.name;
  // "Plan 2035 (2035)" says the year twice.
  if (s.year && t.find(std::to_string(*s.year)) == std::string::npos)
    t += " (" + std::to_string(*s.year) + ")";
  return t;
}

MapScene run_map_scene(const model::Scenario& scenario, const analysis::GisResult& gis) {
  MapScene scene;
  scene.scenario = &scenario;
  scene.title = map_title(scenario);
  scene.grid = gis.grid ? &*gis.grid : nullptr;
  scene.underlay = scene.grid ? mapdraw::run_underlay(scenario, gis) : nullptr;
  scene.ramp = MapRamp::travel_time;
  if (scene.underlay) scene.underlay_heading = scene.underlay->title;
  scene.links = gis.links ? &*gis.links : nullptr;
  scene.od = gis.od ? &*gis.od : nullptr;
  if (!gis.transit.empty()) scene.transit = &gis.transit;
  scene.key_places = mapdraw::key_members(scenario);
  scene.subtitle = "Scenario " + scenario.id +
                   (scenario.year ? " · year " + std::to_string(*scenario.year) : "") +
                   (gis.od && !scenario.key_group.empty()
                        ? " · " + scenario.key_group + " pairs by target verdict"
                        : "");
  scene.context = gis.spec.map.context;
  scene.context_where = gis.spec.map.where;
  scene.lang = gis.spec.map.lang;
  return scene;
}

void run_map_to(const std::string& file, const std::string& path, const model::Scenario& scenario,
                const analysis::GisResult& gis) {
  render_map(file, path, run_map_scene(scenario, gis));
}

MapScene compare_map_scene(const analysis::Comparison& c, const analysis::SurfaceDelta& delta,
                           const analysis::Grid& grid, const model::MapSpec& map) {
  if (delta.from >= c.versions.size() || delta.to >= c.versions.size())
    throw core::OutputError("delta surface '" + delta.delta.id + "' names no version pair");
  const analysis::Version& from = c.versions[delta.from];
  const analysis::Version& to = c.versions[delta.to];
  MapScene scene;
  scene.scenario = &to.scenario;
  scene.title = map_title(to.scenario) + " against " + map_title(from.scenario);
  scene.subtitle = "Versions " + from.id + " → " + to.id + " · " +
                   (delta.delta.kind == model::SurfaceSpec::Kind::travel_time
                        ? "minutes saved by the later version"
                        : "accessibility gained by the later version");
  scene.grid = &grid;
  scene.underlay = &delta.delta;
  scene.ramp = delta.delta.kind == model::SurfaceSpec::Kind::travel_time ? MapRamp::delta_minutes
                                                                         : MapRamp::continuous;
  scene.underlay_heading = delta.delta.title;
  scene.underlay_unit = delta.delta.unit;
  scene.highlight_only = true;
  for (const auto& line : to.scenario.network.lines) {
    if (!model::is_built(line, to.scenario)) continue;
    const model::Line* before = from.scenario.network.find_line(line.id);
    if (!before || !model::is_built(*before, from.scenario))
      scene.highlight_lines.push_back(line.id);
  }
  scene.highlight_heading = "Links " + to.id + " adds";
  scene.key_places = c.key_places;
  scene.context = map.context;
  scene.context_where = map.where;
  scene.lang = map.lang;
  return scene;
}

std::string write_compare_map_png(AtomicFileSet& set, const std::string& path,
                                  const analysis::Comparison& c,
                                  const analysis::SurfaceDelta& delta, const analysis::Grid& grid,
                                  const model::MapSpec& map) {
  const MapScene scene = compare_map_scene(c, delta, grid, map);
  std::string png;
  set.add_with(path, [&](const std::string& file) {
    render_map(file, path, scene);
    std::ifstream in(file, std::ios::binary);
    png.assign(std::istreambuf_iterator<char>(in), {});
  });
  return png;
}

}  // namespace reachplan::output::detail
