// OpenStreetMap roads through libosmium, in two passes so that memory follows the roads, not
// the extract: the first reads ways and keeps the roads with their node ids; the second reads
// only the locations of those nodes. A province extract has ten times more nodes than road
// nodes, and a location index of every node would be most of the memory.
#include <unistd.h>

#include <osmium/io/any_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <sstream>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/io/input_file.hpp"
#include "reachplan/io/road_import.hpp"

namespace reachplan::io {

using core::Index;

BBox parse_bbox(const std::string& text) {
  std::vector<double> v;
  std::stringstream s(text);
  std::string part;
  while (std::getline(s, part, ',')) {
    try {
      std::size_t used = 0;
      v.push_back(std::stod(part, &used));
      if (used != part.size()) v.clear(), v.resize(9);
    } catch (const std::exception&) {
      v.resize(9);
    }
  }
  if (v.size() != 4 || !(v[0] < v[2]) || !(v[1] < v[3]) || !core::valid_lon_lat(v[0], v[1]) ||
      !core::valid_lon_lat(v[2], v[3]))
    throw core::InputError("--bbox '" + text +
                           "': expected lon_min,lat_min,lon_max,lat_max in WGS84 degrees");
  return {v[0], v[1], v[2], v[3]};
}

namespace {

// libosmium 2.18's PBF parser thread closes the file only when it parses to the end: when a
// corrupt file makes it throw, the descriptor stays open (one per failed import; the fuzzer
// ran out of them). After such a failure, close the descriptors opened meanwhile on the input
// file: the reader, and with it the parser thread, is gone by then.
class OsmDescriptorGuard {
 public:
  explicit OsmDescriptorGuard(const std::string& path)
      : file_(std::filesystem::weakly_canonical(path)), before_(descriptors_on(file_)) {}

  void close_leaked() const {
    for (int fd : descriptors_on(file_))
      if (!before_.count(fd)) ::close(fd);
  }

 private:
  // The open descriptors that refer to `file` (Linux: the links in /proc/self/fd).
  static std::set<int> descriptors_on(const std::filesystem::path& file) {
    std::set<int> fds;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
      std::error_code link_ec;
      if (std::filesystem::read_symlink(e.path(), link_ec) != file || link_ec) continue;
      try {
        fds.insert(std::stoi(e.path().filename().string()));
      } catch (const std::exception&) {
      }
    }
    return fds;
  }

  std::filesystem::path file_;
  std::set<int> before_;  // descriptors on the file that were not this import's
};

bool is_one_of(const char* value, const std::vector<std::string>& list) {
  return value && std::find(list.begin(), list.end(), value) != list.end();
}

// km/h from a maxspeed value ("50", "30 mph"); 0 when it is not a number we understand.
double parse_maxspeed(const char* v) {
  if (!v) return 0;
  char* end = nullptr;
  const double x = std::strtod(v, &end);
  if (end == v || !(x > 0)) return 0;
  while (*end == ' ') ++end;
  if (std::strcmp(end, "mph") == 0) return x * 1.609344;
  return *end == '\0' ? x : 0;
}

bool is_any(const char* v, std::initializer_list<const char*> values) {
  if (!v) return false;
  for (const char* o : values)
    if (std::strcmp(v, o) == 0) return true;
  return false;
}

struct Directions {
  bool forward = true, backward = true;
};

// Which ways a way may be travelled, by the profile's oneway tags and implied oneways.
Directions directions(const osmium::Way& w, const char* highway, const RoadProfile& p) {
  const char* oneway = nullptr;  // the value of the first oneway tag present
  for (auto tag = p.oneway_tags.begin(); !oneway && tag != p.oneway_tags.end(); ++tag)
    oneway = w.tags()[tag->c_str()];
  if (is_any(oneway, {"yes", "1", "true"})) return {true, false};
  if (is_any(oneway, {"-1", "reverse"})) return {false, true};
  if (is_any(oneway, {"no", "false", "0"}) || !p.implied_oneway) return {};
  const bool implied = std::strcmp(highway, "motorway") == 0 ||
                       is_any(w.tags()["junction"], {"roundabout", "circular"});
  return {true, !implied};
}

struct Road {
  std::int64_t way_id;
  std::uint16_t cls;
  double kmh;
  bool forward, backward;
  std::size_t first_ref, ref_count;  // into the refs array
};

// Collects roads from ways; everything libosmium hands us is checked before use.
class WayPass {
 public:
  WayPass(const RoadProfile& p, std::vector<std::string>& classes) : p_(p), classes_(classes) {}

  void way(const osmium::Way& w, RoadImportReport& r) {
    const char* highway = w.tags()["highway"];
    if (!highway) return;
    ++r.ways_read;
    auto speed = p_.speed_kmh.find(highway);
    if (speed == p_.speed_kmh.end()) return;
    if (is_any(w.tags()["area"], {"yes"}) && !kept_area(w, highway)) return;
    if (closed(w)) {
      ++r.ways_closed;
      return;
    }
    double kmh = speed->second;
    if (p_.use_maxspeed) {
      const double m = parse_maxspeed(w.tags()["maxspeed"]);
      if (m > 0 && m < kmh) kmh = m;
    }
    const Directions d = directions(w, highway, p_);
    const auto& nodes = w.nodes();
    if (nodes.size() < 2) return;
    ++r.ways_used;
    Road road{w.id(), class_index(highway), kmh, d.forward, d.backward, refs.size(), nodes.size()};
    for (const auto& n : nodes) refs.push_back(n.ref());
    roads.push_back(road);
  }

  std::vector<Road> roads;
  std::vector<std::int64_t> refs;

 private:
  bool closed(const osmium::Way& w) const {
    bool any_present = false;
    for (const auto& tag : p_.access_tags) {
      const char* v = w.tags()[tag.c_str()];
      if (!v) continue;
      if (is_one_of(v, p_.closed_values)) return true;
      if (p_.access_rule == RoadProfile::AccessRule::most_specific) return false;
      any_present = true;
    }
    if (any_present) return false;
    for (const auto& tag : p_.implied_closed_tags)
      if (is_any(w.tags()[tag.c_str()], {"yes"})) return true;
    return false;
  }
  // An area of one of the profile's area classes, closed (its first node is its last): its
  // outline is walked like a way.
  bool kept_area(const osmium::Way& w, const char* highway) const {
    return is_one_of(highway, p_.area_classes) && w.nodes().size() >= 4 &&
           w.nodes().front().ref() == w.nodes().back().ref();
  }
  std::uint16_t class_index(const char* highway) {
    auto it = std::find(classes_.begin(), classes_.end(), highway);
    return static_cast<std::uint16_t>(it - classes_.begin());
  }
  const RoadProfile& p_;
  std::vector<std::string>& classes_;
};

// The nodes the roads use, ascending OSM id, with their locations; `found` says a node has a
// valid location (inside the box, when there is one).
struct NodeLocations {
  std::vector<std::int64_t> needed;
  std::vector<double> lon, lat;
  std::vector<char> found;
};

// A PBF cut between two blocks, or an OPL file cut between two lines, parses cleanly: only the
// content tells. A complete extract has almost no untagged node that no way uses (a node is
// untagged because it is a point of a way), while a file cut in its way section (ways follow
// nodes in a sorted file) leaves the nodes of every lost way so. Counted on a sample of node
// ids whose size follows the file's bytes, so memory stays a few MB whatever the extract.
class CutCheck {
 public:
  explicit CutCheck(std::uint64_t file_bytes)
      : every_(std::max<std::uint64_t>(1, file_bytes >> 22)) {}

  void way(const osmium::Way& w) {
    for (const auto& n : w.nodes())
      if (sampled(n.ref())) refs_.push_back(n.ref());
    if (refs_.size() > 2 * kept_ + 4096) compact();
  }
  void ways_done() { compact(); }
  void node(const osmium::Node& n) {
    if (!n.tags().empty() || !sampled(n.id())) return;
    ++untagged_;
    if (!std::binary_search(refs_.begin(), refs_.end(), n.id())) ++unused_;
  }

  // Throws when the sample says the file was cut: more than 2% of its untagged nodes unused
  // (and enough of them to tell).
  void check(const std::string& path) const {
    if (unused_ < 8 || unused_ * 50 <= untagged_) return;
    throw core::InputError(
        path + ": the file looks truncated (cut short): about " + std::to_string(unused_ * every_) +
        " of its " + std::to_string(untagged_ * every_) +
        " untagged nodes belong to no way, where a complete extract has almost none; download or "
        "copy it again");
  }

 private:
  bool sampled(std::int64_t id) const {
    return every_ == 1 ||
           ((static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> 32) % every_ == 0;
  }
  void compact() {
    std::sort(refs_.begin(), refs_.end());
    refs_.erase(std::unique(refs_.begin(), refs_.end()), refs_.end());
    kept_ = refs_.size();
  }

  std::uint64_t every_;             // one node id in `every_` is sampled
  std::vector<std::int64_t> refs_;  // sampled node ids that a way uses (sorted after the ways)
  std::size_t kept_ = 0;
  std::uint64_t untagged_ = 0, unused_ = 0;
};

// The second pass over the file: only the nodes that the roads of the first pass use.
NodeLocations read_node_locations(const osmium::io::File& file,
                                  const std::vector<std::int64_t>& refs,
                                  const std::optional<BBox>& bbox, CutCheck& cut) {
  NodeLocations at;
  at.needed = refs;
  std::sort(at.needed.begin(), at.needed.end());
  at.needed.erase(std::unique(at.needed.begin(), at.needed.end()), at.needed.end());
  at.lon.assign(at.needed.size(), 0);
  at.lat.assign(at.needed.size(), 0);
  at.found.assign(at.needed.size(), 0);
  osmium::io::Reader reader(file, osmium::osm_entity_bits::node);
  while (osmium::memory::Buffer buffer = reader.read())
    for (const auto& n : buffer.select<osmium::Node>()) {
      cut.node(n);
      auto it = std::lower_bound(at.needed.begin(), at.needed.end(), n.id());
      if (it == at.needed.end() || *it != n.id()) continue;
      const auto loc = n.location();
      if (!loc.valid()) continue;
      const std::size_t i = static_cast<std::size_t>(it - at.needed.begin());
      at.lon[i] = loc.lon();
      at.lat[i] = loc.lat();
      at.found[i] = bbox ? bbox->contains(at.lon[i], at.lat[i]) : 1;
    }
  reader.close();
  return at;
}

// Vertices and edges from the roads: every segment between two consecutive nodes with a
// location becomes one edge per direction the road allows.
void add_roads(model::RoadNetwork& net, const WayPass& ways, const NodeLocations& at,
               RoadImportReport& r) {
  // Vertices: nodes of roads that have a location (inside the box), ascending OSM id.
  std::vector<Index> vertex(at.needed.size(), core::invalid_index);
  for (std::size_t i = 0; i < at.needed.size(); ++i) {
    if (!at.found[i]) continue;
    vertex[i] = net.vertex_count();
    net.lon.push_back(at.lon[i]);
    net.lat.push_back(at.lat[i]);
    net.vertex_osm_id.push_back(at.needed[i]);
  }
  auto vertex_of = [&](std::int64_t id) {
    const auto it = std::lower_bound(at.needed.begin(), at.needed.end(), id);
    return vertex[static_cast<std::size_t>(it - at.needed.begin())];
  };
  for (const Road& road : ways.roads) {
    for (std::size_t k = 0; k + 1 < road.ref_count; ++k) {
      const Index a = vertex_of(ways.refs[road.first_ref + k]);
      const Index b = vertex_of(ways.refs[road.first_ref + k + 1]);
      if (a == core::invalid_index || b == core::invalid_index) {
        ++r.segments_missing_nodes;
        continue;
      }
      if (a == b) continue;
      const double m = core::great_circle_km(net.lon[a], net.lat[a], net.lon[b], net.lat[b]) * 1000;
      const double s = m / (road.kmh / 3.6);
      auto add = [&](Index x, Index y) {
        net.from.push_back(x);
        net.to.push_back(y);
        net.length_m.push_back(m);
        net.seconds.push_back(s);
        net.edge_class.push_back(road.cls);
        net.edge_source_id.push_back(road.way_id);
      };
      if (road.forward) add(a, b);
      if (road.backward) add(b, a);
    }
  }
}

// The file libosmium reads: the held descriptor's name, in the format of the real name's suffix.
osmium::io::File osm_file(const std::string& path, const InputFile& input) {
  const osmium::io::File named(path);
  osmium::io::File file(input.reopen_path());
  file.set_format(named.format());
  file.set_compression(named.compression());
  return file;
}

}  // namespace

model::RoadNetwork read_osm(const std::string& path, const OsmImportOptions& options,
                            RoadImportReport* report) {
  RoadImportReport local;
  RoadImportReport& r = report ? *report : local;
  if (!std::filesystem::exists(path)) throw core::InputError(path + ": no such file");
  // Held open from here: opened before the descriptor guard, so it is not taken for a leak, and
  // libosmium reads this very file (a FIFO swapped in for the name cannot block the import).
  const InputFile input(path);
  if (options.profile.speed_kmh.empty())
    throw core::InputError(options.profile.source + ": the profile has no road classes");
  model::RoadNetwork net;
  net.source = path;
  for (const auto& [cls, kmh] : options.profile.speed_kmh) net.class_names.push_back(cls);
  WayPass ways(options.profile, net.class_names);
  NodeLocations at;
  CutCheck cut(input.size());
  // One import at a time in the process, so the descriptors opened meanwhile on the file are
  // this import's (imports are I/O-bound and libosmium decodes on its own thread pool).
  static std::mutex one_import;
  const std::lock_guard<std::mutex> lock(one_import);
  const OsmDescriptorGuard descriptors(path);
  try {
    const osmium::io::File file = osm_file(path, input);
    {
      osmium::io::Reader reader(file, osmium::osm_entity_bits::way);
      while (osmium::memory::Buffer buffer = reader.read())
        for (const auto& w : buffer.select<osmium::Way>()) {
          ways.way(w, r);
          cut.way(w);
        }
      reader.close();
    }
    cut.ways_done();
    at = read_node_locations(file, ways.refs, options.bbox, cut);
  } catch (const core::Error&) {
    descriptors.close_leaked();
    throw;
  } catch (const std::exception& e) {
    // libosmium reports corrupt, truncated and unsupported files as exceptions.
    descriptors.close_leaked();
    throw core::InputError(path + ": cannot read OpenStreetMap data: " + e.what());
  }

  cut.check(path);
  add_roads(net, ways, at, r);
  r.raw_vertices = net.vertex_count();
  r.raw_edges = net.edge_count();
  if (r.segments_missing_nodes > 0)
    r.notes.push_back(std::to_string(r.segments_missing_nodes) + " road segments skipped: " +
                      (options.bbox ? "a node outside the box or missing from the file"
                                    : "a node missing from the file (cut at the extract border)"));
  if (net.edge_count() == 0)
    throw core::InputError(path + ": no roads for profile '" + options.profile.name + "' (read " +
                           std::to_string(r.ways_read) + " highway ways" +
                           (options.bbox ? ", inside the box" : "") + ")");
  return net;
}

}  // namespace reachplan::io
