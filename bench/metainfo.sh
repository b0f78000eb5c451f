#!/usr/bin/env bash
# bench/metainfo.sh BENCH_BINARY [files] [rounds]: parse time of one large .torrent by
# corrent and by libtorrent (python3-libtorrent), same bytes, best of `rounds` each.
set -euo pipefail
bin=$1 files=${2:-100000} rounds=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" "$files" "$rounds" "$work/big.torrent"
/usr/bin/python3 - "$work/big.torrent" "$rounds" <<'PY'
import sys, time, libtorrent as lt
best = 1e9
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    info = lt.torrent_info(sys.argv[1])  # parsed in C++, file read included
    best = min(best, time.perf_counter() - t)
print(f"libtorrent {lt.__version__}: {info.num_files()} files, best of {sys.argv[2]} parses: {best:.3f} s")
PY
