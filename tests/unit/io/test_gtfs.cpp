// GTFS reading on a hand-drawn feed (tests/data/gtfs/tiny, every expected value worked out in
// its comments) and on broken copies of it: each mistake names the file, the line and the value.
#include <cpl_vsi.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "reachplan/core/error.hpp"
#include "reachplan/io/gtfs.hpp"
#include "unit/support/gtfs_copy.hpp"

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

using gtfs_test::slurp;
using gtfs_test::tiny;

// A copy of the tiny feed in a scratch folder with one file replaced ("" removes it).
std::string broken(const std::string& name, const std::string& file, const std::string& text) {
  return gtfs_test::tiny_with(name, {{file, text}});
}

// Writes the tables of the feed folder `feed` into the zip at `zip`, under `folder` ("" for the
// root).
void zip_tiny(const fs::path& zip, const std::string& folder, const std::string& feed = tiny) {
  for (const auto& e : fs::directory_iterator(feed)) {
    const std::string text = slurp(e.path());
    const std::string member =
        "/vsizip/" + zip.string() + "/" + folder + e.path().filename().string();
    VSILFILE* f = VSIFOpenL(member.c_str(), "wb");
    REQUIRE(f);
    VSIFWriteL(text.data(), 1, text.size(), f);
    VSIFCloseL(f);
  }
}

const model::TransitTrip* find_trip(const model::Timetable& t, const std::string& id) {
  for (const auto& trip : t.trips)
    if (trip.id == id) return &trip;
  return nullptr;
}

}  // namespace

TEST_CASE("GTFS times, dates and service days", "[io][gtfs]") {
  model::DaySeconds s = 0;
  CHECK(io::parse_gtfs_time("08:03:00", s));
  CHECK(s == 8 * 3600 + 180);
  CHECK(io::parse_gtfs_time("7:05:09", s));
  CHECK(s == 7 * 3600 + 309);
  CHECK(io::parse_gtfs_time("25:10:00", s));  // past midnight keeps counting
  CHECK(s == 90600);
  for (const char* bad : {"8:0:00", "08:60:00", "08:00", "08:00:00 ", "-1:00:00", "", "x"})
    CHECK_FALSE(io::parse_gtfs_time(bad, s));
  CHECK(io::gtfs_date("2024-05-01") == 20240501);
  CHECK_THROWS_WITH(io::gtfs_date("2024-02-30"), Catch::Contains("not a day"));
  CHECK_THROWS_WITH(io::gtfs_date("20240501"), Catch::Contains("YYYY-MM-DD"));
  io::GtfsService wk;
  wk.start = 20240101;
  wk.end = 20241231;
  wk.weekdays = {true, true, true, true, true, false, false};
  wk.removed = {20240501};
  CHECK(io::runs_on(wk, 20240502));        // Thursday
  CHECK_FALSE(io::runs_on(wk, 20240504));  // Saturday
  CHECK_FALSE(io::runs_on(wk, 20240501));  // removed (a holiday)
  CHECK_FALSE(io::runs_on(wk, 20250102));  // after end_date
}

TEST_CASE("a hand-drawn GTFS feed, read and cut to a service day", "[io][gtfs]") {
  const auto feed = io::read_gtfs(tiny);
  CHECK(feed.agencies == std::vector<std::string>{"Tiny Transit"});  // " agency_name" trimmed
  REQUIRE(feed.all.stops.size() == 3);
  CHECK(feed.all.stops[0].id == "A");  // after the byte order mark, columns by name
  CHECK(feed.all.stops[0].name == "Alpha, main");
  CHECK(feed.all.stops[2].lon == Approx(0.03));
  CHECK(feed.all.routes[1].short_name == "2");
  CHECK(feed.all.routes[0].type == 0);
  CHECK(feed.interpolated_times == 1);

  // Thursday 2 May 2024: the weekday trips t1, t2 and the frequency trip f1 at 06:00, 06:20 and
  // 06:40 (headway 1200 s until 07:00, excluded).
  const auto thu = io::timetable_on(feed, "2024-05-02");
  std::vector<std::string> ids;
  for (const auto& t : thu.trips) ids.push_back(t.id);
  CHECK(ids == std::vector<std::string>{"t1", "t2", "f1#06:00:00", "f1#06:20:00", "f1#06:40:00"});
  // t1: B has no times; A-B is a third of A-C (0.01 of 0.03 degrees on the equator), so B is
  // a third of the way from 08:00 to 08:09: 08:03.
  const auto* t1 = find_trip(thu, "t1");
  REQUIRE(t1);
  CHECK(t1->arrival == std::vector<model::DaySeconds>{28800, 28980, 29340});
  // t2 runs past midnight: 23:50, 24:05, 24:10.
  CHECK(find_trip(thu, "t2")->departure == std::vector<model::DaySeconds>{85800, 86700, 87000});
  CHECK(find_trip(thu, "t2")->block == "b1");
  // The template's 10 minutes, from each departure.
  CHECK(find_trip(thu, "f1#06:20:00")->arrival == std::vector<model::DaySeconds>{22800, 23400});

  // Wednesday 1 May 2024, a holiday: WK removed, HOL added; t3's calls sorted by sequence.
  const auto wed = io::timetable_on(feed, "2024-05-01");
  REQUIRE(wed.trips.size() == 1);
  CHECK(wed.trips[0].id == "t3");
  CHECK(wed.trips[0].stops == std::vector<core::Index>{0, 2});
  CHECK(io::timetable_on(feed, "2024-05-04").trips.empty());  // Saturday
}

TEST_CASE("a GTFS zip reads as its folder", "[io][gtfs]") {
  const auto from_folder = io::timetable_on(io::read_gtfs(tiny), "2024-05-02");
  // In the archive's root, and in one folder (a feed zipped with its folder).
  for (const std::string folder : {"", "tiny-2024/"}) {
    INFO("folder '" << folder << "'");
    const fs::path zip = fs::temp_directory_path() / "reachplan-gtfs-tiny.zip";
    fs::remove(zip);
    zip_tiny(zip, folder);
    const auto feed = io::read_gtfs(zip.string());
    CHECK(feed.shapes.size() == 2);
    const auto from_zip = io::timetable_on(feed, "2024-05-02");
    REQUIRE(from_zip.trips.size() == from_folder.trips.size());
    for (std::size_t i = 0; i < from_zip.trips.size(); ++i) {
      CHECK(from_zip.trips[i].id == from_folder.trips[i].id);
      CHECK(from_zip.trips[i].departure == from_folder.trips[i].departure);
    }
  }
}

TEST_CASE("a file that is no zip, or a zip of two feeds, is no GTFS feed", "[io][gtfs]") {
  const fs::path dir = fs::temp_directory_path() / "reachplan-gtfs-not-zip";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string text = (dir / "feed.zip").string(), empty = (dir / "empty.zip").string();
  std::ofstream(text) << "stop_id,stop_lat,stop_lon\nA,0,0\n";  // a table renamed .zip
  std::ofstream{empty};
  CHECK_THROWS_WITH(io::read_gtfs(text),
                    text + ": not a GTFS feed (neither a folder nor a zip archive)");
  CHECK_THROWS_WITH(io::read_gtfs(empty),
                    empty + ": not a GTFS feed (neither a folder nor a zip archive)");

  const fs::path two = dir / "two.zip";
  zip_tiny(two, "north/");
  zip_tiny(two, "south/");
  CHECK_THROWS_WITH(io::read_gtfs(two.string()),
                    Catch::Contains("stops.txt is in 2 folders of the zip archive (north/, "
                                    "south/); zip one feed per archive"));
  // A table missing beside the zipped folder's stops.txt: the message says where it looked.
  const fs::path part = dir / "part.zip";
  zip_tiny(part, "feed/", broken("zipped-no-agency", "agency.txt", ""));
  CHECK_THROWS_WITH(io::read_gtfs(part.string()),
                    Catch::Contains("part.zip: not a GTFS feed: it has no agency.txt in feed/, the "
                                    "folder of its stops.txt"));
  // A mistake in a zipped folder names the member where it is.
  const fs::path one = dir / "one.zip";
  zip_tiny(one, "tiny/",
           broken("zipped-shapes", "shapes.txt",
                  "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\nS1,0,x,1\n"));
  CHECK_THROWS_WITH(io::read_gtfs(one.string()),
                    Catch::Contains("one.zip:tiny/shapes.txt:2: shape_pt_lon 'x' is not a number"));
}

TEST_CASE("a broken GTFS feed names the file, the line and the value", "[io][gtfs]") {
  const std::string st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  const auto fails = [](const std::string& path, const std::string& what) {
    CHECK_THROWS_WITH(io::read_gtfs(path), Catch::Contains(what));
  };
  fails(broken("no-stops", "stops.txt", ""), "has no stops.txt");
  fails(broken("unknown-stop", "stop_times.txt",
               st + "t1,08:00:00,08:00:00,A,1\nt1,08:09:00,08:09:00,Q,2\n"),
        "stop_times.txt:3: unknown stop_id 'Q'");
  fails(broken("bad-time", "stop_times.txt", st + "t1,8:0:00,08:00:00,A,1\n"),
        "stop_times.txt:2: arrival_time '8:0:00' is not a time H:MM:SS");
  fails(broken("backwards", "stop_times.txt",
               st + "t1,08:00:00,08:00:00,A,1\nt1,07:59:00,07:59:00,C,2\n"),
        "stop_times.txt:3: arrival before the previous call's departure (line 2)");
  fails(broken("untimed-end", "stop_times.txt", st + "t1,08:00:00,08:00:00,A,1\nt1,,,C,2\n"),
        "stop_times.txt:3: a trip's last call needs a time");
  fails(broken("dup-trip", "trips.txt", "route_id,service_id,trip_id\nR1,WK,t1\nR1,WK,t1\n"),
        "trips.txt:3: trip_id 't1' given twice (first on line 2)");
  fails(broken("unknown-service", "trips.txt", "route_id,service_id,trip_id\nR1,WEEK,t1\n"),
        "trips.txt:2: unknown service_id 'WEEK'");
  fails(broken("bad-lat", "stops.txt", "stop_id,stop_lat,stop_lon\nA,91,0\n"),
        "stops.txt:2: stop_lat '91' is not a number in [-90, 90]");
  fails(broken("no-column", "routes.txt", "route_id,route_short_name\nR1,1\n"),
        "missing required column 'route_type'");
  fails(broken("bad-quote", "stops.txt", "stop_id,stop_lat,stop_lon,stop_name\nA,0,0,\"Alpha\n"),
        "stops.txt:2: unclosed quote");
  fails(
      broken("calendar-clash", "calendar.txt",
             "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,"
             "end_date\nWK,1,1,1,1,1,0,0,20240101,20241231\nWK,1,1,1,1,1,1,1,20240101,20241231\n"),
      "calendar.txt:3: service_id 'WK' given twice with different days");
  fails(broken("bad-date", "calendar_dates.txt", "service_id,date,exception_type\nWK,20240230,2\n"),
        "calendar_dates.txt:2: date '20240230' is not a date YYYYMMDD");
  fails((fs::temp_directory_path() / "reachplan-no-such-feed.zip").string(), "No such file");
}

TEST_CASE("GTFS shapes: points in sequence order, trips that follow them", "[io][gtfs]") {
  const auto feed = io::read_gtfs(tiny);
  REQUIRE(feed.shapes.size() == 2);
  // S1 by shape_pt_sequence 10, 20, 30, 40, 50, 60: the row of 40 comes last in the file.
  CHECK(feed.shapes.at("S1") ==
        io::GtfsShape{
            {0.0, 0.0}, {0.005, 0.002}, {0.01, 0.0}, {0.015, 0.0005}, {0.02, 0.003}, {0.03, 0.0}});
  CHECK(feed.shapes.at("S2") == io::GtfsShape{{0.0, 0.0}, {0.03, 0.001}});
  CHECK(feed.trip_shapes == std::map<std::string, std::string>{{"t1", "S1"}, {"t2", "S1"}});
  CHECK(io::feed_trip_id(feed, "f1#06:20:00") == "f1");
  CHECK(io::feed_trip_id(feed, "t1") == "t1");
  CHECK(io::feed_trip_id(feed, "t1#06:20:00") == "t1#06:20:00");  // t1 is no template
  CHECK(io::feed_trip_id(feed, "f1#6:20") == "f1#6:20");          // no tag of ours

  // Without shapes.txt the trips' shape_id are not read: there is nothing they could name.
  const auto bare = io::read_gtfs(broken("no-shapes", "shapes.txt", ""));
  CHECK(bare.shapes.empty());
  CHECK(bare.trip_shapes.empty());
}

TEST_CASE("a broken shapes.txt names the file, the line and the value", "[io][gtfs]") {
  const std::string head = "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n";
  const auto fails = [](const std::string& path, const std::string& what) {
    CHECK_THROWS_WITH(io::read_gtfs(path), Catch::Contains(what));
  };
  fails(broken("shape-lat", "shapes.txt", head + "S1,0,0,1\nS1,91,0.03,2\n"),
        "shapes.txt:3: shape_pt_lat '91' is not a number in [-90, 90]");
  fails(broken("shape-lon", "shapes.txt", head + "S1,0,east,1\nS1,0,0.03,2\n"),
        "shapes.txt:2: shape_pt_lon 'east' is not a number in [-180, 180]");
  fails(broken("shape-seq", "shapes.txt", head + "S1,0,0,1\nS1,0,0.03,1.5\n"),
        "shapes.txt:3: shape_pt_sequence '1.5' is not a whole number");
  fails(broken("shape-dup", "shapes.txt", head + "S1,0,0,1\nS2,0,0,1\nS1,0,0.03,1\n"),
        "shapes.txt:4: shape_pt_sequence 1 given twice for shape 'S1' (line 2)");
  fails(broken("shape-one", "shapes.txt", head + "S1,0,0,1\nS1,0,0.03,2\nS9,0,0,7\n"),
        "shapes.txt:4: shape 'S9' has 1 point; a shape needs 2");
  fails(broken("shape-column", "shapes.txt", "shape_id,shape_pt_lat,shape_pt_lon\nS1,0,0\n"),
        "missing required column 'shape_pt_sequence'");
  fails(broken("shape-unknown", "trips.txt",
               "route_id,service_id,trip_id,shape_id\nR1,WK,t1,S1\nR1,WK,t2,S3\n"),
        "trips.txt:3: unknown shape_id 'S3' (not in shapes.txt)");
}

namespace Catch {
template <>
struct StringMaker<io::GtfsTransfer> {
  static std::string convert(const io::GtfsTransfer& t) {
    return "{" + std::to_string(t.from) + " -> " + std::to_string(t.to) + ", type " +
           std::to_string(t.type) + ", " + std::to_string(t.min_seconds) + " s}";
  }
};
}  // namespace Catch

namespace {

const std::string transfers_head =
    "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id,to_trip_id,"
    "from_route_id\n";

}  // namespace

TEST_CASE("GTFS transfers: stop to stop kept, trip and route rules counted", "[io][gtfs]") {
  CHECK(io::read_gtfs(tiny).transfers.empty());  // no transfers.txt
  // Stops A, B, C are 0, 1, 2. Type empty = 0; the last three rows name trips or routes.
  const auto feed = io::read_gtfs(broken("transfers", "transfers.txt",
                                         transfers_head + "A,B,2,120,,,\n"
                                                          "B,A,,,,,\n"
                                                          "B,B,1,,,,\n"
                                                          "C,A,3,,,,\n"
                                                          "C,C,0,60,,,\n"
                                                          "A,C,4,,t1,f1,\n"
                                                          ",,5,,t2,t1,\n"
                                                          "B,C,3,,,,R1\n"));
  const std::vector<io::GtfsTransfer> kept = {
      {0, 1, 2, 120}, {1, 0, 0, 0}, {1, 1, 1, 0}, {2, 0, 3, 0}, {2, 2, 0, 60}};
  CHECK(feed.transfers == kept);
  CHECK(feed.trip_transfers == 2);
  CHECK(feed.specific_transfers == 1);

  // Two feeds: the second's stops come after the first's 3, as timetable_between lays them.
  const std::vector<io::GtfsFeed> feeds = {io::read_gtfs(tiny), feed};
  const auto all = io::transfers_between(feeds);
  REQUIRE(all.size() == kept.size());
  const auto day = io::timetable_between(feeds, "2024-05-02", 0, 86400);
  REQUIRE(day.stops.size() == 6);
  CHECK(all[0] == io::GtfsTransfer{3, 4, 2, 120});
  CHECK(day.stops[all[3].from].id == "C");
  CHECK(day.stops[all[3].to].id == "A");
  CHECK(all[3].from == 5);
  const auto twice = io::transfers_between({feed, feed});
  REQUIRE(twice.size() == 2 * kept.size());
  CHECK(twice[4] == io::GtfsTransfer{2, 2, 0, 60});
  CHECK(twice[kept.size() + 4] == io::GtfsTransfer{5, 5, 0, 60});
}

TEST_CASE("a broken transfers.txt names the file, the line and the value", "[io][gtfs]") {
  const auto fails = [](const std::string& rows, const std::string& what) {
    CHECK_THROWS_WITH(
        io::read_gtfs(broken("transfer-error", "transfers.txt", transfers_head + rows)),
        Catch::Contains(what));
  };
  fails("A,B,2,120,,,\nA,Q,0,,,,\n", "transfers.txt:3: unknown to_stop_id 'Q'");
  fails("Q,B,0,,,,\n", "transfers.txt:2: unknown from_stop_id 'Q'");
  fails(",B,0,,,,\n", "transfers.txt:2: empty from_stop_id");
  fails("A,B,2,,,,\n", "transfers.txt:2: transfer_type 2 needs a min_transfer_time (seconds)");
  fails("A,B,7,,,,\n", "transfers.txt:2: transfer_type '7' is not a whole number in [0, 5]");
  fails("A,B,2,-5,,,\n", "transfers.txt:2: min_transfer_time '-5' is not a whole number");
  fails("A,B,1,,,,\nC,A,0,,,,\nA,B,3,,,,\n",
        "transfers.txt:4: transfer from 'A' to 'B' given twice (first on line 2)");
  fails("A,C,4,,t1,zz,\n", "transfers.txt:2: unknown to_trip_id 'zz'");
  fails("A,Q,4,,t1,f1,\n", "transfers.txt:2: unknown to_stop_id 'Q'");
  fails("A,C,0,,,,R9\n", "transfers.txt:2: unknown from_route_id 'R9'");
  CHECK_THROWS_WITH(
      io::read_gtfs(broken("transfer-column", "transfers.txt", "from_stop_id,to_stop_id\nA,B\n")),
      Catch::Contains("missing required column 'transfer_type'"));
}

TEST_CASE("a frequency window that would build too big a day is refused before it is built",
          "[io][gtfs]") {
  const std::string freq = "trip_id,start_time,end_time,headway_secs\n";
  // Every second for 999 hours: 3 596 400 departures of f1's 2 calls, more than 2 million trips.
  CHECK_THROWS_WITH(
      io::timetable_on(io::read_gtfs(broken("freq-trips", "frequencies.txt",
                                            freq + "f1,00:00:00,999:00:00,1\n")),
                       "2024-05-02"),
      Catch::Contains("frequencies.txt expands to more than 2000000 trips on 2024-05-02 (trip "
                      "'f1', 2 calls, headway 1 s)"));
  // f1 with 2001 calls every minute for 999 hours: 59 940 trips but 120 million calls.
  std::string st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  for (const char* t : {"t1", "t2", "t3"})
    st += std::string(t) + ",08:00:00,08:00:00,A,1\n" + t + ",08:09:00,08:09:00,C,2\n";
  st += "f1,00:00:00,00:00:00,A,1\n";
  for (int i = 2; i <= 2000; ++i)
    st += "f1,,," + std::string(i % 2 ? "B" : "A") + "," + std::to_string(i) + "\n";
  st += "f1,00:10:00,00:10:00,C,2001\n";
  const std::string dir = gtfs_test::tiny_with(
      "freq-calls",
      {{"stop_times.txt", st}, {"frequencies.txt", freq + "f1,00:00:00,999:00:00,60\n"}});
  CHECK_THROWS_WITH(io::timetable_on(io::read_gtfs(dir), "2024-05-02"),
                    Catch::Contains("frequencies.txt expands to more than 20000000 calls on "
                                    "2024-05-02 (trip 'f1', 2001 calls, headway 60 s)"));
  // Within the bounds: every minute for 999 hours of 2 calls, 59 940 trips.
  const auto day = io::timetable_on(
      io::read_gtfs(broken("freq-fine", "frequencies.txt", freq + "f1,00:00:00,999:00:00,60\n")),
      "2024-05-02");
  CHECK(day.trips.size() == 2 + 59940);
}
