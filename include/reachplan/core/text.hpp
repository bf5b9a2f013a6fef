// Small text helpers used for messages and tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reachplan::core {

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is plausibly a typo of it, else nullopt.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// `text` with A-Z lowered and every other byte (UTF-8 included) kept, whatever the locale.
std::string ascii_lower(std::string_view text);

// The items with `sep` between them ("" for none; an empty item still gets its separators).
std::string join(const std::vector<std::string>& items, std::string_view sep);

// `text` cut to at most `max_bytes` bytes (never inside a UTF-8 sequence) with "..." added when
// cut: a value echoed in a message must not make the message as big as the value.
std::string cut_text(std::string_view text, std::size_t max_bytes = 60);

// Minutes as "h:mm" (rounded to the minute), "-" for NaN/unreachable.
std::string format_hmm(double minutes);

// Minutes as "h:mm:ss", the seconds with `decimals` decimals (0 to 9), "-" for NaN/unreachable.
// For a time that h:mm would round onto a limit (output/table_format.hpp decides when).
std::string format_hmmss(double minutes, int decimals = 0);

// x with `decimals` decimals, exactly as printf's "%.*f" writes it (for messages).
std::string fixed_decimals(double x, int decimals);

// A plain decimal number as people write it in a table: optional sign, digits with an optional
// point, optional exponent ("-1.5", "2e3", ".5"). nullopt for anything else, so nothing is read
// as a number by accident: hex ("0x1p3"), "inf", "nan", thousands separators ("1,000"), spaces,
// trailing junk ("12km"), and values too large for a double.
std::optional<double> parse_decimal(std::string_view text);

// Text escaped for XML and HTML (text and attribute values): & < > " '.
std::string xml_escape(const std::string& text);

}  // namespace reachplan::core
