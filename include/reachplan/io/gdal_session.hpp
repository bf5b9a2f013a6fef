// GDAL set-up shared by every layer that reads or writes through GDAL/OGR (io readers, output
// writers): drivers registered once, a scope in which GDAL's errors are recorded for our own
// messages instead of being printed to stderr, and the one owner of open datasets.
#pragma once

#include <memory>
#include <string>

class GDALDataset;

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

// ": <GDAL's last error message>", or "" when GDAL recorded none: appended to our messages.
std::string gdal_reason();

// Closes a dataset without checking: for error paths, where the first failure is the one to
// report. Use close_dataset where a failed flush must be noticed (files being written).
struct DatasetCloser {
  void operator()(GDALDataset* ds) const;
};
// An open dataset (from GDALDataset::Open or GDALDriver::Create), closed when dropped.
using GdalDataset = std::unique_ptr<GDALDataset, DatasetCloser>;

// Closes the dataset and says whether it was flushed without error (GDAL < 3.7 returns nothing
// from GDALClose, so its error state is checked instead); gdal_reason() says why not.
bool close_dataset(GdalDataset ds);

}  // namespace reachplan::io
