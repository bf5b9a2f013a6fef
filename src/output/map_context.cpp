// Context layers of a map (provinces, rivers, lakes) read through OGR from the GeoPackage the
// scenario names, projected to the map's pixels.
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "gis_gdal.hpp"
#include "map_draw.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::output::detail::mapdraw {

namespace fs = std::filesystem;

[[noreturn]] void context_fail(const MapScene& scene, const std::string& what) {
  throw core::InputError(scene.context_where, "outputs.map.context", what);
}

// The layer's CRS (lon/lat when it has none) to the map's.
std::unique_ptr<OGRCoordinateTransformation> context_transform(OGRLayer* layer,
                                                               const Projection& proj) {
  OGRSpatialReference from = io::wgs84();
  if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
    from = *srs;
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  std::unique_ptr<OGRCoordinateTransformation> ct(
      OGRCreateCoordinateTransformation(&from, &proj.srs()));
  if (!ct) gdal_fail("cannot project the context layer '" + std::string(layer->GetName()) + "'");
  return ct;
}

// One ring or line in pixels, dropping points PROJ could not place and points closer than half
// a pixel to the last one kept (context data is often far finer than the map).
std::vector<Point> context_pixels(const OGRSimpleCurve& curve, const Projection& proj,
                                  OGRCoordinateTransformation* ct) {
  const int n = curve.getNumPoints();
  std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    x[static_cast<std::size_t>(i)] = curve.getX(i);
    y[static_cast<std::size_t>(i)] = curve.getY(i);
  }
  proj.to_pixels(x, y, ct);
  std::vector<Point> pts;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    if (!pts.empty() && i + 1 < x.size() &&
        std::hypot(x[i] - pts.back().x, y[i] - pts.back().y) < 0.5)
      continue;
    pts.push_back({x[i], y[i]});
  }
  return pts;
}

using Rings = std::vector<std::vector<Point>>;

// Polygons as rings and lines as paths, from any (multi) polygon or line geometry.
void collect_context(const OGRGeometry& g, const Projection& proj, OGRCoordinateTransformation* ct,
                     std::vector<Rings>* polygons, std::vector<std::vector<Point>>* lines) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: {
      if (!polygons) return;
      Rings rings;
      for (const OGRLinearRing* ring : *g.toPolygon())
        rings.push_back(context_pixels(*ring, proj, ct));
      polygons->push_back(std::move(rings));
      return;
    }
    case wkbLineString:
      if (lines) lines->push_back(context_pixels(*g.toLineString(), proj, ct));
      return;
    case wkbMultiPolygon:
    case wkbMultiLineString:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection())
        collect_context(*part, proj, ct, polygons, lines);
      return;
    default:
      if (g.hasCurveGeometry()) {
        std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (linear) collect_context(*linear, proj, ct, polygons, lines);
      }
      return;
  }
}

// The feature's name in the map's language ("" when the layer has no name field).
std::string context_name(const OGRFeature& f, const std::string& lang) {
  for (const char* field : {lang == "zh" ? "name_zh" : "name", "name"}) {
    const int i = f.GetFieldIndex(field);
    if (i >= 0 && f.IsFieldSetAndNotNull(i) && *f.GetFieldAsString(i)) return f.GetFieldAsString(i);
  }
  return "";
}

double ring_area(const std::vector<Point>& ring) {
  double a = 0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
    a += (ring[j].x + ring[i].x) * (ring[j].y - ring[i].y);
  return std::abs(a) / 2;
}

// The area centroid of a ring (its vertex mean when the ring has no area).
Point ring_centre(const std::vector<Point>& ring) {
  double a = 0, cx = 0, cy = 0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const double cross = ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    a += cross;
    cx += (ring[j].x + ring[i].x) * cross;
    cy += (ring[j].y + ring[i].y) * cross;
  }
  if (std::abs(a) > 1e-9) return {cx / (3 * a), cy / (3 * a)};
  Point c;
  for (const auto& p : ring) c.x += p.x / ring.size(), c.y += p.y / ring.size();
  return c;
}

// A label per named lake big enough to hold it, at the middle of its outer ring's points.
void lake_labels(ContextLayers& out, const std::string& name, std::size_t first_lake) {
  if (name.empty()) return;
  for (std::size_t i = first_lake; i < out.lakes.size(); ++i)
    if (!out.lakes[i].empty() && ring_area(out.lakes[i][0]) > 900)
      out.labels.push_back({ring_centre(out.lakes[i][0]), name, true});
}

// A province's name at the middle of its largest ring, when that ring is big on the map.
void province_label(ContextLayers& out, const std::string& name, std::size_t first) {
  const std::vector<Point>* largest = nullptr;
  double best = 0;
  for (std::size_t i = first; i < out.provinces.size(); ++i)
    if (!out.provinces[i].empty())
      if (const double a = ring_area(out.provinces[i][0]); a > best)
        best = a, largest = &out.provinces[i][0];
  if (!name.empty() && largest && best > 40000)
    out.labels.push_back({ring_centre(*largest), name, false});
}

// Rivers come in many pieces: each name is labelled once, at the middle of its longest piece.
using RiverSpots = std::map<std::string, std::pair<double, Point>>;
void river_spots(RiverSpots& spots, const ContextLayers& out, const std::string& name,
                 std::size_t first_river) {
  if (name.empty()) return;
  for (std::size_t i = first_river; i < out.rivers.size(); ++i) {
    const auto& r = out.rivers[i];
    double len = 0;
    for (std::size_t k = 1; k < r.size(); ++k)
      len += std::hypot(r[k].x - r[k - 1].x, r[k].y - r[k - 1].y);
    auto& best = spots[name];
    if (len > best.first && !r.empty()) best = {len, r[r.size() / 2]};
  }
}

// "source" / "credit" metadata of the dataset and its layers, in order, without repeats.
void context_credit(GDALDataset& ds, ContextLayers& out) {
  std::vector<std::string> credits;
  const auto take = [&](GDALMajorObject& o) {
    for (const char* key : {"CREDIT", "credit", "SOURCE", "source"})
      if (const char* v = o.GetMetadataItem(key);
          v && *v && std::find(credits.begin(), credits.end(), v) == credits.end())
        credits.push_back(v);
  };
  take(ds);
  for (OGRLayer* layer : ds.GetLayers()) take(*layer);
  out.credit = core::join(credits, "; ");
}

ContextLayers read_context(const MapScene& scene, const Projection& proj) {
  ContextLayers out;
  if (scene.context.empty()) return out;
  ensure_gdal();
  QuietGdal quiet;
  std::error_code ec;
  if (!fs::is_regular_file(scene.context, ec))
    context_fail(scene, "the context GeoPackage '" + scene.context + "' does not exist");
  DatasetPtr ds(GDALDataset::Open(scene.context.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds)
    context_fail(scene,
                 "cannot open the context GeoPackage '" + scene.context + "'" + io::gdal_reason());
  bool any = false;
  RiverSpots rivers;
  for (const char* name : {"provinces", "lakes", "rivers"}) {
    OGRLayer* layer = ds->GetLayerByName(name);
    if (!layer) continue;
    any = true;
    const bool lake = std::string(name) == "lakes", river = std::string(name) == "rivers";
    auto* polygons = river ? nullptr : (lake ? &out.lakes : &out.provinces);
    const auto ct = context_transform(layer, proj);
    layer->ResetReading();
    for (auto& f : *layer) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g) continue;
      const std::size_t lakes0 = out.lakes.size(), rivers0 = out.rivers.size(),
                        provinces0 = out.provinces.size();
      collect_context(*g, proj, ct.get(), polygons, river ? &out.rivers : nullptr);
      if (lake) lake_labels(out, context_name(*f, scene.lang), lakes0);
      if (!lake && !river) province_label(out, context_name(*f, scene.lang), provinces0);
      if (river) river_spots(rivers, out, context_name(*f, scene.lang), rivers0);
    }
  }
  for (const auto& [name, spot] : rivers)
    if (spot.first > 150) out.labels.push_back({spot.second, name, false});
  if (!any) {
    std::vector<std::string> names;
    for (OGRLayer* layer : ds->GetLayers()) names.push_back(layer->GetName());
    context_fail(scene, "the context GeoPackage '" + scene.context +
                            "' has none of the layers provinces, rivers, lakes (it has: " +
                            (names.empty() ? "no layer" : core::join(names, ", ")) + ")");
  }
  context_credit(*ds, out);
  return out;
}

}  // namespace reachplan::output::detail::mapdraw
