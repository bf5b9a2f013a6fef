#include "reachplan/analysis/matrix.hpp"

#include <cmath>
#include <limits>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/routing/many_to_many.hpp"

namespace reachplan::analysis {

double to_minutes(core::Seconds s) {
  if (s >= core::unreachable) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(s) / core::seconds_per_minute;
}

namespace {
std::vector<core::Index> indices_of(const graph::RoutingGraph& graph,
                                    const std::vector<std::string>& ids) {
  std::vector<core::Index> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    const core::Index i = graph.node_index(id);
    if (i == core::invalid_index)
      throw core::UsageError("unknown place '" + id + "'" + core::did_you_mean(id, graph.node_ids));
    out.push_back(i);
  }
  return out;
}
}  // namespace

TravelTimeMatrix compute_matrix(const graph::RoutingGraph& graph, const std::string& profile,
                                const std::vector<std::string>& origins,
                                const std::vector<std::string>& destinations, unsigned threads) {
  TravelTimeMatrix m;
  m.profile = profile;
  m.origins = origins;
  m.destinations = destinations;
  const auto rows = indices_of(graph, origins);
  const auto cols = indices_of(graph, destinations);
  const auto seconds = routing::travel_time_matrix(graph, rows, cols, threads);
  m.minutes.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j)
      m.minutes(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          to_minutes(seconds[i * cols.size() + j]);
  return m;
}

}  // namespace reachplan::analysis
