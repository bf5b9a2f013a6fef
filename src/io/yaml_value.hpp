// Internal to io: a YAML node that remembers its file, position and key path, so that every
// conversion or range error can name where it happened. yaml-cpp stays behind this header.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "reachplan/core/error.hpp"
#include "reachplan/io/load.hpp"

namespace reachplan::io::detail {

// Where something was written: file position plus key path (e.g. lines[3].stops[1]).
struct Origin {
  core::SourceLocation where;
  std::string path;
};

[[noreturn]] void fail_at(const Origin& at, const std::string& what);

// Appends `path` to `base` the way key paths read: a.b, a[3].
std::string child_path(const std::string& base, const std::string& key);
std::string index_path(const std::string& base, std::size_t index);

struct KeyValue;

class Value {
 public:
  Value(YAML::Node node, std::string file, std::string path, core::SourceLocation fallback);

  const std::string& path() const { return path_; }
  const std::string& file() const { return where_.file; }
  const core::SourceLocation& where() const { return where_; }
  Origin origin() const { return {where_, path_}; }

  bool is_null() const { return node_.IsNull(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_list() const { return node_.IsSequence(); }
  bool has_key(const std::string& key) const { return node_.IsMap() && node_[key]; }
  // How the value reads in a message: 'abc', a list, a map, an empty value.
  std::string shown() const;

  [[noreturn]] void fail(const std::string& what) const;
  // what + " (value 'x')".
  [[noreturn]] void fail_value(const std::string& what) const;

  std::string text() const;
  std::string id() const;  // text matching [A-Za-z0-9_.-]+
  double number() const;   // finite
  double positive() const;
  double non_negative() const;
  int integer() const;
  bool boolean() const;

  std::vector<Value> list() const;
  std::vector<std::string> id_list() const;
  // Map entries in file order; a key given twice is an error.
  std::vector<KeyValue> entries() const;

 private:
  YAML::Node node_;
  std::string path_;
  core::SourceLocation where_;
};

struct KeyValue {
  std::string key;
  Value key_value;  // the key itself, for "unknown key" messages
  Value value;
};

// Routes warnings to the caller's list, or throws them in strict mode.
class Diagnostics {
 public:
  Diagnostics(std::vector<Warning>& sink, const LoadOptions& options)
      : sink_(sink), options_(options) {}
  void warn(const Origin& at, const std::string& message);
  // "unknown key 'x' (did you mean 'y'?)" at the key.
  void unknown_key(const KeyValue& entry, const std::vector<std::string>& known);

 private:
  std::vector<Warning>& sink_;
  const LoadOptions& options_;
};

// Reads and parses one YAML file. `named_at` is where another file names it (so that a missing
// file is reported there); null for a path given by the user. Returns the document root.
Value read_yaml(const std::string& path, const Origin* named_at);

bool valid_id(const std::string& id);

// " (did you mean 'x'?)" for an unknown key, or "".
std::string suggest_key(const std::string& key, const std::vector<std::string>& known);

}  // namespace reachplan::io::detail
