#include "network_state.hpp"

#include <algorithm>

#include "reachplan/core/text.hpp"
#include "reachplan/io/limits.hpp"

namespace reachplan::io::detail {

namespace {

using model::Line;
using model::Mode;
using model::Node;

// clang-format off
const std::vector<std::string> node_keys = {
    "id", "name", "kind", "lon", "lat", "population", "access_min", "egress_min", "groups"};
const std::vector<std::string> mode_keys = {
    "id", "name", "speed_factor", "speed_kmh", "dwell_min", "access_min", "egress_min",
    "boarding_wait_min", "detour_factor", "transfer_min", "transfers"};
const std::vector<std::string> line_keys = {
    "id", "name", "mode", "stops", "length_km", "segment_km", "segment_min", "design_speed_kmh",
    "speed_kmh", "detour_factor", "dwell_min", "headway_min", "trains_per_day", "status",
    "opened", "oneway", "source", "confidence", "note"};
// A link is a line without stops/segment_* but with from/to.
const std::vector<std::string> link_keys = {
    "id", "name", "mode", "from", "to", "length_km", "design_speed_kmh", "speed_kmh",
    "detour_factor", "dwell_min", "headway_min", "trains_per_day", "status", "opened", "oneway",
    "source", "confidence", "note"};
// clang-format on
const std::vector<std::string> stop_keys = {"node", "pass", "dwell_min", "km"};
const std::vector<std::string> list_keys = {"nodes", "modes", "lines", "links"};

void erase_prefix(FieldOrigins& fields, const std::string& prefix) {
  auto it = fields.lower_bound(prefix);
  while (it != fields.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    it = fields.erase(it);
  }
}

// A per-mode minutes map (access_min, egress_min, transfers). On modify it merges per mode.
void set_mode_minutes(std::map<std::string, double>& target, FieldOrigins& fields,
                      const KeyValue& kv, bool merge) {
  if (!merge) {
    target.clear();
    erase_prefix(fields, kv.key + ".");
  }
  for (const auto& e : kv.value.entries()) {
    const std::string mode = e.key_value.id();
    target[mode] = e.value.non_negative();
    fields[kv.key + "." + mode] = e.key_value.origin();
  }
}

bool set_node_field(Item<Node>& item, const KeyValue& kv, bool modify) {
  Node& n = item.value;
  const std::string& key = kv.key;
  const Value& v = kv.value;
  if (key == "name") {
    n.name = v.text();
  } else if (key == "kind") {
    n.kind = v.text();
  } else if (key == "lon") {
    n.lon = v.number();
    if (n.lon < -180 || n.lon > 180) v.fail_value("longitude must be in [-180, 180] degrees");
  } else if (key == "lat") {
    n.lat = v.number();
    if (n.lat < -90 || n.lat > 90) v.fail_value("latitude must be in [-90, 90] degrees");
  } else if (key == "population") {
    n.population = v.non_negative();
    if (*n.population > limits::max_population) v.fail_value("population must be at most 1e10");
  } else if (key == "groups") {
    n.groups.clear();
    for (const auto& g : v.list()) {
      n.groups.push_back(g.id());
      item.fields[index_path("groups", n.groups.size() - 1)] = g.origin();
    }
  } else if (key == "access_min") {
    set_mode_minutes(n.access_min, item.fields, kv, modify);
  } else if (key == "egress_min") {
    set_mode_minutes(n.egress_min, item.fields, kv, modify);
  } else if (v.is_scalar() || v.is_null()) {
    // Any other scalar (name_zh, code, province, ...) is kept for outputs, by design.
    n.attributes[key] = v.is_null() ? "" : v.text();
  } else {
    return false;
  }
  item.fields[key] = v.origin();
  return true;
}

bool set_mode_field(Item<Mode>& item, const KeyValue& kv, bool modify) {
  Mode& m = item.value;
  const std::string& key = kv.key;
  const Value& v = kv.value;
  if (key == "name") {
    m.name = v.text();
  } else if (key == "speed_factor") {
    const double f = v.number();
    if (!(f > 0 && f <= 1.5)) v.fail_value("speed_factor must be in (0, 1.5]");
    m.speed_factor = f;
  } else if (key == "speed_kmh") {
    m.speed_kmh = v.positive();
  } else if (key == "dwell_min") {
    m.dwell_min = v.non_negative();
  } else if (key == "access_min") {
    m.access_min = v.non_negative();
  } else if (key == "egress_min") {
    m.egress_min = v.non_negative();
  } else if (key == "boarding_wait_min") {
    m.boarding_wait_min = v.non_negative();
  } else if (key == "detour_factor") {
    m.detour_factor = v.number();
    if (m.detour_factor < 1) v.fail_value("detour_factor must be >= 1");
  } else if (key == "transfer_min") {
    m.transfer_default_min = v.non_negative();
  } else if (key == "transfers") {
    set_mode_minutes(m.transfer_min, item.fields, kv, modify);
  } else {
    return false;
  }
  item.fields[key] = v.origin();
  return true;
}

void set_stops(Item<Line>& item, const Value& v, Diagnostics& diag) {
  Line& l = item.value;
  l.stops.clear();
  erase_prefix(item.fields, "stops[");
  const auto values = v.list();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Value& sv = values[i];
    model::Stop s;
    s.where = sv.where();
    const std::string field = index_path("stops", i);
    if (sv.is_map()) {
      bool has_node = false;
      for (const auto& e : sv.entries()) {
        if (e.key == "node") {
          s.node = e.value.id();
          item.fields[field] = e.value.origin();
          has_node = true;
        } else if (e.key == "pass") {
          s.pass = e.value.boolean();
        } else if (e.key == "dwell_min") {
          s.dwell_min = e.value.non_negative();
        } else if (e.key == "km") {
          s.km = e.value.non_negative();
          item.fields[field + ".km"] = e.value.origin();
        } else {
          diag.unknown_key(e, stop_keys);
        }
      }
      if (!has_node) sv.fail("a stop needs 'node'");
    } else {
      s.node = sv.id();
      item.fields[field] = sv.origin();
    }
    l.stops.push_back(std::move(s));
  }
}

std::vector<double> positive_list(const Value& v) {
  std::vector<double> out;
  for (const auto& x : v.list()) out.push_back(x.positive());
  return out;
}

bool set_line_field(Item<Line>& item, const KeyValue& kv, Diagnostics& diag) {
  Line& l = item.value;
  const std::string& key = kv.key;
  const Value& v = kv.value;
  if (key == "name") {
    l.name = v.text();
  } else if (key == "mode") {
    l.mode = v.id();
  } else if (key == "stops") {
    if (l.is_link) kv.key_value.fail("a link takes 'from' and 'to', not 'stops'");
    set_stops(item, v, diag);
  } else if (key == "from" || key == "to") {
    if (!l.is_link) kv.key_value.fail("'" + key + "' is for links; a line lists 'stops'");
    const std::size_t i = key == "from" ? 0 : 1;
    l.stops.resize(2);
    l.stops[i] = model::Stop{};
    l.stops[i].node = v.id();
    l.stops[i].where = v.where();
    item.fields[index_path("stops", i)] = v.origin();
  } else if (key == "segment_km" || key == "segment_min") {
    if (l.is_link) {
      kv.key_value.fail("a link is one segment: give length_km (or speed), not '" + key + "'");
    }
    (key == "segment_km" ? l.segment_km : l.segment_min) = positive_list(v);
  } else if (key == "length_km") {
    l.length_km = v.positive();
  } else if (key == "design_speed_kmh") {
    l.design_speed_kmh = v.positive();
  } else if (key == "speed_kmh") {
    l.speed_kmh = v.positive();
  } else if (key == "detour_factor") {
    const double f = v.number();
    if (f < 1) v.fail_value("detour_factor must be >= 1");
    l.detour_factor = f;
  } else if (key == "dwell_min") {
    l.dwell_min = v.non_negative();
  } else if (key == "headway_min") {
    l.headway_min = v.positive();
  } else if (key == "trains_per_day") {
    l.trains_per_day = v.positive();
  } else if (key == "status") {
    const std::string s = v.text();
    const auto status = model::status_from_string(s);
    if (!status) {
      v.fail("invalid status '" + s + "'" +
             core::did_you_mean(s, {"existing", "under_construction", "planned"}) +
             "; use existing, under_construction or planned");
    }
    l.status = *status;
  } else if (key == "opened") {
    const int year = v.integer();
    if (year < 1800 || year > 2200) v.fail_value("opened must be a year in 1800..2200");
    l.opened = year;
  } else if (key == "oneway") {
    l.oneway = v.boolean();
  } else if (key == "source") {
    l.source = v.text();
  } else if (key == "confidence") {
    l.confidence = v.text();
  } else if (key == "note") {
    l.note = v.text();
  } else {
    return false;
  }
  item.fields[key] = v.origin();
  return true;
}

// The `id` entry of an item map; every item needs one.
const KeyValue& id_entry(const Value& map, const std::vector<KeyValue>& entries) {
  for (const auto& e : entries) {
    if (e.key == "id") return e;
  }
  map.fail("missing required key 'id'");
}

void require(const Value& map, const FieldOrigins& fields, const std::string& key) {
  if (!fields.count(key)) map.fail("missing required key '" + key + "'");
}

template <class T>
Item<T> start_item(const Value& map, const KeyValue& id) {
  Item<T> item;
  item.origin = map.origin();
  item.value.id = id.value.id();
  item.value.where = map.where();
  item.fields["id"] = id.value.origin();
  return item;
}

template <class T>
const Item<T>* find_in(const std::vector<Item<T>>& items,
                       const std::unordered_map<std::string, std::size_t>& index,
                       const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &items[it->second];
}

template <class T>
std::vector<std::string> ids_in(const std::vector<Item<T>>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& i : items) ids.push_back(i.value.id);
  return ids;
}

template <class T>
void insert(std::vector<Item<T>>& items, std::unordered_map<std::string, std::size_t>& index,
            std::map<std::string, Origin>& removed, Item<T> item, const char* kind) {
  const std::string& id = item.value.id;
  if (auto it = index.find(id); it != index.end()) {
    fail_at(item.at("id"), std::string("duplicate ") + kind + " id '" + id +
                               "' (first defined at " + items[it->second].at("id").where.str() +
                               ")");
  }
  removed.erase(id);
  index.emplace(id, items.size());
  items.push_back(std::move(item));
}

template <class T>
void erase(std::vector<Item<T>>& items, std::unordered_map<std::string, std::size_t>& index,
           const std::string& id) {
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(index.at(id)));
  index.clear();
  for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].value.id, i);
}

std::string unknown_id(const char* kind, const std::string& id,
                       const std::vector<std::string>& known,
                       const std::map<std::string, Origin>& removed) {
  return std::string("unknown ") + kind + " '" + id + "'" + core::did_you_mean(id, known) +
         removed_note(removed, id);
}

}  // namespace

std::string removed_note(const std::map<std::string, Origin>& removed, const std::string& id) {
  auto it = removed.find(id);
  return it == removed.end() ? "" : " (removed at " + it->second.where.str() + ")";
}

const Item<Node>* NetworkState::find_node(const std::string& id) const {
  return find_in(nodes_, node_index_, id);
}
const Item<Mode>* NetworkState::find_mode(const std::string& id) const {
  return find_in(modes_, mode_index_, id);
}
const Item<Line>* NetworkState::find_line(const std::string& id) const {
  return find_in(lines_, line_index_, id);
}
std::vector<std::string> NetworkState::node_ids() const {
  return ids_in(nodes_);
}
std::vector<std::string> NetworkState::mode_ids() const {
  return ids_in(modes_);
}
std::vector<std::string> NetworkState::line_ids() const {
  return ids_in(lines_);
}

void NetworkState::add_file(const Value& root) {
  static const std::vector<std::string> known = {"network", "nodes", "modes", "lines", "links"};
  static const std::vector<std::string> meta_keys = {"name", "source", "licence", "description"};
  if (root.is_null()) root.fail("the file is empty; expected nodes, modes, lines or links");
  for (const auto& e : root.entries()) {
    if (e.key == "network") {
      // Informative only: checked for shape and typos, not kept.
      for (const auto& m : e.value.entries()) {
        if (std::find(meta_keys.begin(), meta_keys.end(), m.key) == meta_keys.end()) {
          diag_.unknown_key(m, meta_keys);
        } else {
          m.value.text();
        }
      }
    } else if (e.key == "scenario") {
      e.key_value.fail("this is a scenario file; a network file holds nodes, modes, lines, links");
    } else if (std::find(list_keys.begin(), list_keys.end(), e.key) != list_keys.end()) {
      add_list(e);
    } else {
      diag_.unknown_key(e, known);
    }
  }
}

void NetworkState::add(const Value& map) {
  for (const auto& e : map.entries()) {
    if (std::find(list_keys.begin(), list_keys.end(), e.key) != list_keys.end()) {
      add_list(e);
    } else {
      diag_.unknown_key(e, list_keys);
    }
  }
}

void NetworkState::add_list(const KeyValue& list) {
  if (list.value.is_null()) return;  // `lines:` with every entry commented out
  for (const auto& v : list.value.list()) {
    // Each file is bounded on its own; this bounds the network a scenario gathers from many.
    const auto count = [&](std::size_t n) {
      items_added_ += n;
      if (items_added_ <= limits::max_network_items) return;
      v.fail("the network holds more than " + std::to_string(limits::max_network_items) +
             " places, modes, lines and stops across its files (see README, Robustness and "
             "limits)");
    };
    count(1);
    const auto entries = v.entries();
    const KeyValue& id = id_entry(v, entries);
    if (list.key == "nodes") {
      auto item = start_item<Node>(v, id);
      for (const auto& e : entries) {
        if (&e != &id && !set_node_field(item, e, false)) diag_.unknown_key(e, node_keys);
      }
      require(v, item.fields, "lon");
      require(v, item.fields, "lat");
      if (item.value.name.empty()) item.value.name = item.value.id;
      insert(nodes_, node_index_, removed_nodes_, std::move(item), "node");
    } else if (list.key == "modes") {
      auto item = start_item<Mode>(v, id);
      for (const auto& e : entries) {
        if (&e != &id && !set_mode_field(item, e, false)) diag_.unknown_key(e, mode_keys);
      }
      if (item.value.name.empty()) item.value.name = item.value.id;
      insert(modes_, mode_index_, removed_modes_, std::move(item), "mode");
    } else {
      const bool link = list.key == "links";
      auto item = start_item<Line>(v, id);
      item.value.is_link = link;
      for (const auto& e : entries) {
        if (&e != &id && !set_line_field(item, e, diag_)) {
          diag_.unknown_key(e, link ? link_keys : line_keys);
        }
      }
      count(item.value.stops.size());
      require(v, item.fields, "mode");
      if (link) {
        require(v, item.fields, "from");
        require(v, item.fields, "to");
      } else {
        require(v, item.fields, "stops");
      }
      if (item.value.name.empty()) item.value.name = item.value.id;
      insert(lines_, line_index_, removed_lines_, std::move(item), link ? "link" : "line");
    }
  }
}

void NetworkState::remove(const Value& map) {
  for (const auto& e : map.entries()) {
    if (std::find(list_keys.begin(), list_keys.end(), e.key) == list_keys.end()) {
      diag_.unknown_key(e, list_keys);
      continue;
    }
    for (const auto& v : e.value.list()) {
      const std::string id = v.id();
      if (e.key == "nodes") {
        if (!find_node(id)) v.fail(unknown_id("node", id, node_ids(), removed_nodes_));
        erase(nodes_, node_index_, id);
        removed_nodes_[id] = v.origin();
      } else if (e.key == "modes") {
        if (!find_mode(id)) v.fail(unknown_id("mode", id, mode_ids(), removed_modes_));
        erase(modes_, mode_index_, id);
        removed_modes_[id] = v.origin();
        // Per-mode settings of other items mean nothing without the mode; a modify could not
        // delete them, so they go with it.
        for (auto& n : nodes_) {
          n.value.access_min.erase(id);
          n.value.egress_min.erase(id);
        }
        for (auto& m : modes_) m.value.transfer_min.erase(id);
      } else {
        // Lines and links share one id space, so either list may name either.
        const char* kind = e.key == "links" ? "link" : "line";
        if (!find_line(id)) v.fail(unknown_id(kind, id, line_ids(), removed_lines_));
        erase(lines_, line_index_, id);
        removed_lines_[id] = v.origin();
      }
    }
  }
}

void NetworkState::modify(const Value& map) {
  for (const auto& e : map.entries()) {
    if (std::find(list_keys.begin(), list_keys.end(), e.key) == list_keys.end()) {
      diag_.unknown_key(e, list_keys);
      continue;
    }
    for (const auto& v : e.value.list()) {
      const auto entries = v.entries();
      const KeyValue& id_kv = id_entry(v, entries);
      const std::string id = id_kv.value.id();
      if (e.key == "nodes") {
        if (!find_node(id)) id_kv.value.fail(unknown_id("node", id, node_ids(), removed_nodes_));
        auto& item = nodes_[node_index_.at(id)];
        for (const auto& f : entries) {
          if (&f != &id_kv && !set_node_field(item, f, true)) diag_.unknown_key(f, node_keys);
        }
      } else if (e.key == "modes") {
        if (!find_mode(id)) id_kv.value.fail(unknown_id("mode", id, mode_ids(), removed_modes_));
        auto& item = modes_[mode_index_.at(id)];
        for (const auto& f : entries) {
          if (&f != &id_kv && !set_mode_field(item, f, true)) diag_.unknown_key(f, mode_keys);
        }
      } else {
        const char* kind = e.key == "links" ? "link" : "line";
        if (!find_line(id)) id_kv.value.fail(unknown_id(kind, id, line_ids(), removed_lines_));
        auto& item = lines_[line_index_.at(id)];
        for (const auto& f : entries) {
          if (&f != &id_kv && !set_line_field(item, f, diag_)) {
            diag_.unknown_key(f, item.value.is_link ? link_keys : line_keys);
          }
        }
      }
    }
  }
}

model::Network NetworkState::network() const {
  model::Network n;
  for (const auto& i : nodes_) n.nodes.push_back(i.value);
  for (const auto& i : modes_) n.modes.push_back(i.value);
  for (const auto& i : lines_) n.lines.push_back(i.value);
  return n;
}

}  // namespace reachplan::io::detail
