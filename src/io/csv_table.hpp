// Internal to io: a strict reader of comma-separated tables (the points file, GTFS feeds).
// UTF-8 (a byte order mark is skipped), LF or CRLF line ends, blank lines skipped, spaces and
// tabs around fields trimmed (header names too: feeds write " agency_name"), RFC 4180 quotes
// ("" inside quotes) within one line. Every mistake is a core::InputError "file:line: ..."
// naming the value: a bad quote, a duplicate column, a row with more fields than the header.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reachplan::io::detail {

class CsvTable {
 public:
  // `name` is what messages call the file (a path, or "feed.zip/stops.txt").
  CsvTable(std::string name, std::string_view text);

  const std::string& name() const { return name_; }
  std::size_t rows() const { return rows_.size(); }
  int line(std::size_t row) const { return lines_[row]; }
  int header_line() const { return header_line_; }
  bool has(std::string_view column) const { return column_of(column) >= 0; }
  // The field of a row ("" where the row is short or the column absent).
  const std::string& field(std::size_t row, std::string_view column) const;
  // Column index for repeated lookups (-1 when absent) and the field by index.
  int column_of(std::string_view column) const;
  const std::string& field(std::size_t row, int column) const;
  const std::vector<std::string>& header() const { return header_; }

  // Throws core::InputError at the row's line: "name:line: what".
  [[noreturn]] void fail(std::size_t row, const std::string& what) const;
  [[noreturn]] void fail_header(const std::string& what) const;

 private:
  std::string name_;
  std::vector<std::string> header_;
  std::unordered_map<std::string, int> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;
  int header_line_ = 0;
};

// One CSV record of a line, fields trimmed; `fail` is called with a message on a bad quote.
std::vector<std::string> csv_fields(std::string_view line,
                                    const std::function<void(const std::string&)>& fail);

// A value from a file for a message, quoted and cut short.
std::string quoted_value(std::string_view value);

}  // namespace reachplan::io::detail
