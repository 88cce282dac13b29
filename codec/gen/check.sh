#!/usr/bin/env bash
# Fails when a generated source differs from what its generator writes now: someone edited the
# output by hand, or changed a generator without regenerating. CI runs it (.ci/run).
#
# Usage: codec/gen/check.sh [TREE]   (TREE defaults to codec/src: the sources to compare)
# Fix a failure with codec/gen/regen.sh (and commit the generator and its output together).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tree=${1:-$root/codec/src}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$root/codec/gen/regen.sh" "$tmp"
status=0
for f in s1ap/types.rs s1ap/tables.rs s1ap/json.rs x2ap/ies.rs x2ap/json.rs rrc/schema.rs; do
  if ! diff -u "$tree/$f" "$tmp/$f" >"$tmp/diff" 2>&1; then
    echo "check: $f differs from what codec/gen writes (run codec/gen/regen.sh):" >&2
    head -n 40 "$tmp/diff" >&2
    status=1
  fi
done
[ "$status" = 0 ] && echo "check: the 6 generated sources match their generators"
exit "$status"
