#include "reachplan/model/places.hpp"

#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::model {

namespace {

const std::string* attribute(const Node& node, const std::string& key) {
  const auto it = node.attributes.find(key);
  return it == node.attributes.end() ? nullptr : &it->second;
}
const std::string* name_zh(const Node& node) {
  return attribute(node, "name_zh");
}

// The nodes `same` accepts, in network order.
template <class Same>
std::vector<std::size_t> nodes_where(const Network& network, Same same) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < network.nodes.size(); ++i)
    if (same(network.nodes[i])) out.push_back(i);
  return out;
}

// "a (Foo, 福, Hubei)": the name, name_zh and province (those it has), enough to tell the
// candidates apart and pick one by id.
std::string describe(const Node& node) {
  std::string text = node.id + " (" + node.name;
  for (const char* key : {"name_zh", "province"})
    if (const std::string* value = attribute(node, key)) text += ", " + *value;
  return text + ")";
}

std::string ambiguity(const Network& network, std::string_view text,
                      const std::vector<std::size_t>& nodes) {
  std::vector<std::string> listed;
  for (std::size_t i : nodes) listed.push_back(describe(network.nodes[i]));
  return "'" + std::string(text) + "' matches " + std::to_string(nodes.size()) +
         " places: " + core::join(listed, ", ") + "; use the id";
}

// Every spelling a place is accepted by, for "did you mean" (ids, names, name_zh).
std::vector<std::string> spellings(const Network& network) {
  std::vector<std::string> out;
  for (const Node& node : network.nodes) {
    out.push_back(node.id);
    if (node.name != node.id) out.push_back(node.name);
    if (const std::string* zh = name_zh(node)) out.push_back(*zh);
  }
  return out;
}

// The nodes the first deciding rule accepts (see PlaceMatch); empty when none does.
std::vector<std::size_t> candidates(const Network& network, std::string_view text) {
  auto found = nodes_where(network, [&](const Node& n) { return n.id == text; });
  if (!found.empty()) return found;
  found = nodes_where(network, [&](const Node& n) {
    const std::string* zh = name_zh(n);
    return n.name == text || (zh && *zh == text);
  });
  if (!found.empty()) return found;
  const std::string folded = core::ascii_lower(text);
  return nodes_where(network, [&](const Node& n) {
    return core::ascii_lower(n.id) == folded || core::ascii_lower(n.name) == folded;
  });
}

}  // namespace

PlaceMatch match_place(const Network& network, std::string_view text) {
  PlaceMatch m;
  m.nodes = candidates(network, text);
  if (m.nodes.empty()) {
    m.error = "unknown place '" + std::string(text) + "'" +
              // Nothing is "near" an empty text: every short id would be.
              (text.empty() ? "" : core::did_you_mean(text, spellings(network)));
  } else if (m.nodes.size() > 1) {
    m.error = ambiguity(network, text, m.nodes);
  }
  return m;
}

std::size_t resolve_place(const Network& network, std::string_view text) {
  PlaceMatch m = match_place(network, text);
  if (!m.found()) throw core::UsageError(m.error);
  return m.nodes.front();
}

const std::string& resolve_place_id(const Network& network, std::string_view text) {
  return network.nodes[resolve_place(network, text)].id;
}

std::string resolve_place_or_group(const Scenario& scenario, std::string_view text) {
  const std::string word(text);
  // An exact node id wins over a group of that name, as it always has.
  if (scenario.network.find_node(word)) return word;
  if (word == "all" || scenario.groups.count(word)) return word;
  PlaceMatch m = match_place(scenario.network, text);
  if (m.found()) return scenario.network.nodes[m.nodes.front()].id;
  if (!m.nodes.empty()) throw core::UsageError(m.error);
  std::vector<std::string> known = spellings(scenario.network);
  for (const auto& [group, _] : scenario.groups) known.push_back(group);
  throw core::UsageError("unknown place or group '" + word + "'" + core::did_you_mean(word, known));
}

}  // namespace reachplan::model
