// Origins and destinations for `reachplan matrix`: a CSV file of points, read strictly so that
// no mistake in it becomes a silently wrong matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reachplan::io {

// A header with an `id` column, plus `lon,lat` (snapped to the nearest vertex) and/or `osm_id`
// (an OSM node id) and/or `node` (a network node id); extra columns are ignored. UTF-8 (a byte
// order mark is skipped), LF or CRLF line ends, blank lines skipped, spaces around fields
// trimmed, RFC 4180 quotes ("" inside quotes) within one line. Anything else is a
// core::InputError "file:line: ..." naming the value: a duplicate id or column, a row with more
// fields than the header, a bad quote, lon/lat that are not plain decimal numbers in range, an
// osm_id that is not an integer, an empty id, a point with nothing to place it by, no points.
struct PointRow {
  std::string id;
  std::optional<double> lon, lat;
  std::optional<std::int64_t> osm_id;
  std::string node;
  int line = 0;  // in the file, for messages
};
std::vector<PointRow> read_points(const std::string& path);

}  // namespace reachplan::io
