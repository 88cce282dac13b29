#!/usr/bin/env python3
"""Differential test of keyhop's NAS codec (codec/src/nas/pdu.rs) against pycrate's
pycrate_mobile.NAS (TS 24.301), both ways. Run by tests/tests/nas_pycrate.rs.

stdin: one JSON line per NAS-PDU keyhop read (the samples' NAS-PDUs):
    {"name", "hex", "uplink": true/false/null, "sht", "mac", "sqn", "inner": null or
     {"offset", "message_type", "ebi", "pti", "ends": [IE end octets, relative to the plain
     message], "laid_out": octets keyhop laid out (header and IEs)}}
For each, pycrate parses the PDU (parse_NAS_MO uplink, parse_NAS_MT downlink, either when the
direction is unknown) and the script checks that
  * pycrate encodes the same octets again;
  * the security header type, NAS-MAC and sequence number agree;
  * the plain message's type (and ESM bearer identity and PTI) agree;
  * every IE boundary keyhop found is one pycrate found and the other way round, within the
    octets keyhop laid out (keyhop keeps the rest raw: a type it has no layout for).

stdout: the other way: one JSON line per message pycrate builds (every EMM type both ways and
every ESM type, once with the mandatory IEs only and once with every optional IE present, with
pycrate's default values), {"name", "hex", "uplink", "message_type", "ends"} with pycrate's IE
boundaries; the Rust test decodes them in keyhop, checks they encode back to pycrate's octets
and compares the boundaries.

Disagreements examined and found to be pycrate's are in KNOWN with the reason; any other one
fails the run (exit 1, each listed on stderr).
"""

import json
import sys

from pycrate_mobile import NAS
from pycrate_mobile import TS24301_EMM as EMM
from pycrate_mobile import TS24301_ESM as ESM

# (message type, what) -> why pycrate and keyhop differ there and keyhop is right.
KNOWN = {}


def boundaries(msg, header_bits):
    """Octet offsets where pycrate's IEs of plain message `msg` end (after the header)."""
    ends, acc = [], 0
    for ie in list(msg._content):
        if ie.get_trans():
            continue
        acc += ie.get_bl()
        if acc > header_bits and acc % 8 == 0:
            ends.append(acc // 8)
    return ends


def header_bits(msg):
    return 24 if msg._content[0]._name == "ESMHeader" else 16


def parse(b, uplink):
    fns = {True: [NAS.parse_NAS_MO], False: [NAS.parse_NAS_MT]}.get(
        uplink, [NAS.parse_NAS_MT, NAS.parse_NAS_MO])
    last = None
    for f in fns:
        m, e = f(b)
        if e == 0 and m is not None:
            return m
        last = e
    return last


def check(line, fails, stats):
    k = json.loads(line)
    b = bytes.fromhex(k["hex"])
    m = parse(b, k["uplink"])
    if not hasattr(m, "to_bytes"):
        stats["pycrate_rejects"] += 1
        return
    stats["compared"] += 1
    where = k["name"]
    if m.to_bytes() != b:
        fails.append("%s: pycrate re-encodes other octets" % where)
        return
    inner = m
    if m._name == "EMMSecProtNASMessage":
        hdr = m["EMMHeaderSec"]
        if hdr["SecHdr"].get_val() != k["sht"]:
            fails.append("%s: security header type %s / %s" % (where, hdr["SecHdr"].get_val(), k["sht"]))
        if m["MAC"].get_val().hex() != k["mac"] or m["Seqn"].get_val() != k["sqn"]:
            fails.append("%s: NAS-MAC / sequence number differ" % where)
        inner = m._content[-1]
        if not hasattr(inner, "_content") or k["inner"] is None:
            return  # ciphered (or not read by one of the two): nothing more to compare
    elif k["inner"] is None:
        fails.append("%s: pycrate reads a plain message keyhop does not" % where)
        return
    ki = k["inner"]
    hb = header_bits(inner)
    h = inner._content[0]
    if h["Type"].get_val() != ki["message_type"]:
        fails.append("%s: message type %s / %s" % (where, h["Type"].get_val(), ki["message_type"]))
        return
    if hb == 24 and (h["EPSBearerId"].get_val(), h["PTI"].get_val()) != (ki["ebi"], ki["pti"]):
        fails.append("%s: ESM bearer identity / PTI differ" % where)
    stats["messages"] += 1
    if ki["laid_out"] <= hb // 8:
        stats["not_laid_out"] += 1
        return
    py = [e for e in boundaries(inner, hb) if e <= ki["laid_out"]]
    if py != ki["ends"]:
        key = (ki["message_type"], "ends")
        if key not in KNOWN:
            fails.append("%s (type 0x%02x): IE ends pycrate %s keyhop %s" % (where, ki["message_type"], py, ki["ends"]))
    else:
        stats["ies"] += len(py)


def built():
    """Messages pycrate builds: every EMM type (both directions) and ESM type, mandatory IEs
    only and with every optional IE."""
    out = []
    sets = [(EMM.EMMTypeMOClasses, True, "emm_mo"), (EMM.EMMTypeMTClasses, False, "emm_mt"),
            (ESM.ESMTypeClasses, None, "esm")]
    for classes, uplink, tag in sets:
        for t, cls in sorted(classes.items()):
            for full in (False, True):
                try:
                    m = cls()
                    if full:
                        for _, _, e in getattr(m, "_opts", []):
                            e.set_trans(False)
                    b = m.to_bytes()
                    ends = boundaries(m, header_bits(m))
                except Exception as e:  # pycrate cannot build it: say so, do not hide it
                    print("pycrate cannot build %s 0x%02x: %s" % (tag, t, e), file=sys.stderr)
                    continue
                out.append({"name": "%s 0x%02x %s" % (tag, t, "full" if full else "mandatory"),
                            "hex": b.hex(), "uplink": uplink, "message_type": t, "ends": ends})
    return out


def main():
    fails = []
    stats = {"compared": 0, "pycrate_rejects": 0, "messages": 0, "ies": 0, "not_laid_out": 0}
    for line in sys.stdin:
        if line.strip():
            check(line, fails, stats)
    for v in built():
        print(json.dumps(v))
    print("nas_pycrate: %s" % json.dumps(stats), file=sys.stderr)
    for f in fails:
        print("DISAGREE " + f, file=sys.stderr)
    if stats["compared"] == 0:
        print("nothing compared", file=sys.stderr)
        return 1
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
