// Matrices: one Dijkstra per worker thread, reused over the origins it takes from a shared
// atomic counter, so slow rows do not leave other threads idle. Each row is written by exactly
// one thread, so the result needs no locking.
#include "reachplan/routing/many_to_many.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

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

  std::atomic<std::size_t> next{0};
  auto work = [&] {
    Dijkstra search(graph);
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < rows;) {
      search.run(graph.origin_of_node[origin_nodes[i]]);
      Seconds* row = out.data() + i * cols;
      for (std::size_t j = 0; j < cols; ++j)
        row[j] = origin_nodes[i] == destination_nodes[j] ? 0 : search.distance(targets[j]);
    }
  };

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, rows));
  if (threads <= 1) {
    work();
    return out;
  }
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      try {
        work();
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next.store(rows);  // stop the others early
      }
    });
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return out;
}

}  // namespace reachplan::routing
