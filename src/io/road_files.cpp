// Road network files: the GeoPackage that `reachplan import` writes (and reads back), the binary
// cache of prepared networks, and any-format loading with the cache.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <tuple>

#include "reachplan/core/cache_file.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/graph/road_graph.hpp"
#include "reachplan/io/gdal_session.hpp"
#include "reachplan/io/input_file.hpp"
#include "reachplan/io/road_import.hpp"

namespace reachplan::io {

namespace fs = std::filesystem;
using core::Index;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

constexpr int format_version = 1;

}  // namespace

// --- GeoPackage --------------------------------------------------------------------------------

void write_road_network_gpkg(const model::RoadNetwork& net, const std::string& path,
                             const std::string& description) {
  ensure_gdal();
  QuietGdal quiet;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!driver) throw core::OutputError("GDAL has no GPKG driver");
  auto fail = [&](const std::string& what) {
    throw core::OutputError(path + ": " + what + gdal_reason());
  };
  GdalDataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) fail("cannot create GeoPackage");
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  ds->SetMetadataItem("REACHPLAN_ROAD_NETWORK", std::to_string(format_version).c_str());
  ds->SetMetadataItem("REACHPLAN_DESCRIPTION", description.c_str());
  std::string classes;
  for (const auto& c : net.class_names) classes += (classes.empty() ? "" : ",") + c;
  ds->SetMetadataItem("REACHPLAN_CLASSES", classes.c_str());

  char** opts = CSLSetNameValue(nullptr, "SPATIAL_INDEX", "YES");
  OGRLayer* vertices = ds->CreateLayer("road_vertices", &srs, wkbPoint, opts);
  OGRLayer* edges = ds->CreateLayer("road_edges", &srs, wkbLineString, opts);
  CSLDestroy(opts);
  if (!vertices || !edges) fail("cannot create layers");
  auto field = [&](OGRLayer* layer, const char* name, OGRFieldType type) {
    OGRFieldDefn f(name, type);
    if (layer->CreateField(&f) != OGRERR_NONE) fail(std::string("cannot create field ") + name);
  };
  field(vertices, "vertex", OFTInteger);
  field(vertices, "osm_id", OFTInteger64);
  field(edges, "edge", OFTInteger);
  field(edges, "from_vertex", OFTInteger);
  field(edges, "to_vertex", OFTInteger);
  field(edges, "class", OFTString);
  field(edges, "length_m", OFTReal);
  field(edges, "seconds", OFTReal);
  field(edges, "speed_kmh", OFTReal);
  field(edges, "source_id", OFTInteger64);

  if (ds->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
  for (Index v = 0; v < net.vertex_count(); ++v) {
    OGRFeature f(vertices->GetLayerDefn());
    f.SetField("vertex", static_cast<int>(v));
    f.SetField("osm_id",
               static_cast<GIntBig>(net.vertex_osm_id.empty() ? 0 : net.vertex_osm_id[v]));
    OGRPoint p(net.lon[v], net.lat[v]);
    f.SetGeometry(&p);
    if (vertices->CreateFeature(&f) != OGRERR_NONE)
      fail("cannot write vertex " + std::to_string(v));
  }
  for (Index e = 0; e < net.edge_count(); ++e) {
    OGRFeature f(edges->GetLayerDefn());
    f.SetField("edge", static_cast<int>(e));
    f.SetField("from_vertex", static_cast<int>(net.from[e]));
    f.SetField("to_vertex", static_cast<int>(net.to[e]));
    f.SetField("class", net.class_names.at(net.edge_class[e]).c_str());
    f.SetField("length_m", net.length_m[e]);
    f.SetField("seconds", net.seconds[e]);
    f.SetField("speed_kmh", net.seconds[e] > 0 ? net.length_m[e] / net.seconds[e] * 3.6 : 0.0);
    f.SetField("source_id", static_cast<GIntBig>(net.edge_source_id[e]));
    OGRLineString line;
    line.addPoint(net.lon[net.from[e]], net.lat[net.from[e]]);
    if (net.has_shapes())
      for (Index s = net.shape_first[e]; s < net.shape_first[e + 1]; ++s)
        line.addPoint(net.shape_lon[s], net.shape_lat[s]);
    line.addPoint(net.lon[net.to[e]], net.lat[net.to[e]]);
    f.SetGeometry(&line);
    if (edges->CreateFeature(&f) != OGRERR_NONE) fail("cannot write edge " + std::to_string(e));
  }
  if (ds->CommitTransaction() != OGRERR_NONE) fail("cannot commit");
  if (!close_dataset(std::move(ds))) fail("cannot close");
}

namespace {

[[noreturn]] void bad_gpkg(const std::string& path, const std::string& what) {
  throw core::InputError(path + ": " + what + gdal_reason());
}

int need_field(const std::string& path, OGRLayer* layer, const char* name) {
  const int i = layer->GetLayerDefn()->GetFieldIndex(name);
  if (i < 0) bad_gpkg(path, std::string("layer ") + layer->GetName() + " lacks the field " + name);
  return i;
}

// The class number of `c`, added to the network's classes when new.
std::uint16_t class_of(model::RoadNetwork& net, const std::string& c) {
  auto it = std::find(net.class_names.begin(), net.class_names.end(), c);
  if (it != net.class_names.end()) return static_cast<std::uint16_t>(it - net.class_names.begin());
  net.class_names.push_back(c);
  return static_cast<std::uint16_t>(net.class_names.size() - 1);
}

// Fills the vertex arrays from road_vertices; returns the vertex count.
long long read_vertices(const std::string& path, OGRLayer* vertices, model::RoadNetwork& net) {
  const int f_vertex = need_field(path, vertices, "vertex");
  const int f_osm = need_field(path, vertices, "osm_id");
  const auto nv = vertices->GetFeatureCount(TRUE);
  if (nv <= 0) bad_gpkg(path, "no road vertices");
  net.lon.assign(static_cast<std::size_t>(nv), NAN);
  net.lat.assign(static_cast<std::size_t>(nv), NAN);
  net.vertex_osm_id.assign(static_cast<std::size_t>(nv), 0);
  vertices->ResetReading();
  for (std::unique_ptr<OGRFeature> f(vertices->GetNextFeature()); f;
       f.reset(vertices->GetNextFeature())) {
    const long long v = f->GetFieldAsInteger64(f_vertex);
    const OGRGeometry* g = f->GetGeometryRef();
    const std::string at = "road_vertices feature " + std::to_string(f->GetFID());
    if (v < 0 || v >= nv || !std::isnan(net.lon[v]))
      bad_gpkg(path, at + ": vertex number out of range or repeated");
    if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint) bad_gpkg(path, at + ": not a point");
    const auto* p = g->toPoint();
    if (!core::valid_lon_lat(p->getX(), p->getY())) bad_gpkg(path, at + ": not a WGS84 lon/lat");
    net.lon[v] = p->getX();
    net.lat[v] = p->getY();
    net.vertex_osm_id[v] = f->GetFieldAsInteger64(f_osm);
  }
  return nv;
}

struct EdgeRow {
  long long order;
  Index from, to;
  double len, sec;
  std::uint16_t cls;
  std::int64_t src;
  std::vector<double> lon, lat;
};

// The road_edges features, checked, in file order (classes are added to `net` as met).
std::vector<EdgeRow> read_edge_rows(const std::string& path, OGRLayer* edges, long long nv,
                                    model::RoadNetwork& net) {
  const int f_from = need_field(path, edges, "from_vertex"),
            f_to = need_field(path, edges, "to_vertex"), f_class = need_field(path, edges, "class"),
            f_len = need_field(path, edges, "length_m"), f_sec = need_field(path, edges, "seconds"),
            f_src = need_field(path, edges, "source_id"), f_edge = need_field(path, edges, "edge");
  std::vector<EdgeRow> rows;
  edges->ResetReading();
  for (std::unique_ptr<OGRFeature> f(edges->GetNextFeature()); f;
       f.reset(edges->GetNextFeature())) {
    const std::string at = "road_edges feature " + std::to_string(f->GetFID());
    const long long a = f->GetFieldAsInteger64(f_from), b = f->GetFieldAsInteger64(f_to);
    if (a < 0 || a >= nv || b < 0 || b >= nv) bad_gpkg(path, at + ": from/to vertex out of range");
    EdgeRow r{f->GetFieldAsInteger64(f_edge),
              static_cast<Index>(a),
              static_cast<Index>(b),
              f->GetFieldAsDouble(f_len),
              f->GetFieldAsDouble(f_sec),
              class_of(net, f->GetFieldAsString(f_class)),
              f->GetFieldAsInteger64(f_src),
              {},
              {}};
    if (!std::isfinite(r.sec) || r.sec < 0 || !std::isfinite(r.len) || r.len < 0)
      bad_gpkg(path, at + ": seconds and length_m must be finite and >= 0");
    if (const OGRGeometry* g = f->GetGeometryRef();
        g && wkbFlatten(g->getGeometryType()) == wkbLineString) {
      const auto* line = g->toLineString();
      for (int i = 1; i + 1 < line->getNumPoints(); ++i) {
        r.lon.push_back(line->getX(i));
        r.lat.push_back(line->getY(i));
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

// The edges in the order of their `edge` numbers (file order among equal numbers).
void add_edges(std::vector<EdgeRow>& rows, model::RoadNetwork& net) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const EdgeRow& x, const EdgeRow& y) { return x.order < y.order; });
  net.shape_first.push_back(0);
  for (const EdgeRow& r : rows) {
    net.from.push_back(r.from);
    net.to.push_back(r.to);
    net.length_m.push_back(r.len);
    net.seconds.push_back(r.sec);
    net.edge_class.push_back(r.cls);
    net.edge_source_id.push_back(r.src);
    net.shape_lon.insert(net.shape_lon.end(), r.lon.begin(), r.lon.end());
    net.shape_lat.insert(net.shape_lat.end(), r.lat.begin(), r.lat.end());
    net.shape_first.push_back(static_cast<Index>(net.shape_lon.size()));
  }
}

}  // namespace

model::RoadNetwork read_road_network_gpkg(const std::string& path) {
  ensure_gdal();
  QuietGdal quiet;
  if (!fs::exists(path)) throw core::InputError(path + ": no such file");
  check_input_file(path);  // a FIFO or device is refused at once, never opened
  GdalDataset ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) bad_gpkg(path, "cannot open as a GIS layer file");
  OGRLayer* vertices = ds->GetLayerByName("road_vertices");
  OGRLayer* edges = ds->GetLayerByName("road_edges");
  if (!vertices || !edges)
    bad_gpkg(path,
             "not a road network written by `reachplan import` (needs layers road_vertices and "
             "road_edges); to use a planner's own line layer, run `reachplan import layer` first");
  model::RoadNetwork net;
  net.source = path;
  if (const char* classes = ds->GetMetadataItem("REACHPLAN_CLASSES")) {
    std::stringstream s(classes);
    std::string c;
    while (std::getline(s, c, ',')) class_of(net, c);
  }
  const long long nv = read_vertices(path, vertices, net);
  std::vector<EdgeRow> rows = read_edge_rows(path, edges, nv, net);
  if (rows.empty()) bad_gpkg(path, "no road edges");
  add_edges(rows, net);
  return net;
}

// --- cache -------------------------------------------------------------------------------------

namespace {

// 02: SHA-256 checksum, the entry bound to its input's text, values validated on load.
constexpr std::string_view cache_magic = "RPROAD02";

// The network's arrays in the order of the file, for writing and reading alike.
template <class Io, class Network>
void road_arrays(Io& io, Network& net) {
  using N = model::RoadNetwork;
  constexpr auto arrays = std::make_tuple(
      &N::lon, &N::lat, &N::vertex_osm_id, &N::from, &N::to, &N::length_m, &N::seconds,
      &N::edge_class, &N::edge_source_id, &N::shape_first, &N::shape_lon, &N::shape_lat);
  std::apply([&](auto... member) { (io.array(net.*member), ...); }, arrays);
}

// Every array the network's users index without checking must have its full size.
bool sizes_match(const model::RoadNetwork& net) {
  const std::size_t n = net.lon.size(), m = net.from.size();
  return net.lat.size() == n && (net.vertex_osm_id.empty() || net.vertex_osm_id.size() == n) &&
         net.to.size() == m && net.seconds.size() == m && net.length_m.size() == m &&
         net.edge_class.size() == m && net.edge_source_id.size() == m &&
         net.shape_lat.size() == net.shape_lon.size() &&
         (net.shape_first.empty() || net.shape_first.size() == m + 1);
}

// What is wrong with a network read from a cache ("" when nothing): the checks the importers
// make, so that whatever loads routes and writes as a freshly imported network would.
std::string road_cache_problem(const model::RoadNetwork& net) {
  if (!sizes_match(net)) return "array sizes do not match";
  const std::size_t n = net.lon.size(), m = net.from.size();
  if (n == 0 || m == 0) return "no vertices or no edges";
  for (std::size_t v = 0; v < n; ++v)
    if (!core::valid_lon_lat(net.lon[v], net.lat[v]))
      return "vertex " + std::to_string(v) + " has no valid WGS84 lon/lat";
  for (std::size_t s = 0; s < net.shape_lon.size(); ++s)
    if (!core::valid_lon_lat(net.shape_lon[s], net.shape_lat[s]))
      return "shape point " + std::to_string(s) + " has no valid WGS84 lon/lat";
  if (!net.shape_first.empty()) {
    if (net.shape_first.front() != 0 || net.shape_first.back() != net.shape_lon.size())
      return "shape ranges do not span the shape points";
    for (std::size_t e = 0; e < m; ++e)
      if (net.shape_first[e] > net.shape_first[e + 1]) return "shape ranges not in order";
  }
  // Seconds within what make_road_graph takes, so a bad entry never blames the input file.
  const double max_seconds = static_cast<double>(graph::max_road_arc.ms) * 0.001;
  for (std::size_t e = 0; e < m; ++e) {
    const std::string at = "edge " + std::to_string(e);
    if (net.from[e] >= n || net.to[e] >= n) return at + ": vertex out of range";
    if (net.edge_class[e] >= net.class_names.size()) return at + ": class out of range";
    if (!(net.seconds[e] >= 0 && net.seconds[e] <= max_seconds) ||
        !(net.length_m[e] >= 0 && std::isfinite(net.length_m[e])))
      return at + ": seconds or length_m negative, not finite or too large";
  }
  return "";
}

// The network in the cache file; CacheError when it cannot be read back, CacheMiss when there
// is none or it is of another version.
std::shared_ptr<model::RoadNetwork> read_road_cache(const std::string& path, const std::string& key,
                                                    std::uint64_t max_bytes) {
  core::BinaryReader in = core::BinaryReader::open(path, cache_magic, max_bytes);
  if (in.str() != key) in.fail("made from other inputs (input SHA-256 or options differ)");
  auto net = std::make_shared<model::RoadNetwork>();
  net->source = in.str();
  road_arrays(in, *net);
  const std::uint64_t classes = in.u64();
  if (classes > 65536) in.fail("too many road classes");
  net->class_names.resize(classes);
  for (auto& c : net->class_names) c = in.str();
  if (in.remaining() != 0) in.fail("bytes after the last value");
  if (const std::string why = road_cache_problem(*net); !why.empty()) in.fail(why);
  return net;
}

// The cache folder a load uses ("" for none). A folder the user chose (--cache-dir,
// $REACHPLAN_CACHE_DIR) that is refused is an InputError; a refused default folder means no
// cache, with a warning.
std::string cache_folder(const RoadLoadOptions& options, std::vector<Warning>& warnings) {
  if (!options.use_cache) return "";
  std::string dir = options.cache_dir;
  if (const char* d = std::getenv("REACHPLAN_CACHE_DIR"); dir.empty() && d && *d) dir = d;
  const bool chosen = !dir.empty();
  if (!chosen) dir = default_cache_dir();
  try {
    return core::PrivateFolder(dir).path();
  } catch (const core::CacheError& e) {
    if (chosen)
      throw core::InputError(std::string("cache folder ") + e.what() +
                             " (name another with --cache-dir, or use --no-cache)");
    warnings.emplace_back().message = std::string("cache not used: ") + e.what();
    return "";
  }
}

// The home folder of the effective user in the password database ("" when unknown).
std::string passwd_home() {
  struct passwd pw {};
  struct passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) != 0 || !found || !pw.pw_dir ||
      !*pw.pw_dir)
    return "";
  std::error_code ec;
  return fs::is_directory(pw.pw_dir, ec) ? std::string(pw.pw_dir) : "";
}

}  // namespace

void save_road_cache(const model::RoadNetwork& net, const std::string& path,
                     const std::string& key) {
  core::BinaryWriter o(cache_magic);
  o.str(key);
  o.str(net.source);
  road_arrays(o, net);
  o.u64(net.class_names.size());
  for (const auto& c : net.class_names) o.str(c);
  o.write(path);
}

std::shared_ptr<model::RoadNetwork> load_road_cache(const std::string& path, const std::string& key,
                                                    core::CacheRead* read) {
  try {
    return read_road_cache(path, key, read ? read->max_bytes : core::default_cache_limit);
  } catch (const core::CacheMiss&) {
    return nullptr;  // built by the caller
  } catch (const core::CacheError& e) {
    if (read) read->problem = e.what();
    return nullptr;  // rebuilt by the caller
  }
}

std::string default_cache_dir() {
  if (const char* d = std::getenv("REACHPLAN_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d == '/')
    return (fs::path(d) / "reachplan").string();
  if (const char* h = std::getenv("HOME"); h && *h)
    return (fs::path(h) / ".cache" / "reachplan").string();
  if (const std::string h = passwd_home(); !h.empty())
    return (fs::path(h) / ".cache" / "reachplan").string();
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (ec) tmp = "/tmp";
  return (tmp / ("reachplan-cache-" + std::to_string(::geteuid()))).string();
}

bool is_road_network_file(const std::string& path) {
  for (const char* s : {".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".opl", ".gpkg"})
    if (ends_with(path, s)) return true;
  return false;
}

LoadedRoads load_road_network(const std::string& path, const RoadLoadOptions& options) {
  LoadedRoads out;
  if (!fs::exists(path)) throw core::InputError(path + ": no such file");
  check_input_file(path);  // a FIFO or device is refused at once, never opened
  const bool gpkg = ends_with(path, ".gpkg");
  if (!is_road_network_file(path))
    throw core::InputError(path +
                           ": not a road network file (.osm.pbf, .osm, .osm.bz2, .opl, or a .gpkg "
                           "written by `reachplan import`)");
  const RoadProfile profile =
      resolve_road_profile(options.profile_path, options.walk_speed_kmh, out.warnings);
  std::ostringstream key_text;
  key_text << "reachplan road network v" << format_version << "\nfile " << core::sha256_file(path)
           << "\n";
  if (!gpkg) {
    key_text << profile.fingerprint();
    if (options.bbox)
      key_text.precision(17), key_text << "bbox " << options.bbox->lon_min << ","
                                       << options.bbox->lat_min << "," << options.bbox->lon_max
                                       << "," << options.bbox->lat_max << "\n";
  }
  out.cache_binding = key_text.str();
  out.key = core::sha256_string(out.cache_binding);
  if (const std::string dir = cache_folder(options, out.warnings); !dir.empty()) {
    out.cache_path = (fs::path(dir) / (out.key + ".roads")).string();
    out.cache_max_bytes = core::cache_size_limit(fs::file_size(path));
    core::CacheRead read{out.cache_max_bytes, ""};
    if (auto net = load_road_cache(out.cache_path, out.cache_binding, &read)) {
      net->source = path;
      out.network = std::move(net);
      out.from_cache = true;
      out.report.vertices = out.network->vertex_count();
      out.report.edges = out.network->edge_count();
      return out;
    }
    if (!read.problem.empty())
      out.warnings.emplace_back().message = "cache entry rebuilt: " + read.problem;
  }
  std::shared_ptr<model::RoadNetwork> net;
  if (gpkg) {
    net = std::make_shared<model::RoadNetwork>(
        graph::clean_road_network(read_road_network_gpkg(path), &out.report));
  } else {
    OsmImportOptions o;
    o.profile = profile;
    o.bbox = options.bbox;
    net = std::make_shared<model::RoadNetwork>(
        graph::prepare_road_network(read_osm(path, o, &out.report), &out.report));
  }
  if (net->edge_count() == 0) throw core::InputError(path + ": no connected roads");
  if (!out.cache_path.empty()) {
    try {
      save_road_cache(*net, out.cache_path, out.cache_binding);
    } catch (const core::OutputError& e) {
      out.warnings.emplace_back().message = std::string("cache not written: ") + e.what();
    }
  }
  out.network = std::move(net);
  return out;
}

}  // namespace reachplan::io
