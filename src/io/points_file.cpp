// The points CSV of `reachplan matrix` (include/reachplan/io/points_file.hpp). Strict on
// purpose: a value that is not what it seems is an error naming file, line and value, never a
// point silently placed elsewhere or dropped.
#include "reachplan/io/points_file.hpp"

#include <charconv>
#include <string_view>
#include <unordered_map>

#include "csv_table.hpp"
#include "limits_check.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::io {

namespace {

// Where a message points: "file:line: what".
struct Where {
  const std::string& path;
  int line = 0;
  [[noreturn]] void fail(const std::string& what) const {
    throw core::InputError({path, line, 0}, "", what);
  }
};

// One CSV record (csv_table.hpp's rules), failing at this line.
std::vector<std::string> csv_fields(std::string_view line, const Where& at) {
  return detail::csv_fields(line, [&](const std::string& what) { at.fail(what); });
}

// Column numbers (0-based) of the header, -1 when absent.
struct Columns {
  std::size_t count = 0;
  int id = -1, lon = -1, lat = -1, osm_id = -1, node = -1;
};

Columns read_header(const std::vector<std::string>& names, std::string_view line, const Where& at) {
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) continue;  // an unnamed extra column (a trailing comma) is ignored
    const auto [it, fresh] = seen.emplace(names[i], static_cast<int>(i));
    if (!fresh) {
      at.fail("column " + detail::quoted_value(names[i]) + " given twice in the header (columns " +
              std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
    }
  }
  const auto column = [&](const char* name) {
    const auto it = seen.find(name);
    return it == seen.end() ? -1 : it->second;
  };
  Columns c{names.size(),  column("id"),     column("lon"),
            column("lat"), column("osm_id"), column("node")};
  const std::string header = " (header: " + detail::quoted_value(line) + ")";
  if (c.id < 0) at.fail("the header has no id column" + header);
  if ((c.lon < 0) != (c.lat < 0)) {
    at.fail(std::string("the header has a ") +
            (c.lon < 0 ? "lat column but no lon" : "lon column but no lat") + " column" + header);
  }
  if (c.lon < 0 && c.osm_id < 0 && c.node < 0)
    at.fail("the header has no lon,lat, osm_id or node columns to place the points by" + header);
  return c;
}

// Decimal degrees within [-limit, limit]; nullopt for an empty field.
std::optional<double> degrees(const std::string& text, const char* name, int limit,
                              const Where& at) {
  if (text.empty()) return std::nullopt;
  const std::optional<double> x = core::parse_decimal(text);
  if (!x)
    at.fail(std::string(name) + " " + detail::quoted_value(text) +
            " is not a number (decimal degrees, like 12.5)");
  if (*x < -limit || *x > limit) {
    const std::string range = std::to_string(limit);
    at.fail(std::string(name) + " " + detail::quoted_value(text) + " is out of range: " + name +
            " in [-" + range + ", " + range + "] (WGS84 degrees)");
  }
  return x;
}

PointRow read_row(const std::vector<std::string>& fields, const Columns& c, const Where& at) {
  if (fields.size() > c.count) {
    at.fail("row has " + std::to_string(fields.size()) + " fields, the header " +
            std::to_string(c.count) + " (a value with a comma needs quotes)");
  }
  static const std::string missing;  // fields past the end of a short row are empty
  const auto field = [&](int column) -> const std::string& {
    return column >= 0 && static_cast<std::size_t>(column) < fields.size() ? fields[column]
                                                                           : missing;
  };
  PointRow r;
  r.line = at.line;
  r.id = field(c.id);
  if (r.id.empty()) at.fail("empty id");
  r.lon = degrees(field(c.lon), "lon", 180, at);
  r.lat = degrees(field(c.lat), "lat", 90, at);
  if (r.lon.has_value() != r.lat.has_value())
    at.fail("point " + detail::quoted_value(r.id) + ": give both lon and lat, or neither");
  if (const std::string& s = field(c.osm_id); !s.empty()) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || end != s.data() + s.size())
      at.fail("osm_id " + detail::quoted_value(s) + " is not an integer");
    r.osm_id = id;
  }
  r.node = field(c.node);
  if (!r.lon && !r.osm_id && r.node.empty())
    at.fail("no lon/lat, osm_id or node for point " + detail::quoted_value(r.id));
  return r;
}

}  // namespace

std::vector<PointRow> read_points(const std::string& path) {
  // Bounded like every input: a regular file (a FIFO would block) within the size limit, UTF-8.
  const std::string text = detail::read_input_file(
      path, [&](const std::string& what) { throw core::InputError(path + ": " + what); });
  detail::check_utf8_text(text, path);
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  std::optional<Columns> columns;
  int header_line = 0;
  std::vector<PointRow> rows;
  std::unordered_map<std::string, int> first_line;  // point id -> where it was given
  for (int n = 1;; ++n) {
    const std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const Where at{path, n};
    if (line.find_first_not_of(" \t") != std::string_view::npos) {  // blank lines are skipped
      const auto fields = csv_fields(line, at);
      if (!columns) {
        columns = read_header(fields, line, at);
        header_line = n;
      } else {
        PointRow r = read_row(fields, *columns, at);
        const auto [it, fresh] = first_line.emplace(r.id, n);
        if (!fresh) {
          at.fail("point id " + detail::quoted_value(r.id) + " given twice (first on line " +
                  std::to_string(it->second) + ")");
        }
        rows.push_back(std::move(r));
      }
    }
    if (eol == std::string_view::npos) break;
    rest.remove_prefix(eol + 1);
  }
  if (!columns) Where{path, 1}.fail("empty points file (no header)");
  if (rows.empty()) Where{path, header_line}.fail("no points: the file has a header only");
  return rows;
}

}  // namespace reachplan::io
