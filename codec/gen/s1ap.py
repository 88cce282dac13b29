"""Writes codec/src/s1ap/{types,tables}.rs from pycrate's compiled TS 36.413 module.

    s1ap.py <dir>     writes <dir>/types.rs and <dir>/tables.rs (codec/gen/regen.sh runs it
                      with codec/src/s1ap, then rustfmt)

Needs pycrate and tests/interop/keyhop_names.py (the naming rule, shared with the interop tests).
"""
import os, sys, re, keyword
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/interop"))
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
    "InformationOnRecommendedCellsAndEnbsForPaging", "SonConfigurationTransfer", "MdtConfiguration",
    "LoggedMbsfnMdt", "SonInformationReport", "SourceNodeId", "LoggedMdtTrigger",
    "SensorMeasurementConfiguration", "CsgMembershipInfo"}
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

nested = {}    # id -> value type of the IEs of single containers inside values
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
        tn = asn.replace("-enum", "")
        # The ASN.1 carries no prose: the doc says whose value it is and where the standard
        # defines it (the IE's semantics in clause 9.2, the ASN.1 in clause 9.3).
        vdoc = lambda v, i, ext: "`%s`: %s %d of %s (TS 36.413 clause 9.2; ASN.1 in clause 9.3)." % (
            v, "extension value" if ext else "value", i, tn)
        root = ",\n".join("            /// %s\n            %s = \"%s\"" % (vdoc(v, i, False), variant(v), snake(v)) for i, v in enumerate(o._root))
        adds = ",\n".join("            /// %s\n            %s = \"%s\"" % (vdoc(v, i, True), variant(v), snake(v)) for i, v in enumerate(o._ext or []))
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
            if (comp.TYPE == "SEQUENCE" and list(comp._cont.keys()) == ["id", "criticality", "value"]
                    and comp._cont["value"].TYPE == "OPEN_TYPE"):
                # A choice-extension (ProtocolIE-SingleContainer: MDTMode-Extension,
                # SONInformation-Extension): one IE field, whose ids are typed too.
                tab = comp._cont["value"]._const_tab
                for row in list(tab._val.root or []) + list(tab._val.ext or []):
                    nested[row["id"]] = row["Value"]
                te = "SingleIe<'a, S1apIe<'a>>"
            else:
                te = type_expr(comp, name)
            line = "            /// `%s`: alternative of %s (TS 36.413 clause 9.2; ASN.1 in clause 9.3).\n            %s(%s) = \"%s\"" % (name, asn.replace("-inline", ""), variant(name), te, snake(name))
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
    "UEContextModificationRequest", "UEContextModificationResponse",
    # E-RAB management and SON configuration transfer: tshark decodes them in captures people
    # bring, so keyhop reads their E-RAB ids, TEIDs and transport addresses as values too.
    "E-RABSetupRequest", "E-RABSetupResponse", "E-RABModifyRequest", "E-RABModifyResponse",
    "E-RABReleaseResponse", "E-RABModificationIndication", "E-RABModificationConfirm",
    "ENBConfigurationTransfer", "MMEConfigurationTransfer"]

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
# IEs that must be typed (the generator fails rather than leave them raw): the E-RAB lists of
# the E-RAB messages above (16, 28: E-RAB Setup Request / Response; 30, 31: E-RAB Modify Request
# / Response; 69: E-RAB Release Response; 199, 203: E-RAB Modification Indication / Confirm) and
# SON configuration transfer (129, 130: eNB / MME Configuration Transfer).
MUST_TYPE = {16, 28, 30, 31, 69, 199, 203, 129, 130}
assert MUST_TYPE <= want
SKIP_IDS = set()
typed = {}
tried = set(want)
for i in sorted(want):
    if i in conflicts:
        print("conflict id", i, file=sys.stderr); continue
    v = id_obj[i]
    try:
        te = type_expr(v, ids[i][3:])
        typed[i] = te
    except Unsupported as e:
        print("untyped id %d %s: %s" % (i, ids[i], e), file=sys.stderr)
        if i in MUST_TYPE:
            raise SystemExit("IE %d %s must be typed: %s (%s)" % (i, ids[i], e, failed))

# The IEs of single containers inside typed values, until no new one turns up.
while True:
    todo = [i for i in sorted(nested) if i not in typed and i not in tried]
    if not todo:
        break
    for i in todo:
        tried.add(i)
        if i in conflicts:
            continue
        try:
            typed[i] = type_expr(id_obj.get(i, nested[i]), ids[i][3:])
        except Unsupported as e:
            print("untyped id %d %s: %s" % (i, ids[i], e), file=sys.stderr)

# ---- write types.rs
out = []
out.append("// @generated by codec/gen/s1ap.py from the TS 36.413 ASN.1 (pycrate); do not edit.\n// Regenerate with codec/gen/regen.sh.\n")
out.append("//! S1AP IE types (TS 36.413), one per ASN.1 type of pycrate's S1AP module that keyhop types.\n//!\n//! Written from the ASN.1 definitions by a generator; field and value names follow docs/json.md.\n")
out.append("use super::S1apIe;\nuse crate::ap::common::*;\nuse crate::ap::IeList;\nuse crate::{aper_choice, aper_enum, aper_int_set, aper_sequence};\n")
for rn in order:
    out.append(defs[rn])
open(sys.argv[1] + "/types.rs", "w").write("\n".join(out))

# ---- variants: one per IE id, named after the id (value types are shared between ids)
def type_variant(i):
    # The name the value type gives (the key of BOXED): boxing follows the value's size.
    v = typename(id_obj[i])
    return variant(v[1]) if v else variant(ids[i][3:])

variants = {}  # id -> variant name
vnames = set()
for i in sorted(typed):
    nm = variant(ids[i][3:])
    if nm in vnames:
        raise SystemExit("two IEs give variant %s" % nm)
    vnames.add(nm)
    variants[i] = nm
boxed = {i for i in typed if type_variant(i) in BOXED}

def const_name(i):
    return ie_name(ids[i]).upper()

def ie_doc(i):
    tn = typename(id_obj[i])
    what = tn[1] if tn else id_obj[i].TYPE
    return "`%s` (%d): value %s (TS 36.413 clause 9.2; ASN.1 in clause 9.3)." % (ids[i], i, what)

t = []
t.append("// @generated by codec/gen/s1ap.py from the TS 36.413 ASN.1 (pycrate); do not edit.\n// Regenerate with codec/gen/regen.sh.\n")
t.append("//! S1AP tables (TS 36.413 as in pycrate's S1AP module): IE names, procedures, message IEs.\n//!\n//! Written from the ASN.1 definitions by a generator.\n")
t.append("#![allow(clippy::manual_range_patterns)]\n")
t.append("use crate::ap::common::*;\nuse crate::ap::{Criticality, PduType};\nuse crate::per::PerReader;\nuse crate::per::PerWriter;\nuse crate::error::{DecodeResult, EncodeResult};\nuse super::types::*;\n")
t.append("/// Name of IE `id` (docs/json.md): the 3GPP `id-` name in snake_case.\npub fn ie_name(id: u16) -> Option<&'static str> {\n    Some(match id {")
for i in sorted(ids):
    t.append("        %d => \"%s\"," % (i, ie_name(ids[i])))
t.append("        _ => return None,\n    })\n}\n")
# ids: every ProtocolIE-ID of the release, by its snake_case name in upper case
cn = {}
for i in sorted(ids):
    c = ie_name(ids[i]).upper()
    if c in cn:
        raise SystemExit("two ids give constant %s" % c)
    cn[c] = i
t.append("/// The ProtocolIE-ID of every S1AP IE of the release (TS 36.413 clause 9.3.6), named after its\n/// `id-` constant in upper snake case (`id-MME-UE-S1AP-ID` is [`MME_UE_S1AP_ID`](id::MME_UE_S1AP_ID)).\npub mod id {")
for i in sorted(ids):
    t.append("    /// `%s`.\n    pub const %s: u16 = %d;" % (ids[i], ie_name(ids[i]).upper(), i))
t.append("}\n")
# The clause of TS 36.413 (V17.4.0) that defines each elementary procedure, by the procedure's
# `id-` name without `id-`: pycrate's ASN.1 has no clause numbers. Each entry was checked against
# the spec's table of contents (the private message has no clause 8 entry: its clause is the one
# on the private message mechanism). A procedure not listed gets no clause rather than a guess.
PROCEDURE_CLAUSE = {
    "HandoverPreparation": "8.4.1", "HandoverResourceAllocation": "8.4.2",
    "HandoverNotification": "8.4.3", "PathSwitchRequest": "8.4.4", "HandoverCancel": "8.4.5",
    "E-RABSetup": "8.2.1", "E-RABModify": "8.2.2", "E-RABRelease": "8.2.3",
    "E-RABReleaseIndication": "8.2.3.2.2", "InitialContextSetup": "8.3.1", "Paging": "8.5",
    "downlinkNASTransport": "8.6.2.2", "initialUEMessage": "8.6.2.1",
    "uplinkNASTransport": "8.6.2.3", "Reset": "8.7.1", "ErrorIndication": "8.7.2",
    "NASNonDeliveryIndication": "8.6.2.4", "S1Setup": "8.7.3", "UEContextReleaseRequest": "8.3.2",
    "DownlinkS1cdma2000tunnelling": "8.8.2.1", "UplinkS1cdma2000tunnelling": "8.8.2.2",
    "UEContextModification": "8.3.4", "UECapabilityInfoIndication": "8.9",
    "UEContextRelease": "8.3.3", "eNBStatusTransfer": "8.4.6", "MMEStatusTransfer": "8.4.7",
    "DeactivateTrace": "8.10.3", "TraceStart": "8.10.1", "TraceFailureIndication": "8.10.2",
    "ENBConfigurationUpdate": "8.7.4", "MMEConfigurationUpdate": "8.7.5",
    "LocationReportingControl": "8.11.1", "LocationReportingFailureIndication": "8.11.2",
    "LocationReport": "8.11.3", "OverloadStart": "8.7.6", "OverloadStop": "8.7.7",
    "WriteReplaceWarning": "8.12.1", "eNBDirectInformationTransfer": "8.13",
    "MMEDirectInformationTransfer": "8.14", "PrivateMessage": "9.3.1",
    "eNBConfigurationTransfer": "8.15", "MMEConfigurationTransfer": "8.16",
    "CellTrafficTrace": "8.10.4", "Kill": "8.12.2", "downlinkUEAssociatedLPPaTransport": "8.17.2.1",
    "uplinkUEAssociatedLPPaTransport": "8.17.2.2",
    "downlinkNonUEAssociatedLPPaTransport": "8.17.2.3",
    "uplinkNonUEAssociatedLPPaTransport": "8.17.2.4", "UERadioCapabilityMatch": "8.3.5",
    "PWSRestartIndication": "8.12.3", "E-RABModificationIndication": "8.2.4",
    "PWSFailureIndication": "8.12.4", "RerouteNASRequest": "8.6.2.5",
    "UEContextModificationIndication": "8.3.6", "ConnectionEstablishmentIndication": "8.3.9",
    "UEContextSuspend": "8.3.7", "UEContextResume": "8.3.8", "NASDeliveryIndication": "8.6.2.4a",
    "RetrieveUEInformation": "8.3.10", "UEInformationTransfer": "8.3.11",
    "eNBCPRelocationIndication": "8.3.12", "MMECPRelocationIndication": "8.3.13",
    "SecondaryRATDataUsageReport": "8.18", "UERadioCapabilityIDMapping": "8.19",
    "HandoverSuccess": "8.4.8", "eNBEarlyStatusTransfer": "8.4.9",
    "MMEEarlyStatusTransfer": "8.4.10",
}
# procedures: open enum over the procedure code
by_code = {}
for code, kind, name, crit in msgs:
    by_code.setdefault(code, []).append((kind, name))
KIND_TEXT = {"InitiatingMessage": "initiating", "SuccessfulOutcome": "successful outcome", "UnsuccessfulOutcome": "unsuccessful outcome"}
t.append("crate::open_enum! {\n    /// An S1AP elementary procedure (TS 36.413 clause 8; codes in clause 9.3.6), by its\n    /// ProcedureCode. Open: a code of a later release is kept as `Unknown`.\n    pub enum Procedure: u8 {")
pn = set()
for code in sorted(procs):
    pname = procs[code][3:]
    v = variant(pname)
    if v in pn:
        raise SystemExit("two procedures give %s" % v)
    pn.add(v)
    msgs_txt = ", ".join("%s %s" % (KIND_TEXT[k], n) for k, n in by_code.get(code, []))
    clause = PROCEDURE_CLAUSE.get(pname)
    where = " (TS 36.413 clause %s)" % clause if clause else ""
    t.append("        /// Code %d, `%s`%s: %s." % (code, procs[code], where, msgs_txt or "no message in the release"))
    t.append("        %s = %d => \"%s\"," % (v, code, pname))
t.append("    }\n}\n")
t.append("impl Procedure {\n    /// The message of this procedure for a PDU type (`HandoverRequired` for\n    /// [`Procedure::HandoverPreparation`] initiating), `None` if the procedure has none.\n    pub fn message_name(self, pdu_type: PduType) -> Option<&'static str> {\n        message_name(self.value(), pdu_type)\n    }\n\n    /// The procedure's criticality (the S1AP-ELEMENTARY-PROCEDURE definitions).\n    pub fn criticality(self) -> Option<Criticality> {\n        procedure_criticality(self.value())\n    }\n\n    /// The procedure and PDU type of a message name (the inverse of [`Procedure::message_name`]).\n    pub fn of_message(name: &str) -> Option<(Procedure, PduType)> {\n        use PduType::*;\n        Some(match name {")
for code, kind, name, crit in msgs:
    t.append("            \"%s\" => (Procedure::%s, %s)," % (name, variant(procs[code][3:]), kind))
t.append("            _ => return None,\n        })\n    }\n}\n")
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
t.append("/// Presence of an IE in a message.\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Presence {\n    /// `mandatory`: the IE must be in the message; a missing one is an abstract syntax error (TS 36.413 clause 10.3.3).\n    Mandatory,\n    /// `optional`: the IE may be left out (clause 10.3.3).\n    Optional,\n    /// `conditional`: the IE must be present exactly when the condition of the message's table holds (clause 10.3.3).\n    Conditional,\n}\n")
t.append("/// One IE of a message: id, criticality, presence (the message's IE set, in its order).\npub type IeSpec = (u16, Criticality, Presence);\n")
t.append("/// The IEs of a message, by message name.\npub fn message_ies(name: &str) -> Option<&'static [IeSpec]> {\n    use Criticality::*;\n    use Presence::*;\n    Some(match name {")
for name, rows in msg_ies.items():
    t.append("        \"%s\" => &[%s]," % (name, ", ".join("(%d, %s, %s)" % (i, c.capitalize(), p.capitalize()) for i, c, p, v in rows)))
t.append("        _ => return None,\n    })\n}\n")
# enum
t.append("/// A typed S1AP IE value: one variant per IE id (the id names the variant; several ids may\n/// share a value type).\n#[derive(Debug, Clone, PartialEq)]\npub enum S1apIe<'a> {")
for i in sorted(typed):
    te = typed[i]
    t.append("    /// %s\n    %s(%s)," % (ie_doc(i), variants[i], "Box<%s>" % te if i in boxed else te))
t.append("}\n")
t.append("impl<'a> S1apIe<'a> {\n    /// Whether IE `id` is typed.\n    pub fn knows(id: u16) -> bool {\n        matches!(id, %s)\n    }\n" % " | ".join(str(i) for i in sorted(typed)))
t.append("    /// The IE id of this value.\n    pub fn id(&self) -> u16 {\n        match self {")
for i in sorted(typed):
    t.append("            S1apIe::%s(_) => id::%s," % (variants[i], const_name(i)))
t.append("        }\n    }\n")
t.append("    /// Decodes the value of IE `id`.\n    pub fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {\n        Ok(match id {")
for i in sorted(typed):
    t.append("            id::%s => S1apIe::%s(Aper::decode(r)?)," % (const_name(i), variants[i]))
t.append("            _ => return Err(r.error(crate::error::ErrorKind::Invalid, \"IE not typed\")),\n        })\n    }\n")
t.append("    /// Encodes the value.\n    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {\n        match self {")
for i in sorted(typed):
    t.append("            S1apIe::%s(v) => v.encode(w)," % variants[i])
t.append("        }\n    }\n")
t.append("    /// A random value of IE `id` (`None` if it is not typed).\n    #[cfg(any(test, feature = \"test-util\"))]\n    pub fn sample(id: u16, rng: &mut Rng, depth: u32) -> Option<S1apIe<'static>> {\n        Some(match id {")
for i in sorted(typed):
    t.append("            id::%s => S1apIe::%s(Sample::sample(rng, depth))," % (const_name(i), variants[i]))
t.append("            _ => return None,\n        })\n    }\n}\n")
# octet-string IEs: one accessor and one constructor for all (NAS-PDU, the containers...)
OCTETS = "OctetStr<'a, 0, { usize::MAX }, false>"
oct_ids = [i for i in sorted(typed) if typed[i] == OCTETS]
t.append("impl<'a> S1apIe<'a> {")
t.append("    /// The octets of an unconstrained OCTET STRING value (NAS-PDU, the transparent containers\n    /// and the other IEs whose value is an OCTET STRING), `None` for other values.\n    pub fn octets(&self) -> Option<&[u8]> {\n        match self {")
t.append("            %s => Some(v.as_bytes())," % "\n            | ".join("S1apIe::%s(v)" % variants[i] for i in oct_ids))
t.append("            _ => None,\n        }\n    }\n")
t.append("    /// The value of IE `id` whose value is an unconstrained OCTET STRING (NAS-PDU, the\n    /// transparent containers...), `None` if IE `id` has another type.\n    pub fn from_octets(id: u16, octets: crate::redact::Octets<'a>) -> Option<Self> {\n        Some(match id {")
for i in oct_ids:
    t.append("            id::%s => S1apIe::%s(OctetStr(octets))," % (const_name(i), variants[i]))
t.append("            _ => return None,\n        })\n    }\n}\n")
# typed accessors on the IE list: one getter and one _mut (which drops the kept wire octets)
RESERVED = {"new", "get", "get_mut", "push", "decode", "encode", "items", "set", "remove", "iter", "len", "is_empty"}
t.append("/// Typed access to each IE of a list by its name: `ies.security_context()` is the value of the\n/// first `id-SecurityContext`, `ies.security_context_mut()` the same for editing (which drops\n/// the value's octets as received, so the edit is what gets encoded).\nimpl<'a> crate::ap::IeList<'a, S1apIe<'a>> {")
for i in sorted(typed):
    fn = ie_name(ids[i])
    if fn in RESERVED or keyword.iskeyword(fn) or fn in RUST_KW:
        raise SystemExit("accessor name %s is taken" % fn)
    ty = typed[i]
    deref = "&**v" if i in boxed else "v"
    t.append("    /// The value of `%s` (%d), if present and typed.\n    pub fn %s(&self) -> Option<&%s> {\n        match self.get(id::%s) {\n            Some(S1apIe::%s(v)) => Some(%s),\n            _ => None,\n        }\n    }\n" % (ids[i], i, fn, ty, const_name(i), variants[i], deref))
    t.append("    /// The value of `%s` (%d) for editing; the IE's kept wire octets are dropped.\n    pub fn %s_mut(&mut self) -> Option<&mut %s> {\n        match self.get_mut(id::%s) {\n            Some(S1apIe::%s(v)) => Some(%s),\n            _ => None,\n        }\n    }\n" % (ids[i], i, fn, ty, const_name(i), variants[i], "&mut **v" if i in boxed else "v"))
t.append("}\n")
t.append("impl serde::Serialize for S1apIe<'_> {\n    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {\n        match self {")
for i in sorted(typed):
    t.append("            S1apIe::%s(v) => v.serialize(s)," % variants[i])
t.append("        }\n    }\n}\n")
open(sys.argv[1] + "/tables.rs", "w").write("\n".join(t))
missing = BOXED - {type_variant(i) for i in typed}
if missing:
    raise SystemExit("BOXED names no variant: %s" % sorted(missing))
print("types:", len(order), "typed ids:", len(typed), "variants:", len(variants), "failed types:", len(failed), file=sys.stderr)


def write_json(outdir):
    """Writes <outdir>/json.rs: the JSON readers of the typed IEs (codec/src/json reads a PDU
    through them) and the criticality the ASN.1 gives each IE outside a message's own list."""
    j = []
    j.append("// @generated by codec/gen/s1ap.py (write_json) from the TS 36.413 ASN.1 (pycrate); do not edit.\n// Regenerate with codec/gen/regen.sh.\n")
    j.append("//! JSON readers of the S1AP IEs (docs/json.md -> [`S1apIe`]), one per typed IE id, and\n//! the criticality of each IE in iE-Extensions containers and single-container lists.\n//!\n//! Written from the ASN.1 definitions by a generator, beside tables.rs.\n")
    j.append("use super::tables::{id, S1apIe};\nuse crate::ap::Criticality;\nuse crate::json::{FromJson, JsonError};\n")
    j.append("impl<'a> crate::json::IeSetJson<'a> for S1apIe<'a> {\n    fn from_json(id: u16, v: &serde_json::Value, path: &str) -> Result<Self, JsonError> {\n        Ok(match id {")
    for i in sorted(typed):
        j.append("            id::%s => S1apIe::%s(FromJson::from_json(v, path)?)," % (const_name(i), variants[i]))
    j.append("            _ => return Err(JsonError::at(path, \"IE not typed\")),\n        })\n    }\n")
    j.append("    fn id_of(name: &str) -> Option<u16> {\n        Some(match name {")
    for i in sorted(typed):
        j.append("            \"%s\" => id::%s," % (ie_name(ids[i]), const_name(i)))
    j.append("            _ => return None,\n        })\n    }\n")
    j.append("    fn wire_json(id: u16, wire: &[u8]) -> Option<serde_json::Value> {\n        let mut r = crate::per::PerReader::new(wire, crate::error::Protocol::S1ap);\n        let v = S1apIe::decode(id, &mut r).ok()?;\n        r.finish().ok()?;\n        serde_json::to_value(&v).ok()\n    }\n}\n")
    # The first criticality found for each id: extension and item sets before message sets.
    crit = {}
    for sname in IES._set_ + P._set_:
        s = getattr(IES if sname in IES._set_ else P, sname.replace("-", "_"))
        for r in list(s._val.root or []) + list(s._val.ext or []):
            if "id" in r and "criticality" in r:
                crit.setdefault(r["id"], r["criticality"])
    j.append("/// The criticality the ASN.1 gives IE `id` in an iE-Extensions container or a list of single\n/// containers (the first set that lists the id; message lists have `message_ies`).\npub fn default_criticality(id: u16) -> Option<Criticality> {\n    use Criticality::*;\n    Some(match id {")
    by_crit = {}
    for i in sorted(crit):
        by_crit.setdefault(crit[i], []).append(str(i))
    for c in sorted(by_crit):
        j.append("        %s => %s," % (" | ".join(by_crit[c]), c.capitalize()))
    j.append("        _ => return None,\n    })\n}\n")
    open(outdir + "/json.rs", "w").write("\n".join(j))


write_json(sys.argv[1])
