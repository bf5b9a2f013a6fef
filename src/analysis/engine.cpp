#include "reachplan/analysis/engine.hpp"

#include "reachplan/analysis/timetable_trips.hpp"
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
    } else if (leg.kind == "walk") {
      s += " ~walk " + core::format_hmm(leg.minutes) + "~> " + leg.to;
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

bool ScenarioEngine::on_timetable(const std::string& profile) const {
  return scenario_.rides_timetable(profile);
}

const TimetableTrips& ScenarioEngine::timetable() {
  if (!timetable_)
    timetable_ = std::make_shared<const TimetableTrips>(
        scenario_, scenario_.profile(scenario_.default_profile), threads_);
  return *timetable_;
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

// Trips over a profile's routing graph: one Dijkstra per origin.
class GraphTrips final : public TripSource {
 public:
  explicit GraphTrips(std::shared_ptr<const graph::RoutingGraph> g) : g_(std::move(g)) {}
  core::Index place(const std::string& id) const override {
    const core::Index i = g_->node_index(id);
    if (i == core::invalid_index)
      throw core::UsageError("unknown place '" + id + "'" + core::did_you_mean(id, g_->node_ids));
    return i;
  }
  std::vector<Trip> trips_from(core::Index origin,
                               const std::vector<core::Index>& to) const override {
    routing::Dijkstra search(*g_);
    search.run(g_->origin_of_node[origin]);
    std::vector<Trip> trips;
    trips.reserve(to.size());
    for (core::Index t : to) trips.push_back(make_trip(*g_, search, origin, t));
    return trips;
  }

 private:
  std::shared_ptr<const graph::RoutingGraph> g_;
};

}  // namespace

std::shared_ptr<const TripSource> ScenarioEngine::source(const std::string& profile) {
  const std::string id = scenario_.profile(profile).id;
  auto& slot = sources_[id];
  if (slot) return slot;
  if (on_timetable(profile)) {
    timetable();
    slot = timetable_;
  } else {
    graph(profile);
    slot = std::make_shared<const GraphTrips>(graphs_.at(id));
  }
  return slot;
}

TravelTimeMatrix ScenarioEngine::matrix(const std::string& profile,
                                        const std::vector<std::string>& origins,
                                        const std::vector<std::string>& destinations) {
  if (on_timetable(profile)) return timetable().matrix(origins, destinations);
  const auto& g = graph(profile);
  return compute_matrix(g, scenario_.profile(profile).id, origins, destinations, threads_);
}

std::vector<Trip> ScenarioEngine::trips_from(const std::string& profile, const std::string& from,
                                             const std::vector<std::string>& to) {
  const auto src = source(profile);
  const core::Index origin = src->place(from);
  std::vector<core::Index> targets;
  targets.reserve(to.size());
  for (const auto& id : to) targets.push_back(src->place(id));
  return src->trips_from(origin, targets);
}

GroupTrips ScenarioEngine::group_trips(const std::string& profile,
                                       const std::vector<std::string>& members) {
  const auto src = source(profile);
  std::vector<core::Index> nodes;
  nodes.reserve(members.size());
  for (const auto& id : members) nodes.push_back(src->place(id));
  return GroupTrips(src, std::move(nodes));
}

GroupTrips::GroupTrips(std::shared_ptr<const TripSource> source, std::vector<core::Index> members)
    : source_(std::move(source)), members_(std::move(members)) {}

std::vector<Trip> GroupTrips::from(std::size_t i) const {
  const core::Index origin = members_.at(i);
  std::vector<core::Index> to;
  to.reserve(origins() - 1);
  for (core::Index m : members_)
    if (m != origin) to.push_back(m);
  return source_->trips_from(origin, to);
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
