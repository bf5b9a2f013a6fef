#include "reachplan/analysis/engine.hpp"

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/graph/build.hpp"
#include "reachplan/routing/dijkstra.hpp"
#include "reachplan/routing/path.hpp"

namespace reachplan::analysis {

std::string Trip::describe() const {
  if (!reachable()) return origin + " -> " + destination + ": unreachable";
  std::string s = origin;
  for (const auto& leg : legs) {
    // Station-to-station trips carry zero-minute access/egress legs: nothing to read there.
    if (leg.kind != "ride" && leg.minutes == 0.0) continue;
    if (leg.kind == "ride") {
      // Road legs (road_network:) have no line: "=[road 0:42]=>".
      s += " =[" + (leg.line.empty() ? "" : leg.line + " ") + leg.mode + " " +
           core::format_hmm(leg.minutes) + "]=> " + leg.to;
    } else if (leg.kind == "transfer") {
      s += " ~transfer " + core::format_hmm(leg.minutes) + "~";
    } else if (leg.kind == "wait") {
      s += " ~wait " + core::format_hmm(leg.minutes) + "~";
    } else if (leg.kind == "access") {
      s += " ~access " + core::format_hmm(leg.minutes) + "~";
    } else if (leg.kind == "egress") {
      s += " ~egress " + core::format_hmm(leg.minutes) + "~";
    }
  }
  return s;
}

ScenarioEngine::ScenarioEngine(const model::Scenario& scenario, unsigned threads)
    : scenario_(scenario), threads_(threads) {}

ScenarioEngine::~ScenarioEngine() = default;

const graph::RoutingGraph& ScenarioEngine::graph(const std::string& profile) {
  const model::Profile& p = scenario_.profile(profile);
  auto& slot = graphs_[p.id];
  if (!slot) slot = std::make_shared<const graph::RoutingGraph>(graph::build_graph(scenario_, p));
  return *slot;
}

TravelTimeMatrix ScenarioEngine::matrix(const std::string& profile,
                                        const std::vector<std::string>& origins,
                                        const std::vector<std::string>& destinations) {
  const auto& g = graph(profile);
  return compute_matrix(g, scenario_.profile(profile).id, origins, destinations, threads_);
}

namespace {

Trip make_trip(const graph::RoutingGraph& g, const routing::Dijkstra& search, core::Index from,
               core::Index to) {
  Trip trip;
  trip.origin = g.node_ids[from];
  trip.destination = g.node_ids[to];
  if (from == to) return trip;  // same place: 0 minutes, no legs
  const routing::Path path = routing::recover_path(search, g.destination_of_node[to]);
  if (!path.reachable) {
    trip.minutes = to_minutes(core::unreachable);
    trip.yuan = to_minutes(core::unreachable);  // NaN
    return trip;
  }
  trip.minutes = to_minutes(path.seconds);
  trip.yuan = path.yuan;
  trip.transfers = path.transfers();
  for (core::Index m : path.modes_used()) trip.modes.push_back(g.mode_ids[m]);
  for (core::Index l : path.lines_used()) trip.lines.push_back(g.line_ids[l]);
  for (const auto& leg : path.legs) {
    LegView v;
    v.kind = routing::to_string(leg.kind);
    if (leg.line != core::invalid_index) v.line = g.line_ids[leg.line];
    if (leg.mode != core::invalid_index) v.mode = g.mode_ids[leg.mode];
    if (leg.from_node != core::invalid_index) v.from = g.node_ids[leg.from_node];
    if (leg.to_node != core::invalid_index) v.to = g.node_ids[leg.to_node];
    v.minutes = to_minutes(leg.seconds);
    v.yuan = leg.yuan;
    v.km = leg.km;
    v.stops = leg.stops;
    v.first_stop = leg.first_stop;
    v.last_stop = leg.last_stop;
    trip.legs.push_back(std::move(v));
  }
  return trip;
}

core::Index require_node(const graph::RoutingGraph& g, const std::string& id) {
  const core::Index i = g.node_index(id);
  if (i == core::invalid_index)
    throw core::UsageError("unknown place '" + id + "'" + core::did_you_mean(id, g.node_ids));
  return i;
}

}  // namespace

std::vector<Trip> ScenarioEngine::trips_from(const std::string& profile, const std::string& from,
                                             const std::vector<std::string>& to) {
  const auto& g = graph(profile);
  const core::Index origin = require_node(g, from);
  std::vector<core::Index> targets;
  for (const auto& id : to) targets.push_back(require_node(g, id));
  routing::Dijkstra search(g);
  search.run(g.origin_of_node[origin]);
  std::vector<Trip> trips;
  trips.reserve(targets.size());
  for (core::Index t : targets) trips.push_back(make_trip(g, search, origin, t));
  return trips;
}

GroupTrips ScenarioEngine::group_trips(const std::string& profile,
                                       const std::vector<std::string>& members) {
  const auto& g = graph(profile);
  std::vector<core::Index> nodes;
  nodes.reserve(members.size());
  for (const auto& id : members) nodes.push_back(require_node(g, id));
  return GroupTrips(graphs_.at(scenario_.profile(profile).id), std::move(nodes));
}

GroupTrips::GroupTrips(std::shared_ptr<const graph::RoutingGraph> graph,
                       std::vector<core::Index> members)
    : graph_(std::move(graph)), members_(std::move(members)) {}

std::vector<Trip> GroupTrips::from(std::size_t i) const {
  const core::Index origin = members_.at(i);
  routing::Dijkstra search(*graph_);
  search.run(graph_->origin_of_node[origin]);
  std::vector<Trip> trips;
  trips.reserve(origins() - 1);
  for (core::Index to : members_)
    if (to != origin) trips.push_back(make_trip(*graph_, search, origin, to));
  return trips;
}

void GroupTrips::for_each(const std::function<void(const Trip&)>& f) const {
  for (std::size_t i = 0; i < origins(); ++i)
    for (const Trip& t : from(i)) f(t);
}

std::vector<Trip> GroupTrips::all() const {
  std::vector<Trip> trips;
  for_each([&trips](const Trip& t) { trips.push_back(t); });
  return trips;
}

Trip ScenarioEngine::trip(const std::string& profile, const std::string& from,
                          const std::string& to) {
  return trips_from(profile, from, {to}).front();
}

}  // namespace reachplan::analysis
