// GDAL set-up shared by every layer that reads or writes through GDAL/OGR (io readers, output
// writers): drivers registered once, and a scope in which GDAL's errors are recorded for our
// own messages instead of being printed to stderr.
#pragma once

namespace reachplan::io {

// Registers GDAL's drivers once (thread-safe).
void ensure_gdal();

// While alive, GDAL records errors for CPLGetLastErrorMsg() instead of printing them: our own
// message (with GDAL's words) goes up as an exception and the CLI prints it once.
class QuietGdal {
 public:
  QuietGdal();
  ~QuietGdal();
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

}  // namespace reachplan::io
