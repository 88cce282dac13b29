#!/usr/bin/env bash
# Per-target totals of ledger.tsv over every campaign: CPU minutes, runs, executions, the coverage
# (edges / features) of the latest run, and the runs that ended in a crash. The three rounds before
# the ledger began are one row per target, which gives their crashing runs in its rc column.
# Prints a Markdown table.
set -eu
cd "$(dirname "$0")"
awk -F'\t' '
  NR == 1 { next }
  !($2 in cpu) { order[++n] = $2 }
  {
    cpu[$2] += $4; execs[$2] += $6; runs[$2] += ($6 != "")
    if ($8 != "") { cov[$2] = $8; ft[$2] = $9 }
    crashes[$2] += ($3 == "mixed" ? $10 : ($10 != 0))
  }
  END {
    print "| target | CPU min | runs | executions | cov | ft | crashed runs |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      t = order[i]
      printf "| %s | %.1f | %d | %d | %s | %s | %d |\n", t, cpu[t] / 60, runs[t], execs[t], cov[t], ft[t], crashes[t]
    }
  }' ledger.tsv
