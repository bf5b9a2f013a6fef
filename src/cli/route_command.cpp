#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "reachplan/analysis/engine.hpp"
#include "reachplan/model/places.hpp"
#include "reachplan/output/tables.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

struct RouteOptions {
  std::string scenario;
  std::string from;
  std::string to;
  std::string profile;  // empty: the scenario's default
};

int route_command(const RouteOptions& options, const CommonOptions& common, std::ostream& out,
                  std::ostream& err) {
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
  auto* cmd = app.add_subcommand("route", "Show the fastest trip between two places, leg by leg");
  cmd->add_option("scenario", options->scenario, "Scenario YAML file")->required();
  cmd->add_option("from", options->from, "Origin place: id, name or name_zh")->required();
  cmd->add_option("to", options->to, "Destination place: id, name or name_zh")->required();
  cmd->add_option("-p,--profile", options->profile, "Routing profile (default: the scenario's)");
  add_common_options(cmd, common);
  return {cmd, [options, &common](std::ostream& out, std::ostream& err) {
            return route_command(*options, common, out, err);
          }};
}

}  // namespace reachplan::cli
