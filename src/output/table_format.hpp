// Helpers shared by the text, CSV and JSON renderings of comparisons, rankings and N-1 checks
// (compare_text.cpp, compare_csv.cpp, compare_json.cpp, rank_tables.cpp, compare_outputs.cpp),
// so a figure or a label reads the same in each.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "number_format.hpp"
#include "reachplan/analysis/compare.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/tables.hpp"

namespace reachplan::output::detail {

using core::join;

inline std::string signed_int(int x) {
  return x > 0 ? "+" + std::to_string(x) : std::to_string(x);
}

// A reach threshold in a column name or label: whole minutes without decimals.
inline std::string threshold_label(double minutes) {
  return fixed(minutes, minutes == std::floor(minutes) ? 0 : 2);
}

// A text table: the first row is the header; columns padded, numbers (align 'r') right-aligned.
std::string text_table(const std::vector<std::vector<std::string>>& rows, const std::string& align,
                       const std::string& indent = "  ");

inline int total(const std::vector<int>& v) {
  return std::accumulate(v.begin(), v.end(), 0);
}
inline int count_of(const std::vector<int>& v, int x) {
  return static_cast<int>(std::count(v.begin(), v.end(), x));
}

// Target t's result in version v, if that version has the target.
inline const analysis::TargetResult* result_at(const analysis::Comparison& c, std::size_t t,
                                               std::size_t v) {
  const auto& at = c.targets[t].at[v];
  return at ? &c.versions[v].result.targets[*at] : nullptr;
}

// A time judged against a limit (minutes), printed so that the verdict shows in the figures.
// h:mm as every other time, except where h:mm would hide which side of the limit the time is
// on: when the time and the limit read the same in h:mm, or when the time is over by less than
// a minute. Then the time and the gap read h:mm:ss, with decimals of a second where whole
// seconds still read the same (a mean can lie within a second of the limit). So a failing
// time never reads as its limit and its gap never reads "+0:00".
struct TimeAgainstLimit {
  std::string time;  // "-" for NaN (unreachable)
  std::string gap;   // "+h:mm" or "+h:mm:ss" past the limit; "" when within or unreachable
};
TimeAgainstLimit time_against_limit(double minutes, double limit);

// Decimals for minutes judged against a limit in CSV and JSON: `least`, or more where `least`
// would print the time as the limit though it is on one side of it (up to 10, beyond the
// tolerance of model::within).
int decimals_against_limit(double minutes, double limit, int least = 2);
// Minutes in CSV against a limit: csv_minutes, with decimals_against_limit decimals.
std::string csv_minutes_against_limit(double minutes, double limit);
// A share of [0, 1] as a percentage next to its least share: one decimal, more where one
// would print it as the share it misses or passes ("49.96%", not "50.0%" against 50%).
std::string share_against_limit(double share, double least);

// A target's value in CSV: a share with four decimals, otherwise minutes or yuan as judged
// against the target's limit (the same decimals rule: never printed as the limit it misses).
inline std::string value_csv(const model::Target& t, double value) {
  return t.kind_info().value_unit() == "share" ? fixed(value, 4)
                                               : csv_minutes_against_limit(value, t.limit());
}

// An item's or a mean's value against a target's limit as people read it: a time "1:35" with
// its gap "+0:05", or on a cost target "312.50 yuan" with "+12.50 yuan".
TimeAgainstLimit value_against_limit(const model::Target& t, double value);
// A target's limit as people read it: "1:30" or "300 yuan".
std::string limit_text(const model::Target& t);

// Minutes from a to b in a key-pair matrix; none if either is not in it.
inline std::optional<double> key_minutes(const analysis::TravelTimeMatrix& k, const std::string& a,
                                         const std::string& b) {
  auto i = std::find(k.origins.begin(), k.origins.end(), a);
  auto j = std::find(k.destinations.begin(), k.destinations.end(), b);
  if (i == k.origins.end() || j == k.destinations.end()) return std::nullopt;
  return k.minutes(i - k.origins.begin(), j - k.destinations.begin());
}

// A JSON number rounded to `decimals`; null for NaN or infinity.
inline nlohmann::json json_number(double x, int decimals) {
  if (!std::isfinite(x)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  return std::round(x * scale) / scale;
}

// An outage's minutes lost (over the pairs still reachable) in text and HTML tables, marked
// "+ cut" when it also leaves pairs without a path: a cut must never read as "0.00 lost".
inline std::string minutes_lost_cell(const analysis::Outage& o) {
  return fixed(o.minutes_lost, 2) + (o.pairs_cut > 0 ? " + cut" : "");
}

// The ranking as JSON (ranking.json, and the "ranking" member of comparison.json).
nlohmann::json ranking_json(const analysis::Ranking& r);

// Stages the files of one folder in a set that lands whole on commit().
// OGR's .csvt beside a CSV (one quoted type per column: String, Integer, Real), so QGIS and OGR
// read numbers as numbers. Types come from the table's declared columns where `declared`
// names them ("column=Type,..."), then ids are String whatever they hold (columns named by
// id_column: "007" keeps its zeros), then the values (all integers: Integer; all numbers:
// Real; else String; an empty column String).
bool id_column(const std::string& column);
std::string csvt_for(const std::string& csv, const std::string& declared = "");
// foo.csv -> foo.csvt
std::string csvt_path(const std::string& csv_path);
// A CSV and its .csvt, staged together.
void add_csv(AtomicFileSet& set, const std::string& path, const std::string& csv,
             const std::string& declared = "");

struct FolderWriter {
  explicit FolderWriter(std::string f) : folder(std::move(f)) {}
  std::string folder;
  AtomicFileSet set;
  std::string path(const std::string& name) const {
    return output_path(folder, name, "output file name");
  }
  void operator()(const std::string& name, const std::string& content) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
      add_csv(set, path(name), content);
    else
      set.add(path(name), content);
  }
  std::vector<std::string> commit() { return set.commit(); }
};

}  // namespace reachplan::output::detail
