#include "table_format.hpp"

namespace reachplan::output::detail {

namespace {

// Is the time on a side of the limit (over it, or under it by more than the tolerance), so
// that printing it as the limit would misstate it?
bool apart(double minutes, double limit) {
  return !model::within(minutes, limit) || minutes < limit - model::limit_tolerance_minutes;
}

}  // namespace

TimeAgainstLimit time_against_limit(double minutes, double limit) {
  if (std::isnan(minutes)) return {core::format_hmm(minutes), ""};
  const bool over = !model::within(minutes, limit);
  const bool hidden =
      apart(minutes, limit) &&
      (core::format_hmm(minutes) == core::format_hmm(limit) || (over && minutes - limit < 1));
  if (!hidden)
    return {core::format_hmm(minutes), over ? "+" + core::format_hmm(minutes - limit) : ""};
  int decimals = 0;
  while (decimals < 9 &&
         core::format_hmmss(minutes, decimals) == core::format_hmmss(limit, decimals))
    ++decimals;
  // The gap as printed time minus printed limit, so the three figures add up.
  const double unit = std::pow(10.0, decimals);
  const auto units = [&](double m) { return std::round(m * 60 * unit); };
  const double gap = (units(minutes) - units(limit)) / unit / 60;
  return {core::format_hmmss(minutes, decimals),
          over ? "+" + core::format_hmmss(gap, decimals) : ""};
}

int decimals_against_limit(double minutes, double limit, int least) {
  int decimals = least;
  while (decimals < 10 && std::isfinite(minutes) && apart(minutes, limit) &&
         fixed(minutes, decimals) == fixed(limit, decimals))
    ++decimals;
  return decimals;
}

std::string csv_minutes_against_limit(double minutes, double limit) {
  const int decimals = decimals_against_limit(minutes, limit);
  return decimals == 2 ? csv_minutes(minutes) : fixed(minutes, decimals);
}

std::string share_against_limit(double share, double least) {
  return fixed(share * 100, decimals_against_limit(share * 100, least * 100, 1)) + "%";
}

std::string text_table(const std::vector<std::vector<std::string>>& rows, const std::string& align,
                       const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string s;
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool right = c < align.size() && align[c] == 'r';
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c ? "  " : "") + (right ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : ""));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    s += line + "\n";
  }
  return s;
}

}  // namespace reachplan::output::detail
