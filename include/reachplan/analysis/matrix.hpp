// Travel-time matrices in minutes (Eigen), NaN where a destination cannot be reached.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "reachplan/graph/routing_graph.hpp"

namespace reachplan::analysis {

struct TravelTimeMatrix {
  std::string profile;
  std::vector<std::string> origins;       // node ids (rows)
  std::vector<std::string> destinations;  // node ids (columns)
  Eigen::MatrixXd minutes;                // NaN = unreachable

  bool reachable(Eigen::Index i, Eigen::Index j) const { return !std::isnan(minutes(i, j)); }
};

// Minutes between named places; ids must exist in the graph (UsageError otherwise).
TravelTimeMatrix compute_matrix(const graph::RoutingGraph& graph, const std::string& profile,
                                const std::vector<std::string>& origins,
                                const std::vector<std::string>& destinations, unsigned threads = 0);

// Seconds (core::unreachable allowed) to minutes (NaN for unreachable).
double to_minutes(core::Seconds s);

}  // namespace reachplan::analysis
