// geometry: and runs_over: on lines and links: both forms, and every refusal with its place.
#include <catch2/catch.hpp>

#include "io_test_support.hpp"
#include "reachplan/io/load.hpp"

using namespace io_test;

namespace {

// Near the equator, one stop every 0.1 degree; e lies 22 km off the a-b-c-d course.
const std::string geo_nodes = R"(nodes:
  - {id: a, lon: 0, lat: 0}
  - {id: b, lon: 0.1, lat: 0.1}
  - {id: c, lon: 0.2, lat: 0.1}
  - {id: d, lon: 0.3, lat: 0.1}
  - {id: e, lon: 0.1, lat: 0.3}
modes:
  - {id: rail, speed_kmh: 60}
lines:
)";

const std::string bent = "[[0, 0], [0, 0.1], [0.1, 0.1], [0.2, 0.1], [0.3, 0.1]]";

reachplan::model::Network load_lines(const TempDir& tmp, const std::string& lines) {
  return network(tmp.write("net.yaml", geo_nodes + lines));
}

}  // namespace

TEST_CASE("geometry as a list and as WKT give the same vertices on lines and links", "[io]") {
  TempDir tmp;
  const auto n = load_lines(tmp, "  - {id: l1, mode: rail, stops: [a, b, c, d], geometry: " + bent +
                                     "}\n"
                                     "  - {id: l2, mode: rail, stops: [a, b, c, d], geometry: "
                                     "'LINESTRING (0 0, 0 0.1, 0.1 0.1, 0.2 0.1, 0.3 0.1)'}\n"
                                     "links:\n"
                                     "  - {id: k1, mode: rail, from: a, to: b,"
                                     " geometry: [[0, 0], [0, 0.1], [0.1, 0.1]]}\n");
  const auto& l1 = n.find_line("l1")->geometry;
  REQUIRE(l1.size() == 5);
  CHECK(l1[1] == std::array<double, 2>{0, 0.1});
  CHECK(l1[4] == std::array<double, 2>{0.3, 0.1});
  CHECK(n.find_line("l2")->geometry == l1);
  CHECK(n.find_line("k1")->geometry.size() == 3);
  CHECK(n.find_line("l1")->runs_over.empty());
}

TEST_CASE("runs_over names the tracks of a service", "[io]") {
  TempDir tmp;
  const auto n = load_lines(tmp,
                            "  - {id: t1, mode: rail, stops: [a, b, c]}\n"
                            "  - {id: t2, mode: rail, stops: [c, d]}\n"
                            "  - {id: s, mode: rail, stops: [a, c, d], runs_over: [t1, t2]}\n");
  CHECK(n.find_line("s")->runs_over == std::vector<std::string>{"t1", "t2"});
  CHECK(n.find_line("t1")->runs_over.empty());
}

TEST_CASE("a bad geometry or runs_over is refused with its place and value", "[io]") {
  struct Case {
    const char* name;
    std::string line;     // one entry of lines:
    std::string needle;   // where the error points
    std::string message;  // key path and what
  };
  const std::vector<Case> cases = {
      {"out of order", "  - {id: x, mode: rail, stops: [a, c, b, d], geometry: " + bent + "}\n",
       "[[0, 0]",
       "lines[0].geometry: stop 'b' (stops[2]) is not met after stop 'c' (stops[1]) along the "
       "geometry: the geometry passes the stops in the order they are listed (stop at "},
      {"stop far from the line",
       "  - {id: x, mode: rail, stops: [a, e, d], geometry: " + bent + "}\n", "[[0, 0]",
       "lines[0].geometry: stop 'e' (stops[1]) is 22.2 km from the geometry (at most 5.0 km): "
       "the geometry passes every stop"},
      {"first vertex far from the first stop",
       "  - {id: x, mode: rail, stops: [b, d], geometry: " + bent + "}\n", "[[0, 0]",
       "lines[0].geometry: the geometry's first vertex is 15.7 km from the first stop, stop 'b' "
       "(stops[0]) (at most 5.0 km)"},
      {"last vertex far from the last stop",
       "  - {id: x, mode: rail, stops: [a, c], geometry: " + bent + "}\n", "[[0, 0]",
       "lines[0].geometry: the geometry's last vertex is 11.1 km from the last stop, stop 'c' "
       "(stops[1]) (at most 5.0 km)"},
      {"one vertex", "  - {id: x, mode: rail, stops: [a, d], geometry: [[0, 0]]}\n", "[[0, 0]]",
       "lines[0].geometry: a geometry needs at least 2 vertices (the first and the last stop), "
       "got 1"},
      {"one vertex in WKT",
       "  - {id: x, mode: rail, stops: [a, d], geometry: 'LINESTRING (0 0)'}\n", "'LINESTRING",
       "lines[0].geometry: a geometry needs at least 2 vertices (the first and the last stop), "
       "got 1"},
      {"bad WKT", "  - {id: x, mode: rail, stops: [a, d], geometry: 'LINESTRIN (0 0, 1 1)'}\n",
       "'LINESTRIN",
       "lines[0].geometry: not a WKT geometry 'LINESTRIN (0 0, 1 1)': write LINESTRING (lon lat, "
       "lon lat, ...)"},
      {"WKT of another type", "  - {id: x, mode: rail, stops: [a, d], geometry: 'POINT (0 0)'}\n",
       "'POINT", "lines[0].geometry: geometry is a Point, not a LINESTRING (value 'POINT (0 0)')"},
      {"WKT vertex out of range",
       "  - {id: x, mode: rail, stops: [a, d], geometry: 'LINESTRING (0 0, 0.3 95)'}\n",
       "'LINESTRING",
       "lines[0].geometry: vertex 1 (0.300000 95.000000) of the geometry is not a lon/lat in "
       "[-180, 180] degrees / "
       "[-90, 90] degrees"},
      {"list vertex out of range",
       "  - {id: x, mode: rail, stops: [a, d], geometry: [[0, 0], [200, 0.1]]}\n", "200",
       "lines[0].geometry[1][0]: must be in [-180, 180] degrees (value '200')"},
      {"NaN vertex", "  - {id: x, mode: rail, stops: [a, d], geometry: [[0, 0], [.nan, 0.1]]}\n",
       ".nan", "lines[0].geometry[1][0]: expected a finite number, got '.nan'"},
      {"a vertex of three numbers",
       "  - {id: x, mode: rail, stops: [a, d], geometry: [[0, 0, 5], [0.3, 0.1]]}\n", "[0, 0, 5]",
       "lines[0].geometry[0]: a vertex is [lon, lat], got 3 number(s)"},
      {"unknown runs_over id",
       "  - {id: t1, mode: rail, stops: [a, b]}\n"
       "  - {id: x, mode: rail, stops: [a, b], runs_over: [t2]}\n",
       "t2", "lines[1].runs_over[0]: unknown line 't2' (did you mean 't1'?)"},
      {"runs_over itself", "  - {id: x, mode: rail, stops: [a, b], runs_over: [x]}\n", "x]",
       "lines[0].runs_over[0]: line 'x' cannot run over itself"},
      {"runs_over a service",
       "  - {id: t1, mode: rail, stops: [a, b]}\n"
       "  - {id: s1, mode: rail, stops: [a, b], runs_over: [t1]}\n"
       "  - {id: x, mode: rail, stops: [a, b], runs_over: [s1]}\n",
       "s1]",
       "lines[2].runs_over[0]: line 's1' is itself a service (it runs over t1): runs_over names "
       "the physical lines"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      const std::string text = geo_nodes + c.line;
      const auto path = tmp.write("net.yaml", text);
      REQUIRE_INPUT_ERROR(network(path), "net.yaml:" + at(text, c.needle) + ": " + c.message);
    }
  }
}

TEST_CASE("a scenario's edits set and clear geometry and runs_over and check them resolved",
          "[io]") {
  TempDir tmp;
  tmp.write("net.yaml", geo_nodes +
                            "  - {id: t1, mode: rail, stops: [a, b, c, d]}\n"
                            "  - {id: s, mode: rail, stops: [a, d], runs_over: [t1]}\n");
  const std::string head = "scenario:\n  networks: [net.yaml]\n";
  const std::string edit = head + "  modify:\n    lines:\n      - {id: t1, geometry: " + bent +
                           "}\n      - {id: s, runs_over: []}\n"
                           "  add:\n    lines:\n      - {id: n, mode: rail, stops: [a, b], "
                           "geometry: 'LINESTRING (0 0, 0 0.1, 0.1 0.1)', runs_over: [t1]}\n";
  const auto s = scenario(tmp.write("edit.yaml", edit));
  CHECK(s.network.find_line("t1")->geometry.size() == 5);
  CHECK(s.network.find_line("s")->runs_over.empty());
  CHECK(s.network.find_line("n")->runs_over == std::vector<std::string>{"t1"});
  CHECK(s.network.find_line("n")->geometry.size() == 3);

  // A modify that moves the stops off the geometry: the geometry's own place is named.
  const std::string moved =
      head + "  modify:\n    lines:\n      - {id: t1, geometry: " + bent + ", stops: [a, e, d]}\n";
  REQUIRE_INPUT_ERROR(scenario(tmp.write("moved.yaml", moved)),
                      "moved.yaml:" + at(moved, "[[0, 0]") +
                          ": scenario.modify.lines[0].geometry: stop 'e' (stops[1]) is 22.2 km");

  // Removing a track a service still runs over: the error is at the service's runs_over.
  const std::string removed = head + "  remove: {lines: [t1]}\n";
  const auto net_path = tmp.path("net.yaml");
  const std::string net_text = geo_nodes + "  - {id: t1, mode: rail, stops: [a, b, c, d]}\n" +
                               "  - {id: s, mode: rail, stops: [a, d], runs_over: [t1]}\n";
  REQUIRE_INPUT_ERROR(scenario(tmp.write("removed.yaml", removed)),
                      net_path + ":" + at(net_text, "t1]") +
                          ": lines[1].runs_over[0]: line 't1' is "
                          "removed (at " +
                          tmp.path("removed.yaml") + ":" + at(removed, "t1]") +
                          ") but 's' still runs over it");
}
