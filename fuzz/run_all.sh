#!/usr/bin/env bash
# Runs the given fuzz targets one after another for SECS seconds each (default all targets, 300 s),
# logging to logs/<target>.log; a crash stops only its own target.
set -u
cd "$(dirname "$0")"
secs=${SECS:-300}
targets=${*:-per_aligned per_unaligned s1ap x2ap makr makr_typed gtpv2 gtpv2_typed gtpv1 nas rrc capture_layers capture_file keys}
for t in $targets; do
  mkdir -p corpus/$t
  RUSTC_BOOTSTRAP=1 cargo fuzz run $t corpus/$t -- -max_total_time=$secs -timeout=10 \
    -print_final_stats=1 -rss_limit_mb=1024 >logs/$t.log 2>&1
  echo "$t rc=$? $(grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' logs/$t.log | tr '\n' ' ') $(grep -E '#[0-9]+.*(DONE|cov:)' logs/$t.log | tail -1)"
done
