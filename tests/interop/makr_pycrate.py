"""pycrate reference for the MAKR ASN.1 types (key-refresh.md section 2).

The ASN.1 module is taken from key-refresh.md and compiled with pycrate_asn1c at run time, so the
reference follows the spec text, not a copy of it.

  gen --count N --seed S   random values encoded by pycrate: one {"type", "hex"} per line
  check                    reads {"type", "hex", "keyhop"} lines: pycrate decodes the hex (all of
                           it), re-encodes it to the same octets, and its value, written the way
                           keyhop writes JSON (docs/json.md), must equal "keyhop". Prints one
                           line per failure and then `N passed, M failed`.

pycrate defect (pycrate 0.8.1, _CONSTRUCT._to_per): when the bits before a SEQUENCE's
extension-addition bitmap do not end on an octet boundary (after a 20- or 28-bit eNB ID) and the
bitmap has two or more bits, pycrate writes a surplus padding octet after the bitmap, so its own
decoder reads the additions wrongly (an empty first addition). Therefore `gen` keeps only values
that pycrate decodes back to themselves (the others are counted on stderr), and `check` compares
pycrate's re-encoding byte for byte only where pycrate round-trips its own encoding of the value;
the rest are still compared by value and counted on a `pycrate defect:` line before the summary.

The spec is found at --spec, else $KEYHOP_MAKR_SPEC, else docs/key-refresh.md of the repository,
else /work/shared/spec/key-refresh.md.
"""

import argparse
import importlib.util
import json
import os
import random
import re
import sys
import tempfile

TYPES = ["KeyDistribution", "NeighbourKeyRequest", "NeighbourKeyResponse", "WrappedKeNB"]

# ASN.1 identifier -> keyhop JSON name (docs/json.md: snake_case, acronyms one word).
NAMES = {
    "plmn-Identity": "plmn_identity",
    "enb-ID": "enb_id",
    "macroENB-ID": "macro_enb_id",
    "homeENB-ID": "home_enb_id",
    "short-macroENB-ID": "short_macro_enb_id",
    "long-macroENB-ID": "long_macro_enb_id",
    "keys": "keys",
    "enb-Identity": "enb_identity",
    "keyId": "key_id",
    "mme-eNB-Key": "mme_enb_key",
    "mme-UE-S1AP-ID": "mme_ue_s1ap_id",
    "enb-UE-S1AP-ID": "enb_ue_s1ap_id",
    "serving-eNB": "serving_enb",
    "neighbours": "neighbours",
    "refreshCounter": "refresh_counter",
    "kdf": "kdf",
    "wrappedKeys": "wrapped_keys",
    "target-eNB": "target_enb",
    "wrapAlgorithm": "wrap_algorithm",
    "wrappedKeNB": "wrapped_kenb",
    "key": "key",
    "aes-block": "aes_block",
    "aes-cmac-ctr": "aes_cmac_ctr",
    "aes-ecb": "aes_ecb",
    "aes-kw": "aes_kw",
    "aes-ctr-cmac": "aes_ctr_cmac",
}


def find_spec(arg):
    here = os.path.dirname(os.path.abspath(__file__))
    cands = [arg, os.environ.get("KEYHOP_MAKR_SPEC"),
             os.path.join(here, "..", "..", "docs", "key-refresh.md"),
             "/work/shared/spec/key-refresh.md"]
    for c in cands:
        if c and os.path.isfile(c):
            return c
    raise SystemExit("key-refresh.md not found (use --spec or KEYHOP_MAKR_SPEC)")


def compile_module(spec_path):
    """The MAKR-PDU-Contents module object, compiled from the spec's asn1 block."""
    from pycrate_asn1c.asnproc import compile_text, generate_modules, PycrateGenerator

    text = open(spec_path, encoding="utf-8").read()
    m = re.search(r"```asn1\n(.*?)```", text, re.S)
    if m is None:
        raise SystemExit("no ```asn1 block in " + spec_path)
    compile_text(m.group(1))
    out = os.path.join(tempfile.mkdtemp(prefix="makr_pycrate"), "makr_asn.py")
    generate_modules(PycrateGenerator, out)
    spec = importlib.util.spec_from_file_location("makr_asn", out)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.MAKR_PDU_Contents


# ---------------------------------------------------------------------------------------------
# random values (pycrate value forms)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def octets(self, lo, hi):
        return bytes(self.r.getrandbits(8) for _ in range(self.r.randint(lo, hi)))

    def pick(self, lo, hi):
        """An integer in lo..hi, bounds often."""
        x = self.r.random()
        if x < 0.2:
            return lo
        if x < 0.4:
            return hi
        return self.r.randint(lo, hi)

    def count(self, lo, hi):
        x = self.r.random()
        if x < 0.03:
            return hi
        if x < 0.3:
            return lo
        return self.r.randint(lo, min(hi, 5))

    def additions(self, v):
        """Unknown extension additions, sometimes (pycrate numbers them from 1 when encoding)."""
        if self.r.random() < 0.08:
            for k in sorted(self.r.sample(range(1, 5), self.r.randint(1, 2))):
                v["_ext_%d" % k] = self.octets(1, 6)
        return v

    def enum(self, root):
        if self.r.random() < 0.08:
            return "_ext_%d" % self.r.randint(0, 70)
        return self.r.choice(root)

    def enb(self):
        x = self.r.random()
        if x < 0.06:
            alt = ("_ext_%d" % self.r.randint(2, 70), self.octets(1, 5))
        else:
            name, bits = self.r.choice([("macroENB-ID", 20), ("homeENB-ID", 28),
                                        ("short-macroENB-ID", 18), ("long-macroENB-ID", 21)])
            alt = (name, (self.pick(0, (1 << bits) - 1), bits))
        return self.additions({"plmn-Identity": self.octets(3, 3), "enb-ID": alt})

    def wrapped_item(self):
        return self.additions({
            "target-eNB": self.enb(),
            "keyId": self.pick(0, 255),
            "wrapAlgorithm": self.enum(["aes-ecb", "aes-kw", "aes-ctr-cmac"]),
            "wrappedKeNB": self.octets(*self.r.choice([(16, 16), (64, 64), (40, 40), (16, 64)])),
        })

    def value(self, t):
        if t == "KeyDistribution":
            keys = [self.additions({
                "enb-Identity": self.enb(),
                "keyId": self.pick(0, 255),
                "mme-eNB-Key": self.octets(*self.r.choice([(16, 16), (32, 32), (16, 32)])),
            }) for _ in range(self.count(1, 256))]
            return self.additions({"keys": keys})
        if t == "NeighbourKeyRequest":
            return self.additions({
                "mme-UE-S1AP-ID": self.pick(0, 2 ** 32 - 1),
                "enb-UE-S1AP-ID": self.pick(0, 2 ** 24 - 1),
                "serving-eNB": self.enb(),
                "neighbours": [self.enb() for _ in range(self.count(1, 64))],
            })
        if t == "NeighbourKeyResponse":
            return self.additions({
                "mme-UE-S1AP-ID": self.pick(0, 2 ** 32 - 1),
                "enb-UE-S1AP-ID": self.pick(0, 2 ** 24 - 1),
                "refreshCounter": self.pick(0, 65535),
                "kdf": self.enum(["aes-block", "aes-cmac-ctr"]),
                "wrappedKeys": [self.wrapped_item() for _ in range(self.count(1, 64))],
            })
        if t == "WrappedKeNB":
            return self.additions({
                "refreshCounter": self.pick(0, 65535),
                "kdf": self.enum(["aes-block", "aes-cmac-ctr"]),
                "key": self.wrapped_item(),
            })
        raise ValueError(t)


# ---------------------------------------------------------------------------------------------
# pycrate value -> keyhop JSON


def to_json(v, name=None):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if not k.startswith("_ext_"):
                out[NAMES[k]] = to_json(x, k)
        unk = sorted((k for k in v if k.startswith("_ext_")), key=lambda k: int(k[5:]))
        if unk:
            out["extension_additions"] = [v[k].hex() for k in unk]
        return out
    if isinstance(v, list):
        return [to_json(x) for x in v]
    if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str):  # CHOICE
        alt, av = v
        if alt.startswith("_ext_"):
            return {"unknown(%s)" % alt[5:]: av.hex()}
        return {NAMES[alt]: av[0]}  # the eNB IDs are identifiers: shown as numbers
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, str):
        if v.startswith("_ext_"):
            return "unknown(%s)" % v[5:]
        return NAMES[v]
    return v


def renumber_additions(v):
    """pycrate decodes unknown additions as `_ext_<i>` from 0 but encodes them from 1."""
    if isinstance(v, dict):
        return {("_ext_%d" % (int(k[5:]) + 1) if k.startswith("_ext_") and isinstance(x, bytes) else k):
                renumber_additions(x) for k, x in v.items()}
    if isinstance(v, list):
        return [renumber_additions(x) for x in v]
    return v


def diff(a, b, path="$", out=None):
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in b or k not in a:
                out.append((path + "." + k, a.get(k, "<missing>"), b.get(k, "<missing>")))
            else:
                diff(a[k], b[k], path + "." + k, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append((path + " (length)", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif a != b or type(a) is not type(b):
        out.append((path, a, b))
    return out


# ---------------------------------------------------------------------------------------------


def cmd_gen(mod, args):
    rng = random.Random(args.seed)
    g = Gen(rng)
    types = args.type or TYPES
    skipped = 0
    for t in types:
        obj = getattr(mod, t)
        made = 0
        while made < args.count:
            v = g.value(t)
            obj.set_val(v)
            b = obj.to_aper()
            if not self_consistent(obj, b, v):
                skipped += 1
                continue
            made += 1
            sys.stdout.write(json.dumps({"type": t, "hex": b.hex()}) + "\n")
    sys.stderr.write("gen: %d values skipped (pycrate cannot decode its own encoding of them)\n" % skipped)
    return 0


def self_consistent(obj, data, v):
    """Whether pycrate decodes `data`, its encoding of value `v`, back to `v`."""
    try:
        obj.from_aper(data)
        return renumber_additions(obj.get_val()) == v
    except Exception:
        return False


def cmd_check(mod, args):
    passed = failed = defect = 0
    for lineno, line in enumerate(sys.stdin, 1):
        line = line.strip()
        if not line:
            continue
        problems = []
        try:
            rec = json.loads(line)
            t, data, keyhop = rec["type"], bytes.fromhex(rec["hex"]), rec.get("keyhop")
            obj = getattr(mod, t)
        except Exception as e:
            problems.append(("$", "a {type, hex, keyhop} line", repr(e)))
            rec = {}
        if not problems:
            try:
                obj.from_aper(data)
                val = obj.get_val()
                back = renumber_additions(val)
                obj.set_val(back)
                again = obj.to_aper()
                if again != data:
                    if self_consistent(obj, again, back):
                        problems.append(("$ (pycrate re-encoding of the input)", again.hex(), data.hex()))
                    else:
                        defect += 1
                problems += diff(to_json(val), keyhop)
            except Exception as e:
                problems.append(("$", "pycrate cannot decode", repr(e)))
        if problems:
            failed += 1
            sys.stdout.write(json.dumps({"line": lineno, "type": rec.get("type"), "hex": rec.get("hex"),
                                         "diffs": [{"path": p, "pycrate": a, "keyhop": b}
                                                   for p, a, b in problems]}, default=str) + "\n")
        else:
            passed += 1
    if defect:
        sys.stdout.write("pycrate defect: %d re-encodings not compared (pycrate does not decode its own "
                         "encoding of those values back)\n" % defect)
    sys.stdout.write("%d passed, %d failed\n" % (passed, failed))
    return 1 if failed or passed == 0 else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--spec", help="path of key-refresh.md")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--count", type=int, default=200)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--type", action="append", choices=TYPES)
    sub.add_parser("check")
    args = p.parse_args()
    mod = compile_module(find_spec(args.spec))
    sys.exit({"gen": cmd_gen, "check": cmd_check}[args.cmd](mod, args))


if __name__ == "__main__":
    main()
