#!/usr/bin/env bash
# keyhop export against keyhop read --format jsonl on the same capture (issue #19: export within
# 1.5x of jsonl's CPU time on one core), side by side in one run.
#
#   bash bench/export-compare.sh [PACKETS] [RUNS]        (defaults 1000000 and 3)
#
# Builds keyhop and mkcapture (release), writes the capture (target/bench/mixed-PACKETS.pcapng,
# reused when it exists), then runs `read --format jsonl` (output thrown away) and `export
# --jobs 1` (into a fresh directory) RUNS times, alternating, each under /usr/bin/time. Prints
# CPU seconds (user + system), wall seconds and peak RSS per run, the size of the `messages`
# table, and the ratio of the mean CPU times and of the fastest runs. Runs alternate because
# this machine's speed drifts (by up to 15% over minutes); the load (uptime) goes with the
# figures.
#
# Instruction counts, exact on a loaded machine, for the same pair on a smaller capture:
#   valgrind --tool=callgrind target/release/keyhop export CAPTURE -o DIR --jobs 1
#   valgrind --tool=callgrind target/release/keyhop read --format jsonl CAPTURE > /dev/null
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
packets=${1:-1000000}
runs=${2:-3}
[ -x /usr/bin/time ] || { echo "export-compare: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

cargo build --release -q -p keyhop -p keyhop-bench
target=${CARGO_TARGET_DIR:-target}
keyhop="$target/release/keyhop"
outdir=target/bench
mkdir -p "$outdir"
cap="$outdir/mixed-$packets.pcapng"
[ -f "$cap" ] || "$target/release/mkcapture" "$cap" "$packets" >/dev/null
ds=$(mktemp -d)
trap 'rm -rf "$ds"' EXIT

# One command: prints "CPU WALL RSS_KIB".
measure() {
  /usr/bin/time -f '%U %S %e %M' "$@" 2>&1 >/dev/null | tail -1 \
    | awk '{printf "%.2f %.2f %.1f\n", $1 + $2, $3, $4 / 1024}'
}

# a + b, a / b.
add() { awk -v a="$1" -v b="$2" 'BEGIN {print a + b}'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }

uptime
printf '%-8s %4s %8s %8s %10s\n' command run cpu_s wall_s rss_mib
jsonl_sum=0
export_sum=0
jsonl_min=
export_min=
# The smaller of a and b (b when a is empty).
min() { awk -v a="$1" -v b="$2" 'BEGIN {print (a == "" || b + 0 < a + 0) ? b : a}'; }
for r in $(seq 1 "$runs"); do
  read -r cpu wall rss < <(measure "$keyhop" read --format jsonl "$cap")
  printf '%-8s %4d %8.2f %8.2f %10.1f\n' jsonl "$r" "$cpu" "$wall" "$rss"
  jsonl_sum=$(add "$jsonl_sum" "$cpu")
  jsonl_min=$(min "$jsonl_min" "$cpu")
  rm -rf "$ds/out"
  # export exits 1 when a capture holds undecodable messages; the rows are still written.
  read -r cpu wall rss < <(measure sh -c "'$keyhop' export '$cap' -o '$ds/out' --jobs 1 || [ \$? -eq 1 ]")
  printf '%-8s %4d %8.2f %8.2f %10.1f\n' export "$r" "$cpu" "$wall" "$rss"
  export_sum=$(add "$export_sum" "$cpu")
  export_min=$(min "$export_min" "$cpu")
done
echo "messages table: $(du -sh "$ds/out/messages" | cut -f1)"
printf 'export / jsonl CPU: %.2fx (means of %d runs each; target 1.5x)\n' \
  "$(div "$export_sum" "$jsonl_sum")" "$runs"
# The fastest runs are the least disturbed by the machine's drift (up to 15% within minutes
# here): a change that moves the means but not these is noise.
printf 'export / jsonl CPU, fastest runs: %.2fx (%s s against %s s)\n' \
  "$(div "$export_min" "$jsonl_min")" "$export_min" "$jsonl_min"
uptime
