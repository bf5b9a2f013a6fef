// Test fixture: five rail places on a line plus an isolated one (minutes exact: segment_min, no
// waits), and a 60 x 40 grid of 1 km cells with the places set in grid metres (no GDAL: the
// surface code only sees grid coordinates). Shared by the surface and every-cell tests.
#pragma once

#include <string>

#include "reachplan/analysis/grid.hpp"

namespace reachplan::test {

inline const std::string rail_line_places = R"(
mode rail access_min=5
node a 0 0 population=1000
node b 1 0 population=500
node c 2 0 population=2000
node d 3 0
node e 4 0 population=800
node z 9 9 population=50
line r1 rail a b c segment_min=20,25
line r2 rail c d e segment_min=15,40 oneway=true
)";

inline analysis::Grid rail_line_grid() {
  analysis::Grid g;
  g.x0 = 0;
  g.y0 = 40000;
  g.cell = 1000;
  g.width = 60;
  g.height = 40;
  g.node_x = {5200, 15800, 27300, 38100, 51000, 58000};
  g.node_y = {20100, 21000, 19500, 25200, 18000, 3000};
  return g;
}

}  // namespace reachplan::test
