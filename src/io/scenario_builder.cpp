#include "scenario_builder.hpp"

#include <algorithm>
#include <filesystem>

#include "limits_check.hpp"
#include "network_schema.hpp"
#include "reachplan/core/paths.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/limits.hpp"
#include "scenario_schema.hpp"
#include "transit_spec.hpp"

namespace reachplan::io::detail {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> scenario_keys = {
    "id",      "name",     "year",    "description",  "extends",         "networks", "build",
    "add",     "remove",   "modify",  "profiles",     "default_profile", "groups",   "key_group",
    "targets", "matrices", "outputs", "road_network", "transit"};
const std::vector<std::string> network_keys = {"network", "nodes", "modes", "lines", "links"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The value of `key` in a scenario map, or null when the file does not set it.
const Value* find_key(const std::map<std::string, Value>& keys, const std::string& key) {
  auto it = keys.find(key);
  return it == keys.end() ? nullptr : &it->second;
}

std::string unknown(const char* kind, const std::string& id, std::vector<std::string> known,
                    const std::map<std::string, Origin>* removed = nullptr) {
  return std::string("unknown ") + kind + " '" + id + "'" + core::did_you_mean(id, known) +
         (removed ? removed_note(*removed, id) : "");
}

// Child entries replace the parent's with the same id (in place); new ids are appended. One
// file may not give an id twice.
template <class T, class Parse>
void merge_by_id(std::vector<Item<T>>& items, const Value& list, const char* kind, Parse parse,
                 Diagnostics& diag) {
  std::map<std::string, core::SourceLocation> in_this_file;
  for (const auto& v : list.list()) {
    Item<T> item = parse(v);
    const std::string& id = item.value.id;
    if (id.empty()) continue;  // its id was missing or refused: reported, nothing to merge
    if (auto [it, fresh] = in_this_file.emplace(id, item.at("id").where); !fresh) {
      diag.attempt([&, &it = it] {  // named: clang 14 cannot capture a structured binding
        fail_at(item.at("id"), std::string("duplicate ") + kind + " id '" + id +
                                   "' (first defined at " + it->second.str() + ")");
      });
      continue;
    }
    auto same = std::find_if(items.begin(), items.end(),
                             [&](const Item<T>& x) { return x.value.id == id; });
    if (same != items.end()) {
      *same = std::move(item);
    } else {
      items.push_back(std::move(item));
    }
  }
}

}  // namespace

// Checks that a reference names a profile or group of the scenario `s`, with a did-you-mean
// hint over the ids known when the check was set up.
struct IdCheck {
  const model::Scenario& s;
  std::vector<std::string> profile_ids, group_ids;  // group_ids starts with "all"
  void profile(const std::string& id, const Origin& at) const {
    if (!id.empty() && !s.profiles.count(id)) fail_at(at, unknown("profile", id, profile_ids));
  }
  void group(const std::string& id, const Origin& at) const {
    if (id != "all" && !s.groups.count(id)) fail_at(at, unknown("group", id, group_ids));
  }
};

void ScenarioBuilder::apply_file(const std::string& path, const Value& root) {
  input_files_.push_back(path);
  if (!root.is_map()) root.fail("expected a map with a 'scenario:' key, got " + root.shown());
  const Value* scenario = nullptr;
  std::vector<KeyValue> entries = root.entries();
  for (const auto& e : entries) {
    if (e.key == "scenario") {
      scenario = &e.value;
      continue;
    }
    diag_.attempt([&] {
      if (contains(network_keys, e.key)) {
        e.key_value.fail(
            "a scenario file holds only 'scenario:'; put network items in a network "
            "file listed under scenario.networks, or under scenario.add");
      } else if (e.key.compare(0, 2, "x-") != 0) {  // x-...: a place for anchors
        diag_.unknown_key(e, {"scenario"});
      }
    });
  }
  if (!scenario) root.fail("not a scenario file: no top-level 'scenario:' map");
  chain_.emplace_back(core::canonical_path(path), path);
  apply_scenario(path, *scenario);
  chain_.pop_back();
}

void ScenarioBuilder::apply_network_file(const std::string& path, const Value& root) {
  input_files_.push_back(path);
  loaded_networks_.insert(core::canonical_path(path));
  net_.add_file(root);
  id_ = fs::path(path).stem().string();
  where_ = root.where();
}

// A scenario map's known keys with their values; unknown keys are reported as they are met.
ScenarioBuilder::Keys ScenarioBuilder::scenario_entries(const Value& scenario) {
  Keys keys;
  for (const auto& e : scenario.entries()) {
    if (contains(scenario_keys, e.key)) {
      keys.emplace(e.key, e.value);
    } else {
      diag_.attempt([&] { diag_.unknown_key(e, scenario_keys); });
    }
  }
  return keys;
}

// The parent named by `extends` in `path`, applied whole (with its own parents), after checking
// that the chain neither loops nor grows past the limit.
void ScenarioBuilder::apply_extends(const std::string& path, const Value& extends) {
  const std::string parent = relative_to(path, file_name(extends));
  const std::string key = core::canonical_path(parent);
  auto loop = std::find_if(chain_.begin(), chain_.end(),
                           [&](const auto& link) { return link.first == key; });
  if (loop != chain_.end()) {
    std::string cycle;
    for (auto it = loop; it != chain_.end(); ++it) cycle += it->second + " -> ";
    extends.fail("extends cycle: " + cycle + parent);
  }
  if (chain_.size() >= limits::max_extends_depth) {
    extends.fail("more than " + std::to_string(limits::max_extends_depth) +
                 " scenario files chained by extends");
  }
  const Origin named_at = extends.origin();
  apply_file(parent, read_yaml(parent, &named_at));
}

// Network files, build selection and the add / remove / modify edits, in that order: each
// edit applies to the network as the earlier ones left it.
void ScenarioBuilder::apply_network_keys(const std::string& path, const Keys& keys) {
  with_key(keys, "networks", [&](const Value& v) {
    for (const auto& item : v.list()) diag_.attempt([&] { load_network(path, item); });
  });
  with_key(keys, "build", [&](const Value& v) { apply_build(v); });
  with_key(keys, "add", [&](const Value& v) { net_.add(v); });
  with_key(keys, "remove", [&](const Value& v) {
    net_.remove(v);
    prune_removed();
  });
  with_key(keys, "modify", [&](const Value& v) { net_.modify(v); });
}

// Plain settings: a child's value replaces its parent's.
void ScenarioBuilder::apply_settings(const std::string& path, const Keys& keys) {
  with_key(keys, "name", [&](const Value& v) { name_ = v.text(); });
  with_key(keys, "description", [&](const Value& v) { description_ = v.text(); });
  with_key(keys, "year", [&](const Value& v) { year_ = v.integer_in(range::year); });
  with_key(keys, "default_profile", [&](const Value& v) {
    default_profile_ = Setting{v.id(), v.origin()};
  });
  with_key(keys, "key_group", [&](const Value& v) { key_group_ = Setting{v.id(), v.origin()}; });
  with_key(keys, "outputs", [&](const Value& v) { outputs_ = parse_outputs(path, v, diag_); });
  with_key(keys, "road_network",
           [&](const Value& v) { road_network_ = parse_road_network(path, v, diag_); });
  with_key(keys, "transit", [&](const Value& v) { transit_ = parse_transit(path, v, transit_, diag_); });
}

// Runs `apply` on the key's value when the file sets it; its error is kept, not thrown.
template <class Apply>
void ScenarioBuilder::with_key(const Keys& keys, const std::string& key, Apply&& apply) {
  if (const Value* v = find_key(keys, key)) diag_.attempt([&] { apply(*v); });
}

// Groups by id: a child's group replaces the parent's group of that id whole.
void ScenarioBuilder::apply_groups(const Value& groups) {
  for (const auto& e : groups.entries()) {
    diag_.attempt([&] {
      GroupSpec g;
      const std::string id = e.key_value.id();
      if (id == "all") e.key_value.fail("group id 'all' is reserved: it means every node");
      g.origin = e.value.origin();
      for (const auto& m : e.value.list()) {
        g.members.push_back(m.id());
        g.member_at.push_back(m.origin());
      }
      groups_.insert_or_assign(id, std::move(g));
    });
  }
}

// Profiles, groups, targets and matrices, each merged with the parent's by id.
void ScenarioBuilder::apply_definitions(const Keys& keys) {
  with_key(keys, "profiles", [&](const Value& v) {
    for (const auto& e : v.entries()) {
      diag_.attempt([&] {
        auto profile = parse_profile(e, diag_);
        profiles_.insert_or_assign(profile.value.id, std::move(profile));
      });
    }
  });
  with_key(keys, "groups", [&](const Value& v) { apply_groups(v); });
  with_key(keys, "targets", [&](const Value& v) {
    merge_by_id(
        targets_, v, "target", [&](const Value& x) { return parse_target(x, diag_); }, diag_);
  });
  with_key(keys, "matrices", [&](const Value& v) {
    merge_by_id(
        matrices_, v, "matrix", [&](const Value& x) { return parse_matrix(x, diag_); }, diag_);
  });
}

void ScenarioBuilder::apply_scenario(const std::string& path, const Value& scenario) {
  const Keys keys = scenario_entries(scenario);
  // The parent first: everything below applies on top of its resolved state.
  with_key(keys, "extends", [&](const Value& v) { apply_extends(path, v); });
  apply_network_keys(path, keys);
  apply_settings(path, keys);
  apply_definitions(keys);
  // Not inherited: each file is its own scenario, named after itself unless it says otherwise.
  id_ = fs::path(path).stem().string();
  with_key(keys, "id", [&](const Value& v) { id_ = v.id(); });
  where_ = scenario.where();
}

void ScenarioBuilder::load_network(const std::string& naming_file, const Value& name) {
  const std::string path = relative_to(naming_file, file_name(name));
  const std::string key = core::canonical_path(path);
  if (loaded_networks_.count(key)) return;
  const Origin named_at = name.origin();
  const Value root = read_yaml(path, &named_at);
  loaded_networks_.insert(key);
  input_files_.push_back(path);
  if (root.has_key("scenario")) {
    name.fail("'" + path + "' is a scenario file, not a network; use 'extends' for a parent");
  }
  net_.add_file(root);
}

void ScenarioBuilder::apply_build(const Value& build) {
  for (const auto& e : build.entries()) {
    diag_.attempt([&] {
      if (e.key == "statuses") {
        std::set<model::Status> statuses;
        for (const auto& s : e.value.list()) statuses.insert(parse_status(s));
        statuses_ = std::move(statuses);
      } else if (e.key == "lines") {
        for (const auto& v : e.value.list()) build_lines_.insert_or_assign(v.id(), v.origin());
      } else {
        diag_.unknown_key(e, {"statuses", "lines"});
      }
    });
  }
}

// A removal also drops the removed ids from the parent's lists that merely mention them:
// a child could not otherwise remove a line its parent builds.
void ScenarioBuilder::prune_removed() {
  for (const auto& [id, _] : net_.removed_lines()) {
    if (!net_.find_line(id)) build_lines_.erase(id);
  }
  for (auto& [gid, g] : groups_) {
    for (std::size_t i = g.members.size(); i-- > 0;) {
      if (net_.removed_nodes().count(g.members[i]) && !net_.find_node(g.members[i])) {
        g.members.erase(g.members.begin() + static_cast<std::ptrdiff_t>(i));
        g.member_at.erase(g.member_at.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
}

// The scenario's own settings and its network, before any cross-reference is checked.
model::Scenario ScenarioBuilder::scenario_settings() {
  model::Scenario s;
  s.id = id_;
  s.where = where_;
  s.name = name_.value_or(id_);
  s.description = description_.value_or("");
  s.year = year_;
  s.network = net_.network();
  s.input_files = input_files_;
  if (road_network_) diag_.attempt([&] { attach_road_network(*road_network_, s, diag_); });
  if (statuses_) s.build_statuses = *statuses_;
  if (transit_) {
    s.transit = transit_;
    for (const auto& f : transit_->gtfs) s.input_files.push_back(f);
  }
  if (outputs_) {
    s.outputs = outputs_->files;
    s.gis = outputs_->gis;
    if (!s.gis.population.empty()) s.input_files.push_back(s.gis.population);
    if (!s.gis.map.context.empty()) s.input_files.push_back(s.gis.map.context);
  }
  return s;
}

void ScenarioBuilder::add_build_lines(model::Scenario& s) const {
  for (const auto& [id, at] : build_lines_) {
    diag_.attempt([&, &id = id, &at = at] {
      if (!net_.find_line(id)) {
        fail_at(at, unknown("line", id, net_.line_ids(), &net_.removed_lines()));
      }
      s.build_lines.insert(id);
    });
  }
}

// Every profile's modes must exist (in the network or as the road network's mode); a scenario
// without a profile named "default" gets the default one.
void ScenarioBuilder::add_profiles(model::Scenario& s) const {
  for (const auto& [id, p] : profiles_) {
    for (std::size_t i = 0; i < p.value.modes.size(); ++i) {
      const std::string& mode = p.value.modes[i];
      if (net_.find_mode(mode) || (road_network_ && road_network_->spec.mode == mode)) continue;
      diag_.attempt([&, &p = p] {
        fail_at(p.at(index_path("modes", i)),
                unknown("mode", mode, net_.mode_ids(), &net_.removed_modes()));
      });
    }
    // transfers: {from-mode: {to-mode: minutes}}: both ends must be modes (a typo would be
    // silently ignored otherwise).
    for (const auto& [from, row] : p.value.transfer_min)
      for (const auto& [to, minutes] : row)
        for (const std::string* m : {&from, &to}) {
          if (net_.find_mode(*m)) continue;
          diag_.attempt([&, &p = p, &from = from, &to = to] {
            fail_at(p.at("transfers." + from + "." + to),
                    unknown("mode", *m, net_.mode_ids(), &net_.removed_modes()));
          });
        }
    s.profiles.emplace(id, p.value);
  }
  if (!s.profiles.count("default")) {
    model::Profile d;
    d.where = where_;
    s.profiles.emplace("default", d);
  }
}

// Groups: an explicit list wins; otherwise members are the nodes tagged with the group.
void ScenarioBuilder::add_groups(model::Scenario& s) const {
  for (const auto& [id, g] : groups_) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < g.members.size(); ++i) {
      const std::string& node = g.members[i];
      diag_.attempt([&, &id = id, &g = g] {
        if (!net_.find_node(node)) {
          fail_at(g.member_at[i], unknown("node", node, net_.node_ids(), &net_.removed_nodes()));
        }
        if (!seen.insert(node).second) {
          fail_at(g.member_at[i], "node '" + node + "' is listed twice in group '" + id + "'");
        }
      });
    }
    s.groups[id] = g.members;
  }
  for (const auto& item : net_.nodes()) {
    const auto& tags = item.value.groups;
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (tags[i] == "all") {
        diag_.attempt([&] {
          fail_at(item.at(index_path("groups", i)),
                  "group id 'all' is reserved: it means every node");
        });
        continue;
      }
      // A node joins each group once, however often its own list names it (checked within
      // the node's short list: scanning the group's members would be quadratic in its size).
      if (groups_.count(tags[i]) ||
          std::find(tags.begin(), tags.begin() + static_cast<std::ptrdiff_t>(i), tags[i]) !=
              tags.begin() + static_cast<std::ptrdiff_t>(i))
        continue;
      s.groups[tags[i]].push_back(item.value.id);
    }
  }
}

namespace {

// A target must have places to judge. Over a group with no member place a worst-item target
// would pass 0/0 while a mean fails: verdicts on nothing. Checked on the final network (after
// add, remove and modify), so every command rejects it alike, before any output.
// `scenario_file`: the file being loaded, named when the target comes from a parent.
void check_target_places(const model::Scenario& s, const Item<model::Target>& spec,
                         const std::string& scenario_file) {
  const model::Target& t = spec.value;
  const model::TargetKindInfo& kind = t.kind_info();
  const auto where = [&](const std::string& key) {
    const Origin& at = spec.at(key);
    return at.where.file == scenario_file ? std::string() : " (in scenario " + scenario_file + ")";
  };
  const auto origins = s.target_places(t, kind.origins);
  const auto destinations = s.target_places(t, kind.destinations);
  for (const auto& [rule, places] :
       {std::pair{kind.origins, &origins}, {kind.destinations, &destinations}}) {
    if (!places->empty()) continue;
    const std::string key(model::place_rule_key(rule));
    const std::string& group = rule == model::TargetPlaceRule::to_group ? t.to_group : t.group;
    fail_at(spec.at(key),
            "group '" + group + "' has no member places" +
                (rule == model::TargetPlaceRule::group_but_from ? " besides from '" + t.from + "'"
                                                                : std::string()) +
                " in this scenario's network" + where(key) + ", so " + std::string(kind.name) +
                " target '" + t.id + "' would judge nothing");
  }
  // Over one place, a pair target has no pair of distinct places: a verdict on nothing too.
  // Both lists are non-empty: there is no pair only when one place is every entry of both (a
  // linear check, where counting pairs would be quadratic in a big group).
  if (kind.item != model::TargetItemRule::each_pair) return;
  const auto is_only = [&](const std::string& id) { return id == origins[0]; };
  if (!std::all_of(origins.begin(), origins.end(), is_only) ||
      !std::all_of(destinations.begin(), destinations.end(), is_only))
    return;
  const std::string key(model::place_rule_key(kind.origins));
  fail_at(spec.at(key), "group '" + t.group + "' has a single member place ('" + origins.front() +
                            "') in this scenario's network" + where(key) + ", so " +
                            std::string(kind.name) + " target '" + t.id +
                            "' has no pair of places to judge");
}

}  // namespace

void ScenarioBuilder::add_targets_and_matrices(model::Scenario& s, const IdCheck& ids) const {
  for (const auto& t : targets_) {
    if (t.broken) continue;  // its own error is reported; its references would only echo it
    diag_.attempt([&] {
      ids.group(t.value.group, t.at("group"));
      if (t.value.kind_info().uses_from() && !net_.find_node(t.value.from)) {
        fail_at(t.at("from"),
                unknown("node", t.value.from, net_.node_ids(), &net_.removed_nodes()));
      }
      if (t.value.kind_info().uses_to_group()) {
        ids.group(t.value.to_group, t.at("to_group"));
      }
      ids.profile(t.value.profile, t.at("profile"));
      check_target_places(s, t, scenario_file());
      s.targets.push_back(t.value);
    });
  }
  for (const auto& m : matrices_) {
    if (m.broken) continue;
    diag_.attempt([&] {
      ids.group(m.value.group, m.at("group"));
      if (!m.value.to_group.empty()) ids.group(m.value.to_group, m.at("to_group"));
      ids.profile(m.value.profile, m.at("profile"));
      check_not_empty(s, m.value.group, m.at("group"), "matrix '" + m.value.id + "'");
      if (!m.value.to_group.empty())
        check_not_empty(s, m.value.to_group, m.at("to_group"), "matrix '" + m.value.id + "'");
      s.matrices.push_back(m.value);
    });
  }
}

// The file the user named (the last of an extends chain), for messages about what a parent set.
std::string ScenarioBuilder::scenario_file() const {
  return input_files_.empty() ? std::string() : input_files_.front();
}

// A group a scenario computes over must have members in its final network: a key group or
// matrix over nothing would write empty tables and exit 0.
void ScenarioBuilder::check_not_empty(const model::Scenario& s, const std::string& group,
                                      const Origin& at, const std::string& what) const {
  if (group == "all" || s.group_members(group).size() > 0) return;
  const std::string in =
      at.where.file == scenario_file() ? "" : " (in scenario " + scenario_file() + ")";
  fail_at(at, "group '" + group + "' has no member places in this scenario's network" + in +
                  ", so " + what + " would cover nothing");
}

// A scenario must have places and something to travel on: one that loads no network (a
// missing `networks:`, a network file of the wrong list) would run and write empty outputs.
void ScenarioBuilder::check_builds_something(const model::Scenario& s) const {
  const Origin at{where_, "scenario"};
  const std::string file = scenario_file();
  if (s.network.nodes.empty()) {
    fail_at(at, "scenario '" + s.id + "' (" + file +
                    ") has no places: it loads no network with nodes (scenario.networks lists "
                    "the network files; a network file lists nodes:)");
  }
  // Places without a way between them compute (every trip unreachable) but say nothing: a
  // warning, as a run of a plan that builds none of its lines.
  if (s.transit) return;  // the timetables are the way between them
  if (s.network.lines.empty() && !s.road_network) {
    diag_.warn(at, "scenario '" + s.id +
                       "' has no lines, links or road network: every trip is unreachable");
    return;
  }
  const bool built = std::any_of(s.network.lines.begin(), s.network.lines.end(),
                                 [&](const model::Line& l) { return model::is_built(l, s); });
  if (!built && !s.road_network) {
    diag_.warn(at, "scenario '" + s.id + "' builds none of its " +
                       std::to_string(s.network.lines.size()) +
                       " lines and links (build.statuses and build.lines): every trip is "
                       "unreachable");
  }
}

// The profiles, groups and places that the outputs section names.
void ScenarioBuilder::check_output_references(const model::Scenario& s, const IdCheck& ids) const {
  if (!outputs_) return;
  // Bindings captured by name: clang 14 (the fuzz build) cannot capture a structured binding.
  for (const auto& [id, at] : outputs_->profiles)
    diag_.attempt([&, &id = id, &at = at] { ids.profile(id, at); });
  for (const auto& [id, at] : outputs_->groups)
    diag_.attempt([&, &id = id, &at = at] { ids.group(id, at); });
  // Surface and isochrone places name a node or a group.
  for (const auto& [id, at] : outputs_->places) {
    if (net_.find_node(id) || s.groups.count(id) || id == "all") continue;
    std::vector<std::string> known = net_.node_ids();
    known.insert(known.end(), ids.group_ids.begin(), ids.group_ids.end());
    diag_.attempt([&, &id = id, &at = at] {
      fail_at(at, unknown("node or group", id, known, &net_.removed_nodes()));
    });
  }
}

// Everything a file may name is checked only here, once the whole extends chain is applied:
// a child may define what its parent refers to.
model::Scenario ScenarioBuilder::finish() {
  validate_network(net_, diag_);
  model::Scenario s = scenario_settings();
  add_build_lines(s);
  add_profiles(s);
  IdCheck ids{s, {}, {}};
  for (const auto& [id, _] : s.profiles) ids.profile_ids.push_back(id);
  if (default_profile_) {
    diag_.attempt([&] { ids.profile(default_profile_->value, default_profile_->at); });
    s.default_profile = default_profile_->value;
  }
  add_groups(s);
  ids.group_ids = {"all"};
  for (const auto& [id, _] : s.groups) ids.group_ids.push_back(id);
  if (key_group_) {
    diag_.attempt([&] {
      ids.group(key_group_->value, key_group_->at);
      check_not_empty(s, key_group_->value, key_group_->at, "the key group");
    });
    s.key_group = key_group_->value;
  }
  add_targets_and_matrices(s, ids);
  check_output_references(s, ids);
  // After other errors an empty scenario is most likely their consequence: not said again.
  if (diag_.error_count() == 0) diag_.attempt([&] { check_builds_something(s); });
  // Sizes are only known to be right once every reference is.
  diag_.raise_errors();
  check_scenario_size(s, key_group_ ? &key_group_->at : nullptr);
  return s;
}

}  // namespace reachplan::io::detail
