#include <CLI/CLI.hpp>
#include <ostream>

#include <filesystem>
#include "reachplan/cli/command.hpp"
#include "reachplan/cli/main.hpp"

#include "reachplan/analysis/run.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/output/run_outputs.hpp"
#include "scenario_loading.hpp"

namespace reachplan::cli {

namespace {

struct RunOptions {
  std::string scenario;
  std::string output_folder;  // empty: out/<scenario id>
};

std::vector<output::InputFile> hash_inputs(const model::Scenario& s) {
  std::vector<output::InputFile> files;
  for (const auto& f : s.input_files) files.push_back({f, core::sha256_file(f)});
  return files;
}

int run_command(const RunOptions& options, const CommonOptions& common, std::ostream& out,
                std::ostream& err) {
  const auto l = load_scenario_file(options.scenario, common, err);
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

}  // namespace

Registered register_run(CLI::App& app, CommonOptions& common) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run", "Run a scenario: print the matrix and target verdicts, write the outputs");
  cmd->add_option("scenario", options->scenario, "Scenario YAML file")->required();
  cmd->add_option("-o,--output", options->output_folder,
                  "Output folder (default: out/<scenario id>)");
  add_common_options(cmd, common);
  return {cmd, [options, &common](std::ostream& out, std::ostream& err) {
            return run_command(*options, common, out, err);
          }};
}

}  // namespace reachplan::cli
