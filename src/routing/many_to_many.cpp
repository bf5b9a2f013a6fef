// Matrices: one Dijkstra per worker thread (core::parallel_for), reused over the origins it
// takes, so slow rows do not leave other threads idle. Each row is written by exactly one
// thread, so the result needs no locking.
#include "reachplan/routing/many_to_many.hpp"

#include <stdexcept>

#include "reachplan/core/parallel.hpp"
#include "reachplan/routing/path.hpp"

namespace reachplan::routing {

std::vector<Seconds> travel_time_matrix(const graph::RoutingGraph& graph,
                                        const std::vector<Index>& origin_nodes,
                                        const std::vector<Index>& destination_nodes,
                                        unsigned threads) {
  const std::size_t n_places = graph.origin_of_node.size();
  for (const auto* list : {&origin_nodes, &destination_nodes})
    for (Index n : *list)
      if (n >= n_places) throw std::out_of_range("travel_time_matrix: place index out of range");

  const std::size_t rows = origin_nodes.size(), cols = destination_nodes.size();
  std::vector<Seconds> out(rows * cols, core::unreachable);
  std::vector<Index> targets(cols);
  for (std::size_t j = 0; j < cols; ++j)
    targets[j] = graph.destination_of_node[destination_nodes[j]];

  // On a generalized-cost graph the distance is no time: sum the chosen path's arcs instead.
  const auto time_to = [&](const Dijkstra& search, Index target) {
    return graph.generalized ? path_sums(search, target).seconds : search.distance(target);
  };
  core::parallel_for(
      rows, threads, [&] { return Dijkstra(graph); },
      [&](Dijkstra& search, std::size_t i) {
        search.run(graph.origin_of_node[origin_nodes[i]]);
        Seconds* row = out.data() + i * cols;
        for (std::size_t j = 0; j < cols; ++j)
          row[j] = origin_nodes[i] == destination_nodes[j] ? 0 : time_to(search, targets[j]);
      });
  return out;
}

}  // namespace reachplan::routing
