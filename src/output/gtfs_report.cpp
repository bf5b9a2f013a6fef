// `reachplan import gtfs` outputs (include/reachplan/output/gtfs_report.hpp).
#include "reachplan/output/gtfs_report.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <sstream>

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
  const auto [first, last] = io::service_span(feed);
  s << "  services: " << feed.services.size();
  if (first != 0) s << ", days " << io::gtfs_iso_date(first) << " to " << io::gtfs_iso_date(last);
  s << "\n";
  if (feed.interpolated_times > 0)
    s << "  note: " << feed.interpolated_times
      << " calls without times, interpolated by distance between the timed calls\n";
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

void write_gtfs_stops_gpkg(const io::GtfsFeed& feed, const model::Timetable* day,
                           const std::string& path) {
  std::vector<int> trips(feed.all.stops.size(), 0);
  if (day)
    for (const auto& t : day->trips)
      for (core::Index s : t.stops) ++trips[s];
  AtomicFileSet files;
  files.add_with(path, [&](const std::string& tmp) {
    detail::ensure_gdal();
    GDALDataset* ds = detail::driver("GPKG")->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!ds) detail::gdal_fail("cannot create " + path);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("stops", &wgs84, wkbPoint, nullptr);
    if (!layer) detail::gdal_fail("cannot create layer stops in " + path);
    for (const char* name : {"stop_id", "name", "parent_station"}) {
      OGRFieldDefn f(name, OFTString);
      detail::check_ogr(layer->CreateField(&f), "field " + std::string(name));
    }
    if (day) {
      OGRFieldDefn f("trips_on_day", OFTInteger);
      detail::check_ogr(layer->CreateField(&f), "field trips_on_day");
    }
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
    detail::close_checked(ds, path);
  });
  files.commit();
}

}  // namespace reachplan::output
