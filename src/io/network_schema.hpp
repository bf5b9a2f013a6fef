// Internal to io: the key tables of network items (network_schema.cpp).
#pragma once

#include <vector>

#include "reachplan/model/network.hpp"
#include "schema.hpp"

namespace reachplan::io::detail {

// Every key but `id`, which NetworkState reads first to know which item a map is.
const std::vector<Field<model::Node>>& node_fields();
const std::vector<Field<model::Mode>>& mode_fields();
// Lines and links share one table: the keys a link cannot take (stops, segment_*) and those
// only a link takes (from, to) say so when given to the other.
const std::vector<Field<model::Line>>& line_fields();

const std::vector<Exclusive<model::Mode>>& mode_exclusive();
// A line status (existing, under_construction, planned), as lines and build.statuses give it.
model::Status parse_status(const Value& v);
const std::vector<Exclusive<model::Line>>& line_exclusive();

}  // namespace reachplan::io::detail
