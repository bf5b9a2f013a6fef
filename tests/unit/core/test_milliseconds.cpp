// core::Milliseconds, the road engine's unit: the conversion the outputs print, the sentinel,
// and that it never mixes with core::Seconds (a bare integer) without being written out.
#include <algorithm>
#include <catch2/catch.hpp>
#include <type_traits>

#include "reachplan/core/milliseconds.hpp"

using namespace reachplan;
using core::Milliseconds;

// Neither unit turns into the other by itself, nor into a plain number...
static_assert(!std::is_convertible_v<core::Seconds, Milliseconds>);
static_assert(!std::is_convertible_v<Milliseconds, core::Seconds>);
static_assert(!std::is_convertible_v<Milliseconds, double>);
static_assert(!std::is_convertible_v<int, Milliseconds>);
// ...but an explicit count builds one.
static_assert(std::is_constructible_v<Milliseconds, std::uint32_t>);
// The CH cache file stores arrays of it as raw bytes: it is exactly one uint32.
static_assert(sizeof(Milliseconds) == 4 && std::is_trivially_copyable_v<Milliseconds>);

TEST_CASE("milliseconds to seconds is count * 0.001, unrounded", "[core][units]") {
  CHECK(core::to_seconds(Milliseconds{0}) == 0.0);
  CHECK(core::to_seconds(Milliseconds{1500}) == 1.5);
  CHECK(core::to_seconds(Milliseconds{1234}) == 1.234);
  // Multiplied, not divided by 1000: the two differ in the last bit here, and the point
  // matrix has always printed the product.
  CHECK(core::to_seconds(Milliseconds{9}) == 9 * 0.001);
  CHECK(core::to_seconds(Milliseconds{9}) != 9 / 1000.0);
  // Not rounded to whole seconds: 1999 ms stays 1.999 s.
  CHECK(core::to_seconds(Milliseconds{1999}) == Approx(1.999).margin(1e-12));
  CHECK(core::to_seconds(Milliseconds{90000}) / 60.0 == 1.5);
}

TEST_CASE("unreachable milliseconds is half the range, like core::unreachable", "[core][units]") {
  CHECK(core::unreachable_ms.ms == 2147483647u);
  CHECK(core::unreachable_ms.ms == core::unreachable);
  // Adding two unreachable distances does not wrap (the searches rely on it).
  CHECK((core::unreachable_ms + core::unreachable_ms).ms == 4294967294u);
  CHECK(Milliseconds{1} + Milliseconds{2} < core::unreachable_ms);
}

TEST_CASE("milliseconds compare and add as their counts", "[core][units]") {
  Milliseconds a{1200};
  const Milliseconds b{800};
  CHECK(a + b == Milliseconds{2000});
  CHECK(b < a);
  CHECK(a >= b);
  CHECK(a != b);
  CHECK(std::max(a, b) == a);
  a += b;
  CHECK(a.ms == 2000u);
  CHECK(Milliseconds{}.ms == 0u);  // value-initialised: zero
}
