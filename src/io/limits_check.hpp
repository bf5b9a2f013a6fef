// Internal to io: the checks that keep a hostile file bounded (include/reachplan/io/limits.hpp)
// and make sure every text the loader keeps is valid UTF-8.
#pragma once

#include <functional>
#include <string>

#include "reachplan/model/scenario.hpp"
#include "yaml_value.hpp"

namespace reachplan::io::detail {

// Reads a whole input file (src/io/input_file.cpp): a regular file (io::InputFile: not a
// folder, pipe or device, which could block or never end) of at most limits::max_file_bytes,
// checked before reading. Problems go to `fail` (which must throw) as "cannot read 'x': why".
std::string read_input_file(const std::string& path,
                            const std::function<void(const std::string&)>& fail);

// The text must be UTF-8 (an initial byte order mark is allowed) without NUL bytes; otherwise
// a core::InputError names the line and column of the first bad byte.
void check_utf8_text(const std::string& text, const std::string& path);
bool valid_utf8(const std::string& text);

// A pass over the YAML events before any node is built: counts values (aliases expanded),
// nesting and recursive aliases against the limits, and checks every scalar is valid UTF-8
// (escapes such as "\uD800" can make one that is not). Throws core::InputError at the place
// where a limit is crossed; leaves syntax errors to the real parse.
void check_yaml_shape(const std::string& text, const std::string& path);

// The key group and every matrix or target of a resolved scenario within the limits on places
// and cells, so that a run cannot run out of memory. `key_group_at` is where key_group was set
// (null: not set, the key group is every node).
void check_scenario_size(const model::Scenario& s, const Origin* key_group_at);

}  // namespace reachplan::io::detail
