// Finding a place from what a person typed (a command-line argument, a points CSV cell): its
// id, its `name` or its `name_zh` attribute. One home for the rule, so every command that
// takes a place accepts the same spellings and explains a miss the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "reachplan/model/scenario.hpp"

namespace reachplan::model {

// What a text names, tried in order, the first rule that matches anything deciding:
//   1. a node id, exactly (an id always wins);
//   2. a node's name or name_zh attribute, exactly;
//   3. a node's id or name ignoring ASCII case.
// One node under the deciding rule is a match; several are ambiguous; none is unknown.
struct PlaceMatch {
  std::vector<std::size_t> nodes;  // indices into network.nodes, in network order
  std::string error;               // empty for exactly one node; else the reason, for a person

  bool found() const { return nodes.size() == 1; }
};

PlaceMatch match_place(const Network& network, std::string_view text);

// The index into network.nodes of the place `text` names. Throws core::UsageError (exit 2)
// with match_place's message when it names none or several.
std::size_t resolve_place(const Network& network, std::string_view text);

// The node id of the place `text` names (resolve_place), for APIs that take ids.
const std::string& resolve_place_id(const Network& network, std::string_view text);

// A place or a group, for options that take either (surface --from/--to, isochrones): a node
// id first, then a group id (or "all"), then a node's name, name_zh or case-folded id/name.
// Returns the node or group id; throws core::UsageError listing ids and groups when unknown.
std::string resolve_place_or_group(const Scenario& scenario, std::string_view text);

}  // namespace reachplan::model
