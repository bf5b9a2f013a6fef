#include "reachplan/io/grid_frame.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/gdal_session.hpp"
#include "reachplan/io/gdal_srs.hpp"

namespace reachplan::io {

namespace {

using core::fixed_decimals;

std::string wkt_of(const OGRSpatialReference& srs) {
  char* text = nullptr;
  if (srs.exportToWkt(&text) != OGRERR_NONE || !text) {
    CPLFree(text);
    throw core::UsageError("cannot express the grid's CRS as WKT: " +
                           std::string(CPLGetLastErrorMsg()));
  }
  std::string s = text;
  CPLFree(text);
  return s;
}

// A box grown point by point.
struct Box {
  double x_min = std::numeric_limits<double>::infinity();
  double y_min = std::numeric_limits<double>::infinity();
  double x_max = -std::numeric_limits<double>::infinity();
  double y_max = -std::numeric_limits<double>::infinity();
  void add(double x, double y) {
    x_min = std::min(x_min, x);
    x_max = std::max(x_max, x);
    y_min = std::min(y_min, y);
    y_max = std::max(y_max, y);
  }
  model::GridBox plain() const { return {x_min, y_min, x_max, y_max}; }
};

class Projector {
 public:
  Projector(const OGRSpatialReference& from, const OGRSpatialReference& to)
      : ct_(OGRCreateCoordinateTransformation(&from, &to)) {
    if (!ct_)
      throw core::UsageError("cannot transform WGS84 lon/lat to the grid's CRS: " +
                             std::string(CPLGetLastErrorMsg()));
  }
  // Projects in place; throws if any point fails.
  void run(std::vector<double>& x, std::vector<double>& y, const std::string& what) {
    if (x.empty()) return;
    std::vector<int> ok(x.size(), FALSE);
    if (!ct_->Transform(x.size(), x.data(), y.data(), nullptr, ok.data()) ||
        std::find(ok.begin(), ok.end(), FALSE) != ok.end())
      throw core::UsageError("cannot project " + what +
                             " to the grid's CRS: " + std::string(CPLGetLastErrorMsg()));
  }

 private:
  std::unique_ptr<OGRCoordinateTransformation> ct_;
};

void check_grid_spec(std::size_t points, const model::GridSpec& gs, const std::string& what) {
  if (points == 0) throw core::UsageError("the " + what + " has no nodes to build a grid around");
  if (!(gs.resolution_m > 0) || !std::isfinite(gs.resolution_m))
    throw core::UsageError("the grid resolution must be > 0 metres (got " +
                           fixed_decimals(gs.resolution_m, 3) + ")");
  if (gs.extent) {
    const auto& e = *gs.extent;
    if (e.size() != 4 || !(e[0] < e[2]) || !(e[1] < e[3]) || e[0] < -180 || e[2] > 180 ||
        e[1] < -90 || e[3] > 90)
      throw core::UsageError(
          "the extent must be lon_min,lat_min,lon_max,lat_max in WGS84 degrees with min < max");
  }
}

// The lon/lat box the grid should cover (and the auto CRS is fitted to).
Box lonlat_box(const std::vector<double>& lon, const std::vector<double>& lat,
               const model::GridSpec& gs) {
  Box ll;
  if (gs.extent) {
    ll.add((*gs.extent)[0], (*gs.extent)[1]);
    ll.add((*gs.extent)[2], (*gs.extent)[3]);
  } else {
    for (std::size_t i = 0; i < lon.size(); ++i) ll.add(lon[i], lat[i]);
  }
  return ll;
}

// The grid's CRS (gs.crs, or an equal-area one fitted to `ll`) into f: WKT, name, units.
OGRSpatialReference choose_crs(GridFrame& f, const model::GridSpec& gs, const Box& ll) {
  OGRSpatialReference target;
  if (gs.crs.empty()) {
    f.crs_wkt = equal_area_crs_for(ll.x_min, ll.y_min, ll.x_max, ll.y_max);
    target = srs_from_wkt(f.crs_wkt);
  } else {
    if (target.SetFromUserInput(gs.crs.c_str()) != OGRERR_NONE)
      throw core::UsageError("GDAL cannot read the CRS '" + gs.crs + "': " + CPLGetLastErrorMsg());
    if (!target.IsProjected())
      throw core::UsageError("the CRS '" + gs.crs +
                             "' is not projected; the grid needs metres (a UTM zone or an "
                             "equal-area CRS such as the default Albers)");
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    f.crs_wkt = wkt_of(target);
  }
  f.crs_name = target.GetName() ? target.GetName() : "";
  f.metres_per_unit = target.GetLinearUnits();
  if (!(f.metres_per_unit > 0)) f.metres_per_unit = 1.0;
  return target;
}

// The projected box to cover: the extent's edges, densified (straight lon/lat edges are curves
// in a conic projection), or the projected nodes plus the margin.
Box projected_box(const GridFrame& f, const model::GridSpec& gs, const Box& ll,
                  Projector& to_grid) {
  Box box;
  if (gs.extent) {
    std::vector<double> x, y;
    constexpr int steps = 32;
    for (int i = 0; i <= steps; ++i) {
      const double t = static_cast<double>(i) / steps;
      const double lon = ll.x_min + t * (ll.x_max - ll.x_min);
      const double lat = ll.y_min + t * (ll.y_max - ll.y_min);
      for (auto [px, py] : {std::pair{lon, ll.y_min}, std::pair{lon, ll.y_max},
                            std::pair{ll.x_min, lat}, std::pair{ll.x_max, lat}}) {
        x.push_back(px);
        y.push_back(py);
      }
    }
    to_grid.run(x, y, "the extent");
    for (std::size_t i = 0; i < x.size(); ++i) box.add(x[i], y[i]);
  } else {
    for (std::size_t i = 0; i < f.node_x.size(); ++i) box.add(f.node_x[i], f.node_y[i]);
    const double margin = gs.margin_km * 1000.0 / f.metres_per_unit;
    box.x_min -= margin;
    box.y_min -= margin;
    box.x_max += margin;
    box.y_max += margin;
  }
  return box;
}

}  // namespace

std::string equal_area_crs_for(double lon_min, double lat_min, double lon_max, double lat_max) {
  ensure_gdal();
  const double lon0 = (lon_min + lon_max) / 2, lat0 = (lat_min + lat_max) / 2;
  const double range = lat_max - lat_min;
  const double lat1 = lat_min + range / 6, lat2 = lat_max - range / 6;
  constexpr double deg = 3.14159265358979323846 / 180;
  OGRSpatialReference srs;
  const auto ok = [](OGRErr err) {
    if (err != OGRERR_NONE)
      throw core::UsageError("cannot build an equal-area CRS for the extent: " +
                             std::string(CPLGetLastErrorMsg()));
  };
  ok(srs.SetWellKnownGeogCS("WGS84"));
  if (std::abs(std::sin(lat1 * deg) + std::sin(lat2 * deg)) < 0.01) {
    ok(srs.SetProjCS(("reachplan Lambert azimuthal equal-area, centre " + fixed_decimals(lon0, 3) +
                      " " + fixed_decimals(lat0, 3))
                         .c_str()));
    ok(srs.SetLAEA(lat0, lon0, 0, 0));
  } else {
    ok(srs.SetProjCS(("reachplan Albers equal-area, lon0 " + fixed_decimals(lon0, 3) +
                      ", parallels " + fixed_decimals(lat1, 3) + " " + fixed_decimals(lat2, 3))
                         .c_str()));
    ok(srs.SetACEA(lat1, lat2, lat0, lon0, 0, 0));
  }
  ok(srs.SetLinearUnits(SRS_UL_METER, 1.0));
  return wkt_of(srs);
}

GridFrame grid_frame(const std::vector<double>& lon, const std::vector<double>& lat,
                     const model::GridSpec& gs, const std::string& what) {
  ensure_gdal();
  QuietGdal quiet;
  check_grid_spec(lon.size(), gs, what);
  const Box ll = lonlat_box(lon, lat, gs);
  GridFrame f;
  const OGRSpatialReference target = choose_crs(f, gs, ll);
  Projector to_grid(wgs84(), target);
  f.node_x = lon;
  f.node_y = lat;
  to_grid.run(f.node_x, f.node_y, "the nodes");
  f.lonlat = ll.plain();
  f.box = projected_box(f, gs, ll, to_grid).plain();
  return f;
}

GridFrame grid_frame(const model::Scenario& scenario, const model::GridSpec& gs) {
  std::vector<double> lon, lat;
  for (const auto& n : scenario.network.nodes) {
    lon.push_back(n.lon);
    lat.push_back(n.lat);
  }
  return grid_frame(lon, lat, gs, "scenario");
}

void project_lonlat(std::vector<double>& x, std::vector<double>& y, const std::string& crs_wkt,
                    const std::string& what) {
  ensure_gdal();
  QuietGdal quiet;
  Projector to_grid(wgs84(), srs_from_wkt(crs_wkt));
  to_grid.run(x, y, what);
}

}  // namespace reachplan::io
