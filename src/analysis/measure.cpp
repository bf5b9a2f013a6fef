// Variant measurement with search reuse. Each profile's graph is built once over the universe of
// lines; a variant is that graph with the arcs of its switched-off lines and cut segments
// dropped (vertices stay, so vertex indices agree across variants). Dropping the arcs of a line
// leaves its mode vertices as dead ends, so distances equal those of build_graph with the mask.
#include "reachplan/analysis/measure.hpp"
#include "reachplan/analysis/target_eval.hpp"
#include "reachplan/analysis/timetable_trips.hpp"

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
#include "reachplan/routing/path.hpp"

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

// Node indices by place id, for resolving the ids that specs and targets name.
class NodeLookup {
 public:
  explicit NodeLookup(const model::Network& net) : net_(net) {
    for (Index i = 0; i < static_cast<Index>(net.nodes.size()); ++i)
      node_of_.emplace(net.nodes[i].id, i);
  }
  // Throws UsageError for an unknown id, with a suggestion.
  Index index_of(const std::string& id) const {
    auto it = node_of_.find(id);
    if (it == node_of_.end())
      throw core::UsageError("unknown place '" + id + "'" +
                             core::did_you_mean(id, net_.node_ids()));
    return it->second;
  }
  std::vector<Index> indices_of(const std::vector<std::string>& ids) const {
    std::vector<Index> out;
    for (const auto& id : ids) out.push_back(index_of(id));
    return out;
  }

 private:
  const model::Network& net_;
  std::map<std::string, Index> node_of_;
};

// The profiles searches run on, in first-use order, and per profile the nodes its searches
// start from and must reach: a profile's graph is searched once for everything that uses it.
struct SearchNeeds {
  explicit SearchNeeds(const model::Scenario& scenario)
      : scenario(scenario), n_nodes(static_cast<Index>(scenario.network.nodes.size())) {}
  // The slot of a profile (resolving "" to the default), added on first use.
  std::size_t slot(const std::string& id) {
    const std::string resolved = scenario.profile(id).id;
    auto it = std::find(profile_ids.begin(), profile_ids.end(), resolved);
    if (it != profile_ids.end()) return static_cast<std::size_t>(it - profile_ids.begin());
    profile_ids.push_back(resolved);
    wants_origin.emplace_back(n_nodes, 0);
    wants_dest.emplace_back(n_nodes, 0);
    wants_cost.push_back(0);
    return profile_ids.size() - 1;
  }
  void want(std::size_t slot, const std::vector<Index>& origins,
            const std::vector<Index>& destinations) {
    for (Index n : origins) wants_origin[slot][n] = 1;
    for (Index n : destinations) wants_dest[slot][n] = 1;
  }

  const model::Scenario& scenario;
  Index n_nodes;
  std::vector<std::string> profile_ids;
  std::vector<std::vector<char>> wants_origin, wants_dest;
  std::vector<char> wants_cost;  // per slot: a target measures cost on it
};

// Weights of the comparison places: their populations, or 1 each when none has one. Returns
// the weighting's name.
std::string place_weights(const model::Network& net, const std::vector<Index>& nodes,
                          std::vector<double>& weights) {
  double total = 0;
  for (Index n : nodes) {
    weights.push_back(net.nodes[n].population.value_or(0.0));
    total += weights.back();
  }
  if (total <= 0) {
    std::fill(weights.begin(), weights.end(), 1.0);
    return "count";
  }
  return "population";
}

// Whether a variant only adds lines to a reference: it cuts nothing and keeps every line the
// reference builds.
bool adds_only(const Variant& v, const Variant& ref, std::size_t n_lines) {
  if (!v.cut.empty()) return false;
  for (Index l = 0; l < n_lines; ++l)
    if (ref.lines[l] && !v.lines[l]) return false;
  return true;
}

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
  ProfileData(const model::Scenario& scenario, const SearchNeeds& needs, std::size_t slot,
              const std::vector<bool>& universe);
  // Which arcs of the universe graph a variant keeps.
  std::vector<char> arcs_on(const Variant& v) const;

  std::string id;
  // The profile rides the scenario's timetables (transit:): no graph; each variant is a
  // timetable of its own (timetable_rows).
  bool timetabled = false;
  graph::RoutingGraph graph;
  // Rows carry the chosen paths' time and money: the weight is no time (generalized cost), or a
  // target measures cost. Such rows are always searched: reuse and repair bound distances only.
  bool sums = false;
  std::vector<Index> origins;                     // node indices, ascending
  std::vector<Index> destinations;                // node indices, ascending
  std::vector<Index> row_of;                      // node -> row, invalid if not an origin
  std::vector<Index> col_of;                      // node -> column, invalid if not a destination
  std::vector<std::vector<Index>> board_arcs;     // line -> its boarding arcs
  std::vector<std::vector<std::string>> arc_cut;  // ride arc -> segment keys (str) it runs over

 private:
  void number_rows_and_cols(const std::vector<char>& wants_origin,
                            const std::vector<char>& wants_dest);
  void index_line_arcs(const model::Network& net);
};

VariantEvaluator::ProfileData::ProfileData(const model::Scenario& scenario,
                                           const SearchNeeds& needs, std::size_t slot,
                                           const std::vector<bool>& universe)
    : id(needs.profile_ids[slot]),
      timetabled(scenario.rides_timetable(id)),
      graph(timetabled ? graph::RoutingGraph{}
                       : graph::build_graph(scenario, scenario.profile(id), universe)),
      sums(graph.generalized || needs.wants_cost[slot]) {
  number_rows_and_cols(needs.wants_origin[slot], needs.wants_dest[slot]);
  index_line_arcs(scenario.network);
}

// Rows and columns in node order, so that every variant's matrices line up.
void VariantEvaluator::ProfileData::number_rows_and_cols(const std::vector<char>& wants_origin,
                                                         const std::vector<char>& wants_dest) {
  const auto n_nodes = static_cast<Index>(wants_origin.size());
  row_of.assign(n_nodes, core::invalid_index);
  col_of.assign(n_nodes, core::invalid_index);
  for (Index n = 0; n < n_nodes; ++n) {
    if (wants_origin[n]) {
      row_of[n] = static_cast<Index>(origins.size());
      origins.push_back(n);
    }
    if (wants_dest[n]) {
      col_of[n] = static_cast<Index>(destinations.size());
      destinations.push_back(n);
    }
  }
}

// The arcs a variant's lines and cuts switch: each line's boarding arcs, each ride arc's segments.
void VariantEvaluator::ProfileData::index_line_arcs(const model::Network& net) {
  const graph::RoutingGraph& g = graph;
  board_arcs.resize(net.lines.size());
  arc_cut.resize(g.arc_count());
  for (Index a = 0; a < g.arc_count(); ++a) {
    if (g.arc_kind[a] == graph::ArcKind::board) board_arcs[g.arc_line[a]].push_back(a);
    if (g.arc_kind[a] != graph::ArcKind::ride) continue;
    // The ride arc joins two consecutive served stops: list the segments it runs over.
    const model::Line& line = net.lines[g.arc_line[a]];
    const auto [lo, hi] = std::minmax(g.arc_first_stop[a], g.arc_last_stop[a]);
    for (Index s = lo; s < hi; ++s)
      if (line.stops[s].node != line.stops[s + 1].node)
        arc_cut[a].push_back(
            segment_key(line.mode, line.stops[s].node, line.stops[s + 1].node).str());
  }
}

// Dropped: the arcs of lines the variant does not build and ride arcs over a cut segment.
std::vector<char> VariantEvaluator::ProfileData::arcs_on(const Variant& v) const {
  const graph::RoutingGraph& u = graph;
  std::vector<std::string> cut;
  for (const auto& k : v.cut) cut.push_back(k.str());
  std::sort(cut.begin(), cut.end());
  std::vector<char> on(u.arc_count(), 1);
  for (Index a = 0; a < u.arc_count(); ++a) {
    const Index l = u.arc_line[a];
    if (l != core::invalid_index && !v.lines[l]) on[a] = 0;
    for (const auto& key : arc_cut[a])
      if (std::binary_search(cut.begin(), cut.end(), key)) on[a] = 0;
  }
  return on;
}

// The searches of one variant on one profile; for references also what reuse needs.
struct VariantEvaluator::Rows {
  std::vector<Seconds> seconds;  // origins x destinations: the searches' distances
  std::vector<Seconds> time;     // ProfileData::sums only: the paths' times, yuan
  std::vector<double> yuan;
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
  // Resolves the target's places, and adds its searches to `needs`.
  TargetPlan(const model::Scenario& scenario, const model::Target& t, const NodeLookup& nodes,
             SearchNeeds& needs)
      : target(t),
        profile(needs.slot(t.profile)),
        places(target_places(scenario, t)),
        origins(nodes.indices_of(places.origins)),
        destinations(nodes.indices_of(places.destinations)) {
    needs.want(profile, origins, destinations);
    if (t.measure == model::Target::Measure::cost) needs.wants_cost[profile] = 1;
  }

  model::Target target;
  std::size_t profile = 0;
  TargetPlaces places;              // as the one evaluation resolves them
  std::vector<Index> origins;       // node indices of places.origins
  std::vector<Index> destinations;  // node indices of places.destinations
};

VariantEvaluator::VariantEvaluator(const model::Scenario& scenario, MeasureSpec spec,
                                   const std::vector<bool>& universe)
    : scenario_(scenario), spec_(std::move(spec)) {
  refuse_timetable_cost_targets(scenario);
  const model::Network& net = scenario.network;
  if (universe.size() != net.lines.size())
    throw std::invalid_argument("VariantEvaluator: universe size differs from the line count");
  const NodeLookup nodes(net);
  // Profiles in first-use order: the place matrix's, then the targets'.
  SearchNeeds needs(scenario);
  places_ = scenario.group_members(spec_.group);
  place_nodes_ = nodes.indices_of(places_);
  place_profile_ = needs.slot(spec_.profile);
  needs.want(place_profile_, place_nodes_, place_nodes_);
  weighting_ = place_weights(net, place_nodes_, weights_);

  for (const auto& t : scenario.targets) plans_.emplace_back(scenario, t, nodes, needs);
  for (std::size_t p = 0; p < needs.profile_ids.size(); ++p)
    profiles_.push_back(std::make_unique<ProfileData>(scenario, needs, p, universe));
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

// The searches of one variant on one profile, row by row (a row: one origin's search), taking
// over from a reference what provably does not change.
class VariantEvaluator::RowSearches {
 public:
  // ref_rows: the reference's rows on this profile, null to search every row.
  RowSearches(const ProfileData& p, const Variant& v, const Variant* ref, const Rows* ref_rows,
              std::size_t n_lines, bool keep_reuse_data);
  // Fills row i: copied from the reference, repaired from its distances, or searched.
  void fill_row(std::size_t i);

  Rows out;
  std::size_t run = 0, reused = 0, repaired = 0;

 private:
  bool reuse_row(std::size_t i, Seconds* row) const;
  void repair_row(std::size_t i, Seconds* row);
  void search_row(std::size_t i, Seconds* row);
  void record_reuse_data(std::size_t i);
  void record_used_arcs(std::size_t i);
  template <class Distance>
  void fill_destinations(std::size_t i, Seconds* row, const Distance& distance) const;

  const ProfileData& p_;
  const graph::RoutingGraph& u_;  // the universe graph
  const Variant& v_;
  const Rows* ref_rows_;
  const std::size_t n_lines_, cols_, n_vertices_;
  const bool keep_;
  const std::vector<char> on_;  // arcs of u_ the variant keeps
  std::vector<Index> added_;    // lines it builds, the reference lacks, and that can be boarded
  bool additions_only_ = false;
  // Built on the first row that needs a search: the variant's graph and searches on it.
  std::optional<graph::RoutingGraph> g_;
  std::vector<Index> to_union_;  // arc of g_ -> arc of u_
  std::optional<routing::Dijkstra> search_;
  std::optional<RepairSearch> repair_;
  std::vector<std::pair<Index, Seconds>> seeds_;
};

VariantEvaluator::RowSearches::RowSearches(const ProfileData& p, const Variant& v,
                                           const Variant* ref, const Rows* ref_rows,
                                           std::size_t n_lines, bool keep_reuse_data)
    : p_(p),
      u_(p.graph),
      v_(v),
      ref_rows_(ref_rows),
      n_lines_(n_lines),
      cols_(p.destinations.size()),
      n_vertices_(p.graph.vertex_count()),
      keep_(keep_reuse_data),
      on_(p.arcs_on(v)) {
  if (ref_rows_) {
    // The lines the reference lacks and this variant builds are the "added" ones.
    for (Index l = 0; l < n_lines_; ++l)
      if (v.lines[l] && !ref->lines[l] && !p.board_arcs[l].empty()) added_.push_back(l);
    // A variant that only adds lines to the reference can repair each row instead of re-running
    // it.
    additions_only_ = !ref_rows_->dist.empty() && adds_only(v, *ref, n_lines_);
  }
  const std::size_t rows = p.origins.size();
  out.seconds.assign(rows * cols_, core::unreachable);
  if (p.sums) {
    out.time.assign(rows * cols_, core::unreachable);
    out.yuan.assign(rows * cols_, nan);
  }
  if (keep_) {
    out.used.resize(rows);
    out.entry.assign(rows * n_lines_, core::unreachable);
    if (rows * n_vertices_ <= max_kept_distances) out.dist.resize(rows * n_vertices_);
  }
}

void VariantEvaluator::RowSearches::fill_row(std::size_t i) {
  Seconds* row = out.seconds.data() + i * cols_;
  if (ref_rows_ && !keep_ && !p_.sums && reuse_row(i, row)) {
    ++reused;
    return;
  }
  if (!g_) {
    g_.emplace(graph::filter_arcs(u_, on_, to_union_));
    search_.emplace(*g_);
  }
  if (additions_only_ && !p_.sums) {
    repair_row(i, row);
    ++repaired;
    return;
  }
  search_row(i, row);
  ++run;
  if (keep_) record_reuse_data(i);
}

// Copies the reference's row when it cannot change: no line arc on its shortest paths is
// dropped, and every destination is reached before any added line can be boarded.
bool VariantEvaluator::RowSearches::reuse_row(std::size_t i, Seconds* row) const {
  const Rows& ref = *ref_rows_;
  if (!std::all_of(ref.used[i].begin(), ref.used[i].end(), [&](Index a) { return on_[a] != 0; }))
    return false;
  Seconds bound = core::unreachable;
  for (Index l : added_) bound = std::min(bound, ref.entry[i * n_lines_ + l]);
  const Seconds* old = ref.seconds.data() + i * cols_;
  if (bound != core::unreachable && !std::all_of(old, old + cols_, [&](Seconds s) {
        return s != core::unreachable && s <= bound;
      }))
    return false;
  std::copy(old, old + cols_, row);
  return true;
}

// Updates the reference's distances from the heads of the added lines' boarding arcs.
void VariantEvaluator::RowSearches::repair_row(std::size_t i, Seconds* row) {
  const Seconds* before = ref_rows_->dist.data() + i * n_vertices_;
  seeds_.clear();
  for (Index l : added_)
    for (Index a : p_.board_arcs[l])
      if (before[u_.tail[a]] != core::unreachable)
        seeds_.emplace_back(u_.head[a], before[u_.tail[a]] + u_.weight[a]);
  if (!repair_) repair_.emplace(u_.vertex_count());
  repair_->run(*g_, before, seeds_);
  fill_destinations(i, row, [&](Index x) { return repair_->distance(x); });
}

void VariantEvaluator::RowSearches::search_row(std::size_t i, Seconds* row) {
  search_->run(g_->origin_of_node[p_.origins[i]]);
  fill_destinations(i, row, [&](Index x) { return search_->distance(x); });
  if (!p_.sums) return;
  for (std::size_t j = 0; j < cols_; ++j) {
    const Index d = p_.destinations[j];
    const auto sums = d == p_.origins[i] ? routing::PathSums{0, 0.0}
                                         : routing::path_sums(*search_, g_->destination_of_node[d]);
    out.time[i * cols_ + j] = sums.seconds;
    out.yuan[i * cols_ + j] = sums.yuan;
  }
}

template <class Distance>
void VariantEvaluator::RowSearches::fill_destinations(std::size_t i, Seconds* row,
                                                      const Distance& distance) const {
  const Index origin = p_.origins[i];
  for (std::size_t j = 0; j < cols_; ++j) {
    const Index d = p_.destinations[j];
    row[j] = d == origin ? 0 : distance(g_->destination_of_node[d]);
  }
}

// What later variants need to reuse or repair row i of this (reference) one.
void VariantEvaluator::RowSearches::record_reuse_data(std::size_t i) {
  if (!out.dist.empty())
    for (Index x = 0; x < n_vertices_; ++x) out.dist[i * n_vertices_ + x] = search_->distance(x);
  record_used_arcs(i);
  // Earliest time this origin can be aboard each line the reference lacks: every trip using
  // the line first boards it, after a prefix that exists in the reference too.
  for (Index l = 0; l < n_lines_; ++l) {
    if (v_.lines[l]) continue;
    Seconds best = core::unreachable;
    for (Index a : p_.board_arcs[l]) {
      const Seconds d = search_->distance(u_.tail[a]);
      if (d != core::unreachable) best = std::min(best, d + u_.weight[a]);
    }
    out.entry[i * n_lines_ + l] = best;
  }
}

// Line arcs on the shortest paths to every destination: removing any of them may change this
// row, removing anything else cannot.
void VariantEvaluator::RowSearches::record_used_arcs(std::size_t i) {
  auto& used = out.used[i];
  for (std::size_t j = 0; j < cols_; ++j) {
    for (Index a = search_->parent_arc(g_->destination_of_node[p_.destinations[j]]);
         a != core::invalid_index; a = search_->parent_arc(g_->tail[a]))
      if (g_->arc_line[a] != core::invalid_index) used.push_back(to_union_[a]);
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
}

VariantEvaluator::Rows VariantEvaluator::run_profile(const ProfileData& p, const Variant& v,
                                                     const Reference* ref,
                                                     bool keep_reuse_data) const {
  if (p.timetabled) return timetable_rows(p, v);
  // Reuse needs a reference without cuts (re-opening a cut is not bounded below) on the same
  // universe.
  const Rows* ref_rows = nullptr;
  if (ref && ref->variant.cut.empty()) {
    const auto slot = std::find_if(profiles_.begin(), profiles_.end(),
                                   [&](const auto& x) { return x.get() == &p; }) -
                      profiles_.begin();
    ref_rows = &ref->rows[static_cast<std::size_t>(slot)];
  }
  RowSearches searches(p, v, ref_rows ? &ref->variant : nullptr, ref_rows,
                       scenario_.network.lines.size(), keep_reuse_data);
  for (std::size_t i = 0; i < p.origins.size(); ++i) searches.fill_row(i);
  searches_run_ += searches.run;
  searches_reused_ += searches.reused;
  searches_repaired_ += searches.repaired;
  return std::move(searches.out);
}

// Over timetables a variant is a timetable of its own: the feeds' trips, and the plan lines it
// builds at their headways (a cut line in pieces). Every row is searched: RAPTOR keeps no
// labels to reuse, and the timetable is rebuilt per variant (README "Scenarios over timetables").
VariantEvaluator::Rows VariantEvaluator::timetable_rows(const ProfileData& p,
                                                        const Variant& v) const {
  std::vector<std::string> cut;
  for (const auto& k : v.cut) cut.push_back(k.str());
  std::sort(cut.begin(), cut.end());
  PlanSwitches switches;
  switches.lines = v.lines;
  if (!cut.empty())
    switches.cut = [&cut](const std::string& mode, const std::string& a, const std::string& b) {
      return std::binary_search(cut.begin(), cut.end(), segment_key(mode, a, b).str());
    };
  const TimetableTrips trips(scenario_, scenario_.profile(p.id), 1, switches);
  Rows rows;
  const std::size_t cols = p.destinations.size();
  rows.seconds.assign(p.origins.size() * cols, core::unreachable);
  for (std::size_t i = 0; i < p.origins.size(); ++i) {
    const std::vector<Trip> found = trips.trips_from(p.origins[i], p.destinations);
    for (std::size_t j = 0; j < cols; ++j)
      if (found[j].reachable())
        rows.seconds[i * cols + j] = static_cast<Seconds>(std::lround(found[j].minutes * 60.0));
  }
  searches_run_ += p.origins.size();
  return rows;
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
  // An item's value: yuan for cost, else minutes (the paths' times where rows carry them).
  auto value = [&](std::size_t p, Index o, Index d, model::Target::Measure measure) {
    if (o == d) return 0.0;
    const ProfileData& data = *profiles_[p];
    const std::size_t cell =
        static_cast<std::size_t>(data.row_of[o]) * data.destinations.size() + data.col_of[d];
    if (measure == model::Target::Measure::cost) return rows[p].yuan[cell];
    return minutes_of(data.sums ? rows[p].time[cell] : rows[p].seconds[cell]);
  };

  for (const TargetPlan& plan : plans_) {
    const auto items = target_items(plan.target, plan.places, [&](std::size_t o, std::size_t d) {
      return value(plan.profile, plan.origins[o], plan.destinations[d], plan.target.measure);
    });
    m.targets.push_back(judge(plan.target, plan.places, items));
  }

  // Places: the matrix, then accessibility from it.
  const ProfileData& pp = *profiles_[place_profile_];
  const std::size_t n = places_.size();
  const std::vector<Index>& nodes = place_nodes_;
  m.seconds.assign(n * n, core::unreachable);
  const auto& times = pp.sums ? rows[place_profile_].time : rows[place_profile_].seconds;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      m.seconds[i * n + j] =
          nodes[i] == nodes[j]
              ? 0
              : times[static_cast<std::size_t>(pp.row_of[nodes[i]]) * pp.destinations.size() +
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
  double saved = 0, weight = 0, reachable_weight = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j || weights_[i] <= 0 || weights_[j] <= 0) continue;
      const double w = weights_[i] * weights_[j];
      weight += w;
      const Seconds x = before.seconds[i * n + j], y = after.seconds[i * n + j];
      const bool rx = x != core::unreachable, ry = y != core::unreachable;
      if (rx && ry) {
        saved += w * (minutes_of(x) - minutes_of(y));
        reachable_weight += w;
      }
      if (!rx && ry) ++c.pairs_connected;
      if (rx && !ry) --c.pairs_connected;
    }
  c.minutes_saved = weight > 0 ? saved / weight : 0.0;
  c.minutes_saved_reachable = reachable_weight > 0 ? saved / reachable_weight : 0.0;
  for (std::size_t k = 0; k < before.mean_reach.size() && k < after.mean_reach.size(); ++k)
    c.reach.push_back(after.mean_reach[k] - before.mean_reach[k]);
  return c;
}

}  // namespace reachplan::analysis
