// Writes a synthetic grid-like road graph (synthetic_grid.hpp), restricted to its largest
// strongly connected component, in the format of shared/bench: PREFIX.nodes.csv.gz
// (id,osm_id,lon,lat) and PREFIX.edges.csv.gz (from,to,length_m,travel_time_s). The same
// arguments write the same bytes on every machine.
//
//   reachplan_gridgen WIDTH HEIGHT PREFIX [--seed S]
//   reachplan_gridgen 1000 1000 grid1m     # 1M vertices; 2000 2000 for 4M
#include <zlib.h>

#include <cstdio>
#include <string>

#include "synthetic_grid.hpp"

int main(int argc, char** argv) {
  if (argc != 4 && !(argc == 6 && std::string(argv[4]) == "--seed")) {
    std::fprintf(stderr, "usage: reachplan_gridgen WIDTH HEIGHT PREFIX [--seed S]\n");
    return 2;
  }
  const auto w = static_cast<std::uint32_t>(std::stoul(argv[1]));
  const auto h = static_cast<std::uint32_t>(std::stoul(argv[2]));
  const std::string prefix = argv[3];
  const std::uint64_t seed = argc == 6 ? std::stoull(argv[5]) : 1;
  if (w < 2 || h < 2 || static_cast<std::uint64_t>(w) * h > 400'000'000ull) {
    std::fprintf(stderr, "reachplan_gridgen: WIDTH and HEIGHT in [2, 20000]\n");
    return 2;
  }
  const auto net = reachplan::bench::synthetic_road_network(w, h, seed);

  auto write = [](const std::string& path, auto&& body) {
    gzFile f = gzopen(path.c_str(), "wb6");
    if (!f) {
      std::fprintf(stderr, "reachplan_gridgen: cannot write %s\n", path.c_str());
      return false;
    }
    body(f);
    return gzclose(f) == Z_OK;
  };
  char buf[160];
  const bool ok =
      write(prefix + ".nodes.csv.gz",
            [&](gzFile f) {
              gzputs(f, "id,osm_id,lon,lat\n");
              for (std::uint32_t v = 0; v < net.vertex_count(); ++v) {
                std::snprintf(buf, sizeof buf, "%u,%u,%.7f,%.7f\n", v, v, net.lon[v], net.lat[v]);
                gzputs(f, buf);
              }
            }) &&
      write(prefix + ".edges.csv.gz", [&](gzFile f) {
        gzputs(f, "from,to,length_m,travel_time_s\n");
        for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
          std::snprintf(buf, sizeof buf, "%u,%u,%.3f,%.3f\n", net.from[e], net.to[e],
                        net.length_m[e], net.seconds[e]);
          gzputs(f, buf);
        }
      });
  if (!ok) return 1;
  std::printf("%s: %u vertices, %u edges (largest SCC of a %ux%u grid, seed %llu)\n",
              prefix.c_str(), net.vertex_count(), net.edge_count(), w, h,
              static_cast<unsigned long long>(seed));
  return 0;
}
