// Internal to io: the network while files and scenario edits are applied to it. Each item keeps
// where each of its fields was last written, so that checks made once everything is known
// (references, stop sequences, timing) can still point at the right line of the right file.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "reachplan/model/network.hpp"
#include "yaml_value.hpp"

namespace reachplan::io::detail {

using FieldOrigins = std::map<std::string, Origin>;

template <class T>
struct Item {
  T value;
  Origin origin;        // the item's map
  FieldOrigins fields;  // "mode", "stops[2]", "stops[2].km", "access_min.hsr", ...
  const Origin& at(const std::string& field) const {
    auto it = fields.find(field);
    return it == fields.end() ? origin : it->second;
  }
};

class NetworkState {
 public:
  explicit NetworkState(Diagnostics& diag) : diag_(diag) {}

  // A network file's top level (`network`, `nodes`, `modes`, `lines`, `links`).
  void add_file(const Value& root);
  // scenario.add / scenario.remove / scenario.modify maps.
  void add(const Value& map);
  void remove(const Value& map);
  void modify(const Value& map);

  const std::vector<Item<model::Node>>& nodes() const { return nodes_; }
  const std::vector<Item<model::Mode>>& modes() const { return modes_; }
  const std::vector<Item<model::Line>>& lines() const { return lines_; }
  const Item<model::Node>* find_node(const std::string& id) const;
  const Item<model::Mode>* find_mode(const std::string& id) const;
  const Item<model::Line>* find_line(const std::string& id) const;
  std::vector<std::string> node_ids() const;
  std::vector<std::string> mode_ids() const;
  std::vector<std::string> line_ids() const;

  // Where an id was removed (and not added back since), by kind; lines and links share one.
  const std::map<std::string, Origin>& removed_nodes() const { return removed_nodes_; }
  const std::map<std::string, Origin>& removed_modes() const { return removed_modes_; }
  const std::map<std::string, Origin>& removed_lines() const { return removed_lines_; }

  model::Network network() const;

 private:
  void add_list(const KeyValue& entry);

  Diagnostics& diag_;
  std::vector<Item<model::Node>> nodes_;
  std::vector<Item<model::Mode>> modes_;
  std::vector<Item<model::Line>> lines_;
  std::unordered_map<std::string, std::size_t> node_index_, mode_index_, line_index_;
  std::map<std::string, Origin> removed_nodes_, removed_modes_, removed_lines_;
  std::size_t items_added_ = 0;  // places, modes, lines and stops, against limits::
};

// " (removed at file:line:col)" when `id` was removed, else "".
std::string removed_note(const std::map<std::string, Origin>& removed, const std::string& id);

// Cross-checks a finished network: duplicate-free by construction; here references, stop
// sequences, segment data, chainage and whether every line can be timed.
void validate_network(const NetworkState& net, Diagnostics& diag);

}  // namespace reachplan::io::detail
