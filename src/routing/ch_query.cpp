// CH queries. Every search only climbs: forward searches follow upward arcs, backward searches
// follow downward arcs against their direction. Stall-on-demand skips expanding a vertex whose
// label a more important neighbour already beats, which roughly halves road search spaces.
#include "reachplan/routing/ch_query.hpp"

#include <algorithm>
#include <stdexcept>

#include "reachplan/core/parallel.hpp"

namespace reachplan::routing {

namespace {

using graph::ContractionHierarchy;

// One direction of an upward search over internal ids.
struct Side {
  const Index* first;  // arcs to expand
  const Index* other;
  const Weight* weight;
  const Index* stall_first;  // arcs from more important vertices into v (the other list)
  const Index* stall_other;
  const Weight* stall_weight;
};

Side forward_side(const ContractionHierarchy& ch) {
  return {ch.up_first.data(),   ch.up_head.data(),   ch.up_weight.data(),
          ch.down_first.data(), ch.down_tail.data(), ch.down_weight.data()};
}
Side backward_side(const ContractionHierarchy& ch) {
  return {ch.down_first.data(), ch.down_tail.data(), ch.down_weight.data(),
          ch.up_first.data(),   ch.up_head.data(),   ch.up_weight.data()};
}

class UpwardSearch {
 public:
  explicit UpwardSearch(Index n) : dist_(n), parent_(n), parent_arc_(n) {}

  void start(Index s) {
    dist_.reset();
    heap_.clear();
    label(s, Weight{0}, core::invalid_index, core::invalid_index);
    heap_.push(Weight{0}, s);
  }
  bool empty() const { return heap_.empty(); }
  Weight top() const { return heap_.top().first; }

  // Settles the next vertex; returns it, or invalid_index for a stale or stalled entry.
  // `d` receives its distance.
  Index settle(const Side& side, Weight& d) {
    const auto [dv, v] = heap_.pop();
    if (dv != dist_[v]) return core::invalid_index;
    for (Index a = side.stall_first[v]; a < side.stall_first[v + 1]; ++a) {
      const Index u = side.stall_other[a];
      if (dist_.has(u) && dist_[u] + side.stall_weight[a] < dv) return core::invalid_index;
    }
    for (Index a = side.first[v]; a < side.first[v + 1]; ++a) {
      const Index u = side.other[a];
      const Weight nd = dv + side.weight[a];
      if (!dist_.has(u) || nd < dist_[u]) {
        label(u, nd, v, a);
        heap_.push(nd, u);
      }
    }
    d = dv;
    return v;
  }

  // Runs to exhaustion, calling visit(v, d) for every settled, unstalled vertex.
  template <class Visit>
  void run(const Side& side, Index s, Visit&& visit) {
    start(s);
    while (!empty()) {
      Weight d;
      const Index v = settle(side, d);
      if (v != core::invalid_index) visit(v, d);
    }
  }

  Weight distance(Index v) const { return dist_.get(v, core::unreachable_ms); }
  Index parent(Index v) const { return parent_[v]; }
  Index parent_arc(Index v) const { return parent_arc_[v]; }

 private:
  void label(Index v, Weight d, Index p, Index a) {
    dist_.set(v, d);
    parent_[v] = p;
    parent_arc_[v] = a;
  }
  graph::StampedArray<Weight> dist_;
  std::vector<Index> parent_, parent_arc_;  // of the vertices dist_ labels
  // Ties by vertex: which of equal labels settles first decides the parents (ChQuery::path).
  graph::MinHeap<Weight> heap_;
};

void check_vertex(const ContractionHierarchy& ch, Index v) {
  if (v >= ch.vertex_count()) throw std::out_of_range("CH query: vertex out of range");
}

}  // namespace

// --- point to point ----------------------------------------------------------------------------

struct ChQuery::Impl {
  const ContractionHierarchy& ch;
  UpwardSearch fwd, bwd;
  Side fs, bs;
  Index meet = core::invalid_index;
  explicit Impl(const ContractionHierarchy& c)
      : ch(c),
        fwd(c.vertex_count()),
        bwd(c.vertex_count()),
        fs(forward_side(c)),
        bs(backward_side(c)) {}

  Weight run(Index s, Index t) {
    check_vertex(ch, s);
    check_vertex(ch, t);
    fwd.start(ch.internal_of[s]);
    bwd.start(ch.internal_of[t]);
    Weight best = core::unreachable_ms;
    meet = core::invalid_index;
    while (true) {
      const bool f_live = !fwd.empty() && fwd.top() < best;
      const bool b_live = !bwd.empty() && bwd.top() < best;
      if (!f_live && !b_live) break;
      const bool forward = f_live && (!b_live || fwd.top() <= bwd.top());
      UpwardSearch& me = forward ? fwd : bwd;
      const UpwardSearch& them = forward ? bwd : fwd;
      Weight d;
      const Index v = me.settle(forward ? fs : bs, d);
      if (v == core::invalid_index) continue;
      const Weight other = them.distance(v);
      if (other != core::unreachable_ms && d + other < best) {
        best = d + other;
        meet = v;
      }
    }
    return best;
  }
};

ChQuery::ChQuery(const ContractionHierarchy& ch) : impl_(std::make_unique<Impl>(ch)) {}
ChQuery::~ChQuery() = default;

Weight ChQuery::distance(Index source, Index target) {
  return impl_->run(source, target);
}

std::vector<Index> ChQuery::path(Index source, Index target) {
  Impl& q = *impl_;
  if (q.run(source, target) == core::unreachable_ms) return {};
  const ContractionHierarchy& ch = q.ch;
  // Forward half: CH arcs from the source up to the meeting vertex, in reverse.
  std::vector<std::pair<Index, Index>> up_arcs;  // (tail, arc)
  for (Index v = q.meet; q.fwd.parent(v) != core::invalid_index; v = q.fwd.parent(v))
    up_arcs.push_back({q.fwd.parent(v), q.fwd.parent_arc(v)});
  std::reverse(up_arcs.begin(), up_arcs.end());
  std::vector<Index> internal{ch.internal_of[source]};
  for (const auto& [tail, a] : up_arcs)
    graph::unpack_arc(ch, tail, ch.up_head[a], ch.up_middle[a], internal);
  // Backward half: from the meeting vertex down to the target.
  for (Index v = q.meet; q.bwd.parent(v) != core::invalid_index; v = q.bwd.parent(v)) {
    const Index a = q.bwd.parent_arc(v);  // downward arc v -> parent, stored at the parent
    graph::unpack_arc(ch, v, q.bwd.parent(v), ch.down_middle[a], internal);
  }
  for (Index& v : internal) v = ch.original_of[v];
  return internal;
}

// --- one to all --------------------------------------------------------------------------------

Phast::Phast(const ContractionHierarchy& ch)
    : ch_(ch),
      dist_(ch.vertex_count(), core::unreachable_ms),
      init_(ch.vertex_count(), core::unreachable_ms) {}

namespace {

// PHAST's first phase: the upward search from `source` (internal id) into `init`, which must be
// unreachable everywhere; appends every vertex it labels to `touched`.
void upward_labels(const ContractionHierarchy& ch, Index s, Weight* init,
                   std::vector<Index>& touched, graph::MinHeap<Weight>& heap) {
  heap.clear();
  init[s] = Weight{0};
  touched.push_back(s);
  heap.push(Weight{0}, s);
  const Index* up_first = ch.up_first.data();
  const Index* up_head = ch.up_head.data();
  const Weight* up_weight = ch.up_weight.data();
  const Index* down_first = ch.down_first.data();
  const Index* down_tail = ch.down_tail.data();
  const Weight* down_weight = ch.down_weight.data();
  while (!heap.empty()) {
    const auto [d, v] = heap.pop();
    if (d != init[v]) continue;
    bool stalled = false;
    for (Index a = down_first[v]; a < down_first[v + 1] && !stalled; ++a)
      stalled = init[down_tail[a]] + down_weight[a] < d;
    if (stalled) continue;  // the sweep corrects its label from the better neighbour
    for (Index a = up_first[v]; a < up_first[v + 1]; ++a) {
      const Index u = up_head[a];
      const Weight nd = d + up_weight[a];
      if (nd < init[u]) {
        if (init[u] == core::unreachable_ms) touched.push_back(u);
        init[u] = nd;
        heap.push(nd, u);
      }
    }
  }
}

}  // namespace

void Phast::run(Index source) {
  check_vertex(ch_, source);
  for (Index v : touched_) init_[v] = core::unreachable_ms;
  touched_.clear();
  upward_labels(ch_, ch_.internal_of[source], init_.data(), touched_, heap_);
  const Index* down_first = ch_.down_first.data();
  const Index* down_tail = ch_.down_tail.data();
  const Weight* down_weight = ch_.down_weight.data();
  const Weight* init = init_.data();
  // The sweep: every vertex after all more important ones, pulling along downward arcs.
  Weight* dist = dist_.data();
  const Index n = ch_.vertex_count();
  for (Index v = 0; v < n; ++v) {
    Weight d = init[v];
    for (Index a = down_first[v], end = down_first[v + 1]; a < end; ++a) {
      const Weight nd = dist[down_tail[a]] + down_weight[a];
      d = nd < d ? nd : d;
    }
    dist[v] = d;
  }
}

PhastLanes::PhastLanes(const ContractionHierarchy& ch)
    : ch_(ch),
      dist_(static_cast<std::size_t>(ch.vertex_count()) * lanes, core::unreachable_ms.ms),
      init_(static_cast<std::size_t>(ch.vertex_count()) * lanes, core::unreachable_ms.ms),
      up_(ch.vertex_count(), core::unreachable_ms) {}

void PhastLanes::run(const Index* sources, std::size_t count) {
  if (count > lanes) throw std::invalid_argument("PhastLanes: more sources than lanes");
  for (std::size_t l = 0; l < count; ++l) check_vertex(ch_, sources[l]);
  for (Index v : touched_)
    std::fill_n(init_.begin() + static_cast<std::ptrdiff_t>(v) * lanes, lanes,
                core::unreachable_ms.ms);
  touched_.clear();
  for (std::size_t l = 0; l < count; ++l) {
    lane_touched_.clear();
    upward_labels(ch_, ch_.internal_of[sources[l]], up_.data(), lane_touched_, heap_);
    for (Index v : lane_touched_) {
      std::uint32_t& slot = init_[static_cast<std::size_t>(v) * lanes + l];
      if (slot == core::unreachable_ms.ms) {
        bool fresh = true;  // first lane to reach v: remember it for the reset
        for (std::size_t o = 0; o < lanes && fresh; ++o)
          fresh =
              o == l || init_[static_cast<std::size_t>(v) * lanes + o] == core::unreachable_ms.ms;
        if (fresh) touched_.push_back(v);
      }
      slot = up_[v].ms;
      up_[v] = core::unreachable_ms;
    }
  }
  // The sweep, all lanes at once: fixed-width loops over plain integers, which the compiler
  // turns into vector minima.
  const Index* down_first = ch_.down_first.data();
  const Index* down_tail = ch_.down_tail.data();
  const Weight* down_weight = ch_.down_weight.data();
  std::uint32_t* dist = dist_.data();
  const std::uint32_t* init = init_.data();
  const Index n = ch_.vertex_count();
  for (Index v = 0; v < n; ++v) {
    std::uint32_t d[lanes];
    const std::uint32_t* iv = init + static_cast<std::size_t>(v) * lanes;
    for (std::size_t l = 0; l < lanes; ++l) d[l] = iv[l];
    for (Index a = down_first[v], end = down_first[v + 1]; a < end; ++a) {
      const std::uint32_t* du = dist + static_cast<std::size_t>(down_tail[a]) * lanes;
      const std::uint32_t w = down_weight[a].ms;
      for (std::size_t l = 0; l < lanes; ++l) d[l] = std::min(d[l], du[l] + w);
    }
    std::uint32_t* dv = dist + static_cast<std::size_t>(v) * lanes;
    for (std::size_t l = 0; l < lanes; ++l) dv[l] = d[l];
  }
}

void phast_for_each(const ContractionHierarchy& ch, const std::vector<Index>& sources,
                    unsigned threads, const std::function<void(std::size_t, const Phast&)>& visit) {
  for (Index s : sources) check_vertex(ch, s);
  core::parallel_for(
      sources.size(), threads, [&] { return Phast(ch); },
      [&](Phast& phast, std::size_t i) {
        phast.run(sources[i]);
        visit(i, phast);
      });
}

// --- many to many ------------------------------------------------------------------------------

ChBuckets::ChBuckets(const ContractionHierarchy& ch, const std::vector<Index>& targets,
                     unsigned threads)
    : ch_(ch), cols_(targets.size()) {
  for (Index t : targets) check_vertex(ch, t);
  const Index n = ch.vertex_count();
  // Backward searches: (vertex, distance) per vertex settled from each target.
  std::vector<std::vector<std::pair<Index, Weight>>> settled(cols_);
  const Side bs = backward_side(ch);
  core::parallel_for(
      cols_, threads, [&] { return UpwardSearch(n); },
      [&](UpwardSearch& search, std::size_t j) {
        search.run(bs, ch.internal_of[targets[j]],
                   [&](Index v, Weight d) { settled[j].emplace_back(v, d); });
      });

  // Entries grouped by vertex (counting sort), each (target, distance).
  first_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const auto& part : settled)
    for (const auto& [v, d] : part) ++first_[v + 1];
  for (Index v = 0; v < n; ++v) first_[v + 1] += first_[v];
  entries_.resize(first_[n]);
  std::vector<Index> next(first_.begin(), first_.end() - 1);
  for (std::size_t j = 0; j < cols_; ++j) {
    for (const auto& [v, d] : settled[j]) entries_[next[v]++] = {static_cast<Index>(j), d};
    std::vector<std::pair<Index, Weight>>().swap(settled[j]);
  }
}

std::vector<Weight> ChBuckets::rows(const std::vector<Index>& sources, unsigned threads) const {
  for (Index s : sources) check_vertex(ch_, s);
  std::vector<Weight> out(sources.size() * cols_, core::unreachable_ms);
  if (cols_ == 0) return out;
  const Side fs = forward_side(ch_);
  core::parallel_for(
      sources.size(), threads, [&] { return UpwardSearch(ch_.vertex_count()); },
      [&](UpwardSearch& search, std::size_t i) {
        Weight* row = out.data() + i * cols_;
        search.run(fs, ch_.internal_of[sources[i]], [&](Index v, Weight d) {
          for (Index b = first_[v], end = first_[v + 1]; b < end; ++b) {
            const auto [j, dj] = entries_[b];
            const Weight total = d + dj;
            if (total < row[j]) row[j] = total;
          }
        });
      });
  return out;
}

std::vector<Weight> ch_matrix(const ContractionHierarchy& ch, const std::vector<Index>& sources,
                              const std::vector<Index>& targets, unsigned threads) {
  for (Index s : sources) check_vertex(ch, s);
  if (sources.empty() || targets.empty())
    return std::vector<Weight>(sources.size() * targets.size(), core::unreachable_ms);
  return ChBuckets(ch, targets, threads).rows(sources, threads);
}

}  // namespace reachplan::routing
