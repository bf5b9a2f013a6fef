// Internal to output: the one place that decides the field names of a GIS layer. OGR matches
// field names without regard to case (GeoJSON and GeoPackage alike), so `a` and `A`, or an
// attribute `Population` beside the node's own `population`, would land in one field; SQL and
// Shapefile want plain identifiers. Every name is decided once, here, for the whole layer.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace reachplan::output::detail {

// Lower case ASCII letters, digits and '_', starting with a letter, not an SQL keyword.
bool safe_field_name(const std::string& name);

class FieldNames {
 public:
  // Decides the field for `key` (what the writer calls it: the wanted name itself, or e.g.
  // "attr:" + an attribute's name): `wanted` made safe (lower case; every run of other
  // characters becomes '_'; "f_" before a leading digit or '_'). A name already taken (in any
  // case) or an SQL keyword first gets `prefix` (attributes: "attr_"), and then, while still
  // taken, a suffix _2, _3, ... Names are decided in the order asked, so earlier fields keep
  // theirs. A key asked twice is a programming error.
  const std::string& add(const std::string& key, const std::string& wanted,
                         const std::string& prefix = "");
  bool has(const std::string& key) const { return by_key_.count(key) > 0; }
  // The field decided for `key` (OutputError when none was).
  const std::string& operator[](const std::string& key) const;
  // "wanted=field" for every field whose name is not what was wanted, in the order decided,
  // comma-separated: the mapping a reader needs to find a renamed column ("" when none is).
  std::string renamed() const;

 private:
  bool taken(const std::string& name) const;
  std::map<std::string, std::string> by_key_;
  std::map<std::string, std::string> lower_taken_;  // field name -> the wanted name
  std::vector<std::pair<std::string, std::string>> renamed_;
};

}  // namespace reachplan::output::detail
