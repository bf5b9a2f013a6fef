#include "scenario_builder.hpp"

#include <algorithm>
#include <filesystem>

#include "limits_check.hpp"
#include "reachplan/core/paths.hpp"
#include "reachplan/core/text.hpp"
#include "reachplan/io/limits.hpp"

namespace reachplan::io::detail {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> scenario_keys = {
    "id",     "name",      "year",    "description", "extends",  "networks",
    "build",  "add",       "remove",  "modify",      "profiles", "default_profile",
    "groups", "key_group", "targets", "matrices",    "outputs",  "road_network"};
const std::vector<std::string> network_keys = {"network", "nodes", "modes", "lines", "links"};
const std::vector<std::string> profile_keys = {"modes", "access", "wait", "service_hours"};
const std::vector<std::string> target_keys = {
    "id", "name", "kind", "group", "from", "to_group", "max_minutes", "min_share", "profile"};
const std::vector<std::string> matrix_keys = {"id", "group", "to_group", "profile"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A path named inside `naming_file`, made relative to that file's folder.
std::string relative_to(const std::string& naming_file, const std::string& name) {
  const fs::path p(name);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(naming_file).parent_path() / p).lexically_normal().string();
}

std::string file_name(const Value& v) {
  const std::string name = v.text();
  if (name.empty()) v.fail("expected a file name, got an empty text");
  return name;
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

model::Status parse_status(const Value& v) {
  const std::string s = v.text();
  const auto status = model::status_from_string(s);
  if (!status) {
    v.fail("invalid status '" + s + "'" +
           core::did_you_mean(s, {"existing", "under_construction", "planned"}) +
           "; use existing, under_construction or planned");
  }
  return *status;
}

Spec<model::Profile> parse_profile(const KeyValue& kv, Diagnostics& diag) {
  Spec<model::Profile> p;
  p.value.id = kv.key_value.id();
  p.value.where = kv.value.where();
  p.origin = kv.value.origin();
  for (const auto& e : kv.value.entries()) {
    if (e.key == "modes") {
      const auto modes = e.value.list();
      for (std::size_t i = 0; i < modes.size(); ++i) {
        p.value.modes.push_back(modes[i].id());
        p.fields[index_path("modes", i)] = modes[i].origin();
      }
    } else if (e.key == "access") {
      const std::string a = e.value.text();
      if (a == "door_to_door") {
        p.value.access = model::Profile::Access::door_to_door;
      } else if (a == "station_to_station") {
        p.value.access = model::Profile::Access::station_to_station;
      } else {
        e.value.fail("invalid access '" + a + "'" +
                     core::did_you_mean(a, {"door_to_door", "station_to_station"}) +
                     "; use door_to_door or station_to_station");
      }
    } else if (e.key == "wait") {
      const std::string w = e.value.text();
      if (w == "half_headway") {
        p.value.wait = model::Profile::Wait::half_headway;
      } else if (w == "none") {
        p.value.wait = model::Profile::Wait::none;
      } else {
        e.value.fail("invalid wait '" + w + "'" + core::did_you_mean(w, {"half_headway", "none"}) +
                     "; use half_headway or none");
      }
    } else if (e.key == "service_hours") {
      const double h = e.value.positive();
      if (h > 24) e.value.fail_value("service_hours must be in (0, 24]");
      p.value.service_hours = h;
    } else {
      diag.unknown_key(e, profile_keys);
      continue;
    }
    p.fields[e.key] = e.value.origin();
  }
  return p;
}

// The kinds that read a key, for messages: "reach_share" or "a and b".
std::string kinds_using(bool (model::TargetKindInfo::*uses)() const) {
  std::string who;
  for (const auto& k : model::target_kinds())
    if ((k.*uses)()) who += (who.empty() ? "" : " and ") + std::string(k.name);
  return who;
}

// The keys the target's kind requires must be there; keys only other kinds read are ignored,
// and a warning says so rather than let them look effective.
void check_kind_keys(const Spec<model::Target>& t, const Value& v, Diagnostics& diag) {
  const model::TargetKindInfo& kind = t.value.kind_info();
  const std::string name(kind.name);
  if (kind.uses_from() && !t.fields.count("from"))
    v.fail("a " + name + " target needs 'from' (a node id)");
  if (kind.uses_to_group() && !t.fields.count("to_group"))
    v.fail("a " + name + " target needs 'to_group'");
  const auto unused = [&](const char* key, bool (model::TargetKindInfo::*uses)() const) {
    if (!(kind.*uses)() && t.fields.count(key)) {
      diag.warn(t.fields.at(key), std::string("'") + key + "' is only used by " +
                                      kinds_using(uses) + " targets; ignored for kind " + name);
    }
  };
  unused("from", &model::TargetKindInfo::uses_from);
  unused("min_share", &model::TargetKindInfo::uses_min_share);
  unused("to_group", &model::TargetKindInfo::uses_to_group);
}

Spec<model::Target> parse_target(const Value& v, Diagnostics& diag) {
  Spec<model::Target> t;
  t.origin = v.origin();
  t.value.where = v.where();
  model::Target& x = t.value;
  for (const auto& e : v.entries()) {
    const Value& val = e.value;
    if (e.key == "id") {
      x.id = val.id();
    } else if (e.key == "name") {
      x.name = val.text();
    } else if (e.key == "kind") {
      const std::string k = val.text();
      const model::TargetKindInfo* kind = model::find_target_kind(k);
      if (!kind) {
        val.fail("unknown target kind '" + k + "'" +
                 core::did_you_mean(k, model::target_kind_names()) + "; use " +
                 model::target_kind_choices());
      }
      x.kind = kind->kind;
    } else if (e.key == "group") {
      x.group = val.id();
    } else if (e.key == "from") {
      x.from = val.id();
    } else if (e.key == "to_group") {
      x.to_group = val.id();
    } else if (e.key == "max_minutes") {
      x.max_minutes = val.positive();
    } else if (e.key == "min_share") {
      x.min_share = val.number();
      if (x.min_share < 0 || x.min_share > 1) val.fail_value("min_share must be in [0, 1]");
    } else if (e.key == "profile") {
      x.profile = val.id();
    } else {
      diag.unknown_key(e, target_keys);
      continue;
    }
    t.fields[e.key] = val.origin();
  }
  for (const char* key : {"id", "kind", "group", "max_minutes"}) {
    if (!t.fields.count(key)) v.fail(std::string("missing required key '") + key + "'");
  }
  check_kind_keys(t, v, diag);
  return t;
}

Spec<model::MatrixSpec> parse_matrix(const Value& v, Diagnostics& diag) {
  Spec<model::MatrixSpec> m;
  m.origin = v.origin();
  m.value.where = v.where();
  for (const auto& e : v.entries()) {
    if (e.key == "id") {
      m.value.id = e.value.id();
    } else if (e.key == "group") {
      m.value.group = e.value.id();
    } else if (e.key == "to_group") {
      m.value.to_group = e.value.id();
    } else if (e.key == "profile") {
      m.value.profile = e.value.id();
    } else {
      diag.unknown_key(e, matrix_keys);
      continue;
    }
    m.fields[e.key] = e.value.origin();
  }
  for (const char* key : {"id", "group"}) {
    if (!m.fields.count(key)) v.fail(std::string("missing required key '") + key + "'");
  }
  return m;
}

// Child entries replace the parent's with the same id (in place); new ids are appended. One
// file may not give an id twice.
template <class T, class Parse>
void merge_by_id(std::vector<Spec<T>>& items, const Value& list, const char* kind, Parse parse) {
  std::map<std::string, core::SourceLocation> in_this_file;
  for (const auto& v : list.list()) {
    Spec<T> item = parse(v);
    const std::string& id = item.value.id;
    if (auto [it, fresh] = in_this_file.emplace(id, item.at("id").where); !fresh) {
      fail_at(item.at("id"), std::string("duplicate ") + kind + " id '" + id +
                                 "' (first defined at " + it->second.str() + ")");
    }
    auto same = std::find_if(items.begin(), items.end(),
                             [&](const Spec<T>& x) { return x.value.id == id; });
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
    } else if (contains(network_keys, e.key)) {
      e.key_value.fail(
          "a scenario file holds only 'scenario:'; put network items in a network "
          "file listed under scenario.networks, or under scenario.add");
    } else {
      diag_.unknown_key(e, {"scenario"});
    }
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
      diag_.unknown_key(e, scenario_keys);
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
  if (const Value* v = find_key(keys, "networks")) {
    for (const auto& item : v->list()) load_network(path, item);
  }
  if (const Value* v = find_key(keys, "build")) apply_build(*v);
  if (const Value* v = find_key(keys, "add")) net_.add(*v);
  if (const Value* v = find_key(keys, "remove")) {
    net_.remove(*v);
    prune_removed();
  }
  if (const Value* v = find_key(keys, "modify")) net_.modify(*v);
}

// Plain settings: a child's value replaces its parent's.
void ScenarioBuilder::apply_settings(const std::string& path, const Keys& keys) {
  if (const Value* v = find_key(keys, "name")) name_ = v->text();
  if (const Value* v = find_key(keys, "description")) description_ = v->text();
  if (const Value* v = find_key(keys, "year")) {
    const int year = v->integer();
    if (year < 1800 || year > 2200) v->fail_value("year must be in 1800..2200");
    year_ = year;
  }
  if (const Value* v = find_key(keys, "default_profile"))
    default_profile_ = Setting{v->id(), v->origin()};
  if (const Value* v = find_key(keys, "key_group")) key_group_ = Setting{v->id(), v->origin()};
  if (const Value* v = find_key(keys, "outputs")) outputs_ = parse_outputs(path, *v, diag_);
  if (const Value* v = find_key(keys, "road_network"))
    road_network_ = parse_road_network(path, *v, diag_);
}

// Groups by id: a child's group replaces the parent's group of that id whole.
void ScenarioBuilder::apply_groups(const Value& groups) {
  for (const auto& e : groups.entries()) {
    GroupSpec g;
    const std::string id = e.key_value.id();
    if (id == "all") e.key_value.fail("group id 'all' is reserved: it means every node");
    g.origin = e.value.origin();
    for (const auto& m : e.value.list()) {
      g.members.push_back(m.id());
      g.member_at.push_back(m.origin());
    }
    groups_.insert_or_assign(id, std::move(g));
  }
}

// Profiles, groups, targets and matrices, each merged with the parent's by id.
void ScenarioBuilder::apply_definitions(const Keys& keys) {
  if (const Value* v = find_key(keys, "profiles")) {
    for (const auto& e : v->entries()) {
      auto profile = parse_profile(e, diag_);
      profiles_.insert_or_assign(profile.value.id, std::move(profile));
    }
  }
  if (const Value* v = find_key(keys, "groups")) apply_groups(*v);
  if (const Value* v = find_key(keys, "targets")) {
    merge_by_id(targets_, *v, "target", [&](const Value& x) { return parse_target(x, diag_); });
  }
  if (const Value* v = find_key(keys, "matrices")) {
    merge_by_id(matrices_, *v, "matrix", [&](const Value& x) { return parse_matrix(x, diag_); });
  }
}

void ScenarioBuilder::apply_scenario(const std::string& path, const Value& scenario) {
  const Keys keys = scenario_entries(scenario);
  // The parent first: everything below applies on top of its resolved state.
  if (const Value* v = find_key(keys, "extends")) apply_extends(path, *v);
  apply_network_keys(path, keys);
  apply_settings(path, keys);
  apply_definitions(keys);
  // Not inherited: each file is its own scenario, named after itself unless it says otherwise.
  const Value* id = find_key(keys, "id");
  id_ = id ? id->id() : fs::path(path).stem().string();
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
    if (e.key == "statuses") {
      std::set<model::Status> statuses;
      for (const auto& s : e.value.list()) statuses.insert(parse_status(s));
      statuses_ = std::move(statuses);
    } else if (e.key == "lines") {
      for (const auto& v : e.value.list()) build_lines_.insert_or_assign(v.id(), v.origin());
    } else {
      diag_.unknown_key(e, {"statuses", "lines"});
    }
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
  if (road_network_) attach_road_network(*road_network_, s, diag_);
  if (statuses_) s.build_statuses = *statuses_;
  if (outputs_) {
    s.outputs = outputs_->files;
    s.gis = outputs_->gis;
    if (!s.gis.population.empty()) s.input_files.push_back(s.gis.population);
  }
  return s;
}

void ScenarioBuilder::add_build_lines(model::Scenario& s) const {
  for (const auto& [id, at] : build_lines_) {
    if (!net_.find_line(id)) {
      fail_at(at, unknown("line", id, net_.line_ids(), &net_.removed_lines()));
    }
    s.build_lines.insert(id);
  }
}

// Every profile's modes must exist (in the network or as the road network's mode); a scenario
// without a profile named "default" gets the default one.
void ScenarioBuilder::add_profiles(model::Scenario& s) const {
  for (const auto& [id, p] : profiles_) {
    for (std::size_t i = 0; i < p.value.modes.size(); ++i) {
      const std::string& mode = p.value.modes[i];
      if (!net_.find_mode(mode) && !(road_network_ && road_network_->spec.mode == mode)) {
        fail_at(p.at(index_path("modes", i)),
                unknown("mode", mode, net_.mode_ids(), &net_.removed_modes()));
      }
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
      if (!net_.find_node(node)) {
        fail_at(g.member_at[i], unknown("node", node, net_.node_ids(), &net_.removed_nodes()));
      }
      if (!seen.insert(node).second) {
        fail_at(g.member_at[i], "node '" + node + "' is listed twice in group '" + id + "'");
      }
    }
    s.groups[id] = g.members;
  }
  for (const auto& item : net_.nodes()) {
    const auto& tags = item.value.groups;
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (tags[i] == "all") {
        fail_at(item.at(index_path("groups", i)),
                "group id 'all' is reserved: it means every node");
      }
      if (groups_.count(tags[i])) continue;
      auto& members = s.groups[tags[i]];
      if (std::find(members.begin(), members.end(), item.value.id) == members.end()) {
        members.push_back(item.value.id);
      }
    }
  }
}

namespace {

// A target must have places to judge. Over a group with no member place a worst-item target
// would pass 0/0 while a mean fails: verdicts on nothing. Checked on the final network (after
// add, remove and modify), so every command rejects it alike, before any output.
// `scenario_file`: the file being loaded, named when the target comes from a parent.
void check_target_places(const model::Scenario& s, const Spec<model::Target>& spec,
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
    ids.group(t.value.group, t.at("group"));
    if (t.value.kind_info().uses_from() && !net_.find_node(t.value.from)) {
      fail_at(t.at("from"), unknown("node", t.value.from, net_.node_ids(), &net_.removed_nodes()));
    }
    if (t.value.kind_info().uses_to_group()) {
      ids.group(t.value.to_group, t.at("to_group"));
    }
    ids.profile(t.value.profile, t.at("profile"));
    check_target_places(s, t, input_files_.empty() ? std::string() : input_files_.front());
    s.targets.push_back(t.value);
  }
  for (const auto& m : matrices_) {
    ids.group(m.value.group, m.at("group"));
    if (!m.value.to_group.empty()) ids.group(m.value.to_group, m.at("to_group"));
    ids.profile(m.value.profile, m.at("profile"));
    s.matrices.push_back(m.value);
  }
}

// The profiles, groups and places that the outputs section names.
void ScenarioBuilder::check_output_references(const model::Scenario& s, const IdCheck& ids) const {
  if (!outputs_) return;
  for (const auto& [id, at] : outputs_->profiles) ids.profile(id, at);
  for (const auto& [id, at] : outputs_->groups) ids.group(id, at);
  // Surface and isochrone places name a node or a group.
  for (const auto& [id, at] : outputs_->places) {
    if (net_.find_node(id) || s.groups.count(id) || id == "all") continue;
    std::vector<std::string> known = net_.node_ids();
    known.insert(known.end(), ids.group_ids.begin(), ids.group_ids.end());
    fail_at(at, unknown("node or group", id, known, &net_.removed_nodes()));
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
    ids.profile(default_profile_->value, default_profile_->at);
    s.default_profile = default_profile_->value;
  }
  add_groups(s);
  ids.group_ids = {"all"};
  for (const auto& [id, _] : s.groups) ids.group_ids.push_back(id);
  if (key_group_) {
    ids.group(key_group_->value, key_group_->at);
    s.key_group = key_group_->value;
  }
  add_targets_and_matrices(s, ids);
  check_output_references(s, ids);
  check_scenario_size(s, key_group_ ? &key_group_->at : nullptr);
  return s;
}

}  // namespace reachplan::io::detail
