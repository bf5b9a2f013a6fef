// Segment timing: explicit minutes win; otherwise a length (given, chainage, shared-out total,
// measured along the line's geometry, or estimated from coordinates) at the line's speed. See
// README "Segment time".
#include <cmath>
#include <string>
#include <vector>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/model/line_geometry.hpp"

namespace reachplan::graph {

namespace {

[[noreturn]] void fail(const model::Line& line, const std::string& what) {
  throw core::InputError(line.where, "lines." + line.id, what);
}

bool usable(double x) {
  return std::isfinite(x) && x >= 0.0;
}

// Commercial speed in km/h, or 0 when the line gives no rule for one.
double speed_of(const model::Line& line, const model::Mode& mode) {
  if (line.speed_kmh) return *line.speed_kmh;
  if (mode.speed_kmh) return *mode.speed_kmh;
  if (mode.speed_factor && line.design_speed_kmh)
    return *mode.speed_factor * *line.design_speed_kmh;
  return 0.0;
}

}  // namespace

std::vector<SegmentTiming> time_segments(const model::Network& network, const model::Line& line) {
  const std::size_t n_stops = line.stops.size();
  if (n_stops < 2) fail(line, "needs at least two stops");
  const std::size_t n_seg = n_stops - 1;
  const model::Mode* mode = network.find_mode(line.mode);
  if (!mode) fail(line, "unknown mode '" + line.mode + "'");

  std::vector<const model::Node*> nodes(n_stops);
  for (std::size_t i = 0; i < n_stops; ++i) {
    nodes[i] = network.find_node(line.stops[i].node);
    if (!nodes[i]) fail(line, "unknown stop node '" + line.stops[i].node + "'");
  }
  if (!line.segment_min.empty() && line.segment_min.size() != n_seg)
    fail(line, "segment_min needs " + std::to_string(n_seg) + " values (one per segment)");
  if (!line.segment_km.empty() && line.segment_km.size() != n_seg)
    fail(line, "segment_km needs " + std::to_string(n_seg) + " values (one per segment)");

  std::size_t with_chainage = 0;
  for (const auto& s : line.stops) with_chainage += s.km.has_value();
  if (with_chainage != 0 && with_chainage != n_stops)
    fail(line, "km chainage must be given for all stops or none");

  // Great-circle geometry over every listed stop, passing ones included.
  std::vector<double> gc(n_seg);
  double gc_total = 0.0;
  for (std::size_t i = 0; i < n_seg; ++i) {
    gc[i] =
        core::great_circle_km(nodes[i]->lon, nodes[i]->lat, nodes[i + 1]->lon, nodes[i + 1]->lat);
    gc_total += gc[i];
  }
  const double detour = line.detour_factor.value_or(mode->detour_factor);
  // A drawn course measures a segment the detour factor would only estimate.
  const auto courses = model::line_segment_courses(network, line);

  std::vector<SegmentTiming> out(n_seg);
  for (std::size_t i = 0; i < n_seg; ++i) {
    SegmentTiming& t = out[i];
    if (!line.segment_km.empty()) {
      t.km = line.segment_km[i];
    } else if (with_chainage == n_stops) {
      t.km = *line.stops[i + 1].km - *line.stops[i].km;
      if (t.km < 0) fail(line, "km chainage decreases at stop '" + line.stops[i + 1].node + "'");
    } else if (line.length_km) {
      // Coincident stops only: share the total out evenly rather than divide by zero.
      const double share = gc_total > 0.0 ? gc[i] / gc_total : 1.0 / static_cast<double>(n_seg);
      t.km = *line.length_km * share;
    } else if (!courses.empty()) {
      t.km = model::polyline_km(courses[i]);
    } else {
      t.km = gc[i] * detour;
      t.km_estimated = true;
    }
    if (!usable(t.km)) fail(line, "segment " + std::to_string(i) + " has an invalid length");
  }

  const double speed = speed_of(line, *mode);
  for (std::size_t i = 0; i < n_seg; ++i) {
    SegmentTiming& t = out[i];
    if (!line.segment_min.empty()) {
      t.minutes = line.segment_min[i];
    } else {
      if (!(speed > 0.0) || !std::isfinite(speed))
        fail(line, "cannot be timed: give segment_min, speed_kmh (line or mode '" + mode->id +
                       "'), or design_speed_kmh with the mode's speed_factor");
      t.minutes = t.km / speed * core::seconds_per_minute;
    }
    if (!usable(t.minutes))
      fail(line, "segment " + std::to_string(i) + " has invalid running minutes");
  }
  return out;
}

}  // namespace reachplan::graph
