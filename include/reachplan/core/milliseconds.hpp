// Road-engine travel times in whole milliseconds (graph::Weight: road arcs, the contraction
// hierarchy and its queries). A type of its own rather than a bare integer like core::Seconds,
// so that the compiler refuses to pass one unit as the other: every crossing is written out, as
// to_seconds(t) or as Milliseconds{count} / t.ms where a count is reused on purpose.
#pragma once

#include <compare>
#include <cstdint>
#include <type_traits>

#include "reachplan/core/constants.hpp"

namespace reachplan::core {

struct Milliseconds {
  // The count itself. Public: the search arrays, heaps and cache files hold exactly this.
  std::uint32_t ms;

  // Left uninitialised like the integer it replaced (so arrays of it stay trivial);
  // Milliseconds{} and value-initialised vectors are zero.
  Milliseconds() = default;
  constexpr explicit Milliseconds(std::uint32_t count) : ms(count) {}

  friend constexpr bool operator==(const Milliseconds&, const Milliseconds&) = default;
  friend constexpr auto operator<=>(const Milliseconds&, const Milliseconds&) = default;

  // Plain unsigned addition, as on the integer before: unreachable_ms is half the range and
  // graph::max_road_arc bounds every arc, so a label plus an arc (or two labels) never wraps.
  friend constexpr Milliseconds operator+(Milliseconds a, Milliseconds b) {
    return Milliseconds{a.ms + b.ms};
  }
  constexpr Milliseconds& operator+=(Milliseconds b) {
    ms += b.ms;
    return *this;
  }
};

// The searches, the CH cache file (raw arrays) and the heaps rely on it being the bare count.
static_assert(sizeof(Milliseconds) == sizeof(std::uint32_t) &&
              alignof(Milliseconds) == alignof(std::uint32_t));
static_assert(std::is_trivially_copyable_v<Milliseconds> &&
              std::is_standard_layout_v<Milliseconds>);
static_assert(std::is_trivially_default_constructible_v<Milliseconds>);

// No path: the same count as core::unreachable (~24.8 days), as the engine has always used.
inline constexpr Milliseconds unreachable_ms{unreachable};

inline constexpr double seconds_per_millisecond = 0.001;

// Fractional seconds, computed as count * 0.001 (no rounding to whole seconds), which is what
// the outputs have always printed. Meaningless for unreachable_ms: callers test that first.
constexpr double to_seconds(Milliseconds t) {
  return static_cast<double>(t.ms) * seconds_per_millisecond;
}

}  // namespace reachplan::core
