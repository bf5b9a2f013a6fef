// Queries on a contraction hierarchy (graph/contraction_hierarchy.hpp). Vertex ids in and out
// are the RoadGraph's (original) ids; distances are graph::Weight (core::Milliseconds),
// core::unreachable_ms where there is no path. Like routing::Dijkstra, each query object owns its
// buffers and resets in O(1); the hierarchy is immutable and shared between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/graph/search_state.hpp"

namespace reachplan::routing {

using core::Index;
using graph::Weight;

// Point-to-point: bidirectional upward search with stall-on-demand.
class ChQuery {
 public:
  explicit ChQuery(const graph::ContractionHierarchy& ch);
  ~ChQuery();
  Weight distance(Index source, Index target);
  // The shortest path as original vertices from source to target (shortcuts unpacked);
  // empty when unreachable.
  std::vector<Index> path(Index source, Index target);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-to-all (PHAST, Delling et al. 2011): an upward search from the source, then one linear
// sweep over every vertex in importance order pulling distances down the hierarchy.
class Phast {
 public:
  explicit Phast(const graph::ContractionHierarchy& ch);
  void run(Index source);
  Weight distance(Index v) const { return dist_[ch_.internal_of[v]]; }
  // Distances indexed by internal id (ch.original_of maps back), for callers that scan all.
  const std::vector<Weight>& internal_distances() const { return dist_; }
  const graph::ContractionHierarchy& hierarchy() const { return ch_; }

 private:
  const graph::ContractionHierarchy& ch_;
  std::vector<Weight> dist_;  // by internal id, complete after run()
  // Upward search result, core::unreachable_ms outside its space. Not a graph::StampedArray: the
  // sweep reads every vertex, so the few touched ones are reset instead.
  std::vector<Weight> init_;
  std::vector<Index> touched_;
  graph::MinHeap<Weight> heap_;
};

// PHAST from up to `lanes` sources at once (Delling et al. 2011, section 4: one sweep carrying
// a distance per source): the upward searches run one by one, the sweep reads each downward
// arc once for all of them. The sweep is where one-to-all time goes on road graphs, so k
// sources cost far less than k runs of Phast. Labels are those Phast gives, lane by lane.
class PhastLanes {
 public:
  static constexpr std::size_t lanes = 8;
  explicit PhastLanes(const graph::ContractionHierarchy& ch);
  // Sources for lanes 0..count-1 (count <= lanes); the other lanes end unreachable.
  void run(const Index* sources, std::size_t count);
  Weight distance(std::size_t lane, Index v) const {
    return Weight{dist_[static_cast<std::size_t>(ch_.internal_of[v]) * lanes + lane]};
  }
  // The lanes of internal vertex iv (ch.original_of maps back), for callers that scan all.
  const std::uint32_t* internal_lanes(Index iv) const {
    return dist_.data() + static_cast<std::size_t>(iv) * lanes;
  }
  const graph::ContractionHierarchy& hierarchy() const { return ch_; }

 private:
  const graph::ContractionHierarchy& ch_;
  std::vector<std::uint32_t> dist_;  // internal id x lanes, complete after run()
  std::vector<std::uint32_t> init_;  // upward results, internal id x lanes
  std::vector<Weight> up_;           // one upward search, by internal id
  std::vector<Index> touched_;       // vertices any upward search reached (init_ to reset)
  std::vector<Index> lane_touched_;  // vertices the current upward search reached (up_ to reset)
  graph::MinHeap<Weight> heap_;
};

// Runs PHAST from every source, spread over threads (0 = all cores); visit(i, phast) is called
// on the thread that ran sources[i], while its distances are current.
void phast_for_each(const graph::ContractionHierarchy& ch, const std::vector<Index>& sources,
                    unsigned threads, const std::function<void(std::size_t, const Phast&)>& visit);

// Many-to-many with buckets (Knopp et al. 2007): one backward upward search per target leaves
// (target, distance) in a bucket at every vertex it settles; one forward upward search per
// source scans the buckets of the vertices it settles. In two steps, so that the rows of a
// matrix can be computed in blocks (by threads, ranks or shards) over buckets built once.
class ChBuckets {
 public:
  ChBuckets(const graph::ContractionHierarchy& ch, const std::vector<Index>& targets,
            unsigned threads = 0);
  // Row-major sources x targets.
  std::vector<Weight> rows(const std::vector<Index>& sources, unsigned threads = 0) const;

 private:
  const graph::ContractionHierarchy& ch_;
  std::size_t cols_;
  std::vector<Index> first_;                       // per internal vertex: its first entry
  std::vector<std::pair<Index, Weight>> entries_;  // (target column, distance to it)
};

// ChBuckets of the targets, then every source's row. Row-major sources x targets.
std::vector<Weight> ch_matrix(const graph::ContractionHierarchy& ch,
                              const std::vector<Index>& sources, const std::vector<Index>& targets,
                              unsigned threads = 0);

}  // namespace reachplan::routing
