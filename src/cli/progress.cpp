#include "progress.hpp"

#include <unistd.h>

#include <ostream>

namespace reachplan::cli {

Progress::Progress(std::ostream& err, bool enabled)
    : err_(err), enabled_(enabled), tty_(::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  finish();
}

void Progress::operator()(const std::string& stage, std::size_t done, std::size_t total,
                          const std::string& item) {
  if (!enabled_) return;
  const std::string count = std::to_string(done) + "/" + std::to_string(total);
  if (!tty_) {
    err_ << "[" << stage << " " << count << "] " << item << "\n";
    return;
  }
  constexpr std::size_t width = 24;
  const std::size_t filled = total == 0 ? width : width * done / total;
  std::string text = "\r" + stage + " [" + std::string(filled, '#') +
                     std::string(width - filled, '.') + "] " + count + " " + item;
  if (text.size() > 100) text.resize(100);
  err_ << text << "\033[K" << std::flush;
  open_line_ = true;
  if (done == total) finish();
}

void Progress::finish() {
  if (open_line_) err_ << "\n" << std::flush;
  open_line_ = false;
}

}  // namespace reachplan::cli
