#include "reachplan/model/line_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "reachplan/core/error.hpp"
#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::model {

namespace {

double km_between(const LonLatPoint& a, const LonLatPoint& b) {
  return core::great_circle_km(a[0], a[1], b[0], b[1]);
}

LonLatPoint point_at(const std::vector<LonLatPoint>& g, const PolylinePosition& p) {
  const LonLatPoint& a = g[p.vertex];
  if (p.t <= 0.0 || p.vertex + 1 >= g.size()) return a;
  const LonLatPoint& b = g[p.vertex + 1];
  return {a[0] + p.t * (b[0] - a[0]), a[1] + p.t * (b[1] - a[1])};
}

// The fraction of segment a-b nearest to q, at least t_min. Planar in degrees with longitude
// scaled by cos(latitude) at q: within the few km that matter here the error is far below the
// tolerance, and the distance itself is then measured on the sphere.
double nearest_t(const LonLatPoint& a, const LonLatPoint& b, const LonLatPoint& q, double t_min) {
  const double c = std::cos(q[1] * std::numbers::pi / 180.0);
  const double ax = (a[0] - q[0]) * c, ay = a[1] - q[1];
  const double dx = (b[0] - a[0]) * c, dy = b[1] - a[1];
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0.0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  return std::clamp(t, t_min, 1.0);
}

struct Nearest {
  PolylinePosition at;
  double km = std::numeric_limits<double>::infinity();
};

// The point of `g` nearest to q among positions in [from, to]; ties go to the earlier.
Nearest nearest(const std::vector<LonLatPoint>& g, const LonLatPoint& q, PolylinePosition from,
                PolylinePosition to) {
  Nearest best;
  for (std::size_t v = from.vertex; v + 1 < g.size() && v <= to.vertex; ++v) {
    const double t_min = v == from.vertex ? from.t : 0.0;
    double t = nearest_t(g[v], g[v + 1], q, t_min);
    if (v == to.vertex) t = std::min(t, to.t);
    const PolylinePosition p{v, t};
    const double km = km_between(point_at(g, p), q);
    if (km < best.km) best = {p, km};
  }
  return best;
}

// The end of a vertex's segment is the next vertex's start (except at the last vertex), so
// that "strictly between two positions" reads off vertex indices.
PolylinePosition normalised(PolylinePosition p, std::size_t n) {
  if (p.t >= 1.0 && p.vertex + 2 < n) return {p.vertex + 1, 0.0};
  return p;
}

}  // namespace

double polyline_km(const std::vector<LonLatPoint>& points) {
  double km = 0.0;
  for (std::size_t i = 1; i < points.size(); ++i) km += km_between(points[i - 1], points[i]);
  return km;
}

StopPlacement place_stops(const std::vector<LonLatPoint>& g, const std::vector<LonLatPoint>& stops,
                          double tolerance_km) {
  StopPlacement out;
  if (g.size() < 2 || stops.empty()) return out;
  const auto fail = [&](StopPlacement::Problem problem, std::size_t stop, double km) {
    out.problem = problem;
    out.stop = stop;
    out.km = km;
    return out;
  };
  if (const double km = km_between(g.front(), stops.front()); km > tolerance_km)
    return fail(StopPlacement::Problem::first_vertex, 0, km);
  if (const double km = km_between(g.back(), stops.back()); km > tolerance_km)
    return fail(StopPlacement::Problem::last_vertex, stops.size() - 1, km);
  const PolylinePosition end{g.size() - 2, 1.0};
  PolylinePosition prev{0, 0.0};
  for (std::size_t i = 0; i < stops.size(); ++i) {
    const Nearest ahead = nearest(g, stops[i], prev, end);
    if (ahead.km > tolerance_km) {
      const Nearest anywhere = nearest(g, stops[i], {0, 0.0}, end);
      return fail(anywhere.km <= tolerance_km ? StopPlacement::Problem::out_of_order
                                              : StopPlacement::Problem::far,
                  i, anywhere.km);
    }
    prev = normalised(ahead.at, g.size());
    out.at.push_back(prev);
  }
  return out;
}

std::vector<std::vector<LonLatPoint>> segment_courses(const std::vector<LonLatPoint>& g,
                                                      const StopPlacement& placement,
                                                      const std::vector<LonLatPoint>& stops) {
  std::vector<std::vector<LonLatPoint>> out;
  for (std::size_t i = 0; i + 1 < stops.size() && i + 1 < placement.at.size(); ++i) {
    const PolylinePosition a = placement.at[i], b = placement.at[i + 1];
    std::vector<LonLatPoint> course{stops[i]};
    const auto add = [&](const LonLatPoint& p) {
      if (course.back() != p) course.push_back(p);
    };
    // Vertex k sits at {k, 0}: after a when k > a.vertex, before b when k < b.vertex or b is
    // past the start of k's segment.
    const std::size_t last = b.t > 0.0 ? b.vertex : b.vertex - 1;
    for (std::size_t k = a.vertex + 1; b.vertex > 0 && k <= last; ++k) add(g[k]);
    add(stops[i + 1]);
    if (course.size() < 2) course.push_back(stops[i + 1]);  // two stops at one point
    out.push_back(std::move(course));
  }
  return out;
}

std::optional<std::vector<LonLatPoint>> stop_points(const Network& network, const Line& line) {
  std::vector<LonLatPoint> points;
  for (const auto& s : line.stops) {
    const Node* n = network.find_node(s.node);
    if (!n) return std::nullopt;
    points.push_back({n->lon, n->lat});
  }
  return points;
}

std::vector<std::vector<LonLatPoint>> line_segment_courses(const Network& network,
                                                           const Line& line) {
  if (line.geometry.empty()) return {};
  const auto stops = stop_points(network, line);
  const auto fail = [&](const std::string& what) {
    throw core::InputError(line.where, "lines." + line.id, what);
  };
  if (!stops) fail("a stop names no node of the network");
  if (line.geometry.size() < 2) fail("a geometry needs at least 2 vertices");
  const StopPlacement placement = place_stops(line.geometry, *stops);
  if (!placement.ok()) fail(describe(placement, line));
  return segment_courses(line.geometry, placement, *stops);
}

std::string describe(const StopPlacement& p, const Line& line) {
  const auto km = [](double x) { return core::fixed_decimals(x, 1) + " km"; };
  const std::string limit = " (at most " + km(geometry_stop_tolerance_km) + ")";
  const auto stop = [&](std::size_t i) {
    const std::string node = i < line.stops.size() ? line.stops[i].node : "?";
    return "stop '" + node + "' (stops[" + std::to_string(i) + "])";
  };
  switch (p.problem) {
    case StopPlacement::Problem::none:
      return "";
    case StopPlacement::Problem::first_vertex:
      return "the geometry's first vertex is " + km(p.km) + " from the first stop, " + stop(0) +
             limit + ": the geometry runs from the first stop to the last";
    case StopPlacement::Problem::last_vertex:
      return "the geometry's last vertex is " + km(p.km) + " from the last stop, " + stop(p.stop) +
             limit + ": the geometry runs from the first stop to the last";
    case StopPlacement::Problem::far:
      return stop(p.stop) + " is " + km(p.km) + " from the geometry" + limit +
             ": the geometry passes every stop";
    case StopPlacement::Problem::out_of_order:
      return stop(p.stop) + " is not met after " + stop(p.stop - 1) +
             " along the geometry: the geometry passes the stops in the order they are listed";
  }
  return "";
}

}  // namespace reachplan::model
