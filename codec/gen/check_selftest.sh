#!/usr/bin/env bash
# Proves check.sh catches a change: on a copy of the generated sources it must pass unchanged,
# then fail after a one-character edit of each generated file in turn (a hand edit of an output,
# or equally a generator changed without regenerating).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files="s1ap/types.rs s1ap/tables.rs s1ap/json.rs x2ap/ies.rs x2ap/json.rs rrc/schema.rs"
copy() {
  rm -rf "$tmp/tree"
  for f in $files; do
    mkdir -p "$tmp/tree/$(dirname "$f")"
    cp "$root/codec/src/$f" "$tmp/tree/$f"
  done
}

copy
"$root/codec/gen/check.sh" "$tmp/tree" >/dev/null 2>&1 \
  || { echo "selftest: check.sh fails on the unchanged sources" >&2; exit 1; }
for f in $files; do
  copy
  # Change the last digit of the file: a constant, a bound or a name the generator wrote.
  python3 - "$tmp/tree/$f" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
m = list(re.finditer(r"[0-9]", s))[-1]
s = s[: m.start()] + str((int(m.group()) + 1) % 10) + s[m.end():]
open(p, "w").write(s)
PY
  if "$root/codec/gen/check.sh" "$tmp/tree" >/dev/null 2>&1; then
    echo "selftest: check.sh missed a change in $f" >&2
    exit 1
  fi
done
echo "selftest: check.sh passes the committed sources and catches an edit in each of: $files"
