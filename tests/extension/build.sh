#!/usr/bin/env bash
# build.sh BUILD_DIR SAMPLE_DIR WORK_DIR CXX [CXXFLAGS [LIBRARY]]: installs BUILD_DIR into
# WORK_DIR/prefix and builds the out-of-tree project SAMPLE_DIR against it
# (find_package(corrent)) into WORK_DIR/build, as a third party would. CXXFLAGS: the
# sanitizers of an instrumented build, which the plugin needs too. LIBRARY: the file the
# build must make (default liblt_donthave.so).
set -euo pipefail
build=$1 sample=$2 work=$3 cxx=$4 flags=${5:-} library=${6:-liblt_donthave.so}
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$sample" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build"
test -f "$work/build/$library" || { echo "FAIL: no $library in $work/build"; exit 1; }
