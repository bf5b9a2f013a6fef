// Road networks from OpenStreetMap (libosmium) and from GeoPackages written by
// `reachplan import osm`, cleaned for routing and cached. Problems with an input become
// core::InputError naming the file (and the OSM object or feature id).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/core/cache_file.hpp"
#include "reachplan/graph/road_prepare.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/io/points_file.hpp"
#include "reachplan/model/road_network.hpp"

namespace reachplan::io {

// Which ways are roads for a traveller and how fast they are travelled: the built-in `car` or
// `walk`, or a YAML file (`--profile`). Declarative: read_osm has no per-profile code.
struct RoadProfile {
  std::string name = "car";
  std::map<std::string, double> speed_kmh;  // highway=* value -> km/h; others are not roads
  // Access tags, most specific first; a way is closed when the first of them present says one
  // of the closed values (most_specific), or when any of them does (any).
  std::vector<std::string> access_tags = {"motorcar", "motor_vehicle", "vehicle", "access"};
  std::vector<std::string> closed_values = {"no", "private", "agricultural", "forestry",
                                            "delivery"};
  enum class AccessRule { most_specific, any };
  AccessRule access_rule = AccessRule::most_specific;
  // Tags whose value `yes` closes a way by implication, when none of the access tags is present
  // (walk: motorroad=yes, a road for motor vehicles only); a present access tag decides instead.
  std::vector<std::string> implied_closed_tags;
  // Oneway tags, most specific first: the first present decides (yes|1|true: along the way,
  // -1|reverse: against it, no|false|0: both ways; another value: as if absent).
  std::vector<std::string> oneway_tags = {"oneway"};
  // Motorways and roundabouts (junction=roundabout|circular) are oneway unless a oneway tag says.
  bool implied_oneway = true;
  // Classes whose closed area=yes ways (squares) are kept, walked along their outline; every
  // other area=yes way is dropped.
  std::vector<std::string> area_classes;
  // Use a way's maxspeed=* (km/h, mph) when lower than its class speed.
  bool use_maxspeed = false;
  // The uniform speed when speed_kmh is the walk table (walk_profile); 0 when it is not, and
  // then no walk speed can be set on the profile.
  double walk_speed_kmh = 0;
  std::string source = "built-in car profile";

  // Canonical text of every setting, for cache keys.
  std::string fingerprint() const;
};

// The OSRM car.lua class speeds (the table of shared/bench/README.md).
RoadProfile car_profile();

// Walking: footways, paths, pedestrian streets, steps, tracks and every street short of a
// motorway, all at `speed_kmh` (steps at half of it), access by foot=* then access=*, oneway
// only by oneway:foot=*, pedestrian squares along their outline. `speed_kmh` in [1, 10] km/h,
// else an InputError. The table and its reasons: src/io/osm_import.cpp.
RoadProfile walk_profile(double speed_kmh = 5.0);

// A YAML profile:
//   name: car
//   base: car                    # or walk: the built-in profile the keys below change
//   walk_speed_kmh: 5            # base walk only: the uniform speed, [1, 10] km/h
//   speeds_kmh: {motorway: 90, trunk: 85, ...}   # replaces the whole table
//   access_tags: [motorcar, motor_vehicle, vehicle, access]
//   closed_values: [no, private]
//   access_rule: most_specific   # or any
//   implied_closed_tags: [motorroad]
//   oneway_tags: [oneway]
//   implied_oneway: true
//   area_classes: [pedestrian]
//   use_maxspeed: false
RoadProfile load_road_profile(const std::string& path, std::vector<Warning>& warnings);

// What a `--profile` names: "" or `car` the built-in car profile, `walk` the built-in walk
// profile, a name with an extension or a slash a YAML file (load_road_profile); another plain
// name is an InputError with a suggestion. walk_speed_kmh > 0 sets the uniform speed of a walk
// profile (an InputError on any other profile, or outside [1, 10] km/h); 0 keeps its own.
RoadProfile resolve_road_profile(const std::string& name_or_path, double walk_speed_kmh,
                                 std::vector<Warning>& warnings);
// True for a plain name (no slash, no dot), which resolve_road_profile takes as a built-in one.
bool is_builtin_profile_name(const std::string& name_or_path);

struct BBox {
  double lon_min = 0, lat_min = 0, lon_max = 0, lat_max = 0;
  bool contains(double lon, double lat) const {
    return lon >= lon_min && lon <= lon_max && lat >= lat_min && lat <= lat_max;
  }
};
// "lon_min,lat_min,lon_max,lat_max"; InputError otherwise.
BBox parse_bbox(const std::string& text);

struct OsmImportOptions {
  RoadProfile profile = car_profile();
  std::optional<BBox> bbox;  // keep road segments with both ends inside
};

// What an import read and what cleaning kept (the counts of graph::RoadCleaning).
struct RoadImportReport : graph::RoadCleaning {
  std::size_t ways_read = 0;               // ways with a highway=* tag
  std::size_t ways_used = 0;               // roads for the profile
  std::size_t ways_closed = 0;             // closed by access tags
  std::size_t segments_missing_nodes = 0;  // a node outside the extract
  std::vector<std::string> notes;
};

// Reads highway ways from .osm.pbf, .osm (XML, optionally .bz2/.gz) or .opl into a raw network:
// every node of a road is a vertex (numbered by ascending OSM id), every way segment an edge per
// direction the profile's oneway rules allow (car: oneway=yes|1|true|-1|reverse, implied on
// motorways and roundabouts unless oneway=no; walk: oneway:foot only), lengths by haversine, times
// at the class speed. Not yet cleaned.
model::RoadNetwork read_osm(const std::string& path, const OsmImportOptions& options,
                            RoadImportReport* report = nullptr);

// Cleaning for routing (parallel edges, largest SCC, chains): graph/road_prepare.hpp.

// GeoPackage with a `road_edges` line layer (from, to, class, length_m, seconds, speed_kmh,
// osm_way_id / source_id) and a `road_vertices` point layer (vertex, osm_id), WGS84. Written
// through GDAL to `path` directly: callers stage it under a temporary name.
void write_road_network_gpkg(const model::RoadNetwork& net, const std::string& path,
                             const std::string& description);
model::RoadNetwork read_road_network_gpkg(const std::string& path);

// Where prepared networks and hierarchies are cached: $REACHPLAN_CACHE_DIR, else
// $XDG_CACHE_HOME/reachplan (an absolute one), else $HOME/.cache/reachplan, else
// <home in the password database>/.cache/reachplan, else <tmp>/reachplan-cache-<uid>. Every
// one is per user; load_road_network uses it only as a core::PrivateFolder (created 0700,
// owned by the user, not writable by others).
std::string default_cache_dir();

struct RoadLoadOptions {
  // OSM input: a built-in profile (`car`, `walk`) or a YAML one (resolve_road_profile); "" = car.
  std::string profile_path;
  // OSM input with a walk profile: the walking speed in km/h, [1, 10]; 0 = the profile's own
  // (5 km/h built in), so that a YAML profile's walk_speed_kmh is not overridden by a default.
  double walk_speed_kmh = 0;
  std::optional<BBox> bbox;  // OSM input only
  // "" = default_cache_dir(). A folder given here or by $REACHPLAN_CACHE_DIR that is not
  // private is an InputError; a default one that is not means no cache, with a warning.
  std::string cache_dir;
  bool use_cache = true;
};

struct LoadedRoads {
  std::shared_ptr<const model::RoadNetwork> network;  // prepared (cleaned) for routing
  std::string key;  // hash of cache_binding: names the cache entries
  // What the entries are made from, as text (the input's SHA-256, the profile and options):
  // stored in every entry and compared on load, so an entry of other inputs is never used.
  std::string cache_binding;
  std::string cache_path;  // cache file of the network ("" without a cache)
  // Largest cache entry accepted for this input (core::cache_size_limit of its size).
  std::uint64_t cache_max_bytes = 0;
  bool from_cache = false;
  RoadImportReport report;  // empty when from the cache
  std::vector<Warning> warnings;
};

// Any road network file: .osm.pbf / .osm / .osm.bz2 / .opl are imported and prepared; a .gpkg
// written by `reachplan import` is read and cleaned (a no-op unless it was edited). The prepared
// network is cached under the hash of the file, the profile and the options, so the second load of
// a big extract only reads the cache.
LoadedRoads load_road_network(const std::string& path, const RoadLoadOptions& options = {});

// True for the file names load_road_network reads.
bool is_road_network_file(const std::string& path);

// Cache files of a prepared network: serialise to / from a binary file (core/cache_file.hpp)
// that stores `key` (the inputs' text, LoadedRoads::cache_binding). load returns nullptr when
// the file is missing, of another version, damaged, not a regular file of the user, larger than
// read->max_bytes, from another key or holds an inconsistent network (an index out of range, a
// coordinate that is not a WGS84 lon/lat, a time that is negative or not finite); but for the
// first two it says why in read->problem.
void save_road_cache(const model::RoadNetwork& net, const std::string& path,
                     const std::string& key);
std::shared_ptr<model::RoadNetwork> load_road_cache(const std::string& path, const std::string& key,
                                                    core::CacheRead* read = nullptr);

// Origins and destinations for matrices (read_points): reachplan/io/points_file.hpp.

}  // namespace reachplan::io
