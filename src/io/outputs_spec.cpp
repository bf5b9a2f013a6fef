#include "outputs_spec.hpp"

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "reachplan/core/geodesy.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/input_file.hpp"
#include "reachplan/model/outputs.hpp"

namespace reachplan::io::detail {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> outputs_keys = {
    "files",      "layers", "formats",     "od_geometry", "reach_minutes",
    "profile",    "grid",   "off_network", "population",  "surfaces",
    "isochrones", "omx",    "cog",         "quicklook",   "map"};
const std::vector<std::string> grid_keys = {"extent", "margin_km", "resolution_m", "crs"};
const std::vector<std::string> off_network_keys = {"mode", "speed_kmh", "detour_factor", "max_km"};
const std::vector<std::string> map_keys = {"context", "lang", "png", "qgis_project"};
const std::vector<std::string> surface_keys = {"id",          "kind",  "from", "to",     "group",
                                               "max_minutes", "decay", "beta", "profile"};
const std::vector<std::string> isochrone_keys = {"from", "minutes"};

// A single value or a list of them.
std::vector<Value> items(const Value& v) {
  return v.is_list() ? v.list() : std::vector<Value>{v};
}

std::vector<double> positive_minutes(const Value& v) {
  std::vector<double> out;
  for (const auto& item : items(v)) out.push_back(item.number_in(range::trip_minutes));
  if (out.empty()) v.fail("expected at least one number of minutes");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A file name of an `outputs:` list, checked against the registry where it is written, and
// what a GIS name asks for.
std::string apply_file_name(const Value& item, model::GisSpec& gis) {
  const std::string name = item.text();
  if (name.empty()) item.fail("expected a file name, got an empty text");
  const model::OutputFile* file = model::find_output_file(name);
  if (!file)
    item.fail("unknown output '" + name + "'" +
              core::did_you_mean(name, model::output_file_names()));
  const auto add_unique = [](std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  switch (file->kind) {
    case model::OutputFile::Kind::table:
      break;
    case model::OutputFile::Kind::layer:
      add_unique(gis.layers, std::string(file->layer_or_surface));
      add_unique(gis.formats, "geojson");
      break;
    case model::OutputFile::Kind::gpkg:
      add_unique(gis.formats, "gpkg");
      break;
    case model::OutputFile::Kind::omx:
      gis.omx = true;
      break;
    case model::OutputFile::Kind::surface: {
      model::SurfaceSpec s;
      s.id = fs::path(name).stem().string();
      s.kind = file->layer_or_surface == "travel_time" ? model::SurfaceSpec::Kind::travel_time
                                                       : model::SurfaceSpec::Kind::accessibility;
      s.to_places = true;  // time to the nearest key-group member
      gis.surfaces.push_back(s);
      break;
    }
  }
  return name;
}

// The `files` list (or the whole `outputs:` list): each name once.
void add_file_names(const Value& list, OutputsSpec& out, Diagnostics& diag) {
  std::map<std::string, core::SourceLocation> seen;
  for (const auto& item : list.list()) {
    diag.attempt([&] {
      const std::string name = apply_file_name(item, out.gis);
      if (auto [it, fresh] = seen.emplace(name, item.where()); !fresh)
        item.fail("output '" + name + "' listed twice (first at " + it->second.str() + ")");
      out.files.push_back(name);
    });
  }
}

void parse_grid(const Value& v, model::GridSpec& grid, Diagnostics& diag) {
  for (const auto& e : v.entries()) {
    diag.attempt([&] {
      if (e.key == "extent") {
        const auto list = e.value.list();
        if (list.size() != 4)
          e.value.fail("extent needs 4 numbers: lon_min, lat_min, lon_max, lat_max");
        std::vector<double> x;
        for (std::size_t i = 0; i < list.size(); ++i)
          x.push_back(list[i].number_in(i % 2 == 0 ? range::lon : range::lat));
        if (!(x[0] < x[2]) || !(x[1] < x[3])) {
          e.value.fail("extent must read lon_min, lat_min, lon_max, lat_max with min < max");
        }
        grid.extent = x;
      } else if (e.key == "margin_km") {
        grid.margin_km = e.value.number_in(range::margin_km);
      } else if (e.key == "resolution_m") {
        grid.resolution_m = e.value.number_in(range::resolution_m);
      } else if (e.key == "crs") {
        grid.crs = e.value.text();
        // Checked here, so a typo points at the file; GDAL stays quiet and we report its words.
        OGRSpatialReference srs;
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        const OGRErr err = srs.SetFromUserInput(grid.crs.c_str());
        const std::string why = CPLGetLastErrorMsg();
        CPLPopErrorHandler();
        if (err != OGRERR_NONE) {
          e.value.fail_value("GDAL cannot read this CRS" + (why.empty() ? "" : ": " + why));
        }
        if (!srs.IsProjected()) {
          e.value.fail_value(
              "the grid needs a projected CRS in metres (a UTM zone or an equal-area CRS), "
              "not a geographic one");
        }
      } else {
        diag.unknown_key(e, grid_keys);
      }
    });
  }
}

std::vector<std::string> access_mode_ids() {
  std::vector<std::string> ids;
  for (const auto& m : model::access_modes()) ids.emplace_back(m.id);
  return ids;
}

// `mode` sets the defaults of its row first, wherever it is written, so that an explicit
// speed_kmh, detour_factor or max_km overrides them in any key order.
void parse_off_network(const Value& v, model::OffNetworkSpec& off, Diagnostics& diag) {
  for (const auto& e : v.entries())
    if (e.key == "mode")
      diag.attempt([&] {
        off = model::off_network_defaults(one_of(e.value, access_mode_ids(), "access mode"));
      });
  for (const auto& e : v.entries()) {
    diag.attempt([&] {
      if (e.key == "mode") {
        // applied above
      } else if (e.key == "speed_kmh") {
        off.speed_kmh = e.value.number_in(range::off_network_kmh);
      } else if (e.key == "detour_factor") {
        off.detour_factor = e.value.number_in(range::detour_factor);
      } else if (e.key == "max_km") {
        off.max_km = e.value.number_in(range::off_network_km);
      } else {
        diag.unknown_key(e, off_network_keys);
      }
    });
  }
}

// The context GeoPackage must exist where the scenario names it; it is read when the map is
// drawn (and checked as an input then, like every input file).
void parse_map_spec(const std::string& scenario_path, const Value& v, model::MapSpec& map,
                    Diagnostics& diag) {
  map.where = v.where();
  for (const auto& e : v.entries()) {
    diag.attempt([&] {
      if (e.key == "context") {
        const fs::path p = relative_to(scenario_path, file_name(e.value));
        std::error_code ec;
        if (!fs::exists(p, ec))
          e.value.fail("cannot find the context GeoPackage '" + p.string() + "'");
        // An input like any other: a FIFO or device is refused here, and an output may not
        // be written over it (core/input_files).
        check_input_path(p.string(), Folders::refuse,
                         [&](const std::string& m) { e.value.fail(m); });
        map.context = p.string();
      } else if (e.key == "lang") {
        map.lang = one_of(e.value, {"en", "zh"}, "label language");
      } else if (e.key == "png") {
        map.png = e.value.boolean();
      } else if (e.key == "qgis_project") {
        map.qgis_project = e.value.boolean();
      } else {
        diag.unknown_key(e, map_keys);
      }
    });
  }
}

model::SurfaceSpec parse_surface(const Value& v, OutputsSpec& out, Diagnostics& diag) {
  model::SurfaceSpec s;
  s.where = v.where();
  std::set<std::string> given;
  for (const auto& e : v.entries()) {
    diag.attempt([&] {
      given.insert(e.key);
      if (e.key == "id") {
        s.id = e.value.id();
      } else if (e.key == "kind") {
        s.kind = one_of(e.value, {"travel_time", "accessibility"}, "surface kind") == "travel_time"
                     ? model::SurfaceSpec::Kind::travel_time
                     : model::SurfaceSpec::Kind::accessibility;
      } else if (e.key == "from" || e.key == "to") {
        for (const auto& item : items(e.value)) {
          s.places.push_back(item.id());
          out.places.emplace_back(s.places.back(), item.origin());
        }
        s.to_places = e.key == "to";
      } else if (e.key == "group") {
        s.group = e.value.id();
        if (s.group != "all") out.groups.emplace_back(s.group, e.value.origin());
      } else if (e.key == "max_minutes") {
        s.max_minutes = e.value.number_in(range::trip_minutes);
      } else if (e.key == "decay") {
        const std::string d = one_of(e.value, {"none", "exponential", "power"}, "decay");
        s.decay = d == "exponential" ? model::SurfaceSpec::Decay::exponential
                  : d == "power"     ? model::SurfaceSpec::Decay::power
                                     : model::SurfaceSpec::Decay::none;
      } else if (e.key == "beta") {
        s.beta = e.value.number_in(range::beta);
      } else if (e.key == "profile") {
        s.profile = e.value.id();
        out.profiles.emplace_back(s.profile, e.value.origin());
      } else {
        diag.unknown_key(e, surface_keys);
      }
    });
  }
  if (!given.count("id")) v.fail("missing required key 'id' (the file name: <id>.tif)");
  if (given.count("from") && given.count("to")) v.fail("give either 'from' or 'to', not both");
  const bool travel = s.kind == model::SurfaceSpec::Kind::travel_time;
  if (travel && (given.count("group") || given.count("decay") || given.count("beta"))) {
    v.fail("'group', 'decay' and 'beta' are for accessibility surfaces; use 'from' or 'to'");
  }
  if (!travel && (given.count("from") || given.count("to"))) {
    v.fail("an accessibility surface counts from every cell; name destinations with 'group'");
  }
  if (s.decay != model::SurfaceSpec::Decay::none && !given.count("beta")) {
    v.fail("a decay needs 'beta' (exponential: per minute; power: the exponent)");
  }
  return s;
}

void parse_map(const std::string& scenario_path, const Value& v, OutputsSpec& out,
               Diagnostics& diag) {
  model::GisSpec& gis = out.gis;
  for (const auto& e : v.entries()) {
    diag.attempt([&] {
      if (e.key == "files") {
        add_file_names(e.value, out, diag);
      } else if (e.key == "layers") {
        for (const auto& item : items(e.value)) {
          const std::string layer = one_of(item, model::layer_names(), "layer");
          if (!gis.wants_layer(layer)) gis.layers.push_back(layer);
        }
      } else if (e.key == "formats") {
        for (const auto& item : items(e.value)) {
          const std::string format = one_of(item, model::layer_formats(), "format");
          if (std::find(gis.formats.begin(), gis.formats.end(), format) == gis.formats.end())
            gis.formats.push_back(format);
        }
      } else if (e.key == "od_geometry") {
        gis.od_path_geometry = one_of(e.value, {"path", "straight"}, "od_geometry") == "path";
      } else if (e.key == "reach_minutes") {
        gis.reach_minutes = positive_minutes(e.value);
      } else if (e.key == "profile") {
        gis.profile = e.value.id();
        out.profiles.emplace_back(gis.profile, e.value.origin());
      } else if (e.key == "grid") {
        gis.grid.where = e.value.where();
        parse_grid(e.value, gis.grid, diag);
      } else if (e.key == "off_network") {
        parse_off_network(e.value, gis.off_network, diag);
      } else if (e.key == "population") {
        const fs::path p = relative_to(scenario_path, file_name(e.value));
        std::error_code ec;
        if (!fs::is_regular_file(p, ec)) {
          e.value.fail("cannot find the population raster '" + p.string() + "'");
        }
        gis.population = p.string();
      } else if (e.key == "surfaces") {
        std::set<std::string> ids;
        for (const auto& item : e.value.list()) {
          diag.attempt([&] {
            auto s = parse_surface(item, out, diag);
            if (!ids.insert(s.id).second) item.fail("duplicate surface id '" + s.id + "'");
            gis.surfaces.push_back(std::move(s));
          });
        }
      } else if (e.key == "isochrones") {
        for (const auto& i : e.value.entries()) {
          diag.attempt([&] {
            if (i.key == "from") {
              for (const auto& item : items(i.value)) {
                gis.isochrones.places.push_back(item.id());
                out.places.emplace_back(gis.isochrones.places.back(), item.origin());
              }
            } else if (i.key == "minutes") {
              gis.isochrones.minutes = positive_minutes(i.value);
            } else {
              diag.unknown_key(i, isochrone_keys);
            }
          });
        }
        if (!gis.wants_layer("isochrones")) gis.layers.push_back("isochrones");
      } else if (e.key == "omx") {
        gis.omx = e.value.boolean();
      } else if (e.key == "cog") {
        gis.cog = e.value.boolean();
      } else if (e.key == "quicklook") {
        gis.quicklook = e.value.boolean();
      } else if (e.key == "map") {
        parse_map_spec(scenario_path, e.value, gis.map, diag);
      } else {
        diag.unknown_key(e, outputs_keys);
      }
    });
  }
  // Formats named without layers: every layer the scenario can fill.
  if (!gis.formats.empty() && gis.layers.empty()) gis.layers = model::default_layers();
}

}  // namespace

OutputsSpec parse_outputs(const std::string& scenario_path, const Value& outputs,
                          Diagnostics& diag) {
  OutputsSpec out;
  if (outputs.is_map()) {
    parse_map(scenario_path, outputs, out, diag);
    return out;
  }
  add_file_names(outputs, out, diag);
  if (out.gis.wants_format("gpkg") && out.gis.layers.empty()) {
    out.gis.layers = model::default_layers();
  }
  return out;
}

}  // namespace reachplan::io::detail
