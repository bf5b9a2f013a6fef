// What the timetable bench programs share: clocks (wall and process CPU), the process's memory
// (peak RSS, heap in use), clock times of a service day as text, and stops picked evenly.
#pragma once

#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "reachplan/graph/transit_network.hpp"

namespace reachplan::bench {

inline double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds of the whole process: on a shared machine a fairer figure than the wall clock for
// single-threaded work (it leaves out time spent waiting for a core).
inline double cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Wall and CPU seconds since construction.
struct Stopwatch {
  double wall0 = now_s(), cpu0 = cpu_s();
  double wall() const { return now_s() - wall0; }
  double cpu() const { return cpu_s() - cpu0; }
};

inline double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Heap bytes in use (glibc), after returning freed memory, for the size of one object's arrays.
inline std::size_t heap_in_use() {
  malloc_trim(0);
  return mallinfo2().uordblks;
}

// Seconds of the service day as "hh:mm" (":ss" added when not whole minutes), "+1d" past 24:00
// and "-1d" before 00:00 (a trip of the day before).
inline std::string clock_text(model::DaySeconds s) {
  constexpr model::DaySeconds day = 24 * 3600;
  int shift = 0;
  while (s < 0) s += day, --shift;
  while (s >= day) s -= day, ++shift;
  char b[32];
  if (s % 60)
    std::snprintf(b, sizeof b, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(b, sizeof b, "%02d:%02d", s / 3600, s / 60 % 60);
  std::string out = b;
  if (shift) out += (shift > 0 ? "+" : "") + std::to_string(shift) + "d";
  return out;
}

// `count` stops served by some pattern, spread evenly over the stop list (deterministic), and
// shifted by `phase` (0 to 1) of the spacing so that two picks of the same size differ.
inline std::vector<core::Index> spread_stops(const graph::TransitNetwork& net, std::size_t count,
                                             double phase = 0) {
  std::vector<core::Index> served;
  for (core::Index s = 0; s < net.stop_count(); ++s)
    if (!net.calls_at(s).empty()) served.push_back(s);
  std::vector<core::Index> out;
  if (served.empty()) return out;
  const double step = static_cast<double>(served.size()) / static_cast<double>(count);
  for (std::size_t i = 0; i < count && i < served.size(); ++i)
    out.push_back(
        served[static_cast<std::size_t>((static_cast<double>(i) + phase) * step) % served.size()]);
  return out;
}

}  // namespace reachplan::bench
