// Lookups shared by the model's declarative tables (target kinds, output files): rows that
// carry a `name` are found by it and listed by it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace reachplan::model {

template <class Row>
const Row* find_by_name(const std::vector<Row>& rows, std::string_view name) {
  for (const Row& row : rows)
    if (row.name == name) return &row;
  return nullptr;
}

template <class Row, class Keep>
std::vector<std::string> names_of(const std::vector<Row>& rows, Keep keep) {
  std::vector<std::string> names;
  for (const Row& row : rows)
    if (keep(row)) names.emplace_back(row.name);
  return names;
}

template <class Row>
std::vector<std::string> names_of(const std::vector<Row>& rows) {
  return names_of(rows, [](const Row&) { return true; });
}

}  // namespace reachplan::model
