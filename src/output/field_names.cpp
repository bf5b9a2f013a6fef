#include "field_names.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "reachplan/core/error.hpp"

namespace reachplan::output::detail {

namespace {

// The words that cannot be a column's name unquoted: SQLite's reserved keywords (those without
// its identifier fallback, https://sqlite.org/lang_keywords.html) and PostgreSQL's reserved
// ones (where ogr2ogr takes a GeoPackage). Sorted, for binary search.
constexpr std::array<std::string_view, 103> sql_keywords = {
    "add",          "all",
    "alter",        "analyse",
    "analyze",      "and",
    "any",          "array",
    "as",           "asc",
    "asymmetric",   "autoincrement",
    "between",      "both",
    "case",         "cast",
    "check",        "collate",
    "column",       "commit",
    "constraint",   "create",
    "cross",        "current_catalog",
    "current_date", "current_role",
    "current_time", "current_timestamp",
    "current_user", "default",
    "deferrable",   "delete",
    "desc",         "distinct",
    "do",           "drop",
    "else",         "end",
    "escape",       "except",
    "exists",       "false",
    "fetch",        "for",
    "foreign",      "from",
    "full",         "grant",
    "group",        "having",
    "in",           "index",
    "initially",    "inner",
    "insert",       "intersect",
    "into",         "is",
    "isnull",       "join",
    "lateral",      "leading",
    "left",         "limit",
    "localtime",    "localtimestamp",
    "natural",      "not",
    "notnull",      "null",
    "offset",       "on",
    "only",         "or",
    "order",        "outer",
    "placing",      "primary",
    "references",   "returning",
    "right",        "select",
    "session_user", "set",
    "some",         "symmetric",
    "table",        "then",
    "to",           "trailing",
    "transaction",  "true",
    "union",        "unique",
    "update",       "user",
    "using",        "values",
    "variadic",     "when",
    "where",        "window",
    "with",
};

bool sql_keyword(const std::string& name) {
  return std::binary_search(sql_keywords.begin(), sql_keywords.end(), name);
}

// `wanted` as a safe identifier (not yet checked against keywords or names taken).
std::string safe_form(const std::string& wanted) {
  std::string out;
  for (const char ch : wanted) {
    const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (plain)
      out += c;
    else if (out.empty() || out.back() != '_')
      out += '_';
  }
  if (out.empty() || !(out[0] >= 'a' && out[0] <= 'z')) out = "f_" + out;
  return out;
}

}  // namespace

bool safe_field_name(const std::string& name) {
  return !name.empty() && name == safe_form(name) && !sql_keyword(name);
}

bool FieldNames::taken(const std::string& name) const {
  return lower_taken_.count(name) > 0 || sql_keyword(name);
}

const std::string& FieldNames::add(const std::string& key, const std::string& wanted,
                                   const std::string& prefix) {
  if (by_key_.count(key)) throw core::OutputError("internal: field '" + key + "' added twice");
  std::string base = safe_form(wanted);
  if (!prefix.empty() && taken(base)) base = safe_form(prefix + wanted);
  std::string name = base;
  for (int n = 2; taken(name); ++n) name = base + "_" + std::to_string(n);
  lower_taken_.emplace(name, wanted);
  if (name != wanted) renamed_.emplace_back(wanted, name);
  return by_key_.emplace(key, name).first->second;
}

const std::string& FieldNames::operator[](const std::string& key) const {
  const auto it = by_key_.find(key);
  if (it == by_key_.end()) throw core::OutputError("internal: no field '" + key + "'");
  return it->second;
}

std::string FieldNames::renamed() const {
  std::string out;
  for (const auto& [wanted, name] : renamed_) out += (out.empty() ? "" : ",") + wanted + "=" + name;
  return out;
}

}  // namespace reachplan::output::detail

namespace reachplan::output {

// <layer>_<scenario id>, lower case, every run of characters other than [a-z0-9] one '_': a
// plain SQL and Shapefile identifier (the layer names start with a letter), and two scenarios
// whose ids differ only in case or punctuation share a name only if both are loaded from one
// folder, which one run never writes.
std::string layer_table_name(const std::string& layer, const std::string& scenario_id) {
  if (scenario_id.empty()) return layer;
  std::string name = layer + "_";
  bool gap = false;
  for (char ch : scenario_id) {
    const char lower = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      if (gap && name.back() != '_') name += '_';
      name += lower;
      gap = false;
    } else {
      gap = true;
    }
  }
  while (name.back() == '_') name.pop_back();
  return name;
}

}  // namespace reachplan::output
