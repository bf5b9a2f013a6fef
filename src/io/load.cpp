#include "reachplan/io/load.hpp"

#include "network_state.hpp"
#include "scenario_builder.hpp"
#include "yaml_value.hpp"

namespace reachplan::io {

std::string Warning::str() const {
  std::string s;
  if (where.known()) s += where.str() + ": ";
  if (!key_path.empty()) s += key_path + ": ";
  return s + message;
}

model::Scenario load_scenario(const std::string& path, std::vector<Warning>& warnings,
                              const LoadOptions& options) {
  detail::Diagnostics diag(warnings, options);
  detail::ScenarioBuilder builder(diag);
  const detail::Value root = detail::read_yaml(path, nullptr);
  // A bare network file runs as a scenario with every default, so `run network.yaml` works.
  const bool applied = diag.attempt([&] {
    if (root.has_key("scenario")) {
      builder.apply_file(path, root);
    } else {
      builder.apply_network_file(path, root);
    }
  });
  // A file that is not a scenario at all: what finish() would add only follows from that.
  if (!applied) diag.raise_errors();
  model::Scenario s = builder.finish();
  diag.raise_errors();
  return s;
}

model::Network load_network(const std::string& path, std::vector<Warning>& warnings,
                            const LoadOptions& options) {
  return load_networks({path}, warnings, options);
}

model::Network load_networks(const std::vector<std::string>& paths, std::vector<Warning>& warnings,
                             const LoadOptions& options) {
  detail::Diagnostics diag(warnings, options);
  detail::NetworkState net(diag);
  for (const auto& path : paths)
    diag.attempt([&] { net.add_file(detail::read_yaml(path, nullptr)); });
  detail::validate_network(net, diag);
  diag.raise_errors();
  return net.network();
}

bool is_scenario_file(const std::string& path) {
  return detail::read_yaml(path, nullptr).has_key("scenario");
}

}  // namespace reachplan::io
