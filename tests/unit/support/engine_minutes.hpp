// Test helper: the engine's minutes between two places of a drawn scenario, for expect_matrix.
#pragma once

#include <cmath>

#include "reachplan/graph/build.hpp"
#include "reachplan/routing/many_to_many.hpp"
#include "unit/support/expect_matrix.hpp"

namespace reachplan::test {

// Minutes from place `from` to `to` under `profile` (NaN when unreachable), one search a call.
inline MinutesBetween minutes_on(const model::Scenario& sc, const model::Profile& profile) {
  return [&sc, profile](const std::string& from, const std::string& to) {
    const auto g = graph::build_graph(sc, profile);
    const auto m = routing::travel_time_matrix(g, {g.node_index(from)}, {g.node_index(to)}, 1);
    return m[0] == core::unreachable ? std::nan("") : m[0] / 60.0;
  };
}

}  // namespace reachplan::test
