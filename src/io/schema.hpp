// Internal to io: the YAML schema as tables. Each kind of map (a node, a line, a target, ...)
// has one table of its keys, each with the function that converts, range-checks and stores its
// value. The loader dispatches through the table, so the known keys, the "did you mean"
// suggestions and what each key does live in one place per kind.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml_value.hpp"

namespace reachplan::io::detail {

using FieldOrigins = std::map<std::string, Origin>;

// A model object while it is loaded, with where each of its fields was last written, so that
// checks made once everything is known (references, stop sequences, timing) can point at the
// right line of the right file.
template <class T>
struct Item {
  T value;
  Origin origin;        // the item's map
  FieldOrigins fields;  // "mode", "stops[2]", "stops[2].km", "access_min.hsr", ...
  // A key of this item was refused: its error is reported, and the checks that read the item
  // later are skipped rather than report consequences of that error.
  bool broken = false;
  const Origin& at(const std::string& field) const {
    auto it = fields.find(field);
    return it == fields.end() ? origin : it->second;
  }
};

// What a key's setter may need besides its value.
struct FieldContext {
  Diagnostics& diag;
  bool modify = false;  // a scenario's modify: per-mode maps merge instead of replacing
};

template <class T>
struct Field {
  std::string_view key;
  void (*set)(Item<T>& item, const KeyValue& kv, const FieldContext& ctx);
};

// Two keys of which only one can take effect (headway_min or trains_per_day): both in one map
// is an error naming both; a later file's map that sets one (a scenario's modify) replaces the
// other.
template <class T>
struct Exclusive {
  std::string_view a;
  std::optional<double> T::*a_value;
  std::string_view b;
  std::optional<double> T::*b_value;
  std::string_view why;  // "a line's service is given once"
};

template <class T>
std::vector<std::string> keys_of(const std::vector<Field<T>>& table) {
  std::vector<std::string> keys;
  for (const auto& f : table) keys.emplace_back(f.key);
  return keys;
}

template <class T>
const Field<T>* find_field(const std::vector<Field<T>>& table, const std::string& key) {
  for (const auto& f : table)
    if (f.key == key) return &f;
  return nullptr;
}

// Refuses a map that gives both keys of an exclusive pair; otherwise, a key of a pair that the
// map gives clears its partner (set by an earlier file).
template <class T>
void apply_exclusive(Item<T>& item, const std::vector<KeyValue>& entries,
                     const std::vector<Exclusive<T>>& pairs) {
  const auto find = [&](std::string_view key) -> const KeyValue* {
    for (const auto& e : entries)
      if (e.key == key) return &e;
    return nullptr;
  };
  for (const auto& p : pairs) {
    const KeyValue* a = find(p.a);
    const KeyValue* b = find(p.b);
    if (a && b) {
      b->key_value.fail("give either '" + std::string(p.a) + "' or '" + std::string(p.b) +
                        "', not both (" + std::string(p.a) + " at " + a->key_value.where().str() +
                        "): " + std::string(p.why));
    }
    if (a) {
      item.value.*p.b_value = std::nullopt;
      item.fields.erase(std::string(p.b));
    }
    if (b) {
      item.value.*p.a_value = std::nullopt;
      item.fields.erase(std::string(p.a));
    }
  }
}

// Applies every entry but `skip` through `table`. An entry's error is kept (diag) and the
// other entries still applied, so one pass reports every bad key of the map; an unknown key is
// an error (a warning with --lenient) naming the nearest valid one. The item is marked broken
// when any entry failed.
template <class T>
void apply_fields(Item<T>& item, const std::vector<KeyValue>& entries,
                  const std::vector<Field<T>>& table, const KeyValue* skip,
                  const FieldContext& ctx) {
  for (const auto& e : entries) {
    if (&e == skip) continue;
    const Field<T>* field = find_field(table, e.key);
    if (!field) {
      if (!ctx.diag.attempt([&] { ctx.diag.unknown_key(e, keys_of(table)); })) item.broken = true;
      continue;
    }
    if (!ctx.diag.attempt([&] { field->set(item, e, ctx); })) item.broken = true;
    // Given, even when refused: a later "missing required key" would only repeat the error.
    item.fields[e.key] = e.value.origin();
  }
}

}  // namespace reachplan::io::detail
