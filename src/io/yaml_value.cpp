#include "yaml_value.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "limits_check.hpp"
#include "reachplan/core/text.hpp"

namespace reachplan::io::detail {

namespace {

// yaml-cpp marks are 0-based and -1 for nodes it made up; ours are 1-based, 0 = unknown.
core::SourceLocation location(const std::string& file, const YAML::Mark& mark,
                              const core::SourceLocation& fallback) {
  if (mark.line < 0) return fallback.known() ? fallback : core::SourceLocation{file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

}  // namespace

void fail_at(const Origin& at, const std::string& what) {
  throw core::InputError(at.where, at.path, what);
}

std::string child_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

std::string index_path(const std::string& base, std::size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string one_of(const Value& v, const std::vector<std::string>& allowed, const char* what) {
  const std::string s = v.text();
  if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
  std::string list;
  for (std::size_t i = 0; i < allowed.size(); ++i)
    list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
  v.fail(std::string("unknown ") + what + " '" + core::cut_text(s) + "'" +
         core::did_you_mean(s, allowed) + "; use " + list);
}

// A path named inside `naming_file`, made relative to that file's folder.
std::string relative_to(const std::string& naming_file, const std::string& name) {
  const std::filesystem::path p(name);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (std::filesystem::path(naming_file).parent_path() / p).lexically_normal().string();
}

std::string file_name(const Value& v) {
  const std::string name = v.text();
  if (name.empty()) v.fail("expected a file name, got an empty text");
  return name;
}

Value::Value(YAML::Node node, std::string file, std::string path, core::SourceLocation fallback)
    : node_(std::move(node)), path_(std::move(path)) {
  // An empty value's mark points at whatever token follows it; its key is the better place.
  where_ = node_.IsNull() && fallback.known() ? fallback : location(file, node_.Mark(), fallback);
}

std::string Range::str() const {
  const auto number = [](double x) {
    // Whole numbers as written in the README table; others as printf's %g.
    if (x == std::floor(x) && std::fabs(x) < 1e9) return core::fixed_decimals(x, 0);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return std::string(buf);
  };
  std::string s = (min_open ? "(" : "[") + number(min) + ", " + number(max) + "]";
  return unit.empty() ? s : s + " " + std::string(unit);
}

namespace {

// yaml-cpp gives a plain scalar the tag "?" and a quoted one "!": only a plain scalar is a
// number, a boolean or a key that may be a number.
bool is_plain(const YAML::Node& node) {
  return node.Tag() == "?";
}

// "9,785,392", "1_000": digits in groups of three that YAML does not read as one number.
bool has_digit_separators(const std::string& s) {
  std::size_t digits = 0, groups = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if ((c == ',' || c == '_') && digits > 0) {
      ++groups;
      digits = 0;
    } else if (!(c == '+' || c == '-' || c == '.')) {
      return false;
    }
  }
  return groups > 0;
}

bool looks_numeric(const std::string& s) {
  double x = 0;
  return YAML::convert<double>::decode(YAML::Node(s), x);
}

}  // namespace

std::string Value::shown() const {
  if (node_.IsScalar()) return "'" + core::cut_text(node_.Scalar()) + "'";
  if (node_.IsSequence()) return "a list";
  if (node_.IsMap()) return "a map";
  return "an empty value";
}

void Value::fail(const std::string& what) const {
  throw core::InputError(where_, path_, what);
}

void Value::fail_value(const std::string& what) const {
  fail(what + " (value " + shown() + ")");
}

std::string Value::text() const {
  if (!node_.IsScalar()) fail("expected text, got " + shown());
  return node_.Scalar();
}

std::string Value::id() const {
  if (!node_.IsScalar()) fail("expected an id, got " + shown());
  const std::string& s = node_.Scalar();
  if (!valid_id(s)) fail_value("an id may only hold letters, digits, '_', '.' and '-'");
  return s;
}

double Value::number() const {
  if (!node_.IsScalar()) fail("expected a number, got " + shown());
  const std::string& s = node_.Scalar();
  if (has_digit_separators(s))
    fail("expected a number, got " + shown() + ": write it without thousands separators");
  double x = 0;
  if (!YAML::convert<double>::decode(node_, x)) fail("expected a number, got " + shown());
  if (!is_plain(node_)) fail("expected a number, got the quoted text " + shown() + ": unquote it");
  if (!std::isfinite(x)) fail("expected a finite number, got " + shown());
  return x;
}

double Value::number_in(const Range& range) const {
  const double x = number();
  if (!range.contains(x)) fail_value("must be in " + range.str());
  return x;
}

int Value::integer() const {
  if (!node_.IsScalar()) fail("expected a whole number, got " + shown());
  int x = 0;
  if (!YAML::convert<int>::decode(node_, x)) fail("expected a whole number, got " + shown());
  if (!is_plain(node_))
    fail("expected a whole number, got the quoted text " + shown() + ": unquote it");
  return x;
}

int Value::integer_in(const Range& range) const {
  const int x = integer();
  if (!range.contains(x)) fail_value("must be in " + range.str());
  return x;
}

bool Value::boolean() const {
  if (!node_.IsScalar()) fail("expected true or false, got " + shown());
  bool b = false;
  if (!YAML::convert<bool>::decode(node_, b) || !is_plain(node_))
    fail("expected true or false, got " + shown());
  return b;
}

std::vector<Value> Value::list() const {
  if (!node_.IsSequence()) fail("expected a list, got " + shown());
  std::vector<Value> items;
  items.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) {
    items.emplace_back(node_[i], where_.file, index_path(path_, i), where_);
  }
  return items;
}

std::vector<std::string> Value::id_list() const {
  std::vector<std::string> ids;
  for (const auto& item : list()) ids.push_back(item.id());
  return ids;
}

namespace {

// A map key must be text: a bare number as a key is what "{population: 9,785,392}" leaves
// behind (the commas end the entry), so it is refused rather than kept as a stray key.
void check_key(const Value& key, const YAML::Node& node, const YAML::Node& value) {
  if (!node.IsScalar()) key.fail("expected a plain key, got " + key.shown());
  const std::string& name = node.Scalar();
  if (!is_plain(node) || !looks_numeric(name)) return;
  if (value.IsNull() && name.size() == 3)
    key.fail("key " + key.shown() +
             " is a bare number: in a {...} map a comma ends an entry, so a number written with "
             "thousands separators (9,785,392) splits there; write it without them (9785392)");
  key.fail("key " + key.shown() + " is a bare number; quote it if it is meant as a name");
}

bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (is_plain(key) || key.Tag() == "tag:yaml.org,2002:merge");
}

}  // namespace

std::vector<KeyValue> Value::entries() const {
  if (!node_.IsMap()) fail("expected a map, got " + shown());
  std::vector<KeyValue> out;
  std::map<std::string, core::SourceLocation> seen;
  std::vector<Value> merges;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    Value key(it->first, where_.file, path_, where_);
    if (is_merge_key(it->first)) {
      Value source(it->second, where_.file, child_path(path_, "<<"), key.where());
      for (const auto& m : source.is_list() ? source.list() : std::vector<Value>{source}) {
        if (!m.is_map())
          m.fail(
              "a merge key '<<' takes a map (an alias such as *defaults) or a list of maps, got " +
              m.shown());
        merges.push_back(m);
      }
      continue;
    }
    if (it->first.IsScalar())
      key = Value(it->first, where_.file, child_path(path_, it->first.Scalar()), where_);
    check_key(key, it->first, it->second);
    const std::string name = it->first.Scalar();
    const std::string path = child_path(path_, name);
    if (auto [pos, fresh] = seen.emplace(name, key.where()); !fresh) {
      key.fail("key '" + core::cut_text(name) + "' given twice (first at " + pos->second.str() +
               ")");
    }
    out.push_back({name, key, Value(it->second, where_.file, path, key.where())});
  }
  // YAML merge: a key the map gives itself wins, then the first merged map that has it.
  for (const Value& m : merges) {
    Value shaped(m.node_, where_.file, path_, m.where());
    for (auto& e : shaped.entries()) {
      if (seen.emplace(e.key, e.key_value.where()).second) out.push_back(std::move(e));
    }
  }
  return out;
}

void Diagnostics::warn(const Origin& at, const std::string& message) {
  if (options_.strict) throw core::InputError(at.where, at.path, message);
  sink_.push_back({at.where, at.path, message});
}

std::string suggest_key(const std::string& key, const std::vector<std::string>& known) {
  std::string hint = core::did_you_mean(key, known);
  if (!hint.empty()) return hint;
  // Keys carry their unit (headway_min, length_km); a key without it is too far off for the
  // edit distance, so also offer the one known key that merely extends it.
  std::vector<std::string> longer;
  for (const auto& k : known) {
    if (k.size() > key.size() && k.compare(0, key.size(), key) == 0) longer.push_back(k);
  }
  if (longer.size() == 1) return " (did you mean '" + longer.front() + "'?)";
  return "; valid keys here: " + core::join(known, ", ");
}

void Diagnostics::unknown_key(const KeyValue& entry, const std::vector<std::string>& known) {
  const std::string message =
      "unknown key '" + core::cut_text(entry.key) + "'" + suggest_key(entry.key, known);
  if (options_.lenient) {
    warn(entry.key_value.origin(), message);
    return;
  }
  entry.key_value.fail(message);
}

void Diagnostics::error(const core::InputError& e) {
  if (errors_.size() < max_listed_errors) {
    errors_.push_back(e);
  } else {
    ++more_;
  }
}

void Diagnostics::raise_errors() {
  if (errors_.empty()) return;
  throw core::InputErrors(errors_, more_);
}

Value read_yaml(const std::string& path, const Origin* named_at) {
  const auto complain = [&](const std::string& what) {
    if (named_at) fail_at(*named_at, what);
    throw core::InputError(what);
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) complain("file '" + path + "' does not exist");
  // Bounded before anything is built: size, encoding, then values, nesting and aliases.
  const std::string text = read_input_file(path, complain);
  check_utf8_text(text, path);
  check_yaml_shape(text, path);

  // One document only (the shape check refused a second): YAML::LoadAll would also loop for
  // ever on a stray ',' after the first document.
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw core::InputError(location(path, e.mark, {path, 0, 0}), "", "invalid YAML: " + e.msg);
  }
  return Value(root, path, "", {path, 1, 1});
}

}  // namespace reachplan::io::detail
