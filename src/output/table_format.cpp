#include "table_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace reachplan::output::detail {

namespace {

// Is the time on a side of the limit (over it, or under it by more than the tolerance), so
// that printing it as the limit would misstate it?
bool apart(double minutes, double limit) {
  return !model::within(minutes, limit) || minutes < limit - model::limit_tolerance_minutes;
}

}  // namespace

TimeAgainstLimit time_against_limit(double minutes, double limit) {
  if (std::isnan(minutes)) return {core::format_hmm(minutes), ""};
  const bool over = !model::within(minutes, limit);
  const bool hidden =
      apart(minutes, limit) &&
      (core::format_hmm(minutes) == core::format_hmm(limit) || (over && minutes - limit < 1));
  if (!hidden)
    return {core::format_hmm(minutes), over ? "+" + core::format_hmm(minutes - limit) : ""};
  int decimals = 0;
  while (decimals < 9 &&
         core::format_hmmss(minutes, decimals) == core::format_hmmss(limit, decimals))
    ++decimals;
  // The gap as printed time minus printed limit, so the three figures add up.
  const double unit = std::pow(10.0, decimals);
  const auto units = [&](double m) { return std::round(m * 60 * unit); };
  const double gap = (units(minutes) - units(limit)) / unit / 60;
  return {core::format_hmmss(minutes, decimals),
          over ? "+" + core::format_hmmss(gap, decimals) : ""};
}

TimeAgainstLimit value_against_limit(const model::Target& t, double value) {
  if (t.measure == model::Target::Measure::time) return time_against_limit(value, t.limit());
  if (std::isnan(value)) return {"-", ""};
  const int decimals = decimals_against_limit(value, t.limit());
  const bool over = !model::within(value, t.limit());
  return {fixed(value, decimals) + " yuan",
          over ? "+" + fixed(value - t.limit(), decimals) + " yuan" : ""};
}

std::string limit_text(const model::Target& t) {
  if (t.measure == model::Target::Measure::time) return core::format_hmm(t.limit());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", t.limit());
  return std::string(buf) + " yuan";
}

int decimals_against_limit(double minutes, double limit, int least) {
  int decimals = least;
  while (decimals < 10 && std::isfinite(minutes) && apart(minutes, limit) &&
         fixed(minutes, decimals) == fixed(limit, decimals))
    ++decimals;
  return decimals;
}

std::string csv_minutes_against_limit(double minutes, double limit) {
  const int decimals = decimals_against_limit(minutes, limit);
  return decimals == 2 ? csv_minutes(minutes) : fixed(minutes, decimals);
}

std::string share_against_limit(double share, double least) {
  return fixed(share * 100, decimals_against_limit(share * 100, least * 100, 1)) + "%";
}

std::string text_table(const std::vector<std::vector<std::string>>& rows, const std::string& align,
                       const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string s;
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool right = c < align.size() && align[c] == 'r';
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c ? "  " : "") + (right ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : ""));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    s += line + "\n";
  }
  return s;
}

namespace {

// The fields of one CSV record from `at` (RFC 4180 quoting); moves `at` past the record.
std::vector<std::string> csvt_record(const std::string& csv, std::size_t& at) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (; at < csv.size(); ++at) {
    const char ch = csv[at];
    if (quoted) {
      if (ch == '"' && at + 1 < csv.size() && csv[at + 1] == '"') {
        fields.back() += '"';
        ++at;
      } else if (ch == '"') {
        quoted = false;
      } else {
        fields.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.emplace_back();
    } else if (ch == '\n') {
      ++at;
      break;
    } else if (ch != '\r') {
      fields.back() += ch;
    }
  }
  return fields;
}

enum class CsvtKind { empty, integer, real, text };

// Plain decimals only, as every tool reads them: "nan", "inf", hex or spaces are text.
CsvtKind csvt_kind_of(const std::string& v) {
  if (v.empty()) return CsvtKind::empty;
  const char* first = v.data() + (v[0] == '+' ? 1 : 0);
  const char* last = v.data() + v.size();
  if (first == last || (first != v.data() && (*first == '+' || *first == '-')))
    return CsvtKind::text;  // "+", "+-5"
  if (v.find_first_not_of("+-0123456789", first - v.data()) == std::string::npos) {
    long long i = 0;
    const auto r = std::from_chars(first, last, i);
    if (r.ec == std::errc() && r.ptr == last) return CsvtKind::integer;
  }
  if (v.find_first_not_of("+-0123456789.eE", first - v.data()) == std::string::npos) {
    double d = 0;
    const auto r = std::from_chars(first, last, d);
    if (r.ec == std::errc() && r.ptr == last) return CsvtKind::real;
  }
  return CsvtKind::text;
}

}  // namespace

bool id_column(const std::string& c) {
  static const char* ids[] = {"id",     "origin", "destination", "from",    "to",
                              "target", "line",   "version",     "place",   "group",
                              "node",   "stop",   "from_stop",   "to_stop", "profile"};
  for (const char* id : ids)
    if (c == id) return true;
  const auto ends = [&](const std::string& suffix) {
    return c.size() > suffix.size() &&
           c.compare(c.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends("_id") || ends("_origin") || ends("_destination") || ends("_line") || ends("_node") ||
         c.rfind("id_", 0) == 0;
}

std::string csvt_for(const std::string& csv, const std::string& declared) {
  std::size_t at = 0;
  const std::vector<std::string> header = csvt_record(csv, at);
  std::vector<CsvtKind> kinds(header.size(), CsvtKind::empty);
  while (at < csv.size()) {
    const auto row = csvt_record(csv, at);
    for (std::size_t i = 0; i < row.size() && i < kinds.size(); ++i)
      if (kinds[i] != CsvtKind::text) kinds[i] = std::max(kinds[i], csvt_kind_of(row[i]));
  }
  std::map<std::string, std::string> given;
  for (std::size_t from = 0; from < declared.size();) {
    const std::size_t comma = std::min(declared.find(',', from), declared.size());
    const std::string item = declared.substr(from, comma - from);
    const auto eq = item.find('=');
    if (eq != std::string::npos) given[item.substr(0, eq)] = item.substr(eq + 1);
    from = comma + 1;
  }
  std::string s;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string type = kinds[i] == CsvtKind::integer ? "Integer"
                       : kinds[i] == CsvtKind::real  ? "Real"
                                                     : "String";
    if (id_column(header[i])) type = "String";
    if (given.count(header[i])) type = given[header[i]];
    s += (i ? ",\"" : "\"") + type + "\"";
  }
  return s + "\n";
}

std::string csvt_path(const std::string& csv_path) {
  return csv_path + "t";
}

void add_csv(AtomicFileSet& set, const std::string& path, const std::string& csv,
             const std::string& declared) {
  set.add(path, csv);
  set.add(csvt_path(path), csvt_for(csv, declared));
}

}  // namespace reachplan::output::detail
