// Internal to io: a YAML node that remembers its file, position and key path, so that every
// conversion or range error can name where it happened. yaml-cpp stays behind this header.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "ranges.hpp"
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
  // The value of `key` in a map, without reading the rest of it (has_key first).
  Value get(const std::string& key) const {
    return Value(node_[key], where_.file, path_ + "." + key, where_);
  }
  // How the value reads in a message: 'abc', a list, a map, an empty value.
  std::string shown() const;

  [[noreturn]] void fail(const std::string& what) const;
  // what + " (value 'x')".
  [[noreturn]] void fail_value(const std::string& what) const;

  std::string text() const;
  std::string id() const;  // text matching [A-Za-z0-9_.-]+
  // A plain (unquoted) finite number, as YAML reads it: "5000" in quotes is text, and a number
  // with thousands separators ("9,785,392") is refused with a hint, never read as 9.
  double number() const;
  double number_in(const Range& range) const;  // number() within `range`, named if not
  int integer() const;
  int integer_in(const Range& range) const;
  bool boolean() const;

  std::vector<Value> list() const;
  std::vector<std::string> id_list() const;
  // Map entries in file order; a key given twice is an error, and so is a key that is a bare
  // number (what a number with thousands separators leaves in a flow map). YAML merge keys
  // (`<<: *defaults`, or a list of aliases) apply as YAML says: the map's own keys win, then
  // the merged maps in order; merged entries keep the position they were written at.
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

// Collects what a load finds: warnings go to the caller's list (errors in strict mode); errors
// are kept, so that one pass reports every problem of the files rather than the first, and
// raised together by raise_errors().
class Diagnostics {
 public:
  Diagnostics(std::vector<Warning>& sink, const LoadOptions& options)
      : sink_(sink), options_(options) {}
  void warn(const Origin& at, const std::string& message);
  // "unknown key 'x' (did you mean 'y'?)" at the key: an error, a warning with --lenient.
  void unknown_key(const KeyValue& entry, const std::vector<std::string>& known);

  void error(const core::InputError& e);
  // Runs `step`; an input error it throws is kept and false returned, so the caller goes on
  // with the next item (and skips what depended on this one).
  template <class Step>
  bool attempt(Step&& step) {
    try {
      step();
      return true;
    } catch (const core::InputErrors& e) {
      for (const auto& one : e.errors()) error(one);
      more_ += e.more();
    } catch (const core::InputError& e) {
      error(e);
    }
    return false;
  }
  std::size_t error_count() const { return errors_.size() + more_; }
  // Throws every error kept so far as one core::InputErrors (nothing when there is none).
  void raise_errors();

  // Errors listed in full before the rest are only counted ("... and N more errors").
  static constexpr std::size_t max_listed_errors = 20;

 private:
  std::vector<Warning>& sink_;
  const LoadOptions& options_;
  std::vector<core::InputError> errors_;
  std::size_t more_ = 0;
};

// Reads and parses one YAML file. `named_at` is where another file names it (so that a missing
// file is reported there); null for a path given by the user. Returns the document root.
Value read_yaml(const std::string& path, const Origin* named_at);

bool valid_id(const std::string& id);

// Text that must be one of `allowed`, with a suggestion when it is close to one:
// "unknown <what> 'x' (did you mean 'y'?); use a, b or c".
std::string one_of(const Value& v, const std::vector<std::string>& allowed, const char* what);

// A path named inside `naming_file`, made relative to that file's folder (absolute: as is).
std::string relative_to(const std::string& naming_file, const std::string& name);
// The value as a file name: non-empty text.
std::string file_name(const Value& v);

// " (did you mean 'x'?)" for an unknown key, else "; valid keys here: a, b, c".
std::string suggest_key(const std::string& key, const std::vector<std::string>& known);

}  // namespace reachplan::io::detail
