#!/usr/bin/env bash
# Fuzz smoke: builds every cargo-fuzz target in one cargo invocation, then runs each for SECS
# seconds (default 10) with libFuzzer from its committed corpus and saved regressions. The
# corpora are only read (new inputs go to a scratch folder); a crash, timeout or out-of-memory
# stops the script with status 1, its input left in fuzz/artifacts/<target>/.
#
# FUZZ_BUILD_FLAGS (default "--sanitizer none --codegen-units 16": optimised, coverage
# instrumentation without ASan, 16 codegen units): fuzz/README.md (CI) has the build times of
# the choices. Used by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
secs=${SECS:-10}
read -r -a flags <<<"${FUZZ_BUILD_FLAGS:---sanitizer none --codegen-units 16}"
export RUSTC_BOOTSTRAP=1

t0=$(date +%s)
cargo fuzz build "${flags[@]}"
echo "fuzz smoke: build $(( $(date +%s) - t0 )) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in $(cargo fuzz list); do
  mkdir -p "$scratch/$t"
  dirs=("$scratch/$t")
  for d in "corpus/$t" "regressions/$t"; do
    [ -d "$d" ] && dirs+=("$d")
  done
  s=$(date +%s)
  if ! cargo fuzz run "${flags[@]}" "$t" "${dirs[@]}" -- -max_total_time="$secs" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 >"$scratch/$t.log" 2>&1; then
    tail -n 40 "$scratch/$t.log"
    echo "fuzz smoke: target $t failed (input in fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$t.log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$scratch/$t.log" | tail -n 1)
  echo "fuzz smoke: $t $(( $(date +%s) - s )) s, $runs executions, $cov"
done
echo "fuzz smoke: total $(( $(date +%s) - t0 )) s"
