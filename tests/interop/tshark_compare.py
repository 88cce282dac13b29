#!/usr/bin/env python3
"""Compare keyhop's reading of a capture with tshark's.

    tshark_compare.py CAPTURE --keyhop KEYHOP.jsonl [--allow-frame N]... [--allow-expert REGEX]...
    tshark_compare.py CAPTURE --dump            # tshark's side only, one JSON record per PDU

KEYHOP.jsonl is `keyhop read --format jsonl --show-keys CAPTURE` ("-" reads stdin).

tshark is run once as `tshark -r CAPTURE -T pdml` (PDML keeps ASN.1 names, enum names and raw
octets, which -T json drops).  For every S1AP, X2AP and GTPv2-C PDU a record is extracted:

    {"frame": 66, "protocol": "s1ap", "message": "InitialContextSetupRequest",
     "procedure_code": 9, "pdu_type": "initiating_message",
     "fields": {"mme_ue_s1ap_id": [1], "security_key": ["ab..."], "cause": [{"radio_network": "..."}],
                "target_id": [{...flattened leaves...}], ...}}

    {"frame": 70, "protocol": "gtpv2", "message_type": 32,
     "fields": {"sequence": [1], "teid": [0], "imsi": ["001..."], "kasme": [...], ...}}

Each field holds every value tshark showed for it in that PDU, in order.  keyhop's record for the
same frame (records are matched by frame and protocol, in order within a frame) is searched for the
same keys at any depth (FIELDS below says which key holds which field; an envelope field is
looked up at the top level), and the two value lists must be equal.  A field tshark shows that
keyhop lacks is a failure; a field neither shows is not counted.

Also fails on any malformed packet or error-severity expert info tshark reports, except frames
given with --allow-frame and messages matching an --allow-expert regex ("PROTO: summary").

Output: one line per disagreement, then `N passed, M failed (F frames, K fields compared)`.
Exit status 0 only if nothing failed.
"""

import argparse
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from keyhop_names import ie_name, snake  # noqa: E402

ERROR_SEVERITY = 0x00800000  # PI_ERROR in Wireshark's expert.h

PDU_TYPES = {"initiatingMessage": "initiating_message", "successfulOutcome": "successful_outcome",
             "unsuccessfulOutcome": "unsuccessful_outcome"}

# tshark field (after the protocol prefix) -> keyhop key, for fields compared wherever they occur.
# Values: ("int" | "hex" | "bits"), keyhop key.
S1AP_FIELDS = {
    "MME_UE_S1AP_ID": ("int", "mme_ue_s1ap_id"),
    "ENB_UE_S1AP_ID": ("int", "enb_ue_s1ap_id"),
    "SecurityKey": ("hex", "security_key"),
    "nextHopChainingCount": ("int", "next_hop_chaining_count"),
    "nextHopParameter": ("hex", "next_hop_parameter"),
}
X2AP_FIELDS = {
    "key_eNodeB_star": ("hex", "key_enodeb_star"),
    "nextHopChainingCount": ("int", "next_hop_chaining_count"),
}
# IEs compared as a whole (their leaves): IE name -> keyhop key
STRUCT_IES = {"id-Cause": "cause", "id-TargetID": "target_id"}
# X2AP UE ids are all of type UE-X2AP-ID: told apart by the IE carrying them.
X2AP_ID_IES = {"id-Old-eNB-UE-X2AP-ID", "id-New-eNB-UE-X2AP-ID", "id-Old-eNB-UE-X2AP-ID-Extension",
               "id-New-eNB-UE-X2AP-ID-Extension"}

# S1AP UE ids carried by an IE other than id-MME-UE-S1AP-ID / id-eNB-UE-S1AP-ID: tshark names
# the field by its type, keyhop by the IE (PathSwitchRequest's Source-MME-UE-S1AP-ID).
S1AP_ID_IES = {"id-SourceMME-UE-S1AP-ID"}

# GTPv2-C: tshark field -> (kind, keyhop key).  Header fields are in keyhop's envelope.
GTPV2_HEADER = {
    "gtpv2.seq": ("int", "sequence"),
    "gtpv2.teid": ("int", "teid"),
}
GTPV2_FIELDS = {
    "e212.imsi": ("str", "imsi"),
    "gtpv2.mm_context_kasme": ("hex", "kasme"),
    "gtpv2.mm_context_nh": ("hex", "nh"),
    "gtpv2.mm_context_ncc": ("int", "ncc"),
    "gtpv2.mm_context_nhi": ("int", "mm_context.nh?"),
    "gtpv2.ck": ("hex", "ck"),
    "gtpv2.ik": ("hex", "ik"),
    "gtpv2.mm_context_nas_ul_cnt": ("int", "nas_uplink_count"),
    "gtpv2.mm_context_nas_dl_cnt": ("int", "nas_downlink_count"),
    # A dotted key is a path: its first name is found at any depth, the rest are children.
    "gtpv2.mm_context_sm": ("int", "mm_context.security_mode"),
    "gtpv2.mm_context_ksi_a": ("int", "mm_context.ksi"),
    "gtpv2.mm_context_drx": ("hex", "mm_context.drx_parameter"),
    "gtpv2.uplink_subscribed_ue_ambr": ("int", "mm_context.subscribed_ue_ambr.uplink"),
    "gtpv2.downlink_subscribed_ue_ambr": ("int", "mm_context.subscribed_ue_ambr.downlink"),
    "gtpv2.uplink_used_ue_ambr": ("int", "mm_context.used_ue_ambr.uplink"),
    "gtpv2.downlink_used_ue_ambr": ("int", "mm_context.used_ue_ambr.downlink"),
    "gtpv2.mm_context_rand": ("hex", "rand"),
    "gtpv2.mm_context_xres": ("hex", "xres"),
    "gtpv2.mm_context_autn": ("hex", "autn"),
    "gtpv2.f_teid_interface_type": ("int", "f_teid.interface_type"),
    "gtpv2.f_teid_gre_key": ("int", "f_teid.teid"),
    "gtpv2.f_teid_ipv4": ("str", "f_teid.ipv4"),
    "gtpv2.cause": ("int", "cause.cause_value"),
    "gtpv2.ebi": ("int", "ebi"),
    "gtpv2.apn": ("str", "apn"),
    "gtpv2.ambr_up": ("int", "ambr.uplink"),
    "gtpv2.ambr_down": ("int", "ambr.downlink"),
    "gtpv2.bearer_qos_label_qci": ("int", "bearer_qos.qci"),
    "gtpv2.bearer_qos_pl": ("int", "bearer_qos.pl"),
    "gtpv2.bearer_qos_pci": ("int", "bearer_qos.pci"),
    "gtpv2.bearer_qos_pvi": ("int", "bearer_qos.pvi"),
    "gtpv2.bearer_qos_mbr_up": ("int", "bearer_qos.mbr_uplink"),
    "gtpv2.bearer_qos_mbr_down": ("int", "bearer_qos.mbr_downlink"),
    "gtpv2.bearer_qos_gbr_up": ("int", "bearer_qos.gbr_uplink"),
    "gtpv2.bearer_qos_gbr_down": ("int", "bearer_qos.gbr_downlink"),
    "gtpv2.rat_type": ("int", "rat_type"),
    "gtpv2.selec_mode": ("int", "selection_mode"),
    "gtpv2.pdn_type": ("int", "pdn_type"),
    "gtpv2.pdn_addr_and_prefix.ipv4": ("str", "paa.ipv4"),
    "gtpv2.apn_rest": ("int", "apn_restriction"),
    "gtpv2.ip_address_ipv4": ("str", "ip_address"),
    "gtpv2.container_type": ("int", "f_container.container_type"),
    "gtpv2.cause_type": ("int", "f_cause.cause_type"),
    "gtpv2.target_type": ("int", "target_identification.target_type"),
    "gtpv2.macro_enodeb_id": ("int", "target_identification.enb_id"),
    "gtpv2.rnc_id": ("int", "target_identification.rnc_id"),
    "gtpv2.lac": ("int", "target_identification.lac"),
    "gtpv2.rac": ("int", "target_identification.rac"),
    "gtpv2.tai_tac": ("int", "tac"),
    "gtpv2.ecgi_eci": ("int", "uli.ecgi.eci"),
    "gtpv2.rec": ("int", "recovery"),
    "gtpv2.response_in": ("int", "response_in"),
    "gtpv2.response_to": ("int", "response_to"),
    "gtpv2.response_time": ("float", "response_time"),
}

# GTPv1-C (tshark's `gtp`): header fields, then IE fields as above.
GTPV1_HEADER = {
    "gtp.seq_number": ("int", "sequence_number"),
    "gtp.teid": ("int", "teid"),
}
GTPV1_FIELDS = {
    "e212.imsi": ("str", "imsi"),
    "gtp.cause": ("label", "cause"),
    "gtp.teid_cp": ("int", "teid_control_plane"),
    "gtp.ranap_cause": ("int", "ranap_cause"),
    "gtp.gsn_ipv4": ("str", "gsn_address"),
    "gtp.ksi": ("int", "mm_context.ksi"),
    "gtp.no_of_vectors": ("int", "mm_context.no_of_vectors"),
    "gtp.ciphering_key_ck": ("hex", "mm_context.ck"),
    "gtp.integrity_key_ik": ("hex", "mm_context.ik"),
    "gtp.rand": ("hex", "rand"),
    "gtp.xres": ("hex", "xres"),
    "gtp.quintuplet_ciphering_key": ("hex", "quintuplets.ck"),
    "gtp.quintuplet_integrity_key": ("hex", "quintuplets.ik"),
    "gtp.auth": ("hex", "autn"),
    "gtp.nsapi": ("int", "pdp_context.nsapi"),
    "gtp.pdp_cntxt.sapi": ("int", "pdp_context.sapi"),
    "gtp.uplink_teid_cp": ("int", "pdp_context.uplink_teid_control_plane"),
    "gtp.uplink_teid_data": ("int", "pdp_context.uplink_teid_data_i"),
    "gtp.pdp_context_identifier": ("int", "pdp_context.pdp_context_identifier"),
    "gtp.pdp_organization": ("int", "pdp_context.pdp_type_organisation"),
    "gtp.pdp_type": ("int", "pdp_context.pdp_type_number"),
    "gtp.pdp_address.ipv4": ("str", "pdp_context.pdp_address"),
    "gtp.ggsn_address_for_control_plane.ipv4": ("str", "pdp_context.ggsn_address_control_plane"),
    "gtp.ggsn_address_for_user_traffic.ipv4": ("str", "pdp_context.ggsn_address_user_traffic"),
    "gtp.apn": ("str", "pdp_context.apn"),
    "gtp.sequence_number_down": ("int", "pdp_context.sequence_number_down"),
    "gtp.sequence_number_up": ("int", "pdp_context.sequence_number_up"),
    "gtp.lac": ("int", "target_identification.rai.lac"),
    "gtp.rai_rac": ("int", "target_identification.rai.rac"),
    "gtp.utran_field": ("hex", "utran_transparent_container"),
    "gtp.response_in": ("int", "response_in"),
    "gtp.response_to": ("int", "response_to"),
    "gtp.time": ("float", "response_time"),
}

# BIT STRING identifiers inside structured IEs: tshark shows the octets, keyhop the number.
ID_BITS = {"macroENB_ID": 20, "homeENB_ID": 28, "short_macroENB_ID": 18, "long_macroENB_ID": 21,
           "cell_ID": 28, "CellIdentity": 28, "eUTRANcellIdentifier": 28}


def _int(s):
    s = s.strip()
    return int(s, 16) if s.lower().startswith("0x") else int(s)


def _value(kind, f):
    if kind == "int":
        return _int(f.get("show", ""))
    if kind == "float":
        return float(f.get("show", "0").split()[0])
    if kind == "label":  # `Cause: Request accepted (128)` -> request_accepted
        text = (f.get("showname") or "").split(": ", 1)[-1]
        return snake(re.sub(r" \(\d+\)$", "", text).replace(" ", "-"))
    if kind == "hex":
        return (f.get("value") or f.get("show", "").replace(":", "")).lower()
    return f.get("show", "")


def _children(el):
    return [c for c in el if c.tag in ("field", "proto")]


def _short(name, proto):
    p = proto + "."
    return name[len(p):] if name.startswith(p) else name


class Extractor:
    """PDML packet -> records, plus expert errors."""

    def __init__(self):
        self.errors = []  # (frame, proto, summary)

    def packet(self, pkt):
        frame = None
        records = []
        ports = set()
        last = "frame"
        for proto in pkt.findall("proto"):
            name = proto.get("name")
            if not name.startswith("_ws."):
                last = name
            else:
                name = last  # `_ws.malformed` follows the protocol that broke
            if name == "frame":
                for f in proto.iter("field"):
                    if f.get("name") == "frame.number":
                        frame = int(f.get("show"))
                        break
            self._experts(proto, frame, name)
            if proto.get("name").startswith("_ws."):
                continue  # an expert item of the protocol before it, not another PDU
            if name in ("s1ap", "x2ap"):
                records.append(self.ap(proto, name, frame))
            elif name == "gtpv2":
                records.append(self.gtp(proto, frame, "gtpv2", GTPV2_HEADER, GTPV2_FIELDS))
            elif name == "udp":
                ports = {f.get("show") for f in proto.iter("field")
                         if f.get("name") in ("udp.srcport", "udp.dstport")}
            elif name == "gtp" and "2123" in ports:  # GTPv1-C only; keyhop skips GTP-U
                records.append(self.gtp(proto, frame, "gtpv1", GTPV1_HEADER, GTPV1_FIELDS))
        return frame, records

    def _experts(self, proto, frame, pname):
        def add(msg):
            if (frame, pname, msg) not in self.errors:
                self.errors.append((frame, pname, msg))

        for el in proto.iter():
            n = el.get("name", "")
            if n == "_ws.malformed":
                add("malformed: " + (el.get("showname") or el.get("show") or ""))
            elif n == "_ws.expert":
                sev = msg = None
                for c in el.iter("field"):
                    if c.get("name") == "_ws.expert.severity":
                        try:
                            sev = _int(c.get("show", "0"))
                        except ValueError:
                            sev = ERROR_SEVERITY if "error" in c.get("showname", "").lower() else 0
                    elif c.get("name") == "_ws.expert.message":
                        msg = c.get("show")
                if sev is not None and sev >= ERROR_SEVERITY:
                    add(msg or el.get("showname") or "expert error")

    # -- S1AP / X2AP

    def ap(self, proto, pname, frame):
        rec = {"frame": frame, "protocol": pname, "fields": {}}
        simple = S1AP_FIELDS if pname == "s1ap" else X2AP_FIELDS
        fields = rec["fields"]
        for top in proto.iter("field"):
            short = _short(top.get("name", ""), pname)
            if short.endswith("_element") and short[:-8] in PDU_TYPES:
                rec["pdu_type"] = PDU_TYPES[short[:-8]]
                for c in _children(top):
                    cs = _short(c.get("name", ""), pname)
                    if cs == "procedureCode":
                        rec["procedure_code"] = _int(c.get("show"))
                    elif cs == "value_element":
                        for m in _children(c):
                            ms = _short(m.get("name", ""), pname)
                            if ms.endswith("_element"):
                                rec["message"] = ms[:-8]
                                self._ies(m, pname, fields, simple)
                break  # the first PDU type element is the PDU's; nested ones are not
        return rec

    def _ies(self, msg, pname, fields, simple):
        """Walk the message: IE items are unnamed fields shown as `Item n: id-...`."""

        def walk(el, ie):
            for c in _children(el):
                name = c.get("name", "")
                show = c.get("show", "") or ""
                m = re.match(r"Item \d+: (id-\S+)$", show) if not name else None
                if m:
                    ident = m.group(1)
                    if ie is None and ident in STRUCT_IES:
                        fields.setdefault(STRUCT_IES[ident], []).append(self._leaves(c, pname))
                    if ident in X2AP_ID_IES and pname == "x2ap":
                        for f in c.iter("field"):
                            if _short(f.get("name", ""), pname) in ("UE_X2AP_ID", "UE_X2AP_ID_Extension"):
                                fields.setdefault(ie_name(ident), []).append(_int(f.get("show")))
                    walk(c, ident)
                    continue
                short = _short(name, pname)
                if short in simple and c.get("hide") != "yes":  # hidden copies repeat a value
                    kind, key = simple[short]
                    if pname == "s1ap" and ie in S1AP_ID_IES:
                        key = ie_name(ie)
                    fields.setdefault(key, []).append(_value(kind, c))
                walk(c, ie)

        walk(msg, None)

    def _leaves(self, item, pname):
        """A structured IE (Cause, TargetID) as {leaf path: value}: CHOICE alternatives and
        SEQUENCE components by keyhop name, ENUMERATED by value name, octets as hex."""
        out = {}

        def walk(el, path):
            for c in _children(el):
                name = c.get("name", "")
                short = _short(name, pname)
                if c.get("hide") == "yes":
                    continue
                if not name.startswith(pname + ".") or short in ("id", "criticality", "value_element",
                                                                 "ProtocolIE_Field_element"):
                    if short in ("value_element", "ProtocolIE_Field_element"):
                        walk(c, path)
                    continue
                base = short[:-8] if short.endswith("_element") else short
                kids = [k for k in _children(c) if k.get("name", "").startswith(pname + ".")]
                if base in ("Cause", "TargetID", "ENB_ID") or (kids and not short.endswith("_element")
                                                              and base[0].isupper()):
                    # a CHOICE wrapper named after its type: its child is the alternative
                    walk(c, path)
                    continue
                key = path + "." + snake(base.replace("_", "-")) if path else snake(base.replace("_", "-"))
                if kids:
                    walk(c, key)
                else:
                    out[key] = self._leaf(c, base)

        walk(item, "")
        return out

    @staticmethod
    def _leaf(f, base):
        showname = f.get("showname", "") or ""
        val = f.get("value", "") or ""
        if base.lower() in ("tac", "lac", "rac") and val:
            return val.lower()  # OCTET STRINGs tshark shows as numbers
        if base in ID_BITS:
            nbits = ID_BITS[base]
            raw = int(val, 16) if val else 0
            return raw >> (len(val) * 4 - nbits) if len(val) * 4 >= nbits else raw
        m = re.match(r"^[^:]+: (\S+) \((\d+)\)$", showname)
        if m and not re.match(r"^[0-9a-fA-F:]+$", m.group(1)):
            return snake(m.group(1))  # ENUMERATED: `radioNetwork: ho-target-not-allowed (12)`
        show = f.get("show", "")
        if re.match(r"^-?\d+$", show or ""):
            return int(show)
        return val.lower()

    # -- GTPv2-C

    def gtp(self, proto, frame, pname, header, fields):
        rec = {"frame": frame, "protocol": pname, "fields": {}}
        mt = "gtpv2.message_type" if pname == "gtpv2" else "gtp.message"
        for f in proto.iter("field"):
            n = f.get("name", "")
            if n == mt and "message_type" not in rec:
                rec["message_type"] = _int(f.get("show"))
            elif n in header and header[n][1] not in rec["fields"]:
                kind, key = header[n]
                rec["fields"][key] = [_value(kind, f)]
            elif n in fields:
                kind, key = fields[n]
                rec["fields"].setdefault(key, []).append(_value(kind, f))
        return rec


def run_tshark(capture, tshark="tshark"):
    """Stream tshark's PDML: yields (frame, records) per packet; collects expert errors."""
    ex = Extractor()
    # Two passes, so that a GTP request shows the frame of its response (`response_in`).
    cmd = [tshark, "-2", "-r", capture, "-T", "pdml"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = []
    for _event, el in ET.iterparse(p.stdout, events=("end",)):
        if el.tag == "packet":
            out.append(ex.packet(el))
            el.clear()
    err = p.stderr.read().decode("utf-8", "replace")
    if p.wait() != 0:
        raise SystemExit("tshark failed (%s): %s" % (" ".join(cmd), err.strip()))
    return out, ex.errors


# ---------------------------------------------------------------------------------------------
# keyhop side


def find_all(obj, key):
    """Every value under `key` at any depth, in document order (arrays of values flattened)."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                if isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
                    out.extend(v)
                else:
                    out.append(v)
            else:
                out.extend(find_all(v, key))
    elif isinstance(obj, list):
        for x in obj:
            out.extend(find_all(x, key))
    return out


def _scalars(vals):
    """Arrays flattened; an IE in the `{"instance", "value"}` form gives its value."""
    out = []
    for v in vals:
        if isinstance(v, list):
            out.extend(_scalars(v))
        elif isinstance(v, dict) and "value" in v and "instance" in v:
            out.append(v["value"])
        else:
            out.append(v)
    return out


def find_path(obj, path):
    """`a.b.c`: every `a` at any depth, then its child `b`, its child `c` (arrays walked).
    A trailing `?` gives 1 or 0 for the presence of the last name."""
    present = path.endswith("?")
    names = path.rstrip("?").split(".")
    vals = _scalars(find_all(obj, names[0])) if len(names) > 1 else [obj]
    if len(names) == 1:
        names = names + []
    for name in names[1:]:
        nxt = []
        for v in vals:
            if isinstance(v, dict):
                if present and name == names[-1]:
                    nxt.append(1 if name in v else 0)
                elif name in v:
                    nxt.extend(_scalars([v[name]]))
            elif isinstance(v, list):
                for x in v:
                    if isinstance(x, dict) and name in x:
                        nxt.extend(_scalars([x[name]]))
        vals = nxt
    return vals


def flatten(obj, path=""):
    """keyhop's structured IE as {leaf path: value} (same shape as Extractor._leaves)."""
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "ie_extensions":
                continue
            out.update(flatten(v, path + "." + k if path else k))
    elif isinstance(obj, list):
        for x in obj:
            out.update(flatten(x, path))
    else:
        out[path] = obj
    return out


def normalise(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float):
        return round(v, 6)
    if isinstance(v, str):
        return v.lower().replace(":", "")
    return v


def compare(ts, kh, report):
    """One tshark record against keyhop's record for it.  Returns the number of fields compared."""
    where = "frame %s %s" % (ts["frame"], ts["protocol"])
    n = 0
    if kh is None:
        report(where, "keyhop has no record for this PDU", ts.get("message") or ts.get("message_type"), None)
        return 0
    if "error" in kh:
        report(where, "keyhop could not decode it", None, kh["error"])
        return 0
    if ts["protocol"] in ("s1ap", "x2ap"):
        for key in ("procedure_code", "pdu_type"):
            n += 1
            if ts.get(key) != kh.get(key):
                report(where, key, ts.get(key), kh.get(key))
        n += 1
        if ts.get("message") != (kh.get("message") or "").replace("-", "_"):
            report(where, "message", ts.get("message"), kh.get("message"))
    else:
        n += 1
        if ts.get("message_type") != kh.get("message_type"):
            report(where, "message_type", ts.get("message_type"), kh.get("message_type"))
    for key, tvals in ts["fields"].items():
        n += 1
        if key in ("cause", "target_id") and ts["protocol"] in ("s1ap", "x2ap"):
            kvals = [flatten(v) for v in find_all(kh, key)]
            if len(kvals) != len(tvals):
                report(where, key, tvals, kvals)
                continue
            for t, k in zip(tvals, kvals):
                # compare the leaves tshark shows; keyhop may show more (e.g. iE-Extensions)
                bad = {p: (t[p], k.get(p, "<missing>")) for p in t if normalise(t[p]) != normalise(k.get(p))}
                if bad:
                    report(where, key, t, k)
            continue
        if ts["protocol"] in ("gtpv1", "gtpv2") and key in (
                "sequence", "sequence_number", "teid", "response_in", "response_to", "response_time"):
            kvals = [kh[key]] if key in kh else []
        elif "." in key or key.endswith("?"):
            # keyhop groups the repeats of an IE type under one key, so a path's values come
            # in another order than the wire's: compared as multisets.
            kvals = find_path(kh, key)
            if sorted(map(str, map(normalise, tvals))) == sorted(map(str, map(normalise, kvals))):
                continue
        else:
            # An IE with spare bits set shows `{"instance", "value", "spare_bits"}`: its value.
            kvals = _scalars(find_all(kh, key))
        if [normalise(x) for x in tvals] != [normalise(x) for x in kvals]:
            report(where, key, tvals, kvals if kvals else "<missing>")
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("capture")
    ap.add_argument("--keyhop", help="keyhop read --format jsonl --show-keys output ('-' for stdin)")
    ap.add_argument("--dump", action="store_true", help="print tshark's records only (JSON Lines)")
    ap.add_argument("--allow-frame", type=int, action="append", default=[],
                    help="ignore malformed/expert errors in this frame (repeatable)")
    ap.add_argument("--allow-expert", action="append", default=[],
                    help="ignore expert errors whose 'PROTO: summary' matches this regex (repeatable)")
    ap.add_argument("--known-gap", action="append", default=[], metavar="FRAME:FIELD",
                    help="a field of a frame that keyhop does not type yet: its disagreement is "
                         "listed as a known gap, not a failure (repeatable)")
    ap.add_argument("--tshark", default="tshark")
    args = ap.parse_args(argv)
    if not args.dump and not args.keyhop:
        ap.error("give --keyhop FILE or --dump")

    packets, errors = run_tshark(args.capture, args.tshark)
    allowed = [re.compile(r) for r in args.allow_expert]
    failures = []
    gaps = []
    known = set()
    for g in args.known_gap:
        f, _, field = g.partition(":")
        known.add((int(f), field))

    def report(where, what, tshark_value, keyhop_value):
        parts = where.split()
        if len(parts) >= 2 and parts[1].isdigit() and (int(parts[1]), what) in known:
            gaps.append((where, what))
            return
        failures.append((where, what, tshark_value, keyhop_value))

    for frame, proto, msg in errors:
        text = "%s: %s" % (proto, msg)
        if frame in args.allow_frame or any(r.search(text) for r in allowed):
            continue
        report("frame %s" % frame, "tshark error", text, None)

    if args.dump:
        for _frame, recs in packets:
            for r in recs:
                print(json.dumps(r))
        for frame, proto, msg in errors:
            print(json.dumps({"frame": frame, "tshark_error": "%s: %s" % (proto, msg),
                              "allowed": not any(f[2] == "%s: %s" % (proto, msg) for f in failures)}))
        return 1 if failures else 0

    src = sys.stdin if args.keyhop == "-" else open(args.keyhop)
    keyhop = {}
    for line in src:
        line = line.strip()
        if line:
            r = json.loads(line)
            keyhop.setdefault((r.get("frame"), r.get("protocol")), []).append(r)
    frames = fields = pdus = 0
    seen = set()
    for frame, recs in packets:
        if recs:
            frames += 1
        counters = {}
        for r in recs:
            pdus += 1
            i = counters.get(r["protocol"], 0)
            counters[r["protocol"]] = i + 1
            lst = keyhop.get((frame, r["protocol"]), [])
            seen.add((frame, r["protocol"]))
            fields += compare(r, lst[i] if i < len(lst) else None, report)
        for proto, n in counters.items():
            extra = keyhop.get((frame, proto), [])[n:]
            for e in extra:
                report("frame %s %s" % (frame, proto), "keyhop has a PDU tshark does not show",
                       None, e.get("message"))
    for (frame, proto), lst in keyhop.items():
        if (frame, proto) not in seen and proto in ("s1ap", "x2ap", "gtpv1", "gtpv2"):
            report("frame %s %s" % (frame, proto), "keyhop has a PDU tshark does not show", None,
                   [e.get("message") for e in lst])
    for where, what in gaps:
        print("KNOWN GAP %s: %s (not typed by keyhop yet)" % (where, what))
    unused = known - {(int(w.split()[1]), f) for w, f in gaps}
    for f, field in sorted(unused):
        print("FAIL --known-gap %d:%s matched nothing: remove it" % (f, field))
        failures.append(("frame %d" % f, "unused known gap", field, None))
    failed_where = {f[0] for f in failures}
    for where, what, t, k in failures:
        print("FAIL %s: %s: tshark=%s keyhop=%s" % (where, what, json.dumps(t), json.dumps(k)))
    passed = pdus - len({w for w in failed_where if w.count(" ") >= 2})
    print("%d passed, %d failed (%d frames, %d PDUs, %d fields compared)"
          % (max(passed, 0), len(failures), frames, pdus, fields))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
