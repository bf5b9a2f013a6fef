#!/usr/bin/env bash
# Installs the Debian 12 packages reachplan builds with (only the missing ones; needs root).
#   tools/setup-debian.sh          the build, tests and sanitizer build (GCC's ASan/UBSan)
#   tools/setup-debian.sh --fuzz   also clang and its runtimes, for the libFuzzer targets
#   tools/setup-debian.sh --qgis   also PyQGIS, for the headless QGIS project test (tests/render)
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libboost-graph-dev libeigen3-dev libgdal-dev gdal-bin
          libyaml-cpp-dev catch2 libcli11-dev nlohmann-json3-dev libssl-dev zlib1g-dev
          libbenchmark-dev libosmium2-dev libprotozero-dev libbz2-dev libexpat1-dev
          libhdf5-dev hdf5-tools libcairo2-dev fonts-wqy-microhei libopenmpi-dev openmpi-bin)
for option in "$@"; do
  case "$option" in
    --fuzz) packages+=(clang libclang-rt-dev) ;;
    --qgis) packages+=(python3-qgis qgis-providers) ;;
    *) echo "setup-debian.sh: unknown option '$option' (--fuzz, --qgis)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
