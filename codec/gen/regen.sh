#!/usr/bin/env bash
# Regenerates every generated source of the codec from the ASN.1 that pycrate ships compiled:
#
#   codec/src/s1ap/types.rs, codec/src/s1ap/tables.rs   <- codec/gen/s1ap.py   (TS 36.413)
#   codec/src/s1ap/json.rs                              <- codec/gen/s1ap.py (write_json)
#   codec/src/x2ap/ies.rs                               <- codec/gen/x2ap.py   (TS 36.423)
#   codec/src/x2ap/json.rs                              <- codec/gen/x2ap.py json
#   codec/src/rrc/schema.rs                             <- codec/gen/rrc_schema.py (TS 36.331)
#
# Usage: codec/gen/regen.sh [OUT]   (OUT defaults to codec/src; check.sh writes into a temp dir)
# Python: $KEYHOP_PYTHON, else .venv/bin/python of the checkout (bash .ci/run creates it; or
# `python3 -m venv .venv && .venv/bin/pip install -r tests/interop/requirements.txt`).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-$root/codec/src}
py=${KEYHOP_PYTHON:-$root/.venv/bin/python}
[ -x "$py" ] || { echo "regen: no python with pycrate at $py (set KEYHOP_PYTHON)" >&2; exit 2; }
command -v rustfmt >/dev/null || { echo "regen: rustfmt is missing" >&2; exit 2; }

mkdir -p "$out/s1ap" "$out/x2ap" "$out/rrc"
gen="$root/codec/gen"
# The generators report what they left untyped on stderr; keep that out of the way unless asked.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
  local rc=0
  "$@" 2>>"$log" || rc=$?
  if [ "$rc" != 0 ]; then
    cat "$log" >&2
    echo "regen: failed (exit $rc): $*" >&2
    exit 1
  fi
}
run "$py" "$gen/s1ap.py" "$out/s1ap"
run "$py" "$gen/x2ap.py" >"$out/x2ap/ies.rs"
run "$py" "$gen/x2ap.py" json >"$out/x2ap/json.rs"
run "$py" "$gen/rrc_schema.py" >"$out/rrc/schema.rs"
[ -n "${KEYHOP_GEN_VERBOSE:-}" ] && cat "$log" >&2
# Formatted as `cargo fmt` formats the crate (edition from the workspace).
rustfmt --edition 2021 "$out/s1ap/types.rs" "$out/s1ap/tables.rs" "$out/s1ap/json.rs" "$out/x2ap/ies.rs" "$out/x2ap/json.rs" "$out/rrc/schema.rs"
