#include "scenario_loading.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "reachplan/analysis/gis.hpp"
#include "reachplan/analysis/memory_estimate.hpp"
#include "reachplan/analysis/timetable_trips.hpp"
#include "reachplan/io/load.hpp"
#include "reachplan/output/run_outputs.hpp"

namespace reachplan::cli {

void add_common_options(CLI::App* command, CommonOptions& common) {
  command->add_flag("-q,--quiet", common.quiet, "Print nothing on success");
  auto* strict = command->add_flag("--strict", common.strict, "Treat warnings as errors");
  command
      ->add_flag("--lenient", common.lenient,
                 "Unknown YAML keys are warnings, not errors (for files of older versions)")
      ->excludes(strict);
  command->add_option("-j,--threads", common.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  command->add_option("--max-memory", common.max_memory,
                      "Refuse a request estimated to need more memory than this, before any "
                      "work: 512M, 8G, a share of physical memory (50%), 0 = no limit "
                      "(default 50%)");
}

std::uint64_t memory_limit(const CommonOptions& common) {
  return common.max_memory.empty() ? analysis::default_memory_limit()
                                   : analysis::parse_memory_size(common.max_memory);
}

io::LoadOptions load_options(const CommonOptions& common) {
  io::LoadOptions options;
  options.strict = common.strict;
  options.lenient = common.lenient;
  return options;
}

LoadedScenario load_scenario_file(const std::string& path, const CommonOptions& common,
                                  std::ostream& err) {
  std::vector<io::Warning> warnings;
  LoadedScenario l{io::load_scenario(path, warnings, load_options(common)), {}};
  for (const auto& w : warnings) {
    l.warnings.push_back(w.str());
    err << "warning: " << w.str() << "\n";
  }
  return l;
}

RunChecks check_runnable(const model::Scenario& s, const CommonOptions& common) {
  output::check_output_names(s);
  RunChecks checks;
  const model::GisSpec& gis = s.gis;
  if (!gis.empty()) {
    analysis::check_gis_request(s, gis);
    if (analysis::needs_grid(gis)) {
      try {
        checks.grid = analysis::make_grid(s, gis);
      } catch (const core::UsageError& e) {
        // A grid the scenario file describes: the error points at its `grid:` map.
        if (!gis.grid.where.known()) throw;
        throw core::InputError(gis.grid.where, "scenario.outputs.grid", e.what());
      }
    }
  }
  // Before the graphs are built: a request too big for the machine does no work at all.
  analysis::check_memory(analysis::estimate_scenario(s, checks.grid ? &*checks.grid : nullptr),
                         memory_limit(common));
  checks.engine = std::make_unique<analysis::ScenarioEngine>(s, common.threads);
  for (const auto& [id, _] : s.profiles) (void)checks.engine->graph(id);
  if (s.transit) {
    analysis::refuse_timetable_cost_targets(s);
    try {
      (void)checks.engine->timetable();  // the feeds are read and checked before any output
    } catch (const core::InputError& e) {
      // A feed's own errors name its file and row; the rest ("no service on ...") need the
      // scenario's line too.
      if (!e.where().file.empty()) throw;
      throw core::InputError(s.transit->where, "scenario.transit", e.what());
    }
  }
  return checks;
}

}  // namespace reachplan::cli
