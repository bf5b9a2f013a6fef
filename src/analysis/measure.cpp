// Variant measurement with search reuse. Each profile's graph is built once over the universe of
// lines; a variant is that graph with the arcs of its switched-off lines and cut segments
// dropped (vertices stay, so vertex indices agree across variants). Dropping the arcs of a line
// leaves its mode vertices as dead ends, so distances equal those of build_graph with the mask.
#include "reachplan/analysis/measure.hpp"
#include "reachplan/analysis/target_eval.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/graph/search_state.hpp"
#include "reachplan/graph/transforms.hpp"
#include "reachplan/routing/dijkstra.hpp"

namespace reachplan::analysis {

using core::Index;
using core::Seconds;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double minutes_of(Seconds s) {
  return s >= core::unreachable ? nan : static_cast<double>(s) / core::seconds_per_minute;
}

using model::within;

SegmentKey segment_key(const std::string& mode, const std::string& a, const std::string& b) {
  return a < b ? SegmentKey{mode, a, b} : SegmentKey{mode, b, a};
}

// Distances kept per reference row only up to this many (origins x vertices) per profile, so
// a province-wide graph falls back to plain searches instead of exhausting memory.
constexpr std::size_t max_kept_distances = std::size_t{1} << 25;

// Distances after arcs are added to a graph whose distances from one origin are known (`before`,
// per vertex). Adding arcs only shortens paths, and only through the new arcs, so a Dijkstra
// seeded at their heads that expands just the vertices it improves gives the new distances
// (dynamic shortest paths, edge insertion). It usually touches a small part of the graph.
class RepairSearch {
 public:
  explicit RepairSearch(Index vertices) : dist_(vertices) {}

  void run(const graph::RoutingGraph& g, const Seconds* before,
           const std::vector<std::pair<Index, Seconds>>& seeds) {
    before_ = before;
    dist_.reset();
    heap_.clear();
    for (const auto& [v, d] : seeds) relax(v, d);
    while (!heap_.empty()) {
      const auto [d, v] = heap_.pop();
      if (d != distance(v)) continue;  // stale
      for (Index a = g.first_out[v]; a < g.first_out[v + 1]; ++a) relax(g.head[a], d + g.weight[a]);
    }
  }
  Seconds distance(Index v) const { return dist_.get(v, before_[v]); }

 private:
  void relax(Index v, Seconds d) {
    if (d >= distance(v)) return;
    dist_.set(v, d);
    heap_.push(d, v);
  }
  const Seconds* before_ = nullptr;
  graph::StampedArray<Seconds> dist_;  // improved distances; the others are before_'s
  graph::MinHeap<Seconds> heap_;
};

}  // namespace

bool SegmentKey::operator<(const SegmentKey& o) const {
  if (mode != o.mode) return mode < o.mode;
  if (a != o.a) return a < o.a;
  return b < o.b;
}

std::vector<bool> built_mask(const model::Scenario& scenario) {
  std::vector<bool> m;
  m.reserve(scenario.network.lines.size());
  for (const auto& line : scenario.network.lines) m.push_back(model::is_built(line, scenario));
  return m;
}

// One profile's graph over the universe, and which places its searches start from and reach.
struct VariantEvaluator::ProfileData {
  std::string id;
  graph::RoutingGraph graph;
  std::vector<Index> origins;                     // node indices, ascending
  std::vector<Index> destinations;                // node indices, ascending
  std::vector<Index> row_of;                      // node -> row, invalid if not an origin
  std::vector<Index> col_of;                      // node -> column, invalid if not a destination
  std::vector<std::vector<Index>> board_arcs;     // line -> its boarding arcs
  std::vector<std::vector<std::string>> arc_cut;  // ride arc -> segment keys (str) it runs over
};

// The searches of one variant on one profile; for references also what reuse needs.
struct VariantEvaluator::Rows {
  std::vector<Seconds> seconds;          // origins x destinations
  std::vector<std::vector<Index>> used;  // per origin: line arcs on its shortest paths (sorted)
  std::vector<Seconds> entry;            // origins x lines: earliest boarding of a line it lacks
  std::vector<Seconds> dist;  // origins x vertices (when small enough): every distance, for repairs
};

class VariantEvaluator::Reference {
 public:
  Variant variant;
  std::vector<Rows> rows;  // per profile
  Measure measure;
};

const Measure& VariantEvaluator::measure_of(const Reference& r) {
  return r.measure;
}

struct VariantEvaluator::TargetPlan {
  model::Target target;
  std::size_t profile = 0;
  TargetPlaces places;              // as the one evaluation resolves them
  std::vector<Index> origins;       // node indices of places.origins
  std::vector<Index> destinations;  // node indices of places.destinations
};

VariantEvaluator::VariantEvaluator(const model::Scenario& scenario, MeasureSpec spec,
                                   const std::vector<bool>& universe)
    : scenario_(scenario), spec_(std::move(spec)) {
  const model::Network& net = scenario.network;
  if (universe.size() != net.lines.size())
    throw std::invalid_argument("VariantEvaluator: universe size differs from the line count");
  const auto n_nodes = static_cast<Index>(net.nodes.size());
  std::map<std::string, Index> node_of;
  for (Index i = 0; i < n_nodes; ++i) node_of.emplace(net.nodes[i].id, i);
  auto index_of = [&](const std::string& id) {
    auto it = node_of.find(id);
    if (it == node_of.end())
      throw core::UsageError("unknown place '" + id + "'" + core::did_you_mean(id, net.node_ids()));
    return it->second;
  };
  auto indices_of = [&](const std::vector<std::string>& ids) {
    std::vector<Index> out;
    for (const auto& id : ids) out.push_back(index_of(id));
    return out;
  };

  // Profiles in first-use order: the place matrix's, then the targets'.
  std::vector<std::string> profile_ids;
  std::vector<std::vector<char>> wants_origin, wants_dest;
  auto profile_slot = [&](const std::string& id) {
    const std::string resolved = scenario.profile(id).id;
    auto it = std::find(profile_ids.begin(), profile_ids.end(), resolved);
    if (it != profile_ids.end()) return static_cast<std::size_t>(it - profile_ids.begin());
    profile_ids.push_back(resolved);
    wants_origin.emplace_back(n_nodes, 0);
    wants_dest.emplace_back(n_nodes, 0);
    return profile_ids.size() - 1;
  };

  places_ = scenario.group_members(spec_.group);
  place_nodes_ = indices_of(places_);
  place_profile_ = profile_slot(spec_.profile);
  for (Index n : place_nodes_) wants_origin[place_profile_][n] = wants_dest[place_profile_][n] = 1;
  double total = 0;
  for (Index n : place_nodes_) {
    weights_.push_back(net.nodes[n].population.value_or(0.0));
    total += weights_.back();
  }
  weighting_ = "population";
  if (total <= 0) {
    std::fill(weights_.begin(), weights_.end(), 1.0);
    weighting_ = "count";
  }

  for (const auto& t : scenario.targets) {
    TargetPlan plan;
    plan.target = t;
    plan.profile = profile_slot(t.profile);
    plan.places = target_places(scenario, t);
    plan.origins = indices_of(plan.places.origins);
    plan.destinations = indices_of(plan.places.destinations);
    for (Index n : plan.origins) wants_origin[plan.profile][n] = 1;
    for (Index n : plan.destinations) wants_dest[plan.profile][n] = 1;
    plans_.push_back(std::move(plan));
  }

  for (std::size_t p = 0; p < profile_ids.size(); ++p) {
    auto data = std::make_unique<ProfileData>();
    data->id = profile_ids[p];
    data->graph = graph::build_graph(scenario, scenario.profile(profile_ids[p]), universe);
    data->row_of.assign(n_nodes, core::invalid_index);
    data->col_of.assign(n_nodes, core::invalid_index);
    for (Index n = 0; n < n_nodes; ++n) {
      if (wants_origin[p][n]) {
        data->row_of[n] = static_cast<Index>(data->origins.size());
        data->origins.push_back(n);
      }
      if (wants_dest[p][n]) {
        data->col_of[n] = static_cast<Index>(data->destinations.size());
        data->destinations.push_back(n);
      }
    }
    const graph::RoutingGraph& g = data->graph;
    data->board_arcs.resize(net.lines.size());
    data->arc_cut.resize(g.arc_count());
    for (Index a = 0; a < g.arc_count(); ++a) {
      if (g.arc_kind[a] == graph::ArcKind::board) data->board_arcs[g.arc_line[a]].push_back(a);
      if (g.arc_kind[a] != graph::ArcKind::ride) continue;
      // The ride arc joins two consecutive served stops: list the segments it runs over.
      const model::Line& line = net.lines[g.arc_line[a]];
      const auto [lo, hi] = std::minmax(g.arc_first_stop[a], g.arc_last_stop[a]);
      for (Index s = lo; s < hi; ++s)
        if (line.stops[s].node != line.stops[s + 1].node)
          data->arc_cut[a].push_back(
              segment_key(line.mode, line.stops[s].node, line.stops[s + 1].node).str());
    }
    profiles_.push_back(std::move(data));
  }
}

VariantEvaluator::~VariantEvaluator() = default;

std::vector<SegmentKey> VariantEvaluator::segments(const std::vector<bool>& lines) const {
  std::vector<SegmentKey> out;
  const auto& net = scenario_.network;
  for (std::size_t l = 0; l < net.lines.size() && l < lines.size(); ++l) {
    if (!lines[l]) continue;
    const auto& stops = net.lines[l].stops;
    for (std::size_t s = 0; s + 1 < stops.size(); ++s)
      if (stops[s].node != stops[s + 1].node)
        out.push_back(segment_key(net.lines[l].mode, stops[s].node, stops[s + 1].node));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> VariantEvaluator::lines_over(const SegmentKey& key,
                                                      const std::vector<bool>& lines) const {
  std::vector<std::string> out;
  const auto& net = scenario_.network;
  for (std::size_t l = 0; l < net.lines.size() && l < lines.size(); ++l) {
    if (!lines[l] || net.lines[l].mode != key.mode) continue;
    const auto& stops = net.lines[l].stops;
    for (std::size_t s = 0; s + 1 < stops.size(); ++s)
      if (segment_key(key.mode, stops[s].node, stops[s + 1].node) == key) {
        out.push_back(net.lines[l].id);
        break;
      }
  }
  return out;
}

VariantEvaluator::Rows VariantEvaluator::run_profile(const ProfileData& p, const Variant& v,
                                                     const Reference* ref,
                                                     bool keep_reuse_data) const {
  const graph::RoutingGraph& u = p.graph;
  const std::size_t n_lines = scenario_.network.lines.size();
  std::vector<std::string> cut;
  for (const auto& k : v.cut) cut.push_back(k.str());
  std::sort(cut.begin(), cut.end());
  std::vector<char> on(u.arc_count(), 1);
  for (Index a = 0; a < u.arc_count(); ++a) {
    const Index l = u.arc_line[a];
    if (l != core::invalid_index && !v.lines[l]) on[a] = 0;
    for (const auto& key : p.arc_cut[a])
      if (std::binary_search(cut.begin(), cut.end(), key)) on[a] = 0;
  }

  // Reuse needs a reference without cuts (re-opening a cut is not bounded below) on the same
  // universe; the lines it lacks and this variant builds are the "added" ones.
  const Rows* ref_rows = nullptr;
  std::vector<Index> added;
  if (ref && ref->variant.cut.empty()) {
    const std::size_t slot =
        static_cast<std::size_t>(std::find_if(profiles_.begin(), profiles_.end(),
                                              [&](const auto& x) { return x.get() == &p; }) -
                                 profiles_.begin());
    ref_rows = &ref->rows[slot];
    for (Index l = 0; l < n_lines; ++l)
      if (v.lines[l] && !ref->variant.lines[l] && !p.board_arcs[l].empty()) added.push_back(l);
  }
  // A variant that only adds lines to the reference can repair each row instead of re-running it.
  bool additions_only = ref_rows && !ref_rows->dist.empty() && v.cut.empty();
  for (Index l = 0; additions_only && l < n_lines; ++l)
    if (ref->variant.lines[l] && !v.lines[l]) additions_only = false;

  const std::size_t rows = p.origins.size(), cols = p.destinations.size();
  Rows out;
  out.seconds.assign(rows * cols, core::unreachable);
  const std::size_t n_vertices = u.vertex_count();
  if (keep_reuse_data) {
    out.used.resize(rows);
    out.entry.assign(rows * n_lines, core::unreachable);
    if (rows * n_vertices <= max_kept_distances) out.dist.resize(rows * n_vertices);
  }
  std::optional<graph::RoutingGraph> g;
  std::vector<Index> to_union;
  std::optional<routing::Dijkstra> search;
  std::optional<RepairSearch> repair;
  std::vector<std::pair<Index, Seconds>> seeds;
  std::size_t run = 0, reused = 0, repaired = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    Seconds* row = out.seconds.data() + i * cols;
    if (ref_rows && !keep_reuse_data) {
      bool same = std::all_of(ref_rows->used[i].begin(), ref_rows->used[i].end(),
                              [&](Index a) { return on[a] != 0; });
      if (same) {
        Seconds bound = core::unreachable;
        for (Index l : added) bound = std::min(bound, ref_rows->entry[i * n_lines + l]);
        const Seconds* old = ref_rows->seconds.data() + i * cols;
        same = bound == core::unreachable || std::all_of(old, old + cols, [&](Seconds s) {
                 return s != core::unreachable && s <= bound;
               });
        if (same) {
          std::copy(old, old + cols, row);
          ++reused;
          continue;
        }
      }
    }
    if (!g) {
      g.emplace(graph::filter_arcs(u, on, to_union));
      search.emplace(*g);
    }
    const Index origin = p.origins[i];
    if (additions_only) {
      const Seconds* before = ref_rows->dist.data() + i * n_vertices;
      seeds.clear();
      for (Index l : added)
        for (Index a : p.board_arcs[l])
          if (before[u.tail[a]] != core::unreachable)
            seeds.emplace_back(u.head[a], before[u.tail[a]] + u.weight[a]);
      if (!repair) repair.emplace(u.vertex_count());
      repair->run(*g, before, seeds);
      ++repaired;
      for (std::size_t j = 0; j < cols; ++j) {
        const Index d = p.destinations[j];
        row[j] = d == origin ? 0 : repair->distance(g->destination_of_node[d]);
      }
      continue;
    }
    search->run(g->origin_of_node[origin]);
    ++run;
    for (std::size_t j = 0; j < cols; ++j) {
      const Index d = p.destinations[j];
      row[j] = d == origin ? 0 : search->distance(g->destination_of_node[d]);
    }
    if (!keep_reuse_data) continue;
    if (!out.dist.empty())
      for (Index x = 0; x < n_vertices; ++x) out.dist[i * n_vertices + x] = search->distance(x);
    // Line arcs on the shortest paths to every destination: removing any of them may change
    // this row, removing anything else cannot.
    auto& used = out.used[i];
    for (std::size_t j = 0; j < cols; ++j) {
      for (Index a = search->parent_arc(g->destination_of_node[p.destinations[j]]);
           a != core::invalid_index; a = search->parent_arc(g->tail[a]))
        if (g->arc_line[a] != core::invalid_index) used.push_back(to_union[a]);
    }
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    // Earliest time this origin can be aboard each line the reference lacks: every trip using
    // the line first boards it, after a prefix that exists in the reference too.
    for (Index l = 0; l < n_lines; ++l) {
      if (v.lines[l]) continue;
      Seconds best = core::unreachable;
      for (Index a : p.board_arcs[l]) {
        const Seconds d = search->distance(u.tail[a]);
        if (d != core::unreachable) best = std::min(best, d + u.weight[a]);
      }
      out.entry[i * n_lines + l] = best;
    }
  }
  searches_run_ += run;
  searches_reused_ += reused;
  searches_repaired_ += repaired;
  return out;
}

std::shared_ptr<const VariantEvaluator::Reference> VariantEvaluator::reference(
    const Variant& v) const {
  auto r = std::make_shared<Reference>();
  r->variant = v;
  for (const auto& p : profiles_) r->rows.push_back(run_profile(*p, v, nullptr, true));
  r->measure = assemble(r->rows);
  return r;
}

Measure VariantEvaluator::measure(const Variant& v, const Reference* ref) const {
  if (v.lines.size() != scenario_.network.lines.size())
    throw std::invalid_argument("VariantEvaluator: mask size differs from the line count");
  std::vector<Rows> rows;
  for (const auto& p : profiles_) rows.push_back(run_profile(*p, v, ref, false));
  return assemble(rows);
}

Measure VariantEvaluator::assemble(const std::vector<Rows>& rows) const {
  Measure m;
  auto minutes = [&](std::size_t p, Index o, Index d) {
    if (o == d) return 0.0;
    const ProfileData& data = *profiles_[p];
    return minutes_of(
        rows[p].seconds[static_cast<std::size_t>(data.row_of[o]) * data.destinations.size() +
                        data.col_of[d]]);
  };

  for (const TargetPlan& plan : plans_) {
    const auto items = target_items(plan.target, plan.places, [&](std::size_t o, std::size_t d) {
      return minutes(plan.profile, plan.origins[o], plan.destinations[d]);
    });
    m.targets.push_back(judge(plan.target, plan.places, items));
  }

  // Places: the matrix, then accessibility from it.
  const ProfileData& pp = *profiles_[place_profile_];
  const std::size_t n = places_.size();
  const std::vector<Index>& nodes = place_nodes_;
  m.seconds.assign(n * n, core::unreachable);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      m.seconds[i * n + j] =
          nodes[i] == nodes[j]
              ? 0
              : rows[place_profile_].seconds[static_cast<std::size_t>(pp.row_of[nodes[i]]) *
                                                 pp.destinations.size() +
                                             pp.col_of[nodes[j]]];

  const std::size_t k_count = spec_.reach_minutes.size();
  m.mean_reach.assign(k_count, 0.0);
  double weight_total = 0, pair_sum = 0, pair_weight = 0;
  for (std::size_t i = 0; i < n; ++i) {
    PlaceAccess a;
    a.reach.assign(k_count, 0.0);
    double sum = 0, w = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j || weights_[j] <= 0) continue;
      const double x = minutes_of(m.seconds[i * n + j]);
      if (std::isnan(x)) {
        ++a.unreachable;
        if (weights_[i] > 0) ++m.unreachable_pairs;
        continue;
      }
      for (std::size_t k = 0; k < k_count; ++k)
        if (within(x, spec_.reach_minutes[k])) a.reach[k] += weights_[j];
      sum += weights_[j] * x;
      w += weights_[j];
      pair_sum += weights_[i] * weights_[j] * x;
      pair_weight += weights_[i] * weights_[j];
    }
    a.mean_minutes = w > 0 ? sum / w : nan;
    if (weights_[i] > 0) {
      weight_total += weights_[i];
      for (std::size_t k = 0; k < k_count; ++k) m.mean_reach[k] += weights_[i] * a.reach[k];
    }
    m.access.push_back(std::move(a));
  }
  for (double& r : m.mean_reach) r = weight_total > 0 ? r / weight_total : 0.0;
  m.mean_minutes = pair_weight > 0 ? pair_sum / pair_weight : nan;
  return m;
}

Change VariantEvaluator::change(const Measure& before, const Measure& after) const {
  Change c;
  for (std::size_t t = 0; t < before.targets.size() && t < after.targets.size(); ++t) {
    c.items.push_back(after.targets[t].items_met - before.targets[t].items_met);
    c.pass.push_back(after.targets[t].pass == before.targets[t].pass ? 0
                     : after.targets[t].pass                         ? 1
                                                                     : -1);
  }
  const std::size_t n = places_.size();
  double saved = 0, weight = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j || weights_[i] <= 0 || weights_[j] <= 0) continue;
      const double w = weights_[i] * weights_[j];
      weight += w;
      const Seconds x = before.seconds[i * n + j], y = after.seconds[i * n + j];
      const bool rx = x != core::unreachable, ry = y != core::unreachable;
      if (rx && ry) saved += w * (minutes_of(x) - minutes_of(y));
      if (!rx && ry) ++c.pairs_connected;
      if (rx && !ry) --c.pairs_connected;
    }
  c.minutes_saved = weight > 0 ? saved / weight : 0.0;
  for (std::size_t k = 0; k < before.mean_reach.size() && k < after.mean_reach.size(); ++k)
    c.reach.push_back(after.mean_reach[k] - before.mean_reach[k]);
  return c;
}

}  // namespace reachplan::analysis
