"""Generates codec/src/s1ap/{types,tables}.rs from pycrate's compiled TS 36.413 module.

Run: /tmp/venv/bin/python codec/src/s1ap/generate.py codec/src/s1ap  (needs pycrate and
tests/interop/keyhop_names.py for the naming rule), then cargo fmt."""
import sys, re, keyword
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "../../../tests/interop"))
from keyhop_names import snake, ie_name
from pycrate_asn1dir import S1AP

IES = S1AP.S1AP_IEs
C = S1AP.S1AP_Constants
P = S1AP.S1AP_PDU_Contents
D = S1AP.S1AP_PDU_Descriptions

IDENT_BITS = {"macroENB-ID", "homeENB-ID", "short-macroENB-ID", "long-macroENB-ID",
    "CellIdentity", "EUTRANCellIdentifier", "CSG-Id", "gNB-ID", "NRCellIdentifier",
    "NRCellIdentity", "eNB-ID", "en-gNB-ID"}
KEY_TYPES = {"SecurityKey"}
# S1AP type -> shared type (ap::common)
COMMON = {"Global-ENB-ID": "GlobalEnbId<'a, S1apIe<'a>>", "EUTRAN-CGI": "Ecgi<'a, S1apIe<'a>>",
          "TAI": "Tai<'a, S1apIe<'a>>", "UESecurityCapabilities": "UeSecurityCapabilities<'a, S1apIe<'a>>",
          "ENB-ID": "EnbId<'a>"}
# IE enum variants whose value is over 48 octets (std::mem::size_of, see the test
# ie_enum_stays_small in s1ap/mod.rs): boxed, so that S1apIe stays small. Every IE value is moved
# into its list after decoding; with these inline the enum was 216 octets (440 before the
# iE-Extensions were boxed) and each move a memcpy of that size, for every IE.
BOXED = {"AssistanceDataForPaging", "TargetId", "SubscriptionBasedUeDifferentiationInfo",
    "UserLocationInformation", "HandoverRestrictionList", "ContextatSource", "TraceActivation",
    "IntersystemMeasurementConfiguration", "GlobalRanNodeId", "UeAppLayerMeasConfig",
    "SynchronisationInformation", "LteNtnTaiInformation", "Gummei",
    "CellIdentifierAndCeLevelForCeCapableUes", "UeSecurityCapabilities", "NrUeSecurityCapabilities",
    "ExpectedUeBehaviour", "TunnelInformation", "GlobalEnbId", "CriticalityDiagnostics",
    "WlanMeasurementConfiguration", "UePagingId", "TransportInformation", "Tai", "STmsi",
    "PsCellInformation", "Lai", "Pc5QosParameters", "BluetoothMeasurementConfiguration",
    "InformationOnRecommendedCellsAndEnbsForPaging"}
RUST_KW = set(keyword.kwlist) | {"type", "match", "ref", "mod", "fn", "use", "loop", "move", "impl", "trait", "struct", "enum", "where", "box", "crate", "self", "super", "dyn", "priv", "macro", "override", "final", "abstract", "virtual", "yield", "async", "await", "try", "unsafe", "extern", "const", "static", "mut", "pub", "let", "as", "in", "for", "while", "if", "else", "return", "break", "continue", "true", "false"}

def camel(name):
    v = variant(name)
    if v in CAMEL_SEEN and CAMEL_SEEN[v] != name:
        raise SystemExit("name clash %s %s" % (name, CAMEL_SEEN[v]))
    CAMEL_SEEN[v] = name
    return v

CAMEL_SEEN = {}

def camel_old(name):
    parts = re.split(r"[-_ ]", name)
    out = ""
    for p in parts:
        if not p: continue
        out += p[0].upper() + p[1:]
    out = out.replace("-", "")
    if out[0].isdigit(): out = "T" + out
    return out

def variant(name):
    s = snake(name)
    v = "".join(w[:1].upper() + w[1:] for w in s.split("_"))
    if v[0].isdigit(): v = "V" + v
    return v

def field(name):
    f = snake(name)
    if f in RUST_KW: f = "r#" + f
    return f

def typename(o):
    tr = getattr(o, "_typeref", None)
    if tr is not None and type(tr).__name__ == "ASN1RefType":
        return tr.called
    return None

def size_params(c, unbounded_ok=True):
    if c is None:
        return 0, "{ usize::MAX }", "false"
    roots = [r for r in c.root if hasattr(r, "lb")]
    vals = [r for r in c.root if not hasattr(r, "lb")]
    if roots:
        lb, ub = roots[0].lb, roots[0].ub
    else:
        lb = ub = vals[0]
    if len(roots) + len(vals) != 1:
        raise Unsupported("multi-range size")
    ubs = "{ usize::MAX }" if ub is None else str(ub)
    return lb, ubs, "true" if c.ext is not None else "false"

class Unsupported(Exception):
    pass

defs = {}      # rust name -> code
order = []
failed = {}    # asn1 type -> reason
in_progress = set()

def single_container_item(o):
    # SEQUENCE OF ProtocolIE-SingleContainer: return (id, value obj) if one row
    item = o._cont
    tn = typename(item)
    if tn is None or "SingleContainer" not in tn[1]:
        return None
    val = item._cont["value"]
    tab = val._const_tab
    rows = list(tab._val.root or []) + list(tab._val.ext or [])
    if len(rows) != 1:
        raise Unsupported("single container list with %d rows" % len(rows))
    return rows[0]["id"], rows[0]["Value"]

def type_expr(o, comp_name=None):
    """Rust type expression for a component / value object."""
    tn = typename(o)
    T = o.TYPE
    if T == "SEQUENCE OF" and tn is not None and "ContainerList" in tn[1]:
        sc = single_container_item(o)
        if sc is not None:
            lb, ub, ext = size_params(o._const_sz)
            ident, val = sc
            return "ItemList<'a, S1apIe<'a>, %s, %d, %s, %s>" % (type_expr(val, None), ident, lb, ub)
    if tn is not None and tn[0] in ("S1AP-IEs", "S1AP-PDU-Contents") and T in ("SEQUENCE", "CHOICE", "ENUMERATED", "SEQUENCE OF"):
        mod = IES if tn[0] == "S1AP-IEs" else P
        return named(tn[1], getattr(mod, tn[1].replace("-", "_")))
    if tn is not None and tn[0] == "S1AP-Containers" and T == "SEQUENCE OF":
        # ProtocolExtensionContainer (iE-Extensions) or IE-ContainerList
        if "ProtocolExtensionContainer" in tn[1]:
            return "IeList<'a, S1apIe<'a>>"
        raise Unsupported("container " + tn[1])
    tname = tn[1] if tn is not None else None
    if T == "INTEGER":
        c = o._const_val
        if c is None: raise Unsupported("unconstrained INTEGER")
        lo = [r.lb if hasattr(r, "lb") else r for r in c.root]
        hi = [r.ub if hasattr(r, "lb") else r for r in c.root]
        if lo == [0] and hi == [2**64 - 1] and c.ext is None:
            return "U64Full"
        if None in lo or None in hi or max(hi) > 2**63 - 1:
            raise Unsupported("integer constraint %r" % c.root)
        ext = "true" if c.ext is not None else "false"
        if len(c.root) > 1:
            nm = camel((typename(o) or (None, comp_name))[1] + "-set")
            if nm not in defs:
                defs[nm] = "aper_int_set! {\n    /// INTEGER with a union of values and ranges as constraint.\n    pub struct %s(lb: %d, ub: %d, ext: %s, ranges: [%s]);\n}\n" % (
                    nm, min(lo), max(hi), ext, ", ".join("(%d, %d)" % (a, b) for a, b in zip(lo, hi)))
                order.append(nm)
            return nm
        return "Int<%d, %d, %s>" % (min(lo), max(hi), ext)
    if T == "ENUMERATED":
        return named(comp_name + "-enum", o)
    if T == "BOOLEAN":
        return "bool"
    if T == "NULL":
        return "Null"
    if T == "OCTET STRING":
        lb, ub, ext = size_params(o._const_sz)
        return "OctetStr<'a, %s, %s, %s>" % (lb, ub, ext)
    if T in ("PrintableString", "VisibleString"):
        lb, ub, ext = size_params(o._const_sz)
        return "PrintableStr<'a, %s, %s, %s>" % (lb, ub, ext)
    if T == "BIT STRING":
        lb, ub, ext = size_params(o._const_sz)
        if tname in KEY_TYPES:
            if str(lb) != str(ub) or ext == "true": raise Unsupported("key size")
            return "KeyBits<'a, %s>" % lb
        if comp_name in IDENT_BITS or tname in IDENT_BITS or o._name in IDENT_BITS:
            if ext == "true": raise Unsupported("extensible identifier")
            if str(lb) == str(ub):
                return "BitId<%s>" % lb
            return "BitIdVar<%s, %s>" % (lb, ub)
        return "BitStr<'a, %s, %s, %s>" % (lb, ub, ext)
    if T == "SEQUENCE OF":
        sc = single_container_item(o)
        lb, ub, ext = size_params(o._const_sz)
        if sc is not None:
            ident, val = sc
            if ext == "true": raise Unsupported("ext size item list")
            return "ItemList<'a, S1apIe<'a>, %s, %d, %s, %s>" % (type_expr(val, None), ident, lb, ub)
        return "SeqOf<%s, %s, %s, %s>" % (type_expr(o._cont, None), lb, ub, ext)
    if T in ("SEQUENCE", "CHOICE"):
        if tname is None:
            return named(comp_name + "-inline", o)
        raise Unsupported("type from another module %r" % (tn,))
    raise Unsupported("type " + T)

def needs_lt(expr):
    return "'a" in expr

def named(asn, o):
    if asn in COMMON:
        return COMMON[asn]
    rn = camel(asn.replace("-enum", "").replace("-inline", ""))
    if asn in failed:
        raise Unsupported("depends on %s: %s" % (asn, failed[asn]))
    if rn in defs or rn in in_progress:
        return ref_of(rn, o)
    in_progress.add(rn)
    try:
        code = gen_def(asn, rn, o)
    except Unsupported as e:
        failed[asn] = str(e)
        in_progress.discard(rn)
        raise
    in_progress.discard(rn)
    defs[rn] = code
    order.append(rn)
    return ref_of(rn, o)

LT = {}
def ref_of(rn, o):
    if o.TYPE == "ENUMERATED":
        return rn
    if o.TYPE == "SEQUENCE OF":
        return rn + ("<'a>" if LT.get(rn, True) else "")
    return rn + "<'a>"

def doc(s):
    return "    /// %s\n" % s

def gen_def(asn, rn, o):
    T = o.TYPE
    if T == "ENUMERATED":
        root = ",\n".join("            /// %s\n            %s = %r" % (v, variant(v), snake(v)) for v in o._root).replace("'", '"')
        adds = ",\n".join("            /// %s\n            %s = %r" % (v, variant(v), snake(v)) for v in (o._ext or [])).replace("'", '"')
        return ("aper_enum! {\n    /// %s ::= ENUMERATED%s.\n    pub enum %s {\n        extensible: %s,\n        root: [\n%s\n        ],\n        additions: [\n%s\n        ],\n    }\n}\n"
                % (asn.replace("-enum", ""), " (extensible)" if o._ext is not None else "", rn,
                   "true" if o._ext is not None else "false", root, adds + ("," if adds else "")))
    if T == "SEQUENCE":
        if o._ext:
            raise Unsupported("SEQUENCE with extension additions")
        lines = []
        for name, comp in o._cont.items():
            te = type_expr(comp, name)
            if name == "iE-Extensions":
                kind = "Ext"
            elif name in (o._root_opt or []):
                kind = "Opt"
            else:
                kind = "Req"
            lines.append("        /// %s\n        %s %s: %s," % (name, kind, field(name), te))
        return "aper_sequence! {\n    /// %s ::= SEQUENCE.\n    pub struct %s<'a> %s{\n%s\n    }\n}\n" % (asn.replace("-inline", ""), rn, "[root_only] " if o._ext is None else "", "\n".join(lines))
    if T == "CHOICE":
        root, adds = [], []
        for name, comp in o._cont.items():
            te = type_expr(comp, name)
            line = "            /// %s\n            %s(%s) = \"%s\"" % (name, variant(name), te, snake(name))
            (adds if o._ext and name in o._ext else root).append(line)
        return ("aper_choice! {\n    /// %s ::= CHOICE.\n    pub enum %s<'a> {\n        extensible: %s,\n        root: [\n%s,\n        ],\n        additions: [\n%s\n        ],\n    }\n}\n"
                % (asn.replace("-inline", ""), rn, "true" if o._ext is not None else "false", ",\n".join(root), ",\n".join(adds) + ("," if adds else "")))
    if T == "SEQUENCE OF":
        te = type_expr(o, None)
        LT[rn] = needs_lt(te)
        return "/// %s ::= SEQUENCE OF.\npub type %s%s = %s;\n" % (asn, rn, "<'a>" if LT[rn] else "", te)
    raise Unsupported("named " + T)

# ---- ids
ids = {}
for n in C._obj_:
    if n.startswith("id-"):
        o = getattr(C, n.replace("-", "_"))
        tn = typename(o)
        if tn and tn[1] == "ProtocolIE-ID":
            ids.setdefault(o._val, n)
procs = {}
for n in C._obj_:
    if n.startswith("id-"):
        o = getattr(C, n.replace("-", "_"))
        tn = typename(o)
        if tn and tn[1] == "ProcedureCode":
            procs[o._val] = n

# ---- messages
eps = D.S1AP_ELEMENTARY_PROCEDURES
msgs = []  # (code, kind, name, criticality)
for v in list(eps._val.root) + list(eps._val.ext or []):
    for kind, key in (("InitiatingMessage", "InitiatingMessage"), ("SuccessfulOutcome", "SuccessfulOutcome"), ("UnsuccessfulOutcome", "UnsuccessfulOutcome")):
        if key in v:
            msgs.append((v["procedureCode"], kind, v[key]._tr._name, v["criticality"]))
msgs.sort()

TYPED_MESSAGES = ["HandoverRequired", "HandoverCommand", "HandoverPreparationFailure", "HandoverRequest",
    "HandoverRequestAcknowledge", "HandoverFailure", "HandoverNotify", "HandoverCancel",
    "HandoverCancelAcknowledge", "PathSwitchRequest", "PathSwitchRequestAcknowledge",
    "PathSwitchRequestFailure", "ENBStatusTransfer", "MMEStatusTransfer",
    "InitialContextSetupRequest", "InitialContextSetupResponse", "UEContextReleaseRequest",
    "UEContextReleaseCommand", "UEContextReleaseComplete", "InitialUEMessage",
    "DownlinkNASTransport", "UplinkNASTransport", "S1SetupRequest", "S1SetupResponse",
    "Reset", "ResetAcknowledge", "Paging", "ErrorIndication", "S1SetupFailure",
    "UEContextModificationRequest", "UEContextModificationResponse"]

def ie_rows(setname):
    s = getattr(P, setname.replace("-", "_"))
    return list(s._val.root or []) + list(s._val.ext or [])

msg_ies = {}
for code, kind, name, crit in msgs:
    if name == "PrivateMessage":
        continue
    mo = getattr(P, name.replace("-", "_"))
    comp = mo._cont["protocolIEs"]
    tab = comp._cont._cont["value"]._const_tab
    rows = list(tab._val.root or []) + list(tab._val.ext or [])
    msg_ies[name] = [(r["id"], r["criticality"], r["presence"], r["Value"]) for r in rows]

# id -> value object (from every message and every extension set)
id_obj = {}
conflicts = set()
def note_id(i, v):
    t = typename(v) or (v.TYPE, v._name)
    if i in id_obj and (typename(id_obj[i]) or (id_obj[i].TYPE, id_obj[i]._name)) != t:
        conflicts.add(i)
    id_obj.setdefault(i, v)
for name, rows in msg_ies.items():
    for i, c, p, v in rows:
        note_id(i, v)
for sname in P._set_ + IES._set_:
    mod = P if sname in P._set_ else IES
    s = getattr(mod, sname.replace("-", "_"))
    for r in list(s._val.root or []) + list(s._val.ext or []):
        v = r.get("Value") or r.get("Extension")
        if v is not None and "id" in r:
            note_id(r["id"], v)

want = set()
for m in TYPED_MESSAGES:
    for i, c, p, v in msg_ies[m]:
        want.add(i)
# extension IEs of the release too: typed if their type is supported
ext_ids = set()
for sname in IES._set_ + P._set_:
    s = getattr(IES if sname in IES._set_ else P, sname.replace("-", "_"))
    for r in list(s._val.root or []) + list(s._val.ext or []):
        if "Extension" in r:
            ext_ids.add(r["id"])
want |= ext_ids
SKIP_IDS = set()
typed = {}
for i in sorted(want):
    if i in conflicts:
        print("conflict id", i, file=sys.stderr); continue
    v = id_obj[i]
    try:
        te = type_expr(v, ids[i][3:])
        typed[i] = te
    except Unsupported as e:
        print("untyped id %d %s: %s" % (i, ids[i], e), file=sys.stderr)

# ---- write types.rs
out = []
out.append("//! S1AP IE types (TS 36.413), one per ASN.1 type of pycrate's S1AP module that keyhop types.\n//!\n//! Written from the ASN.1 definitions by a generator; field and value names follow docs/json.md.\n")
out.append("use super::S1apIe;\nuse crate::ap::common::*;\nuse crate::ap::IeList;\nuse crate::{aper_choice, aper_enum, aper_int_set, aper_sequence};\n")
for rn in order:
    out.append(defs[rn])
open(sys.argv[1] + "/types.rs", "w").write("\n".join(out))

# ---- variants: one per distinct type expression
variants = {}  # te -> variant name
vnames = set()
for i, te in typed.items():
    if te in variants: continue
    v = typename(id_obj[i])
    base = camel(v[1]) if v else camel(ids[i][3:])
    nm = base
    k = 2
    while nm in vnames:
        nm = base + str(k); k += 1
    vnames.add(nm)
    variants[te] = nm

t = []
t.append("//! S1AP tables (TS 36.413 as in pycrate's S1AP module): IE names, procedures, message IEs.\n//!\n//! Written from the ASN.1 definitions by a generator.\n")
t.append("#![allow(clippy::manual_range_patterns)]\n")
t.append("use crate::ap::common::*;\nuse crate::ap::{Criticality, PduType};\nuse crate::per::PerReader;\nuse crate::per::PerWriter;\nuse crate::error::{DecodeResult, EncodeResult};\nuse super::types::*;\n")
t.append("/// Name of IE `id` (docs/json.md): the 3GPP `id-` name in snake_case.\npub fn ie_name(id: u16) -> Option<&'static str> {\n    Some(match id {")
for i in sorted(ids):
    t.append("        %d => \"%s\"," % (i, ie_name(ids[i])))
t.append("        _ => return None,\n    })\n}\n")
t.append("/// Message name of a procedure, by PDU type.\npub fn message_name(code: u8, pdu_type: PduType) -> Option<&'static str> {\n    use PduType::*;\n    Some(match (code, pdu_type) {")
kmap = {"InitiatingMessage": "InitiatingMessage", "SuccessfulOutcome": "SuccessfulOutcome", "UnsuccessfulOutcome": "UnsuccessfulOutcome"}
for code, kind, name, crit in msgs:
    t.append("        (%d, %s) => \"%s\"," % (code, kmap[kind], name))
t.append("        _ => return None,\n    })\n}\n")
t.append("/// Criticality of each procedure (the S1AP-ELEMENTARY-PROCEDURE definitions).\npub fn procedure_criticality(code: u8) -> Option<Criticality> {\n    Some(match code {")
seen = set()
for code, kind, name, crit in msgs:
    if code in seen: continue
    seen.add(code)
    t.append("        %d => Criticality::%s," % (code, crit.capitalize()))
t.append("        _ => return None,\n    })\n}\n")
t.append("/// Presence of an IE in a message.\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Presence {\n    /// mandatory\n    Mandatory,\n    /// optional\n    Optional,\n    /// conditional\n    Conditional,\n}\n")
t.append("/// One IE of a message: id, criticality, presence (the message's IE set, in its order).\npub type IeSpec = (u16, Criticality, Presence);\n")
t.append("/// The IEs of a message, by message name.\npub fn message_ies(name: &str) -> Option<&'static [IeSpec]> {\n    use Criticality::*;\n    use Presence::*;\n    Some(match name {")
for name, rows in msg_ies.items():
    t.append("        \"%s\" => &[%s]," % (name, ", ".join("(%d, %s, %s)" % (i, c.capitalize(), p.capitalize()) for i, c, p, v in rows)))
t.append("        _ => return None,\n    })\n}\n")
# enum
t.append("/// The IEs keyhop types, by the type of their value (several ids may share one).\n#[derive(Debug, Clone, PartialEq)]\npub enum S1apIe<'a> {")
for te, nm in variants.items():
    t.append("    /// %s\n    %s(%s)," % (nm, nm, "Box<%s>" % te if nm in BOXED else te))
t.append("}\n")
t.append("impl<'a> S1apIe<'a> {\n    /// Whether IE `id` is typed.\n    pub fn knows(id: u16) -> bool {\n        matches!(id, %s)\n    }\n" % " | ".join(str(i) for i in sorted(typed)))
t.append("    /// Decodes the value of IE `id`.\n    pub fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {\n        Ok(match id {")
by_v = {}
for i, te in typed.items():
    by_v.setdefault(te, []).append(i)
for te, idl in by_v.items():
    t.append("            %s => S1apIe::%s(Aper::decode(r)?)," % (" | ".join(map(str, sorted(idl))), variants[te]))
t.append("            _ => return Err(r.error(crate::error::ErrorKind::Invalid, \"IE not typed\")),\n        })\n    }\n")
t.append("    /// Encodes the value.\n    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {\n        match self {")
for te, nm in variants.items():
    t.append("            S1apIe::%s(v) => v.encode(w)," % nm)
t.append("        }\n    }\n")
t.append("    /// A random value of IE `id` (`None` if it is not typed).\n    pub fn sample(id: u16, rng: &mut Rng, depth: u32) -> Option<S1apIe<'static>> {\n        Some(match id {")
for te, idl in by_v.items():
    t.append("            %s => S1apIe::%s(Sample::sample(rng, depth))," % (" | ".join(map(str, sorted(idl))), variants[te]))
t.append("            _ => return None,\n        })\n    }\n}\n")
t.append("impl serde::Serialize for S1apIe<'_> {\n    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {\n        match self {")
for te, nm in variants.items():
    t.append("            S1apIe::%s(v) => v.serialize(s)," % nm)
t.append("        }\n    }\n}\n")
open(sys.argv[1] + "/tables.rs", "w").write("\n".join(t))
missing = BOXED - set(variants.values())
if missing:
    raise SystemExit("BOXED names no variant: %s" % sorted(missing))
print("types:", len(order), "typed ids:", len(typed), "variants:", len(variants), "failed types:", len(failed), file=sys.stderr)
