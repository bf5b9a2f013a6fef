#include "qgis_project.hpp"

#include "map_render.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "gis_gdal.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output {

namespace {

namespace fs = std::filesystem;
using styles::xml_escape;

struct QgsBox {
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
};

std::string qgs_number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

std::string qgs_srs(const OGRSpatialReference& srs) {
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2018", nullptr};
  srs.exportToWkt(&wkt, options);
  const std::string text = wkt ? wkt : "";
  CPLFree(wkt);
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  const std::string authid = auth && code ? std::string(auth) + ":" + code : "";
  const char* name = srs.GetName();
  return "<spatialrefsys nativeFormat=\"Wkt\"><wkt>" + xml_escape(text) +
         "</wkt><proj4></proj4><srsid>0</srsid><srid>0</srid><authid>" + xml_escape(authid) +
         "</authid><description>" + xml_escape(name ? name : "") +
         "</description><projectionacronym></projectionacronym><ellipsoidacronym>"
         "</ellipsoidacronym><geographicflag>" +
         (srs.IsGeographic() ? "true" : "false") + "</geographicflag></spatialrefsys>";
}

// The nodes' lon/lat box (a margin of 3 % each way) in the project CRS.
QgsBox network_box(const model::Scenario& scenario, const OGRSpatialReference& project) {
  double w = 180, e = -180, s = 90, n = -90;
  for (const auto& node : scenario.network.nodes) {
    w = std::min(w, node.lon), e = std::max(e, node.lon);
    s = std::min(s, node.lat), n = std::max(n, node.lat);
  }
  if (w > e) return {-180, -90, 180, 90};
  const double mx = std::max(0.05, (e - w) * 0.03), my = std::max(0.05, (n - s) * 0.03);
  w -= mx, e += mx, s -= my, n += my;
  const OGRSpatialReference lonlat = io::wgs84();
  if (project.IsSame(&lonlat)) return {w, s, e, n};
  std::unique_ptr<OGRCoordinateTransformation> t(
      OGRCreateCoordinateTransformation(&lonlat, &project));
  QgsBox box;
  if (!t || !t->TransformBounds(w, s, e, n, &box.xmin, &box.ymin, &box.xmax, &box.ymax, 21))
    detail::gdal_fail("cannot transform the network's box to the project's CRS");
  return box;
}

struct QgsLayer {
  std::string id, name, type, geometry, source, provider, layername;
  bool visible = true;
  styles::Style style;
};

std::string qgs_geometry(const std::string& layer) {
  if (layer == "nodes") return "Point";
  if (layer == "isochrones" || layer == "provinces" || layer == "lakes") return "Polygon";
  return "Line";
}

std::string map_layer(const QgsLayer& l, const std::string& srs) {
  std::string x = "<maplayer type=\"" + l.type + "\"";
  if (l.type == "vector")
    x += " geometry=\"" + l.geometry + "\" labelsEnabled=\"" + (l.style.labels ? "1" : "0") + "\"";
  x += " autoRefreshEnabled=\"0\" hasScaleBasedVisibilityFlag=\"0\"><id>" + l.id +
       "</id><datasource>" + xml_escape(l.source) + "</datasource><layername>" +
       xml_escape(l.name) + "</layername><srs>" + srs + "</srs><provider encoding=\"UTF-8\">" +
       l.provider + "</provider>" + l.style.body + "</maplayer>";
  return x;
}

std::string tree_layer(const QgsLayer& l) {
  return "<layer-tree-layer id=\"" + l.id + "\" name=\"" + xml_escape(l.name) + "\" source=\"" +
         xml_escape(l.source) + "\" providerKey=\"" + l.provider + "\" checked=\"" +
         (l.visible ? "Qt::Checked" : "Qt::Unchecked") +
         "\" expanded=\"0\"><customproperties/></layer-tree-layer>";
}

// A path relative to the project's folder, with "./" (QGIS's sign of a relative source).
std::string relative_to(const std::string& folder, const std::string& path) {
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(path), fs::absolute(folder), ec);
  if (ec || rel.empty()) rel = fs::absolute(path);
  const std::string s = rel.generic_string();
  return rel.is_absolute() || s.rfind("../", 0) == 0 ? s : "./" + s;
}

// The context layers that the file holds, in drawing order top to bottom.
std::vector<QgsLayer> context_layers(const std::string& folder, const std::string& context) {
  std::vector<QgsLayer> out;
  if (context.empty()) return out;
  detail::QuietGdal quiet;
  detail::DatasetPtr ds(static_cast<GDALDataset*>(
      GDALOpenEx(context.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) return out;  // no context: the map is drawn without it
  for (const char* name : {"lakes", "rivers", "provinces"}) {
    OGRLayer* layer = ds->GetLayerByName(name);
    if (!layer) continue;
    QgsLayer l;
    l.id = std::string("reachplan_context_") + name;
    l.name = name;
    l.type = "vector";
    l.geometry = qgs_geometry(name);
    l.provider = "ogr";
    l.source = relative_to(folder, context) + "|layername=" + name;
    styles::Context c;
    c.layer_name = name;
    c.has_name_zh = layer->GetLayerDefn()->GetFieldIndex("name_zh") >= 0;
    out.push_back(l);
    out.back().style = styles::style_for(styles::layer_kind(name), c);
  }
  return out;
}

}  // namespace

std::string qgis_project_xml(const std::string& folder, const model::Scenario& scenario,
                             const analysis::GisResult& gis, const detail::VectorLayers& layers,
                             const std::vector<std::string>& gpkg_layers,
                             const std::string& context) {
  const OGRSpatialReference lonlat = io::wgs84();
  const OGRSpatialReference project = gis.grid ? io::srs_from_wkt(gis.grid->crs_wkt) : lonlat;
  const std::string lonlat_srs = qgs_srs(lonlat), project_srs = qgs_srs(project);

  std::vector<QgsLayer> order;  // top to bottom
  for (const char* name : {"nodes", "od", "services", "links", "isochrones"}) {
    if (std::find(gpkg_layers.begin(), gpkg_layers.end(), name) == gpkg_layers.end()) continue;
    QgsLayer l;
    l.name = layer_table_name(name, scenario.id);
    l.id = "reachplan_" + l.name;  // QGIS keeps a layer id only when it is over 10 characters
    l.type = "vector";
    l.geometry = qgs_geometry(name);
    l.provider = "ogr";
    l.source = "./layers.gpkg|layername=" + l.name;
    l.visible = std::string(name) != "services";  // drawn over the tracks they run on
    l.style = detail::vector_style(layers, name);
    order.push_back(std::move(l));
  }
  for (auto& l : context_layers(folder, context)) order.push_back(std::move(l));
  for (const auto& s : gis.surfaces) {
    QgsLayer l;
    l.name = s.id;
    l.id = "reachplan_surface_" + s.id;
    l.type = "raster";
    l.provider = "gdal";
    l.source = "./" + s.id + ".tif";
    l.visible = &s == &gis.surfaces.front();  // one surface at a time
    l.style = detail::surface_style(s);
    order.push_back(std::move(l));
  }

  const std::string title = detail::map_title(scenario);  // as the PNG map says it
  const QgsBox box = network_box(scenario, project);
  std::string tree, maplayers;
  for (const auto& l : order) {
    tree += tree_layer(l);
    maplayers += map_layer(l, l.type == "raster" ? project_srs : lonlat_srs);
  }
  const std::string extent = "<extent><xmin>" + qgs_number(box.xmin) + "</xmin><ymin>" +
                             qgs_number(box.ymin) + "</ymin><xmax>" + qgs_number(box.xmax) +
                             "</xmax><ymax>" + qgs_number(box.ymax) + "</ymax></extent>";
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis projectname=\"" +
         xml_escape(title) + "\" version=\"3.22.0\"><homePath path=\"\"/><title>" +
         xml_escape(title) + "</title><projectCrs>" + project_srs +
         "</projectCrs><layer-tree-group><customproperties/>" + tree +
         "</layer-tree-group><mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\"><units>" +
         (project.IsGeographic() ? "degrees" : "meters") + "</units>" + extent +
         "<rotation>0</rotation><destinationsrs>" + project_srs +
         "</destinationsrs><rendermaptile>0</rendermaptile></mapcanvas><projectlayers>" +
         maplayers +
         "</projectlayers><ProjectViewSettings UseProjectScales=\"0\"><Scales/>"
         "<DefaultViewExtent xmin=\"" +
         qgs_number(box.xmin) + "\" ymin=\"" + qgs_number(box.ymin) + "\" xmax=\"" +
         qgs_number(box.xmax) + "\" ymax=\"" + qgs_number(box.ymax) + "\">" + project_srs +
         "</DefaultViewExtent></ProjectViewSettings>"
         // QGIS 3.22 reads <projectCrs> only where ProjectionsEnabled says so.
         "<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths><SpatialRefSys>"
         "<ProjectionsEnabled type=\"int\">1</ProjectionsEnabled></SpatialRefSys>"
         "</properties></qgis>\n";
}

}  // namespace reachplan::output
