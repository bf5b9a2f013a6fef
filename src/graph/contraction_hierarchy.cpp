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

// --- cache file --------------------------------------------------------------------------------

namespace {

constexpr std::string_view magic = "RPCH0001";

// nullopt when written for another key; CacheError when the file cannot be read back.
std::optional<ContractionHierarchy> read_ch_cache(const std::string& path, const std::string& key) {
  core::BinaryReader r = core::BinaryReader::open(path, magic);
  if (r.str() != key) return std::nullopt;
  ContractionHierarchy ch;
  r.array(ch.internal_of);
  r.array(ch.original_of);
  r.array(ch.up_first);
  r.array(ch.up_head);
  r.array(ch.up_weight);
  r.array(ch.up_middle);
  r.array(ch.down_first);
  r.array(ch.down_tail);
  r.array(ch.down_weight);
  r.array(ch.down_middle);
  const std::size_t n = ch.original_of.size();
  if (ch.internal_of.size() != n || ch.up_first.size() != n + 1 || ch.down_first.size() != n + 1 ||
      ch.up_first.back() != ch.up_head.size() || ch.down_first.back() != ch.down_tail.size())
    return std::nullopt;
  return ch;
}

}  // namespace

void save_contraction_hierarchy(const ContractionHierarchy& ch, const std::string& path,
                                const std::string& key) {
  core::BinaryWriter w(magic);
  w.str(key);
  w.array(ch.internal_of);
  w.array(ch.original_of);
  w.array(ch.up_first);
  w.array(ch.up_head);
  w.array(ch.up_weight);
  w.array(ch.up_middle);
  w.array(ch.down_first);
  w.array(ch.down_tail);
  w.array(ch.down_weight);
  w.array(ch.down_middle);
  w.write(path);
}

std::optional<ContractionHierarchy> load_contraction_hierarchy(const std::string& path,
                                                               const std::string& key) {
  try {
    return read_ch_cache(path, key);
  } catch (const core::CacheError&) {
    return std::nullopt;  // rebuilt by the caller
  }
}

}  // namespace reachplan::graph
