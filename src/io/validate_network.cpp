#include <algorithm>
#include <cmath>
#include <string>

#include "network_state.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/model/line_geometry.hpp"

namespace reachplan::io::detail {

namespace {

std::string number_text(double x) {
  std::string s = std::to_string(x);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void check_mode_keys(const NetworkState& net, const std::map<std::string, double>& minutes,
                     const FieldOrigins& fields, const std::string& key, const Origin& fallback) {
  for (const auto& [mode, _] : minutes) {
    if (net.find_mode(mode)) continue;
    auto it = fields.find(key + "." + mode);
    fail_at(it == fields.end() ? fallback : it->second,
            "unknown mode '" + mode + "'" + core::did_you_mean(mode, net.mode_ids()) +
                removed_note(net.removed_modes(), mode));
  }
}

void check_stops(const NetworkState& net, const Item<model::Line>& item) {
  const model::Line& l = item.value;
  const char* kind = l.is_link ? "link" : "line";
  if (l.stops.size() < 2) {
    fail_at(item.at("stops"), std::string("a ") + kind + " needs at least 2 stops, got " +
                                  std::to_string(l.stops.size()));
  }
  for (std::size_t i = 0; i < l.stops.size(); ++i) {
    const std::string& node = l.stops[i].node;
    const Origin& at = item.at("stops[" + std::to_string(i) + "]");
    if (!net.find_node(node)) {
      // A dangling stop left by a removal is the removal's fault: say so there.
      if (auto r = net.removed_nodes().find(node); r != net.removed_nodes().end()) {
        fail_at(r->second, "cannot remove node '" + node + "': " + kind + " '" + l.id +
                               "' still uses it (at " + at.where.str() + ")");
      }
      fail_at(at, "unknown node '" + node + "'" + core::did_you_mean(node, net.node_ids()));
    }
    if (i > 0 && node == l.stops[i - 1].node) {
      fail_at(at, "node '" + node + "' appears twice in a row");
    }
  }
  std::size_t with_km = 0;
  for (const auto& s : l.stops) with_km += s.km ? 1 : 0;
  if (with_km > 0 && with_km < l.stops.size()) {
    for (std::size_t i = 0; i < l.stops.size(); ++i) {
      if (!l.stops[i].km) {
        fail_at(item.at("stops[" + std::to_string(i) + "]"),
                "stop '" + l.stops[i].node +
                    "' has no km chainage but other stops do (give km on all stops or none)");
      }
    }
  }
  if (with_km == l.stops.size()) {
    for (std::size_t i = 1; i < l.stops.size(); ++i) {
      if (*l.stops[i].km <= *l.stops[i - 1].km) {
        fail_at(item.at("stops[" + std::to_string(i) + "].km"),
                "km chainage must increase along the line (value '" + number_text(*l.stops[i].km) +
                    "' after '" + number_text(*l.stops[i - 1].km) + "')");
      }
    }
  }
}

void check_segments(const Item<model::Line>& item, const std::string& key,
                    const std::vector<double>& values) {
  const std::size_t stops = item.value.stops.size();
  if (values.empty() || values.size() == stops - 1) return;
  fail_at(item.at(key), key + " has " + std::to_string(values.size()) +
                            " entries but the line has " + std::to_string(stops) +
                            " stops (needs " + std::to_string(stops - 1) + ")");
}

// Lengths a line gives twice must agree: the timing takes segment_km, else the chainage, else
// length_km, so a disagreeing one would be silently ignored. Within 0.1 % (and 0.1 km), the
// rounding of published figures.
void check_lengths(const Item<model::Line>& item) {
  const model::Line& l = item.value;
  const auto agree = [](double a, double b) {
    return std::fabs(a - b) <= std::max(0.1, 0.001 * std::max(a, b));
  };
  const bool chainage = std::all_of(l.stops.begin(), l.stops.end(),
                                    [](const model::Stop& s) { return s.km.has_value(); });
  double segments = 0;
  for (double km : l.segment_km) segments += km;
  const double span = chainage ? *l.stops.back().km - *l.stops.front().km : 0;
  const auto disagree = [&](const std::string& key, const std::string& what, double a,
                            const std::string& other, double b) {
    fail_at(item.at(key), what + " (" + number_text(a) + " km) and " + other + " (" +
                              number_text(b) + " km) disagree; give one, or make them agree");
  };
  if (!l.segment_km.empty() && chainage) {
    for (std::size_t i = 0; i + 1 < l.stops.size(); ++i) {
      const double step = *l.stops[i + 1].km - *l.stops[i].km;
      if (!agree(l.segment_km[i], step))
        disagree("segment_km", "segment_km[" + std::to_string(i) + "]", l.segment_km[i],
                 "the km chainage of stops " + std::to_string(i) + " and " + std::to_string(i + 1),
                 step);
    }
  }
  if (l.length_km && !l.segment_km.empty() && !agree(*l.length_km, segments))
    disagree("length_km", "length_km", *l.length_km, "the sum of segment_km", segments);
  if (l.length_km && l.segment_km.empty() && chainage && !agree(*l.length_km, span))
    disagree("length_km", "length_km", *l.length_km, "the km chainage from first to last stop",
             span);
}

// Can the line be timed, and is every key that times it used?
void check_timing(const Item<model::Line>& item, const model::Mode& m) {
  const model::Line& l = item.value;
  const bool timed = !l.segment_min.empty() || l.speed_kmh || m.speed_kmh ||
                     (m.speed_factor && l.design_speed_kmh);
  if (!timed) {
    fail_at(item.origin, "line '" + l.id +
                             "' cannot be timed: give it segment_min or speed_kmh, give mode '" +
                             m.id + "' a speed_kmh, or give the line design_speed_kmh and the " +
                             "mode a speed_factor");
  }
  if (!l.segment_min.empty() && l.speed_kmh) {
    fail_at(item.at("speed_kmh"),
            "give either 'segment_min' or 'speed_kmh', not both (segment_min "
            "at " +
                item.at("segment_min").where.str() +
                "): segment_min times every segment, so the speed would "
                "never be used");
  }
}

// The stops lie on the geometry, in order, and it runs from the first stop to the last
// (model/line_geometry.hpp): else its lengths and drawing would belong to another course.
void check_geometry(const NetworkState& net, const Item<model::Line>& item) {
  const model::Line& l = item.value;
  if (l.geometry.empty()) return;
  std::vector<model::LonLatPoint> stops;
  for (const auto& s : l.stops) {
    const auto& n = net.find_node(s.node)->value;
    stops.push_back({n.lon, n.lat});
  }
  const auto placement = model::place_stops(l.geometry, stops);
  if (placement.ok()) return;
  fail_at(item.at("geometry"), model::describe(placement, l) + " (stop at " +
                                   item.at(index_path("stops", placement.stop)).where.str() + ")");
}

// A service's runs_over names physical lines of the resolved network (not itself, not another
// service: tracks are drawn once, and a service is drawn along them).
void check_runs_over(const NetworkState& net, const Item<model::Line>& item) {
  const model::Line& l = item.value;
  for (std::size_t i = 0; i < l.runs_over.size(); ++i) {
    const std::string& id = l.runs_over[i];
    const Origin& at = item.at(index_path("runs_over", i));
    if (id == l.id) fail_at(at, "line '" + id + "' cannot run over itself");
    const auto* track = net.find_line(id);
    if (!track) {
      if (auto r = net.removed_lines().find(id); r != net.removed_lines().end()) {
        fail_at(at, "line '" + id + "' is removed (at " + r->second.where.str() + ") but '" + l.id +
                        "' still runs over it");
      }
      fail_at(at, "unknown line '" + id + "'" + core::did_you_mean(id, net.line_ids()));
    }
    if (!track->value.runs_over.empty()) {
      fail_at(at, "line '" + id + "' is itself a service (it runs over " +
                      core::join(track->value.runs_over, ", ") +
                      "): runs_over names the physical lines");
    }
  }
}

void check_line(const NetworkState& net, const Item<model::Line>& item, Diagnostics& diag) {
  const model::Line& l = item.value;
  const auto* mode = net.find_mode(l.mode);
  if (!mode) {
    if (auto r = net.removed_modes().find(l.mode); r != net.removed_modes().end()) {
      fail_at(r->second, "cannot remove mode '" + l.mode + "': " + (l.is_link ? "link" : "line") +
                             " '" + l.id + "' still uses it (at " + item.at("mode").where.str() +
                             ")");
    }
    fail_at(item.at("mode"),
            "unknown mode '" + l.mode + "'" + core::did_you_mean(l.mode, net.mode_ids()));
  }
  check_stops(net, item);
  check_geometry(net, item);
  check_runs_over(net, item);
  check_segments(item, "segment_km", l.segment_km);
  check_segments(item, "segment_min", l.segment_min);
  check_lengths(item);
  // A mode with a refused key is reported already; timing over it would only echo that.
  if (!mode->broken) check_timing(item, mode->value);
  if (l.stops.front().pass || l.stops.back().pass) {
    diag.warn(item.at("stops"), "'pass: true' on a terminus: nobody can board or alight there");
  }
  const auto served =
      std::count_if(l.stops.begin(), l.stops.end(), [](const model::Stop& s) { return !s.pass; });
  if (served < 2) {
    diag.warn(item.at("stops"), "only " + std::to_string(served) +
                                    " stop(s) not passed through: the line carries nobody");
  }
}

}  // namespace

void validate_network(const NetworkState& net, Diagnostics& diag) {
  for (const auto& item : net.nodes()) {
    if (item.broken) continue;
    diag.attempt([&] {
      check_mode_keys(net, item.value.access_min, item.fields, "access_min", item.origin);
      check_mode_keys(net, item.value.egress_min, item.fields, "egress_min", item.origin);
    });
  }
  for (const auto& item : net.modes()) {
    if (item.broken) continue;
    diag.attempt([&] {
      check_mode_keys(net, item.value.transfer_min, item.fields, "transfers", item.origin);
    });
    diag.attempt([&] {
      check_mode_keys(net, item.value.handling_yuan_per_t, item.fields, "handling_yuan_per_t",
                      item.origin);
    });
  }
  for (const auto& item : net.lines()) {
    if (!item.broken) diag.attempt([&] { check_line(net, item, diag); });
  }
}

}  // namespace reachplan::io::detail
