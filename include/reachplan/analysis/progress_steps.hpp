// Progress of work done in parallel steps, reported through an analysis::Progress callback.
#pragma once

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <string>
#include <utility>

#include "reachplan/analysis/surface.hpp"

namespace reachplan::analysis {

// Thread-safe progress: at most one report per percent, in order.
class Reporter {
 public:
  Reporter(const Progress& progress, std::string task, std::size_t total)
      : progress_(progress), task_(std::move(task)), total_(total) {
    if (progress_) progress_(task_, 0.0);
  }
  void step() {
    if (!progress_) return;
    std::lock_guard lock(mutex_);
    ++done_;
    const int percent = static_cast<int>(100 * done_ / std::max<std::size_t>(1, total_));
    if (percent > last_) {
      last_ = percent;
      progress_(task_, static_cast<double>(done_) / static_cast<double>(total_));
    }
  }

 private:
  const Progress& progress_;
  std::string task_;
  std::size_t total_;
  std::size_t done_ = 0;
  int last_ = 0;
  std::mutex mutex_;
};

}  // namespace reachplan::analysis
