#include "reachplan/output/transit_route.hpp"

#include <cstdio>
#include <iomanip>
#include <sstream>

namespace reachplan::output {

std::string clock_time(model::DaySeconds t) {
  char b[32];
  const char* sign = t < 0 ? "-" : "";
  const long long a = t < 0 ? -static_cast<long long>(t) : t;
  std::snprintf(b, sizeof b, "%s%02lld:%02lld:%02lld", sign, a / 3600, a / 60 % 60, a % 60);
  return b;
}

namespace {

std::string minutes(model::DaySeconds seconds) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(seconds % 60 == 0 ? 0 : 1) << seconds / 60.0 << " min";
  return s.str();
}

}  // namespace

std::string transit_route_text(const analysis::TransitRoute& r) {
  std::ostringstream s;
  s << "Timetables on " << r.date << ", leaving " << clock_time(r.departure) << " from " << r.from
    << " to " << r.to << "\n";
  if (!r.found) {
    s << "No trip within " << r.max_minutes << " min (--max-minutes), walking "
      << (r.on_streets ? "on the streets" : "in straight lines") << "\n";
    return s.str();
  }
  model::DaySeconds at = r.departure;
  for (const auto& l : r.legs) {
    const model::DaySeconds wait = l.depart - at;
    s << "  " << clock_time(l.depart) << "  ";
    if (l.kind == analysis::RouteLeg::Kind::ride)
      s << "ride " << l.route << " (trip " << l.trip << ")";
    else
      s << "walk";
    s << " from " << l.from << " to " << l.to << ", arrive " << clock_time(l.arrive) << " ("
      << minutes(l.arrive - l.depart);
    if (wait > 0) s << ", after waiting " << minutes(wait);
    s << ")\n";
    at = l.arrive;
  }
  s << "Arrive " << clock_time(r.arrival) << ": " << minutes(r.arrival - r.departure)
    << " door to door, " << r.rides << (r.rides == 1 ? " ride" : " rides") << "; walking "
    << (r.on_streets ? "on the streets" : "in straight lines (an estimate)") << "\n";
  return s.str();
}

}  // namespace reachplan::output
