// A road network as a routing CSR: one vertex per road vertex, one arc per directed edge,
// integer weights in milliseconds. Milliseconds rather than the multimodal graph's seconds:
// road edges are a few seconds long, and rounding each to a whole second would put tens of
// seconds of error on a cross-town trip.
#pragma once

#include <cstdint>
#include <vector>

#include "reachplan/core/constants.hpp"
#include "reachplan/core/milliseconds.hpp"
#include "reachplan/model/road_network.hpp"

namespace reachplan::graph {

using core::Index;

// Arc cost in the road engine: milliseconds, a type that does not mix with core::Seconds.
// core::unreachable_ms (~24.8 days) is the infinity.
using Weight = core::Milliseconds;
// Largest single arc (~9.3 days): keeps d + w below 2^32 for every tentative distance d.
inline constexpr Weight max_road_arc{core::unreachable / 64};

struct RoadGraph {
  std::vector<Index> first_out;  // vertex_count + 1
  std::vector<Index> head;
  std::vector<Weight> weight;

  Index vertex_count() const {
    return first_out.empty() ? 0 : static_cast<Index>(first_out.size() - 1);
  }
  Index arc_count() const { return static_cast<Index>(head.size()); }
  // Bytes held per vertex and per arc (for reports).
  std::size_t memory_bytes() const;
};

// CSR from (tail, head, weight) triples, arcs grouped by tail in the given order.
RoadGraph make_road_graph(Index vertex_count, const std::vector<Index>& tails,
                          const std::vector<Index>& heads, const std::vector<Weight>& weights);

// The network's edges as arcs; weight = round(seconds / core::seconds_per_millisecond), at least 0
// and at most max_road_arc (longer edges are an InputError naming the edge's source id).
RoadGraph make_road_graph(const model::RoadNetwork& network);

// Every arc turned around (searches towards a target).
RoadGraph reverse(const RoadGraph& g);

// Nearest vertex by great-circle distance, through a uniform lon/lat grid of buckets. Exact:
// rings of buckets are searched until no unsearched bucket can hold anything closer.
class NearestVertexIndex {
 public:
  NearestVertexIndex(const std::vector<double>& lon, const std::vector<double>& lat);
  // invalid_index when there are no vertices; `metres` gets the distance.
  Index nearest(double lon, double lat, double* metres = nullptr) const;

 private:
  const std::vector<double>& lon_;
  const std::vector<double>& lat_;
  double lon0_ = 0, lat0_ = 0, cell_ = 1;  // grid origin and cell size in degrees
  int cols_ = 1, rows_ = 1;
  std::vector<Index> bucket_first_;  // cols*rows + 1
  std::vector<Index> bucket_vertex_;
};

}  // namespace reachplan::graph
