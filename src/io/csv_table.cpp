// Strict CSV tables (csv_table.hpp).
#include "csv_table.hpp"

#include <functional>

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::io::detail {

namespace {

std::string trimmed(std::string_view s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return "";
  return std::string(s.substr(a, s.find_last_not_of(" \t") - a + 1));
}

using Fail = std::function<void(const std::string&)>;

// A quoted field starting at line[i] == '"': its text with "" read as ", and i moved past the
// closing quote. A quoted field ends on its line.
std::string quoted_field(std::string_view line, std::size_t& i, std::size_t number,
                         const Fail& fail) {
  const std::size_t open = i++;
  std::string field;
  for (;; ++i) {
    if (i >= line.size()) {
      fail("unclosed quote in field " + std::to_string(number) + ": " +
           quoted_value(line.substr(open)) + " (a quoted field must end on its line)");
    }
    if (line[i] != '"') {
      field += line[i];
    } else if (i + 1 < line.size() && line[i + 1] == '"') {
      field += '"';
      ++i;
    } else {
      break;
    }
  }
  const std::size_t close = ++i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i < line.size() && line[i] != ',') {
    fail("text after the closing quote of field " + std::to_string(number) + ": " +
         quoted_value(line.substr(open, line.find(',', close) - open)));
  }
  return field;
}

}  // namespace

std::string quoted_value(std::string_view value) {
  return "'" + core::cut_text(value) + "'";
}

std::vector<std::string> csv_fields(std::string_view line, const Fail& fail) {
  std::vector<std::string> out;
  for (std::size_t i = 0;; ++i) {  // i: the start of a field (after the comma before it)
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      out.push_back(trimmed(quoted_field(line, i, out.size() + 1, fail)));
    } else {
      const std::size_t end = std::min(line.find(',', i), line.size());
      const std::string_view field = line.substr(i, end - i);
      if (field.find('"') != std::string_view::npos) {
        fail("a quote inside unquoted field " + std::to_string(out.size() + 1) + ": " +
             quoted_value(field) + " (quote the whole field and double the quotes in it)");
      }
      out.push_back(trimmed(field));
      i = end;
    }
    if (i >= line.size()) return out;
  }
}

CsvTable::CsvTable(std::string name, std::string_view text) : name_(std::move(name)) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (int n = 1;; ++n) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) {  // blank lines are skipped
      const auto fail = [&](const std::string& what) {
        throw core::InputError({name_, n, 0}, "", what);
      };
      auto fields = csv_fields(line, fail);
      if (header_line_ == 0) {
        header_line_ = n;
        header_ = std::move(fields);
        for (std::size_t i = 0; i < header_.size(); ++i) {
          if (header_[i].empty()) continue;  // an unnamed extra column (a trailing comma)
          const auto [it, fresh] = columns_.emplace(header_[i], static_cast<int>(i));
          if (!fresh)
            fail("column " + quoted_value(header_[i]) + " given twice in the header (columns " +
                 std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
        }
      } else {
        if (fields.size() > header_.size())
          fail("row has " + std::to_string(fields.size()) + " fields, the header " +
               std::to_string(header_.size()) + " (a value with a comma needs quotes)");
        rows_.push_back(std::move(fields));
        lines_.push_back(n);
      }
    }
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
}

int CsvTable::column_of(std::string_view column) const {
  const auto it = columns_.find(std::string(column));
  return it == columns_.end() ? -1 : it->second;
}

const std::string& CsvTable::field(std::size_t row, int column) const {
  static const std::string missing;
  const auto& r = rows_[row];
  return column >= 0 && static_cast<std::size_t>(column) < r.size() ? r[column] : missing;
}

const std::string& CsvTable::field(std::size_t row, std::string_view column) const {
  return field(row, column_of(column));
}

void CsvTable::fail(std::size_t row, const std::string& what) const {
  throw core::InputError({name_, lines_[row], 0}, "", what);
}

void CsvTable::fail_header(const std::string& what) const {
  throw core::InputError({name_, header_line_ > 0 ? header_line_ : 1, 0}, "", what);
}

}  // namespace reachplan::io::detail
