#include "reachplan/model/outputs.hpp"

#include "reachplan/model/registry.hpp"

namespace reachplan::model {

namespace {

using K = OutputFile::Kind;

// The files `outputs:` may list, in the order `run` writes them.
const std::vector<OutputFile> files = {
    // clang-format off
    {"matrix.csv",         K::table,   "",              true},
    {"od.csv",             K::table,   "",              true},
    {"targets.csv",        K::table,   "",              true},
    {"summary.json",       K::table,   "",              true},
    {"nodes.geojson",      K::layer,   "nodes",         false},
    {"links.geojson",      K::layer,   "links",         false},
    {"services.geojson",   K::layer,   "services",      false},
    {"od.geojson",         K::layer,   "od",            false},
    {"isochrones.geojson", K::layer,   "isochrones",    false},
    {"layers.gpkg",        K::gpkg,    "",              false},
    {"matrices.omx",       K::omx,     "",              false},
    {"travel_time.tif",    K::surface, "travel_time",   false},
    {"accessibility.tif",  K::surface, "accessibility", false},
    // clang-format on
};

}  // namespace

const std::vector<OutputFile>& output_files() {
  return files;
}

const OutputFile* find_output_file(std::string_view name) {
  return find_by_name(files, name);
}

std::vector<std::string> output_file_names() {
  return names_of(files);
}

std::vector<std::string> default_output_files() {
  return names_of(files, [](const OutputFile& f) { return f.by_default; });
}

const std::vector<std::string>& layer_names() {
  static const std::vector<std::string> names = {"nodes", "links", "services", "od", "isochrones"};
  return names;
}

const std::vector<std::string>& layer_formats() {
  static const std::vector<std::string> names = {"geojson", "gpkg"};
  return names;
}

const std::vector<std::string>& default_layers() {
  static const std::vector<std::string> names = {"nodes", "links", "services", "od"};
  return names;
}

}  // namespace reachplan::model
