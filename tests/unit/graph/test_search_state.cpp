#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <random>

#include "reachplan/core/milliseconds.hpp"
#include "reachplan/graph/search_state.hpp"

using namespace reachplan;
using core::Index;
using graph::MinHeap;
using graph::StampedArray;
using graph::Ties;

TEST_CASE("stamped arrays forget every value on reset") {
  StampedArray<std::uint32_t> a(4);
  CHECK_FALSE(a.has(0));  // nothing is set before the first reset
  a.reset();
  a.set(2, 7);
  CHECK(a.has(2));
  CHECK(a[2] == 7);
  CHECK(a.get(2, 99) == 7);
  CHECK(a.get(1, 99) == 99);
  a.reset();
  CHECK_FALSE(a.has(2));
  CHECK(a.get(2, 99) == 99);
  a.set(3, 1);
  CHECK(a.get(3, 99) == 1);
}

TEST_CASE("the heap pops by distance, then by vertex") {
  MinHeap<std::uint32_t> h;
  for (auto [d, v] : std::vector<std::pair<std::uint32_t, Index>>{
           {5, 1}, {3, 9}, {5, 0}, {1, 4}, {3, 2}, {8, 8}, {3, 2}})
    h.push(d, v);
  CHECK(h.size() == 7);
  CHECK(h.top() == std::pair<std::uint32_t, Index>{1, 4});
  std::vector<std::pair<std::uint32_t, Index>> popped;
  while (!h.empty()) popped.push_back(h.pop());
  CHECK(popped == std::vector<std::pair<std::uint32_t, Index>>{
                      {1, 4}, {3, 2}, {3, 2}, {3, 9}, {5, 0}, {5, 1}, {8, 8}});
}

TEST_CASE("the heap and stamped arrays hold milliseconds like their counts") {
  using core::Milliseconds;
  MinHeap<Milliseconds> h;
  for (auto [d, v] : std::vector<std::pair<std::uint32_t, Index>>{{5, 1}, {3, 9}, {5, 0}, {1, 4}})
    h.push(Milliseconds{d}, v);
  std::vector<std::pair<std::uint32_t, Index>> popped;
  while (!h.empty()) {
    const auto [d, v] = h.pop();
    popped.emplace_back(d.ms, v);
  }
  CHECK(popped == std::vector<std::pair<std::uint32_t, Index>>{{1, 4}, {3, 9}, {5, 0}, {5, 1}});
  StampedArray<Milliseconds> a(3);
  a.reset();
  a.set(1, Milliseconds{250});
  CHECK(a.get(1, core::unreachable_ms) == Milliseconds{250});
  CHECK(a.get(2, core::unreachable_ms) == core::unreachable_ms);
}

TEST_CASE("the heap pops what std::push_heap with std::greater pops") {
  // Interleaved pushes and pops: the sequence must equal the binary heap's the searches used.
  std::mt19937 rng(42);
  MinHeap<std::uint32_t> h;
  MinHeap<std::uint32_t, Ties::any> any;
  std::vector<std::pair<std::uint32_t, Index>> ref;
  for (int step = 0; step < 5000; ++step) {
    if (rng() % 3 != 0 || ref.empty()) {
      const std::uint32_t d = rng() % 50;
      const Index v = rng() % 20;
      h.push(d, v);
      any.push(d, v);
      ref.emplace_back(d, v);
      std::push_heap(ref.begin(), ref.end(), std::greater<>());
    } else {
      std::pop_heap(ref.begin(), ref.end(), std::greater<>());
      const auto want = ref.back();
      ref.pop_back();
      REQUIRE(h.pop() == want);
      REQUIRE(any.pop().first == want.first);  // ties in any order, distances the same
    }
  }
}
