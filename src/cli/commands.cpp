#include "reachplan/cli/commands.hpp"

#include <filesystem>
#include <ostream>

#include "reachplan/analysis/run.hpp"
#include "reachplan/cli/main.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/run_outputs.hpp"

namespace reachplan::cli {

namespace {

struct Loaded {
  model::Scenario scenario;
  std::vector<std::string> warnings;
};

Loaded load(const std::string& path, const CommonOptions& common, std::ostream& err) {
  std::vector<io::Warning> warnings;
  io::LoadOptions options;
  options.strict = common.strict;
  Loaded l{io::load_scenario(path, warnings, options), {}};
  for (const auto& w : warnings) {
    l.warnings.push_back(w.str());
    err << "warning: " << w.str() << "\n";
  }
  return l;
}

std::vector<output::InputFile> hash_inputs(const model::Scenario& s) {
  std::vector<output::InputFile> files;
  for (const auto& f : s.input_files) files.push_back({f, core::sha256_file(f)});
  return files;
}

}  // namespace

int run_command(const RunOptions& options, const CommonOptions& common, std::ostream& out,
                std::ostream& err) {
  const Loaded l = load(options.scenario, common, err);
  output::check_output_names(l.scenario);  // before any work, so bad input writes nothing
  const auto inputs = hash_inputs(l.scenario);
  const auto result = analysis::run_scenario(l.scenario, common.threads);
  const std::string folder = options.output_folder.empty()
                                 ? (std::filesystem::path("out") / l.scenario.id).string()
                                 : options.output_folder;
  const auto written = output::write_run_outputs(folder, l.scenario, result, inputs, l.warnings);
  if (!common.quiet) {
    out << output::summary_text(result);
    out << "\nWrote " << written.size() << " files to " << folder << "\n";
  }
  return exit_ok;
}

int check_command(const std::string& scenario, const CommonOptions& common, std::ostream& out,
                  std::ostream& err) {
  const Loaded l = load(scenario, common, err);
  analysis::ScenarioEngine engine(l.scenario, common.threads);
  bool all_pass = true;
  int passed = 0;
  std::string text;
  for (const auto& target : l.scenario.targets) {
    const auto r = analysis::evaluate_target(engine, target);
    all_pass = all_pass && r.pass;
    passed += r.pass ? 1 : 0;
    text += output::target_text(r);
  }
  if (!common.quiet) {
    out << "Scenario " << l.scenario.id << ": " << passed << " of " << l.scenario.targets.size()
        << " targets pass\n"
        << text;
  }
  return all_pass ? exit_ok : exit_target_failed;
}

int validate_command(const std::vector<std::string>& files, const CommonOptions& common,
                     std::ostream& out, std::ostream& err) {
  // Every file is checked even after a failure, so one run lists every broken file.
  int status = exit_ok;
  for (const auto& f : files) {
    std::vector<io::Warning> warnings;
    io::LoadOptions options;
    options.strict = common.strict;
    try {
      std::string what;
      if (io::is_scenario_file(f)) {
        const auto s = io::load_scenario(f, warnings, options);
        int built = 0;
        for (const auto& line : s.network.lines) built += model::is_built(line, s) ? 1 : 0;
        what = "scenario '" + s.id + "': " + std::to_string(s.network.nodes.size()) + " places, " +
               std::to_string(built) + " of " + std::to_string(s.network.lines.size()) +
               " lines built, " + std::to_string(s.targets.size()) + " targets";
      } else {
        const auto n = io::load_network(f, warnings, options);
        what = "network: " + std::to_string(n.nodes.size()) + " places, " +
               std::to_string(n.modes.size()) + " modes, " + std::to_string(n.lines.size()) +
               " lines and links";
      }
      for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
      if (!common.quiet) out << f << ": ok (" << what << ")\n";
    } catch (const core::InputError& e) {
      for (const auto& w : warnings) err << "warning: " << w.str() << "\n";
      err << "error: " << e.what() << "\n";
      status = exit_bad_input;
    }
  }
  return status;
}

int route_command(const RouteOptions& options, const CommonOptions& common, std::ostream& out,
                  std::ostream& err) {
  const Loaded l = load(options.scenario, common, err);
  analysis::ScenarioEngine engine(l.scenario, common.threads);
  const auto trip = engine.trip(options.profile, options.from, options.to);
  out << "Scenario " << l.scenario.id << ", profile " << l.scenario.profile(options.profile).id
      << "\n"
      << output::trip_text(trip);
  return exit_ok;
}

}  // namespace reachplan::cli
