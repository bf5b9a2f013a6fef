// The one parallel loop of the project (matrices, PHAST, CH buckets, surfaces, rankings...).
// Runs independent tasks on a few threads. Each thread makes its own working state once (a
// search object, scratch buffers) and reuses it for every task it takes from a shared counter;
// each task writes only its own slot of the caller's results, so results do not depend on the
// thread count or the finishing order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace reachplan::core {

// Calls task(state, i) for i in [0, n) on up to `threads` threads (0 = all cores), where state
// is what make_state() returned on that thread. The first exception stops the remaining tasks
// and is rethrown here.
template <class MakeState, class Task>
void parallel_for(std::size_t n, unsigned threads, MakeState&& make_state, Task&& task) {
  if (n == 0) return;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, n));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      auto state = make_state();
      for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) task(state, i);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next.store(n);  // stop the others early
    }
  };
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace reachplan::core
