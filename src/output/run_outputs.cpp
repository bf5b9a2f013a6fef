#include "reachplan/output/run_outputs.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "number_format.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/model/outputs.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/gis_outputs.hpp"
#include "table_format.hpp"

namespace reachplan::output {

namespace {

// How each table of the registry (model/outputs.hpp) is written from a run, as a stream: od.csv
// finds its trips origin by origin as it writes, so no table is held whole in memory.
struct TableWriter {
  std::string_view name;
  void (*write)(std::ostream&, const analysis::ScenarioResult&, const std::vector<InputFile>&,
                const std::vector<std::string>&);
};
// The .csvt of a streamed table, from its header and declared columns (the rows are not
// held): matrix.csv is an origin id and minutes, od.csv declares every column.
std::string streamed_csvt(std::string_view name, const analysis::ScenarioResult& r) {
  if (name == "matrix.csv") {
    std::string s = "\"String\"";
    for (std::size_t j = 0; j < r.key_matrix.destinations.size(); ++j) s += ",\"Real\"";
    return s + "\n";
  }
  if (name == "od.csv") {
    std::string types = "minutes=Real,transfers=Integer,yuan=Real";
    for (double p : r.key_trips.percentiles())
      types += ",minutes_" + detail::percentile_name(p) + "=Real";
    if (!r.key_trips.percentiles().empty()) types += ",minutes_min=Real";
    return detail::csvt_for(od_csv(std::vector<analysis::Trip>{}, r.key_trips.percentiles()),
                            types);
  }
  return detail::csvt_for(targets_csv(r.targets),
                          "max_minutes=Real,min_share=Real,value=Real,"
                          "items_met=Integer,items_total=Integer,"
                          "worst_minutes=Real,max_yuan=Real,worst_yuan=Real");
}

const TableWriter table_writers[] = {
    {"matrix.csv", [](std::ostream& o, const auto& r, const auto&,
                      const auto&) { o << matrix_csv(r.key_matrix); }},
    {"od.csv", [](std::ostream& o, const auto& r, const auto&,
                  const auto&) { write_od_csv(o, r.key_trips); }},
    {"targets.csv",
     [](std::ostream& o, const auto& r, const auto&, const auto&) { o << targets_csv(r.targets); }},
    {"summary.json", [](std::ostream& o, const auto& r, const auto& inputs,
                        const auto& warnings) { o << summary_json(r, inputs, warnings); }},
};

}  // namespace

void check_output_names(const model::Scenario& scenario) {
  for (std::size_t i = 0; i < scenario.outputs.size(); ++i) {
    const auto& name = scenario.outputs[i];
    if (!model::find_output_file(name))
      throw core::InputError(
          scenario.where, "scenario.outputs[" + std::to_string(i) + "]",
          "unknown output '" + name + "'" + core::did_you_mean(name, model::output_file_names()));
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
  const auto wanted = scenario.outputs.empty() ? model::default_output_files() : scenario.outputs;
  // Everything is staged first: nothing is replaced unless every output could be produced.
  AtomicFileSet set;
  for (const auto& name : wanted)
    for (const TableWriter& w : table_writers)
      if (w.name == name) {
        const std::string path = output_path(folder, name, "output file name");
        set.add_stream(path, [&](std::ostream& o) { w.write(o, result, inputs, warnings); });
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
          set.add(detail::csvt_path(path), streamed_csvt(name, result));
      }
  for (const auto& m : result.matrices)
    detail::add_csv(
        set, output_path(folder, "matrix_" + m.spec.id + ".csv", "matrix id '" + m.spec.id + "'"),
        matrix_csv(m.matrix));
  if (gis) stage_gis_outputs(set, folder, scenario, *gis, progress);
  const auto written = set.commit();
  return written;
}

}  // namespace reachplan::output
