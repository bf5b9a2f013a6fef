// Matrices: one Dijkstra per worker thread (core::parallel_for), reused over the origins it
// takes, so slow rows do not leave other threads idle. Each row is written by exactly one
// thread, so the result needs no locking.
#include "reachplan/routing/many_to_many.hpp"

#include <stdexcept>

#include "reachplan/core/parallel.hpp"
#include "reachplan/routing/path.hpp"

namespace reachplan::routing {

namespace {

void check_places(const graph::RoutingGraph& graph, const std::vector<Index>& origin_nodes,
                  const std::vector<Index>& destination_nodes) {
  const std::size_t n_places = graph.origin_of_node.size();
  for (const auto* list : {&origin_nodes, &destination_nodes})
    for (Index n : *list)
      if (n >= n_places) throw std::out_of_range("travel_time_matrix: place index out of range");
}

// One search per origin; `cell(search, i, j, target)` gives entry (i, j).
template <class T, class Cell>
std::vector<T> per_origin(const graph::RoutingGraph& graph, const std::vector<Index>& origin_nodes,
                          const std::vector<Index>& destination_nodes, unsigned threads, T fill,
                          const Cell& cell) {
  check_places(graph, origin_nodes, destination_nodes);
  const std::size_t rows = origin_nodes.size(), cols = destination_nodes.size();
  std::vector<T> out(rows * cols, fill);
  std::vector<Index> targets(cols);
  for (std::size_t j = 0; j < cols; ++j)
    targets[j] = graph.destination_of_node[destination_nodes[j]];
  core::parallel_for(
      rows, threads, [&] { return Dijkstra(graph); },
      [&](Dijkstra& search, std::size_t i) {
        search.run(graph.origin_of_node[origin_nodes[i]]);
        T* row = out.data() + i * cols;
        for (std::size_t j = 0; j < cols; ++j)
          row[j] = cell(search, origin_nodes[i] == destination_nodes[j], targets[j]);
      });
  return out;
}

}  // namespace

std::vector<Seconds> travel_time_matrix(const graph::RoutingGraph& graph,
                                        const std::vector<Index>& origin_nodes,
                                        const std::vector<Index>& destination_nodes,
                                        unsigned threads) {
  // On a generalized-cost graph the distance is no time: sum the chosen path's arcs instead.
  return per_origin<Seconds>(graph, origin_nodes, destination_nodes, threads, core::unreachable,
                             [&](const Dijkstra& search, bool same, Index target) -> Seconds {
                               if (same) return 0;
                               return graph.generalized ? path_sums(search, target).seconds
                                                        : search.distance(target);
                             });
}

std::vector<double> travel_cost_matrix(const graph::RoutingGraph& graph,
                                       const std::vector<Index>& origin_nodes,
                                       const std::vector<Index>& destination_nodes,
                                       unsigned threads) {
  return per_origin<double>(graph, origin_nodes, destination_nodes, threads, 0.0,
                            [&](const Dijkstra& search, bool same, Index target) {
                              return same ? 0.0 : path_sums(search, target).yuan;
                            });
}

}  // namespace reachplan::routing
