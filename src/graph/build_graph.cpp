// Scenario + profile -> RoutingGraph, per the vertex/arc scheme in routing_graph.hpp.
// Vertex order (deterministic): origins, destinations, then (mode_in, mode_out) per place in
// mode order, then the halts of each built line in file order (its stops in order, then back),
// then the hubs per place and mode, then road vertices.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "reachplan/graph/build.hpp"
#include "reachplan/graph/road_layer.hpp"

namespace reachplan::graph {

const char* to_string(ArcKind k) {
  switch (k) {
    case ArcKind::access:
      return "access";
    case ArcKind::egress:
      return "egress";
    case ArcKind::board:
      return "board";
    case ArcKind::alight:
      return "alight";
    case ArcKind::dwell:
      return "dwell";
    case ArcKind::ride:
      return "ride";
    case ArcKind::transfer:
      return "transfer";
    case ArcKind::interchange:
      return "interchange";
    case ArcKind::road:
      return "road";
  }
  return "?";
}

Index RoutingGraph::node_index(const std::string& id) const {
  auto it = std::find(node_ids.begin(), node_ids.end(), id);
  return it == node_ids.end() ? core::invalid_index : static_cast<Index>(it - node_ids.begin());
}

void RoutingGraph::resize_arcs(std::size_t m) {
  head.resize(m);
  weight.resize(m);
  arc_seconds.resize(m);
  arc_yuan.resize(m);
  tail.resize(m);
  arc_kind.resize(m);
  arc_line.resize(m);
  arc_km.resize(m);
  arc_km_estimated.resize(m);
  arc_first_stop.resize(m);
  arc_last_stop.resize(m);
}

namespace {

struct Arc {
  Index tail;
  Index head;
  Seconds weight;
  ArcKind kind;
  Index line;
  double km;
  bool km_estimated;
  Index first_stop;  // ride arcs: stop positions it leaves from and arrives at
  Index last_stop;
  double yuan = 0.0;  // money on the profile's rates; NaN = a rate is unknown
};

// Minutes from the model to whole seconds, refusing what the engine cannot hold.
Seconds to_seconds(double minutes, const core::SourceLocation& where, const std::string& key) {
  if (!std::isfinite(minutes) || minutes < 0.0)
    throw core::InputError(where, key, "time must be a finite number >= 0 minutes");
  const double s = minutes * core::seconds_per_minute;
  if (s > static_cast<double>(core::max_arc_seconds))
    throw core::InputError(
        where, key,
        "time of " + std::to_string(minutes) + " minutes exceeds the largest arc the engine holds");
  return static_cast<Seconds>(std::lround(s));
}

}  // namespace

std::optional<double> service_headway_min(const model::Line& line, const model::Profile& profile) {
  if (line.headway_min) return *line.headway_min;
  if (line.trains_per_day) {
    if (!(*line.trains_per_day > 0.0))
      throw core::InputError(line.where, "lines." + line.id, "trains_per_day must be > 0");
    return profile.service_hours * core::seconds_per_minute / *line.trains_per_day;
  }
  return std::nullopt;
}

double access_min(const model::Node& node, const model::Mode& mode) {
  if (auto it = node.access_min.find(mode.id); it != node.access_min.end()) return it->second;
  return mode.access_min;
}

// README: a node's egress falls back to its access, then to the mode's egress, then access.
double egress_min(const model::Node& node, const model::Mode& mode) {
  if (auto it = node.egress_min.find(mode.id); it != node.egress_min.end()) return it->second;
  if (auto it = node.access_min.find(mode.id); it != node.access_min.end()) return it->second;
  return mode.egress_min.value_or(mode.access_min);
}

// The profile's own penalty, else the from-mode's for the to-mode, else its default.
double transfer_min(const model::Mode& from, const model::Mode& to, const model::Profile& p) {
  if (auto f = p.transfer_min.find(from.id); f != p.transfer_min.end())
    if (auto it = f->second.find(to.id); it != f->second.end()) return it->second;
  if (auto it = from.transfer_min.find(to.id); it != from.transfer_min.end()) return it->second;
  return from.transfer_default_min.value_or(0.0);
}

namespace {

double boarding_wait_min(const model::Line& line, const model::Mode& mode,
                         const model::Profile& profile) {
  if (profile.wait == model::Profile::Wait::none) return 0.0;
  if (const auto h = service_headway_min(line, profile)) return *h / 2.0;
  return mode.boarding_wait_min;
}

// --- money (README "Generalized cost") --------------------------------------------------------

constexpr double unknown_yuan = std::numeric_limits<double>::quiet_NaN();
bool freight(const model::Profile& p) {
  return p.cost == model::Profile::Cost::freight;
}

// Yuan per km of the mode (per passenger or per tonne), NaN when unknown.
double yuan_per_km(const model::Mode& mode, const model::Profile& p) {
  return (freight(p) ? mode.freight_yuan_per_tkm : mode.fare_yuan_per_km).value_or(unknown_yuan);
}

// Yuan per km ridden on a line: its own rate, else its mode's.
double yuan_per_km(const model::Line& line, const model::Mode& mode, const model::Profile& p) {
  const auto& own = freight(p) ? line.freight_yuan_per_tkm : line.fare_yuan_per_km;
  return own ? *own : yuan_per_km(mode, p);
}

// Fixed charge of boarding a line of the mode: a passenger's fare's fixed part, a new one per
// boarding. Freight pays loading once per mode instead (entry_yuan): a tonne that stays on its
// vessel from one channel to the next is not loaded again.
double boarding_yuan(const model::Mode& mode, const model::Profile& p) {
  return freight(p) ? 0.0 : mode.fare_yuan_per_boarding;
}

// Loading a tonne onto the mode, where it enters it: from the origin or from another mode.
double entry_yuan(const model::Mode& mode, const model::Profile& p) {
  return freight(p) ? mode.freight_yuan_per_t : 0.0;
}

// Handling of a tonne changing from one mode to another (or within one); passengers pay none.
double handling_yuan(const model::Mode& from, const model::Mode& to, const model::Profile& p) {
  if (!freight(p)) return 0.0;
  auto it = from.handling_yuan_per_t.find(to.id);
  return it == from.handling_yuan_per_t.end() ? 0.0 : it->second;
}

// A rate's money for `km` of mode m. A generalized profile must know it: it cannot weigh an
// unknown price against time.
double ride_yuan(double rate, double km, const model::Mode& m, const model::Profile& p) {
  if (std::isnan(rate) && p.generalized()) {
    const char* key = freight(p) ? "freight_yuan_per_tkm" : "fare_yuan_per_km";
    throw core::InputError(m.where, "modes." + m.id + "." + key,
                           std::string("profile '") + p.id +
                               "' routes on generalized cost (value_of_time_yuan_per_h) and needs "
                               "a rate for every mode it rides: mode '" +
                               m.id + "' has no " + key);
  }
  return rate * km;
}

// The weight searches minimise: the time in seconds; on a generalized profile the time plus the
// money at the value of time (yuan / (yuan per hour) = hours), in whole minutes: a tonne of
// bulk at 0.05 yuan an hour turns 100 yuan into 2000 hours, which in seconds would pass the
// largest arc the engine holds. Only the order of weights matters there (the times and money
// reported are the arcs' own), so the unit costs nothing but sub-minute ties.
Seconds routing_weight(Seconds time, double yuan, const model::Profile& p) {
  if (!p.generalized()) return time;
  const double minutes = time / core::seconds_per_minute + yuan / *p.value_of_time_yuan_per_h * 60;
  if (!(minutes <= static_cast<double>(core::max_arc_seconds)))
    throw core::InputError(
        p.where, "profiles." + p.id + ".value_of_time_yuan_per_h",
        "a generalized cost of " + std::to_string(std::lround(minutes / 60)) +
            " hours on one arc (" + std::to_string(yuan) + " yuan at " +
            std::to_string(*p.value_of_time_yuan_per_h) +
            " yuan per hour) exceeds what the engine holds; give a larger value of time");
  return static_cast<Seconds>(std::lround(minutes));
}

}  // namespace

RoutingGraph build_graph(const model::Scenario& scenario, const model::Profile& profile) {
  std::vector<bool> built;
  built.reserve(scenario.network.lines.size());
  for (const auto& line : scenario.network.lines) built.push_back(model::is_built(line, scenario));
  return build_graph(scenario, profile, built);
}

namespace {

// Lines in the graph, their timings, and which stops they serve (those not passed through).
struct LineUse {
  Index line;
  std::vector<SegmentTiming> segments;
  std::vector<std::size_t> served;  // stop positions with vertices, in stop order
};

// A served stop of a line in one direction of travel. The halts of one place and mode are the
// members of its transfer hub (add_hubs).
struct Halt {
  Index arrival = core::invalid_index;    // none at the first halt of the direction
  Index departure = core::invalid_index;  // none at the last halt of the direction
  Index line = core::invalid_index;
  Seconds wait = 0;   // boarding wait of the line
  Seconds dwell = 0;  // staying on board (halts with an arrival and a departure)
};

// The graph under construction: vertices go straight into g, arcs are collected in creation
// order and sorted into the CSR at the end (csr()). The steps run in the order build_graph
// calls them, which fixes the vertex and arc numbering.
class Builder {
 public:
  Builder(const model::Scenario& scenario, const model::Profile& profile)
      : net_(scenario.network),
        profile_(profile),
        n_nodes_(static_cast<Index>(net_.nodes.size())),
        n_modes_(static_cast<Index>(net_.modes.size())),
        mode_at_(static_cast<std::size_t>(n_nodes_) * n_modes_, 0) {
    g_.node_ids = net_.node_ids();
    g_.mode_ids = net_.mode_ids();
    g_.line_ids = net_.line_ids();
    for (Index i = 0; i < n_nodes_; ++i) node_of_.emplace(net_.nodes[i].id, i);
    for (Index i = 0; i < n_modes_; ++i) mode_of_.emplace(net_.modes[i].id, i);
    g_.line_mode.resize(net_.lines.size());
    for (std::size_t l = 0; l < net_.lines.size(); ++l)
      g_.line_mode[l] = find_index(mode_of_, net_.lines[l].mode);
  }

  void select_lines(const std::vector<bool>& line_built);
  void select_roads(const model::Scenario& scenario);
  void add_place_vertices();
  void add_place_arcs();
  void add_line(const LineUse& use);
  void add_hubs();
  void add_roads();
  RoutingGraph csr();

  const std::vector<LineUse>& uses() const { return uses_; }

 private:
  static constexpr Index none = core::invalid_index;

  static Index find_index(const std::map<std::string, Index>& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? none : it->second;
  }
  bool mode_allowed(const std::string& mode) const {
    return profile_.modes.empty() ||
           std::find(profile_.modes.begin(), profile_.modes.end(), mode) != profile_.modes.end();
  }
  std::size_t slot(Index n, Index m) const { return static_cast<std::size_t>(n) * n_modes_ + m; }
  Index add_vertex(VertexKind kind, Index node, Index mode, Index line) {
    g_.vertex_kind.push_back(kind);
    g_.vertex_node.push_back(node);
    g_.vertex_mode.push_back(mode);
    g_.vertex_line.push_back(line);
    return g_.vertex_count() - 1;
  }
  void add_arc(Index tail, Index head, Seconds w, ArcKind kind, double yuan = 0.0) {
    arcs_.push_back({tail, head, w, kind, none, 0.0, false, none, none, yuan});
  }
  static Arc line_arc(Index tail, Index head, Seconds w, ArcKind kind, Index line,
                      double yuan = 0.0) {
    return {tail, head, w, kind, line, 0.0, false, none, none, yuan};
  }
  void add_direction(const LineUse& use, const std::vector<std::size_t>& order);
  void add_ride(const LineUse& use, Index departure, Index arrival, std::size_t from,
                std::size_t to);
  struct Change {  // a transfer's penalty and handling charge
    Seconds seconds;
    double yuan;
  };
  template <class It>
  void add_hub_chain(Index n, Index m, Change transfer, It begin, It end);

  const model::Network& net_;
  const model::Profile& profile_;
  const Index n_nodes_, n_modes_;
  RoutingGraph g_;
  std::map<std::string, Index> node_of_, mode_of_;
  std::vector<LineUse> uses_;
  std::vector<char> mode_at_;             // [slot(n, m)]: mode m is present at place n
  std::vector<Index> mode_vertex_;        // [slot(n, m)]: mode_in(n, m); mode_out = mode_in + 1
  std::vector<std::vector<Halt>> halts_;  // [slot(n, m)]: the halts there, in creation order
  std::vector<Arc> arcs_;
  const model::RoadLayerSpec* roads_ = nullptr;
  RoadJoin join_;
  Index road_mode_ = none;
};

void Builder::select_lines(const std::vector<bool>& line_built) {
  for (Index l = 0; l < static_cast<Index>(net_.lines.size()); ++l) {
    const model::Line& line = net_.lines[l];
    if (!line_built[l] || !mode_allowed(line.mode)) continue;
    if (g_.line_mode[l] == none)
      throw core::InputError(line.where, "lines." + line.id, "unknown mode '" + line.mode + "'");
    LineUse use{l, time_segments(net_, line), {}};
    for (std::size_t s = 0; s < line.stops.size(); ++s)
      if (!line.stops[s].pass) use.served.push_back(s);
    if (use.served.size() < 2) continue;  // nowhere to board and somewhere else to alight
    for (std::size_t s : use.served)
      mode_at_[slot(find_index(node_of_, line.stops[s].node), g_.line_mode[l])] = 1;
    uses_.push_back(std::move(use));
  }
}

// The scenario's road network: its mode is present wherever a place joins a road vertex.
void Builder::select_roads(const model::Scenario& scenario) {
  if (!scenario.road_network || !mode_allowed(scenario.road_network->mode)) return;
  roads_ = &*scenario.road_network;
  if (!roads_->network) throw std::invalid_argument("build_graph: road network not loaded");
  road_mode_ = find_index(mode_of_, roads_->mode);
  if (road_mode_ == none)
    throw core::InputError(roads_->where, "road_network.mode",
                           "unknown mode '" + roads_->mode + "'");
  join_ = join_places(net_, *roads_->network, roads_->max_snap_km);
  for (Index n = 0; n < n_nodes_; ++n)
    if (join_.place_vertex[n] != none) mode_at_[slot(n, road_mode_)] = 1;
}

void Builder::add_place_vertices() {
  g_.origin_of_node.resize(n_nodes_);
  g_.destination_of_node.resize(n_nodes_);
  for (Index n = 0; n < n_nodes_; ++n)
    g_.origin_of_node[n] = add_vertex(VertexKind::origin, n, none, none);
  for (Index n = 0; n < n_nodes_; ++n)
    g_.destination_of_node[n] = add_vertex(VertexKind::destination, n, none, none);
  mode_vertex_.assign(mode_at_.size(), none);
  halts_.assign(mode_at_.size(), {});
  for (Index n = 0; n < n_nodes_; ++n)
    for (Index m = 0; m < n_modes_; ++m)
      if (mode_at_[slot(n, m)]) {
        mode_vertex_[slot(n, m)] = add_vertex(VertexKind::mode_in, n, m, none);
        add_vertex(VertexKind::mode_out, n, m, none);
      }
}

// Access, egress and transfer arcs of every place, place by place.
void Builder::add_place_arcs() {
  const bool door_to_door = profile_.access == model::Profile::Access::door_to_door;
  for (Index n = 0; n < n_nodes_; ++n) {
    const model::Node& node = net_.nodes[n];
    const std::string key = "nodes." + node.id;
    for (Index m = 0; m < n_modes_; ++m) {
      const Index in = mode_vertex_[slot(n, m)];
      if (in == none) continue;
      const model::Mode& mode = net_.modes[m];
      const Seconds acc = door_to_door ? to_seconds(access_min(node, mode), node.where, key) : 0;
      const Seconds egr = door_to_door ? to_seconds(egress_min(node, mode), node.where, key) : 0;
      add_arc(g_.origin_of_node[n], in, acc, ArcKind::access, entry_yuan(mode, profile_));
      add_arc(in + 1, g_.destination_of_node[n], egr, ArcKind::egress);
      // Changing to another mode; changes within the mode are add_hubs' (they depend on the
      // dwells there).
      for (Index m2 = 0; m2 < n_modes_; ++m2) {
        const Index in2 = mode_vertex_[slot(n, m2)];
        if (in2 == none || m2 == m) continue;
        const Seconds w = to_seconds(transfer_min(mode, net_.modes[m2], profile_), mode.where,
                                     "modes." + mode.id + ".transfers");
        add_arc(
            in + 1, in2, w, ArcKind::transfer,
            handling_yuan(mode, net_.modes[m2], profile_) + entry_yuan(net_.modes[m2], profile_));
      }
    }
  }
}

// A line runs in stop order and, unless oneway, back again; each direction has vertices of
// its own, so nobody turns back on board.
void Builder::add_line(const LineUse& use) {
  std::vector<std::size_t> order = use.served;
  add_direction(use, order);
  if (net_.lines[use.line].oneway) return;
  std::reverse(order.begin(), order.end());
  add_direction(use, order);
}

// The halts of one direction (`order`: served stop positions in the direction of travel), with
// their board, alight and dwell arcs, and a ride arc from each halt to the next.
void Builder::add_direction(const LineUse& use, const std::vector<std::size_t>& order) {
  const model::Line& line = net_.lines[use.line];
  const Index m = g_.line_mode[use.line];
  const model::Mode& mode = net_.modes[m];
  const std::string key = "lines." + line.id;
  const Seconds wait = to_seconds(boarding_wait_min(line, mode, profile_), line.where, key);
  Index previous_departure = none;
  for (std::size_t j = 0; j < order.size(); ++j) {
    const model::Stop& stop = line.stops[order[j]];
    const Index n = find_index(node_of_, stop.node);
    const Index in = mode_vertex_[slot(n, m)];
    const bool first = j == 0, last = j + 1 == order.size();
    Halt halt{none, none, use.line, wait, 0};
    if (!first) {
      halt.arrival = add_vertex(VertexKind::arrival, n, m, use.line);
      arcs_.push_back(line_arc(halt.arrival, in + 1, 0, ArcKind::alight, use.line));
      add_ride(use, previous_departure, halt.arrival, order[j - 1], order[j]);
    }
    if (!last) {
      halt.departure = add_vertex(VertexKind::departure, n, m, use.line);
      arcs_.push_back(line_arc(in, halt.departure, wait, ArcKind::board, use.line,
                               boarding_yuan(mode, profile_)));
    }
    // Dwell where the service halts mid-route; at its last halt everybody alights.
    if (!first && !last) {
      const double dwell = stop.dwell_min.value_or(line.dwell_min.value_or(mode.dwell_min));
      halt.dwell = to_seconds(dwell, stop.where.known() ? stop.where : line.where, key);
      arcs_.push_back(line_arc(halt.arrival, halt.departure, halt.dwell, ArcKind::dwell, use.line));
    }
    previous_departure = halt.departure;
    halts_[slot(n, m)].push_back(halt);
  }
}

// The ride from stop position `from` to `to` of a line (either order), timed over the segments
// between them, passing stops included, and rounded to whole seconds once.
void Builder::add_ride(const LineUse& use, Index departure, Index arrival, std::size_t from,
                       std::size_t to) {
  const model::Line& line = net_.lines[use.line];
  double minutes = 0.0, km = 0.0;
  bool estimated = false;
  for (std::size_t s = std::min(from, to); s < std::max(from, to); ++s) {
    minutes += use.segments[s].minutes;
    km += use.segments[s].km;
    estimated = estimated || use.segments[s].km_estimated;
  }
  const Seconds w = to_seconds(minutes, line.where, "lines." + line.id);
  const model::Mode& mode = net_.modes[g_.line_mode[use.line]];
  const double yuan = ride_yuan(yuan_per_km(line, mode, profile_), km, mode, profile_);
  arcs_.push_back({departure, arrival, w, ArcKind::ride, use.line, km, estimated,
                   static_cast<Index>(from), static_cast<Index>(to), yuan});
}

// Changing between the halts of one place and mode: alight, pay the mode's own transfer
// penalty, board another halt paying its wait. Re-boarding the train one sits in is no way to
// skip its dwell, so no halt may reach its own departure that way for less than the dwell.
// Where every dwell at the place is at most the penalty plus the wait, one arc mode_out ->
// mode_in does it (re-boarding costs at least staying on). Otherwise two chains of hubs do:
// prefix hub i gathers the arrivals of halts 0..i and boards halt i+1, suffix hub i gathers
// halts i..k-1 and boards halt i-1, so every halt reaches every other one and never itself,
// in O(k) vertices and arcs for k halts.
void Builder::add_hubs() {
  for (Index n = 0; n < n_nodes_; ++n)
    for (Index m = 0; m < n_modes_; ++m) {
      const std::vector<Halt>& halts = halts_[slot(n, m)];
      if (halts.empty()) continue;
      const model::Mode& mode = net_.modes[m];
      const Seconds t = to_seconds(transfer_min(mode, mode, profile_), mode.where,
                                   "modes." + mode.id + ".transfers");
      const bool skippable = std::any_of(halts.begin(), halts.end(), [t](const Halt& h) {
        return h.arrival != none && h.departure != none && h.dwell > t + h.wait;
      });
      const double handling = handling_yuan(mode, mode, profile_);
      if (!skippable) {
        const Index in = mode_vertex_[slot(n, m)];
        add_arc(in + 1, in, t, ArcKind::transfer, handling);
        continue;
      }
      add_hub_chain(n, m, {t, handling}, halts.begin(), halts.end());
      add_hub_chain(n, m, {t, handling}, halts.rbegin(), halts.rend());
    }
}

// One chain over halts [begin, end): hub i gathers halts begin..i and boards halt i+1.
template <class It>
void Builder::add_hub_chain(Index n, Index m, Change transfer, It begin, It end) {
  Index hub = none;
  for (It h = begin; std::next(h) != end; ++h) {
    if (hub == none && h->arrival == none) continue;  // no arrival to gather yet
    const Index next_hub = add_vertex(VertexKind::hub, n, m, none);
    if (hub != none) add_arc(hub, next_hub, 0, ArcKind::interchange);
    hub = next_hub;
    if (h->arrival != none)
      add_arc(h->arrival, hub, transfer.seconds, ArcKind::transfer, transfer.yuan);
    const Halt& boarded = *std::next(h);
    if (boarded.departure != none)
      arcs_.push_back(line_arc(hub, boarded.departure, boarded.wait, ArcKind::board, boarded.line,
                               boarding_yuan(net_.modes[m], profile_)));
  }
}

// Road vertices after all others; arcs timed from the network (rounded once per edge), then
// each joined place's connector legs.
void Builder::add_roads() {
  if (!roads_) return;
  const model::RoadNetwork& r = *roads_->network;
  const Index first = g_.vertex_count();
  for (Index x = 0; x < r.vertex_count(); ++x) add_vertex(VertexKind::road, none, road_mode_, none);
  const model::Mode& mode = net_.modes[road_mode_];
  const double rate = yuan_per_km(mode, profile_);
  const auto yuan = [&](double km) { return ride_yuan(rate, km, mode, profile_); };
  for (Index e = 0; e < r.edge_count(); ++e)
    arcs_.push_back(
        {first + r.from[e], first + r.to[e],
         to_seconds(r.seconds[e] / core::seconds_per_minute, roads_->where, "road_network"),
         ArcKind::road, none, r.length_m[e] / 1000.0, false, none, none,
         yuan(r.length_m[e] / 1000.0)});
  for (Index n = 0; n < n_nodes_; ++n) {
    const Index x = join_.place_vertex[n];
    if (x == none) continue;
    const Index in = mode_vertex_[slot(n, road_mode_)];
    const Seconds w = to_seconds(join_.snap_km[n] / roads_->connector_kmh * 60.0, roads_->where,
                                 "road_network.connector_kmh");
    const double km = join_.snap_km[n];
    arcs_.push_back({in, first + x, w, ArcKind::road, none, km, false, none, none, yuan(km)});
    arcs_.push_back({first + x, in + 1, w, ArcKind::road, none, km, false, none, none, yuan(km)});
  }
}

// CSR by counting sort on the tail: stable, so arcs keep their creation order per vertex.
RoutingGraph Builder::csr() {
  RoutingGraph& g = g_;
  g.generalized = profile_.generalized();
  const Index n_vertices = g.vertex_count();
  g.first_out.assign(static_cast<std::size_t>(n_vertices) + 1, 0);
  for (const Arc& a : arcs_) ++g.first_out[a.tail + 1];
  for (Index v = 0; v < n_vertices; ++v) g.first_out[v + 1] += g.first_out[v];
  g.resize_arcs(arcs_.size());
  std::vector<Index> next(g.first_out.begin(), g.first_out.end() - 1);
  for (const Arc& a : arcs_) {
    const Index i = next[a.tail]++;
    g.head[i] = a.head;
    g.weight[i] = routing_weight(a.weight, a.yuan, profile_);
    g.arc_seconds[i] = a.weight;
    g.arc_yuan[i] = a.yuan;
    g.tail[i] = a.tail;
    g.arc_kind[i] = a.kind;
    g.arc_line[i] = a.line;
    g.arc_km[i] = a.km;
    g.arc_km_estimated[i] = a.km_estimated;
    g.arc_first_stop[i] = a.first_stop;
    g.arc_last_stop[i] = a.last_stop;
  }
  return std::move(g_);
}

}  // namespace

RoutingGraph build_graph(const model::Scenario& scenario, const model::Profile& profile,
                         const std::vector<bool>& line_built) {
  if (line_built.size() != scenario.network.lines.size())
    throw std::invalid_argument("build_graph: line mask size differs from the line count");
  Builder b(scenario, profile);
  b.select_lines(line_built);
  b.select_roads(scenario);
  b.add_place_vertices();
  b.add_place_arcs();
  for (const LineUse& use : b.uses()) b.add_line(use);
  b.add_hubs();
  b.add_roads();
  return b.csr();
}

}  // namespace reachplan::graph
