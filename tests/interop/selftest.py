#!/usr/bin/env python3
"""Self-test of the interop reference tools (no keyhop needed): pycrate's JSON of random PDUs must
pass `check` unchanged, a changed value must fail with its path, and tshark's extraction must
work on the shared captures.  Run by .ci/run before the Rust tests that rely on these tools."""

import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
py = sys.executable


def run(args, stdin=None):
    p = subprocess.run([py, os.path.join(here, args[0])] + args[1:], input=stdin,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    for proto in ("s1ap", "x2ap"):
        tool = proto + "_pycrate.py"
        rc, gen, err = run([tool, "gen", "--count", "8", "--seed", "7"])
        assert rc == 0, err
        rc, dec, err = run([tool, "decode"], gen)
        assert rc == 0, err
        recs = [json.loads(line) for line in dec.splitlines()]
        good = "".join(json.dumps({"hex": r["hex"], "keyhop": r["pycrate"]}) + "\n" for r in recs)
        rc, out, err = run([tool, "check"], good)
        assert rc == 0 and out.splitlines()[-1] == "%d passed, 0 failed" % len(recs), out[-2000:] + err
        bad = dict(recs[0]["pycrate"], procedure_code=recs[0]["pycrate"]["procedure_code"] + 1)
        rc, out, _ = run([tool, "check"], json.dumps({"hex": recs[0]["hex"], "keyhop": bad}) + "\n")
        assert rc == 1 and '"path": "$.procedure_code"' in out, out
        print("%s: %d PDUs round-trip through check; a changed value is caught" % (proto, len(recs)))
    shared = os.environ.get("KEYHOP_SHARED") or os.path.join(here, "..", "..", "..", "shared")
    cap = os.path.join(shared, "captures", "open5gs_testattach.pcapng")
    if not os.path.exists(cap):
        print("tshark_compare: %s is absent (set KEYHOP_SHARED), extraction not checked" % cap)
        return 0
    rc, out, err = run(["tshark_compare.py", cap, "--dump"])
    assert rc == 0, err
    recs = [json.loads(line) for line in out.splitlines()]
    ics = [r for r in recs if r.get("message") == "InitialContextSetupRequest"]
    assert ics and all(len(r["fields"]["security_key"][0]) == 64 for r in ics), ics[:1]
    assert any(r["protocol"] == "gtpv2" and r["fields"].get("imsi") for r in recs)
    print("tshark_compare: %d PDUs extracted, %d InitialContextSetupRequest with SecurityKey"
          % (len(recs), len(ics)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
