// Benchmark of timetable routing on real feeds: range RAPTOR over a 2-hour departure window
// against one plain RAPTOR search per departure minute (same origins, same run), checked stop by
// stop and minute by minute; a stop-to-stop matrix at one departure and over a 60-minute window;
// and the memory of the network (bytes per stop time) and of one search's labels.
//
//   reachplan_bench_transit [--rnv rnv.zip] [--poa poa_eptc.zip --poa poa_trensurb.zip]
//       [--origins 20] [--matrix 1000]
//
// RNV runs on Tuesday 2016-11-15, 07:00-09:00; Porto Alegre (both feeds as one timetable) on
// Monday 2019-05-13, 14:00-16:00 (the EPTC sample only runs 11:20-17:50). The timetable holds
// the trips with a call between the window's start and its end plus 2 hours (as `reachplan
// matrix --gtfs` does with its default 120-minute limit); footpaths are straight lines of at
// most 400 m walked (detour 1.3, 3.6 km/h, the matrix command's defaults). Searches run on one
// thread, max 8 rides, 60 s transfer slack, no duration limit (a limit is checked apart).
//
// One line per measurement, "bench <name> <feed> <method> key=value ...", and one per check,
// "check <what> <feed> PASS|FAIL ..."; the exit status is 0 when every check passes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "reachplan/analysis/transit_matrix.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/io/gtfs.hpp"
#include "reachplan/routing/raptor.hpp"
#include "transit_bench.hpp"

namespace {

using namespace reachplan;
using core::Index;
using model::DaySeconds;
using routing::never;

bool all_ok = true;

void check(const std::string& what, const std::string& feed, bool ok, const std::string& detail) {
  std::printf("check %s %s %s %s\n", what.c_str(), feed.c_str(), ok ? "PASS" : "FAIL",
              detail.c_str());
  std::fflush(stdout);
  all_ok = all_ok && ok;
}

struct Case {
  std::string name;
  std::vector<std::string> feeds;
  std::string date;
  DaySeconds from = 0;  // the 2-hour window's first departure
};

struct Settings {
  std::size_t origins = 20, matrix = 1000;
  int max_rides = 8;
  DaySeconds window_s = 2 * 3600, matrix_window_s = 3600, after_window_s = 2 * 3600;
};

routing::RaptorOptions raptor_options(const Settings& s, std::int32_t max_duration_s = 0) {
  routing::RaptorOptions o;
  o.max_rides = s.max_rides;
  o.transfer_slack_s = 60;
  o.max_duration_s = max_duration_s;
  return o;
}

std::vector<DaySeconds> minutes(DaySeconds from, DaySeconds length_s) {
  std::vector<DaySeconds> out;
  for (DaySeconds t = from; t < from + length_s; t += 60) out.push_back(t);
  return out;
}

std::vector<routing::StopAccess> at_stop(Index s) {
  return {{s, 0}};
}

// Every label of a search (rounds 0..max_rides, every stop), round-major.
void copy_labels(const routing::Raptor& r, int rounds, DaySeconds* out) {
  const std::size_t n = r.network().stop_count();
  for (int k = 0; k <= rounds; ++k)
    for (Index s = 0; s < n; ++s) out[static_cast<std::size_t>(k) * n + s] = r.arrival(s, k);
}

// (a) and (b), timed: one range search per origin, and one search per departure minute.
void time_window(const graph::TransitNetwork& net, const Case& c, const Settings& st,
                 const std::vector<Index>& origins) {
  const auto deps = minutes(c.from, st.window_s);
  routing::Raptor r(net, raptor_options(st));
  bench::Stopwatch a;
  for (Index o : origins) r.run_range(at_stop(o), deps, {});
  const double a_wall = a.wall(), a_cpu = a.cpu();
  bench::Stopwatch b;
  for (Index o : origins)
    for (DaySeconds t : deps) r.run(at_stop(o), t);
  const double b_wall = b.wall(), b_cpu = b.cpu();
  const double n = static_cast<double>(origins.size());
  std::printf(
      "bench window_%dmin %s range_raptor per_origin_s=%.6f baseline_per_minute_runs_s=%.6f "
      "ratio=%.4f speedup=%.2f cpu_per_origin_s=%.6f baseline_cpu_per_origin_s=%.6f "
      "cpu_ratio=%.4f origins=%zu departures=%zu\n",
      st.window_s / 60, c.name.c_str(), a_wall / n, b_wall / n, a_wall / b_wall, b_wall / a_wall,
      a_cpu / n, b_cpu / n, a_cpu / b_cpu, origins.size(), deps.size());
  std::fflush(stdout);
}

struct Mismatch {
  std::size_t final_labels = 0, round_labels = 0, compared = 0;
  std::size_t raw_differ = 0;      // before reading through the duration limit
  std::string first, first_final;  // the first mismatch, and the first of an earliest arrival
};

std::string mismatch_text(Index origin, DaySeconds departure, std::size_t stop, std::size_t round,
                          DaySeconds range, DaySeconds plain) {
  return "origin " + std::to_string(origin) + " departure " + bench::clock_text(departure) +
         " stop " + std::to_string(stop) + " round " + std::to_string(round) + " range " +
         std::to_string(range) + " plain " + std::to_string(plain);
}

// Range labels of each departure recorded, then a plain search per departure compared with
// them: the earliest arrival (max rides) and every round's label, at every stop.
void compare_origin(routing::Raptor& r, Index origin, const std::vector<DaySeconds>& deps,
                    DaySeconds cap_s, Mismatch& m) {
  const std::size_t n = r.network().stop_count();
  const int rounds = r.options().max_rides;
  const std::size_t per = (static_cast<std::size_t>(rounds) + 1) * n;
  std::vector<DaySeconds> range(deps.size() * per), plain(per);
  r.run_range(at_stop(origin), deps, [&](DaySeconds t) {
    copy_labels(r, rounds, range.data() + static_cast<std::size_t>(t - deps.front()) / 60 * per);
  });
  // With a duration limit a label kept from a later departure may lie beyond this one's limit:
  // both sides are read through the limit.
  const auto capped = [&](DaySeconds v, DaySeconds t) {
    return cap_s && v > t + cap_s ? never : v;
  };
  for (std::size_t i = 0; i < deps.size(); ++i) {
    r.run(at_stop(origin), deps[i]);
    copy_labels(r, rounds, plain.data());
    for (std::size_t x = 0; x < per; ++x) {
      const DaySeconds a = capped(range[i * per + x], deps[i]), b = capped(plain[x], deps[i]);
      ++m.compared;
      m.raw_differ += range[i * per + x] == plain[x] ? 0 : 1;
      if (a == b) continue;
      const bool final_round = x / n == static_cast<std::size_t>(rounds);
      (final_round ? m.final_labels : m.round_labels) += 1;
      if (m.first.empty()) m.first = mismatch_text(origin, deps[i], x % n, x / n, a, b);
      if (final_round && m.first_final.empty())
        m.first_final = mismatch_text(origin, deps[i], x % n, x / n, a, b);
    }
  }
}

void check_window(const graph::TransitNetwork& net, const Case& c, const Settings& st,
                  const std::vector<Index>& origins, std::int32_t cap_s) {
  routing::Raptor r(net, raptor_options(st, cap_s));
  Mismatch m;
  for (Index o : origins) compare_origin(r, o, minutes(c.from, st.window_s), cap_s, m);
  const std::string what = cap_s ? "range_equals_per_minute_capped_" + std::to_string(cap_s) + "s"
                                 : "range_equals_per_minute";
  check(what, c.name, m.final_labels == 0 && m.round_labels == 0,
        "origins=" + std::to_string(origins.size()) +
            " labels_compared=" + std::to_string(m.compared) +
            " earliest_arrival_mismatches=" + std::to_string(m.final_labels) +
            " round_label_mismatches=" + std::to_string(m.round_labels) +
            (cap_s ? " unlimited_read_differ=" + std::to_string(m.raw_differ) : "") +
            (m.first.empty() ? "" : " first: " + m.first) +
            (m.first_final.empty() ? "" : "; first earliest arrival: " + m.first_final));
}

struct MatrixRun {
  std::vector<DaySeconds> seconds;  // origins x destinations
  std::size_t reachable = 0;
  double total_s = 0;
};

// (c) at one departure: one search per origin, the arrivals read at the destinations.
MatrixRun matrix_single(const graph::TransitNetwork& net, const Settings& st, DaySeconds t,
                        const std::vector<Index>& orig, const std::vector<Index>& dest) {
  MatrixRun m;
  m.seconds.assign(orig.size() * dest.size(), never);
  routing::Raptor r(net, raptor_options(st));
  bench::Stopwatch w;
  for (std::size_t i = 0; i < orig.size(); ++i) {
    r.run(at_stop(orig[i]), t);
    for (std::size_t j = 0; j < dest.size(); ++j) {
      const DaySeconds a = r.arrival(dest[j]);
      if (a < never) m.seconds[i * dest.size() + j] = a - t, ++m.reachable;
    }
  }
  m.total_s = w.wall();
  return m;
}

// (c) over the window: a range search per origin, the travel time per departure minute at each
// destination, then per pair the median (nearest rank) over the minutes.
MatrixRun matrix_window(const graph::TransitNetwork& net, const Settings& st, DaySeconds from,
                        const std::vector<Index>& orig, const std::vector<Index>& dest) {
  const auto deps = minutes(from, st.matrix_window_s);
  MatrixRun m;
  m.seconds.assign(orig.size() * dest.size(), never);
  routing::Raptor r(net, raptor_options(st));
  std::vector<std::int32_t> times(dest.size() * deps.size()), scratch;
  bench::Stopwatch w;
  for (std::size_t i = 0; i < orig.size(); ++i) {
    r.run_range(at_stop(orig[i]), deps, [&](DaySeconds t) {
      const auto minute = static_cast<std::size_t>(t - from) / 60;
      for (std::size_t j = 0; j < dest.size(); ++j) {
        const DaySeconds a = r.arrival(dest[j]);
        times[j * deps.size() + minute] = a < never ? a - t : never;
      }
    });
    for (std::size_t j = 0; j < dest.size(); ++j) {
      scratch.assign(times.begin() + static_cast<std::ptrdiff_t>(j * deps.size()),
                     times.begin() + static_cast<std::ptrdiff_t>((j + 1) * deps.size()));
      const std::int32_t p50 = analysis::nearest_rank(scratch, 50);
      m.seconds[i * dest.size() + j] = p50;
      m.reachable += p50 < never ? 1 : 0;
    }
  }
  m.total_s = w.wall();
  return m;
}

// The same window matrix through analysis::transit_times (walks: each stop itself), on one
// thread, for the library's cost around the searches and as a check of matrix_window.
void matrix_library(const graph::TransitNetwork& net, const Case& c, const Settings& st,
                    const std::vector<Index>& orig, const std::vector<Index>& dest,
                    const MatrixRun& ours) {
  analysis::Walks w;
  for (Index o : orig) w.access.push_back(at_stop(o));
  for (Index d : dest) w.egress.push_back(at_stop(d));
  w.direct.assign(orig.size() * dest.size(), never);
  analysis::TransitSettings ts;
  ts.date = c.date;
  ts.departure = c.from;
  ts.window_min = static_cast<int>(st.matrix_window_s / 60);
  ts.percentiles = {50};
  ts.max_rides = st.max_rides;
  ts.max_minutes = 24 * 60;  // beyond the timetable's last trip: no limit in effect
  const analysis::TransitTimes tt = analysis::transit_times(net, w, dest.size(), ts, 1);
  std::size_t differ = 0;
  for (std::size_t x = 0; x < ours.seconds.size(); ++x) {
    const double mine = ours.seconds[x] < never ? ours.seconds[x] / 60.0 : -1;
    const double lib = std::isnan(tt.minutes[0][x]) ? -1 : tt.minutes[0][x];
    differ += mine == lib ? 0 : 1;
  }
  std::printf(
      "bench matrix_%zux%zu_window_%dmin %s transit_times_1thread total_s=%.4f "
      "per_origin_s=%.6f\n",
      orig.size(), dest.size(), ts.window_min, c.name.c_str(), tt.routing_seconds,
      tt.routing_seconds / static_cast<double>(orig.size()));
  check("window_matrix_equals_transit_times_p50", c.name, differ == 0,
        "pairs=" + std::to_string(ours.seconds.size()) + " differ=" + std::to_string(differ));
}

void run_matrices(const graph::TransitNetwork& net, const Case& c, const Settings& st) {
  const auto orig = bench::spread_stops(net, st.matrix, 0);
  const auto dest = bench::spread_stops(net, st.matrix, 0.5);
  const double n = static_cast<double>(orig.size()), pairs = n * static_cast<double>(dest.size());
  const MatrixRun single = matrix_single(net, st, c.from, orig, dest);
  std::printf(
      "bench matrix_%zux%zu_single %s raptor_run total_s=%.4f per_origin_s=%.6f "
      "departure=%s reachable_share=%.4f\n",
      orig.size(), dest.size(), c.name.c_str(), single.total_s, single.total_s / n,
      bench::clock_text(c.from).c_str(), static_cast<double>(single.reachable) / pairs);
  const MatrixRun window = matrix_window(net, st, c.from, orig, dest);
  std::printf(
      "bench matrix_%zux%zu_window_%dmin %s run_range total_s=%.4f per_origin_s=%.6f "
      "departures=%d reachable_share_p50=%.4f\n",
      orig.size(), dest.size(), st.matrix_window_s / 60, c.name.c_str(), window.total_s,
      window.total_s / n, st.matrix_window_s / 60, static_cast<double>(window.reachable) / pairs);
  std::fflush(stdout);
  matrix_library(net, c, st, orig, dest, window);
}

// (d) bytes of the network per stop time, and of one search (its heap), with what that means per
// label: (max_rides + 1) x stops labels of an arrival and a parent each.
void report_memory(const graph::TransitNetwork& net, const Case& c, const Settings& st) {
  const std::size_t before = bench::heap_in_use();
  auto r = std::make_unique<routing::Raptor>(net, raptor_options(st));
  const std::size_t search = bench::heap_in_use() - before;
  const double labels = static_cast<double>(st.max_rides + 1) * double(net.stop_count());
  // Beside the labels a search holds a byte per stop (marks) and a position per pattern.
  const double per_label = (static_cast<double>(search) - double(net.stop_count()) -
                            4.0 * double(net.patterns().size())) /
                           labels;
  std::printf(
      "bench memory %s network bytes=%zu stop_times=%zu bytes_per_stop_time=%.2f "
      "raptor_search_bytes=%zu labels=%.0f bytes_per_label=%.1f (arrival 4 + parent %.1f) "
      "peak_rss_mb=%.1f\n",
      c.name.c_str(), net.memory_bytes(), net.stop_time_count(),
      double(net.memory_bytes()) / double(net.stop_time_count()), search, labels, per_label,
      per_label - 4.0, bench::peak_rss_mb());
  std::fflush(stdout);
}

void run_case(const Case& c, const Settings& st) {
  bench::Stopwatch load;
  std::vector<io::GtfsFeed> feeds;
  for (const auto& f : c.feeds) feeds.push_back(io::read_gtfs(f));
  const double read_s = load.wall(), read_rss_mb = bench::peak_rss_mb();
  bench::Stopwatch build;
  const model::Timetable tt =
      io::timetable_between(feeds, c.date, c.from, c.from + st.window_s + st.after_window_s);
  std::vector<analysis::WalkPoint> stops;
  for (const auto& s : tt.stops) stops.push_back({s.lon, s.lat});
  const analysis::WalkSettings walk;  // 400 m walked, detour 1.3, 3.6 km/h
  const analysis::Walks walks = analysis::straight_walks({}, {}, stops, walk, 0);
  const graph::TransitNetwork net(tt, walks.footpaths, walks.change_s);
  std::size_t footpaths = 0;
  for (const auto& f : walks.footpaths) footpaths += f.size();
  std::printf(
      "network %s date=%s trips_between=%s-%s stops=%zu trips=%zu stop_times=%zu patterns=%zu "
      "footpaths=%zu read_s=%.3f build_s=%.3f peak_rss_after_read_mb=%.1f\n",
      c.name.c_str(), c.date.c_str(), bench::clock_text(c.from).c_str(),
      bench::clock_text(c.from + st.window_s + st.after_window_s).c_str(), net.stop_count(),
      net.trip_count(), net.stop_time_count(), net.patterns().size(), footpaths, read_s,
      build.wall(), read_rss_mb);
  std::fflush(stdout);
  report_memory(net, c, st);
  const auto origins = bench::spread_stops(net, st.origins);
  time_window(net, c, st, origins);
  check_window(net, c, st, origins, 0);
  const std::vector<Index> few(origins.begin(),
                               origins.begin() + std::min<std::ptrdiff_t>(5, std::ssize(origins)));
  check_window(net, c, st, few, 2 * 3600);
  run_matrices(net, c, st);
  report_memory(net, c, st);  // peak RSS after everything
}

int run(int argc, char** argv) {
  Case rnv{"rnv", {}, "2016-11-15", 7 * 3600}, poa{"poa", {}, "2019-05-13", 14 * 3600};
  Settings st;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--rnv")
      rnv.feeds.push_back(v);
    else if (a == "--poa")
      poa.feeds.push_back(v);
    else if (a == "--origins")
      st.origins = std::stoul(v);
    else if (a == "--matrix")
      st.matrix = std::stoul(v);
    else
      throw core::UsageError("unknown option " + a);
  }
  if (rnv.feeds.empty() && poa.feeds.empty())
    throw core::UsageError(
        "usage: reachplan_bench_transit [--rnv rnv.zip] [--poa eptc.zip --poa trensurb.zip] "
        "[--origins 20] [--matrix 1000]");
  for (const Case* c : {&rnv, &poa})
    if (!c->feeds.empty()) run_case(*c, st);
  std::printf("peak_rss_mb=%.1f all_checks=%s\n", bench::peak_rss_mb(), all_ok ? "PASS" : "FAIL");
  return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const core::Error& e) {
    std::fprintf(stderr, "reachplan_bench_transit: %s\n", e.what());
    return e.exit_code();
  }
}
