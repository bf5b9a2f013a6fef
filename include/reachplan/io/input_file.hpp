// The one check that an input file is a file: every reader (YAML, points CSV, GIS layers,
// population rasters, OpenStreetMap extracts) refuses a FIFO, a device or a socket before it
// reads a byte, because reading one could block for ever or never end.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace reachplan::io {

// Whether a folder is an input: some GDAL formats are folders (a FileGDB, a folder of
// shapefiles); a YAML, CSV or OSM file never is.
enum class Folders { refuse, allow };

// What `path` is when it is not an input file, as the error says it; called by
// `check_input_file`. Paths GDAL reads through its virtual file systems ("/vsi...") are GDAL's.
// Problems go to `fail` (which must throw) as "cannot read 'x': it is a FIFO, not a regular file
// (a pipe or device is not read)", "cannot read 'x': No such file or directory" or "'x' is a
// folder, not a file". Links are followed: a link to a FIFO is a FIFO.
void check_input_path(const std::string& path, Folders folders,
                      const std::function<void(const std::string&)>& fail);

// check_input_path that throws core::InputError with that message.
void check_input_file(const std::string& path, Folders folders = Folders::refuse);

// A regular input file held open read-only. It is checked on the path first (so a FIFO is never
// opened), then opened without blocking and checked again on the descriptor: a path swapped for
// a FIFO in between is still refused, and what the descriptor reads is what was checked.
class InputFile {
 public:
  InputFile(const std::string& path, const std::function<void(const std::string&)>& fail);
  explicit InputFile(const std::string& path);  // throws core::InputError
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  // "/proc/self/fd/N": a name that opens this very file again, for readers that take a name
  // (libosmium), so the file they read is the one checked.
  std::string reopen_path() const;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// The whole of a regular input file (InputFile) of at most `max_bytes`, checked before reading
// and while reading (a file may grow). Problems go to `fail` (which must throw), as InputFile's.
std::string read_input_text(const std::string& path, std::uint64_t max_bytes,
                            const std::function<void(const std::string&)>& fail);

}  // namespace reachplan::io
