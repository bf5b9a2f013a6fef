// A plan version: a network as built in a given year, how to route on it, and what to check.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reachplan/model/network.hpp"
#include "reachplan/model/road_network.hpp"
#include "reachplan/model/target_kind.hpp"
#include "reachplan/model/timetable.hpp"

namespace reachplan::model {

// How trips are routed and timed.
struct Profile {
  std::string id = "default";
  std::vector<std::string> modes;  // allowed modes; empty = all
  enum class Access { door_to_door, station_to_station };
  // door_to_door: trips start/end at the place's centre and pay access/egress.
  // station_to_station: trips start/end at the place's stations/ports, no access/egress.
  Access access = Access::door_to_door;
  enum class Wait { half_headway, none };
  // half_headway: boarding a line costs half its headway (or the mode's boarding_wait_min
  // when the line has none). none: timetable-optimal, no waiting (as published fastest times).
  Wait wait = Wait::half_headway;
  double service_hours = 16.0;  // turns trains_per_day into a headway
  // Which rates price a trip: a passenger's fares or a tonne of freight's rates and handling.
  enum class Cost { passenger, freight };
  Cost cost = Cost::passenger;
  // Yuan per hour (per passenger, or per tonne for freight). Given, trips minimise the
  // generalized cost minutes + yuan / value of time x 60 instead of minutes, and every rate on
  // the profile's modes must be known; absent, trips are the fastest and their cost is reported.
  std::optional<double> value_of_time_yuan_per_h;
  // from-mode -> to-mode -> minutes: this profile's own transfer penalties, over the modes'
  // (a tonne transshipped from rail to ship waits hours where a traveller walks 15 minutes).
  std::map<std::string, std::map<std::string, double>> transfer_min;
  bool generalized() const { return value_of_time_yuan_per_h.has_value(); }
  SourceLocation where;
};

struct Target {
  std::string id;
  std::string name;
  // What the kind relates and how it judges: model/target_kind.hpp (one row per kind).
  using Kind = TargetKind;
  Kind kind = Kind::max_pair_time;
  std::string group;
  std::string from;      // kinds whose origins are `from`: the hub node id
  std::string to_group;  // kinds whose destinations are `to_group`
  // What an item measures: its trip's minutes (limit max_minutes) or its cost in yuan (limit
  // max_yuan, on the profile's passenger or freight rates). The limit lives in max_minutes for
  // both, so every aggregate reads one field; limit_unit() says which it is.
  enum class Measure { time, cost };
  Measure measure = Measure::time;
  double max_minutes = 0.0;
  double min_share = 1.0;  // weighted_share kinds, in [0, 1]
  std::string profile;     // profile id; empty = the scenario's default profile
  SourceLocation where;

  const TargetKindInfo& kind_info() const { return info(kind); }
  double limit() const { return max_minutes; }
  const char* limit_unit() const { return measure == Measure::cost ? "yuan" : "minutes"; }
  const char* limit_key() const { return measure == Measure::cost ? "max_yuan" : "max_minutes"; }
  // The value unit of the verdict: the kind's share, else the measure's unit.
  std::string value_unit() const { return kind_info().uses_min_share() ? "share" : limit_unit(); }
};
const char* to_string(Target::Kind k);

// An extra named matrix to compute and write (e.g. port-to-port by waterway).
struct MatrixSpec {
  std::string id;
  std::string group;
  std::string to_group;  // empty = same as group
  std::string profile;
  SourceLocation where;
};

// A raster surface to compute (outputs.surfaces), written as <id>.tif (+ <id>.png).
struct SurfaceSpec {
  std::string id;
  enum class Kind {
    travel_time,    // minutes between `places` and every cell (the nearest place when several)
    accessibility,  // population reachable from every cell (cumulative within, or gravity)
  };
  Kind kind = Kind::travel_time;
  // travel_time: node or group ids; empty = the key group. to_places: from every cell to the
  // nearest place (e.g. "time to the nearest capital") instead of from the places to the cells.
  std::vector<std::string> places;
  bool to_places = false;
  // accessibility: destinations (group id, default every node) and how they count.
  std::string group = "all";
  double max_minutes = 60.0;  // cumulative: count population within this time
  enum class Decay { none, exponential, power };
  Decay decay = Decay::none;  // none = cumulative; exponential: e^(-beta t); power: t^-beta
  double beta = 0.0;
  std::string profile;  // "" = the outputs' profile
  SourceLocation where;
};
inline const char* to_string(SurfaceSpec::Kind k) {
  return k == SurfaceSpec::Kind::travel_time ? "travel_time" : "accessibility";
}

// The analysis grid of every surface: WGS84 extent (default: the nodes' box plus a margin),
// cell size in metres, and a projected CRS (default: an Albers equal-area fitted to the extent).
struct GridSpec {
  std::optional<std::vector<double>> extent;  // lon_min, lat_min, lon_max, lat_max
  double margin_km = 20.0;
  double resolution_m = 1000.0;
  std::string crs;       // anything GDAL reads (EPSG:32650, a PROJ string, WKT); "" = auto
  SourceLocation where;  // the scenario's `grid:` map; unknown when flags set the grid
};

// The last mile between a cell and the network: how people get from a node (a city centre, a
// station) to a cell off the network, by a mode of access with a speed, a detour factor (route
// length / straight-line length) and a farthest distance; cells beyond it from every reachable
// node are nodata. The defaults of each mode are the rows of access_modes() (README, "How a
// surface is computed", says where each number comes from); explicit keys override them.
struct OffNetworkSpec {
  std::string mode = "road";  // a row of access_modes()
  double speed_kmh = 35.0;
  double detour_factor = 1.3;
  std::optional<double> max_km = 60.0;  // nullopt: no limit
};

// One mode of access and its documented defaults.
struct AccessMode {
  std::string_view id;
  double speed_kmh;
  double detour_factor;
  std::optional<double> max_km;
  std::string_view source;  // where the numbers come from (estimates say so)
};
const std::vector<AccessMode>& access_modes();
const AccessMode* find_access_mode(std::string_view id);  // nullptr if unknown
// The spec a mode gives before any explicit key (throws std::out_of_range for an unknown id).
OffNetworkSpec off_network_defaults(std::string_view mode);

// Maps of `run` and `compare` (outputs: map:): the styled picture, QGIS project and styles.
struct MapSpec {
  // A GeoPackage of context layers (provinces, rivers, lakes) drawn under the network; the
  // path as given, resolved against the scenario's folder by io. "" = none.
  std::string context;
  std::string lang = "en";   // label language: en (name) or zh (name_zh, else name)
  bool png = true;           // map.png (run) / map_<from>__<to>.png (compare)
  bool qgis_project = true;  // project.qgs opening every layer and raster styled
  SourceLocation where;
};

struct IsochroneSpec {
  std::vector<std::string> places;  // node or group ids; empty = each key-group member
  std::vector<double> minutes = {30, 60, 90, 120};
};

// GIS outputs of `run` (the `outputs:` map form). Layers go to <layer>.geojson and/or one
// layers.gpkg; rasters to GeoTIFF; matrices to OMX.
struct GisSpec {
  std::vector<std::string> layers;   // nodes, links, od, isochrones
  std::vector<std::string> formats;  // geojson, gpkg (default geojson when layers are asked for)
  bool od_path_geometry = true;      // od lines along the path (false: straight)
  std::vector<double> reach_minutes = {60, 90, 120};  // nodes: population within
  std::string profile;                                // "" = the scenario's default profile
  GridSpec grid;
  OffNetworkSpec off_network;
  std::string population;  // population raster (persons per pixel); "" = node populations
  std::vector<SurfaceSpec> surfaces;
  IsochroneSpec isochrones;
  bool omx = false;       // matrices.omx (+ matrix_<id>.omx)
  bool cog = false;       // Cloud-Optimized GeoTIFF instead of a tiled GeoTIFF
  bool quicklook = true;  // a PNG next to every GeoTIFF
  MapSpec map;

  // Asking for `links` asks for the services too: before the two layers were split, the links
  // layer held both, and a scenario naming `links` must not lose its through services.
  bool wants_layer(const std::string& layer) const {
    const auto named = [&](const char* l) {
      return std::find(layers.begin(), layers.end(), l) != layers.end();
    };
    if (layer == "services" && named("links")) return true;
    return named(layer.c_str());
  }
  // No format named = GeoJSON.
  bool wants_format(const std::string& format) const {
    if (formats.empty()) return format == "geojson";
    return std::find(formats.begin(), formats.end(), format) != formats.end();
  }
  bool empty() const { return layers.empty() && surfaces.empty() && !omx; }
};

// A plan's change to a timetabled route (transit: edits:), applied to every trip of the route
// (its GTFS route_id, in any feed) on the service day: exactly one of the three.
struct TimetableEdit {
  std::string route;
  bool remove = false;                 // the route runs no trip
  std::optional<double> headway_min;   // departures every headway over its service hours
  std::optional<double> speed_factor;  // running and dwell times divided by the factor
  SourceLocation where;
};

// Travel over timetables (transit:): the default profile rides the feeds' services of one day
// and the built lines that have a headway, door to door on foot (README "Scenarios over
// timetables"). Times are percentiles over the departure window.
struct TransitSpec {
  std::vector<std::string> gtfs;  // feeds (folders or zips), resolved against the scenario
  std::string date;               // service day YYYY-MM-DD
  DaySeconds departure_from = 7 * 3600;
  DaySeconds departure_to = 9 * 3600;  // the last departure is before this
  int step_min = 1;
  std::vector<double> percentiles = {50};  // the first one is what matrices and targets read
  double walk_speed_kmh = 3.6;
  double max_access_min = 20;
  double max_transfer_m = 400;
  int max_rides = 3;
  double max_minutes = 180;
  int transfer_slack_s = 60;
  std::vector<TimetableEdit> edits;
  SourceLocation where;
};

// A fully resolved scenario: `extends` and add/remove/modify have been applied by io.
struct Scenario {
  std::string id;  // file stem unless given
  std::string name;
  std::optional<int> year;
  std::string description;
  Network network;  // every node/mode/line known, built or not
  // What counts as built (see is_built): lines listed here are built whatever their status.
  std::set<std::string> build_lines;
  std::set<Status> build_statuses = {Status::existing};
  std::map<std::string, Profile> profiles;  // always holds the default profile
  std::string default_profile = "default";
  std::map<std::string, std::vector<std::string>> groups;  // group id -> node ids (in order)
  std::string key_group;  // group shown as the matrix; empty = all nodes
  std::vector<Target> targets;
  std::vector<MatrixSpec> matrices;
  std::vector<std::string> outputs;  // file names; empty = the default set
  GisSpec gis;                       // GIS layers, rasters and OMX (outputs: map form)
  // A road network (OSM or an imported GeoPackage) as the road mode's access/egress and
  // highway layer: places join their nearest road vertex (road_network:).
  std::optional<RoadLayerSpec> road_network;
  // Timetables: the default profile's trips ride them (transit:).
  std::optional<TransitSpec> transit;
  // Every file read to make this scenario, in read order (scenario chain and networks).
  std::vector<std::string> input_files;
  SourceLocation where;

  const Profile& profile(const std::string& id) const;  // "" = default; throws UsageError
  // Whether trips on a profile ("" = default) ride the timetables of transit: (the default
  // profile does; the others keep the routing graph). Throws UsageError for an unknown id.
  bool rides_timetable(const std::string& profile_id) const;
  // Members of a group in declaration order; "all" = every node. Throws UsageError if unknown.
  std::vector<std::string> group_members(const std::string& group) const;
  // The places a target's place rule (model/target_kind.hpp) resolves to, in group order.
  // Throws UsageError for an unknown group.
  std::vector<std::string> target_places(const Target& t, TargetPlaceRule rule) const;
};

// Built rule: listed in build_lines; else, with an opening year and a scenario year, opened <=
// year; else status in build_statuses.
bool is_built(const Line& line, const Scenario& scenario);

}  // namespace reachplan::model
