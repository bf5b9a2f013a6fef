// `reachplan import osm|layer`: big inputs into files the other commands and QGIS read.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <ostream>

#include "option_checks.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/io/layer_import.hpp"
#include "reachplan/io/road_import.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/gtfs_report.hpp"

namespace reachplan::cli {

namespace {

namespace fs = std::filesystem;

struct ImportOptions {
  std::string input;
  std::string output;
  // osm
  std::string bbox;
  std::string profile;
  bool raw = false;
  // layer
  std::string map;
  std::string layer;
  std::string mode = "road";
  double speed_kmh = 0;
  double snap_m = 1.0;
  bool no_nodes = false;
  bool no_modes = false;
  // gtfs
  std::string date;
};

bool has_extension(const std::string& path, const std::string& ext) {
  return core::ascii_lower(fs::path(path).extension().string()) == ext;
}

void write_gpkg(const std::string& path, const model::RoadNetwork& net, const std::string& about) {
  output::AtomicFileSet files;
  files.add_with(path,
                 [&](const std::string& tmp) { io::write_road_network_gpkg(net, tmp, about); });
  files.commit();
}

int import_osm(const ImportOptions& o, const CommonOptions& common, std::ostream& out,
               std::ostream& err) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!has_extension(o.output, ".gpkg"))
    throw core::UsageError("-o " + o.output +
                           ": the road network is written as a GeoPackage (.gpkg)");
  io::OsmImportOptions options;
  std::vector<io::Warning> warnings;
  options.profile = io::resolve_road_profile(o.profile, 0, warnings);
  for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
  if (!o.bbox.empty()) options.bbox = io::parse_bbox(o.bbox);
  io::RoadImportReport report;
  const model::RoadNetwork raw = io::read_osm(o.input, options, &report);
  const model::RoadNetwork net = o.raw ? raw : graph::prepare_road_network(raw, &report);
  const std::string about = "roads from " + fs::path(o.input).filename().string() + ", profile " +
                            options.profile.name + (o.raw ? " (raw)" : "");
  write_gpkg(o.output, net, about);
  if (!common.quiet) {
    out << "Read " << report.ways_read << " highway ways from " << o.input << ": "
        << report.ways_used << " roads for profile " << options.profile.name << ", "
        << report.ways_closed << " closed by access tags\n";
    for (const auto& n : report.notes) out << "  note: " << n << "\n";
    out << "Raw network: " << raw.vertex_count() << " vertices, " << raw.edge_count() << " edges\n";
    if (!o.raw)
      out << "Kept the largest of " << report.components << " strongly connected components ("
          << report.scc_vertices << " vertices, " << report.scc_edges
          << " edges) and merged degree-2 chains: " << net.vertex_count() << " vertices, "
          << net.edge_count() << " edges\n";
    out << "Wrote " << o.output << " (layers road_edges, road_vertices) in " << std::fixed
        << std::setprecision(2)
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";
  }
  return exit_ok;
}

int import_layer(const ImportOptions& o, const CommonOptions& common, std::ostream& out) {
  io::LayerMapping mapping = io::parse_layer_mapping(o.map);
  mapping.layer = o.layer;
  mapping.mode = o.mode;
  if (o.speed_kmh > 0) mapping.speed_kmh = o.speed_kmh;
  mapping.snap_m = o.snap_m;
  const bool yaml = has_extension(o.output, ".yaml") || has_extension(o.output, ".yml");
  if (!yaml && !has_extension(o.output, ".gpkg"))
    throw core::UsageError("-o " + o.output +
                           ": write a network YAML (.yaml) for scenarios, or a road GeoPackage "
                           "(.gpkg) for `matrix` and `road_network:`");
  if (o.no_nodes && !mapping.fields.count("from"))
    throw core::UsageError("--no-nodes needs from= and to= fields naming existing nodes");
  const io::LayerImport imported = io::read_line_layer(o.input, mapping);
  if (yaml) {
    const std::string header = "Links from " + fs::path(o.input).filename().string() +
                               " (reachplan import layer --map " + o.map + ")";
    output::write_file_atomically(
        o.output, io::network_yaml(imported.network, header, !o.no_nodes, !o.no_modes));
  } else {
    write_gpkg(o.output, imported.roads, "links from " + fs::path(o.input).filename().string());
  }
  if (!common.quiet)
    out << "Read " << imported.features << " features from " << o.input << ": "
        << imported.network.lines.size() << " links between " << imported.network.nodes.size()
        << " nodes\nWrote " << o.output << "\n";
  return exit_ok;
}

// A feed checked and summed up; with --date the day's trips, with -o its stops and route shapes
// as a GeoPackage.
int import_gtfs(const ImportOptions& o, const CommonOptions& common, std::ostream& out) {
  if (!o.output.empty() && !has_extension(o.output, ".gpkg"))
    throw core::UsageError("-o " + o.output +
                           ": the stops and route shapes are written as a GeoPackage (.gpkg)");
  if (!o.date.empty()) (void)io::gtfs_date(o.date);  // a bad date before the feed is read
  const io::GtfsFeed feed = io::read_gtfs(o.input);
  std::optional<model::Timetable> day;
  if (!o.date.empty()) day = io::timetable_on(feed, o.date);
  if (!o.output.empty()) output::write_gtfs_gpkg(feed, day ? &*day : nullptr, o.output);
  if (!common.quiet) {
    out << output::gtfs_report_text(feed, day ? &*day : nullptr);
    if (!o.output.empty()) out << "Wrote " << o.output << " (layers stops, route_shapes)\n";
  }
  return exit_ok;
}

}  // namespace

Registered register_import(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<ImportOptions>();
  auto* cmd = app.add_subcommand(
      "import", "Import big networks: OpenStreetMap roads, a GIS line layer, a GTFS feed");
  cmd->require_subcommand(1);

  auto* osm = cmd->add_subcommand(
      "osm",
      "OpenStreetMap extract to a routable road network GeoPackage (directed, largest "
      "strongly connected component, degree-2 chains merged, geometry kept)");
  osm->add_option("file", o->input, ".osm.pbf, .osm, .osm.bz2 or .opl file")->required();
  osm->add_option("-o,--output", o->output, "GeoPackage to write")->required();
  osm->add_option("--bbox", o->bbox, "Keep roads inside lon_min,lat_min,lon_max,lat_max");
  osm->add_option("--profile", o->profile,
                  "Built-in car (default) or walk, or a profile YAML (base, speeds_kmh per "
                  "highway class, access and oneway rules)");
  osm->add_flag("--raw", o->raw, "Skip cleaning: every road node a vertex, all components");
  add_common_options(osm, common);

  auto* layer = cmd->add_subcommand(
      "layer",
      "A line layer (GeoPackage, Shapefile, GeoJSON) to links, as a network YAML or a "
      "road GeoPackage");
  layer->add_option("file", o->input, "Layer file OGR reads")->required();
  layer->add_option("-o,--output", o->output, "Network YAML (.yaml) or road GeoPackage (.gpkg)")
      ->required();
  layer->add_option("--map", o->map,
                    "role=field pairs: id, from, to, minutes, speed (km/h), length (km), mode, "
                    "oneway, name; e.g. from=start,to=end,speed=kmh");
  layer->add_option("--layer", o->layer, "Layer name (default: the first)");
  layer->add_option("--mode", o->mode, "Mode of features without a mode field")
      ->capture_default_str();
  layer->add_option("--speed", o->speed_kmh,
                    "Default speed (km/h) of features without minutes/speed");
  layer
      ->add_option("--snap-m", o->snap_m,
                   "Without from/to fields: line ends closer than this are one node")
      ->capture_default_str()
      ->check(greater_than(0));
  layer->add_flag("--no-nodes", o->no_nodes, "YAML: leave nodes out (from/to name existing nodes)");
  layer->add_flag("--no-modes", o->no_modes, "YAML: leave the modes out (defined elsewhere)");
  add_common_options(layer, common);

  auto* gtfs = cmd->add_subcommand(
      "gtfs",
      "Check a GTFS feed (folder or .zip) and report what it holds; its stops and route shapes "
      "as a GeoPackage");
  gtfs->add_option("feed", o->input, "GTFS folder or .zip")->required();
  gtfs->add_option("--date", o->date, "Service day YYYY-MM-DD: report the trips that run on it");
  gtfs->add_option("-o,--output", o->output,
                   "GeoPackage (.gpkg) to write: layers stops and route_shapes (the shapes "
                   "the trips follow, or lines through their stops)");
  add_common_options(gtfs, common);

  return {cmd, [o, osm, layer, gtfs, &common](std::ostream& out, std::ostream& err) {
            if (*osm) return import_osm(*o, common, out, err);
            if (*layer) return import_layer(*o, common, out);
            if (*gtfs) return import_gtfs(*o, common, out);
            return static_cast<int>(exit_bad_input);
          }};
}

}  // namespace reachplan::cli
