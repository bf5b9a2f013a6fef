// A generated multimodal network for memory measurements (the bench and the CLI test share
// it): a grid of side x side places 0.02 degrees apart, a bus line along every row, a rail line
// along every 4th column, and a key group of up to `key` places (every third one in order).
// Writes network.yaml and scenario.yaml (outputs od.csv and summary.json) into `dir`.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace reachplan::bench {

inline std::string grid_stops(int side, int r0, int c0, int dr, int dc) {
  std::string s;
  for (int k = 0; k < side; ++k)
    s += (k ? ", n" : "n") + std::to_string((r0 + k * dr) * side + c0 + k * dc);
  return s;
}

inline std::filesystem::path write_generated_scenario(const std::filesystem::path& dir, int side,
                                                      int key) {
  std::filesystem::create_directories(dir);
  std::ofstream n(dir / "network.yaml");
  n << "network:\n  name: generated\nnodes:\n";
  int members = 0;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      const bool in_key = members < key && (r * side + c) % 3 == 0;
      members += in_key ? 1 : 0;
      n << "  - {id: n" << r * side + c << ", lon: " << 100 + c * 0.02 << ", lat: " << 20 + r * 0.02
        << ", population: 1000" << (in_key ? ", groups: [key]" : "") << "}\n";
    }
  n << "modes:\n  - {id: rail, speed_kmh: 120, dwell_min: 2, access_min: 10, transfer_min: 5}\n"
       "  - {id: bus, speed_kmh: 40, access_min: 5, transfer_min: 3}\nlines:\n";
  for (int r = 0; r < side; ++r)
    n << "  - {id: b" << r << ", mode: bus, headway_min: 15, stops: ["
      << grid_stops(side, r, 0, 0, 1) << "]}\n";
  for (int c = 0; c < side; c += 4)
    n << "  - {id: r" << c << ", mode: rail, headway_min: 20, stops: ["
      << grid_stops(side, 0, c, 1, 0) << "]}\n";
  std::ofstream(dir / "scenario.yaml")
      << "scenario:\n  name: generated\n  networks: [network.yaml]\n  key_group: key\n"
         "  outputs: [od.csv, summary.json]\n";
  return dir / "scenario.yaml";
}

}  // namespace reachplan::bench
