#!/usr/bin/env bash
# Fuzz campaign runner.
#
#   SECS=300 ./run_all.sh [target...]        every target (default all) once, SECS seconds each
#   UNTIL_CPU=3600 SECS=900 ./run_all.sh     tops each target up, in runs of at most SECS seconds,
#                                            until its CPU seconds in ledger.tsv reach UNTIL_CPU
#
# JOBS=n runs n targets side by side (one per core; default 1). DEADLINE=<epoch seconds> starts no
# run after it and cuts runs short to end by it, so a campaign fits a session. FUZZ_BUILD_FLAGS
# (default "--sanitizer none --debug-assertions": keyhop has no `unsafe`, so ASan would only halve
# the executions, while overflow checks and debug_assert! catch arithmetic bugs) go to cargo fuzz.
#
# Each run appends a row to ledger.tsv (committed: the CPU time, user + system from /usr/bin/time,
# that each target has had over every campaign; wall time says little on a shared machine) and
# keeps its libFuzzer output in logs/<target>.<start>.log. A crash ends only its own run (exit
# status in the ledger, input in artifacts/<target>/); a top-up does not rerun a target that crashed.
set -u
cd "$(dirname "$0")"
mkdir -p logs
secs=${SECS:-300}
jobs=${JOBS:-1}
until_cpu=${UNTIL_CPU:-}
deadline=${DEADLINE:-}
flags=${FUZZ_BUILD_FLAGS:---sanitizer none --debug-assertions}
read -r -a flag_args <<<"$flags"
ledger=ledger.tsv
[ -f "$ledger" ] || printf 'date\ttarget\tbuild\tcpu_s\twall_s\texecutions\texec_per_s\tcov\tft\trc\tnote\n' >"$ledger"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
export RUSTC_BOOTSTRAP=1
RUSTC_BOOTSTRAP=1 cargo fuzz build "${flag_args[@]}" || exit 1
# Every target cargo-fuzz knows unless named: a list kept here left out the newer ones.
targets=${*:-$(cargo fuzz list)}

cpu_so_far() { awk -F'\t' -v t="$1" 'NR > 1 && $2 == t { s += $4 } END { printf "%d", s }' "$ledger"; }

# Prints the target a lane should run next and how many seconds, or nothing when done. A target
# is claimed with mkdir (atomic), so two lanes never run the same one at once.
next_run() {
  local best="" best_need=0 t need
  for t in $targets; do
    [ -e "$state/done.$t" ] || [ -d "$state/run.$t" ] && continue
    if [ -n "$until_cpu" ]; then
      need=$(( until_cpu - $(cpu_so_far "$t") ))
    else
      need=$secs
    fi
    if [ "$need" -gt "$best_need" ]; then best=$t; best_need=$need; fi
  done
  [ -n "$best" ] || return 0
  mkdir "$state/run.$best" 2>/dev/null || { next_run; return; }
  # A run gets a little less CPU than wall time (0.997 of it here): 2% more wall time keeps the
  # last run of a top-up from ending seconds short and costing a further minimum-length run.
  [ -n "$until_cpu" ] && best_need=$(( best_need + best_need / 50 + 1 ))
  [ "$best_need" -gt "$secs" ] && best_need=$secs
  # Runs shorter than a minute are mostly corpus loading.
  [ "$best_need" -lt 60 ] && best_need=60
  if [ -n "$deadline" ]; then
    local left=$(( deadline - $(date +%s) ))
    [ "$left" -lt "$best_need" ] && best_need=$left
  fi
  echo "$best $best_need"
}

run_one() {
  local t=$1 s=$2 start log rc cpu wall execs rate cov ft note=""
  mkdir -p "corpus/$t"
  start=$(date -u +%Y%m%dT%H%M%SZ)
  log=logs/$t.$start.log
  /usr/bin/time -f '%U %S %e' -o "$log.time" cargo fuzz run "${flag_args[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$s" -timeout=10 -print_final_stats=1 -rss_limit_mb=2048 >"$log" 2>&1
  rc=$?
  cpu=$(awk 'END { printf "%.1f", $1 + $2 }' "$log.time")
  wall=$(awk 'END { printf "%.0f", $3 }' "$log.time")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 | awk '{ print $2 }')
  ft=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 | awk '{ print $4 }')
  if [ "$rc" -ne 0 ]; then
    note=$(grep -m1 -oE 'Test unit written to [^ ]+' "$log")
    : >"$state/done.$t"
  fi
  [ -z "$until_cpu" ] && : >"$state/done.$t"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$flags" "$cpu" \
    "$wall" "${execs:-0}" "${rate:-0}" "${cov:-}" "${ft:-}" "$rc" "$note" >>"$ledger"
  echo "$t rc=$rc cpu_s=$cpu wall_s=$wall execs=${execs:-0} exec/s=${rate:-0} cov=${cov:-} ft=${ft:-} total_cpu_s=$(cpu_so_far "$t")"
}

lane() {
  local pick
  while :; do
    if [ -n "$deadline" ] && [ "$(( deadline - $(date +%s) ))" -lt 60 ]; then break; fi
    pick=$(next_run)
    [ -n "$pick" ] || break
    # shellcheck disable=SC2086
    run_one $pick
    rmdir "$state/run.${pick%% *}"
  done
}

for _ in $(seq "$jobs"); do lane & done
wait
