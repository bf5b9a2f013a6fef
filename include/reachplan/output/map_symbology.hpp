// The one home of reachplan's map symbology: the classes and colours every styled output uses
// (GeoPackage layer_styles, .qml/.sld sidecars, the QGIS project and the PNG maps), so a map
// drawn by reachplan and the same layer opened in QGIS read alike.
//
// Colours are colour-blind safe: travel times use viridis (perceptually uniform, readable in
// grey and under the common colour-vision deficiencies; van der Walt & Smith 2015), deltas the
// ColorBrewer PuOr diverging scheme (marked colour-blind safe by Brewer), and categories the
// Okabe-Ito palette (Okabe & Ito 2008), with line dashes as a second cue where colours alone
// would carry the meaning (status, verdict).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace reachplan::output::symbology {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  std::string hex() const {  // "#rrggbb"
    static const char* digits = "0123456789abcdef";
    std::string s = "#";
    for (std::uint8_t c : {r, g, b}) {
      s += digits[c >> 4];
      s += digits[c & 15];
    }
    return s;
  }
};

// A class of values [lower, upper) with its colour and legend label.
struct ValueClass {
  double lower = 0.0;
  double upper = 0.0;  // +infinity for the last class
  Rgb colour;
  std::string_view label;
};

inline constexpr double open_end = std::numeric_limits<double>::infinity();

// Travel time in minutes: short times bright, long times dark (viridis, 8 steps). The breaks
// follow the targets planners talk about (the 90-minute circle, the 2- and 3-hour rings).
inline const std::vector<ValueClass>& travel_time_classes() {
  static const std::vector<ValueClass> classes = {
      {0, 30, {0xfd, 0xe7, 0x25}, "< 30 min"},   {30, 60, {0xa0, 0xda, 0x39}, "30-60 min"},
      {60, 90, {0x4a, 0xc1, 0x6d}, "60-90 min"}, {90, 120, {0x1f, 0xa1, 0x87}, "90-120 min"},
      {120, 180, {0x27, 0x7f, 0x8e}, "2-3 h"},   {180, 240, {0x36, 0x5c, 0x8d}, "3-4 h"},
      {240, 360, {0x46, 0x32, 0x7e}, "4-6 h"},   {360, open_end, {0x44, 0x01, 0x54}, "> 6 h"},
  };
  return classes;
}

// Minutes saved by a plan version (positive = faster): PuOr, orange for losses, purple for
// gains, and a near-white class for "no change" (|delta| < 1 minute).
inline const std::vector<ValueClass>& delta_minutes_classes() {
  static const std::vector<ValueClass> classes = {
      {-open_end, -10, {0xb3, 0x58, 0x06}, "> 10 min slower"},
      {-10, -1, {0xf1, 0xa3, 0x40}, "1-10 min slower"},
      {-1, 1, {0xf7, 0xf7, 0xf7}, "no change"},
      {1, 10, {0xd8, 0xda, 0xeb}, "1-10 min saved"},
      {10, 30, {0x99, 0x8e, 0xc3}, "10-30 min saved"},
      {30, 60, {0x74, 0x5b, 0xb0}, "30-60 min saved"},
      {60, open_end, {0x54, 0x27, 0x88}, "> 60 min saved"},
  };
  return classes;
}

// Okabe-Ito, in the order modes are given colours.
inline const std::array<Rgb, 7>& categorical() {
  static const std::array<Rgb, 7> palette = {{{0xd5, 0x5e, 0x00},    // vermillion
                                              {0x00, 0x72, 0xb2},    // blue
                                              {0xe6, 0x9f, 0x00},    // orange
                                              {0x56, 0xb4, 0xe9},    // sky blue
                                              {0x00, 0x9e, 0x73},    // bluish green
                                              {0xcc, 0x79, 0xa7},    // reddish purple
                                              {0x59, 0x59, 0x59}}};  // dark grey
  return palette;
}

// The colour of a mode: fixed for the usual mode ids (so every map of every network draws
// high-speed rail alike), else the palette in the order of `mode_ids` (the network's modes).
inline Rgb mode_colour(std::string_view mode, const std::vector<std::string>& mode_ids = {}) {
  struct Fixed {
    std::string_view id;
    Rgb colour;
  };
  // Flights and the trips to their airports are grey and thin (mode_in_background): straight
  // lines across the whole map would otherwise bury the ground network a plan is about.
  static const Fixed fixed[] = {
      {"hsr", {0xd5, 0x5e, 0x00}},       {"rail", {0xe6, 0x9f, 0x00}},
      {"intercity", {0xcc, 0x79, 0xa7}}, {"highway", {0x00, 0x72, 0xb2}},
      {"road", {0x00, 0x72, 0xb2}},      {"waterway", {0x56, 0xb4, 0xe9}},
      {"air", {0x80, 0x80, 0x80}},       {"airport_ground", {0x80, 0x80, 0x80}}};
  for (const auto& f : fixed)
    if (f.id == mode) return f.colour;
  for (std::size_t i = 0; i < mode_ids.size(); ++i)
    if (mode_ids[i] == mode) return categorical()[(i + 4) % categorical().size()];
  return categorical().back();
}

// Line width in millimetres at print scale (the PNG maps scale it to pixels).
inline double mode_width_mm(std::string_view mode) {
  if (mode == "air" || mode == "airport_ground") return 0.2;
  if (mode == "hsr") return 0.9;
  if (mode == "rail") return 0.7;
  if (mode == "waterway") return 0.8;
  return 0.6;
}

// A timetabled route by its kind (analysis::route_type_name): thin, under the plan's tracks.
inline Rgb transit_colour(std::string_view kind) {
  struct Fixed {
    std::string_view kind;
    Rgb colour;
  };
  static const Fixed fixed[] = {{"tram", {0xc0, 0x39, 0x2b}},  {"metro", {0x1f, 0x4e, 0x9c}},
                                {"rail", {0x6a, 0x3d, 0x9a}},  {"urban rail", {0x6a, 0x3d, 0x9a}},
                                {"ferry", {0x1f, 0x9b, 0xb5}}, {"bus", {0x6b, 0x7b, 0x8c}}};
  for (const auto& f : fixed)
    if (f.kind == kind) return f.colour;
  return {0x80, 0x80, 0x80};
}
inline constexpr double transit_width_mm = 0.3;

// Modes drawn under the others, thin and without a casing: flights (straight lines between
// airports) and the city-airport trips.
inline bool mode_in_background(std::string_view mode) {
  return mode == "air" || mode == "airport_ground";
}

// Status as a dash pattern (mm on, mm off; empty = solid), the same in QGIS and the PNG.
struct Dash {
  std::string_view status;
  std::vector<double> pattern;
  std::string_view label;
};
inline const std::vector<Dash>& status_dashes() {
  static const std::vector<Dash> dashes = {{"existing", {}, "existing"},
                                           {"under_construction", {3.0, 1.5}, "under construction"},
                                           {"planned", {1.0, 1.5}, "planned"}};
  return dashes;
}

// The od layer's verdict: PASS / FAIL over the targets that check the pair, "" none.
inline Rgb verdict_colour(std::string_view verdict) {
  if (verdict == "PASS") return {0x00, 0x9e, 0x73};  // bluish green
  if (verdict == "FAIL") return {0xd5, 0x5e, 0x00};  // vermillion (drawn dashed as well)
  return {0x99, 0x99, 0x99};
}

// Context layers (networks/<region>/context.gpkg): quiet colours under the network.
inline constexpr Rgb land{0xf4, 0xf2, 0xee};
inline constexpr Rgb province_border{0x8c, 0x8c, 0x8c};
inline constexpr Rgb water{0xa6, 0xcb, 0xe3};
inline constexpr Rgb water_outline{0x6b, 0xa3, 0xc8};
inline constexpr Rgb label_ink{0x22, 0x22, 0x22};
inline constexpr Rgb label_halo{0xff, 0xff, 0xff};

// Accessibility (people within reach, gravity indices): viridis as a continuous ramp from the
// smallest value (dark) to the largest (bright), linear between these evenly spaced stops.
inline const std::vector<Rgb>& accessibility_ramp() {
  static const std::vector<Rgb> stops = {{0x44, 0x01, 0x54},
                                         {0x3b, 0x52, 0x8b},
                                         {0x21, 0x91, 0x8c},
                                         {0x5e, 0xc9, 0x62},
                                         {0xfd, 0xe7, 0x25}};
  return stops;
}

// Places on maps: dark dots ringed in white; the key group as white discs with a dark ring and
// a dark centre. Tracks that are context, not the subject (a compare map's unchanged links),
// in a muted grey.
inline constexpr Rgb node_fill{0x33, 0x33, 0x33};
inline constexpr Rgb track_muted{0xa8, 0xa8, 0xa8};

}  // namespace reachplan::output::symbology
