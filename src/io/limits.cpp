#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstring>
#include <sstream>
#include <vector>

#include "limits_check.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/limits.hpp"

namespace reachplan::io::detail {

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 if it is not a valid one (overlong
// forms, surrogates and code points past U+10FFFF are invalid).
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return n;
}

class ShapeCounter : public YAML::EventHandler {
 public:
  ShapeCounter(const std::string& text, std::string path) : text_(text), path_(std::move(path)) {}

  // A second document would be silently ignored, so it is an error. yaml-cpp also "starts" a
  // new empty document at a stray token it cannot consume (a ',' or ']' after the first one),
  // at the same place for ever; that is reported as the stray text.
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 1) return;
    std::size_t pos = mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos);
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos += 3;  // positions skip a byte order mark
    if (text_.compare(pos, 3, "---") != 0) {
      fail(mark, "invalid YAML: unexpected '" + text_.substr(pos, 1) + "'");
    }
    second_document_ = true;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    at_node(mark);
    if (anchor < open_anchor_.size() && open_anchor_[anchor]) {
      fail(mark, "an alias refers to the list or map it is in (a recursive structure)");
    }
    count(mark, 0, anchor < size_.size() ? size_[anchor] : 1);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    leaf(mark, anchor);
    if (!valid_utf8(value)) {
      fail(mark, "text is not valid UTF-8 (an escape such as \\uD800 makes a lone surrogate)");
    }
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t start;  // expanded count before this list or map
  };

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const {
    throw core::InputError({path_, mark.line + 1, mark.column + 1}, "", what);
  }

  void at_node(const YAML::Mark& mark) const {
    if (second_document_) {
      fail(mark, "the file holds more than one YAML document ('---'); use one");
    }
  }

  void count(const YAML::Mark& mark, std::uint64_t own, std::uint64_t expanded) {
    values_ += own;
    expanded_ += expanded;
    if (values_ > limits::max_yaml_values) {
      fail(mark, "the file holds more than " + std::to_string(limits::max_yaml_values) +
                     " YAML values; a network this large belongs in an OSM extract or a GIS "
                     "layer (see README, Robustness and limits)");
    }
    if (expanded_ > limits::max_yaml_values) {
      fail(mark, "YAML aliases expand to more than " + std::to_string(limits::max_yaml_values) +
                     " values (an alias bomb?); repeat fewer values through aliases");
    }
  }

  void remember(YAML::anchor_t anchor, std::uint64_t size) {
    if (anchor == YAML::NullAnchor) return;
    if (anchor >= size_.size()) size_.resize(anchor + 1, 1);
    size_[anchor] = size;
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    at_node(mark);
    count(mark, 1, 1);
    remember(anchor, 1);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    at_node(mark);
    if (open_.size() >= limits::max_yaml_depth) {
      fail(mark,
           "lists and maps nested more than " + std::to_string(limits::max_yaml_depth) + " deep");
    }
    open_.push_back({anchor, expanded_});
    if (anchor != YAML::NullAnchor) {
      if (anchor >= open_anchor_.size()) open_anchor_.resize(anchor + 1, false);
      open_anchor_[anchor] = true;
    }
    count(mark, 1, 1);
  }

  void close() {
    if (open_.empty()) return;
    const Open o = open_.back();
    open_.pop_back();
    if (o.anchor != YAML::NullAnchor) {
      open_anchor_[o.anchor] = false;
      remember(o.anchor, expanded_ - o.start);
    }
  }

  const std::string& text_;
  std::string path_;
  int documents_ = 0;
  bool second_document_ = false;
  std::uint64_t values_ = 0;    // values written in the file
  std::uint64_t expanded_ = 0;  // values the loader could visit, aliases expanded
  std::vector<Open> open_;
  std::vector<std::uint64_t> size_;  // anchor id -> expanded size of the anchored value
  std::vector<bool> open_anchor_;    // anchor id -> its list or map is still open
};

}  // namespace

bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void check_utf8_text(const std::string& text, const std::string& path) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || text[i] == '\0') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      throw core::InputError(
          {path, line, column}, "",
          std::string("the file is not UTF-8 text (byte ") + hex + "); save it as UTF-8");
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
}

void check_scenario_size(const model::Scenario& s, const Origin* key_group_at) {
  const auto size = [&](const std::string& group) -> std::uint64_t {
    if (group.empty() || group == "all") return s.network.nodes.size();
    auto it = s.groups.find(group);
    return it == s.groups.end() ? 0 : it->second.size();
  };
  const std::uint64_t key = size(s.key_group);
  if (key > limits::max_key_group_places) {
    const std::string what =
        "the key group '" + (s.key_group.empty() ? std::string("all") : s.key_group) + "' has " +
        std::to_string(key) + " places; the key matrix and od.csv with every path are limited to " +
        std::to_string(limits::max_key_group_places) +
        " places: set scenario.key_group to a smaller group";
    if (key_group_at) fail_at(*key_group_at, what);
    throw core::InputError(s.where, "scenario", what);
  }
  const auto check_cells = [&](std::uint64_t rows, std::uint64_t cols,
                               const core::SourceLocation& where, const std::string& path) {
    if (rows * cols <= limits::max_matrix_cells) return;
    throw core::InputError(
        where, path,
        std::to_string(rows) + " x " + std::to_string(cols) + " pairs exceed the limit of " +
            std::to_string(limits::max_matrix_cells) + " cells per matrix; use smaller groups");
  };
  // At most this many places by a kind's place rule (group_but_from: the group's size).
  const auto places = [&](const model::Target& t, model::TargetPlaceRule rule) -> std::uint64_t {
    switch (rule) {
      case model::TargetPlaceRule::from:
        return 1;
      case model::TargetPlaceRule::to_group:
        return size(t.to_group);
      case model::TargetPlaceRule::group:
      case model::TargetPlaceRule::group_but_from:
        return size(t.group);
    }
    return 0;
  };
  for (const auto& t : s.targets) {
    const model::TargetKindInfo& kind = t.kind_info();
    check_cells(places(t, kind.origins), places(t, kind.destinations), t.where,
                "scenario.targets." + t.id);
  }
  for (const auto& m : s.matrices) {
    const std::uint64_t rows = size(m.group);
    check_cells(rows, m.to_group.empty() ? rows : size(m.to_group), m.where,
                "scenario.matrices." + m.id);
  }
}

void check_yaml_shape(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  ShapeCounter counter(text, path);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(counter)) {
    }
  } catch (const YAML::Exception&) {
    // A syntax error: the real parse reports it with its position.
  }
}

}  // namespace reachplan::io::detail
