// Internal to io: the network while files and scenario edits are applied to it, each item with
// where each of its fields was last written (schema.hpp, Item).
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "reachplan/model/network.hpp"
#include "schema.hpp"

namespace reachplan::io::detail {

class NetworkState {
 public:
  explicit NetworkState(Diagnostics& diag) : diag_(diag) {}

  // A network file's top level (`network`, `nodes`, `modes`, `lines`, `links`; keys starting
  // with `x-` hold YAML anchors and are skipped).
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
  void add_item(const std::string& list, const Value& map);
  void add_placeholder(const std::string& list, const Value& map);
  void remove_item(const std::string& list, const Value& id);
  void modify_item(const std::string& list, const Value& map);
  template <class T>
  Item<T> parse_item(const Value& map, const std::vector<KeyValue>& entries, const KeyValue& id,
                     bool link = false);
  template <class T>
  void require(Item<T>& item, const Value& map, std::initializer_list<const char*> keys);

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
// sequences, segment data, chainage, lengths that disagree and whether every line can be
// timed. Every problem is kept in `diag`; items already broken are skipped.
void validate_network(const NetworkState& net, Diagnostics& diag);

}  // namespace reachplan::io::detail
