#!/usr/bin/env python3
"""Every IE and field of S1AP (TS 36.413) and X2AP (TS 36.423) whose type is key material, from
the ASN.1 modules pycrate ships compiled.

    key_fields.py [--output tests/interop/key_fields.tsv]

Key material is a BIT STRING (SIZE (256)): SecurityKey (KeNB, and the NH of SecurityContext),
Key-eNodeB-Star, SeNBSecurityKey, SgNBSecurityKey... whatever a later release names it. Every
ProtocolIE and ProtocolExtension class set of the modules is walked: for each (id, value type)
the components are followed through SEQUENCE, CHOICE and SEQUENCE OF down to such a BIT STRING,
stopping at nested IE / extension containers (their IEs have rows of their own). One row per
(protocol, id, path): `protocol  kind  id  path  type  message  json`, path being the ASN.1
component names from the IE value (`-` for the value itself), type the key type's name, message
the first message (in procedure code order) whose IEs include the id (`-` for an extension IE),
json the key's place in keyhop's JSON of that message (docs/json.md naming).

codec/tests/key_fields.rs reads the committed table (tests/interop/key_fields.tsv) and checks
each key is typed and redacted; tests/tests/pycrate_key_fields.rs regenerates it and compares, so
an IE that a later ASN.1 adds is caught.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aper_random import field_layout, id_names, table_rows, typename  # noqa: E402
from keyhop_names import ie_name, snake  # noqa: E402

KEY_BITS = 256


def class_sets(module):
    """(kind, id, value type) of every IE / extension class set object in `module`."""
    for name in dir(module):
        obj = getattr(module, name)
        if getattr(obj, "TYPE", None) != "CLASS":
            continue
        val = getattr(obj, "_val", None)
        if val is None or not hasattr(val, "root"):
            continue
        for row in list(val.root) + list(val.ext or []):
            if not isinstance(row, dict) or "id" not in row:
                continue
            if "Value" in row:
                yield "ie", row["id"], row["Value"]
            elif "Extension" in row:
                yield "ext", row["id"], row["Extension"]


def is_container(obj):
    """A ProtocolIE-Container / ProtocolExtensionContainer (a SEQUENCE OF id/criticality/...)."""
    if obj.TYPE != "SEQUENCE OF":
        return False
    item = obj._cont
    return item.TYPE == "SEQUENCE" and "id" in item._cont and "criticality" in item._cont


def type_name(obj):
    ref = getattr(obj, "_typeref", None)
    if ref is not None and hasattr(ref, "called"):
        return ref.called[1]
    return obj._name


def is_key(obj):
    if obj.TYPE != "BIT STRING":
        return False
    c = obj._const_sz
    return c is not None and c.lb == KEY_BITS and c.ub == KEY_BITS


def walk(obj, path, out, depth=0):
    if depth > 40:
        return
    if is_key(obj):
        out.append((".".join(path) or "-", type_name(obj)))
        return
    if obj.TYPE in ("SEQUENCE", "SET", "CHOICE"):
        for name, comp in obj._cont.items():
            if is_container(comp):
                continue
            walk(comp, path + [name], out, depth + 1)
    elif obj.TYPE in ("SEQUENCE OF", "SET OF"):
        if not is_container(obj):
            walk(obj._cont, path + ["[]"], out, depth + 1)


def first_messages(pdu):
    """IE id -> the first message (procedure code, then PDU alternative order) carrying it."""
    out = {}
    msgs = []
    for k, (kind, inner) in enumerate(pdu._cont.items()):
        idc, critc, valc = field_layout(inner)
        tab_id = inner._cont[valc]._const_tab_id
        for row in table_rows(inner, valc):
            t = row.get(tab_id)
            if t is not None and "protocolIEs" in t._cont:
                msgs.append((row[idc], k, typename(t), t))
    for _code, _k, name, t in sorted(msgs, key=lambda m: (m[0], m[1])):
        item = t._cont["protocolIEs"]._cont
        lay = field_layout(item)
        for row in table_rows(item, lay[2]):
            out.setdefault(row["id"], name)
    return out


def rows():
    from pycrate_asn1dir import S1AP, X2AP

    found = set()
    for proto, pkg, pdu, prefix, mods in (
        ("s1ap", S1AP, S1AP.S1AP_PDU_Descriptions.S1AP_PDU, "S1AP",
         ("S1AP_PDU_Contents", "S1AP_IEs")),
        ("x2ap", X2AP, X2AP.X2AP_PDU_Descriptions.X2AP_PDU, "X2AP",
         ("X2AP_PDU_Contents", "X2AP_IEs")),
    ):
        ids = id_names(prefix)
        first = first_messages(pdu)
        for m in mods:
            for kind, ie_id, value in class_sets(getattr(pkg, m)):
                out = []
                walk(value, [], out)
                for path, tname in out:
                    msg = first.get(ie_id, "-") if kind == "ie" else "-"
                    json = ".".join([ie_name(ids[ie_id])] + [
                        p if p == "[]" else snake(p) for p in path.split(".") if p != "-"])
                    found.add((proto, kind, ie_id, path, tname, msg, json))
    return sorted(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output")
    args = ap.parse_args()
    f = open(args.output, "w") if args.output else sys.stdout
    f.write("# protocol\tkind\tid\tpath\ttype\tmessage\tjson"
            "  (generated by tests/interop/key_fields.py)\n")
    for row in rows():
        f.write("%s\t%s\t%d\t%s\t%s\t%s\t%s\n" % row)
    if args.output:
        f.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
