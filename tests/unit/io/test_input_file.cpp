// Inputs that hang or import wrongly. Every reader refuses a FIFO, a device or a socket at once
// (before, a FIFO as an `import layer` input or a population raster blocked for ever), and an
// OpenStreetMap extract cut exactly between two PBF blocks is refused as truncated (before, it
// imported the roads of its first blocks, exit 0).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "io_test_support.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/input_file.hpp"
#include "reachplan/io/layer_import.hpp"
#include "reachplan/io/points_file.hpp"
#include "reachplan/io/population_raster.hpp"
#include "reachplan/io/road_import.hpp"

using namespace reachplan;

namespace {

// Runs `read` in a child process and returns the InputError's message it ended with; "HUNG"
// when it did not end within 10 s (the child is killed), "NO ERROR" when it returned.
std::string error_within_10s(const std::function<void()>& read) {
  int pipe_fd[2];
  REQUIRE(::pipe(pipe_fd) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_fd[0]);
    std::string what = "NO ERROR";
    try {
      read();
    } catch (const core::InputError& e) {
      what = e.what();
    } catch (const std::exception& e) {
      what = std::string("OTHER ERROR: ") + e.what();
    }
    (void)!::write(pipe_fd[1], what.data(), what.size());
    ::_exit(0);
  }
  ::close(pipe_fd[1]);
  int status = 0;
  bool ended = false;
  for (int i = 0; i < 1000 && !ended; ++i) {
    ended = ::waitpid(child, &status, WNOHANG) == child;
    if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!ended) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
  }
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fd[0], buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  ::close(pipe_fd[0]);
  return ended ? out : "HUNG";
}

// The InputError's message `read` ends with, in this process ("NO ERROR" when it returns).
// libosmium's thread pool does not survive a fork, so OSM reads that cannot hang run here.
std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "NO ERROR";
}

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// --- a PBF written by hand: uncompressed blobs, one block per call --------------------------

void varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) out += static_cast<char>((v & 0x7F) | 0x80), v >>= 7;
  out += static_cast<char>(v);
}
std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
void field_bytes(std::string& out, int field, const std::string& value) {
  varint(out, static_cast<std::uint64_t>(field) << 3 | 2);
  varint(out, value.size());
  out += value;
}
void field_int(std::string& out, int field, std::uint64_t value) {
  varint(out, static_cast<std::uint64_t>(field) << 3);
  varint(out, value);
}
// Packed sint64, delta coded (DenseNodes ids and coordinates, way refs).
std::string packed_deltas(const std::vector<std::int64_t>& values) {
  std::string out;
  std::int64_t last = 0;
  for (std::int64_t v : values) varint(out, zigzag(v - last)), last = v;
  return out;
}
// BlobHeader length, BlobHeader, Blob{raw}.
std::string blob(const std::string& type, const std::string& payload) {
  std::string b;
  field_bytes(b, 1, payload);
  field_int(b, 2, payload.size());
  std::string header;
  field_bytes(header, 1, type);
  field_int(header, 3, b.size());
  const std::uint32_t n = static_cast<std::uint32_t>(header.size());
  std::string out = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)};
  return out + header + b;
}
std::string header_blob() {
  std::string h;
  field_bytes(h, 4, "OsmSchema-V0.6");
  field_bytes(h, 4, "DenseNodes");
  return blob("OSMHeader", h);
}
// A block of untagged nodes: ids, lon/lat in 1e-7 degrees (granularity 100 nanodegrees).
std::string nodes_blob(const std::vector<std::int64_t>& ids, const std::vector<std::int64_t>& lat,
                       const std::vector<std::int64_t>& lon) {
  std::string dense, group, block, strings;
  field_bytes(dense, 1, packed_deltas(ids));
  field_bytes(dense, 8, packed_deltas(lat));
  field_bytes(dense, 9, packed_deltas(lon));
  field_bytes(group, 2, dense);
  field_bytes(strings, 1, "");
  field_bytes(block, 1, strings);
  field_bytes(block, 2, group);
  return blob("OSMData", block);
}
// A block of one highway=residential way.
std::string way_blob(std::int64_t id, const std::vector<std::int64_t>& refs) {
  std::string way, group, block, strings;
  for (const char* s : {"", "highway", "residential"}) field_bytes(strings, 1, s);
  field_int(way, 1, static_cast<std::uint64_t>(id));
  field_bytes(way, 2, std::string(1, '\x01'));
  field_bytes(way, 3, std::string(1, '\x02'));
  field_bytes(way, 8, packed_deltas(refs));
  field_bytes(group, 3, way);
  field_bytes(block, 1, strings);
  field_bytes(block, 2, group);
  return blob("OSMData", block);
}

// Three roads of 12 nodes each, every road in its own block after the nodes' block, the way a
// sorted extract has nodes first and ways after. `blobs` is where each block starts.
std::string three_roads(std::vector<std::size_t>& blobs) {
  std::vector<std::int64_t> ids, lat, lon;
  std::vector<std::vector<std::int64_t>> refs(3);
  for (int r = 0; r < 3; ++r)
    for (int i = 0; i < 12; ++i) {
      ids.push_back(100 * (r + 1) + i);
      lat.push_back(300000000 + r * 100000);
      lon.push_back(1140000000 + i * 10000);
      refs[static_cast<std::size_t>(r)].push_back(ids.back());
    }
  std::string pbf;
  for (const std::string& b : {header_blob(), nodes_blob(ids, lat, lon), way_blob(1, refs[0]),
                               way_blob(2, refs[1]), way_blob(3, refs[2])}) {
    blobs.push_back(pbf.size());
    pbf += b;
  }
  return pbf;
}

}  // namespace

TEST_CASE("a FIFO, a device or a socket is refused at once by every reader", "[io][input]") {
  io_test::TempDir dir;
  const std::string fifo = dir.path("in.fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string is_fifo = "it is a FIFO, not a regular file";
  // A shape and a raster name each reader accepts; the FIFO is the same file under each name.
  for (const char* name : {"roads.gpkg", "pop.tif", "points.csv", "town.osm.pbf"})
    REQUIRE(::symlink(fifo.c_str(), dir.path(name).c_str()) == 0);
  std::string e = error_within_10s([&] { io::read_points(dir.path("points.csv")); });
  CHECK_THAT(e, Catch::Contains(is_fifo) && Catch::Contains("points.csv"));
  e = error_within_10s([&] { io::read_line_layer(dir.path("roads.gpkg"), {}); });
  CHECK_THAT(e, Catch::Contains(is_fifo) && Catch::Contains("roads.gpkg"));
  model::GridCells cells;
  cells.x0 = 0, cells.y0 = 10, cells.cell = 1, cells.width = 10, cells.height = 10;
  e = error_within_10s([&] { io::read_population(dir.path("pop.tif"), "EPSG:4326", cells); });
  CHECK_THAT(e, Catch::Contains(is_fifo) && Catch::Contains("pop.tif"));
  e = error_within_10s([&] { io::read_osm(dir.path("town.osm.pbf"), {}); });
  CHECK_THAT(e, Catch::Contains(is_fifo) && Catch::Contains("town.osm.pbf"));
  // A character device: /dev/null reads as an empty file, /dev/zero never ends.
  e = error_within_10s([&] { io::read_osm("/dev/zero", {}); });
  CHECK_THAT(e, Catch::Contains("/dev/zero") && Catch::Contains("it is a character device"));
  e = error_within_10s([&] { io::check_input_file("/dev/null"); });
  CHECK_THAT(e, Catch::Contains("'/dev/null': it is a character device, not a regular file"));
  // A folder is an input only where a format is a folder (GDAL's FileGDB, shapefile folders).
  e = error_within_10s([&] { io::check_input_file(dir.path("")); });
  CHECK_THAT(e, Catch::Contains("is a folder, not a file"));
  CHECK(error_within_10s([&] { io::check_input_file(dir.path(""), io::Folders::allow); }) ==
        "NO ERROR");
  CHECK(error_within_10s([&] { io::check_input_file("/vsimem/x.gpkg"); }) == "NO ERROR");
}

TEST_CASE("an InputFile checks the descriptor it reads, not only the name", "[io][input]") {
  io_test::TempDir dir;
  const std::string path = dir.write("p.csv", "id,lon,lat\nx,1,2\n");
  const io::InputFile file(path);
  CHECK(file.size() == 17);
  struct stat by_name {
  }, by_fd{};
  REQUIRE(::stat(path.c_str(), &by_name) == 0);
  REQUIRE(::stat(file.reopen_path().c_str(), &by_fd) == 0);
  CHECK(by_name.st_ino == by_fd.st_ino);
  // Replaced by a FIFO after the open: the held descriptor still reads the checked file.
  REQUIRE(::unlink(path.c_str()) == 0);
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  CHECK(bytes(file.reopen_path()) == "id,lon,lat\nx,1,2\n");
}

TEST_CASE("an OSM extract cut between two blocks is refused as truncated", "[io][osm][input]") {
  io_test::TempDir dir;
  std::vector<std::size_t> blobs;
  const std::string pbf = three_roads(blobs);
  REQUIRE(blobs.size() == 5);
  // The whole file: 36 vertices, three roads of 11 segments, both ways.
  const model::RoadNetwork whole = io::read_osm(dir.write("whole.osm.pbf", pbf), {});
  CHECK(whole.vertex_count() == 36);
  CHECK(whole.edge_count() == 66);
  // Cut before the last way's block: it read 24 of 36 vertices, exit 0, before.
  for (std::size_t cut : {blobs[4], blobs[3], blobs[2]}) {
    INFO("cut at byte " << cut);
    const std::string path = dir.write("cut.osm.pbf", pbf.substr(0, cut));
    const std::string e = error_of([&] { io::read_osm(path, {}); });
    CHECK_THAT(e, Catch::Contains("cut.osm.pbf: the file looks truncated"));
  }
  CHECK_THAT(error_of([&] { io::read_osm(dir.write("c.osm.pbf", pbf.substr(0, blobs[4])), {}); }),
             Catch::Contains("about 12 of its 36 untagged nodes belong to no way"));
  // The bundled town cut after its nodes' block, and its OPL cut after the nodes' lines.
  const std::string town = bytes(std::string(REACHPLAN_TEST_DATA) + "/osm/town.osm.pbf");
  REQUIRE(town.size() == 490);  // header 0-72, nodes 73-197, ways 198-489
  CHECK_THAT(error_of([&] { io::read_osm(dir.write("t.osm.pbf", town.substr(0, 198)), {}); }),
             Catch::Contains("t.osm.pbf: the file looks truncated"));
  const std::string opl = bytes(std::string(REACHPLAN_TEST_DATA) + "/osm/town.opl");
  CHECK_THAT(
      error_of([&] { io::read_osm(dir.write("t.opl", opl.substr(0, opl.find("\nw") + 1)), {}); }),
      Catch::Contains("t.opl: the file looks truncated"));
  // A complete extract with a few unused nodes is not truncated (under 2% of them, or < 8).
  CHECK_NOTHROW(io::read_osm(std::string(REACHPLAN_TEST_DATA) + "/osm/town.osm.pbf", {}));
}
