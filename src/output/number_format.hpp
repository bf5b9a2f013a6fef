// People counts in tables: one unit per table (M, k or plain), chosen from its largest figure,
// so a column reads at a glance; "places" when the weighting is by count.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace reachplan::output::detail {

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
