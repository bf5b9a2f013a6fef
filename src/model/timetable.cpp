#include "reachplan/model/timetable.hpp"

#include <cstdio>

namespace reachplan::model {

std::string clock_text(DaySeconds t, bool seconds) {
  const long long a = t < 0 ? -static_cast<long long>(t) : t;
  char b[40];
  if (seconds)
    std::snprintf(b, sizeof b, "%s%02lld:%02lld:%02lld", t < 0 ? "-" : "", a / 3600, a / 60 % 60,
                  a % 60);
  else
    std::snprintf(b, sizeof b, "%s%02lld:%02lld", t < 0 ? "-" : "", a / 3600, a / 60 % 60);
  return b;
}

}  // namespace reachplan::model
