#include "transit_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "ranges.hpp"
#include "reachplan/io/gtfs.hpp"
#include "schema.hpp"

namespace reachplan::io::detail {

namespace {

using Spec = model::TransitSpec;
using Edit = model::TimetableEdit;

// "07:00" or "07:00:30" (hours may pass 23, as in GTFS) -> seconds of the service day.
model::DaySeconds clock_time(const Value& v) {
  const std::string text = v.text();
  model::DaySeconds t = 0;
  const bool minutes_only = std::count(text.begin(), text.end(), ':') == 1;
  if (!parse_gtfs_time(minutes_only ? text + ":00" : text, t) || t >= 48 * 3600)
    v.fail_value("expected a clock time HH:MM or HH:MM:SS before 48:00");
  return t;
}

// clang-format off
const std::vector<Field<Spec>> departure_table = {
    {"from", [](auto& i, const auto& kv, const auto&) { i.value.departure_from = clock_time(kv.value); }},
    {"to", [](auto& i, const auto& kv, const auto&) { i.value.departure_to = clock_time(kv.value); }},
    {"step_min", [](auto& i, const auto& kv, const auto&) {
       i.value.step_min = kv.value.integer_in(range::step_min); }},
};

const std::vector<Field<Spec>> walk_table = {
    {"speed_kmh", [](auto& i, const auto& kv, const auto&) {
       i.value.walk_speed_kmh = kv.value.number_in(range::walk_speed_kmh); }},
    {"max_access_min", [](auto& i, const auto& kv, const auto&) {
       i.value.max_access_min = kv.value.number_in(range::penalty_min); }},
    {"max_transfer_m", [](auto& i, const auto& kv, const auto&) {
       i.value.max_transfer_m = kv.value.number_in(range::transfer_m); }},
};

const std::vector<Field<Edit>> edit_table = {
    {"route", [](auto& i, const auto& kv, const auto&) { i.value.route = kv.value.text(); }},
    {"remove", [](auto& i, const auto& kv, const auto&) {
       i.value.remove = kv.value.boolean();
       if (!i.value.remove) kv.value.fail("'remove' is true or absent (a route is kept by default)"); }},
    {"headway_min", [](auto& i, const auto& kv, const auto&) {
       i.value.headway_min = kv.value.number_in(range::timetable_headway_min); }},
    {"speed_factor", [](auto& i, const auto& kv, const auto&) {
       i.value.speed_factor = kv.value.number_in(range::timetable_speed_factor); }},
};
// clang-format on

void check_feed(const std::string& path, const Value& v) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    v.fail_value("no such GTFS feed (folder or zip): " + path);
}

Edit parse_edit(const Value& v, Diagnostics& diag) {
  if (!v.is_map())
    v.fail("an edit is a map {route: ID, remove | headway_min | speed_factor}, got " + v.shown());
  Item<Edit> item;
  item.origin = v.origin();
  item.value.where = v.where();
  apply_fields(item, v.entries(), edit_table, nullptr, FieldContext{diag});
  if (!item.fields.count("route")) v.fail("an edit needs 'route' (a GTFS route_id)");
  const int changes =
      static_cast<int>(item.fields.count("remove") + item.fields.count("headway_min") +
                       item.fields.count("speed_factor"));
  if (changes != 1)
    v.fail("an edit of route '" + item.value.route +
           "' makes exactly one change: remove, headway_min or speed_factor");
  return item.value;
}

const std::vector<Field<Spec>> transit_table = {
    {"gtfs",
     [](auto& i, const auto& kv, const auto&) {
       i.value.gtfs.clear();
       const auto feeds = kv.value.is_list() ? kv.value.list() : std::vector<Value>{kv.value};
       if (feeds.empty()) kv.value.fail("'gtfs' names at least one feed");
       for (const auto& f : feeds) {
         i.value.gtfs.push_back(relative_to(f.file(), file_name(f)));
         check_feed(i.value.gtfs.back(), f);
       }
     }},
    {"date",
     [](auto& i, const auto& kv, const auto&) {
       i.value.date = kv.value.text();
       try {
         (void)gtfs_date(i.value.date);
       } catch (const core::UsageError&) {
         kv.value.fail_value("expected a service day YYYY-MM-DD");
       }
     }},
    {"departure",
     [](auto& i, const auto& kv, const auto& ctx) {
       if (!kv.value.is_map())
         kv.value.fail("'departure' is a map {from, to, step_min}, got " + kv.value.shown());
       apply_fields(i, kv.value.entries(), departure_table, nullptr, ctx);
     }},
    {"percentiles",
     [](auto& i, const auto& kv, const auto&) {
       i.value.percentiles.clear();
       for (const auto& p : kv.value.list()) {
         const double x = p.number_in(range::percentile);
         if (std::find(i.value.percentiles.begin(), i.value.percentiles.end(), x) !=
             i.value.percentiles.end())
           p.fail_value("a percentile is given twice");
         i.value.percentiles.push_back(x);
       }
       if (i.value.percentiles.empty()) kv.value.fail("'percentiles' names at least one");
     }},
    {"walk",
     [](auto& i, const auto& kv, const auto& ctx) {
       if (!kv.value.is_map())
         kv.value.fail("'walk' is a map {speed_kmh, max_access_min, max_transfer_m}, got " +
                       kv.value.shown());
       apply_fields(i, kv.value.entries(), walk_table, nullptr, ctx);
     }},
    {"max_rides", [](auto& i, const auto& kv,
                     const auto&) { i.value.max_rides = kv.value.integer_in(range::rides); }},
    {"max_minutes",
     [](auto& i, const auto& kv, const auto&) {
       i.value.max_minutes = kv.value.number_in(range::timetable_trip_min);
     }},
    {"transfer_slack_s",
     [](auto& i, const auto& kv, const auto&) {
       i.value.transfer_slack_s = kv.value.integer_in(range::slack_s);
     }},
    {"edits",
     [](auto& i, const auto& kv, const auto& ctx) {
       i.value.edits.clear();
       for (const auto& e : kv.value.list())
         ctx.diag.attempt([&] { i.value.edits.push_back(parse_edit(e, ctx.diag)); });
     }},
};

}  // namespace

model::TransitSpec parse_transit(const std::string& scenario_path, const Value& v,
                                 const std::optional<model::TransitSpec>& parent,
                                 Diagnostics& diag) {
  (void)scenario_path;  // feeds resolve against the file each is named in (Value::file)
  if (!v.is_map()) v.fail("'transit' is a map with 'gtfs' and 'date', got " + v.shown());
  Item<Spec> item;
  item.origin = v.origin();
  if (parent) item.value = *parent;  // the keys this file gives replace the parent's
  item.value.where = v.where();
  apply_fields(item, v.entries(), transit_table, nullptr, FieldContext{diag});
  if (!item.fields.count("date") && item.value.date.empty() && !item.value.gtfs.empty())
    v.fail("'transit' with 'gtfs' needs 'date' (the service day YYYY-MM-DD)");
  const Spec& s = item.value;
  if (s.departure_to <= s.departure_from)
    fail_at(item.at("to"), "departure 'to' must be after 'from'");
  if (s.departure_to - s.departure_from > 24 * 3600)
    fail_at(item.at("to"), "the departure window is at most 24 hours");
  return item.value;
}

}  // namespace reachplan::io::detail
