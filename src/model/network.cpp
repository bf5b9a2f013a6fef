#include "reachplan/model/network.hpp"

#include <algorithm>

namespace reachplan::model {

const char* to_string(Status s) {
  switch (s) {
    case Status::existing:
      return "existing";
    case Status::under_construction:
      return "under_construction";
    case Status::planned:
      return "planned";
  }
  return "?";
}

std::optional<Status> status_from_string(const std::string& s) {
  if (s == "existing") return Status::existing;
  if (s == "under_construction") return Status::under_construction;
  if (s == "planned") return Status::planned;
  return std::nullopt;
}

namespace {
template <class Vec>
auto* find_by_id(Vec& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
template <class Vec>
std::vector<std::string> ids_of(const Vec& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& x : items) ids.push_back(x.id);
  return ids;
}
}  // namespace

const Node* Network::find_node(const std::string& id) const { return find_by_id(nodes, id); }
const Mode* Network::find_mode(const std::string& id) const { return find_by_id(modes, id); }
const Line* Network::find_line(const std::string& id) const { return find_by_id(lines, id); }
Node* Network::find_node(const std::string& id) { return find_by_id(nodes, id); }
Mode* Network::find_mode(const std::string& id) { return find_by_id(modes, id); }
Line* Network::find_line(const std::string& id) { return find_by_id(lines, id); }
std::vector<std::string> Network::node_ids() const { return ids_of(nodes); }
std::vector<std::string> Network::mode_ids() const { return ids_of(modes); }
std::vector<std::string> Network::line_ids() const { return ids_of(lines); }

}  // namespace reachplan::model
