#include "network_state.hpp"

#include "network_schema.hpp"

#include <algorithm>
#include <initializer_list>
#include <type_traits>

#include "reachplan/core/text.hpp"
#include "reachplan/io/limits.hpp"

namespace reachplan::io::detail {

namespace {

using model::Line;
using model::Mode;
using model::Node;

const std::vector<std::string> list_keys = {"nodes", "modes", "lines", "links"};

// The `id` entry of an item map; every item needs one.
const KeyValue& id_entry(const Value& map, const std::vector<KeyValue>& entries) {
  for (const auto& e : entries) {
    if (e.key == "id") return e;
  }
  map.fail("missing required key 'id'");
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
    diag_.attempt([&] {
      if (e.key == "network") {
        // Informative only: checked for shape and typos, not kept.
        for (const auto& m : e.value.entries()) {
          diag_.attempt([&] {
            if (std::find(meta_keys.begin(), meta_keys.end(), m.key) == meta_keys.end()) {
              diag_.unknown_key(m, meta_keys);
            } else {
              m.value.text();
            }
          });
        }
      } else if (e.key == "scenario") {
        e.key_value.fail(
            "this is a scenario file; a network file holds nodes, modes, lines, links");
      } else if (std::find(list_keys.begin(), list_keys.end(), e.key) != list_keys.end()) {
        add_list(e);
      } else if (e.key.compare(0, 2, "x-") != 0) {  // x-...: a place for anchors
        diag_.unknown_key(e, known);
      }
    });
  }
}

void NetworkState::add(const Value& map) {
  for (const auto& e : map.entries()) {
    diag_.attempt([&] {
      if (std::find(list_keys.begin(), list_keys.end(), e.key) != list_keys.end()) {
        add_list(e);
      } else {
        diag_.unknown_key(e, list_keys);
      }
    });
  }
}

template <class T>
Item<T> NetworkState::parse_item(const Value& v, const std::vector<KeyValue>& entries,
                                 const KeyValue& id, bool link) {
  auto item = start_item<T>(v, id);
  if constexpr (std::is_same_v<T, Line>) item.value.is_link = link;
  const FieldContext ctx{diag_, false};
  if constexpr (std::is_same_v<T, Node>) {
    apply_fields(item, entries, node_fields(), &id, ctx);
  } else if constexpr (std::is_same_v<T, Mode>) {
    diag_.attempt([&] { apply_exclusive(item, entries, mode_exclusive()); });
    apply_fields(item, entries, mode_fields(), &id, ctx);
  } else {
    diag_.attempt([&] { apply_exclusive(item, entries, line_exclusive()); });
    apply_fields(item, entries, line_fields(), &id, ctx);
  }
  if (item.value.name.empty()) item.value.name = item.value.id;
  return item;
}

// The keys an item must have; each one missing is an error of its own (the item is kept, so
// that references to it do not fail too).
template <class T>
void NetworkState::require(Item<T>& item, const Value& map,
                           std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (item.fields.count(key)) continue;
    item.broken = true;
    diag_.attempt([&] { map.fail(std::string("missing required key '") + key + "'"); });
  }
}

void NetworkState::add_list(const KeyValue& list) {
  if (list.value.is_null()) return;  // `lines:` with every entry commented out
  for (const auto& v : list.value.list()) {
    diag_.attempt([&] { add_item(list.key, v); });
  }
}

void NetworkState::add_item(const std::string& list, const Value& v) {
  // Each file is bounded on its own; this bounds the network a scenario gathers from many.
  const auto count = [&](std::size_t n) {
    items_added_ += n;
    if (items_added_ <= limits::max_network_items) return;
    v.fail("the network holds more than " + std::to_string(limits::max_network_items) +
           " places, modes, lines and stops across its files (see README, Robustness and "
           "limits)");
  };
  count(1);
  std::vector<KeyValue> entries;
  try {
    entries = v.entries();
  } catch (const core::InputError& e) {
    diag_.error(e);
    add_placeholder(list, v);
    return;
  }
  const KeyValue& id = id_entry(v, entries);
  if (list == "nodes") {
    auto item = parse_item<Node>(v, entries, id);
    require(item, v, {"lon", "lat"});
    insert(nodes_, node_index_, removed_nodes_, std::move(item), "node");
  } else if (list == "modes") {
    insert(modes_, mode_index_, removed_modes_, parse_item<Mode>(v, entries, id), "mode");
  } else {
    const bool link = list == "links";
    auto item = parse_item<Line>(v, entries, id, link);
    count(item.value.stops.size());
    require(item, v,
            link ? std::initializer_list<const char*>{"mode", "from", "to"}
                 : std::initializer_list<const char*>{"mode", "stops"});
    insert(lines_, line_index_, removed_lines_, std::move(item), link ? "link" : "line");
  }
}

// An item whose map could not be read at all (a key given twice, a bare-number key) still
// holds its id, broken: references to it then resolve instead of each repeating the error.
void NetworkState::add_placeholder(const std::string& list, const Value& map) {
  if (!map.is_map() || !map.has_key("id")) return;
  const Value id = map.get("id");
  if (!id.is_scalar() || !valid_id(id.text())) return;
  const auto add = [&](auto& items, auto& index, auto& removed, auto item, const char* kind) {
    item.value.id = id.text();
    item.value.where = map.where();
    item.origin = map.origin();
    item.fields["id"] = id.origin();
    item.broken = true;
    if (!index.count(item.value.id)) insert(items, index, removed, std::move(item), kind);
  };
  if (list == "nodes") {
    add(nodes_, node_index_, removed_nodes_, Item<Node>{}, "node");
  } else if (list == "modes") {
    add(modes_, mode_index_, removed_modes_, Item<Mode>{}, "mode");
  } else {
    Item<Line> line;
    line.value.is_link = list == "links";
    add(lines_, line_index_, removed_lines_, std::move(line), "line");
  }
}

void NetworkState::remove(const Value& map) {
  for (const auto& e : map.entries()) {
    if (std::find(list_keys.begin(), list_keys.end(), e.key) == list_keys.end()) {
      diag_.attempt([&] { diag_.unknown_key(e, list_keys); });
      continue;
    }
    for (const auto& v : e.value.list()) {
      diag_.attempt([&] { remove_item(e.key, v); });
    }
  }
}

void NetworkState::remove_item(const std::string& list, const Value& v) {
  const std::string id = v.id();
  if (list == "nodes") {
    if (!find_node(id)) v.fail(unknown_id("node", id, node_ids(), removed_nodes_));
    erase(nodes_, node_index_, id);
    removed_nodes_[id] = v.origin();
  } else if (list == "modes") {
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
    const char* kind = list == "links" ? "link" : "line";
    if (!find_line(id)) v.fail(unknown_id(kind, id, line_ids(), removed_lines_));
    erase(lines_, line_index_, id);
    removed_lines_[id] = v.origin();
  }
}

void NetworkState::modify(const Value& map) {
  for (const auto& e : map.entries()) {
    if (std::find(list_keys.begin(), list_keys.end(), e.key) == list_keys.end()) {
      diag_.attempt([&] { diag_.unknown_key(e, list_keys); });
      continue;
    }
    for (const auto& v : e.value.list()) {
      diag_.attempt([&] { modify_item(e.key, v); });
    }
  }
}

// One entry of modify.<list>: the item with that id gets the entry's keys, as if its own map
// had given them last (a key of an exclusive pair clears its partner).
void NetworkState::modify_item(const std::string& list, const Value& v) {
  const auto entries = v.entries();
  const KeyValue& id_kv = id_entry(v, entries);
  const std::string id = id_kv.value.id();
  const FieldContext ctx{diag_, true};
  if (list == "nodes") {
    if (!find_node(id)) id_kv.value.fail(unknown_id("node", id, node_ids(), removed_nodes_));
    apply_fields(nodes_[node_index_.at(id)], entries, node_fields(), &id_kv, ctx);
  } else if (list == "modes") {
    if (!find_mode(id)) id_kv.value.fail(unknown_id("mode", id, mode_ids(), removed_modes_));
    auto& item = modes_[mode_index_.at(id)];
    apply_exclusive(item, entries, mode_exclusive());
    apply_fields(item, entries, mode_fields(), &id_kv, ctx);
  } else {
    const char* kind = list == "links" ? "link" : "line";
    if (!find_line(id)) id_kv.value.fail(unknown_id(kind, id, line_ids(), removed_lines_));
    auto& item = lines_[line_index_.at(id)];
    apply_exclusive(item, entries, line_exclusive());
    apply_fields(item, entries, line_fields(), &id_kv, ctx);
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
