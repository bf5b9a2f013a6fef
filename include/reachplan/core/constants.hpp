// Named sentinels shared by every layer.
#pragma once

#include <cstdint>
#include <limits>

namespace reachplan::core {

// Dense 32-bit index into any flat array (nodes, lines, vertices, arcs).
using Index = std::uint32_t;
inline constexpr Index invalid_index = std::numeric_limits<Index>::max();

// Travel times inside the engine are whole seconds.
using Seconds = std::uint32_t;
// Half the range, so that unreachable + unreachable (or + any arc weight) cannot wrap.
inline constexpr Seconds unreachable = std::numeric_limits<Seconds>::max() / 2;
// The longest trip any target, surface or decay counts, in minutes (a week): beyond it a
// number is a unit mistake.
inline constexpr double max_trip_minutes = 10080;
// Largest weight a single arc may carry (about 2.7 years): keeps every sum below unreachable.
inline constexpr Seconds max_arc_seconds = unreachable / 1024;
static_assert(static_cast<std::uint64_t>(unreachable) + unreachable <=
                  std::numeric_limits<Seconds>::max(),
              "adding two unreachable distances must not overflow");

inline constexpr double seconds_per_minute = 60.0;

}  // namespace reachplan::core
