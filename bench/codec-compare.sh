#!/usr/bin/env bash
# keyhop's S1AP codec against oxirush-s1ap, like with like, in instruction counts (callgrind),
# which stay exact on a loaded machine where timings do not.
#
#   bash bench/codec-compare.sh [ROUNDS]        (default 200)
#   (also: bash bench/compare.sh codec [ROUNDS])
#
# Builds peerloop (release, feature `peer`), then for each S1AP handover PDU of the benches runs
# it once under callgrind: the six operations of keyhop_bench::compare, ROUNDS times each, side
# by side in the one process. Prints instructions per operation and the ratios
# (oxirush / keyhop: above 1 means keyhop needs fewer instructions) against the 1.5x target:
#   walk   keyhop LazyPdu walk           vs oxirush decode_borrowed + check_structure()
#   decode keyhop full typed decode      vs oxirush decode_borrowed + check()
#   typed  keyhop full typed decode      vs oxirush typed decode of every IE value and item
#          (peer_decode: no re-encoding, E-RAB items typed as keyhop types them)
#   encode keyhop encode, typed values   vs oxirush build_s1ap!-style encode of typed values
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-200}
command -v valgrind >/dev/null 2>&1 || { echo "codec-compare: valgrind not found" >&2; exit 2; }
cargo build --release -q -p keyhop-bench --features peer --bin peerloop
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/peerloop"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

names=$("$bin" 0 | awk '{print $1}')
printf '%-30s %6s | %8s %8s %6s | %8s %8s %6s | %8s %6s | %8s %8s %6s\n' PDU octets \
  walk:kh ox ratio decode:kh check ratio typed ratio encode:kh ox ratio
# The instructions of one function and what it calls, freeing included, per round.
count() {
  valgrind --tool=callgrind --toggle-collect="peerloop::run_$2" \
    --callgrind-out-file="$out/cg" "$bin" "$rounds" "$1" >/dev/null 2>&1
  awk -v r="$rounds" '/^(summary|totals):/ {print $2 / r; exit}' "$out/cg"
}
for n in $names; do
  octets=$("$bin" 0 "$n" | awk '{print $2}')
  row=()
  for op in keyhop_walk peer_structure keyhop_decode peer_check peer_decode keyhop_encode peer_encode; do
    row+=("$(count "$n" "$op")")
  done
  awk -v n="$n" -v o="$octets" -v a="${row[*]}" 'BEGIN {
    split(a, c, " ")
    printf "%-30s %6d | %8.0f %8.0f %5.2fx | %8.0f %8.0f %5.2fx | %8.0f %5.2fx | %8.0f %8.0f %5.2fx\n", n, o,
      c[1], c[2], c[2] / c[1], c[3], c[4], c[4] / c[3], c[5], c[5] / c[3], c[6], c[7], c[7] / c[6]
  }'
done
echo "instructions per operation (callgrind, $rounds rounds each); ratio = oxirush / keyhop, target >= 1.50x"
