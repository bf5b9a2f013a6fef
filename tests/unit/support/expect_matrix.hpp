// Test helper: a whole expected travel-time matrix written as a table, checked cell by cell.
//
//   expect_matrix(minutes, R"(
//          | a          | b  | z
//     a    | 0          | 10 |
//     b    | 10         | 0  |
//     z    |            |    | 0
//   )");
//
// The first row names the destinations, the first column the origins. A cell is minutes, or a
// sum of parts ("10+3+20", so the table keeps the reason for each number); a blank cell means
// unreachable. `minutes(from, to)` returns NaN for unreachable. Every cell is checked (to a
// millisecond), and a failure names the origin, the destination and both values.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace reachplan::test {

namespace detail {

inline std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

inline std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream ss(row);
  for (std::string cell; std::getline(ss, cell, '|');) out.push_back(trimmed(cell));
  if (!row.empty() && row.back() == '|') out.push_back("");
  return out;
}

// "10+3+20" -> 33; "" -> NaN (unreachable).
inline double cell_minutes(const std::string& cell) {
  if (cell.empty()) return std::nan("");
  double sum = 0;
  std::stringstream ss(cell);
  for (std::string part; std::getline(ss, part, '+');) sum += std::stod(trimmed(part));
  return sum;
}

}  // namespace detail

using MinutesBetween = std::function<double(const std::string& from, const std::string& to)>;

inline void expect_matrix(const MinutesBetween& minutes, const std::string& table) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream ss(table);
  for (std::string line; std::getline(ss, line);)
    if (!detail::trimmed(line).empty()) rows.push_back(detail::cells(line));
  if (rows.size() < 2) throw std::invalid_argument("expect_matrix: a header and a row at least");
  const auto& header = rows.front();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() > header.size())
      throw std::invalid_argument("expect_matrix: row '" + row[0] + "' has too many cells");
    for (std::size_t c = 1; c < header.size(); ++c) {
      const double expected = detail::cell_minutes(c < row.size() ? row[c] : "");
      const double actual = minutes(row[0], header[c]);
      INFO(row[0] << " -> " << header[c] << ": expected "
                  << (std::isnan(expected) ? "unreachable" : std::to_string(expected)) << ", got "
                  << (std::isnan(actual) ? "unreachable" : std::to_string(actual)));
      if (std::isnan(expected)) {
        CHECK(std::isnan(actual));
      } else {
        CHECK(actual == Approx(expected).margin(1.0 / 60000));
      }
    }
  }
}

}  // namespace reachplan::test
