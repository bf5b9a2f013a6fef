// A line's course (Line::geometry) and where its stops lie on it: the one place that decides
// which part of the polyline belongs to which segment, so lengths (graph/time_segments) and
// maps (analysis/gis) agree, and the loader refuses a geometry the two could not use.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/model/network.hpp"

namespace reachplan::model {

using LonLatPoint = std::array<double, 2>;  // lon, lat in WGS84 degrees

// How far a stop may lie from its line's geometry, and the first/last vertex from the first/last
// stop: a drawn course within a few km of a station is the same course; farther, one of the
// two is wrong (README "Line geometry").
inline constexpr double geometry_stop_tolerance_km = 5.0;

// A point of a polyline: on segment [vertex, vertex + 1] at fraction t.
struct PolylinePosition {
  std::size_t vertex = 0;
  double t = 0.0;
  bool operator<(const PolylinePosition& o) const {
    return vertex < o.vertex || (vertex == o.vertex && t < o.t);
  }
};

// The stops placed along a geometry, or why they cannot be.
struct StopPlacement {
  enum class Problem { none, first_vertex, last_vertex, far, out_of_order };
  std::vector<PolylinePosition> at;  // per stop, in stop order (complete when ok())
  Problem problem = Problem::none;
  std::size_t stop = 0;  // the stop the problem is about
  double km = 0.0;       // its distance from the geometry (or the vertex from the stop)
  bool ok() const { return problem == Problem::none; }
};

// Length in km of a polyline, great circle between consecutive vertices.
double polyline_km(const std::vector<LonLatPoint>& points);

// Places each stop on `geometry` at its nearest point not before the previous stop's (so the
// stops are met in order; a course that passes a station twice is matched at the nearer pass).
// Fails at the first stop farther than `tolerance_km` from the rest of the geometry: as
// out_of_order when it lies near an earlier part, else far; and when the first or last vertex
// is farther than `tolerance_km` from the first or last stop.
StopPlacement place_stops(const std::vector<LonLatPoint>& geometry,
                          const std::vector<LonLatPoint>& stops,
                          double tolerance_km = geometry_stop_tolerance_km);

// The course of each segment: stop i, the vertices strictly between the positions of stops i
// and i+1, then stop i+1 (the stops themselves are the ends, so pieces join at the stations).
// `placement` must be ok() for these stops.
std::vector<std::vector<LonLatPoint>> segment_courses(const std::vector<LonLatPoint>& geometry,
                                                      const StopPlacement& placement,
                                                      const std::vector<LonLatPoint>& stops);

// The stops of `line` as points (nullopt when one names no node of `network`).
std::optional<std::vector<LonLatPoint>> stop_points(const Network& network, const Line& line);

// Per segment of `line`, its course along line.geometry; empty when the line has no geometry.
// Throws core::InputError (at the line) when the stops cannot be placed on it.
std::vector<std::vector<LonLatPoint>> line_segment_courses(const Network& network,
                                                           const Line& line);

// "stop 'x' is 12.3 km from the line's geometry (at most 5 km)": the problem in words.
std::string describe(const StopPlacement& placement, const Line& line);

}  // namespace reachplan::model
