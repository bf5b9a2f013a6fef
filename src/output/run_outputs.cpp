#include "reachplan/output/run_outputs.hpp"

#include <algorithm>
#include <filesystem>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output {

const std::vector<std::string>& known_outputs() {
  static const std::vector<std::string> names = {"matrix.csv", "od.csv", "targets.csv",
                                                 "summary.json"};
  return names;
}

const std::vector<std::string>& known_gis_outputs() {
  static const std::vector<std::string> names = {
      "nodes.geojson", "links.geojson", "od.geojson",      "isochrones.geojson",
      "layers.gpkg",   "matrices.omx",  "travel_time.tif", "accessibility.tif"};
  return names;
}

void check_output_names(const model::Scenario& scenario) {
  std::vector<std::string> known = known_outputs();
  known.insert(known.end(), known_gis_outputs().begin(), known_gis_outputs().end());
  for (std::size_t i = 0; i < scenario.outputs.size(); ++i) {
    const auto& name = scenario.outputs[i];
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw core::InputError(scenario.where, "scenario.outputs[" + std::to_string(i) + "]",
                             "unknown output '" + name + "'" + core::did_you_mean(name, known));
  }
}

std::vector<std::string> write_run_outputs(const std::string& folder,
                                           const model::Scenario& scenario,
                                           const analysis::ScenarioResult& result,
                                           const std::vector<InputFile>& inputs,
                                           const std::vector<std::string>& warnings,
                                           const analysis::GisResult* gis,
                                           const analysis::Progress& progress) {
  check_output_names(scenario);
  const auto& wanted = scenario.outputs.empty() ? known_outputs() : scenario.outputs;
  // Render everything first: nothing is written unless every output could be produced.
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& name : wanted) {
    if (name == "matrix.csv") files.emplace_back(name, matrix_csv(result.key_matrix));
    if (name == "od.csv") files.emplace_back(name, od_csv(result.key_trips));
    if (name == "targets.csv") files.emplace_back(name, targets_csv(result.targets));
    if (name == "summary.json") files.emplace_back(name, summary_json(result, inputs, warnings));
  }
  for (const auto& m : result.matrices)
    files.emplace_back("matrix_" + m.spec.id + ".csv", matrix_csv(m.matrix));

  AtomicFileSet set;
  for (const auto& [name, content] : files)
    set.add((std::filesystem::path(folder) / name).string(), content);
  if (gis) stage_gis_outputs(set, folder, scenario, *gis, progress);
  const auto written = set.commit();
  return written;
}

}  // namespace reachplan::output
