// Internal to io: puts a scenario together from its chain of files (extends first), then checks
// every cross-reference once the whole chain has been applied.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "network_state.hpp"
#include "outputs_spec.hpp"
#include "reachplan/model/scenario.hpp"
#include "road_network_spec.hpp"

namespace reachplan::io::detail {

struct IdCheck;  // scenario_builder.cpp: checks references to profiles and groups

struct GroupSpec {
  std::vector<std::string> members;
  std::vector<Origin> member_at;
  Origin origin;
};

struct Setting {
  std::string value;
  Origin at;
};

class ScenarioBuilder {
 public:
  explicit ScenarioBuilder(Diagnostics& diag) : diag_(diag), net_(diag) {}

  // Applies one scenario file (its parent first); `root` is its parsed document.
  void apply_file(const std::string& path, const Value& root);
  // A plain network file used as a scenario: everything defaulted.
  void apply_network_file(const std::string& path, const Value& root);
  model::Scenario finish();

 private:
  using Keys = std::map<std::string, Value>;  // a scenario map's known keys

  void apply_scenario(const std::string& path, const Value& scenario);
  Keys scenario_entries(const Value& scenario);
  void apply_extends(const std::string& path, const Value& extends);
  void apply_network_keys(const std::string& path, const Keys& keys);
  void apply_settings(const std::string& path, const Keys& keys);
  void apply_groups(const Value& groups);
  void apply_definitions(const Keys& keys);
  void load_network(const std::string& naming_file, const Value& name);
  void apply_build(const Value& build);
  void prune_removed();
  void apply_targets(const Value& list);
  void apply_matrices(const Value& list);
  template <class Apply>
  void with_key(const Keys& keys, const std::string& key, Apply&& apply);

  // finish(), step by step.
  model::Scenario scenario_settings();
  void add_build_lines(model::Scenario& s) const;
  void add_profiles(model::Scenario& s) const;
  void add_groups(model::Scenario& s) const;
  void add_targets_and_matrices(model::Scenario& s, const IdCheck& ids) const;
  void check_output_references(const model::Scenario& s, const IdCheck& ids) const;
  void check_not_empty(const model::Scenario& s, const std::string& group, const Origin& at,
                       const std::string& what) const;
  void check_builds_something(const model::Scenario& s) const;
  std::string scenario_file() const;

  Diagnostics& diag_;
  NetworkState net_;
  std::vector<std::pair<std::string, std::string>> chain_;  // (canonical, as shown) of extends
  std::set<std::string> loaded_networks_;                   // canonical paths
  std::vector<std::string> input_files_;

  std::string id_;
  core::SourceLocation where_;
  std::optional<std::string> name_, description_;
  std::optional<int> year_;
  std::optional<std::set<model::Status>> statuses_;
  std::map<std::string, Origin> build_lines_;
  std::map<std::string, Item<model::Profile>> profiles_;
  std::optional<Setting> default_profile_, key_group_;
  std::map<std::string, GroupSpec> groups_;
  std::vector<Item<model::Target>> targets_;
  std::vector<Item<model::MatrixSpec>> matrices_;
  std::optional<OutputsSpec> outputs_;              // replaced whole by a child file
  std::optional<RoadNetworkSetting> road_network_;  // replaced whole by a child file
  std::optional<model::TransitSpec> transit_;       // a child file's keys replace these
};

}  // namespace reachplan::io::detail
