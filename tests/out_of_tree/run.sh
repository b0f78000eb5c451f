#!/usr/bin/env bash
# run.sh BUILD_DIR PROJECT_DIR WORK_DIR CXX [CXXFLAGS]
# CXXFLAGS: what the consumer needs beyond its own (the sanitizers of an instrumented build).
set -euo pipefail
build=$1 project=$2 work=$3 cxx=$4 flags=${5:-}
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# The install links torrust's tool names to corrent-tracker, and they run.
for name in udp_tracker_client http_tracker_client tracker_checker; do
  link="$work/prefix/bin/$name"
  [[ -L $link && $(readlink "$link") == corrent-tracker ]] || { echo "run.sh: $link is no link to corrent-tracker" >&2; exit 1; }
  "$link" --help >/dev/null
done
cmake -S "$project" -B "$work/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
"$work/build/client_consumer"
