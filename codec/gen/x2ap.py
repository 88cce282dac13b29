#!/usr/bin/env python3
"""Writes codec/src/x2ap/ies.rs: keyhop's X2AP IE types, from the TS 36.423 ASN.1 as pycrate
compiled it (pycrate_asn1dir.X2AP, Rel-16), so that constraints, extension markers, optionality
and IE ids are those of the ASN.1 and nothing is typed by hand twice.

    x2ap.py > codec/src/x2ap/ies.rs     (codec/gen/regen.sh runs it, then rustfmt)

Every IE of the messages in TYPED is typed when its whole type can be (see `Gen.rust`): a type
the generator cannot express (a SEQUENCE with known extension additions, ...) leaves that IE as
octets, which the envelope keeps and re-encodes unchanged. JSON names follow keyhop_names.snake.
"""

import os
import sys

# The naming rule and the ASN.1 table walkers are shared with the interoperability tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/interop"))

from aper_random import field_layout, table_rows, typename, id_names, _set_bounds, IDENTIFIER_BIT_STRINGS  # noqa: E402
from keyhop_names import snake, ie_name  # noqa: E402

TYPED = [
    "HandoverRequest", "HandoverRequestAcknowledge", "HandoverPreparationFailure",
    "SNStatusTransfer", "UEContextRelease", "HandoverCancel", "HandoverReport", "X2SetupRequest",
    "X2SetupResponse", "X2SetupFailure", "ENBConfigurationUpdate",
    "ENBConfigurationUpdateAcknowledge", "ENBConfigurationUpdateFailure",
]

# IE enum variants whose value is over 48 octets (std::mem::size_of, see the test
# ie_enum_stays_small in x2ap/mod.rs): boxed, so that X2apIe stays small. Every IE value is moved
# into its list after decoding; with these inline the enum was 400 octets (592 before the
# iE-Extensions were boxed) and each move a memcpy of that size, for every IE.
BOXED = {"UeContextInformation", "SubscriptionBasedUeDifferentiationInfo", "TraceActivation",
         "UeContextReferenceAtWt", "UeContextReferenceAtSenb", "GummeiId",
         "UeContextReferenceAtSgnb", "NrUeSecurityCapabilities", "ExpectedUeBehaviour",
         "ChoInformationAck", "GlobalEnbId", "CriticalityDiagnostics", "ChoInformationReq",
         "Pc5QosParameters"}

# ASN.1 types with a hand-written or shared Rust type.
SHARED = {
    "ENB-ID": "EnbId<'a>",
    "GlobalENB-ID": "GlobalEnbId<'a, X2apIe<'a>>",
    "ECGI": "Ecgi<'a, X2apIe<'a>>",
    "UESecurityCapabilities": "UeSecurityCapabilities<'a, X2apIe<'a>>",
    "PLMN-Identity": "PlmnIdentity<'a>",
    "Key-eNodeB-Star": "KeyBits<'a, 256>",
    # INTEGER (1..30|40|50|60|80|100|120|150|180|181, ...): a value set, see x2ap::ExpectedPeriod
    "ExpectedActivityPeriod": "ExpectedPeriod",
    "ExpectedIdlePeriod": "ExpectedPeriod",
}

# Rust names that would clash with keyhop's own types.
RENAME = {"Criticality": "CriticalityValue"}

KEYWORDS = {"type", "mod", "ref", "match", "fn", "use", "impl", "in", "loop", "move", "self", "super",
            "static", "struct", "trait", "true", "false", "where", "while", "as", "box", "break",
            "const", "continue", "crate", "else", "enum", "extern", "for", "if", "let", "mut", "pub",
            "return", "unsafe", "async", "await", "dyn", "abstract", "become", "do", "final", "macro",
            "override", "priv", "typeof", "unsized", "virtual", "yield", "try"}


class Untypeable(Exception):
    pass


def camel(name):
    """Rust type / variant name: the snake_case JSON name in CamelCase (`UE-ContextInformation`
    -> `UeContextInformation`)."""
    out = ""
    for part in snake(name).split("_"):
        if part:
            out += part[0].upper() + part[1:]
    return out


def field(name):
    f = snake(name)
    return "r#" + f if f in KEYWORDS else f


def ub_str(ub):
    return "{ usize::MAX }" if ub is None else str(ub)


def rust_bool(b):
    return "true" if b else "false"


class Gen:
    def __init__(self):
        self.defs = {}  # rust name -> text
        self.order = []
        self.busy = set()
        self.bad = {}  # rust name -> reason
        self.ids = id_names("X2AP")
        self.names = {}

    def rust(self, obj, ctx_name, comp=None):
        """The Rust type of pycrate object `obj` (defining it if needed)."""
        tn = typename(obj)
        if tn in SHARED:
            return SHARED[tn]
        name = camel(tn) if tn else camel(ctx_name)
        name = RENAME.get(name, name)
        if name in self.names and self.names[name] != (tn or ctx_name):
            name += "X"
        self.names.setdefault(name, tn or ctx_name)
        T = obj.TYPE
        if T == "INTEGER":
            c = obj._const_val
            if c is None:
                raise Untypeable("unconstrained INTEGER " + name)
            lb, ub, ext, _ = _set_bounds(c)
            if lb is None or ub is None:
                raise Untypeable("semi-constrained INTEGER " + name)
            return "Int<%d, %d, %s>" % (lb, ub, rust_bool(ext))
        if T == "BOOLEAN":
            return "bool"
        if T == "NULL":
            return "Null"
        if T == "BIT STRING":
            c = obj._const_sz
            lb, ub, ext, _ = _set_bounds(c) if c is not None else (0, None, False, [])
            if (comp in IDENTIFIER_BIT_STRINGS or tn in IDENTIFIER_BIT_STRINGS) and not ext:
                if lb == ub:
                    return "BitId<%d>" % lb
                return "BitIdVar<%d, %d>" % (lb, ub)
            if obj._const_cont is not None:
                raise Untypeable("BIT STRING CONTAINING " + name)
            return "BitStr<'a, %d, %s, %s>" % (lb or 0, ub_str(ub), rust_bool(ext))
        if T == "OCTET STRING":
            c = obj._const_sz
            lb, ub, ext, _ = _set_bounds(c) if c is not None else (0, None, False, [])
            return "OctetStr<'a, %d, %s, %s>" % (lb or 0, ub_str(ub), rust_bool(ext))
        if T == "PrintableString":
            c = obj._const_sz
            lb, ub, ext, _ = _set_bounds(c) if c is not None else (0, None, False, [])
            return "PrintableStr<'a, %d, %s, %s>" % (lb or 0, ub_str(ub), rust_bool(ext))
        if T == "SEQUENCE OF":
            item = obj._cont
            c = obj._const_sz
            lb, ub, ext, _ = _set_bounds(c) if c is not None else (0, None, False, [])
            lay = field_layout(item)
            if lay is not None:
                rows = table_rows(item, lay[2])
                if len(rows) != 1 or ext or ub is None:
                    raise Untypeable("single-container list %s" % name)
                row = rows[0]
                vt = row[item._cont[lay[2]]._const_tab_id]
                inner = self.rust(vt, typename(vt) or name + "Item")
                return "ItemList<'a, X2apIe<'a>, %s, %d, %d, %d>" % (inner, row["id"], lb, ub)
            inner = self.rust(item, name + "Item")
            return "SeqOf<%s, %d, %s, %s>" % (inner, lb or 0, ub_str(ub), rust_bool(ext))
        if T in ("SEQUENCE", "CHOICE", "ENUMERATED"):
            if name in self.bad:
                raise Untypeable(self.bad[name])
            if name not in self.defs and name not in self.busy:
                self.busy.add(name)
                try:
                    text = {"SEQUENCE": self.seq, "CHOICE": self.choice, "ENUMERATED": self.enum}[T](obj, name, tn)
                except Untypeable as e:
                    self.bad[name] = str(e)
                    raise
                finally:
                    self.busy.discard(name)
                self.defs[name] = text
                self.order.append(name)
            return name if T == "ENUMERATED" else name + "<'a>"
        raise Untypeable("%s of type %s" % (name, T))

    def doc(self, tn, name):
        return "    /// %s (TS 36.423)." % (tn or name)

    def enum(self, obj, name, tn):
        root = list(obj._root)
        ext = obj._ext
        lines = ["aper_enum! {", self.doc(tn, name), "    pub enum %s {" % name,
                 "        extensible: %s," % rust_bool(ext is not None), "        root: ["]
        used = set()
        def var(v):
            n = camel(v)
            if not n or not n[0].isalpha():
                n = "V" + n
            while n in used:
                n += "X"
            used.add(n)
            return n
        for v in root:
            lines.append("            /// %s" % v)
            lines.append('            %s = "%s",' % (var(v), snake(v)))
        lines.append("        ],")
        lines.append("        additions: [")
        for v in ext or []:
            lines.append("            /// %s" % v)
            lines.append('            %s = "%s",' % (var(v), snake(v)))
        lines.append("        ],")
        lines.append("    }")
        lines.append("}")
        return "\n".join(lines)

    def choice(self, obj, name, tn):
        lines = ["aper_choice! {", self.doc(tn, name), "    pub enum %s<'a> {" % name,
                 "        extensible: %s," % rust_bool(obj._ext is not None), "        root: ["]
        for group, names in (("root", list(obj._root)), ("additions", list(obj._ext or []))):
            if group == "additions":
                lines.append("        ],")
                lines.append("        additions: [")
            for alt in names:
                a = obj._cont[alt]
                if a.TYPE == "SEQUENCE" and typename(a) == "ProtocolIE-Single-Container":
                    raise Untypeable("choice-extension in " + name)
                t = self.rust(a, name + camel(alt), alt)
                lines.append("            /// %s" % alt)
                lines.append('            %s(%s) = "%s",' % (camel(alt), t, snake(alt)))
        lines.append("        ],")
        lines.append("    }")
        lines.append("}")
        return "\n".join(lines)

    def seq(self, obj, name, tn):
        if obj._ext is None:
            raise Untypeable("SEQUENCE without extension marker: " + name)
        if obj._ext:
            raise Untypeable("SEQUENCE with known extension additions: " + name)
        opt = set(obj._root_opt or [])
        lines = ["aper_sequence! {", self.doc(tn, name), "    pub struct %s<'a> {" % name]
        for comp in obj._root:
            c = obj._cont[comp]
            if typename(c) == "ProtocolExtensionContainer":
                kind, t = "Ext", "IeList<'a, X2apIe<'a>>"
            else:
                kind = "Opt" if comp in opt else "Req"
                t = self.rust(c, name + camel(comp), comp)
            if comp in opt and kind == "Req":
                kind = "Opt"
            lines.append("        /// %s" % comp)
            lines.append("        %s %s: %s," % (kind, field(comp), t))
        lines.append("    }")
        lines.append("}")
        return "\n".join(lines)


def main():
    from pycrate_asn1dir import X2AP

    pdu = X2AP.X2AP_PDU_Descriptions.X2AP_PDU
    g = Gen()
    messages = {}  # procedure code, kind -> (message name, criticality)
    typed_msgs = {}
    for kind, inner in pdu._cont.items():
        idc, critc, valc = field_layout(inner)
        tab_id = inner._cont[valc]._const_tab_id
        for row in table_rows(inner, valc):
            t = row.get(tab_id)
            if t is None:
                continue
            mname = typename(t)
            messages[(row["procedureCode"], kind)] = (mname, row["criticality"])
            if mname in TYPED:
                typed_msgs[mname] = t

    ies = {}  # id -> (rust type, asn1 type name)
    skipped = {}
    msg_rows = {}
    for mname in TYPED:
        t = typed_msgs[mname]
        cont = t._cont["protocolIEs"]
        item = cont._cont
        lay = field_layout(item)
        rows = table_rows(item, lay[2])
        msg_rows[mname] = []
        for row in rows:
            vt = row[item._cont[lay[2]]._const_tab_id]
            i = row["id"]
            msg_rows[mname].append((i, row["criticality"], row["presence"]))
            if i in ies or i in skipped:
                continue
            try:
                rt = g.rust(vt, typename(vt) or camel(g.ids[i][3:]))
                ies[i] = (rt, typename(vt))
            except Untypeable as e:
                skipped[i] = str(e)

    # An IE id names one type wherever it occurs (also in extension containers): check.
    seen_types = {}
    for modname in ("X2AP_PDU_Contents", "X2AP_IEs"):
        mod = getattr(X2AP, modname)
        for oname in mod._all_:
            o = oname
            if getattr(o, "TYPE", None) != "CLASS" or not hasattr(o, "_val") or o._val is None:
                continue
            for row in list(o._val.root or []) + list(o._val.ext or []):
                if not isinstance(row, dict) or "id" not in row:
                    continue
                for k in ("Value", "Extension"):
                    if k in row and row["id"] in ies:
                        seen_types.setdefault(row["id"], set()).add(typename(row[k]))
    for i, ts in seen_types.items():
        if len(ts) > 1:
            sys.stderr.write("IE %d has several types %s: left as octets\n" % (i, ts))
            skipped[i] = "several types"
            del ies[i]

    out = sys.stdout
    w = out.write
    w("// @generated by codec/gen/x2ap.py from the TS 36.423 Rel-16 ASN.1 (pycrate); do not edit.\n")
    w("// Regenerate with codec/gen/regen.sh: the constraints and names come from the ASN.1.\n")
    w("//! X2AP IE types (TS 36.423) and the tables of IE ids, names and procedures.\n")
    w("#![allow(clippy::upper_case_acronyms)]\n\n")
    w("use super::{ExpectedPeriod, X2apIe};\n")
    w("use crate::ap::common::*;\n")
    w("use crate::ap::{IeList, PduType};\n")
    w("use crate::{aper_choice, aper_enum, aper_sequence};\n\n")
    for name in g.order:
        w(g.defs[name] + "\n\n")

    w("/// The typed top-level IEs: (id, variant name, JSON name).\n")
    w("macro_rules! x2ap_typed_ies {\n    ($m:ident) => {\n        $m! {\n")
    variants = set()
    for i in sorted(ies):
        rt, tn = ies[i]
        var = camel(g.ids[i][3:])
        variants.add(var)
        if var in BOXED:
            rt = "Box<%s>" % rt
        w("            %d => %s(%s) = \"%s\",\n" % (i, var, rt, ie_name(g.ids[i])))
    if BOXED - variants:
        raise SystemExit("BOXED names no variant: %s" % sorted(BOXED - variants))
    w("        }\n    };\n}\npub(crate) use x2ap_typed_ies;\n\n")

    w("/// JSON name of every X2AP IE id of the ASN.1 (docs/json.md), plus the MAKR IE 60004.\n")
    w("pub fn ie_name(id: u16) -> Option<&'static str> {\n    Some(match id {\n")
    for i in sorted(g.ids):
        w("        %d => \"%s\",\n" % (i, ie_name(g.ids[i])))
    w("        60004 => \"wrapped_kenb\",\n")
    w("        _ => return None,\n    })\n}\n\n")

    w("/// The message of each procedure and PDU type, with the procedure's criticality.\n")
    w("pub fn message(\n    procedure_code: u8,\n    pdu_type: PduType,\n) -> Option<(&'static str, crate::ap::Criticality)> {\n")
    w("    use crate::ap::Criticality::*;\n    use PduType::*;\n    Some(match (procedure_code, pdu_type) {\n")
    kinds = {"initiatingMessage": "InitiatingMessage", "successfulOutcome": "SuccessfulOutcome",
             "unsuccessfulOutcome": "UnsuccessfulOutcome"}
    for (code, kind) in sorted(messages):
        mname, crit = messages[(code, kind)]
        w("        (%d, %s) => (\"%s\", %s),\n" % (code, kinds[kind], mname, camel(crit)))
    w("        _ => return None,\n    })\n}\n\n")

    w("/// The IEs of each typed message: (id, criticality, mandatory), in ASN.1 order.\n")
    w("pub fn message_ies(message: &str) -> &'static [(u16, crate::ap::Criticality, bool)] {\n")
    w("    use crate::ap::Criticality::*;\n    match message {\n")
    for mname in TYPED:
        items = ", ".join("(%d, %s, %s)" % (i, camel(c), rust_bool(p == "mandatory")) for i, c, p in msg_rows[mname])
        w("        \"%s\" => &[%s],\n" % (mname, items))
    w("        _ => &[],\n    }\n}\n")

    for i, why in sorted(skipped.items()):
        sys.stderr.write("IE %d %s left as octets: %s\n" % (i, g.ids.get(i), why))
    sys.stderr.write("%d IE ids typed, %d types\n" % (len(ies), len(g.order)))


if __name__ == "__main__":
    main()
