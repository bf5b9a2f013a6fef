// Test helper: a scenario drawn as a small text table, so graph/routing tests need no YAML.
//
//   node a 114.0 30.0 access.rail=5 egress.rail=3      id lon lat [options]
//   node wh 114.3 30.6 name=Wuhan attr.name_zh=武汉     name= (default the id), attr.<key>=
//   mode rail speed_kmh=60 dwell_min=2 transfer.bus=7  id [options]; transfer.<to-mode>=min
//   line r1 rail a (b) c@3 d#12 headway_min=10         id mode stops... [options]
//   link k1 road a b segment_min=5                     a one-segment line with is_link
//   year 2020 | build r1 r2 | statuses existing planned
//
// Stops: `x` served, `(x)` passed through, `x@3` dwell 3 min, `x#12.5` chainage 12.5 km.
// Lines get SourceLocation{"drawn", row} so error messages can be checked.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "reachplan/model/scenario.hpp"

namespace reachplan::test {

namespace detail {

inline std::vector<double> parse_list(const std::string& v) {
  std::vector<double> out;
  std::stringstream ss(v);
  for (std::string item; std::getline(ss, item, ',');) out.push_back(std::stod(item));
  return out;
}

inline void set_mode_option(model::Mode& m, const std::string& k, const std::string& v) {
  if (k == "speed_kmh")
    m.speed_kmh = std::stod(v);
  else if (k == "speed_factor")
    m.speed_factor = std::stod(v);
  else if (k == "dwell_min")
    m.dwell_min = std::stod(v);
  else if (k == "access_min")
    m.access_min = std::stod(v);
  else if (k == "egress_min")
    m.egress_min = std::stod(v);
  else if (k == "boarding_wait_min")
    m.boarding_wait_min = std::stod(v);
  else if (k == "detour_factor")
    m.detour_factor = std::stod(v);
  else if (k == "transfer_min")
    m.transfer_default_min = std::stod(v);
  else if (k.rfind("transfer.", 0) == 0)
    m.transfer_min[k.substr(9)] = std::stod(v);
  else
    throw std::invalid_argument("drawn network: unknown mode option " + k);
}

inline void set_line_option(model::Line& l, const std::string& k, const std::string& v) {
  if (k == "segment_min")
    l.segment_min = parse_list(v);
  else if (k == "segment_km")
    l.segment_km = parse_list(v);
  else if (k == "length_km")
    l.length_km = std::stod(v);
  else if (k == "design_speed_kmh")
    l.design_speed_kmh = std::stod(v);
  else if (k == "speed_kmh")
    l.speed_kmh = std::stod(v);
  else if (k == "detour_factor")
    l.detour_factor = std::stod(v);
  else if (k == "dwell_min")
    l.dwell_min = std::stod(v);
  else if (k == "headway_min")
    l.headway_min = std::stod(v);
  else if (k == "trains_per_day")
    l.trains_per_day = std::stod(v);
  else if (k == "opened")
    l.opened = std::stoi(v);
  else if (k == "oneway")
    l.oneway = (v == "true" || v == "1");
  else if (k == "status") {
    auto s = model::status_from_string(v);
    if (!s) throw std::invalid_argument("drawn network: bad status " + v);
    l.status = *s;
  } else
    throw std::invalid_argument("drawn network: unknown line option " + k);
}

inline model::Stop parse_stop(std::string t) {
  model::Stop s;
  if (t.size() > 2 && t.front() == '(' && t.back() == ')') {
    s.pass = true;
    t = t.substr(1, t.size() - 2);
  }
  if (auto at = t.find('@'); at != std::string::npos) {
    s.dwell_min = std::stod(t.substr(at + 1));
    t.erase(at);
  }
  if (auto hash = t.find('#'); hash != std::string::npos) {
    s.km = std::stod(t.substr(hash + 1));
    t.erase(hash);
  }
  s.node = t;
  return s;
}

}  // namespace detail

// Build a scenario (default profile only) from a drawn table. Throws std::invalid_argument
// on a malformed table; the model is not validated (that is what the graph tests probe).
inline model::Scenario drawn_scenario(const std::string& table) {
  model::Scenario sc;
  sc.id = "drawn";
  sc.profiles["default"] = model::Profile{};
  std::istringstream in(table);
  int row = 0;
  for (std::string text; std::getline(in, text);) {
    ++row;
    std::istringstream words(text);
    std::vector<std::string> w;
    for (std::string t; words >> t;) w.push_back(t);
    if (w.empty() || w[0][0] == '%') continue;
    const core::SourceLocation where{"drawn", row, 0};
    auto options = [&](std::size_t from, auto&& set) {
      for (std::size_t i = from; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        if (eq == std::string::npos) throw std::invalid_argument("drawn network: " + text);
        set(w[i].substr(0, eq), w[i].substr(eq + 1));
      }
    };
    if (w[0] == "node" && w.size() >= 4) {
      model::Node n;
      n.id = n.name = w[1];
      n.lon = std::stod(w[2]);
      n.lat = std::stod(w[3]);
      n.where = where;
      options(4, [&](const std::string& k, const std::string& v) {
        if (k.rfind("access.", 0) == 0)
          n.access_min[k.substr(7)] = std::stod(v);
        else if (k.rfind("egress.", 0) == 0)
          n.egress_min[k.substr(7)] = std::stod(v);
        else if (k == "population")
          n.population = std::stod(v);
        else if (k == "name")
          n.name = v;
        else if (k.rfind("attr.", 0) == 0)
          n.attributes[k.substr(5)] = v;
        else
          throw std::invalid_argument("drawn network: unknown node option " + k);
      });
      sc.network.nodes.push_back(std::move(n));
    } else if (w[0] == "mode" && w.size() >= 2) {
      model::Mode m;
      m.id = m.name = w[1];
      m.where = where;
      options(
          2, [&](const std::string& k, const std::string& v) { detail::set_mode_option(m, k, v); });
      sc.network.modes.push_back(std::move(m));
    } else if ((w[0] == "line" || w[0] == "link") && w.size() >= 3) {
      model::Line l;
      l.id = l.name = w[1];
      l.mode = w[2];
      l.is_link = w[0] == "link";
      l.where = where;
      std::size_t i = 3;
      for (; i < w.size() && w[i].find('=') == std::string::npos; ++i) {
        l.stops.push_back(detail::parse_stop(w[i]));
        l.stops.back().where = where;
      }
      options(
          i, [&](const std::string& k, const std::string& v) { detail::set_line_option(l, k, v); });
      sc.network.lines.push_back(std::move(l));
    } else if (w[0] == "year" && w.size() == 2) {
      sc.year = std::stoi(w[1]);
    } else if (w[0] == "build") {
      sc.build_lines.insert(w.begin() + 1, w.end());
    } else if (w[0] == "statuses") {
      sc.build_statuses.clear();
      for (std::size_t i = 1; i < w.size(); ++i) {
        auto s = model::status_from_string(w[i]);
        if (!s) throw std::invalid_argument("drawn network: bad status " + w[i]);
        sc.build_statuses.insert(*s);
      }
    } else {
      throw std::invalid_argument("drawn network: cannot read row: " + text);
    }
  }
  return sc;
}

}  // namespace reachplan::test
