// Line layers through OGR. Every feature is checked and all problems are reported at once, so a
// planner fixes the layer in QGIS in one go instead of one feature per run.
#include "reachplan/io/layer_import.hpp"
#include "reachplan/io/gdal_session.hpp"
#include "reachplan/io/input_file.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/text.hpp"
#include "yaml_value.hpp"

namespace reachplan::io {

namespace {

std::string number_text(double x) {
  std::ostringstream s;
  s.precision(10);
  s << x;
  return s.str();
}

}  // namespace

const std::vector<std::string>& LayerMapping::roles() {
  static const std::vector<std::string> r = {"id",     "from", "to",     "minutes", "speed",
                                             "length", "mode", "oneway", "name"};
  return r;
}

LayerMapping parse_layer_mapping(const std::string& text) {
  LayerMapping m;
  std::stringstream s(text);
  std::string part;
  while (std::getline(s, part, ',')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == part.size())
      throw core::InputError("--map '" + part + "': expected role=field, e.g. from=start_node");
    const std::string role = part.substr(0, eq), field = part.substr(eq + 1);
    const auto& roles = LayerMapping::roles();
    if (std::find(roles.begin(), roles.end(), role) == roles.end())
      throw core::InputError(
          "--map: unknown role '" + role + "'" + core::did_you_mean(role, roles) +
          "; roles are id, from, to, minutes, speed, length, mode, oneway, name");
    if (m.fields.count(role)) throw core::InputError("--map: role '" + role + "' given twice");
    m.fields[role] = field;
  }
  if (m.fields.count("from") != m.fields.count("to"))
    throw core::InputError("--map: give both from and to fields, or neither (ends by geometry)");
  return m;
}

namespace {

// Nodes of the links: named by the from/to fields, or generated where line ends meet.
class NodeTable {
 public:
  struct Node {
    std::string id;
    double lon, lat;
  };

  explicit NodeTable(double snap_m)
      : snap_m_(snap_m), snap_deg_(std::max(snap_m, 1e-3) / 111195.0) {}

  // The generated node within snap_m of the point, made when there is none.
  std::size_t at(double lon, double lat) {
    const long long cx = static_cast<long long>(std::floor(lon / snap_deg_));
    const long long cy = static_cast<long long>(std::floor(lat / snap_deg_));
    for (long long dx = -1; dx <= 1; ++dx)
      for (long long dy = -1; dy <= 1; ++dy) {
        auto it = cells_.find({cx + dx, cy + dy});
        if (it == cells_.end()) continue;
        for (std::size_t k : it->second)
          if (core::great_circle_km(lon, lat, nodes_[k].lon, nodes_[k].lat) * 1000 <= snap_m_)
            return k;
      }
    nodes_.push_back({"n" + std::to_string(nodes_.size() + 1), lon, lat});
    cells_[{cx, cy}].push_back(nodes_.size() - 1);
    return nodes_.size() - 1;
  }

  // The node named `id`, placed at the first line end that names it.
  std::size_t named(const std::string& id, double lon, double lat) {
    auto [it, fresh] = by_id_.try_emplace(id, nodes_.size());
    if (fresh) nodes_.push_back({id, lon, lat});
    return it->second;
  }

  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  double snap_m_, snap_deg_;
  std::vector<Node> nodes_;
  std::map<std::string, std::size_t> by_id_;
  // Generated nodes by position: a snap_m grid cell holds its candidates.
  std::map<std::pair<long long, long long>, std::vector<std::size_t>> cells_;
};

struct Link {
  model::Line line;
  std::vector<double> lon, lat;
  std::size_t a = 0, b = 0;
  double length_m = 0, seconds = 0;
  GIntBig fid = 0;
};

// Every unusable feature with its reason (the first 20 of them kept for the message).
class Problems {
 public:
  void add(GIntBig fid, const std::string& what) {
    ++count_;
    if (kept_.size() < 20) kept_.push_back("feature " + std::to_string(fid) + ": " + what);
  }
  void throw_if_any(const std::string& path, std::size_t features) const {
    if (count_ == 0) return;
    std::string msg = path + ": " + std::to_string(count_) + " of " + std::to_string(features) +
                      " features cannot be used as links:";
    for (const auto& p : kept_) msg += "\n  " + p;
    if (count_ > kept_.size())
      msg += "\n  ... and " + std::to_string(count_ - kept_.size()) + " more";
    throw core::InputError(msg);
  }

 private:
  std::size_t count_ = 0;
  std::vector<std::string> kept_;
};

// What every feature of the layer is read against.
struct LayerSetup {
  OGRLayer* layer = nullptr;
  std::map<std::string, int> field;                       // role -> field index
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84;  // null: already WGS84
};

OGRLayer* choose_layer(GDALDataset& ds, const std::string& path, const std::string& name) {
  if (name.empty()) {
    if (ds.GetLayerCount() < 1) throw core::InputError(path + ": no layers");
    return ds.GetLayer(0);
  }
  OGRLayer* layer = ds.GetLayerByName(name.c_str());
  if (!layer) {
    std::vector<std::string> names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names.push_back(ds.GetLayer(i)->GetName());
    throw core::InputError(path + ": no layer '" + name + "'" + core::did_you_mean(name, names));
  }
  return layer;
}

std::map<std::string, int> mapped_fields(OGRLayer& layer, const std::string& path,
                                         const LayerMapping& mapping) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  std::map<std::string, int> field;
  for (const auto& [role, name] : mapping.fields) {
    const int i = defn->GetFieldIndex(name.c_str());
    if (i < 0) {
      std::vector<std::string> names;
      for (int k = 0; k < defn->GetFieldCount(); ++k)
        names.push_back(defn->GetFieldDefn(k)->GetNameRef());
      throw core::InputError(path + ": layer '" + layer.GetName() + "' has no field '" + name +
                             "' (for " + role + ")" + core::did_you_mean(name, names));
    }
    field[role] = i;
  }
  return field;
}

// Geometries must be lon/lat: a transform to WGS84 for anything else, null for WGS84 itself.
std::unique_ptr<OGRCoordinateTransformation> to_wgs84(OGRLayer& layer, const std::string& path) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (!srs) return nullptr;
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (srs->IsSame(&wgs84)) return nullptr;
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(srs, &wgs84));
  if (!t) throw core::InputError(path + ": cannot transform the layer's CRS to WGS84");
  return t;
}

LayerSetup set_up_layer(GDALDataset& ds, const std::string& path, const LayerMapping& mapping) {
  LayerSetup s;
  s.layer = choose_layer(ds, path, mapping.layer);
  s.field = mapped_fields(*s.layer, path, mapping);
  const bool has_minutes = s.field.count("minutes") > 0, has_speed = s.field.count("speed") > 0;
  if (!has_minutes && !has_speed && !mapping.speed_kmh)
    throw core::InputError(path +
                           ": no way to time the links: map minutes= or speed= to a field, "
                           "or give a default --speed");
  s.to_wgs84 = to_wgs84(*s.layer, path);
  return s;
}

// Reads one feature into a link, or records why it cannot be one. Each step returns false
// after recording its problem.
class FeatureReader {
 public:
  FeatureReader(OGRFeature& f, const std::string& path, const LayerMapping& mapping,
                const LayerSetup& setup, Problems& problems)
      : f_(f),
        fid_(f.GetFID()),
        path_(path),
        mapping_(mapping),
        setup_(setup),
        problems_(problems) {}

  // `link_ids` (id -> feature) is shared by the layer's features; `nodes` receives the ends.
  std::optional<Link> read(std::map<std::string, GIntBig>& link_ids, NodeTable& nodes) {
    Link l;
    l.fid = fid_;
    double geodesic_m = 0;
    bool reverse = false;
    if (!geometry(l, geodesic_m) || !timing(l, geodesic_m) || !attributes(l, link_ids) ||
        !direction(l, reverse))
      return std::nullopt;
    l.line.source =
        std::filesystem::path(path_).filename().string() + " feature " + std::to_string(fid_);
    if (!ends(l, reverse, nodes)) return std::nullopt;
    return l;
  }

 private:
  bool problem(const std::string& what) {
    problems_.add(fid_, what);
    return false;
  }

  std::string text(const char* role) const {
    auto it = setup_.field.find(role);
    if (it == setup_.field.end() || !f_.IsFieldSetAndNotNull(it->second)) return "";
    return f_.GetFieldAsString(it->second);
  }

  bool number(const char* role, std::optional<double>& x) {
    const std::string s = text(role);
    if (s.empty()) return true;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (*end != '\0' || !std::isfinite(v))
      return problem(std::string(role) + " '" + s + "' is not a number");
    x = v;
    return true;
  }

  // The single line of the feature, in WGS84; null after recording why there is none.
  const OGRLineString* line_string(std::unique_ptr<OGRGeometry>& owned) {
    OGRGeometry* g = f_.GetGeometryRef();
    if (!g || g->IsEmpty()) {
      problem("no geometry");
      return nullptr;
    }
    if (setup_.to_wgs84) {
      owned.reset(g->clone());
      if (owned->transform(setup_.to_wgs84.get()) != OGRERR_NONE) {
        problem("cannot transform to WGS84");
        return nullptr;
      }
      g = owned.get();
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbLineString) return g->toLineString();
    if (type == wkbMultiLineString && g->toMultiLineString()->getNumGeometries() == 1)
      return g->toMultiLineString()->getGeometryRef(0);
    problem(std::string("geometry is a ") + OGRGeometryTypeToName(g->getGeometryType()) +
            ", not a single line");
    return nullptr;
  }

  bool geometry(Link& l, double& geodesic_m) {
    std::unique_ptr<OGRGeometry> owned;
    const OGRLineString* ls = line_string(owned);
    if (!ls) return false;
    if (ls->getNumPoints() < 2) return problem("line with fewer than 2 points");
    bool coords_ok = true;
    for (int i = 0; i < ls->getNumPoints(); ++i) {
      const double x = ls->getX(i), y = ls->getY(i);
      if (!core::valid_lon_lat(x, y)) coords_ok = false;
      if (i > 0) geodesic_m += core::great_circle_km(l.lon.back(), l.lat.back(), x, y) * 1000;
      l.lon.push_back(x);
      l.lat.push_back(y);
    }
    if (!coords_ok)
      return problem("coordinates are not WGS84 lon/lat (and the layer has no CRS to transform)");
    return true;
  }

  // Length and time from the minutes, speed and length fields (or the default speed).
  bool timing(Link& l, double geodesic_m) {
    std::optional<double> minutes, speed, length_km;
    if (!number("minutes", minutes) || !number("speed", speed) || !number("length", length_km))
      return false;
    if (minutes && !(*minutes > 0)) return problem("minutes must be > 0");
    if (speed && !(*speed > 0)) return problem("speed must be > 0 km/h");
    if (length_km && !(*length_km > 0)) return problem("length must be > 0 km");
    if (!minutes && !speed) speed = mapping_.speed_kmh;
    if (!minutes && !speed) return problem("no minutes and no speed (and no default --speed)");
    l.length_m = length_km ? *length_km * 1000 : geodesic_m;
    l.seconds = minutes ? *minutes * 60 : l.length_m / (*speed / 3.6);
    model::Line& line = l.line;
    // A link has no running minutes in YAML: timed features become two-stop lines.
    line.is_link = !minutes;
    if (minutes) {
      line.segment_min = {*minutes};
      if (length_km) line.segment_km = {*length_km};
    } else {
      line.segment_km = {l.length_m / 1000};
      line.speed_kmh = *speed;
    }
    return true;
  }

  // Mode, id (unique in the layer) and name.
  bool attributes(Link& l, std::map<std::string, GIntBig>& link_ids) {
    model::Line& line = l.line;
    line.mode = text("mode").empty() ? mapping_.mode : text("mode");
    if (!detail::valid_id(line.mode)) return problem("mode '" + line.mode + "' is not a valid id");
    line.id = text("id").empty() ? "f" + std::to_string(fid_) : text("id");
    if (!detail::valid_id(line.id))
      return problem("id '" + line.id + "' may only hold letters, digits, '_', '.' and '-'");
    if (auto [it, fresh] = link_ids.try_emplace(line.id, fid_); !fresh)
      return problem("id '" + line.id + "' already used by feature " + std::to_string(it->second));
    line.name = text("name");
    return true;
  }

  // oneway: yes/true/1, or -1/reverse (the geometry is then reversed).
  bool direction(Link& l, bool& reverse) {
    const std::string ow = core::ascii_lower(text("oneway"));
    if (ow == "yes" || ow == "true" || ow == "1") {
      l.line.oneway = true;
    } else if (ow == "-1" || ow == "reverse") {
      l.line.oneway = true;
      reverse = true;
    } else if (!ow.empty() && ow != "no" && ow != "false" && ow != "0") {
      return problem("oneway '" + ow + "' is not yes/no/true/false/1/0/-1");
    }
    if (reverse) {
      std::reverse(l.lon.begin(), l.lon.end());
      std::reverse(l.lat.begin(), l.lat.end());
    }
    return true;
  }

  // The end nodes: named by the from/to fields, else generated at the line's ends.
  bool ends(Link& l, bool reverse, NodeTable& nodes) {
    if (setup_.field.count("from") == 0) {
      l.a = nodes.at(l.lon.front(), l.lat.front());
      l.b = nodes.at(l.lon.back(), l.lat.back());
      if (l.a == l.b) return problem("both ends are the same point (a loop)");
      return true;
    }
    std::string a = text("from"), b = text("to");
    if (reverse) std::swap(a, b);
    if (a.empty() || b.empty()) return problem("empty from or to");
    if (!detail::valid_id(a) || !detail::valid_id(b))
      return problem("from/to '" + a + "'/'" + b + "' are not valid ids");
    if (a == b) return problem("from and to are the same node '" + a + "'");
    l.a = nodes.named(a, l.lon.front(), l.lat.front());
    l.b = nodes.named(b, l.lon.back(), l.lat.back());
    return true;
  }

  OGRFeature& f_;
  const GIntBig fid_;
  const std::string& path_;
  const LayerMapping& mapping_;
  const LayerSetup& setup_;
  Problems& problems_;
};

// One link as road edges (both directions unless one-way) with its shape points.
void add_road_edges(model::RoadNetwork& r, const Link& l, std::uint16_t cls) {
  auto add = [&](std::size_t a, std::size_t b, bool forward) {
    r.from.push_back(static_cast<core::Index>(a));
    r.to.push_back(static_cast<core::Index>(b));
    r.length_m.push_back(l.length_m);
    r.seconds.push_back(l.seconds);
    r.edge_class.push_back(cls);
    r.edge_source_id.push_back(l.fid);
    const std::size_t k = l.lon.size();
    for (std::size_t i = 1; i + 1 < k; ++i) {
      r.shape_lon.push_back(forward ? l.lon[i] : l.lon[k - 1 - i]);
      r.shape_lat.push_back(forward ? l.lat[i] : l.lat[k - 1 - i]);
    }
    r.shape_first.push_back(static_cast<core::Index>(r.shape_lon.size()));
  };
  add(l.a, l.b, true);
  if (!l.line.oneway) add(l.b, l.a, false);
}

// The links as a network (YAML side) and as a road network (routing side).
void assemble(const std::string& path, const std::vector<NodeTable::Node>& nodes,
              const std::vector<Link>& links, LayerImport& out) {
  model::RoadNetwork& r = out.roads;
  r.source = path;
  for (const auto& n : nodes) {
    model::Node node;
    node.id = node.name = n.id;
    node.lon = n.lon;
    node.lat = n.lat;
    out.network.nodes.push_back(std::move(node));
    r.lon.push_back(n.lon);
    r.lat.push_back(n.lat);
    r.vertex_osm_id.push_back(0);
  }
  r.shape_first.push_back(0);
  for (const Link& l : links) {
    const std::string& mode = l.line.mode;
    auto cls = std::find(r.class_names.begin(), r.class_names.end(), mode);
    if (cls == r.class_names.end()) {
      r.class_names.push_back(mode);
      cls = r.class_names.end() - 1;
      model::Mode m;
      m.id = m.name = mode;
      out.network.modes.push_back(std::move(m));
    }
    add_road_edges(r, l, static_cast<std::uint16_t>(cls - r.class_names.begin()));
    model::Line line = l.line;
    line.stops = {model::Stop{nodes[l.a].id, false, std::nullopt, std::nullopt, {}},
                  model::Stop{nodes[l.b].id, false, std::nullopt, std::nullopt, {}}};
    // The feature's course, kept for maps (README "Line geometry"); two points are straight.
    if (l.lon.size() > 2)
      for (std::size_t i = 0; i < l.lon.size(); ++i) line.geometry.push_back({l.lon[i], l.lat[i]});
    out.network.lines.push_back(std::move(line));
  }
}

}  // namespace

LayerImport read_line_layer(const std::string& path, const LayerMapping& mapping) {
  ensure_gdal();
  QuietGdal quiet;
  if (!std::filesystem::exists(path)) throw core::InputError(path + ": no such file");
  // GDAL opens by name (a shapefile is several files found by name), so the path is checked and
  // not a descriptor: a FIFO swapped in meanwhile could only block this run, of a user who can
  // already write the folder.
  check_input_file(path, Folders::allow);
  GdalDataset ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw core::InputError(path + ": cannot open as a GIS layer" + gdal_reason());
  const LayerSetup setup = set_up_layer(*ds, path, mapping);
  LayerImport out;
  Problems problems;
  NodeTable nodes(mapping.snap_m);
  std::vector<Link> links;
  std::map<std::string, GIntBig> link_ids;
  setup.layer->ResetReading();
  for (std::unique_ptr<OGRFeature> f(setup.layer->GetNextFeature()); f;
       f.reset(setup.layer->GetNextFeature())) {
    ++out.features;
    if (auto l = FeatureReader(*f, path, mapping, setup, problems).read(link_ids, nodes))
      links.push_back(std::move(*l));
  }
  problems.throw_if_any(path, out.features);
  if (links.empty()) throw core::InputError(path + ": the layer has no features");
  assemble(path, nodes.nodes(), links, out);
  return out;
}

std::string network_yaml(const model::Network& net, const std::string& header_comment,
                         bool with_nodes, bool with_modes) {
  std::ostringstream y;
  std::istringstream comment(header_comment);
  for (std::string line; std::getline(comment, line);) y << "# " << line << "\n";
  auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    return q + "\"";
  };
  if (with_nodes && !net.nodes.empty()) {
    y << "nodes:\n";
    for (const auto& n : net.nodes) {
      y.precision(9);
      y << "  - {id: " << n.id;
      if (!n.name.empty() && n.name != n.id) y << ", name: " << quoted(n.name);
      y << ", lon: " << number_text(n.lon) << ", lat: " << number_text(n.lat) << "}\n";
    }
  }
  if (with_modes && !net.modes.empty()) {
    y << "modes:\n";
    for (const auto& m : net.modes) y << "  - {id: " << m.id << "}\n";
  }
  for (const bool links : {true, false}) {
    bool any = false;
    for (const auto& l : net.lines) {
      if (l.is_link != links) continue;
      if (!any) y << (links ? "links:\n" : "lines:\n");
      any = true;
      y << "  - {id: " << l.id << ", mode: " << l.mode;
      if (links) {
        y << ", from: " << l.stops.front().node << ", to: " << l.stops.back().node;
      } else {
        y << ", stops: [" << l.stops.front().node << ", " << l.stops.back().node << "]";
      }
      if (!l.name.empty()) y << ", name: " << quoted(l.name);
      if (!l.segment_min.empty()) y << ", segment_min: [" << number_text(l.segment_min[0]) << "]";
      if (!l.segment_km.empty())
        y << (links ? ", length_km: " : ", segment_km: [") << number_text(l.segment_km[0])
          << (links ? "" : "]");
      if (l.speed_kmh) y << ", speed_kmh: " << number_text(*l.speed_kmh);
      if (l.oneway) y << ", oneway: true";
      if (!l.geometry.empty()) {
        y << ", geometry: [";
        for (std::size_t i = 0; i < l.geometry.size(); ++i)
          y << (i ? ", [" : "[") << number_text(l.geometry[i][0]) << ", "
            << number_text(l.geometry[i][1]) << "]";
        y << "]";
      }
      if (!l.source.empty()) y << ", source: " << quoted(l.source);
      y << "}\n";
    }
  }
  return y.str();
}

}  // namespace reachplan::io
