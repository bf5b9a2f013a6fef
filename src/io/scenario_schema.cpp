// The keys of a scenario's profiles, targets and matrices (README "Scenario files"): one table
// per kind, each key with its type and range.
#include "scenario_schema.hpp"

#include <algorithm>

#include "reachplan/core/text.hpp"

namespace reachplan::io::detail {

namespace {

using model::MatrixSpec;
using model::Profile;
using model::Target;

// clang-format off
const std::vector<Field<Profile>> profile_table = {
    {"modes", [](auto& i, const auto& kv, const auto&) {
       const auto modes = kv.value.list();
       for (std::size_t m = 0; m < modes.size(); ++m) {
         i.value.modes.push_back(modes[m].id());
         i.fields[index_path("modes", m)] = modes[m].origin();
       } }},
    {"access", [](auto& i, const auto& kv, const auto&) {
       i.value.access = one_of(kv.value, {"door_to_door", "station_to_station"}, "access") ==
                                "door_to_door"
                            ? Profile::Access::door_to_door
                            : Profile::Access::station_to_station; }},
    {"wait", [](auto& i, const auto& kv, const auto&) {
       i.value.wait = one_of(kv.value, {"half_headway", "none"}, "wait") == "half_headway"
                          ? Profile::Wait::half_headway
                          : Profile::Wait::none; }},
    {"service_hours", [](auto& i, const auto& kv, const auto&) {
       i.value.service_hours = kv.value.number_in(range::service_hours); }},
    {"cost", [](auto& i, const auto& kv, const auto&) {
       i.value.cost = one_of(kv.value, {"passenger", "freight"}, "cost") == "freight"
                          ? Profile::Cost::freight
                          : Profile::Cost::passenger; }},
    {"value_of_time_yuan_per_h", [](auto& i, const auto& kv, const auto&) {
       i.value.value_of_time_yuan_per_h = kv.value.number_in(range::value_of_time); }},
    {"transfers", [](auto& i, const auto& kv, const auto&) {
       for (const auto& from : kv.value.entries())
         for (const auto& to : from.value.entries()) {
           i.value.transfer_min[from.key_value.id()][to.key_value.id()] =
               to.value.number_in(range::penalty_min);
           i.fields["transfers." + from.key_value.id() + "." + to.key_value.id()] =
               to.key_value.origin();
         } }},
};

const std::vector<Field<Target>> target_table = {
    {"id", [](auto& i, const auto& kv, const auto&) { i.value.id = kv.value.id(); }},
    {"name", [](auto& i, const auto& kv, const auto&) { i.value.name = kv.value.text(); }},
    {"kind", [](auto& i, const auto& kv, const auto&) {
       const model::TargetKindInfo* kind = model::find_target_kind(kv.value.text());
       if (!kind) one_of(kv.value, model::target_kind_names(), "target kind");
       i.value.kind = kind->kind; }},
    {"group", [](auto& i, const auto& kv, const auto&) { i.value.group = kv.value.id(); }},
    {"from", [](auto& i, const auto& kv, const auto&) { i.value.from = kv.value.id(); }},
    {"to_group", [](auto& i, const auto& kv, const auto&) { i.value.to_group = kv.value.id(); }},
    {"max_minutes", [](auto& i, const auto& kv, const auto&) {
       i.value.max_minutes = kv.value.number_in(range::trip_minutes); }},
    {"max_yuan", [](auto& i, const auto& kv, const auto&) {
       i.value.measure = Target::Measure::cost;
       i.value.max_minutes = kv.value.number_in(range::cost_yuan); }},
    {"min_share", [](auto& i, const auto& kv, const auto&) {
       i.value.min_share = kv.value.number_in(range::share); }},
    {"profile", [](auto& i, const auto& kv, const auto&) { i.value.profile = kv.value.id(); }},
};

const std::vector<Field<MatrixSpec>> matrix_table = {
    {"id", [](auto& i, const auto& kv, const auto&) { i.value.id = kv.value.id(); }},
    {"group", [](auto& i, const auto& kv, const auto&) { i.value.group = kv.value.id(); }},
    {"to_group", [](auto& i, const auto& kv, const auto&) { i.value.to_group = kv.value.id(); }},
    {"profile", [](auto& i, const auto& kv, const auto&) { i.value.profile = kv.value.id(); }},
};
// clang-format on

template <class T>
void require(Item<T>& item, const Value& v, std::initializer_list<const char*> keys,
             Diagnostics& diag) {
  for (const char* key : keys) {
    if (item.fields.count(key)) continue;
    item.broken = true;
    diag.attempt([&] { v.fail(std::string("missing required key '") + key + "'"); });
  }
}

// The kinds that read a key, for messages: "reach_share" or "a and b".
std::string kinds_using(bool (model::TargetKindInfo::*uses)() const) {
  std::string who;
  for (const auto& k : model::target_kinds())
    if ((k.*uses)()) who += (who.empty() ? "" : " and ") + std::string(k.name);
  return who;
}

// The keys the target's kind requires must be there; keys only other kinds read are ignored,
// and a warning says so rather than let them look effective.
void check_kind_keys(Item<Target>& t, const Value& v, Diagnostics& diag) {
  const model::TargetKindInfo& kind = t.value.kind_info();
  const std::string name(kind.name);
  const auto needs = [&](const char* key, bool (model::TargetKindInfo::*uses)() const,
                         const char* what) {
    if (!(kind.*uses)() || t.fields.count(key)) return;
    t.broken = true;
    diag.attempt([&] { v.fail("a " + name + " target needs '" + key + "'" + what); });
  };
  needs("from", &model::TargetKindInfo::uses_from, " (a node id)");
  needs("to_group", &model::TargetKindInfo::uses_to_group, "");
  const auto unused = [&](const char* key, bool (model::TargetKindInfo::*uses)() const) {
    if (!(kind.*uses)() && t.fields.count(key)) {
      diag.warn(t.fields.at(key), std::string("'") + key + "' is only used by " +
                                      kinds_using(uses) + " targets; ignored for kind " + name);
    }
  };
  unused("from", &model::TargetKindInfo::uses_from);
  unused("min_share", &model::TargetKindInfo::uses_min_share);
  unused("to_group", &model::TargetKindInfo::uses_to_group);
}

// A target limits time (max_minutes) or cost (max_yuan): exactly one of them.
void check_limit(Item<Target>& t, const Value& v, Diagnostics& diag) {
  const bool minutes = t.fields.count("max_minutes"), yuan = t.fields.count("max_yuan");
  if (minutes != yuan) return;
  t.broken = true;
  diag.attempt([&] {
    if (minutes) v.fail("give 'max_minutes' (a time limit) or 'max_yuan' (a cost limit), not both");
    v.fail("missing required key 'max_minutes' (or 'max_yuan' for a cost limit)");
  });
}

template <class T>
Item<T> start(const Value& v) {
  Item<T> item;
  item.origin = v.origin();
  item.value.where = v.where();
  return item;
}

}  // namespace

Item<Profile> parse_profile(const KeyValue& kv, Diagnostics& diag) {
  auto p = start<Profile>(kv.value);
  p.value.id = kv.key_value.id();
  apply_fields(p, kv.value.entries(), profile_table, nullptr, FieldContext{diag});
  return p;
}

Item<Target> parse_target(const Value& v, Diagnostics& diag) {
  auto t = start<Target>(v);
  apply_fields(t, v.entries(), target_table, nullptr, FieldContext{diag});
  require(t, v, {"id", "kind", "group"}, diag);
  check_limit(t, v, diag);
  if (t.fields.count("kind")) check_kind_keys(t, v, diag);
  return t;
}

Item<MatrixSpec> parse_matrix(const Value& v, Diagnostics& diag) {
  auto m = start<MatrixSpec>(v);
  apply_fields(m, v.entries(), matrix_table, nullptr, FieldContext{diag});
  require(m, v, {"id", "group"}, diag);
  return m;
}

}  // namespace reachplan::io::detail
