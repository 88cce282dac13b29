#!/usr/bin/env python3
"""pycrate reference for S1AP / X2AP HandoverRequests over 16 KiB (fragmented APER lengths).

    aper_large.py gen    -> {"protocol", "size", "seed", "hex"} lines
    aper_large.py check  < {"protocol", "size", "seed", "hex", "keyhop": {...}} lines

`gen` draws a random HandoverRequest (aper_random's generator, fixed seed) and makes its
large part `size` octets: the S1AP Source-ToTarget-TransparentContainer (IE 104) or the X2AP
UE-ContextInformation rRC-Context (IE 14), the UE radio capability's carriers; pycrate
encodes it. `check` builds the same value again, asserts pycrate's encoding is the given
octets, and compares keyhop's JSON with that value.

pycrate (0.7/0.8) cannot decode a fragmented open type that is followed by more data, even
its own encoding of one ("length determinant too long"), so this script never decodes: the
reference is the value pycrate encoded, which keyhop must read back.
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aper_random import ENVELOPE, Converter, Coverage, Generator, IEMap, diff  # noqa: E402

SIZES = [16300, 70000]
SEEDS = [1, 2, 3]


def protocols():
    import s1ap_pycrate
    import x2ap_pycrate

    return {"s1ap": s1ap_pycrate.protocol(), "x2ap": x2ap_pycrate.protocol()}


def capability(n):
    return bytes((i * 13 + 7) & 0xFF for i in range(n))


def build(proto, size, seed):
    gen = Generator(random.Random(seed), Coverage(), proto.id_names)
    gen.unknowns = False
    v = proto.generate(gen, "HandoverRequest")
    ies = v[1]["value"][1]["protocolIEs"]
    done = False
    for ie in ies:
        if proto.name == "s1ap" and ie["id"] == 104:
            ie["value"] = (ie["value"][0], capability(size))
            done = True
        elif proto.name == "x2ap" and ie["id"] == 14:
            ie["value"][1]["rRC-Context"] = capability(size)
            done = True
    if not done:
        raise SystemExit("%s HandoverRequest without its large IE" % proto.name)
    # More IEs after the large one, so that the fragments are followed by data.
    last = ies[-1]
    if last["id"] in (104, 14):
        raise SystemExit("%s seed %d: the large IE is the last one" % (proto.name, seed))
    proto.pdu.set_val(v)
    return v, proto.pdu.to_aper()


def cmd_gen():
    for name, proto in protocols().items():
        for size in SIZES:
            for seed in SEEDS:
                _, b = build(proto, size, seed)
                sys.stdout.write(json.dumps({"protocol": name, "size": size, "seed": seed,
                                             "hex": b.hex()}) + "\n")
    return 0


def cmd_check():
    protos = protocols()
    passed = failed = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        proto = protos[rec["protocol"]]
        problems = []
        v, b = build(proto, rec["size"], rec["seed"])
        if b.hex() != rec["hex"].lower():
            problems.append(("$ (encoding)", "pycrate's encoding differs", "the given octets"))
        keyhop = rec.get("keyhop")
        if not isinstance(keyhop, dict) or "error" in keyhop:
            problems.append(("$", "a keyhop object", keyhop))
        else:
            k = IEMap((key, x) for key, x in keyhop.items() if key not in ENVELOPE)
            expected = Converter(proto.pdu, proto.id_names).pdu_json(v, k)
            problems += diff(expected, k)
        res = {"protocol": rec["protocol"], "size": rec["size"], "seed": rec["seed"],
               "ok": not problems}
        if problems:
            failed += 1
            res["diffs"] = [{"path": p, "pycrate": str(a)[:200], "keyhop": str(c)[:200]}
                            for p, a, c in problems]
        else:
            passed += 1
        sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.write("%d passed, %d failed\n" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "gen":
        sys.exit(cmd_gen())
    if cmd == "check":
        sys.exit(cmd_check())
    raise SystemExit(__doc__)
