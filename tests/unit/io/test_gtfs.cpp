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

using namespace reachplan;
namespace fs = std::filesystem;

namespace {

const std::string tiny = std::string(REACHPLAN_TEST_DATA) + "/gtfs/tiny";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of the tiny feed in a scratch folder with one file replaced.
std::string broken(const std::string& name, const std::string& file, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("reachplan-gtfs-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(tiny))
    fs::copy_file(e.path(), dir / e.path().filename());
  if (text.empty())
    fs::remove(dir / file);
  else
    std::ofstream(dir / file, std::ios::binary) << text;
  return dir.string();
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
  const fs::path zip = fs::temp_directory_path() / "reachplan-gtfs-tiny.zip";
  fs::remove(zip);
  for (const auto& e : fs::directory_iterator(tiny)) {
    const std::string text = slurp(e.path());
    const std::string member = "/vsizip/" + zip.string() + "/" + e.path().filename().string();
    VSILFILE* f = VSIFOpenL(member.c_str(), "wb");
    REQUIRE(f);
    VSIFWriteL(text.data(), 1, text.size(), f);
    VSIFCloseL(f);
  }
  const auto from_zip = io::timetable_on(io::read_gtfs(zip.string()), "2024-05-02");
  const auto from_folder = io::timetable_on(io::read_gtfs(tiny), "2024-05-02");
  REQUIRE(from_zip.trips.size() == from_folder.trips.size());
  for (std::size_t i = 0; i < from_zip.trips.size(); ++i) {
    CHECK(from_zip.trips[i].id == from_folder.trips[i].id);
    CHECK(from_zip.trips[i].departure == from_folder.trips[i].departure);
  }
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
