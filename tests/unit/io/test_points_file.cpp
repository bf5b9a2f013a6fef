// The points CSV of `reachplan matrix` (io::read_points): what it accepts harmlessly, and one
// case per mistake with the message it gives (file:line, the value, the rule).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "io_test_support.hpp"
#include "reachplan/io/points_file.hpp"

namespace io = reachplan::io;
using reachplan::core::InputError;

namespace {

// The message read_points gives for a file holding `text`, after "<path>:"; "no error" when it
// reads. Every message must start with the file's path.
struct Reader {
  io_test::TempDir dir;
  std::string path = dir.path("p.csv");

  std::string error(const std::string& text) const {
    dir.write("p.csv", text);
    return error_of(path);
  }
  static std::string error_of(const std::string& file) {
    try {
      io::read_points(file);
    } catch (const InputError& e) {
      const std::string m = e.what();
      REQUIRE(m.rfind(file + ":", 0) == 0);
      return m.substr(file.size() + 1);
    }
    return "no error";
  }
  // Each file text and the message it gives.
  void expect(std::initializer_list<std::pair<std::string, std::string>> cases) const {
    for (const auto& [text, message] : cases) {
      INFO(text);
      CHECK(error(text) == message);
    }
  }
  std::vector<io::PointRow> read(const std::string& text) const {
    dir.write("p.csv", text);
    return io::read_points(path);
  }
};

}  // namespace

TEST_CASE("points: a byte order mark, CRLF, blank lines, spaces and quotes are harmless",
          "[io][points]") {
  Reader r;
  const auto p = r.read(
      "\xEF\xBB\xBF\"id\" , lon,lat,osm_id,name\r\n"
      "\r\n"
      "  a , 1.5 ,-2.25,, x\r\n"
      "   \r\n"
      "\"b,\"\"c\"\"\" , \"3\",\"4\",\"12\",\"q, r\"\r\n"
      "c,,,7");  // no line end after the last row, and fewer fields than the header
  REQUIRE(p.size() == 3);
  CHECK(p[0].id == "a");
  CHECK(*p[0].lon == 1.5);
  CHECK(*p[0].lat == -2.25);
  CHECK_FALSE(p[0].osm_id);
  CHECK(p[0].line == 3);
  CHECK(p[1].id == "b,\"c\"");
  CHECK(*p[1].lon == 3.0);
  CHECK(*p[1].lat == 4.0);
  CHECK(*p[1].osm_id == 12);
  CHECK(p[1].line == 5);
  CHECK(p[2].id == "c");
  CHECK_FALSE(p[2].lon);
  CHECK(*p[2].osm_id == 7);
  CHECK(p[2].line == 6);
}

TEST_CASE("points: edge values and short rows that have what they need", "[io][points]") {
  Reader r;
  const auto p = r.read("id,lon,lat,node\nx,180,-90\ny,-180,90\nz,.5,-0,\nw,,,west\n");
  REQUIRE(p.size() == 4);
  CHECK(*p[0].lon == 180.0);
  CHECK(*p[0].lat == -90.0);
  CHECK(p[0].node.empty());
  CHECK(*p[1].lon == -180.0);
  CHECK(*p[2].lon == 0.5);
  CHECK(p[3].node == "west");
  CHECK_FALSE(p[3].lon);
}

TEST_CASE("points: a file that cannot be read", "[io][points]") {
  Reader r;
  const std::string none = r.dir.path("none.csv");
  CHECK(Reader::error_of(none) == " cannot read '" + none + "': No such file or directory");
  const std::string folder = r.dir.path("folder.csv");
  std::filesystem::create_directories(folder);
  CHECK(Reader::error_of(folder) == " '" + folder + "' is a folder, not a file");
  // A FIFO is refused before it is opened: reading it would wait for a writer for ever.
  const std::string fifo = r.dir.path("fifo.csv");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(Reader::error_of(fifo) ==
        " cannot read '" + fifo +
            "': it is a FIFO, not a regular file (a pipe or device is not read)");
}

TEST_CASE("points: invalid UTF-8", "[io][points]") {
  Reader().expect({{"id,lon,lat\na\xFF,1,2\n",
                    "2:2: the file is not UTF-8 text (byte 0xFF); save it as UTF-8"}});
}

TEST_CASE("points: a point id given twice", "[io][points]") {
  Reader().expect({
      {"id,lon,lat\na,1,2\nb,1,2\n\na,3,4\n", "5: point id 'a' given twice (first on line 2)"},
      // Spaces and quotes around an id do not make it another id.
      {"id,lon,lat\na,1,2\n \"a\" ,3,4\n", "3: point id 'a' given twice (first on line 2)"},
  });
}

TEST_CASE("points: a header without the columns it needs", "[io][points]") {
  const std::string place =
      "1: the header has no lon,lat, osm_id or node columns to place the "
      "points by (header: ";
  Reader().expect({
      {"name,lon,lat\na,1,2\n", "1: the header has no id column (header: 'name,lon,lat')"},
      {"id,name\na,x\n", place + "'id,name')"},
      {"id,osm_id,lon\na,1,2\n",
       "1: the header has a lon column but no lat column (header: 'id,osm_id,lon')"},
      {"id,lat\na,1\n", "1: the header has a lat column but no lon column (header: 'id,lat')"},
      {"id,Lon,Lat\na,1,2\n", place + "'id,Lon,Lat')"},  // names are exact: Lon is not lon
  });
}

TEST_CASE("points: a column named twice in the header", "[io][points]") {
  Reader().expect({{"id,lon,lat,lon\na,1,2,3\n",
                    "1: column 'lon' given twice in the header (columns 2 and 4)"}});
}

TEST_CASE("points: a row with more fields than the header", "[io][points]") {
  const std::string hint = " (a value with a comma needs quotes)";
  Reader().expect({
      {"id,lon,lat\na,1,2\nb,1,000,2\n", "3: row has 4 fields, the header 3" + hint},
      {"id,lon,lat\na,1,2,3,4\n", "2: row has 5 fields, the header 3" + hint},
  });
}

TEST_CASE("points: bad quotes", "[io][points]") {
  const std::string one_line = " (a quoted field must end on its line)";
  Reader().expect({
      {"id,lon,lat\n\"a,1,2\n", "2: unclosed quote in field 1: '\"a,1,2'" + one_line},
      {"id,lon,lat\nb,\"1,2\r\n", "2: unclosed quote in field 2: '\"1,2'" + one_line},
      {"id,lon,lat\n\"a\"b,1,2\n", "2: text after the closing quote of field 1: '\"a\"b'"},
      {"id,lon,lat\na\"b,1,2\n",
       "2: a quote inside unquoted field 1: 'a\"b' (quote the whole field and double the quotes "
       "in it)"},
  });
}

TEST_CASE("points: lon and lat that are not plain decimal numbers", "[io][points]") {
  Reader r;
  CHECK(r.error("id,lon,lat\na,abc,2\n") ==
        "2: lon 'abc' is not a number (decimal degrees, like 12.5)");
  for (const std::string bad :
       {"\"1,5\"", "12km", "0x1p3", "inf", "-inf", "nan", "1e400", "1 5", "1.2.3", "+"}) {
    INFO(bad);
    const std::string shown = bad.front() == '"' ? bad.substr(1, bad.size() - 2) : bad;
    CHECK(r.error("id,lon,lat\na,1,2\nb,3," + bad + "\n") ==
          "3: lat '" + shown + "' is not a number (decimal degrees, like 12.5)");
  }
}

TEST_CASE("points: lon and lat out of range", "[io][points]") {
  const std::string lat = " is out of range: lat in [-90, 90] (WGS84 degrees)";
  Reader().expect({
      {"id,lon,lat\na,180.5,2\n",
       "2: lon '180.5' is out of range: lon in [-180, 180] (WGS84 degrees)"},
      {"id,lon,lat\na,114.3,-91\n", "2: lat '-91'" + lat},
      {"id,lon,lat\nwuhan,30.6,114.3\n", "2: lat '114.3'" + lat},  // lat,lon values swapped
  });
}

TEST_CASE("points: an osm_id that is not an integer", "[io][points]") {
  Reader r;
  for (const std::string bad : {"12x", "1.5", "1e3", "+3", "0x10", "99999999999999999999"}) {
    INFO(bad);
    CHECK(r.error("id,osm_id\na," + bad + "\n") == "2: osm_id '" + bad + "' is not an integer");
  }
  CHECK(*r.read("id,osm_id\na,-42\n").front().osm_id == -42);
}

TEST_CASE("points: an empty id", "[io][points]") {
  Reader().expect({
      {"id,lon,lat\na,1,2\n,3,4\n", "3: empty id"},
      {"id,lon,lat\n\"  \",3,4\n", "2: empty id"},
      {"lon,lat,id\n1,2\n", "2: empty id"},  // the row stops before its id
  });
}

TEST_CASE("points: a point with nothing to place it by", "[io][points]") {
  Reader().expect({
      {"id,lon,lat,osm_id\na,1,2\nb\n", "3: no lon/lat, osm_id or node for point 'b'"},
      {"id,lon,lat\na,1\n", "2: point 'a': give both lon and lat, or neither"},
  });
}

TEST_CASE("points: no points", "[io][points]") {
  Reader().expect({
      {"id,lon,lat\n", "1: no points: the file has a header only"},
      {"\n\nid,lon,lat\r\n\r\n  \n", "3: no points: the file has a header only"},
      {"", "1: empty points file (no header)"},
      {"\xEF\xBB\xBF\r\n", "1: empty points file (no header)"},
  });
}

TEST_CASE("points: a huge value gives a short message", "[io][points]") {
  Reader r;
  const std::string id(100000, 'x');
  const std::string m = r.error("id,lon,lat\n" + id + ",1,2\n" + id + ",1,2\n");
  CHECK(m == "3: point id '" + std::string(60, 'x') + "...' given twice (first on line 2)");
  CHECK(r.error("id,lon,lat\na," + std::string(5000, '9') + "z,1\n") ==
        "2: lon '" + std::string(60, '9') + "...' is not a number (decimal degrees, like 12.5)");
}
