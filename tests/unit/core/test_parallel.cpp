#include <atomic>
#include <catch2/catch.hpp>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "reachplan/core/parallel.hpp"

using reachplan::core::parallel_for;

TEST_CASE("parallel_for runs every task once, whatever the thread count") {
  for (unsigned threads : {0u, 1u, 3u, 16u}) {
    std::vector<int> out(100, -1);
    std::atomic<int> states{0};
    parallel_for(
        out.size(), threads, [&] { return ++states; },
        [&](int& state, std::size_t i) {
          CHECK(state >= 1);
          out[i] = static_cast<int>(i * i);
        });
    for (std::size_t i = 0; i < out.size(); ++i) CHECK(out[i] == static_cast<int>(i * i));
    CHECK(states >= 1);
    if (threads == 1) CHECK(states == 1);  // one state, reused for every task
  }
}

TEST_CASE("parallel_for rethrows the first failure and makes no state for no work") {
  int made = 0;
  parallel_for(
      0, 4, [&] { return ++made; }, [](int&, std::size_t) {});
  CHECK(made == 0);
  CHECK_THROWS_AS(parallel_for(
                      50, 4, [] { return 0; },
                      [](int&, std::size_t i) {
                        if (i == 7) throw std::runtime_error("task 7");
                      }),
                  std::runtime_error);
  CHECK_THROWS_AS(
      parallel_for(
          5, 2, []() -> int { throw std::logic_error("no state"); }, [](int&, std::size_t) {}),
      std::logic_error);
}
