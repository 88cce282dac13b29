#!/usr/bin/env bash
# Runs the given fuzz targets one after another for SECS seconds each (default all targets, 300 s),
# logging to logs/<target>.log; a crash stops only its own target. Each line printed says the
# CPU seconds the run used (user + system; on a shared machine the wall time says little) and
# libFuzzer's final counts; logs/cpu.tsv accumulates them across runs.
set -u
cd "$(dirname "$0")"
mkdir -p logs
secs=${SECS:-300}
targets=${*:-per_aligned per_unaligned s1ap x2ap makr makr_typed gtpv2 gtpv2_typed gtpv1 nas rrc capture_layers capture_file keys validate}
for t in $targets; do
  mkdir -p corpus/$t
  /usr/bin/time -f '%U %S' -o logs/$t.time env RUSTC_BOOTSTRAP=1 cargo fuzz run $t corpus/$t -- \
    -max_total_time=$secs -timeout=10 -print_final_stats=1 -rss_limit_mb=1024 >logs/$t.log 2>&1
  rc=$?
  cpu=$(awk '{print $1 + $2}' logs/$t.time)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' logs/$t.log)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' logs/$t.log)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' logs/$t.log | tail -1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$rc" "$cpu" "${execs:-0}" "${rate:-0}" "$cov" >>logs/cpu.tsv
  echo "$t rc=$rc cpu_s=$cpu execs=${execs:-0} exec/s=${rate:-0} $cov"
done
