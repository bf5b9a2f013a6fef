// `reachplan matrix`: a many-to-many travel-time matrix over any network without a scenario.
// The work is analysis::point_matrix; the files and the summary are output's.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>

#include "option_checks.hpp"
#include "reachplan/analysis/point_matrix.hpp"
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/distributed.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/output/matrix_shards.hpp"
#include "reachplan/output/point_matrix.hpp"
#include "transit_options.hpp"

namespace reachplan::cli {

namespace {

struct MatrixOptions {
  analysis::PointMatrixRequest request;
  std::string departure;  // HH:MM[:SS], with --gtfs
  std::string output;
  bool long_form = false;
  std::string points_out;
  bool no_cache = false;
  std::optional<std::string> shard;  // "k/n": a job array's part; -o is then its folder
};

// Job arrays are at most this many parts: more would be a typo, and each part loads the whole
// network.
constexpr std::size_t max_shards = 100'000;

// "k/n" of --shard, 1 <= k <= n <= max_shards, into the request.
void parse_shard(const std::string& text, analysis::PointMatrixRequest& rq) {
  const auto bad = [&](const std::string& why) {
    return core::UsageError("--shard '" + text + "': " + why);
  };
  const auto slash = text.find('/');
  const auto number = [&](const std::string& part) -> std::size_t {
    if (part.empty() || part.size() > 6 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      throw bad("give k/n, shard k of n (e.g. 3/16 for the 3rd of 16 parts)");
    return std::stoul(part);
  };
  if (slash == std::string::npos) throw bad("give k/n, shard k of n (e.g. 3/16)");
  rq.shard = number(text.substr(0, slash));
  rq.shards = number(text.substr(slash + 1));
  if (rq.shards < 1 || rq.shards > max_shards)
    throw bad("the shard count must be 1 to " + std::to_string(max_shards));
  if (rq.shard < 1 || rq.shard > rq.shards)
    throw bad("the shard must be 1 to " + std::to_string(rq.shards));
}

// Where a shard goes: -o names its folder, which always holds the matched points.
void check_shard_output(const MatrixOptions& o) {
  const std::filesystem::path folder(o.output);
  if (folder.extension() == ".csv")
    throw core::UsageError("with --shard, -o names the part's folder (e.g. part3/), not a CSV ('" +
                           o.output + "'); `reachplan merge` writes the matrix CSV");
  if (!o.points_out.empty())
    throw core::UsageError(
        "with --shard the part folder holds points.csv; give --points-out to "
        "`reachplan merge`");
}

int matrix_command(const MatrixOptions& o, const CommonOptions& common, std::ostream& out,
                   std::ostream& err) {
  const auto t_start = std::chrono::steady_clock::now();
  analysis::PointMatrixRequest request = o.request;
  if (request.transit.feeds.empty()) {
    if (request.network.empty()) throw core::UsageError("matrix needs --network or --gtfs");
    if (!o.departure.empty() || !request.transit.date.empty())
      throw core::UsageError("--date and --departure apply with --gtfs");
  } else {
    if (request.transit.date.empty()) throw core::UsageError("--gtfs needs --date YYYY-MM-DD");
    if (o.departure.empty()) throw core::UsageError("--gtfs needs --departure HH:MM");
    request.transit.departure = departure_seconds(o.departure);
    if (request.transit.legs && !o.long_form)
      throw core::UsageError("--legs needs --long (one row per pair)");
  }
  request.use_cache = !o.no_cache;
  request.strict = common.strict;
  request.lenient = common.lenient;
  request.threads = common.threads;
  request.max_memory = memory_limit(common);
  request.long_form = o.long_form;
  request.warn = [&err](const std::string& w) { err << "warning: " << w << "\n"; };
  if (o.shard) {  // given, even as "" (an unset job-array variable): then it must parse
    parse_shard(*o.shard, request);
    check_shard_output(o);
  }
  const analysis::PointMatrix m = analysis::point_matrix(request);
  if (!core::is_root()) return exit_ok;  // rank 0 has every row and writes them
  if (m.shards > 0) {
    output::write_matrix_shard(m, o.output, o.long_form);
    if (!common.quiet)
      out << output::point_matrix_text(
                 m,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count())
          << "Wrote part " << m.shard << "/" << m.shards << " to " << o.output
          << "/ (then `reachplan merge` its " << m.shards << " folders)\n";
    return exit_ok;
  }
  output::write_point_matrix(m, o.output, o.long_form, o.points_out);
  if (!common.quiet) {
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    out << output::point_matrix_text(m, total);
    if (m.percentile_minutes.size() > 1 && !o.long_form) {
      out << "Wrote";
      for (double p : m.percentiles) out << " " << output::percentile_path(o.output, p);
      out << (o.points_out.empty() ? "" : " and " + o.points_out) << "\n";
    } else {
      out << "Wrote " << o.output << (o.points_out.empty() ? "" : " and " + o.points_out) << "\n";
    }
  }
  return exit_ok;
}

}  // namespace

Registered register_matrix(CLI::App& app, CommonOptions& common) {
  auto o = std::make_shared<MatrixOptions>();
  analysis::PointMatrixRequest& rq = o->request;
  auto* cmd = app.add_subcommand(
      "matrix",
      "Travel-time matrix (minutes) between points over any network: an OSM extract, a road "
      "GeoPackage from `import`, or a YAML network/scenario");
  cmd->add_option("--network", rq.network,
                  "Network: .osm.pbf/.osm/.opl, a .gpkg from `reachplan import`, or YAML; with "
                  "--gtfs the streets walked on (default: straight lines)");
  cmd->add_option("--origins", rq.origins,
                  "Points CSV: id plus lon,lat (snapped to the nearest vertex), osm_id, or node "
                  "(a YAML network's place: id, name or name_zh)")
      ->required();
  cmd->add_option("--destinations", rq.destinations, "Points CSV (default: the origins)");
  cmd->add_option("-o,--output", o->output, "Matrix CSV to write (with --shard: the part's folder)")
      ->required();
  cmd->add_option("--shard", o->shard,
                  "k/n: compute only the k-th of n equal runs of origin rows into the folder -o "
                  "(one job-array task each); `reachplan merge` joins the n folders into the "
                  "matrix the whole run writes");
  cmd->add_flag("--long", o->long_form, "Long form (origin,destination,minutes) instead of wide");
  cmd->add_option("--profile", rq.profile,
                  "OSM input: built-in car (default; walk with --gtfs) or walk, or a profile "
                  "YAML; YAML: routing profile id");
  cmd->add_option("--bbox", rq.bbox, "OSM input: lon_min,lat_min,lon_max,lat_max");
  cmd->add_option("--max-snap-m", rq.max_snap_m,
                  "Points farther than this from every vertex stay unreachable")
      ->capture_default_str()
      ->check(at_least(0));
  cmd->add_option("--points-out", o->points_out,
                  "Also write how each point was matched (vertex, snap distance) to this CSV");
  cmd->add_option(
      "--cache-dir", rq.cache_dir,
      "Cache of prepared networks (default $REACHPLAN_CACHE_DIR or ~/.cache/reachplan)");
  cmd->add_flag("--no-cache", o->no_cache, "Neither read nor write the cache");
  add_transit_options(cmd, o->request.transit, o->departure, /*window=*/true);
  add_common_options(cmd, common);
  return {cmd,
          [o, &common](std::ostream& out, std::ostream& err) {
            return matrix_command(*o, common, out, err);
          },
          /*distributed=*/true};
}

}  // namespace reachplan::cli
