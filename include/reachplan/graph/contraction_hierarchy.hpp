// Contraction hierarchy of a RoadGraph (Geisberger et al. 2008): vertices are contracted one by
// one in order of importance, adding a shortcut u->x for a path u->v->x whenever no witness path
// avoids v. Queries then only ever go "up" the order, which makes point-to-point, bucket
// many-to-many and PHAST one-to-all sweeps fast (routing/ch_query.hpp).
//
// Vertices are renumbered so that the sweep of PHAST reads memory front to back: internal id 0
// is the most important vertex, and ids are sorted by level (longest downward chain) descending,
// then by original id, which keeps vertices of a level in their input (spatial) order. Every arc
// joins a less important vertex to a more important one, i.e. a higher internal id to a lower.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reachplan/core/cache_file.hpp"
#include "reachplan/graph/road_graph.hpp"

namespace reachplan::graph {

struct ContractionHierarchy {
  std::vector<Index> internal_of;  // original vertex -> internal id
  std::vector<Index> original_of;  // internal id -> original vertex

  // Upward arcs v -> u (u more important, u < v), stored at v.
  std::vector<Index> up_first;  // vertex_count + 1
  std::vector<Index> up_head;
  std::vector<Weight> up_weight;
  std::vector<Index> up_middle;  // shortcut: the contracted vertex it bypasses; else invalid

  // Downward arcs u -> v (u more important, u < v), stored at v with u as the "tail". A
  // backward search climbs them from v; the PHAST sweep pulls along them into v.
  std::vector<Index> down_first;
  std::vector<Index> down_tail;
  std::vector<Weight> down_weight;
  std::vector<Index> down_middle;

  Index vertex_count() const { return static_cast<Index>(original_of.size()); }
  std::size_t arc_count() const { return up_head.size() + down_tail.size(); }
  std::size_t memory_bytes() const;
};

struct ChOptions {
  // Witness searches give up after settling this many vertices (a failed search adds a
  // shortcut that may be redundant; never a wrong distance).
  unsigned witness_settle_limit = 500;
  unsigned simulation_settle_limit = 15;
  // Re-check a vertex's priority when it reaches the top of the queue (better order, slower).
  bool lazy_updates = true;
};

struct ChStats {
  std::size_t shortcuts = 0;
  Index levels = 0;
  double seconds = 0;
};

// Throws std::invalid_argument for malformed input (sizes). Parallel arcs and loops are fine.
ContractionHierarchy build_contraction_hierarchy(const RoadGraph& g, const ChOptions& options = {},
                                                 ChStats* stats = nullptr);

// Appends the internal vertices a CH arc from -> to (with its `middle`) passes through, `from`
// excluded and `to` included: shortcuts expand recursively into original arcs.
void unpack_arc(const ContractionHierarchy& ch, Index from, Index to, Index middle,
                std::vector<Index>& internal_path);

// What is wrong with `ch` ("" when nothing): the vertex numberings are not inverse
// permutations; arc offsets are not monotonic or do not end at the arc count; an arc's other end
// is out of range, not more important or out of order; a weight is unreachable; a shortcut's
// middle is out of range or its two halves are missing or do not add up to it. With `graph`,
// also: a vertex count or an arc of `graph` that the hierarchy lacks (or makes longer), or an arc
// that is no shortcut and not the shortest arc of `graph` between its ends. What it cannot see is
// a missing shortcut (answers too long, never too short): that needs the witness searches again.
std::string contraction_hierarchy_problem(const ContractionHierarchy& ch,
                                          const RoadGraph* graph = nullptr);

// Binary cache file (core/cache_file.hpp). `key` names the inputs it was built from and is
// stored in it; load returns nullopt when the file is missing, of another version, from another
// key, damaged, not a regular file of the user, larger than read->max_bytes, or not a valid
// hierarchy (of `graph` when given: contraction_hierarchy_problem), and but for the first two
// says why in read->problem (the caller warns and rebuilds). save writes a temporary then
// renames, so readers never see half a file.
void save_contraction_hierarchy(const ContractionHierarchy& ch, const std::string& path,
                                const std::string& key);
std::optional<ContractionHierarchy> load_contraction_hierarchy(const std::string& path,
                                                               const std::string& key,
                                                               const RoadGraph* graph = nullptr,
                                                               core::CacheRead* read = nullptr);

}  // namespace reachplan::graph
