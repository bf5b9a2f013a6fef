// Internal to io: the key tables of a scenario's profiles, targets and matrices
// (scenario_schema.cpp). Each parse keeps every key's error in `diag` and returns the item,
// marked broken when a key was refused.
#pragma once

#include "reachplan/model/scenario.hpp"
#include "schema.hpp"

namespace reachplan::io::detail {

// One entry of `profiles:` (the key is the profile id).
Item<model::Profile> parse_profile(const KeyValue& kv, Diagnostics& diag);
// One entry of `targets:` / `matrices:`; required keys missing are errors.
Item<model::Target> parse_target(const Value& v, Diagnostics& diag);
Item<model::MatrixSpec> parse_matrix(const Value& v, Diagnostics& diag);

}  // namespace reachplan::io::detail
