#include "reachplan/output/transit_route.hpp"

#include <cstdio>
#include <iomanip>
#include <sstream>

namespace reachplan::output {

namespace {

std::string minutes(model::DaySeconds seconds) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(seconds % 60 == 0 ? 0 : 1) << seconds / 60.0 << " min";
  return s.str();
}

}  // namespace

std::string transit_route_text(const analysis::TransitRoute& r) {
  std::ostringstream s;
  s << "Timetables on " << r.date << ", leaving " << model::clock_text(r.departure) << " from "
    << r.from << " to " << r.to << "\n";
  if (!r.found) {
    s << "No trip within " << r.max_minutes << " min (--max-minutes), walking "
      << (r.on_streets ? "on the streets" : "in straight lines") << "\n";
    return s.str();
  }
  model::DaySeconds at = r.departure;
  for (const auto& l : r.legs) {
    const model::DaySeconds wait = l.depart - at;
    s << "  " << model::clock_text(l.depart) << "  ";
    if (l.kind == analysis::RouteLeg::Kind::ride)
      s << "ride " << l.route << " (trip " << l.trip << ")";
    else
      s << "walk";
    s << " from " << l.from << " to " << l.to << ", arrive " << model::clock_text(l.arrive) << " ("
      << minutes(l.arrive - l.depart);
    if (wait > 0) s << ", after waiting " << minutes(wait);
    s << ")\n";
    at = l.arrive;
  }
  s << "Arrive " << model::clock_text(r.arrival) << ": " << minutes(r.arrival - r.departure)
    << " door to door, " << r.rides << (r.rides == 1 ? " ride" : " rides") << "; walking "
    << (r.on_streets ? "on the streets" : "in straight lines (an estimate)") << "\n";
  return s.str();
}

}  // namespace reachplan::output
