"""Constraint-aware random APER PDUs from pycrate's ASN.1 objects, and pycrate -> keyhop JSON.

Shared by s1ap_pycrate.py and x2ap_pycrate.py.  pycrate is the reference: it encodes the random
values, decodes keyhop's inputs, and its decoded values are turned into keyhop's JSON form
(docs/json.md) to compare with what keyhop printed.

pycrate value forms used here: INTEGER int, ENUMERATED str (`_ext_<n>` for an unknown extension
value), BIT STRING (uint, nbits), OCTET STRING bytes, CHOICE (alt, value), SEQUENCE dict
(`_ext_<n>` keys for unknown extension additions), SEQUENCE OF list, open type (type, value) with
`_unk_004` as type for octets of an unknown type.
"""

import json
import random
import sys

from keyhop_names import ie_name, snake

# BIT STRINGs that are identifiers: shown as numbers (docs/json.md).  Matched against the
# component name and the type name.
IDENTIFIER_BIT_STRINGS = {
    "macroENB-ID", "homeENB-ID", "short-macroENB-ID", "long-macroENB-ID",
    "CellIdentity", "EUTRANCellIdentifier", "CSG-Id", "gNB-ID", "NRCellIdentifier",
    "NRCellIdentity", "eNB-ID", "en-gNB-ID",
    # X2AP spells the ENB-ID alternatives differently
    "macro-eNB-ID", "home-eNB-ID", "short-Macro-eNB-ID", "long-Macro-eNB-ID",
}

# Envelope keys keyhop adds around a PDU; not part of the comparison.
ENVELOPE = {"frame", "time", "src", "dst", "protocol", "notes"}

# Open types carry whole octets: an empty encoding is sent as one zero octet (X.691 11.2).
def _open_octets(b):
    return b if b else b"\x00"


def typename(obj):
    tr = getattr(obj, "_typeref", None)
    if tr is not None and type(tr).__name__ == "ASN1RefType":
        return tr.called[1]
    return None


def field_layout(seq):
    """For a SEQUENCE constrained by an IE table (ProtocolIE-Field, ProtocolExtensionField,
    PrivateIE-Field, InitiatingMessage...): (id comp, criticality comp, value comp), else None."""
    if seq.TYPE != "SEQUENCE":
        return None
    idc = valc = critc = None
    for name, comp in seq._cont.items():
        if getattr(comp, "_const_tab", None) is None:
            continue
        at = getattr(comp, "_const_tab_at", None)
        if at is None:
            idc = name
        elif comp.TYPE == "OPEN_TYPE":
            valc = name
        else:
            critc = name
    if valc is None:
        # PrivateIE-Field: its table is empty but its shape is the same
        names = list(seq._cont)
        if len(names) == 3 and seq._cont[names[2]].TYPE == "OPEN_TYPE":
            return names[0], names[1], names[2]
        return None
    if critc is None:
        critc = next(n for n in seq._cont if n not in (idc, valc))
    if idc is None:
        idc = seq._cont[valc]._const_tab_at[-1]
    return idc, critc, valc


def table_rows(seq, valc):
    tab = seq._cont[valc]._const_tab
    if tab is None:
        return []
    rows = list(tab._val.root or [])
    if tab._val.ext:
        rows += list(tab._val.ext)
    return rows


def is_single_container_list(seqof):
    """SEQUENCE OF ProtocolIE-SingleContainer (E-RAB lists): items are one IE each."""
    n = typename(seqof._cont) or ""
    return "Single" in n


def id_names(module_prefix):
    """IE id number -> `id-...` identifier from the protocol's Constants module."""
    from pycrate_asn1rt.glob import GLOBAL

    m = GLOBAL.MOD[module_prefix + "-Constants"]
    out = {}
    for n in m["_val_"]:
        o = m[n]
        tn = typename(o)
        if tn == "ProtocolIE-ID" and n.startswith("id-"):
            out.setdefault(o._val, n)
    return out


# ---------------------------------------------------------------------------------------------
# coverage


class Coverage:
    """Per site (a type or component), which outcomes were possible and which were generated."""

    def __init__(self):
        self.sites = {}  # (category, site) -> [possible set, hit set]

    def offer(self, cat, site, possible, hit):
        e = self.sites.setdefault((cat, site), [set(), set()])
        e[0].update(possible)
        e[1].add(hit)

    def summary(self):
        cats = {}
        for (cat, _site), (pos, hit) in self.sites.items():
            c = cats.setdefault(cat, [0, 0, 0])
            c[0] += 1
            c[1] += len(pos)
            c[2] += len(pos & hit)
        return cats

    def missing(self):
        out = []
        for (cat, site), (pos, hit) in sorted(self.sites.items()):
            for m in sorted(pos - hit, key=str):
                out.append("%s %s: %s" % (cat, site, m))
        return out

    def report(self, f, verbose=False):
        f.write("coverage (outcomes reached / possible, over the sites visited):\n")
        names = {
            "ie": "optional IEs present/absent",
            "optional": "optional components present/absent",
            "choice": "CHOICE alternatives",
            "enum": "ENUMERATED values",
            "ext-addition": "SEQUENCE extension additions present",
            "int-bound": "INTEGER lb/ub/out-of-root",
            "size-bound": "SIZE lb/ub/out-of-root",
            "unknown": "unknown IEs / extensions generated",
        }
        for cat, (nsites, npos, nhit) in sorted(self.summary().items()):
            pct = 100.0 * nhit / npos if npos else 100.0
            f.write("  %-40s %5d/%-5d %5.1f%%  (%d sites)\n" % (names.get(cat, cat), nhit, npos, pct, nsites))
        miss = self.missing()
        f.write("  missed outcomes: %d\n" % len(miss))
        if verbose:
            for m in miss:
                f.write("    " + m + "\n")


# ---------------------------------------------------------------------------------------------
# generator


PRINTABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?"


def _set_bounds(cset):
    """(lb, ub, extensible, ext candidates) of a pycrate ASN1Set of integers/sizes."""
    lb, ub = cset.lb, cset.ub
    ext = cset.ext is not None
    ext_vals = list(cset._ev or [])
    for r in cset._er or []:
        ext_vals += [r.lb, r.ub]
    return lb, ub, ext, [v for v in ext_vals if v is not None]


def _in_root(cset, v):
    for x in cset._rv or []:
        if x == v:
            return True
    for r in cset._rr or []:
        if (r.lb is None or v >= r.lb) and (r.ub is None or v <= r.ub):
            return True
    return False


class Generator:
    def __init__(self, rng, cov, id_names_map, size_cap=4, small=16, max_depth=14, budget=2500):
        self.rng = rng
        self.cov = cov
        self.id_names = id_names_map
        self.size_cap = size_cap  # SEQUENCE OF sizes above this only at a small upper bound
        self.small = small  # an upper bound this small is hit
        self.max_depth = max_depth
        self.budget = budget
        self.nodes = 0
        self.unknowns = True  # generate unknown extension additions
        self.unused_ids = [i for i in range(1000, 65536) if i not in id_names_map]

    # -- helpers

    def _minimal(self, depth):
        return depth > self.max_depth or self.nodes > self.budget

    def _site(self, obj, site):
        return typename(obj) or site

    def _pick_int(self, cset, site, cat, default_hi, cap=None):
        """A value of an integer/size constraint: bounds, random inside, out-of-root values."""
        r = self.rng
        if cset is None:
            lb, ub, ext, extv = 0 if cat == "size-bound" else None, None, False, []
        else:
            lb, ub, ext, extv = _set_bounds(cset)
        lo = lb if lb is not None else -(2 ** 31)
        hi = ub if ub is not None else lo + default_hi
        if cap is not None and hi > lo + cap:
            hi_pick = lo + cap
        else:
            hi_pick = hi
        possible = ["lb"] if lb is not None else []
        # a fixed size/value (lb == ub) is one outcome, counted as "lb"
        reach_ub = ub is not None and ub != lb and (cap is None or ub - lo <= max(cap, self.small))
        if reach_ub:
            possible.append("ub")
        if ext:
            possible.append("ext")
        x = r.random()
        if ext and x < 0.08:
            if extv and r.random() < 0.5:
                v = r.choice(extv)
            elif cat == "size-bound":
                v = hi + 1 + r.randrange(3) if (cap is None or hi < lo + cap + 8) else lo + r.randrange(3)
                if _in_root(cset, v):
                    v = hi + 1
            else:
                v = r.choice([hi + 1, hi + 1 + r.randrange(1000), lo - 1, hi + 2 ** 20])
                if cat == "size-bound" and v < 0:
                    v = hi + 1
            if not _in_root(cset, v):
                self.cov.offer(cat, site, possible, "ext")
                return v
        if x < 0.3 and lb is not None:
            v = lo
        elif x < 0.55 and reach_ub:
            v = hi
        elif cset is not None and cset._rv and r.random() < 0.5:
            v = r.choice(cset._rv)
        else:
            rngs = [(rr.lb if rr.lb is not None else lo, rr.ub if rr.ub is not None else hi_pick)
                    for rr in (cset._rr if cset is not None else [])] or [(lo, hi_pick)]
            a, b = r.choice(rngs)
            b = min(b, max(a, hi_pick))
            v = r.randint(a, b) if b >= a else a
        hit = "lb" if v == lb else "ub" if (v == ub and reach_ub) else "mid"
        self.cov.offer(cat, site, possible, hit)
        return v

    # -- the walk

    def value(self, obj, site, depth=0):
        self.nodes += 1
        T = obj.TYPE
        site = self._site(obj, site)
        r = self.rng
        if T == "INTEGER":
            if obj._const_val is None:
                v = r.choice([0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 31 - 1, -1, -128, -129,
                              -(2 ** 31), r.randrange(-(2 ** 40), 2 ** 40)])
                self.cov.offer("int-bound", site, [], "mid")
                return v
            return self._pick_int(obj._const_val, site, "int-bound", 2 ** 32)
        if T == "ENUMERATED":
            root, ext = list(obj._root), obj._ext
            possible = root + list(ext or [])
            if ext is not None:
                possible.append("unknown")
            x = r.random()
            if ext is not None and x < 0.03:
                v = "_ext_%d" % (len(ext) + r.randrange(3))
                self.cov.offer("enum", site, possible, "unknown")
                return v
            if ext and x < 0.35:
                v = r.choice(ext)
            else:
                v = r.choice(root)
            self.cov.offer("enum", site, possible, v)
            return v
        if T == "BOOLEAN":
            return r.random() < 0.5
        if T == "NULL":
            return 0
        if T == "BIT STRING":
            n = self._pick_int(obj._const_sz, site, "size-bound", 64, cap=512)
            y = r.random()
            bits = 0 if y < 0.1 else (1 << n) - 1 if y < 0.2 else r.getrandbits(n) if n else 0
            return (bits, n)
        if T == "OCTET STRING":
            hi = 300 if r.random() < 0.05 else 24
            n = self._pick_int(obj._const_sz, site, "size-bound", hi, cap=300)
            return bytes(r.getrandbits(8) for _ in range(n))
        if T in ("PrintableString", "IA5String", "VisibleString", "UTF8String", "NumericString"):
            n = self._pick_int(obj._const_sz, site, "size-bound", 24, cap=200)
            alpha = "0123456789 " if T == "NumericString" else PRINTABLE
            return "".join(r.choice(alpha) for _ in range(n))
        if T == "OBJECT IDENTIFIER":
            return self._oid()
        if T == "CHOICE":
            return self._choice(obj, site, depth)
        if T == "SEQUENCE":
            return self._seq(obj, site, depth)
        if T == "SEQUENCE OF":
            return self._seq_of(obj, site, depth)
        raise NotImplementedError("%s: type %s" % (site, T))

    def _oid(self):
        r = self.rng
        first = r.randrange(3)
        arcs = [first, r.randrange(40 if first < 2 else 1000)]
        arcs += [r.randrange(2 ** r.choice([3, 7, 14, 21])) for _ in range(r.randrange(1, 5))]
        return tuple(arcs)

    def _choice(self, obj, site, depth):
        r = self.rng
        alts = list(obj._root) + list(obj._ext or [])
        if self._minimal(depth):
            alt = obj._root[0]
        else:
            alt = r.choice(alts)
        self.cov.offer("choice", site, alts, alt)
        return (alt, self.value(obj._cont[alt], site + "." + alt, depth + 1))

    def _seq(self, obj, site, depth, row=None):
        r = self.rng
        lay = field_layout(obj)
        if lay is not None and row is None:
            # a ProtocolIE-SingleContainer used on its own (MDTMode-Extension)
            rows = table_rows(obj, lay[2])
            if not rows or r.random() < 0.03:
                self.cov.offer("unknown", site, ["IE"], "IE")
                return self._unknown_field(obj, lay)
            row = r.choice(rows)
        if lay is not None:
            idc, critc, valc = lay
            out = {}
            for name, comp in obj._cont.items():
                if name == idc:
                    out[name] = row[comp._const_tab_id]
                elif name == valc:
                    t = row[comp._const_tab_id]
                    out[name] = (t, self.value(t, site + "/" + self._ie_label(row), depth + 1))
                elif name == critc:
                    v = row.get(comp._const_tab_id) if comp._const_tab is not None else None
                    if v is None or r.random() < 0.1:
                        v = r.choice(list(comp._root))
                    out[name] = v
                else:
                    out[name] = self.value(comp, site + "." + name, depth + 1)
            return out
        out = {}
        minimal = self._minimal(depth)
        opt = set(obj._root_opt or [])
        for name in obj._root:
            comp = obj._cont[name]
            if name in opt:
                present = not minimal and r.random() < 0.5
                self.cov.offer("optional", site + "." + name, ["present", "absent"],
                               "present" if present else "absent")
                if not present:
                    continue
            out[name] = self.value(comp, site + "." + name, depth + 1)
        if obj._ext is not None:
            for name in obj._ext:
                present = not minimal and r.random() < 0.5
                self.cov.offer("ext-addition", site + "." + name, ["present"],
                               "present" if present else "absent")
                if present:
                    out[name] = self.value(obj._cont[name], site + "." + name, depth + 1)
            if self.unknowns and not minimal and r.random() < 0.04:
                # unknown additions: pycrate numbers them from 1 past the known ones
                first = len(obj._ext_nest or []) + 1
                for k in range(first, first + r.randrange(1, 3)):
                    out["_ext_%d" % k] = self._octets(1, 12)
                self.cov.offer("unknown", site, ["extension addition"], "extension addition")
        return out

    def _octets(self, lo, hi):
        return bytes(self.rng.getrandbits(8) for _ in range(self.rng.randint(lo, hi)))

    def _ie_label(self, row):
        i = row.get("id")
        return self.id_names.get(i, str(i)) if isinstance(i, int) else str(i)

    def _unknown_field(self, field, lay, private=False):
        r = self.rng
        idc, critc, valc = lay
        if private:
            if r.random() < 0.7:
                i = ("local", r.choice([0, 1, 255, 256, 65535, r.randrange(65536)]))
            else:
                i = ("global", self._oid())
        else:
            i = r.choice(self.unused_ids[:8] + [r.choice(self.unused_ids)])
        crit = r.choice(list(field._cont[critc]._root))
        return {idc: i, critc: crit, valc: ("_unk_004", self._octets(1, 20))}

    def _seq_of(self, obj, site, depth):
        r = self.rng
        item = obj._cont
        lay = field_layout(item)
        if lay is not None:
            return self._ie_list(obj, item, lay, site, depth)
        cap = self.size_cap if depth < 6 else 2
        if self._minimal(depth):
            cap = 0
        n = self._pick_int(obj._const_sz, site, "size-bound", 8, cap=cap)
        return [self.value(item, site + "[]", depth + 1) for _ in range(n)]

    def _ie_list(self, obj, item, lay, site, depth):
        """A container of IEs (ProtocolIE-Container, ProtocolExtensionContainer,
        PrivateIE-Container) or a list of single-IE containers (E-RAB lists)."""
        r = self.rng
        idc, critc, valc = lay
        rows = table_rows(item, valc)
        lb, ub, _, _ = _set_bounds(obj._const_sz) if obj._const_sz is not None else (0, None, 0, 0)
        private = item._cont[idc].TYPE == "CHOICE"
        minimal = self._minimal(depth)
        out = []
        if is_single_container_list(obj):
            cap = self.size_cap if depth < 6 else 2
            n = self._pick_int(obj._const_sz, site, "size-bound", 8, cap=0 if minimal else cap)
            for _ in range(n):
                if rows and (r.random() > 0.03 or minimal):
                    out.append(self._seq(item, site, depth + 1, row=r.choice(rows)))
                else:
                    out.append(self._unknown_field(item, lay))
                    self.cov.offer("unknown", site, ["IE"], "IE")
            return out
        for row in rows:
            pres = row.get("presence", "optional")
            label = site + "/" + self._ie_label(row)
            if pres == "mandatory":
                present = True
                self.cov.offer("ie", label, ["present"], "present")
            else:
                present = not minimal and r.random() < 0.5
                self.cov.offer("ie", label, ["present", "absent"], "present" if present else "absent")
            if present:
                out.append(self._seq(item, site, depth + 1, row=row))
        if not minimal and r.random() < 0.08:
            for _ in range(r.choice([1, 1, 2])):
                out.insert(r.randrange(len(out) + 1), self._unknown_field(item, lay, private))
            if r.random() < 0.3 and out:
                # the same unknown id twice: keyhop shows an array
                u = self._unknown_field(item, lay, private)
                out += [u, dict(u)]
            self.cov.offer("unknown", site, ["IE"], "IE")
        while len(out) < (lb or 0):
            out.append(self._unknown_field(item, lay, private))
        if ub is not None:
            del out[ub:]
        if not minimal and r.random() < 0.05:
            r.shuffle(out)
        return out


# ---------------------------------------------------------------------------------------------
# pycrate value -> keyhop JSON


class IEMap(dict):
    """An object keyed by IE names; key order is wire order and is compared."""


def bit_string_json(obj, val, name):
    v, n = val
    if name in IDENTIFIER_BIT_STRINGS or typename(obj) in IDENTIFIER_BIT_STRINGS:
        # A variable-size identifier keeps its bit count when it is not the least that holds
        # the value within the constraint (keyhop's BitIdVar, docs/json.md Re-encoding).
        c = getattr(obj, "_const_sz", None)
        lb = getattr(c.root[0], "lb", None) if c is not None and c.root else None
        ub = getattr(c.root[0], "ub", None) if c is not None and c.root else None
        if lb is not None and lb != ub and n != max(lb, v.bit_length()):
            return {"bits": n, "value": v}
        return v
    nbytes = (n + 7) // 8
    data = (v << (nbytes * 8 - n)).to_bytes(nbytes, "big") if n else b""
    if n % 8 == 0:
        return data.hex()
    return {"bits": n, "value": data.hex()}


class Converter:
    def __init__(self, pdu_obj, id_names_map):
        self.pdu = pdu_obj
        self.id_names = id_names_map

    def pdu_json(self, val, hint):
        """S1AP-PDU / X2AP-PDU value -> keyhop's per-PDU object."""
        kind, body = val
        inner = self.pdu._cont[kind]
        idc, critc, valc = field_layout(inner)
        code = body[idc]
        rows = {row[idc]: row for row in table_rows(inner, valc)}
        tab_id = inner._cont[valc]._const_tab_id
        row = rows.get(code)
        out = IEMap()
        if row is None or tab_id not in row:
            out["message"] = "unknown"
            out["procedure_code"] = code
            out["pdu_type"] = snake(kind)
            out["criticality"] = snake(body[critc])
            out["value"] = body[valc][1].hex()
            return out
        mtype = row[tab_id]
        out["message"] = typename(mtype) or body[valc][0]
        out["procedure_code"] = code
        out["pdu_type"] = snake(kind)
        out["criticality"] = snake(body[critc])
        mval = body[valc][1]
        for name, comp in mtype._cont.items():
            if name not in mval:
                continue
            if comp.TYPE == "SEQUENCE OF" and field_layout(comp._cont) is not None:
                # the message's IEs are shown at the top level, in wire order
                out.update(self.ie_container(comp, mval[name], hint))
            else:
                out[snake(name)] = self.value(comp, mval[name], (hint or {}).get(snake(name)))
        unk = self._unknown_additions(mval)
        if unk:
            out["extension_additions"] = unk
        return out

    @staticmethod
    def _unknown_additions(val):
        ks = sorted((k for k in val if k.startswith("_ext_")), key=lambda k: int(k[5:]))
        return [val[k].hex() for k in ks]

    def raw_octets(self, t, v):
        if isinstance(t, str) and t.startswith("_unk_"):
            return v
        # decoded unknown additions are numbered from 0, the encoder wants them from 1
        t.set_val(fix_unknown_extension_indexes(v))
        return _open_octets(t.to_aper())

    def ie_container(self, seqof, items, hint):
        return self.ie_fields(seqof._cont, items, hint)

    def ie_fields(self, item, items, hint):
        idc, critc, valc = field_layout(item)
        rows = {row[idc]: row for row in table_rows(item, valc)}
        tab_id = item._cont[valc]._const_tab_id
        hint = hint if isinstance(hint, dict) else {}
        out = IEMap()
        seen = {}
        for it in items:
            i, crit, (tn, v) = it[idc], it[critc], it[valc]
            if isinstance(i, tuple):  # PrivateIE-ID
                key = "ie_%d" % i[1] if i[0] == "local" else "ie_" + ".".join(map(str, i[1]))
            else:
                key = "ie_%d" % i
            row = rows.get(i) if not isinstance(i, tuple) else None
            occurrence = seen.get(key, 0)
            typed = row is not None and not (isinstance(tn, str) and tn.startswith("_unk_"))
            name = ie_name(self.id_names.get(i, "id-%s" % i)) if typed else key
            if typed and key in hint:
                typed, name = False, key
            if typed:
                # keyhop shows a repeated IE as an array: only then is the hint one per occurrence
                # (an IE whose value is a SEQUENCE OF is an array too, and is not split)
                repeated = sum(1 for x in items if x[idc] == i) > 1
                h = _nth(hint.get(name), occurrence) if repeated else hint.get(name)
                j = self.value(row[tab_id], v, h)
            else:
                if isinstance(tn, str) and tn.startswith("_unk_"):
                    octets = v
                else:
                    octets = self.raw_octets(row[tab_id] if row is not None else tn, v)
                j = {"criticality": snake(crit), "value": octets.hex()}
            seen[key] = occurrence + 1
            if name in out:
                if not isinstance(out[name], _Multi):
                    out[name] = _Multi([out[name]])
                out[name].append(j)
            else:
                out[name] = j
        return IEMap((k, list(v) if isinstance(v, _Multi) else v) for k, v in out.items())

    def value(self, obj, val, hint=None, name=None):
        T = obj.TYPE
        if T in ("INTEGER", "BOOLEAN"):
            return val
        if T == "NULL":
            return None
        if T == "ENUMERATED":
            if val.startswith("_ext_") and val not in obj._cont:
                return "unknown(%s)" % val[5:]
            return snake(val)
        if T == "BIT STRING":
            return bit_string_json(obj, val, name or obj._name)
        if T == "OCTET STRING":
            return val.hex()
        if T == "OBJECT IDENTIFIER":
            return ".".join(map(str, val))
        if T.endswith("String"):
            return val
        if T == "CHOICE":
            alt, av = val
            if alt.startswith("_ext_") and alt not in obj._cont:
                return {"unknown(%s)" % alt[5:]: av.hex()}
            k = snake(alt)
            return {k: self.value(obj._cont[alt], av, (hint or {}).get(k) if isinstance(hint, dict) else None, alt)}
        if T == "SEQUENCE":
            if field_layout(obj) is not None:
                return self.ie_fields(obj, [val], hint)
            out = {}
            h = hint if isinstance(hint, dict) else {}
            for cname, comp in obj._cont.items():
                if cname not in val:
                    continue
                k = snake(cname)
                if comp.TYPE == "SEQUENCE OF" and field_layout(comp._cont) is not None \
                        and not is_single_container_list(comp):
                    out[k] = self.ie_container(comp, val[cname], h.get(k))
                else:
                    out[k] = self.value(comp, val[cname], h.get(k), cname)
            unk = self._unknown_additions(val)
            if unk:
                out["extension_additions"] = unk
            return out
        if T == "SEQUENCE OF":
            item = obj._cont
            h = hint if isinstance(hint, list) else []
            if field_layout(item) is not None and not is_single_container_list(obj):
                # a ProtocolIE-Container as a value (X2AP EN-DC X2 Setup's node types): its
                # IEs keyed by name, as a message's
                return self.ie_container(obj, val, hint)
            if field_layout(item) is not None:
                return [self.ie_container(obj, [x], _nth(h, i)) for i, x in enumerate(val)]
            return [self.value(item, x, _nth(h, i)) for i, x in enumerate(val)]
        raise NotImplementedError("type %s" % T)


class _Multi(list):
    pass


def _nth(h, i):
    if isinstance(h, list):
        return h[i] if i < len(h) else None
    return h if i == 0 else None


# ---------------------------------------------------------------------------------------------
# comparison


# keyhop's readable values beside the wire value (docs/json.md "Readable values"): a key of
# keyhop's that pycrate lacks is one of these only when its wire twin is in the same object.
READABLE_TWINS = {
    "plmn": "plmn_identity",
    "enb": "enb_id",
    "ecgi": "plmn_identity",
    "eea": "encryption_algorithms",
    "eia": "integrity_protection_algorithms",
}


# What keyhop adds for re-encoding (docs/json.md, Re-encoding): the wire layout of an IE list,
# absent extension additions, an item's criticality where it is not the ASN.1's. The values are
# compared here; that these keys are right is what the round trips through keyhop's encoder
# check (python/tests/test_encode.py, tests/tests/json_round_trip.rs): pycrate's octets back.
REENCODING_KEYS = {"ie_layout", "extension_additions_present", "criticality"}


def readable_addition(k, b):
    if k in REENCODING_KEYS:
        return True
    twin = READABLE_TWINS.get(k) or (k[:-3] if k.endswith("_ip") else None)
    return twin is not None and twin in b


def diff(a, b, path="$", out=None):
    """Differences between expected (pycrate) a and keyhop's b: [(path, a, b)]."""
    if out is None:
        out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                out.append((path + "." + k, a[k], "<missing>"))
            else:
                diff(a[k], b[k], path + "." + k, out)
        for k in b:
            if k not in a and not readable_addition(k, b):
                out.append((path + "." + k, "<missing>", b[k]))
        if isinstance(a, IEMap):
            ka, kb = [k for k in a if k in b], [k for k in b if k in a]
            if ka != kb:
                out.append((path + " (key order)", ka, kb))
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append((path + " (length)", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif type(a) is bool or type(b) is bool:
        if a is not b:
            out.append((path, a, b))
    elif a != b or (a is None) != (b is None):
        out.append((path, a, b))
    return out


def fix_unknown_extension_indexes(v):
    """pycrate decodes unknown extension additions as `_ext_<i>` counting from 0 but encodes
    `_ext_<i>` counting from 1: shift so that decode-then-encode is exact."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k.startswith("_ext_") and isinstance(x, (bytes, bytearray)):
                out["_ext_%d" % (int(k[5:]) + 1)] = x
            else:
                out[k] = fix_unknown_extension_indexes(x)
        return out
    if isinstance(v, list):
        return [fix_unknown_extension_indexes(x) for x in v]
    if isinstance(v, tuple):
        return tuple(fix_unknown_extension_indexes(x) for x in v)
    return v


# ---------------------------------------------------------------------------------------------
# names table


def collect_names(pdu_obj, messages, id_names_map):
    """Every identifier reachable from the given messages: [(asn1 name, keyhop name)]."""
    names = set()
    seen = set()

    def walk(obj, depth=0):
        key = id(obj)
        if key in seen or depth > 60:
            return
        seen.add(key)
        T = obj.TYPE
        if T == "ENUMERATED":
            names.update(list(obj._root) + list(obj._ext or []))
        elif T in ("CHOICE", "SEQUENCE"):
            lay = field_layout(obj) if T == "SEQUENCE" else None
            if lay is not None:
                idc, _, valc = lay
                for row in table_rows(obj, valc):
                    if isinstance(row.get(idc), int) and row[idc] in id_names_map:
                        names.add(("ie", id_names_map[row[idc]]))
                    walk(row[obj._cont[valc]._const_tab_id], depth + 1)
                walk(obj._cont[lay[1]], depth + 1)
                return
            for n, c in obj._cont.items():
                names.add(n)
                walk(c, depth + 1)
        elif T == "SEQUENCE OF":
            walk(obj._cont, depth + 1)

    names.update(pdu_obj._cont)  # pdu_type values
    for _message, m in messages:
        walk(m)
    out = []
    for n in names:
        if isinstance(n, tuple):
            out.append((n[1], ie_name(n[1])))
        else:
            out.append((n, snake(n)))
    return sorted(set(out), key=lambda x: (x[0].lower(), x[0]))


# ---------------------------------------------------------------------------------------------
# command line


class Protocol:
    """One protocol: its PDU type, message list and tables."""

    def __init__(self, name, pdu_obj, constants_prefix, messages):
        self.name = name
        self.pdu = pdu_obj
        self.id_names = id_names(constants_prefix)
        self.messages = messages
        self.index = {}  # message name -> (pdu alternative, procedure row)
        for kind, inner in pdu_obj._cont.items():
            idc, critc, valc = field_layout(inner)
            tab_id = inner._cont[valc]._const_tab_id
            for row in table_rows(inner, valc):
                t = row.get(tab_id)
                if t is not None:
                    self.index.setdefault(typename(t), (kind, row, tab_id))
        missing = [m for m in messages if m not in self.index]
        if missing:
            raise SystemExit("%s: messages not in the ASN.1: %s" % (name, missing))

    def generate(self, gen, message):
        kind, row, tab_id = self.index[message]
        inner = self.pdu._cont[kind]
        idc, critc, valc = field_layout(inner)
        gen.nodes = 0
        crit = row["criticality"]
        if gen.rng.random() < 0.1:
            crit = gen.rng.choice(list(inner._cont[critc]._root))
        mtype = row[tab_id]
        body = gen.value(mtype, message)
        return (kind, {idc: row[idc], critc: crit, valc: (mtype, body)})


def roundtrips(pdu, b):
    try:
        pdu.from_aper(b)
        back = fix_unknown_extension_indexes(pdu.get_val())
        pdu.set_val(back)
        return pdu.to_aper() == b
    except Exception:
        return False


def cmd_gen(proto, args):
    rng = random.Random(args.seed)
    cov = Coverage()
    gen = Generator(rng, cov, proto.id_names)
    messages = args.message or proto.messages
    out = sys.stdout
    for m in messages:
        if m not in proto.index:
            raise SystemExit("unknown message %r" % m)
    rejected = 0
    for m in messages:
        for _ in range(args.count):
            b, tries = None, 0
            while b is None:
                # pycrate 0.8 mis-decodes some unknown extension additions (its bitmap offset
                # tracking): keep only PDUs it reads back exactly, else the reference is wrong.
                gen.unknowns = tries < 2
                v = proto.generate(gen, m)
                proto.pdu.set_val(v)
                b = proto.pdu.to_aper()
                if not roundtrips(proto.pdu, b):
                    rejected += 1
                    tries += 1
                    if tries > 6:
                        raise SystemExit("pycrate does not round-trip its own %s: %s" % (m, b.hex()))
                    b = None
            out.write(json.dumps({"message": m, "hex": b.hex()}) + "\n")
    sys.stderr.write("%d PDUs; %d drafts dropped because pycrate does not read them back exactly\n"
                     % (len(messages) * args.count, rejected))
    cov.report(sys.stderr, verbose=args.verbose)


def cmd_check(proto, args):
    conv = Converter(proto.pdu, proto.id_names)
    passed = failed = 0
    for lineno, line in enumerate(sys.stdin, 1):
        line = line.strip()
        if not line:
            continue
        problems = []
        hexs = None
        try:
            rec = json.loads(line)
            hexs = rec["hex"].lower()
            keyhop = rec.get("keyhop")
            data = bytes.fromhex(hexs)
        except Exception as e:  # a broken input line is a failure, not a crash
            problems.append(("$", "input line %d is not {\"hex\", \"keyhop\"}" % lineno, str(e)))
            keyhop = None
            data = None
        if data is not None:
            try:
                proto.pdu.from_aper(data)
                val = proto.pdu.get_val()
            except Exception as e:
                problems.append(("$", "pycrate cannot decode", str(e)))
                val = None
            if val is not None:
                try:
                    proto.pdu.set_val(fix_unknown_extension_indexes(val))
                    again = proto.pdu.to_aper()
                    if again != data:
                        problems.append(("$ (re-encode)", data.hex(), again.hex()))
                except Exception as e:
                    problems.append(("$ (re-encode)", "pycrate cannot re-encode", str(e)))
                if not isinstance(keyhop, dict):
                    problems.append(("$", "a keyhop object", keyhop))
                elif "error" in keyhop:
                    problems.append(("$.error", "<none>", keyhop["error"]))
                else:
                    k = IEMap((key, x) for key, x in keyhop.items() if key not in ENVELOPE)
                    try:
                        expected = conv.pdu_json(val, k)
                        problems += diff(expected, k)
                    except Exception as e:
                        problems.append(("$", "converter failed", repr(e)))
        res = {"line": lineno, "message": (keyhop or {}).get("message") if isinstance(keyhop, dict) else None,
               "ok": not problems}
        if problems:
            failed += 1
            res["hex"] = hexs
            res["diffs"] = [{"path": p, "pycrate": a, "keyhop": b} for p, a, b in problems]
        else:
            passed += 1
        sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.write("%d passed, %d failed\n" % (passed, failed))
    sys.stdout.flush()
    return 1 if failed or passed == 0 else 0


def cmd_decode(proto, args):
    """Reference output: pycrate's view of each input hex in keyhop's JSON form (no hint:
    every IE pycrate knows is typed).  Useful to write keyhop's expected outputs."""
    conv = Converter(proto.pdu, proto.id_names)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        proto.pdu.from_aper(bytes.fromhex(rec["hex"]))
        rec["pycrate"] = conv.pdu_json(proto.pdu.get_val(), None)
        sys.stdout.write(json.dumps(rec) + "\n")
    return 0


def cmd_names(proto, args):
    pairs = collect_names(proto.pdu, [(m, proto.index[m][1][proto.index[m][2]]) for m in proto.messages],
                          proto.id_names)
    f = open(args.output, "w") if args.output else sys.stdout
    f.write("# asn1_name\tkeyhop_name  (generated by tests/interop/%s_pycrate.py names)\n" % proto.name)
    for a, k in pairs:
        f.write("%s\t%s\n" % (a, k))
    if args.output:
        f.close()
    return 0


def main(proto_factory, argv=None):
    import argparse

    p = argparse.ArgumentParser(description="pycrate reference for keyhop (JSON Lines on stdin/stdout)")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen", help="random PDUs: {\"message\", \"hex\"} per line; coverage on stderr")
    g.add_argument("--count", type=int, default=200, help="PDUs per message (default 200)")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--message", action="append", help="only this message (repeatable)")
    g.add_argument("--verbose", action="store_true", help="list every missed coverage outcome")
    sub.add_parser("check", help="compare {\"hex\", \"keyhop\"} lines with pycrate")
    sub.add_parser("decode", help="pycrate's view of {\"hex\"} lines in keyhop's JSON form")
    n = sub.add_parser("names", help="asn1 name -> keyhop name table (TSV)")
    n.add_argument("--output")
    args = p.parse_args(argv)
    proto = proto_factory()
    rc = {"gen": cmd_gen, "check": cmd_check, "decode": cmd_decode, "names": cmd_names}[args.cmd](proto, args)
    sys.exit(rc or 0)
