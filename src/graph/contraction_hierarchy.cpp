// CH preprocessing. The order comes from a lazily updated priority queue over
//   2 * (shortcuts added / arcs removed) + 4 * (original arcs in added / in removed) + depth,
// the OSRM heuristic: it contracts degree-2 chains and dead ends first and keeps the hierarchy
// flat (depth), which keeps both the shortcut count and the query search spaces small. Witness
// searches are Dijkstra runs from each in-neighbour, bounded by the longest path through v and
// a settle limit; the priority simulation uses a much smaller limit than the real contraction.
#include "reachplan/graph/contraction_hierarchy.hpp"
#include "reachplan/graph/search_state.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <tuple>

#include "reachplan/core/cache_file.hpp"
#include "reachplan/core/error.hpp"

namespace reachplan::graph {

namespace {

struct DArc {
  Index other;
  Weight w;
  Index middle;
  Index hops;  // original arcs it stands for
};

// Bounded Dijkstra over the out-arcs of the remaining graph, skipping one vertex.
class WitnessSearch {
 public:
  explicit WitnessSearch(Index n) : dist_(n), target_(n) {}

  // Runs from s until `limit` vertices are settled, the queue exceeds max_dist, or every
  // marked target is settled.
  void run(const std::vector<std::vector<DArc>>& out, Index s, Index skip, Weight max_dist,
           unsigned limit, unsigned targets) {
    dist_.reset();
    heap_.clear();
    dist_.set(s, Weight{0});
    heap_.push(Weight{0}, s);
    unsigned settled = 0;
    while (!heap_.empty()) {
      const auto [d, v] = heap_.pop();
      if (d != dist_[v]) continue;
      if (d > max_dist) break;
      if (target_.has(v) && targets > 0 && --targets == 0) break;
      if (++settled > limit) break;
      for (const DArc& a : out[v]) {
        if (a.other == skip) continue;
        const Weight nd = d + a.w;
        if (nd > max_dist) continue;
        if (!dist_.has(a.other) || nd < dist_[a.other]) {
          dist_.set(a.other, nd);
          heap_.push(nd, a.other);
        }
      }
    }
  }
  Weight distance(Index v) const { return dist_.get(v, core::unreachable_ms); }

  // Targets are marked per batch (all out-neighbours of the vertex being contracted).
  void clear_targets() { target_.reset(); }
  void mark_target(Index v) { target_.set(v, 1); }

 private:
  StampedArray<Weight> dist_;
  StampedArray<char> target_;
  // Ties by vertex: with the settle limit, which of equal vertices settles first decides the
  // shortcuts, and so the hierarchy.
  MinHeap<Weight> heap_;
};

struct Shortcut {
  Index from, to;
  Weight w;
  Index hops;
};

class Contractor {
 public:
  Contractor(const RoadGraph& g, const ChOptions& options)
      : n_(g.vertex_count()),
        options_(options),
        out_(n_),
        in_(n_),
        contracted_(n_, 0),
        depth_(n_, 0),
        witness_(n_) {
    for (Index v = 0; v < n_; ++v)
      for (Index a = g.first_out[v]; a < g.first_out[v + 1]; ++a) {
        const Index h = g.head[a];
        if (h == v) continue;  // loops never lie on a shortest path
        add_or_improve(v, h, g.weight[a], core::invalid_index, 1);
      }
  }

  ContractionHierarchy run(ChStats* stats) {
    using Entry = std::pair<float, Index>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    std::vector<float> priority(n_);
    for (Index v = 0; v < n_; ++v) {
      priority[v] = simulate(v);
      queue.push({priority[v], v});
    }
    up_.resize(n_);
    down_.resize(n_);
    std::vector<Shortcut> shortcuts;
    std::vector<Index> neighbours;
    std::size_t shortcut_count = 0;
    while (!queue.empty()) {
      const auto [p, v] = queue.top();
      queue.pop();
      if (contracted_[v] || p != priority[v]) continue;
      // Lazy update: the priority may have grown since it was queued by changes two hops away.
      const float fresh = options_.lazy_updates ? simulate(v) : p;
      if (!queue.empty() && fresh > queue.top().first) {
        priority[v] = fresh;
        queue.push({fresh, v});
        continue;
      }
      shortcuts.clear();
      find_shortcuts(v, options_.witness_settle_limit, shortcuts, nullptr);
      // v's remaining arcs all lead to more important vertices: they become its CH arcs.
      up_[v] = out_[v];
      down_[v] = in_[v];
      contracted_[v] = 1;
      neighbours.clear();
      for (const DArc& a : out_[v]) {
        remove_arc(in_[a.other], v);
        neighbours.push_back(a.other);
      }
      for (const DArc& a : in_[v]) {
        remove_arc(out_[a.other], v);
        neighbours.push_back(a.other);
      }
      out_[v].clear();
      out_[v].shrink_to_fit();
      in_[v].clear();
      in_[v].shrink_to_fit();
      for (const Shortcut& s : shortcuts) add_or_improve(s.from, s.to, s.w, v, s.hops);
      shortcut_count += shortcuts.size();
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      for (Index x : neighbours) {
        depth_[x] = std::max(depth_[x], depth_[v] + 1);
        priority[x] = simulate(x);
        queue.push({priority[x], x});
      }
    }
    if (stats) {
      stats->shortcuts = shortcut_count;
      stats->levels = n_ ? *std::max_element(depth_.begin(), depth_.end()) + 1 : 0;
    }
    return finish();
  }

 private:
  static void remove_arc(std::vector<DArc>& arcs, Index other) {
    for (std::size_t i = 0; i < arcs.size(); ++i)
      if (arcs[i].other == other) {
        arcs[i] = arcs.back();
        arcs.pop_back();
        return;
      }
  }

  void add_or_improve(Index from, Index to, Weight w, Index middle, Index hops) {
    for (DArc& a : out_[from])
      if (a.other == to) {
        if (w < a.w) {
          a.w = w;
          a.middle = middle;
          a.hops = hops;
          for (DArc& b : in_[to])
            if (b.other == from) {
              b.w = w;
              b.middle = middle;
              b.hops = hops;
              break;
            }
        }
        return;
      }
    out_[from].push_back({to, w, middle, hops});
    in_[to].push_back({from, w, middle, hops});
  }

  // Shortcuts needed to contract v (appended to `out`); counts them into *added_hops if given.
  void find_shortcuts(Index v, unsigned limit, std::vector<Shortcut>& out, Index* added_hops) {
    const auto& outs = out_[v];
    const auto& ins = in_[v];
    if (outs.empty() || ins.empty()) return;
    Weight max_out{0};
    witness_.clear_targets();
    for (const DArc& b : outs) {
      max_out = std::max(max_out, b.w);
      witness_.mark_target(b.other);
    }
    for (const DArc& a : ins) {
      const Index u = a.other;
      // Only one target (u itself): no search needed.
      if (outs.size() == 1 && outs[0].other == u) continue;
      witness_.run(out_, u, v, a.w + max_out, limit, static_cast<unsigned>(outs.size()));
      for (const DArc& b : outs) {
        if (b.other == u) continue;
        const Weight via = a.w + b.w;
        if (witness_.distance(b.other) <= via) continue;
        out.push_back({u, b.other, via, a.hops + b.hops});
        if (added_hops) *added_hops += a.hops + b.hops;
      }
    }
  }

  float simulate(Index v) {
    sim_.clear();
    Index added_hops = 0;
    find_shortcuts(v, options_.simulation_settle_limit, sim_, &added_hops);
    Index removed = 0, removed_hops = 0;
    for (const DArc& a : out_[v]) {
      ++removed;
      removed_hops += a.hops;
    }
    for (const DArc& a : in_[v]) {
      ++removed;
      removed_hops += a.hops;
    }
    const float added = static_cast<float>(sim_.size());
    return 2.0f * added / static_cast<float>(std::max<Index>(removed, 1)) +
           4.0f * static_cast<float>(added_hops) /
               static_cast<float>(std::max<Index>(removed_hops, 1)) +
           static_cast<float>(depth_[v]);
  }

  ContractionHierarchy finish() {
    ContractionHierarchy ch;
    ch.original_of.resize(n_);
    std::iota(ch.original_of.begin(), ch.original_of.end(), 0);
    std::stable_sort(ch.original_of.begin(), ch.original_of.end(),
                     [&](Index a, Index b) { return depth_[a] > depth_[b]; });
    ch.internal_of.resize(n_);
    for (Index i = 0; i < n_; ++i) ch.internal_of[ch.original_of[i]] = i;
    ch.up_first.assign(static_cast<std::size_t>(n_) + 1, 0);
    ch.down_first.assign(static_cast<std::size_t>(n_) + 1, 0);
    for (Index i = 0; i < n_; ++i) {
      const Index v = ch.original_of[i];
      ch.up_first[i + 1] = ch.up_first[i] + static_cast<Index>(up_[v].size());
      ch.down_first[i + 1] = ch.down_first[i] + static_cast<Index>(down_[v].size());
    }
    ch.up_head.resize(ch.up_first[n_]);
    ch.up_weight.resize(ch.up_first[n_]);
    ch.up_middle.resize(ch.up_first[n_]);
    ch.down_tail.resize(ch.down_first[n_]);
    ch.down_weight.resize(ch.down_first[n_]);
    ch.down_middle.resize(ch.down_first[n_]);
    auto map = [&](Index x) { return x == core::invalid_index ? x : ch.internal_of[x]; };
    for (Index i = 0; i < n_; ++i) {
      const Index v = ch.original_of[i];
      // Sorted by the other end so the sweep's reads go forward in memory.
      auto sort_arcs = [&](std::vector<DArc>& arcs) {
        for (DArc& a : arcs) {
          a.other = map(a.other);
          a.middle = map(a.middle);
        }
        std::sort(arcs.begin(), arcs.end(),
                  [](const DArc& a, const DArc& b) { return a.other < b.other; });
      };
      sort_arcs(up_[v]);
      sort_arcs(down_[v]);
      Index k = ch.up_first[i];
      for (const DArc& a : up_[v]) {
        ch.up_head[k] = a.other;
        ch.up_weight[k] = a.w;
        ch.up_middle[k++] = a.middle;
      }
      k = ch.down_first[i];
      for (const DArc& a : down_[v]) {
        ch.down_tail[k] = a.other;
        ch.down_weight[k] = a.w;
        ch.down_middle[k++] = a.middle;
      }
      std::vector<DArc>().swap(up_[v]);
      std::vector<DArc>().swap(down_[v]);
    }
    return ch;
  }

  Index n_;
  ChOptions options_;
  std::vector<std::vector<DArc>> out_, in_;
  std::vector<std::vector<DArc>> up_, down_;
  std::vector<char> contracted_;
  std::vector<Index> depth_;
  WitnessSearch witness_;
  std::vector<Shortcut> sim_;
};

}  // namespace

std::size_t ContractionHierarchy::memory_bytes() const {
  return (internal_of.size() + original_of.size() + up_first.size() + down_first.size()) *
             sizeof(Index) +
         up_head.size() * (sizeof(Index) * 2 + sizeof(Weight)) +
         down_tail.size() * (sizeof(Index) * 2 + sizeof(Weight));
}

ContractionHierarchy build_contraction_hierarchy(const RoadGraph& g, const ChOptions& options,
                                                 ChStats* stats) {
  if (g.first_out.empty() || g.head.size() != g.weight.size() ||
      g.first_out.back() != g.head.size())
    throw std::invalid_argument("build_contraction_hierarchy: malformed graph");
  const auto t0 = std::chrono::steady_clock::now();
  Contractor c(g, options);
  ContractionHierarchy ch = c.run(stats);
  if (stats)
    stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ch;
}

namespace {

// Arc u -> v in the given list of `at`, by its other end.
std::size_t find_arc(const std::vector<Index>& first, const std::vector<Index>& other, Index at,
                     Index end) {
  for (Index a = first[at]; a < first[at + 1]; ++a)
    if (other[a] == end) return a;
  throw std::logic_error("unpack_arc: shortcut half not found");
}

void unpack(const ContractionHierarchy& ch, Index to, Index middle, Index from,
            std::vector<Index>& path) {
  if (middle == core::invalid_index) {
    path.push_back(to);
    return;
  }
  // from -> middle is a downward arc stored at middle; middle -> to an upward arc there.
  const std::size_t a = find_arc(ch.down_first, ch.down_tail, middle, from);
  unpack(ch, middle, ch.down_middle[a], from, path);
  const std::size_t b = find_arc(ch.up_first, ch.up_head, middle, to);
  unpack(ch, to, ch.up_middle[b], middle, path);
}

}  // namespace

void unpack_arc(const ContractionHierarchy& ch, Index from, Index to, Index middle,
                std::vector<Index>& internal_path) {
  unpack(ch, to, middle, from, internal_path);
}

// --- validation ---------------------------------------------------------------------------------

namespace {

// The arc of vertex `at` whose other end is `end` (lists are sorted by it), or npos.
std::size_t arc_to(const std::vector<Index>& first, const std::vector<Index>& other, Index at,
                   Index end) {
  const auto b = other.begin() + first[at], e = other.begin() + first[at + 1];
  const auto it = std::lower_bound(b, e, end);
  return it != e && *it == end ? static_cast<std::size_t>(it - other.begin()) : std::string::npos;
}

std::string permutation_problem(const ContractionHierarchy& ch) {
  const std::size_t n = ch.original_of.size();
  if (ch.internal_of.size() != n) return "vertex numberings of different sizes";
  // In range and inverse of each other on every id: then both are permutations.
  for (std::size_t i = 0; i < n; ++i)
    if (ch.original_of[i] >= n || ch.internal_of[ch.original_of[i]] != i)
      return "vertex numbering is not a permutation (internal id " + std::to_string(i) + ")";
  return "";
}

// One direction's arcs: offsets monotonic and ending at the arc count, other ends more
// important (lower ids) and sorted, weights finite, middles less important than both ends.
std::string arcs_problem(const std::vector<Index>& first, const std::vector<Index>& other,
                         const std::vector<Weight>& weight, const std::vector<Index>& middle,
                         const std::string& kind) {
  const std::size_t n = first.empty() ? 0 : first.size() - 1;
  if (first.empty() || first.front() != 0 || first.back() != other.size() ||
      weight.size() != other.size() || middle.size() != other.size())
    return kind + " arc offsets do not span the arcs";
  for (Index v = 0; v < n; ++v) {
    if (first[v] > first[v + 1]) return kind + " arc offsets not in order";
    for (Index a = first[v]; a < first[v + 1]; ++a) {
      const std::string at = kind + " arc " + std::to_string(a) + " of vertex " + std::to_string(v);
      if (other[a] >= v || (a > first[v] && other[a] <= other[a - 1]))
        return at + ": other end out of range or order";
      if (weight[a] >= core::unreachable_ms) return at + ": weight out of range";
      if (middle[a] != core::invalid_index && (middle[a] <= v || middle[a] >= n))
        return at + ": shortcut middle out of range";
    }
  }
  return "";
}

// Every shortcut from -> to over m is exactly its two halves, from -> m and m -> to, both
// stored at m: so unpacking always finds them, and a shortcut never is shorter than a path.
std::string shortcuts_problem(const ContractionHierarchy& ch) {
  const Index n = ch.vertex_count();
  auto check = [&](Index from, Index to, Index m, Weight w) {
    if (m == core::invalid_index) return true;
    const std::size_t a = arc_to(ch.down_first, ch.down_tail, m, from);
    const std::size_t b = arc_to(ch.up_first, ch.up_head, m, to);
    return a != std::string::npos && b != std::string::npos &&
           std::uint64_t{ch.down_weight[a].ms} + ch.up_weight[b].ms == w.ms;
  };
  for (Index v = 0; v < n; ++v) {
    for (Index a = ch.up_first[v]; a < ch.up_first[v + 1]; ++a)
      if (!check(v, ch.up_head[a], ch.up_middle[a], ch.up_weight[a]))
        return "up arc " + std::to_string(a) + ": shortcut is not its two halves";
    for (Index a = ch.down_first[v]; a < ch.down_first[v + 1]; ++a)
      if (!check(ch.down_tail[a], v, ch.down_middle[a], ch.down_weight[a]))
        return "down arc " + std::to_string(a) + ": shortcut is not its two halves";
  }
  return "";
}

// The CH arc for the original arc t -> h (internal ids): stored at the less important end.
Weight ch_arc_weight(const ContractionHierarchy& ch, Index t, Index h, Index* middle) {
  const bool up = t > h;
  const std::size_t a =
      up ? arc_to(ch.up_first, ch.up_head, t, h) : arc_to(ch.down_first, ch.down_tail, h, t);
  if (a == std::string::npos) return core::unreachable_ms;
  *middle = up ? ch.up_middle[a] : ch.down_middle[a];
  return up ? ch.up_weight[a] : ch.down_weight[a];
}

// The hierarchy is of `g`: every arc of g is there, as itself or as a shortcut no longer; every
// arc that is not a shortcut has the weight of the shortest arc of g it stands for.
std::string graph_problem(const ContractionHierarchy& ch, const RoadGraph& g) {
  if (g.vertex_count() != ch.vertex_count()) return "vertex count differs from the road graph";
  std::size_t originals = 0, covered = 0;
  for (Index v = 0; v < ch.vertex_count(); ++v) {
    for (Index a = ch.up_first[v]; a < ch.up_first[v + 1]; ++a)
      originals += ch.up_middle[a] == core::invalid_index;
    for (Index a = ch.down_first[v]; a < ch.down_first[v + 1]; ++a)
      originals += ch.down_middle[a] == core::invalid_index;
  }
  for (Index u = 0; u < g.vertex_count(); ++u) {
    for (Index a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
      const Index h = g.head[a];
      if (h == u) continue;
      Weight best = g.weight[a];
      bool first_of_pair = true;  // the first arc u -> h counts the pair once
      for (Index b = g.first_out[u]; b < g.first_out[u + 1]; ++b)
        if (g.head[b] == h) {
          best = std::min(best, g.weight[b]);
          first_of_pair = first_of_pair && b >= a;
        }
      Index middle = core::invalid_index;
      const Weight w = ch_arc_weight(ch, ch.internal_of[u], ch.internal_of[h], &middle);
      if (w > best || (middle == core::invalid_index && w != best))
        return "arc " + std::to_string(u) + " -> " + std::to_string(h) +
               " of the road graph is missing or has another weight";
      covered += first_of_pair && middle == core::invalid_index;
    }
  }
  if (covered != originals) return "arcs that are not in the road graph";
  return "";
}

}  // namespace

std::string contraction_hierarchy_problem(const ContractionHierarchy& ch, const RoadGraph* g) {
  std::string why = permutation_problem(ch);
  if (why.empty()) why = arcs_problem(ch.up_first, ch.up_head, ch.up_weight, ch.up_middle, "up");
  if (why.empty())
    why = arcs_problem(ch.down_first, ch.down_tail, ch.down_weight, ch.down_middle, "down");
  if (why.empty() && (ch.up_first.size() != ch.original_of.size() + 1 ||
                      ch.down_first.size() != ch.original_of.size() + 1))
    why = "arc offsets of another vertex count";
  if (why.empty()) why = shortcuts_problem(ch);
  if (why.empty() && g) why = graph_problem(ch, *g);
  return why;
}

// --- cache file --------------------------------------------------------------------------------

namespace {

// 02: SHA-256 checksum, the entry bound to its input's text, every index validated on load.
constexpr std::string_view magic = "RPCH0002";

template <class Io, class Ch>
void ch_arrays(Io& io, Ch& ch) {
  using C = ContractionHierarchy;
  constexpr auto arrays = std::make_tuple(&C::internal_of, &C::original_of, &C::up_first,
                                          &C::up_head, &C::up_weight, &C::up_middle, &C::down_first,
                                          &C::down_tail, &C::down_weight, &C::down_middle);
  std::apply([&](auto... member) { (io.array(ch.*member), ...); }, arrays);
}

// CacheMiss when there is no file or it is of another version; CacheError when it cannot be
// read back or is not a valid hierarchy (of `graph`, when given).
ContractionHierarchy read_ch_cache(const std::string& path, const std::string& key,
                                   const RoadGraph* graph, std::uint64_t max_bytes) {
  core::BinaryReader r = core::BinaryReader::open(path, magic, max_bytes);
  if (r.str() != key) r.fail("made from other inputs (input SHA-256 or options differ)");
  ContractionHierarchy ch;
  ch_arrays(r, ch);
  if (r.remaining() != 0) r.fail("bytes after the last value");
  if (const std::string why = contraction_hierarchy_problem(ch, graph); !why.empty())
    r.fail("not a valid contraction hierarchy: " + why);
  return ch;
}

}  // namespace

void save_contraction_hierarchy(const ContractionHierarchy& ch, const std::string& path,
                                const std::string& key) {
  core::BinaryWriter w(magic);
  w.str(key);
  ch_arrays(w, ch);
  w.write(path);
}

std::optional<ContractionHierarchy> load_contraction_hierarchy(const std::string& path,
                                                               const std::string& key,
                                                               const RoadGraph* graph,
                                                               core::CacheRead* read) {
  try {
    return read_ch_cache(path, key, graph, read ? read->max_bytes : core::default_cache_limit);
  } catch (const core::CacheMiss&) {
    return std::nullopt;  // built by the caller
  } catch (const core::CacheError& e) {
    if (read) read->problem = e.what();
    return std::nullopt;  // rebuilt by the caller
  }
}

}  // namespace reachplan::graph
