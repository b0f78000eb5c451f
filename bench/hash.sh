#!/usr/bin/env bash
# Our SHA-1 throughput next to OpenSSL's own figure for the same CPU, both for 16 KiB
# updates. Builds nothing: pass the bench_hash_speed binary.
#
# usage: bench/hash.sh build/bench/bench_hash_speed [MiB] [rounds]
set -euo pipefail

if [[ $# -lt 1 || ! -x "$1" ]]; then
  echo "usage: $0 path/to/bench_hash_speed [MiB] [rounds]" >&2
  exit 2
fi
bench=$1
shift
cores=$(nproc)

ours=$("$bench" "$@")
echo "$ours"
echo

# `openssl speed` reports thousands of bytes per second on its last line: "sha1 1643632.31k".
openssl_gbps() {
  awk '$1 == "sha1" { sub(/k$/, "", $2); printf "%.2f", $2 * 1000 / 1e9 }'
}
single=$(openssl speed -evp sha1 -seconds 3 -bytes 16384 2>/dev/null | openssl_gbps)
multi=$(openssl speed -multi "$cores" -evp sha1 -seconds 3 -bytes 16384 2>/dev/null | openssl_gbps)

# Our 16 KiB rows: "16KiB <threads> <GB/s>".
ours_single=$(awk '$1 == "16KiB" && $2 == 1 { print $3 }' <<<"$ours")
ours_multi=$(awk -v n="$cores" '$1 == "16KiB" && $2 == n { print $3 }' <<<"$ours")

printf '%-28s %10s %10s\n' "SHA-1, 16 KiB updates" "corrent" "openssl"
printf '%-28s %10s %10s\n' "1 thread (GB/s)" "$ours_single" "$single"
printf '%-28s %10s %10s\n' "$cores threads (GB/s)" "$ours_multi" "$multi"
