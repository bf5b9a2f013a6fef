// The registry of what a scenario's `outputs:` may name: the table files of `run`, the GIS
// layers and their formats, and the GIS shorthand file names. io checks every entry against it
// (with the entry's file and line), output writes what it lists; neither keeps its own list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace reachplan::model {

// A file name `outputs:` may list, and what it asks for.
struct OutputFile {
  enum class Kind {
    table,    // written by `run` from its result (output/run_outputs.cpp)
    layer,    // a GIS layer as GeoJSON: `layer`.geojson
    gpkg,     // every asked layer in one GeoPackage
    omx,      // the matrices as OMX
    surface,  // a GeoTIFF surface to the key group (`surface` names its kind)
  };
  std::string_view name;
  Kind kind;
  std::string_view layer_or_surface;  // layer: its layer name; surface: its surface kind
  bool by_default;                    // tables written when `outputs:` names none
};

const std::vector<OutputFile>& output_files();
const OutputFile* find_output_file(std::string_view name);  // nullptr if unknown
std::vector<std::string> output_file_names();
// The tables written when a scenario names no outputs, in writing order.
std::vector<std::string> default_output_files();

// The GIS vector layers and the formats they come in.
const std::vector<std::string>& layer_names();
const std::vector<std::string>& layer_formats();
// Layers written when a format is asked for and no layer is named.
const std::vector<std::string>& default_layers();

}  // namespace reachplan::model
