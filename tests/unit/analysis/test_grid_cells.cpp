// lay_cells and nodes_inside: the plain-number part of building the analysis grid.
#include <catch2/catch.hpp>

#include "reachplan/analysis/grid.hpp"
#include "reachplan/core/error.hpp"

using namespace reachplan;

TEST_CASE("cells are laid over a box with edges snapped out to whole cells", "[grid]") {
  analysis::Grid g;
  analysis::lay_cells(g, {1500, -2500, 7200, 3100}, 1000);
  CHECK(g.cell == 1000);
  CHECK(g.x0 == 1000);   // floor(1.5) cells
  CHECK(g.y0 == 4000);   // ceil(3.1) cells: the top edge
  CHECK(g.width == 7);   // 1000 .. 8000
  CHECK(g.height == 7);  // -3000 .. 4000
  // Nodes: inside, left of the grid, in the top-right cell.
  g.node_x = {1500, 900, 7999};
  g.node_y = {0, 0, 3999};
  CHECK(analysis::nodes_inside(g) == 2);

  // A point still gets one cell; units other than metres scale the cell.
  analysis::Grid p;
  p.metres_per_unit = 0.5;
  analysis::lay_cells(p, {500, 500, 500, 500}, 1000);
  CHECK(p.cell == 2000);
  CHECK(p.width == 1);
  CHECK(p.height == 1);
  CHECK(p.x0 == 0);
  CHECK(p.y0 == 2000);
}

TEST_CASE("a grid of more than 64 million cells is refused", "[grid]") {
  analysis::Grid g;
  CHECK_THROWS_AS(analysis::lay_cells(g, {0, 0, 1e7, 1e7}, 1), core::UsageError);
  CHECK_THROWS_WITH(analysis::lay_cells(g, {0, 0, 1e7, 1e7}, 1),
                    Catch::Contains("a grid of 10000000 x 10000000 cells at 1 m is too large"));
  CHECK_NOTHROW(analysis::lay_cells(g, {0, 0, 8000, 8000}, 1));  // exactly 64 million
  CHECK(g.cell_count() == 64000000u);
}
