#!/usr/bin/env bash
# Builds the seed corpus from the repository's own YAML files and runs each libFuzzer target.
#   tests/fuzz/run_fuzzers.sh [BUILD_DIR] [SECONDS_PER_TARGET] [TARGET...]
# BUILD_DIR is a REACHPLAN_FUZZ build (default build-fuzz, `cmake --preset fuzz`). New corpus
# entries go to BUILD_DIR/fuzz/corpus/<target>, crashes to BUILD_DIR/fuzz/artifacts/<target>;
# copy a crash to tests/fuzz/regressions/<target>/ once fixed so the replay test keeps it.
# Runs at the lowest priority with one job, so it can share a machine; prints CPU seconds.
# The timeout is generous: inputs near the value limit (aliases expanding to a million values)
# are slow under ASan + coverage instrumentation on a busy machine without being hangs.
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="$(cd "${1:-$source_dir/build-fuzz}" && pwd)"
seconds="${2:-600}"
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(network scenario osm layer points road_cache ch_cache gtfs)

# Seeds: every YAML file with a first line naming its folder (see fuzz_harness.hpp); the
# OpenStreetMap, layer and points test files; the hand-drawn GTFS feed as one input of
# "@@ <table>" sections and its stop_times.txt alone; and for every target its kept reproducers.
mkdir -p "$build_dir/fuzz"
seeds="$(mktemp -d "$build_dir/fuzz/seeds.XXXXXX")"
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/yaml" "$seeds/osm" "$seeds/layer" "$seeds/points" "$seeds/road_cache" \
  "$seeds/ch_cache" "$seeds/gtfs"
while IFS= read -r -d '' f; do
  rel="${f#"$source_dir"/}"
  { printf '# in: %s\n' "$(dirname "$rel")"; cat "$f"; } >"$seeds/yaml/$(echo "$rel" | tr '/' '_')"
done < <(find "$source_dir/networks" "$source_dir/scenarios" "$source_dir/tests/data" \
              -name '*.yaml' -type f -print0)
cp "$source_dir"/tests/data/osm/*.osm* "$source_dir"/tests/data/osm/*.opl "$seeds/osm/"
cp "$source_dir"/tests/data/layers/*.geojson "$seeds/layer/"
cp "$source_dir"/tests/data/osm/*.csv "$seeds/points/"
for f in "$source_dir"/tests/data/gtfs/tiny/*.txt; do
  printf '@@ %s\n' "$(basename "$f")"
  cat "$f"
  printf '\n'
done >"$seeds/gtfs/tiny"
cp "$source_dir/tests/data/gtfs/tiny/stop_times.txt" "$seeds/gtfs/"

ubsan="halt_on_error=1:print_stacktrace=1:suppressions=$source_dir/tests/fuzz/ubsan.supp"
for t in "${targets[@]}"; do
  corpus="$build_dir/fuzz/corpus/$t"
  artifacts="$build_dir/fuzz/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz_$t for ${seconds}s (corpus $corpus, crashes in $artifacts)"
  TIMEFORMAT="fuzz_$t: %R s wall, %U s user, %S s system"
  case "$t" in
    network | scenario) dict=(-dict="$source_dir/tests/fuzz/yaml.dict") seed="$seeds/yaml" ;;
    gtfs) dict=(-dict="$source_dir/tests/fuzz/gtfs.dict") seed="$seeds/gtfs" ;;
    *) dict=() seed="$seeds/$t" ;;
  esac
  # New inputs go to the first folder: the corpus, kept between runs.
  time (cd "$artifacts" && REACHPLAN_FUZZ_SEED_DIR="$seeds/$t" \
          UBSAN_OPTIONS="$ubsan" \
          nice -n 19 "$build_dir/tests/fuzz/fuzz_$t" -jobs=1 -workers=1 \
          -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -max_len=65536 \
          -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" "$seed" \
          "$source_dir/tests/fuzz/regressions/$t" >/dev/null 2>&1 || true)
  tail -n 3 "$artifacts/fuzz-0.log" 2>/dev/null || true
  # A finding shows in the log even when its input could not be saved (out of descriptors).
  if ls "$artifacts" | grep -E '^(crash|leak|timeout|oom)-' ||
     grep -E '^==[0-9]+==ERROR|^SUMMARY: ' "$artifacts/fuzz-0.log"; then
    echo "   FINDING: see $artifacts/fuzz-0.log"
  else
    echo "   no crash, leak, timeout or oom"
  fi
done
