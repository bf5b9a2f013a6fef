#!/usr/bin/env bash
# Refactoring guard: runs one reachplan binary over the bundled region and the test scenarios
# (every command, every output format) and writes what it printed, its exit codes and every file
# it wrote into one folder, normalised where a format stamps the time of writing. Two folders made
# by two binaries are then compared with `diff -r`: a behaviour-preserving change leaves none.
#
#   tools/dev/check-outputs.sh BINARY OUT_DIR            record
#   tools/dev/check-outputs.sh BINARY OUT_DIR BASELINE   record, then diff against BASELINE
set -uo pipefail
bin=$(realpath "$1")
out=$2
baseline=${3:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out" && mkdir -p "$out"
out=$(realpath "$out")
cd "$root"

n=0
# step NAME ARGS...: runs `reachplan ARGS` with a fresh cache; files go to $out/NAME.
step() {
  local name=$1
  shift
  n=$((n + 1))
  mkdir -p "$out/$name"
  local cache
  cache=$(mktemp -d)
  (cd "$root" && REACHPLAN_CACHE_DIR="$cache" "$bin" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr")
  echo $? >"$out/$name.rc"
  rm -rf "$cache"
}

region=scenarios/middle-yangtze
for v in baseline-2024 plan-2017 plan-2019 plan-2023 all-planned; do
  step "run-$v" run $region/$v.yaml -o "$out/run-$v"
  step "check-$v" check $region/$v.yaml
done
step route-wuhan-hefei route $region/all-planned.yaml wuhan hefei
step route-station route $region/baseline-2024.yaml changsha nanchang -p station
step validate-region validate networks/middle-yangtze/*.yaml $region/*.yaml
step surface-region surface $region/all-planned.yaml --from wuhan --res 10000 --minutes 60,120 \
  -o "$out/surface-region"
step compare-region compare $region/*.yaml -o "$out/compare-region"
step rank-region rank $region/all-planned.yaml --against $region/baseline-2024.yaml \
  -o "$out/rank-region"
step robustness-region robustness $region/baseline-2024.yaml -o "$out/robustness-region"
step robustness-segments robustness $region/baseline-2024.yaml --segments \
  -o "$out/robustness-segments"

d=tests/data
for f in $d/cli/*.yaml $d/compare/*.yaml $d/gis/*.yaml $d/osm/*.yaml; do
  s=$(echo "$f" | tr '/' '_')
  step "run-$s" run "$f" -o "$out/run-$s"
done
step compare-test compare $d/compare/base.yaml $d/compare/plan-z.yaml $d/compare/plan-all.yaml \
  $d/compare/broken.yaml -o "$out/compare-test"
step compare-phased compare $d/compare/phased.yaml --years 2025,2030,2035 -o "$out/compare-phased"
step compare-surfaces compare $d/compare/surfaces-base.yaml $d/compare/surfaces-plan.yaml \
  -o "$out/compare-surfaces"
step rank-test rank $d/compare/plan-all.yaml --against $d/compare/base.yaml -o "$out/rank-test"
step surface-gis surface $d/gis/gis.yaml --from hub --res 2000 -o "$out/surface-gis"
step import-osm import osm $d/osm/town.osm.pbf -o "$out/import-osm/roads.gpkg"
step import-layer import layer $d/layers/links.geojson \
  --map id=link,from=start,to=end,speed=kmh,minutes=minutes,oneway=oneway \
  -o "$out/import-layer/links.yaml"
step import-layer-bad import layer $d/layers/bad-links.geojson --map from=start,to=end,speed=kmh \
  -o "$out/import-layer-bad/links.yaml"
step matrix-osm matrix --network $d/osm/town.osm.pbf --origins $d/osm/points.csv \
  -o "$out/matrix-osm/m.csv"
step matrix-osm-long matrix --network $d/osm/town.osm --origins $d/osm/points.csv --long \
  --max-snap-m 50 -o "$out/matrix-osm-long/m.csv"
step matrix-gpkg matrix --network "$out/import-osm/roads.gpkg" --origins $d/osm/points.csv \
  -o "$out/matrix-gpkg/m.csv"

# Normalise: binary GIS files become their GDAL dump (without creation timestamps), the
# printed paths lose the folder, timings and the reachplan version line are dropped.
find "$out" -type f \( -name '*.gpkg' -o -name '*.tif' \) | sort | while read -r f; do
  case "$f" in
    *.gpkg) ogrinfo -ro -al -q "$f" 2>&1 | grep -v -i 'last_change\|timestamp' >"$f.dump" ;;
    *.tif) gdalinfo -checksum -stats "$f" 2>&1 | grep -v 'Files:\|^  .*\.tif\|DATETIME' >"$f.dump" ;;
  esac
  rm -f "$f"
done
find "$out" -name '*.aux.xml' -delete
find "$out" -type f \( -name '*.omx' -o -name '*.h5' \) | while read -r f; do
  h5dump "$f" >"$f.dump" 2>&1
  rm -f "$f"
done
find "$out" -type f \( -name '*.stdout' -o -name '*.stderr' -o -name '*.json' -o -name '*.html' \
  -o -name '*.txt' -o -name '*.csv' -o -name '*.geojson' -o -name '*.dump' \) -print0 |
  xargs -0 sed -i -E -e "s#$out#OUT#g" -e "s#$root#ROOT#g" -e '/"reachplan_version"/d' \
  -e 's/[0-9]+\.[0-9]+ s\b/T s/g'
# Progress lines of parallel work come in any order, and their counters with them.
for f in "$out"/*.stderr; do
  sed -i -E 's/^\[([a-z-]+) [0-9]+\/([0-9]+)\]/[\1 n\/\2]/' "$f"
  sort -o "$f" "$f"
done

echo "$n commands recorded in $out"
if [ -n "$baseline" ]; then
  if diff -r "$baseline" "$out" >"$out.diff"; then
    echo "identical to $baseline"
    rm -f "$out.diff"
  else
    echo "DIFFERENT from $baseline: $(grep -c '^diff\|^Only' "$out.diff") files; see $out.diff"
    exit 1
  fi
fi
