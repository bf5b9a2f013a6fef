// Line layers through OGR. Every feature is checked and all problems are reported at once, so a
// planner fixes the layer in QGIS in one go instead of one feature per run.
#include "reachplan/io/layer_import.hpp"
#include "reachplan/io/gdal_session.hpp"

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

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

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

LayerImport read_line_layer(const std::string& path, const LayerMapping& mapping) {
  ensure_gdal();
  QuietGdal quiet;
  if (!std::filesystem::exists(path)) throw core::InputError(path + ": no such file");
  GdalDataset ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw core::InputError(path + ": cannot open as a GIS layer" + gdal_reason());
  OGRLayer* layer = nullptr;
  if (!mapping.layer.empty()) {
    layer = ds->GetLayerByName(mapping.layer.c_str());
    if (!layer) {
      std::vector<std::string> names;
      for (int i = 0; i < ds->GetLayerCount(); ++i) names.push_back(ds->GetLayer(i)->GetName());
      throw core::InputError(path + ": no layer '" + mapping.layer + "'" +
                             core::did_you_mean(mapping.layer, names));
    }
  } else {
    if (ds->GetLayerCount() < 1) throw core::InputError(path + ": no layers");
    layer = ds->GetLayer(0);
  }
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  std::map<std::string, int> field;
  for (const auto& [role, name] : mapping.fields) {
    const int i = defn->GetFieldIndex(name.c_str());
    if (i < 0) {
      std::vector<std::string> names;
      for (int k = 0; k < defn->GetFieldCount(); ++k)
        names.push_back(defn->GetFieldDefn(k)->GetNameRef());
      throw core::InputError(path + ": layer '" + layer->GetName() + "' has no field '" + name +
                             "' (for " + role + ")" + core::did_you_mean(name, names));
    }
    field[role] = i;
  }
  const bool by_field = field.count("from") > 0;
  const bool has_minutes = field.count("minutes") > 0, has_speed = field.count("speed") > 0;
  if (!has_minutes && !has_speed && !mapping.speed_kmh)
    throw core::InputError(path +
                           ": no way to time the links: map minutes= or speed= to a field, "
                           "or give a default --speed");
  // Geometries must be lon/lat: transform anything else to WGS84.
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
  if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!srs->IsSame(&wgs84)) {
      to_wgs84.reset(OGRCreateCoordinateTransformation(srs, &wgs84));
      if (!to_wgs84) throw core::InputError(path + ": cannot transform the layer's CRS to WGS84");
    }
  }

  LayerImport out;
  out.network.modes = {};
  std::vector<std::string> problems;
  std::size_t bad_count = 0;
  auto problem = [&](GIntBig fid, const std::string& what) {
    ++bad_count;
    if (problems.size() < 20) problems.push_back("feature " + std::to_string(fid) + ": " + what);
  };
  struct Node {
    std::string id;
    double lon, lat;
  };
  std::vector<Node> nodes;
  std::map<std::string, std::size_t> node_of_id;
  // Generated nodes by position: a snap_m grid cell holds its candidates.
  std::map<std::pair<long long, long long>, std::vector<std::size_t>> cells;
  const double snap_deg = std::max(mapping.snap_m, 1e-3) / 111195.0;
  auto node_at = [&](double lon, double lat) -> std::size_t {
    const long long cx = static_cast<long long>(std::floor(lon / snap_deg));
    const long long cy = static_cast<long long>(std::floor(lat / snap_deg));
    for (long long dx = -1; dx <= 1; ++dx)
      for (long long dy = -1; dy <= 1; ++dy) {
        auto it = cells.find({cx + dx, cy + dy});
        if (it == cells.end()) continue;
        for (std::size_t k : it->second)
          if (core::great_circle_km(lon, lat, nodes[k].lon, nodes[k].lat) * 1000 <= mapping.snap_m)
            return k;
      }
    nodes.push_back({"n" + std::to_string(nodes.size() + 1), lon, lat});
    cells[{cx, cy}].push_back(nodes.size() - 1);
    return nodes.size() - 1;
  };
  auto node_named = [&](const std::string& id, double lon, double lat) -> std::size_t {
    auto [it, fresh] = node_of_id.try_emplace(id, nodes.size());
    if (fresh) nodes.push_back({id, lon, lat});
    return it->second;
  };

  struct Link {
    model::Line line;
    std::vector<double> lon, lat;
    std::size_t a, b;
    double length_m, seconds;
    GIntBig fid;
  };
  std::vector<Link> links;
  std::map<std::string, GIntBig> link_ids;
  layer->ResetReading();
  for (std::unique_ptr<OGRFeature> f(layer->GetNextFeature()); f;
       f.reset(layer->GetNextFeature())) {
    ++out.features;
    const GIntBig fid = f->GetFID();
    auto text = [&](const char* role) -> std::string {
      auto it = field.find(role);
      if (it == field.end() || !f->IsFieldSetAndNotNull(it->second)) return "";
      return f->GetFieldAsString(it->second);
    };
    auto number = [&](const char* role, std::optional<double>& x) {
      const std::string s = text(role);
      if (s.empty()) return true;
      char* end = nullptr;
      const double v = std::strtod(s.c_str(), &end);
      if (*end != '\0' || !std::isfinite(v)) {
        problem(fid, std::string(role) + " '" + s + "' is not a number");
        return false;
      }
      x = v;
      return true;
    };
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) {
      problem(fid, "no geometry");
      continue;
    }
    std::unique_ptr<OGRGeometry> owned;
    if (to_wgs84) {
      owned.reset(g->clone());
      if (owned->transform(to_wgs84.get()) != OGRERR_NONE) {
        problem(fid, "cannot transform to WGS84");
        continue;
      }
      g = owned.get();
    }
    const OGRLineString* ls = nullptr;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbLineString) {
      ls = g->toLineString();
    } else if (type == wkbMultiLineString && g->toMultiLineString()->getNumGeometries() == 1) {
      ls = g->toMultiLineString()->getGeometryRef(0);
    } else {
      problem(fid, std::string("geometry is a ") + OGRGeometryTypeToName(g->getGeometryType()) +
                       ", not a single line");
      continue;
    }
    if (ls->getNumPoints() < 2) {
      problem(fid, "line with fewer than 2 points");
      continue;
    }
    Link l;
    l.fid = fid;
    double geodesic_m = 0;
    bool coords_ok = true;
    for (int i = 0; i < ls->getNumPoints(); ++i) {
      const double x = ls->getX(i), y = ls->getY(i);
      if (!core::valid_lon_lat(x, y)) coords_ok = false;
      if (i > 0) geodesic_m += core::great_circle_km(l.lon.back(), l.lat.back(), x, y) * 1000;
      l.lon.push_back(x);
      l.lat.push_back(y);
    }
    if (!coords_ok) {
      problem(fid, "coordinates are not WGS84 lon/lat (and the layer has no CRS to transform)");
      continue;
    }
    std::optional<double> minutes, speed, length_km;
    if (!number("minutes", minutes) || !number("speed", speed) || !number("length", length_km))
      continue;
    if (minutes && !(*minutes > 0)) {
      problem(fid, "minutes must be > 0");
      continue;
    }
    if (speed && !(*speed > 0)) {
      problem(fid, "speed must be > 0 km/h");
      continue;
    }
    if (length_km && !(*length_km > 0)) {
      problem(fid, "length must be > 0 km");
      continue;
    }
    if (!minutes && !speed) speed = mapping.speed_kmh;
    if (!minutes && !speed) {
      problem(fid, "no minutes and no speed (and no default --speed)");
      continue;
    }
    l.length_m = length_km ? *length_km * 1000 : geodesic_m;
    l.seconds = minutes ? *minutes * 60 : l.length_m / (*speed / 3.6);
    model::Line& line = l.line;
    // A link has no running minutes in YAML: timed features become two-stop lines.
    line.is_link = !minutes;
    line.mode = text("mode").empty() ? mapping.mode : text("mode");
    if (!detail::valid_id(line.mode)) {
      problem(fid, "mode '" + line.mode + "' is not a valid id");
      continue;
    }
    line.id = text("id").empty() ? "f" + std::to_string(fid) : text("id");
    if (!detail::valid_id(line.id)) {
      problem(fid, "id '" + line.id + "' may only hold letters, digits, '_', '.' and '-'");
      continue;
    }
    if (auto [it, fresh] = link_ids.try_emplace(line.id, fid); !fresh) {
      problem(fid, "id '" + line.id + "' already used by feature " + std::to_string(it->second));
      continue;
    }
    line.name = text("name");
    const std::string ow = lower(text("oneway"));
    bool reverse = false;
    if (ow == "yes" || ow == "true" || ow == "1") {
      line.oneway = true;
    } else if (ow == "-1" || ow == "reverse") {
      line.oneway = true;
      reverse = true;
    } else if (!ow.empty() && ow != "no" && ow != "false" && ow != "0") {
      problem(fid, "oneway '" + ow + "' is not yes/no/true/false/1/0/-1");
      continue;
    }
    if (reverse) {
      std::reverse(l.lon.begin(), l.lon.end());
      std::reverse(l.lat.begin(), l.lat.end());
    }
    if (minutes) {
      line.segment_min = {*minutes};
      if (length_km) line.segment_km = {*length_km};
    } else {
      line.segment_km = {l.length_m / 1000};
      line.speed_kmh = *speed;
    }
    line.source =
        std::filesystem::path(path).filename().string() + " feature " + std::to_string(fid);
    if (by_field) {
      std::string a = text("from"), b = text("to");
      if (reverse) std::swap(a, b);
      if (a.empty() || b.empty()) {
        problem(fid, "empty from or to");
        continue;
      }
      if (!detail::valid_id(a) || !detail::valid_id(b)) {
        problem(fid, "from/to '" + a + "'/'" + b + "' are not valid ids");
        continue;
      }
      if (a == b) {
        problem(fid, "from and to are the same node '" + a + "'");
        continue;
      }
      l.a = node_named(a, l.lon.front(), l.lat.front());
      l.b = node_named(b, l.lon.back(), l.lat.back());
    } else {
      l.a = node_at(l.lon.front(), l.lat.front());
      l.b = node_at(l.lon.back(), l.lat.back());
      if (l.a == l.b) {
        problem(fid, "both ends are the same point (a loop)");
        continue;
      }
    }
    links.push_back(std::move(l));
  }
  if (bad_count > 0) {
    std::string msg = path + ": " + std::to_string(bad_count) + " of " +
                      std::to_string(out.features) + " features cannot be used as links:";
    for (const auto& p : problems) msg += "\n  " + p;
    if (bad_count > problems.size())
      msg += "\n  ... and " + std::to_string(bad_count - problems.size()) + " more";
    throw core::InputError(msg);
  }
  if (links.empty()) throw core::InputError(path + ": the layer has no features");

  // Network (YAML side) and road network (routing side).
  for (const Node& n : nodes) {
    model::Node node;
    node.id = node.name = n.id;
    node.lon = n.lon;
    node.lat = n.lat;
    out.network.nodes.push_back(std::move(node));
  }
  model::RoadNetwork& r = out.roads;
  r.source = path;
  for (const Node& n : nodes) {
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
    auto add = [&](std::size_t a, std::size_t b, bool forward) {
      r.from.push_back(static_cast<core::Index>(a));
      r.to.push_back(static_cast<core::Index>(b));
      r.length_m.push_back(l.length_m);
      r.seconds.push_back(l.seconds);
      r.edge_class.push_back(static_cast<std::uint16_t>(cls - r.class_names.begin()));
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
    model::Line line = l.line;
    line.stops = {model::Stop{nodes[l.a].id, false, std::nullopt, std::nullopt, {}},
                  model::Stop{nodes[l.b].id, false, std::nullopt, std::nullopt, {}}};
    out.network.lines.push_back(std::move(line));
  }
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
      if (!l.source.empty()) y << ", source: " << quoted(l.source);
      y << "}\n";
    }
  }
  return y.str();
}

}  // namespace reachplan::io
