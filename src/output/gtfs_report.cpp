// `reachplan import gtfs` outputs (include/reachplan/output/gtfs_report.hpp).
#include "reachplan/output/gtfs_report.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <sstream>
#include <tuple>

#include "gis_gdal.hpp"
#include "reachplan/output/atomic_file.hpp"

namespace reachplan::output {

namespace {

// GTFS route_type names (basic types, and the extended ones by their hundred).
std::string gtfs_route_type_name(int type) {
  static const std::map<int, const char*> basic = {
      {0, "tram"},        {1, "metro"},      {2, "rail"},        {3, "bus"},
      {4, "ferry"},       {5, "cable tram"}, {6, "aerial lift"}, {7, "funicular"},
      {11, "trolleybus"}, {12, "monorail"}};
  if (auto it = basic.find(type); it != basic.end()) return it->second;
  static const std::map<int, const char*> extended = {
      {100, "rail"},       {200, "coach"},        {400, "urban rail"}, {700, "bus"},
      {800, "trolleybus"}, {900, "tram"},         {1000, "water"},     {1100, "air"},
      {1200, "ferry"},     {1300, "aerial lift"}, {1400, "funicular"}, {1500, "taxi"},
      {1700, "other"}};
  if (auto it = extended.find(type / 100 * 100); it != extended.end())
    return std::string(it->second) + " (" + std::to_string(type) + ")";
  return "type " + std::to_string(type);
}

// "  transfers: N (a recommended, b timed, ...)": the kept stop-to-stop rows by type.
void transfers_line(std::ostream& s, const io::GtfsFeed& feed) {
  static const char* const names[] = {"recommended", "timed", "minimum time", "not possible"};
  std::array<std::size_t, 4> by_type{};
  for (const auto& t : feed.transfers) ++by_type[t.type];
  s << "  transfers: " << feed.transfers.size();
  const char* sep = " (";
  for (std::size_t i = 0; i < by_type.size(); ++i) {
    if (by_type[i] == 0) continue;
    s << sep << by_type[i] << " " << names[i];
    sep = ", ";
  }
  s << (feed.transfers.empty() ? "" : ")") << "\n";
}

}  // namespace

std::string gtfs_report_text(const io::GtfsFeed& feed, const model::Timetable* day) {
  std::ostringstream s;
  s << "GTFS feed " << feed.path << "\n";
  s << "  agencies: " << feed.agencies.size();
  for (std::size_t i = 0; i < feed.agencies.size() && i < 5; ++i)
    s << (i == 0 ? " (" : ", ") << feed.agencies[i];
  s << (feed.agencies.empty() ? "" : feed.agencies.size() > 5 ? ", ...)" : ")") << "\n";
  std::map<std::string, int> by_type;
  for (const auto& r : feed.all.routes) ++by_type[gtfs_route_type_name(r.type)];
  s << "  routes: " << feed.all.routes.size();
  const char* sep = " (";
  for (const auto& [name, n] : by_type) {
    s << sep << n << " " << name;
    sep = ", ";
  }
  s << (by_type.empty() ? "" : ")") << "\n";
  s << "  stops: " << feed.all.stops.size() << "\n";
  s << "  trips: " << feed.all.trips.size() << " (" << feed.frequencies.size()
    << " frequency templates)\n";
  s << "  shapes: " << feed.shapes.size();
  if (!feed.shapes.empty()) s << " (" << feed.trip_shapes.size() << " trips follow one)";
  s << "\n";
  transfers_line(s, feed);
  const auto [first, last] = io::service_span(feed);
  s << "  services: " << feed.services.size();
  if (first != 0) s << ", days " << io::gtfs_iso_date(first) << " to " << io::gtfs_iso_date(last);
  s << "\n";
  if (feed.interpolated_times > 0)
    s << "  note: " << feed.interpolated_times
      << " calls without times, interpolated by distance between the timed calls\n";
  if (feed.trip_transfers > 0)
    s << "  note: " << feed.trip_transfers
      << " trip-to-trip transfers (transfer_type 4 or 5) checked but not used\n";
  if (feed.specific_transfers > 0)
    s << "  note: " << feed.specific_transfers
      << " transfers naming trips or routes checked but not used (only stop-to-stop ones are)\n";
  if (day) {
    model::DaySeconds lo = 0, hi = 0;
    for (std::size_t i = 0; i < day->trips.size(); ++i) {
      const auto& t = day->trips[i];
      lo = i == 0 ? t.departure.front() : std::min(lo, t.departure.front());
      hi = std::max(hi, t.arrival.back());
    }
    s << "  on " << day->date << ": " << day->trips.size() << " trips";
    if (!day->trips.empty()) {
      char span[48];
      std::snprintf(span, sizeof span, ", %02d:%02d to %02d:%02d", lo / 3600, lo / 60 % 60,
                    hi / 3600, hi / 60 % 60);
      s << span;
    }
    s << "\n";
  }
  return s.str();
}

std::vector<GtfsRouteShape> gtfs_route_shapes(const io::GtfsFeed& feed,
                                              const model::Timetable* day) {
  std::map<std::pair<core::Index, std::string>, int> shaped;  // (route, shape) -> trips
  struct Unshaped {
    int trips = 0;
    std::map<std::vector<core::Index>, int> sequences;  // stop sequence -> trips
  };
  std::map<core::Index, Unshaped> unshaped;
  for (const auto& t : day ? day->trips : feed.all.trips) {
    const auto it = feed.trip_shapes.find(day ? io::feed_trip_id(feed, t.id) : t.id);
    if (it != feed.trip_shapes.end()) {
      ++shaped[{t.route, it->second}];
    } else {
      auto& u = unshaped[t.route];
      ++u.trips;
      ++u.sequences[t.stops];
    }
  }
  std::vector<GtfsRouteShape> out;
  for (const auto& [key, trips] : shaped) {
    const auto& points = feed.shapes.at(key.second);
    out.push_back({key.first, key.second, trips, {points.begin(), points.end()}});
  }
  for (const auto& [route, u] : unshaped) {
    const auto most =
        std::max_element(u.sequences.begin(), u.sequences.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    GtfsRouteShape f{route, "", u.trips, {}};
    for (core::Index stop : most->first)
      f.points.emplace_back(feed.all.stops[stop].lon, feed.all.stops[stop].lat);
    out.push_back(std::move(f));
  }
  // By route; within a route the shapes by id and the one through the stops ("" sorts first) last.
  std::stable_sort(out.begin(), out.end(), [](const GtfsRouteShape& a, const GtfsRouteShape& b) {
    return std::tuple(a.route, a.shape.empty()) < std::tuple(b.route, b.shape.empty());
  });
  return out;
}

namespace {

OGRLayer* create_layer(GDALDataset* ds, const char* name, OGRwkbGeometryType type,
                       const std::vector<std::pair<const char*, OGRFieldType>>& fields,
                       const std::string& path) {
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer(name, &wgs84, type, nullptr);
  if (!layer) detail::gdal_fail("cannot create layer " + std::string(name) + " in " + path);
  for (const auto& [field, kind] : fields) {
    OGRFieldDefn f(field, kind);
    detail::check_ogr(layer->CreateField(&f), "field " + std::string(field));
  }
  return layer;
}

void write_stops_layer(GDALDataset* ds, const io::GtfsFeed& feed, const model::Timetable* day,
                       const std::string& path) {
  std::vector<int> trips(feed.all.stops.size(), 0);
  if (day)
    for (const auto& t : day->trips)
      for (core::Index s : t.stops) ++trips[s];
  std::vector<std::pair<const char*, OGRFieldType>> fields = {
      {"stop_id", OFTString}, {"name", OFTString}, {"parent_station", OFTString}};
  if (day) fields.emplace_back("trips_on_day", OFTInteger);
  OGRLayer* layer = create_layer(ds, "stops", wkbPoint, fields, path);
  detail::check_ogr(layer->StartTransaction(), "transaction");
  for (std::size_t i = 0; i < feed.all.stops.size(); ++i) {
    const auto& stop = feed.all.stops[i];
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("stop_id", stop.id.c_str());
    feature.SetField("name", stop.name.c_str());
    feature.SetField("parent_station", stop.parent.c_str());
    if (day) feature.SetField("trips_on_day", trips[i]);
    OGRPoint point(stop.lon, stop.lat);
    feature.SetGeometry(&point);
    detail::check_ogr(layer->CreateFeature(&feature), "stop " + stop.id);
  }
  detail::check_ogr(layer->CommitTransaction(), "commit");
}

void write_route_shapes_layer(GDALDataset* ds, const io::GtfsFeed& feed,
                              const model::Timetable* day, const std::string& path) {
  OGRLayer* layer = create_layer(ds, "route_shapes", wkbLineString,
                                 {{"route_id", OFTString},
                                  {"route_short_name", OFTString},
                                  {"route_type", OFTInteger},
                                  {"shape_id", OFTString},
                                  {"trips", OFTInteger},
                                  {"from_stops", OFTInteger}},
                                 path);
  detail::check_ogr(layer->StartTransaction(), "transaction");
  for (const auto& f : gtfs_route_shapes(feed, day)) {
    const auto& route = feed.all.routes[f.route];
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("route_id", route.id.c_str());
    feature.SetField("route_short_name", route.short_name.c_str());
    feature.SetField("route_type", route.type);
    feature.SetField("shape_id", f.shape.c_str());
    feature.SetField("trips", f.trips);
    feature.SetField("from_stops", f.shape.empty() ? 1 : 0);
    OGRLineString line;
    for (const auto& [lon, lat] : f.points) line.addPoint(lon, lat);
    feature.SetGeometry(&line);
    detail::check_ogr(layer->CreateFeature(&feature), "route shape of " + route.id);
  }
  detail::check_ogr(layer->CommitTransaction(), "commit");
}

}  // namespace

void write_gtfs_gpkg(const io::GtfsFeed& feed, const model::Timetable* day,
                     const std::string& path) {
  AtomicFileSet files;
  files.add_with(path, [&](const std::string& tmp) {
    detail::ensure_gdal();
    detail::DatasetPtr ds(
        detail::driver("GPKG")->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) detail::gdal_fail("cannot create " + path);
    write_stops_layer(ds.get(), feed, day, path);
    write_route_shapes_layer(ds.get(), feed, day, path);
    detail::close_checked(ds.release(), path);
  });
  files.commit();
}

}  // namespace reachplan::output
