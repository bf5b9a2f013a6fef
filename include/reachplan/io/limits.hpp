// Bounds on what the loaders accept. A planner's files come from many hands; these keep a
// hostile or broken file to a clear core::InputError instead of a crash, a hang or an
// out-of-memory kill. README "Robustness and limits" documents each one.
#pragma once

#include <cstddef>
#include <cstdint>

namespace reachplan::io::limits {

// Largest input file read at all, checked before reading (so a 2 GB file costs nothing).
inline constexpr std::uint64_t max_file_bytes = 64ull << 20;

// YAML values (scalars, lists, maps) in one file, counted before the document is built: the
// parser takes about 0.5 kB and 7 us per value, so this bounds one file to about 0.5 GB and
// 10 s. Aliases count the values they repeat, which defuses "billion laughs" documents.
// About 140 000 places in YAML; larger road networks come from OSM or GIS layers.
inline constexpr std::size_t max_yaml_values = 1'000'000;

// Places, modes, lines and stops of one network, over all the files a scenario (or one
// `validate`) reads: each file is bounded by the value limit, this bounds the sum of many.
inline constexpr std::size_t max_network_items = 2'000'000;

// Calls (stop visits) of one service day's trips of a GTFS feed, frequency templates expanded:
// about 12 bytes each, so this is about 240 MB. A stop_times.txt within max_file_bytes holds
// under 2 million; only frequencies.txt multiplies them (a 23 kB feed asked for 6 GB).
inline constexpr std::size_t max_day_calls = 20'000'000;

// Lists and maps nested in one another. The deepest valid document nests 6 levels.
inline constexpr std::size_t max_yaml_depth = 64;

// Scenario files chained by `extends:`.
inline constexpr std::size_t max_extends_depth = 32;

// Places in a scenario's key group: its matrix, every pair's path in od.csv and the summary
// are kept in memory together (a million pairs is about 2 GB).
inline constexpr std::size_t max_key_group_places = 1000;

// Cells (origins x destinations) of any one matrix a scenario asks for: `matrices:` and the
// pairs a target checks. 25 million cells is 200 MB of minutes.
inline constexpr std::uint64_t max_matrix_cells = 25'000'000;

// A node's population: more than the world's is a typo or a unit error, and sums of a few such
// values would overflow to infinity in the accessibility shares.
inline constexpr double max_population = 1e10;

}  // namespace reachplan::io::limits
