// Number formats shared by the comparison tables and the HTML report, so a figure reads the
// same in both: fixed decimals (never "-0.00"), signed deltas, and people counts.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace reachplan::output::detail {

// Fixed decimals, "" for NaN or infinity, never "-0.00".
inline std::string fixed(double x, int decimals) {
  if (!std::isfinite(x)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// "p50", "p95", "p12.5": a percentile in column and file names.
inline std::string percentile_name(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "p%g", p);
  return buf;
}

// As fixed, with a "+" on positive non-zero values (a gain or a saving).
inline std::string signed_fixed(double x, int decimals) {
  std::string s = fixed(x, decimals);
  if (s.empty() || s[0] == '-' || s.find_first_not_of("0.") == std::string::npos) return s;
  return "+" + s;
}

// People counts in tables: one unit per table (M, k or plain), chosen from its largest figure,
// so a column reads at a glance; "places" when the weighting is by count.
class PeopleFormat {
 public:
  PeopleFormat(double largest, const std::string& weighting) {
    largest = std::abs(largest);
    if (weighting != "population") {
      decimals_ = 1;
    } else if (largest >= 1e6) {
      divisor_ = 1e6;
      suffix_ = " M";
      decimals_ = 2;
    } else if (largest >= 1e4) {
      divisor_ = 1e3;
      suffix_ = " k";
      decimals_ = 1;
    }
  }
  std::string operator()(double x, bool sign = false) const {
    if (!std::isfinite(x)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals_, x / divisor_);
    std::string s = buf;
    // Zero (at the shown precision) is a plain 0: no "-0.0", no unit, easy to skip over.
    if (s.find_first_not_of("+-0.") == std::string::npos) return "0";
    return s + suffix_;
  }

 private:
  double divisor_ = 1.0;
  std::string suffix_;
  int decimals_ = 0;
};

}  // namespace reachplan::output::detail
