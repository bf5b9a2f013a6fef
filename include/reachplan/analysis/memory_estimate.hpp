// Up-front memory estimates: what a request holds at its peak, worked out from its sizes alone
// (pairs, cells, places) before any heavy work, so that a request too big for the machine is
// refused with a message naming what to shrink instead of being killed hours later. The costs
// per item are this code's own data structures (see memory_estimate.cpp), rounded up.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reachplan/analysis/grid.hpp"
#include "reachplan/model/scenario.hpp"

namespace reachplan::analysis {

// One part of a request: its bytes, what it is ("the key group of 1000 places (999000 pairs)")
// and what makes it smaller ("a smaller key_group").
struct MemoryPart {
  std::uint64_t bytes = 0;
  std::string what;
  std::string shrink;
};

struct MemoryEstimate {
  std::vector<MemoryPart> parts;

  std::uint64_t bytes() const;
  // The largest part a user can shrink (any part if none can; parts must not be empty).
  const MemoryPart& largest() const;
  void add(std::uint64_t bytes, std::string what, std::string shrink);
  // Another estimate held at the same time `times` over (e.g. versions run in parallel).
  void add_all(const MemoryEstimate& other, std::uint64_t times = 1);
};

// Physical memory of the machine in bytes (sysconf); 0 when it cannot be told.
std::uint64_t physical_memory();
// The limit when --max-memory is not given: half the physical memory (unlimited when unknown).
std::uint64_t default_memory_limit();
// "512M", "8G", "1.5G", "64K", "1T" (binary units, an optional trailing "B" or "iB"), a plain
// number of bytes, or "N%" of physical memory; "0" means no limit. UsageError otherwise.
std::uint64_t parse_memory_size(const std::string& text);
// "3.2 GB", "512 MB", "900 KB" (binary units, as parse_memory_size reads them).
std::string format_bytes(std::uint64_t bytes);

// `run` (and `validate`, which checks what run would do): the key pairs, targets, matrices,
// outputs and the GIS request (grid optional: the surfaces and isochrones need it).
MemoryEstimate estimate_scenario(const model::Scenario& s, const Grid* grid);
// One surface on a grid (`surface`), accessibility counting its destination places.
MemoryEstimate estimate_surface(const model::Scenario& s, const Grid& grid,
                                const model::SurfaceSpec& spec);
// `matrix`: origins x destinations minutes, the engine's raw matrix and the CSV text.
// `matrices`: how many minutes matrices are held (a transit matrix: each percentile and the
// minimum); `legs`: a text of legs per pair (transit --legs, about 256 bytes).
MemoryEstimate estimate_point_matrix(std::size_t origins, std::size_t destinations, bool long_form,
                                     std::size_t matrices = 1, bool legs = false);

// UsageError (exit 2) when the estimate is above `limit` (0: no limit): "the key group of 1000
// places (999000 pairs) needs about 3.2 GB (3.5 GB in all); the limit is 2.0 GB
// (--max-memory): use a smaller key_group, or raise --max-memory".
void check_memory(const MemoryEstimate& estimate, std::uint64_t limit);

}  // namespace reachplan::analysis
