#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "reachplan/analysis/engine.hpp"
#include "reachplan/analysis/transit_route.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/model/places.hpp"
#include "reachplan/output/tables.hpp"
#include "reachplan/output/transit_route.hpp"
#include "scenario_loading.hpp"
#include "transit_options.hpp"

namespace reachplan::cli {

namespace {

struct RouteOptions {
  std::vector<std::string> args;  // scenario from to; with --gtfs: from to
  std::string scenario;
  std::string from;
  std::string to;
  std::string profile;                   // empty: the scenario's default
  analysis::PointMatrixRequest transit;  // with --gtfs
  std::string departure;
  bool no_cache = false;
};

// Over timetables: the trip leaving at --departure, in clock times.
int transit_route_command(RouteOptions options, const CommonOptions& common, std::ostream& out,
                          std::ostream& err) {
  if (options.args.size() != 2)
    throw core::UsageError("route --gtfs takes two places: FROM TO (lon,lat, stop_id or name)");
  if (options.transit.transit.date.empty())
    throw core::UsageError("--gtfs needs --date YYYY-MM-DD");
  if (options.departure.empty()) throw core::UsageError("--gtfs needs --departure HH:MM");
  auto& rq = options.transit;
  rq.transit.departure = departure_seconds(options.departure);
  rq.profile = options.profile;
  rq.use_cache = !options.no_cache;
  rq.threads = common.threads;
  rq.warn = [&err](const std::string& w) { err << "warning: " << w << "\n"; };
  const auto r = analysis::transit_route(rq, options.args[0], options.args[1]);
  out << output::transit_route_text(r);
  return exit_ok;
}

int route_command(RouteOptions options, const CommonOptions& common, std::ostream& out,
                  std::ostream& err) {
  if (!options.transit.transit.feeds.empty())
    return transit_route_command(std::move(options), common, out, err);
  if (options.args.size() != 3)
    throw core::UsageError("route takes a scenario and two places: SCENARIO FROM TO");
  options.scenario = options.args[0];
  options.from = options.args[1];
  options.to = options.args[2];
  const auto l = load_scenario_file(options.scenario, common, err);
  analysis::ScenarioEngine engine(l.scenario, common.threads);
  // The profile first, then the origin, then the destination: errors come in that order.
  const std::string& profile = l.scenario.profile(options.profile).id;
  const std::string& from = model::resolve_place_id(l.scenario.network, options.from);
  const std::string& to = model::resolve_place_id(l.scenario.network, options.to);
  const auto trip = engine.trip(profile, from, to);
  out << "Scenario " << l.scenario.id << ", profile " << profile << "\n" << output::trip_text(trip);
  return exit_ok;
}

}  // namespace

Registered register_route(CLI::App& app, CommonOptions& common) {
  auto options = std::make_shared<RouteOptions>();
  auto* cmd = app.add_subcommand(
      "route",
      "Show the fastest trip between two places, leg by leg: SCENARIO FROM TO, or with --gtfs "
      "FROM TO over timetables in clock times");
  cmd->add_option("args", options->args,
                  "SCENARIO FROM TO (places: id, name or name_zh); with --gtfs FROM TO (lon,lat, "
                  "stop_id or stop name)")
      ->required()
      ->expected(2, 3);
  cmd->add_option("-p,--profile", options->profile,
                  "Routing profile (default: the scenario's); with --gtfs the street profile "
                  "(default walk)");
  cmd->add_option(
      "--network", options->transit.network,
      "With --gtfs: streets to walk on (.osm.pbf, .osm, .gpkg); default straight lines");
  cmd->add_option("--max-snap-m", options->transit.max_snap_m,
                  "With --gtfs and --network: farthest join of a point or stop to the streets")
      ->capture_default_str();
  cmd->add_option("--cache-dir", options->transit.cache_dir,
                  "With --network: cache of prepared networks (default $REACHPLAN_CACHE_DIR or "
                  "~/.cache/reachplan)");
  cmd->add_flag("--no-cache", options->no_cache,
                "With --network: neither read nor write the cache");
  add_transit_options(cmd, options->transit.transit, options->departure, /*window=*/false);
  add_common_options(cmd, common);
  return {cmd, [options, &common](std::ostream& out, std::ostream& err) {
            return route_command(*options, common, out, err);
          }};
}

}  // namespace reachplan::cli
