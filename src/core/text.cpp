#include "reachplan/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace reachplan::core {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A suggestion is only useful when it is a plausible typo: at most a third of the word wrong.
  if (best && best_distance <= std::max<std::size_t>(2, word.size() / 3)) return best;
  return std::nullopt;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto n = nearest(word, candidates)) return " (did you mean '" + *n + "'?)";
  return "";
}

std::string ascii_lower(std::string_view text) {
  std::string s(text);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string cut_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut sequence.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += sep;
    s += items[i];
  }
  return s;
}

std::string format_hmm(double minutes) {
  if (!std::isfinite(minutes)) return "-";
  const long total = std::lround(minutes);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", total / 60, total % 60);
  return buf;
}

std::string format_hmmss(double minutes, int decimals) {
  if (!std::isfinite(minutes)) return "-";
  decimals = std::clamp(decimals, 0, 9);
  long long unit = 1;  // one unit = 10^-decimals seconds
  for (int i = 0; i < decimals; ++i) unit *= 10;
  // Rounded once, in whole units: "1:10:18" for 70.3 minutes, however 70.3 * 60 rounds.
  const long long total = std::llround(minutes * 60.0 * static_cast<double>(unit));
  const long long seconds = total / unit;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
  std::string s = buf;
  if (decimals > 0) {
    // Zero-padded by hand: a printf width from a variable trips -Wformat-truncation.
    const std::string fraction = std::to_string(std::llabs(total % unit));
    s += "." + std::string(static_cast<std::size_t>(decimals) - fraction.size(), '0') + fraction;
  }
  return s;
}

std::string fixed_decimals(double x, int decimals) {
  // to_chars rounds as printf's %.*f does (from the exact binary value) at a fraction of the
  // cost, which matters in matrices of millions of cells. The largest double has 309 digits.
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
  if (r.ec != std::errc()) return std::to_string(x);  // more decimals than fit: never asked
  return std::string(buf, r.ptr);
}

std::optional<double> parse_decimal(std::string_view text) {
  // The syntax is checked by hand: strtod alone also takes hex, inf, nan and leading spaces.
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  const std::string s(text);
  const double x = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(x)) return std::nullopt;
  return x;
}

// &, <, >, " and ' as entities: safe in XML and HTML text and attribute values.
std::string xml_escape(const std::string& text) {
  std::string s;
  s.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        s += "&amp;";
        break;
      case '<':
        s += "&lt;";
        break;
      case '>':
        s += "&gt;";
        break;
      case '"':
        s += "&quot;";
        break;
      case '\'':
        s += "&apos;";
        break;
      default:
        s += ch;
    }
  }
  return s;
}

}  // namespace reachplan::core
