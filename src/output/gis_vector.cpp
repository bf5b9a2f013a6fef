#include "gis_writers.hpp"

#include <gdal_alg.h>
#include <ogrsf_frmts.h>
#include <filesystem>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>

#include "field_names.hpp"
#include "gis_gdal.hpp"
#include "gis_styles.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output::detail {

namespace {

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

// Builds a layer's schema, then fills features by field name.
class LayerWriter {
 public:
  // `layer` is the registry name (nodes, links, ...); the table is named for the scenario too
  // (layer_table_name) and says in its identifier and description what it shows.
  LayerWriter(GDALDataset* ds, const std::string& layer, OGRwkbGeometryType type, bool gpkg,
              const LayerContext& context)
      : name_(layer_table_name(layer, context.scenario_id)), context_(context) {
    OGRSpatialReference srs = io::wgs84();
    CPLStringList options;
    // RFC 7946: WGS84 lon/lat, right-hand winding, 7 decimals (~1 cm).
    if (!gpkg) options.SetNameValue("RFC7946", "YES");
    const std::string description = layer_description(layer, context);
    options.SetNameValue("DESCRIPTION", description.c_str());
    if (gpkg) options.SetNameValue("IDENTIFIER", (layer + " " + context.scenario_id).c_str());
    layer_ = ds->CreateLayer(name_.c_str(), &srs, type, options.List());
    if (!layer_) gdal_fail("cannot create layer '" + name_ + "'");
  }

  // The fields every layer carries: which scenario, year and profile it shows.
  void context_fields() {
    field("scenario", OFTString);
    field("year", OFTInteger);
    field("profile", OFTString);
  }
  void set_context() {
    set("scenario", context_.scenario_id);
    if (context_.year) set("year", *context_.year);
    if (!context_.profile.empty()) set("profile", context_.profile);
  }

  // The layer's field names, decided once (field_names.hpp); fields a writer adds without
  // deciding first are named as the writer calls them, made safe and unique.
  FieldNames& names() { return names_; }

  void field(const std::string& key, OGRFieldType type, OGRFieldSubType sub = OFSTNone) {
    const std::string name = names_.has(key) ? names_[key] : names_.add(key, key);
    OGRFieldDefn f(name.c_str(), type);
    f.SetSubType(sub);
    check_ogr(layer_->CreateField(&f), "cannot add field '" + name + "' to layer '" + name_ + "'");
    // By position, never by name: OGR looks names up without regard to case.
    index_[key] = layer_->GetLayerDefn()->GetFieldCount() - 1;
  }

  // The renamed fields (wanted=field, ...) as the layer's metadata item FIELDS, where the
  // format keeps one (GeoPackage); the README documents the rule.
  void note_renamed() {
    const std::string renamed = names_.renamed();
    if (!renamed.empty()) layer_->SetMetadataItem("FIELDS", renamed.c_str());
  }

  // Every field starts null, so GeoJSON carries every property (null where unknown) and
  // each feature reads with the same columns.
  OGRFeature* start() {
    feature_ = std::make_unique<OGRFeature>(layer_->GetLayerDefn());
    for (int i = 0; i < feature_->GetFieldCount(); ++i) feature_->SetFieldNull(i);
    return feature_.get();
  }
  int index(const std::string& key) const {
    const auto it = index_.find(key);
    if (it == index_.end())
      throw core::OutputError("layer '" + name_ + "' has no field '" + key + "'");
    return it->second;
  }
  void set(const std::string& field, const std::string& v) {
    feature_->SetField(index(field), v.c_str());
  }
  void set(const std::string& field, int v) { feature_->SetField(index(field), v); }
  // NaN becomes null (unreachable, unknown).
  void set_real(const std::string& field, double v) {
    if (std::isnan(v))
      feature_->SetFieldNull(index(field));
    else
      feature_->SetField(index(field), v);
  }
  void set_bool(const std::string& field, std::optional<bool> v) {
    if (v)
      feature_->SetField(index(field), *v ? 1 : 0);
    else
      feature_->SetFieldNull(index(field));
  }
  void finish(const OGRGeometry& geometry) {
    check_ogr(feature_->SetGeometry(&geometry), "cannot set a geometry in layer '" + name_ + "'");
    check_ogr(layer_->CreateFeature(feature_.get()),
              "cannot write a feature to layer '" + name_ + "'");
    feature_.reset();
  }

 private:
  std::string name_;
  LayerContext context_;
  OGRLayer* layer_ = nullptr;
  std::unique_ptr<OGRFeature> feature_;
  FieldNames names_;
  std::map<std::string, int> index_;  // field key -> position in the layer
};

OGRLineString line_of(const std::vector<analysis::LonLat>& pts) {
  OGRLineString line;
  for (const auto& p : pts) line.addPoint(p.lon, p.lat);
  return line;
}

// Field keys for indicators (FieldNames makes them safe: "meets_circle-60" is the field
// meets_circle_60); a node attribute that collides with one gets an attr_ prefix.
std::string minutes_to_field(const std::string& id) {
  return "min_to_" + id;
}
std::string pop_within_field(double m) {
  return "pop_" + number_text(m) + "min";
}
std::string meets_field(const std::string& id) {
  return "meets_" + id;
}
// The minutes a target's meets_ field was judged on (its profile's, not the layer's).
std::string target_minutes_field(const std::string& id) {
  return "minutes_" + id;
}
// A node attribute's field key: apart from every other field's, whatever the attribute's name.
std::string attribute_key(const std::string& name) {
  return "attr:" + name;
}

void write_nodes(GDALDataset* ds, const analysis::NodeLayer& layer, bool gpkg, LayerContext c) {
  c.profile = layer.profile;
  LayerWriter w(ds, "nodes", wkbPoint, gpkg, c);
  // Names decided in order of precedence: the node's own fields, the indicators, then the
  // attributes (which yield: attr_ prefix, then a number).
  FieldNames& names = w.names();
  for (const char* f :
       {"id", "name", "kind", "population", "groups", "key_member", "scenario", "year", "profile"})
    names.add(f, f);
  for (const auto& k : layer.key_members) names.add(minutes_to_field(k), minutes_to_field(k));
  for (double m : layer.reach_minutes) names.add(pop_within_field(m), pop_within_field(m));
  for (const auto& t : layer.targets) names.add(meets_field(t), meets_field(t));
  for (const auto& k : layer.attribute_keys) names.add(attribute_key(k), k, "attr_");
  w.field("id", OFTString);
  w.field("name", OFTString);
  w.field("kind", OFTString);
  w.field("population", OFTReal);
  w.field("groups", OFTString);
  // The key group's members, which maps emphasise (a field, so a style needs no group list).
  w.field("key_member", OFTInteger, OFSTBoolean);
  w.context_fields();
  for (const auto& k : layer.attribute_keys) w.field(attribute_key(k), OFTString);
  for (const auto& k : layer.key_members) w.field(minutes_to_field(k), OFTReal);
  for (double m : layer.reach_minutes) w.field(pop_within_field(m), OFTReal);
  for (const auto& t : layer.targets) w.field(meets_field(t), OFTInteger, OFSTBoolean);
  w.note_renamed();

  for (const auto& row : layer.rows) {
    const model::Node& n = *row.node;
    w.start();
    w.set("id", n.id);
    w.set("name", n.name);
    if (!n.kind.empty()) w.set("kind", n.kind);
    w.set_real("population", n.population.value_or(std::nan("")));
    w.set("groups", core::join(n.groups, ","));
    w.set_bool("key_member", c.key_members.count(n.id) > 0);
    w.set_context();
    for (std::size_t i = 0; i < layer.attribute_keys.size(); ++i) {
      auto it = n.attributes.find(layer.attribute_keys[i]);
      if (it != n.attributes.end()) w.set(attribute_key(layer.attribute_keys[i]), it->second);
    }
    for (std::size_t i = 0; i < layer.key_members.size(); ++i)
      w.set_real(minutes_to_field(layer.key_members[i]), row.minutes_to[i]);
    for (std::size_t i = 0; i < layer.reach_minutes.size(); ++i)
      w.set_real(pop_within_field(layer.reach_minutes[i]), row.population_within[i]);
    for (std::size_t i = 0; i < layer.targets.size(); ++i)
      w.set_bool(meets_field(layer.targets[i]), row.meets[i]);
    w.finish(OGRPoint(n.lon, n.lat));
  }
}

// Physical lines that share a stop pair, either way round: pair -> line ids, so each track
// says which others run beside it instead of two features drawing silently one over the other.
std::map<std::pair<std::string, std::string>, std::vector<std::string>> tracks_by_pair(
    const analysis::LinkLayer& layer) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> out;
  for (const auto& row : layer.rows) {
    if (!row.line->runs_over.empty()) continue;
    auto key = std::minmax(row.from, row.to);
    auto& ids = out[{key.first, key.second}];
    if (std::find(ids.begin(), ids.end(), row.line->id) == ids.end()) ids.push_back(row.line->id);
  }
  return out;
}

// links (tracks: physical lines and links, runs_over empty) or services (through services and
// express patterns that run over those tracks): the same fields, services add runs_over.
void write_links(GDALDataset* ds, const analysis::LinkLayer& layer, bool gpkg, LayerContext c,
                 bool services) {
  c.profile = layer.profile;
  LayerWriter w(ds, services ? "services" : "links", wkbLineString, gpkg, c);
  w.field("line", OFTString);
  w.field("name", OFTString);
  w.field("name_zh", OFTString);  // Chinese name (the line's name_zh), empty when it has none
  w.field("mode", OFTString);
  w.field("status", OFTString);
  w.field("opened", OFTInteger);
  w.field("is_link", OFTInteger, OFSTBoolean);
  w.field("segment", OFTInteger);
  // "from" and "to" are SQL keywords: a query would have to quote them.
  w.names().add("from", "from_stop");
  w.names().add("to", "to_stop");
  w.field("from", OFTString);
  w.field("to", OFTString);
  w.field("length_km", OFTReal);
  w.field("km_estimated", OFTInteger, OFSTBoolean);
  w.field("minutes", OFTReal);
  w.field("od_pairs", OFTInteger);
  w.field("source", OFTString);
  w.field("confidence", OFTString);
  w.field(services ? "runs_over" : "shared_with", OFTString);
  w.context_fields();
  const auto pairs = tracks_by_pair(layer);
  for (const auto& row : layer.rows) {
    const model::Line& l = *row.line;
    if (l.runs_over.empty() == services) continue;
    w.start();
    w.set("line", l.id);
    w.set("name", l.name);
    if (auto zh = l.attributes.find("name_zh"); zh != l.attributes.end())
      w.set("name_zh", zh->second);
    w.set("mode", l.mode);
    w.set("status", model::to_string(l.status));
    if (l.opened) w.set("opened", *l.opened);
    w.set_bool("is_link", l.is_link);
    w.set("segment", row.segment);
    w.set("from", row.from);
    w.set("to", row.to);
    w.set_real("length_km", row.km);
    w.set_bool("km_estimated", row.km_estimated);
    w.set_real("minutes", row.minutes);
    w.set("od_pairs", row.od_pairs);
    w.set("source", l.source);
    w.set("confidence", l.confidence);
    if (services) {
      w.set("runs_over", core::join(l.runs_over, ","));
    } else {
      const auto key = std::minmax(row.from, row.to);
      std::vector<std::string> others;
      for (const auto& id : pairs.at({key.first, key.second}))
        if (id != l.id) others.push_back(id);
      if (!others.empty()) w.set("shared_with", core::join(others, ","));
    }
    w.set_context();
    w.finish(line_of(row.geometry));
  }
}

void write_od(GDALDataset* ds, const analysis::OdLayer& layer, bool gpkg, LayerContext c) {
  c.profile = layer.profile;
  LayerWriter w(ds, "od", wkbLineString, gpkg, c);
  for (const char* f : {"origin", "destination", "origin_name", "destination_name"})
    w.field(f, OFTString);
  w.field("minutes", OFTReal);
  w.field("reachable", OFTInteger, OFSTBoolean);
  w.field("transfers", OFTInteger);
  w.field("modes", OFTString);
  w.field("lines", OFTString);
  w.field("path", OFTString);
  w.field("verdict", OFTString);
  w.context_fields();
  for (const auto& t : layer.targets) {
    w.field(meets_field(t), OFTInteger, OFSTBoolean);
    w.field(target_minutes_field(t), OFTReal);
  }
  // Rows are made as they are written, origin by origin (the layer stores no trip).
  layer.for_each([&](const analysis::OdRow& row) {
    const analysis::Trip& t = row.trip;
    w.start();
    w.set("origin", t.origin);
    w.set("destination", t.destination);
    w.set("origin_name", row.origin_name);
    w.set("destination_name", row.destination_name);
    w.set_real("minutes", t.minutes);
    w.set_bool("reachable", t.reachable());
    if (t.reachable()) w.set("transfers", t.transfers);
    w.set("modes", core::join(t.modes, ","));
    w.set("lines", core::join(t.lines, ","));
    w.set("path", t.describe());
    if (!row.verdict.empty()) w.set("verdict", row.verdict);
    w.set_context();
    for (std::size_t i = 0; i < layer.targets.size(); ++i) {
      w.set_bool(meets_field(layer.targets[i]), row.meets[i]);
      w.set_real(target_minutes_field(layer.targets[i]), row.target_minutes[i]);
    }
    w.finish(line_of(row.geometry));
  });
}

void write_isochrone_layer(GDALDataset* ds, const std::vector<IsochroneFeature>& features,
                           bool gpkg, const LayerContext& c) {
  LayerWriter w(ds, "isochrones", wkbMultiPolygon, gpkg, c);
  w.field("origin", OFTString);
  w.field("places", OFTString);
  w.field("minutes", OFTReal);
  w.field("area_km2", OFTReal);
  w.context_fields();
  for (const auto& f : features) {
    w.start();
    w.set("origin", f.place);
    w.set("places", f.places);
    w.set_real("minutes", f.minutes);
    w.set_real("area_km2", f.area_km2);
    w.set_context();
    w.finish(*f.geometry);
  }
}

// QGIS's layer_styles table (the schema QGIS itself creates in a GeoPackage), with one default
// style per layer written, so QGIS opens each layer styled.
void write_layer_styles(GDALDataset* ds, const std::string& path, const VectorLayers& layers,
                        const std::vector<std::string>& names) {
  CPLStringList options;
  options.SetNameValue("FID", "id");
  options.SetNameValue("DESCRIPTION", "QGIS layer styles (QML and SLD), one default per layer");
  OGRLayer* table = ds->CreateLayer("layer_styles", nullptr, wkbNone, options.List());
  if (!table) gdal_fail("cannot create the layer_styles table of '" + path + "'");
  const std::pair<const char*, OGRFieldType> fields[] = {{"f_table_catalog", OFTString},
                                                         {"f_table_schema", OFTString},
                                                         {"f_table_name", OFTString},
                                                         {"f_geometry_column", OFTString},
                                                         {"styleName", OFTString},
                                                         {"styleQML", OFTString},
                                                         {"styleSLD", OFTString},
                                                         {"useAsDefault", OFTInteger},
                                                         {"description", OFTString},
                                                         {"owner", OFTString},
                                                         {"ui", OFTString},
                                                         {"update_time", OFTDateTime}};
  for (const auto& [name, type] : fields) {
    OGRFieldDefn f(name, type);
    if (std::string(name) == "useAsDefault") f.SetSubType(OFSTBoolean);
    check_ogr(table->CreateField(&f),
              std::string("cannot add field '") + name + "' to layer_styles");
  }
  const bool tx = ds->StartTransaction() == OGRERR_NONE;
  for (const auto& name : names) {
    const std::string table_name = layer_table_name(name, layers.context.scenario_id);
    OGRLayer* layer = ds->GetLayerByName(table_name.c_str());
    if (!layer) continue;  // asked for but not computed
    const styles::Style style = vector_style(layers, name);
    OGRFeature f(table->GetLayerDefn());
    f.SetField("f_table_catalog", "");
    f.SetField("f_table_schema", "");
    f.SetField("f_table_name", table_name.c_str());
    f.SetField("f_geometry_column", layer->GetGeometryColumn());
    f.SetField("styleName", table_name.c_str());
    f.SetField("styleQML", style.qml.c_str());
    f.SetField("styleSLD", style.sld.c_str());
    f.SetField("useAsDefault", 1);
    f.SetField("description", ("reachplan " + name + " style").c_str());
    f.SetField("owner", "");
    f.SetField("ui", "");
    f.SetField("update_time", 2000, 1, 1, 0, 0, 0.0F, 100);  // fixed: runs stay reproducible
    check_ogr(table->CreateFeature(&f), "cannot write a style to '" + path + "'");
  }
  if (tx) check_ogr(ds->CommitTransaction(), "cannot commit the styles of '" + path + "'");
}

}  // namespace

styles::Style vector_style(const VectorLayers& layers, const std::string& name) {
  styles::Context sc;
  sc.mode_ids = layers.context.mode_ids;
  sc.lang = layers.context.lang;
  // The nodes' name_zh attribute keeps its name (node fields decided before attributes have
  // no such name).
  const auto& keys = layers.nodes ? layers.nodes->attribute_keys : std::vector<std::string>{};
  sc.has_name_zh = name == "nodes" && std::find(keys.begin(), keys.end(), "name_zh") != keys.end();
  sc.layer_name = layer_table_name(name, layers.context.scenario_id);
  return styles::style_for(styles::layer_kind(name), sc);
}

LayerContext layer_context(const model::Scenario& scenario) {
  LayerContext c;
  c.scenario_id = scenario.id;
  c.scenario_name = scenario.name;
  c.year = scenario.year;
  c.lang = scenario.gis.map.lang;
  for (const auto& m : scenario.network.modes) c.mode_ids.push_back(m.id);
  const auto key = scenario.groups.find(scenario.key_group);
  if (key != scenario.groups.end()) c.key_members.insert(key->second.begin(), key->second.end());
  return c;
}

std::string layer_description(const std::string& layer, const LayerContext& c) {
  if (c.scenario_id.empty()) return layer;
  std::string s = layer + " of scenario " + c.scenario_id;
  if (!c.scenario_name.empty()) s += ": " + c.scenario_name;
  if (c.year) s += " (" + std::to_string(*c.year) + ")";
  return s;
}

std::vector<IsochroneFeature> isochrone_features(const analysis::Grid& grid,
                                                 const std::vector<analysis::Surface>& sources,
                                                 const std::vector<double>& minutes,
                                                 const analysis::Progress& progress) {
  OGRSpatialReference grid_srs = io::srs_from_wkt(grid.crs_wkt);
  const OGRSpatialReference lonlat = io::wgs84();
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat(
      OGRCreateCoordinateTransformation(&grid_srs, &lonlat));
  if (!to_lonlat) gdal_fail("cannot transform the grid's CRS to WGS84");
  const auto gt = grid.geotransform();

  std::vector<IsochroneFeature> out;
  std::vector<std::uint8_t> mask(grid.cell_count());
  for (const auto& source : sources) {
    for (double limit : minutes) {
      // A byte mask of the cells within the limit; polygonizing it with itself as the mask
      // traces just those cells (4-connected, so every part is a valid polygon).
      for (std::size_t c = 0; c < mask.size(); ++c) {
        const float v = source.values[c];
        mask[c] = !std::isnan(v) && v <= limit + 1e-4 ? 1 : 0;
      }
      DatasetPtr raster(driver("MEM")->Create("", grid.width, grid.height, 1, GDT_Byte, nullptr));
      if (!raster) gdal_fail("cannot create an in-memory raster for isochrones");
      check(raster->SetGeoTransform(const_cast<double*>(gt.data())), "cannot set a geotransform");
      GDALRasterBand* band = raster->GetRasterBand(1);
      check(band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, mask.data(), grid.width,
                           grid.height, GDT_Byte, 0, 0, nullptr),
            "cannot fill the isochrone mask");
      DatasetPtr vectors(driver("Memory")->Create("", 0, 0, 0, GDT_Unknown, nullptr));
      if (!vectors) gdal_fail("cannot create an in-memory vector dataset");
      OGRLayer* polys = vectors->CreateLayer("cells", &grid_srs, wkbPolygon, nullptr);
      if (!polys) gdal_fail("cannot create an in-memory layer");
      OGRFieldDefn value("within", OFTInteger);
      check_ogr(polys->CreateField(&value), "cannot add a field");
      ProgressBridge bridge{&progress,
                            "isochrones " + source.id + " " + number_text(limit) + " min"};
      check(GDALPolygonize(GDALRasterBand::ToHandle(band), GDALRasterBand::ToHandle(band),
                           OGRLayer::ToHandle(polys), 0, nullptr,
                           progress ? forward_progress : nullptr, &bridge),
            "cannot polygonize the isochrone of " + source.id);

      IsochroneFeature f;
      f.place = source.id;
      f.places = core::join(source.places, ",");
      f.minutes = limit;
      f.geometry = std::make_unique<OGRMultiPolygon>();
      polys->ResetReading();
      for (auto& feature : *polys) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g && wkbFlatten(g->getGeometryType()) == wkbPolygon)
          check_ogr(f.geometry->addGeometry(g), "cannot collect isochrone polygons");
      }
      f.area_km2 = f.geometry->get_Area() * grid.metres_per_unit * grid.metres_per_unit / 1e6;
      f.geometry->assignSpatialReference(&grid_srs);
      check_ogr(f.geometry->transform(to_lonlat.get()),
                "cannot transform the isochrones of " + source.id + " to WGS84");
      f.geometry->assignSpatialReference(nullptr);
      out.push_back(std::move(f));
    }
  }
  return out;
}

void vector_to(const std::string& file, const std::string& path, bool gpkg,
               const VectorLayers& layers, const std::vector<std::string>& names) {
  QuietGdal quiet;
  DatasetPtr ds(
      driver(gpkg ? "GPKG" : "GeoJSON")->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) gdal_fail("cannot create '" + path + "'");
  for (const auto& name : names) {
    // One transaction per layer: GeoPackage inserts are then fast.
    const bool tx = gpkg && ds->StartTransaction() == OGRERR_NONE;
    const LayerContext& c = layers.context;
    if (name == "nodes" && layers.nodes) write_nodes(ds.get(), *layers.nodes, gpkg, c);
    if (name == "links" && layers.links) write_links(ds.get(), *layers.links, gpkg, c, false);
    if (name == "services" && layers.links) write_links(ds.get(), *layers.links, gpkg, c, true);
    if (name == "od" && layers.od) write_od(ds.get(), *layers.od, gpkg, c);
    if (name == "isochrones" && layers.isochrones)
      write_isochrone_layer(ds.get(), *layers.isochrones, gpkg, c);
    if (tx)
      check_ogr(ds->CommitTransaction(), "cannot commit layer '" + name + "' of '" + path + "'");
  }
  if (gpkg) write_layer_styles(ds.get(), path, layers, names);
  close_checked(ds.release(), "cannot finish writing '" + path + "'");
}

}  // namespace reachplan::output::detail

namespace reachplan::output {

void write_isochrones(AtomicFileSet& set, const std::string& path, bool gpkg,
                      const analysis::Grid& grid, const std::vector<analysis::Surface>& sources,
                      const std::vector<double>& minutes, const analysis::Progress& progress) {
  detail::QuietGdal quiet;
  const auto features = detail::isochrone_features(grid, sources, minutes, progress);
  detail::VectorLayers layers;
  layers.isochrones = &features;
  set.add_with(path, [&](const std::string& file) {
    detail::vector_to(file, path, gpkg, layers, {"isochrones"});
  });
  if (!gpkg)  // a GeoPackage holds its style in layer_styles
    set.add(std::filesystem::path(path).replace_extension(".qml").string(),
            detail::vector_style(layers, "isochrones").qml);
}

void write_isochrones(const std::string& path, bool gpkg, const analysis::Grid& grid,
                      const std::vector<analysis::Surface>& sources,
                      const std::vector<double>& minutes, const analysis::Progress& progress) {
  AtomicFileSet set;
  write_isochrones(set, path, gpkg, grid, sources, minutes, progress);
  set.commit();
}

}  // namespace reachplan::output
