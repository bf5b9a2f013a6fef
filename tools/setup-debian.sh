#!/usr/bin/env bash
# Installs the Debian 12 packages reachplan builds with (only the missing ones; needs root).
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libboost-graph-dev libeigen3-dev libgdal-dev gdal-bin
          libyaml-cpp-dev catch2 libcli11-dev nlohmann-json3-dev libssl-dev zlib1g-dev
          libbenchmark-dev)
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
