#include "yaml_value.hpp"

#include <cmath>
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

Value::Value(YAML::Node node, std::string file, std::string path, core::SourceLocation fallback)
    : node_(std::move(node)), path_(std::move(path)) {
  // An empty value's mark points at whatever token follows it; its key is the better place.
  where_ = node_.IsNull() && fallback.known() ? fallback : location(file, node_.Mark(), fallback);
}

std::string Value::shown() const {
  if (node_.IsScalar()) return "'" + node_.Scalar() + "'";
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
  double x = 0;
  if (!YAML::convert<double>::decode(node_, x)) fail("expected a number, got " + shown());
  if (!std::isfinite(x)) fail("expected a finite number, got " + shown());
  return x;
}

double Value::positive() const {
  const double x = number();
  if (!(x > 0)) fail_value("must be > 0");
  return x;
}

double Value::non_negative() const {
  const double x = number();
  if (x < 0) fail_value("must be >= 0");
  return x;
}

int Value::integer() const {
  if (!node_.IsScalar()) fail("expected a whole number, got " + shown());
  int x = 0;
  if (!YAML::convert<int>::decode(node_, x)) fail("expected a whole number, got " + shown());
  return x;
}

bool Value::boolean() const {
  if (!node_.IsScalar()) fail("expected true or false, got " + shown());
  bool b = false;
  if (!YAML::convert<bool>::decode(node_, b)) fail("expected true or false, got " + shown());
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

std::vector<KeyValue> Value::entries() const {
  if (!node_.IsMap()) fail("expected a map, got " + shown());
  std::vector<KeyValue> out;
  std::map<std::string, core::SourceLocation> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    Value key(it->first, where_.file, path_, where_);
    if (!it->first.IsScalar()) key.fail("expected a plain key, got " + key.shown());
    const std::string name = it->first.Scalar();
    const std::string path = child_path(path_, name);
    key = Value(it->first, where_.file, path, where_);
    if (auto [pos, fresh] = seen.emplace(name, key.where()); !fresh) {
      key.fail("key '" + name + "' given twice (first at " + pos->second.str() + ")");
    }
    out.push_back({name, key, Value(it->second, where_.file, path, key.where())});
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
  return longer.size() == 1 ? " (did you mean '" + longer.front() + "'?)" : "";
}

void Diagnostics::unknown_key(const KeyValue& entry, const std::vector<std::string>& known) {
  warn(entry.key_value.origin(), "unknown key '" + entry.key + "'" + suggest_key(entry.key, known));
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
