// Progress on stderr for long commands: a bar redrawn in place on a terminal, one line per step
// when stderr is a file or pipe (logs stay readable), nothing with --quiet.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

namespace reachplan::cli {

class Progress {
 public:
  Progress(std::ostream& err, bool enabled);
  ~Progress();
  // Safe to call from the worker threads' callback (the caller serialises calls).
  void operator()(const std::string& stage, std::size_t done, std::size_t total,
                  const std::string& item);
  // Ends a bar line on a terminal.
  void finish();

 private:
  std::ostream& err_;
  bool enabled_;
  bool tty_;
  bool open_line_ = false;
};

}  // namespace reachplan::cli
