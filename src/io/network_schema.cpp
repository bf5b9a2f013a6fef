// The keys of a network's nodes, modes, lines, links and stops (README "Network files"): one
// table per kind, each key with its type and physical range.
#include "network_schema.hpp"

#include <ogr_geometry.h>

#include <cmath>
#include <memory>

#include "reachplan/core/text.hpp"
#include "reachplan/model/line_geometry.hpp"

namespace reachplan::io::detail {

namespace {

using model::Line;
using model::Mode;
using model::Node;

void erase_prefix(FieldOrigins& fields, const std::string& prefix) {
  auto it = fields.lower_bound(prefix);
  while (it != fields.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    it = fields.erase(it);
  }
}

// A per-mode map of numbers in one range (access_min, egress_min, transfers in minutes;
// handling_yuan_per_t in yuan). On modify it merges per mode.
void set_mode_numbers(std::map<std::string, double>& target, FieldOrigins& fields,
                      const KeyValue& kv, bool merge, const Range& r = range::penalty_min) {
  if (!merge) {
    target.clear();
    erase_prefix(fields, kv.key + ".");
  }
  for (const auto& e : kv.value.entries()) {
    const std::string mode = e.key_value.id();
    target[mode] = e.value.number_in(r);
    fields[kv.key + "." + mode] = e.key_value.origin();
  }
}

// Free text a schema key names (name_zh, source, ...) kept among the attributes.
template <class T>
void keep_text(Item<T>& item, const KeyValue& kv, const FieldContext&) {
  item.value.attributes[kv.key] = kv.value.is_null() ? "" : kv.value.text();
}

template <class T>
void keep_attributes(Item<T>& item, const KeyValue& kv, const FieldContext&);

// clang-format off
const std::vector<Field<Node>> node_table = {
    {"name", [](auto& i, const auto& kv, const auto&) { i.value.name = kv.value.text(); }},
    {"name_zh", keep_text<Node>},
    {"kind", [](auto& i, const auto& kv, const auto&) { i.value.kind = kv.value.text(); }},
    {"lon", [](auto& i, const auto& kv, const auto&) { i.value.lon = kv.value.number_in(range::lon); }},
    {"lat", [](auto& i, const auto& kv, const auto&) { i.value.lat = kv.value.number_in(range::lat); }},
    {"population", [](auto& i, const auto& kv, const auto&) {
       i.value.population = kv.value.number_in(range::population); }},
    {"access_min", [](auto& i, const auto& kv, const auto& c) {
       set_mode_numbers(i.value.access_min, i.fields, kv, c.modify); }},
    {"egress_min", [](auto& i, const auto& kv, const auto& c) {
       set_mode_numbers(i.value.egress_min, i.fields, kv, c.modify); }},
    {"groups", [](auto& i, const auto& kv, const auto&) {
       i.value.groups.clear();
       erase_prefix(i.fields, "groups[");
       for (const auto& g : kv.value.list()) {
         i.value.groups.push_back(g.id());
         i.fields[index_path("groups", i.value.groups.size() - 1)] = g.origin();
       } }},
    {"source", keep_text<Node>},
    {"confidence", keep_text<Node>},
    {"note", keep_text<Node>},
    {"attributes", keep_attributes<Node>},
};

const std::vector<Field<Mode>> mode_table = {
    {"name", [](auto& i, const auto& kv, const auto&) { i.value.name = kv.value.text(); }},
    {"name_zh", keep_text<Mode>},
    {"speed_kmh", [](auto& i, const auto& kv, const auto&) {
       i.value.speed_kmh = kv.value.number_in(range::speed_kmh); }},
    {"speed_factor", [](auto& i, const auto& kv, const auto&) {
       i.value.speed_factor = kv.value.number_in(range::speed_factor); }},
    {"dwell_min", [](auto& i, const auto& kv, const auto&) {
       i.value.dwell_min = kv.value.number_in(range::dwell_min); }},
    {"access_min", [](auto& i, const auto& kv, const auto&) {
       i.value.access_min = kv.value.number_in(range::penalty_min); }},
    {"egress_min", [](auto& i, const auto& kv, const auto&) {
       i.value.egress_min = kv.value.number_in(range::penalty_min); }},
    {"boarding_wait_min", [](auto& i, const auto& kv, const auto&) {
       i.value.boarding_wait_min = kv.value.number_in(range::penalty_min); }},
    {"detour_factor", [](auto& i, const auto& kv, const auto&) {
       i.value.detour_factor = kv.value.number_in(range::detour_factor); }},
    {"transfer_min", [](auto& i, const auto& kv, const auto&) {
       i.value.transfer_default_min = kv.value.number_in(range::penalty_min); }},
    {"transfers", [](auto& i, const auto& kv, const auto& c) {
       set_mode_numbers(i.value.transfer_min, i.fields, kv, c.modify); }},
    {"fare_yuan_per_km", [](auto& i, const auto& kv, const auto&) {
       i.value.fare_yuan_per_km = kv.value.number_in(range::yuan_per_km); }},
    {"fare_yuan_per_boarding", [](auto& i, const auto& kv, const auto&) {
       i.value.fare_yuan_per_boarding = kv.value.number_in(range::yuan_fixed); }},
    {"freight_yuan_per_tkm", [](auto& i, const auto& kv, const auto&) {
       i.value.freight_yuan_per_tkm = kv.value.number_in(range::yuan_per_tkm); }},
    {"freight_yuan_per_t", [](auto& i, const auto& kv, const auto&) {
       i.value.freight_yuan_per_t = kv.value.number_in(range::yuan_fixed); }},
    {"handling_yuan_per_t", [](auto& i, const auto& kv, const auto& c) {
       set_mode_numbers(i.value.handling_yuan_per_t, i.fields, kv, c.modify, range::yuan_fixed); }},
    {"source", keep_text<Mode>},
    {"confidence", keep_text<Mode>},
    {"note", keep_text<Mode>},
    {"attributes", keep_attributes<Mode>},
};
// clang-format on

// --- lines and links --------------------------------------------------------------------------

// clang-format off
const std::vector<Field<model::Stop>> stop_table = {
    {"node", [](auto& i, const auto& kv, const auto&) { i.value.node = kv.value.id(); }},
    {"pass", [](auto& i, const auto& kv, const auto&) { i.value.pass = kv.value.boolean(); }},
    {"dwell_min", [](auto& i, const auto& kv, const auto&) {
       i.value.dwell_min = kv.value.number_in(range::dwell_min); }},
    {"km", [](auto& i, const auto& kv, const auto&) {
       i.value.km = kv.value.number_in(range::chainage_km); }},
};
// clang-format on

// One entry of `stops:`: a node id, or a map of stop_table keys. Its positions go into the
// line's fields as stops[i] (the node) and stops[i].km.
model::Stop parse_stop(Item<Line>& line, const Value& v, std::size_t i, const FieldContext& ctx) {
  const std::string field = index_path("stops", i);
  if (!v.is_map()) {
    model::Stop s;
    s.node = v.id();
    s.where = v.where();
    line.fields[field] = v.origin();
    return s;
  }
  Item<model::Stop> stop;
  stop.value.where = v.where();
  apply_fields(stop, v.entries(), stop_table, nullptr, ctx);
  if (stop.broken) line.broken = true;
  if (!stop.fields.count("node")) v.fail("a stop needs 'node'");
  line.fields[field] = stop.fields.at("node");
  if (stop.fields.count("km")) line.fields[field + ".km"] = stop.fields.at("km");
  return stop.value;
}

void set_stops(Item<Line>& item, const KeyValue& kv, const FieldContext& ctx) {
  if (item.value.is_link) kv.key_value.fail("a link takes 'from' and 'to', not 'stops'");
  Line& l = item.value;
  l.stops.clear();
  erase_prefix(item.fields, "stops[");
  const auto values = kv.value.list();
  for (std::size_t i = 0; i < values.size(); ++i) {
    l.stops.push_back(parse_stop(item, values[i], i, ctx));
  }
}

// A link's `from` (stop 0) or `to` (stop 1).
void set_end(Item<Line>& item, const KeyValue& kv, const FieldContext&) {
  if (!item.value.is_link) {
    kv.key_value.fail("'" + kv.key + "' is for links; a line lists 'stops'");
  }
  const std::size_t i = kv.key == "from" ? 0 : 1;
  Line& l = item.value;
  l.stops.resize(2);
  l.stops[i] = model::Stop{};
  l.stops[i].node = kv.value.id();
  l.stops[i].where = kv.value.where();
  item.fields[index_path("stops", i)] = kv.value.origin();
}

void set_segments(Item<Line>& item, const KeyValue& kv, const FieldContext&) {
  if (item.value.is_link) {
    kv.key_value.fail("a link is one segment: give length_km (or speed), not '" + kv.key + "'");
  }
  const Range& r = kv.key == "segment_km" ? range::length_km : range::segment_min;
  std::vector<double> values;
  for (const auto& x : kv.value.list()) values.push_back(x.number_in(r));
  (kv.key == "segment_km" ? item.value.segment_km : item.value.segment_min) = std::move(values);
}

void set_status(Item<Line>& item, const KeyValue& kv, const FieldContext&) {
  item.value.status = parse_status(kv.value);
}

// One vertex of a `geometry:` list: [lon, lat].
model::LonLatPoint parse_vertex(const Value& v) {
  const auto pair = v.list();
  if (pair.size() != 2)
    v.fail("a vertex is [lon, lat], got " + std::to_string(pair.size()) + " number(s)");
  return {pair[0].number_in(range::lon), pair[1].number_in(range::lat)};
}

// `geometry: "LINESTRING (lon lat, ...)"`, read by OGR. A parse error, another geometry type
// or a vertex out of range names the text.
std::vector<model::LonLatPoint> parse_wkt(const Value& v) {
  const std::string text = v.text();
  const std::string shown = "'" + core::cut_text(text) + "'";
  OGRGeometry* raw = nullptr;
  const OGRErr err = OGRGeometryFactory::createFromWkt(text.c_str(), nullptr, &raw);
  const std::unique_ptr<OGRGeometry, decltype(&OGRGeometryFactory::destroyGeometry)> g(
      raw, &OGRGeometryFactory::destroyGeometry);
  if (err != OGRERR_NONE || !g)
    v.fail("not a WKT geometry " + shown + ": write LINESTRING (lon lat, lon lat, ...)");
  if (wkbFlatten(g->getGeometryType()) != wkbLineString)
    v.fail(std::string("geometry is a ") + OGRGeometryTypeToName(g->getGeometryType()) +
           ", not a LINESTRING (value " + shown + ")");
  const auto* line = g->toLineString();
  std::vector<model::LonLatPoint> points;
  for (int i = 0; i < line->getNumPoints(); ++i) {
    const double lon = line->getX(i), lat = line->getY(i);
    if (!range::lon.contains(lon) || !range::lat.contains(lat))  // NaN fails both
      v.fail("vertex " + std::to_string(i) + " (" + core::fixed_decimals(lon, 6) + " " +
             core::fixed_decimals(lat, 6) + ") of the geometry is not a lon/lat in " +
             range::lon.str() + " / " + range::lat.str() + " (value " + shown + ")");
    points.push_back({lon, lat});
  }
  return points;
}

// `geometry:` as a list of [lon, lat] or a WKT LINESTRING; an empty value clears it (straight,
// for a scenario's modify). Where the stops lie on it is checked once the network is known.
void set_geometry(Item<Line>& item, const KeyValue& kv, const FieldContext&) {
  auto& g = item.value.geometry;
  g.clear();
  if (kv.value.is_null()) return;
  if (kv.value.is_list()) {
    for (const auto& v : kv.value.list()) g.push_back(parse_vertex(v));
  } else {
    g = parse_wkt(kv.value);
  }
  if (g.size() < 2) {
    const auto n = g.size();
    g.clear();
    kv.value.fail("a geometry needs at least 2 vertices (the first and the last stop), got " +
                  std::to_string(n));
  }
}

// `runs_over:` the ids of the lines whose tracks a service uses; checked against the resolved
// network (validate_network.cpp).
void set_runs_over(Item<Line>& item, const KeyValue& kv, const FieldContext&) {
  item.value.runs_over.clear();
  erase_prefix(item.fields, "runs_over[");
  if (kv.value.is_null()) return;
  for (const auto& v : kv.value.list()) {
    item.value.runs_over.push_back(v.id());
    item.fields[index_path("runs_over", item.value.runs_over.size() - 1)] = v.origin();
  }
}

// clang-format off
const std::vector<Field<Line>> line_table = {
    {"name", [](auto& i, const auto& kv, const auto&) { i.value.name = kv.value.text(); }},
    {"name_zh", keep_text<Line>},
    {"mode", [](auto& i, const auto& kv, const auto&) { i.value.mode = kv.value.id(); }},
    {"stops", set_stops},
    {"from", set_end},
    {"to", set_end},
    {"length_km", [](auto& i, const auto& kv, const auto&) {
       i.value.length_km = kv.value.number_in(range::length_km); }},
    {"segment_km", set_segments},
    {"segment_min", set_segments},
    {"design_speed_kmh", [](auto& i, const auto& kv, const auto&) {
       i.value.design_speed_kmh = kv.value.number_in(range::speed_kmh); }},
    {"speed_kmh", [](auto& i, const auto& kv, const auto&) {
       i.value.speed_kmh = kv.value.number_in(range::speed_kmh); }},
    {"detour_factor", [](auto& i, const auto& kv, const auto&) {
       i.value.detour_factor = kv.value.number_in(range::detour_factor); }},
    {"dwell_min", [](auto& i, const auto& kv, const auto&) {
       i.value.dwell_min = kv.value.number_in(range::dwell_min); }},
    {"headway_min", [](auto& i, const auto& kv, const auto&) {
       i.value.headway_min = kv.value.number_in(range::headway_min); }},
    {"trains_per_day", [](auto& i, const auto& kv, const auto&) {
       i.value.trains_per_day = kv.value.number_in(range::trains_per_day); }},
    {"fare_yuan_per_km", [](auto& i, const auto& kv, const auto&) {
       i.value.fare_yuan_per_km = kv.value.number_in(range::yuan_per_km); }},
    {"freight_yuan_per_tkm", [](auto& i, const auto& kv, const auto&) {
       i.value.freight_yuan_per_tkm = kv.value.number_in(range::yuan_per_tkm); }},
    {"status", set_status},
    {"opened", [](auto& i, const auto& kv, const auto&) {
       i.value.opened = kv.value.integer_in(range::year); }},
    {"oneway", [](auto& i, const auto& kv, const auto&) { i.value.oneway = kv.value.boolean(); }},
    {"runs_over", set_runs_over},
    {"geometry", set_geometry},
    {"source", [](auto& i, const auto& kv, const auto&) { i.value.source = kv.value.text(); }},
    {"confidence", [](auto& i, const auto& kv, const auto&) {
       i.value.confidence = kv.value.text(); }},
    {"note", [](auto& i, const auto& kv, const auto&) { i.value.note = kv.value.text(); }},
    {"attributes", keep_attributes<Line>},
};
// clang-format on

template <class T>
std::vector<std::string> schema_keys();
template <>
std::vector<std::string> schema_keys<Node>() {
  return keys_of(node_table);
}
template <>
std::vector<std::string> schema_keys<Mode>() {
  return keys_of(mode_table);
}
template <>
std::vector<std::string> schema_keys<Line>() {
  return keys_of(line_table);
}

// `attributes:` merges key by key (a scenario's modify may add or change one attribute).
template <class T>
void keep_attributes(Item<T>& item, const KeyValue& kv, const FieldContext&) {
  static const std::vector<std::string> taken = [] {
    auto keys = schema_keys<T>();
    keys.emplace_back("id");
    return keys;
  }();
  for (const auto& e : kv.value.entries()) {
    if (std::find(taken.begin(), taken.end(), e.key) != taken.end()) {
      e.key_value.fail("'" + e.key + "' is a key of the schema, not an attribute: give it " +
                       "beside 'attributes', not inside");
    }
    if (!e.value.is_scalar() && !e.value.is_null()) {
      e.value.fail("an attribute is a single text or number, got " + e.value.shown());
    }
    item.value.attributes[e.key] = e.value.is_null() ? "" : e.value.text();
  }
}

}  // namespace

model::Status parse_status(const Value& v) {
  const std::string s = v.text();
  const auto status = model::status_from_string(s);
  if (!status) {
    v.fail("invalid status '" + core::cut_text(s) + "'" +
           core::did_you_mean(s, {"existing", "under_construction", "planned"}) +
           "; use existing, under_construction or planned");
  }
  return *status;
}

const std::vector<Field<Node>>& node_fields() {
  return node_table;
}
const std::vector<Field<Mode>>& mode_fields() {
  return mode_table;
}
const std::vector<Field<Line>>& line_fields() {
  return line_table;
}

const std::vector<Exclusive<Mode>>& mode_exclusive() {
  static const std::vector<Exclusive<Mode>> pairs = {
      {"speed_kmh", &Mode::speed_kmh, "speed_factor", &Mode::speed_factor,
       "a mode's speed_kmh applies to every line, so its speed_factor would never be used"}};
  return pairs;
}

const std::vector<Exclusive<Line>>& line_exclusive() {
  static const std::vector<Exclusive<Line>> pairs = {{"headway_min", &Line::headway_min,
                                                      "trains_per_day", &Line::trains_per_day,
                                                      "both give the interval between trains"}};
  return pairs;
}

}  // namespace reachplan::io::detail
