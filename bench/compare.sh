#!/usr/bin/env bash
# keyhop against tshark on one large capture of mixed handover traffic.
#
#   bash bench/compare.sh [PACKETS]        (default 1000000)
#
# Builds keyhop and mkcapture (release), writes the capture (target/bench/mixed-PACKETS.pcapng,
# reused when it exists) and its first 100,000 packets (the generator is deterministic, so a
# 100,000-packet run of it is that prefix), then times each command once, its output thrown
# away, one thread each, with /usr/bin/time -v for the wall time and the peak memory:
#   keyhop read (summary), keyhop read --format jsonl, keyhop validate (when keyhop has it),
#   tshark -T fields (frame number, S1AP/X2AP procedure code, GTPv2 message type),
#   and on the first 100,000 packets: tshark -T json and keyhop read --format jsonl.
# Prints packets per CPU second, the ratios to tshark and peak RSS. The machine's load (uptime) goes with
# the figures: other processes running make every number slower, the ratios less so.
#
#   bash bench/compare.sh codec [ROUNDS]   the S1AP codec against oxirush-s1ap instead, like with
#                                          like, in callgrind instruction counts (codec-compare.sh)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${1:-}" = codec ]; then
  shift
  exec bash bench/codec-compare.sh "$@"
fi
packets=${1:-1000000}
small=100000
[ "$packets" -ge "$small" ] || small=$packets
outdir=target/bench
mkdir -p "$outdir"

if [ ! -x /usr/bin/time ]; then
  command -v apt-get >/dev/null 2>&1 || { echo "compare: /usr/bin/time is missing" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y time </dev/null >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y time </dev/null >/dev/null; }
fi
have_tshark=1
command -v tshark >/dev/null 2>&1 || { have_tshark=0; echo "compare: tshark not found, its rows are skipped" >&2; }

cargo build --release -q -p keyhop -p keyhop-bench
keyhop=target/release/keyhop
mk=target/release/mkcapture

big="$outdir/mixed-$packets.pcapng"
head="$outdir/mixed-$small.pcapng"
for f in "$big:$packets" "$head:$small"; do
  path=${f%%:*}; n=${f##*:}
  [ -s "$path" ] || "$mk" "$path" "$n" >/dev/null
done

# run LABEL PACKETS CMD...: one timed run; sets secs and rss_mib.
declare -A SECS CPU RSS PKTS
order=()
run() {
  local label=$1 n=$2; shift 2
  local log
  log=$(mktemp)
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>>"$log.err" || true
  t1=$(date +%s.%N)
  SECS[$label]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  CPU[$label]=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  RSS[$label]=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$log")
  PKTS[$label]=$n
  order+=("$label")
  if [ -s "$log.err" ]; then
    echo "  ($label wrote to stderr: $(head -c 200 "$log.err" | tr '\n' ' '))" >&2
  fi
  rm -f "$log" "$log.err"
}

echo "load before: $(uptime)"
run "keyhop read (summary)" "$packets" "$keyhop" read --no-progress "$big"
run "keyhop read --format jsonl" "$packets" "$keyhop" read --no-progress --format jsonl "$big"
if "$keyhop" validate --help >/dev/null 2>&1; then
  run "keyhop validate" "$packets" "$keyhop" validate "$big"
else
  echo "keyhop has no validate subcommand yet: not timed" >&2
fi
exp_dir=$(mktemp -d)
run "keyhop export (parquet, 1 job)" "$packets" "$keyhop" export --jobs 1 "$big" -o "$exp_dir/one"
# --jobs scaling over a capture set of four files (four copies of the 100k prefix).
for i in 1 2 3 4; do cp "$head" "$exp_dir/part$i.pcapng"; done
run "keyhop export 4 files, --jobs 1" "$((4 * small))" "$keyhop" export --jobs 1 "$exp_dir"/part*.pcapng -o "$exp_dir/j1"
run "keyhop export 4 files, --jobs 2" "$((4 * small))" "$keyhop" export --jobs 2 "$exp_dir"/part*.pcapng -o "$exp_dir/j2"
run "keyhop read --format jsonl (100k)" "$small" "$keyhop" read --no-progress --format jsonl "$head"
if [ $have_tshark = 1 ]; then
  run "tshark -T fields" "$packets" tshark -n -r "$big" -T fields -e frame.number \
    -e s1ap.procedureCode -e x2ap.procedureCode -e gtpv2.message_type
  run "tshark -T json (100k)" "$small" tshark -n -r "$head" -T json
fi
echo "load after:  $(uptime)"

# CPU time (user + system) is what the ratios use: on a shared machine the wall time also
# counts the time other processes held the cores.
printf '\n%-36s %10s %8s %8s %12s %9s\n' "command" "packets" "wall s" "CPU s" "packets/CPU s" "peak MiB"
for l in "${order[@]}"; do
  pps=$(awk -v n="${PKTS[$l]}" -v s="${CPU[$l]}" 'BEGIN { print (s > 0 ? n / s : 0) }')
  printf '%-36s %10d %8.2f %8.2f %12.0f %9s\n' "$l" "${PKTS[$l]}" "${SECS[$l]}" "${CPU[$l]}" "$pps" "${RSS[$l]}"
done

ratio() { # NAME A B: how many times faster A is than B (same packet count), CPU and wall
  if [ -n "${CPU[$2]:-}" ] && [ -n "${CPU[$3]:-}" ]; then
    printf '%-52s %8.1fx CPU %8.1fx wall\n' "$1" \
      "$(awk -v a="${CPU[$3]}" -v b="${CPU[$2]}" 'BEGIN { print (b > 0 ? a / b : 0) }')" \
      "$(awk -v a="${SECS[$3]}" -v b="${SECS[$2]}" 'BEGIN { print a / b }')"
  fi
}
echo
ratio "summary vs tshark -T fields (target >= 100x)" "keyhop read (summary)" "tshark -T fields"
ratio "jsonl vs tshark -T json, 100k (target >= 50x)" "keyhop read --format jsonl (100k)" "tshark -T json (100k)"
ratio "export CPU / jsonl CPU (target <= 1.5x)" "keyhop read --format jsonl" "keyhop export (parquet, 1 job)"
ratio "export 4 files: --jobs 2 vs --jobs 1 (wall is what scales)" "keyhop export 4 files, --jobs 2" "keyhop export 4 files, --jobs 1"
rm -rf "$exp_dir"
if [ -n "${SECS[keyhop validate]:-}" ]; then
  printf '%-52s %8.0f packets/CPU s (target >= 1000000)\n' "validate" \
    "$(awk -v n="${PKTS[keyhop validate]}" -v s="${CPU[keyhop validate]}" 'BEGIN { print n / s }')"
fi
