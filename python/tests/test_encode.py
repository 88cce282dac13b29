"""keyhop.<protocol>.encode: the dicts of decode back to bytes.

* every S1AP/X2AP message of every sample, violation sample and shared capture encodes back to
  its octets from ``decode(data, show_keys=True, show_raw=True)``;
* an edited value is what gets encoded, as keyhop and pycrate both read it;
* against pycrate both ways: random PDUs pycrate encodes decode in keyhop to dicts that encode
  back to pycrate's octets, which pycrate decodes to the values it started from; sample PDUs
  keyhop encodes, pycrate decodes and encodes again to the same octets, which keyhop decodes
  to the same dict;
* errors name the protocol and the field, never the value.
"""

import json
import os
import random
import sys

import pytest

import keyhop

from common import ROOT, shared_captures
SAMPLES = sorted((ROOT / "samples").glob("*.pcapng")) + sorted((ROOT / "samples" / "violations").glob("*.pcapng"))
ENCODERS = {"s1ap": keyhop.s1ap, "x2ap": keyhop.x2ap, "gtpv2": keyhop.gtpv2, "gtpv1": keyhop.gtpv1}

sys.path.insert(0, str(ROOT / "tests" / "interop"))


def round_trip(cap):
    n = 0
    for frame, proto, data in keyhop.payloads(cap):
        mod = ENCODERS.get(proto)
        if mod is None:
            continue
        try:
            d = mod.decode(data, show_keys=True, show_raw=True)
        except ValueError:
            continue  # keyhop does not decode it: nothing to encode
        out = mod.encode(d)
        if proto == "gtpv2" and "notes" in d:
            # Octets after a GTP message (noted) are not part of it.
            assert data.startswith(out) and len(out) < len(data), (cap.name, frame, proto)
        elif proto == "gtpv1" and "notes" in d:
            # GTPv1 notes are octets after the message or remarks on it.
            assert data.startswith(out), (cap.name, frame, proto)
        else:
            assert out == data, (cap.name, frame, proto)
        n += 1
    return n


@pytest.mark.parametrize("cap", SAMPLES, ids=lambda p: p.name)
def test_sample_messages_encode_back(cap):
    # Every sample holds S1AP, X2AP or GTPv2-C messages (the UTRAN one has GTPv1-C only).
    n = round_trip(cap)
    if cap.name != "utran-lte-handover.pcapng":
        assert n > 0, cap.name


def test_shared_capture_messages_encode_back():
    total = sum(round_trip(c) for c in shared_captures())
    assert total > 100


def handover_request():
    cap = ROOT / "samples" / "s1-handover.pcapng"
    for frame, proto, data in keyhop.payloads(cap):
        if proto == "s1ap":
            d = keyhop.s1ap.decode(data, show_keys=True, show_raw=True)
            if d["message"] == "HandoverRequest":
                return data, d
    raise AssertionError("no HandoverRequest in the S1 sample")


def find(val, key):
    """The first value of `key` anywhere in a pycrate value."""
    if isinstance(val, dict):
        if key in val:
            return val[key]
        vals = val.values()
    elif isinstance(val, (list, tuple)):
        vals = val
    else:
        return None
    for v in vals:
        got = find(v, key)
        if got is not None:
            return got
    return None


def test_edit_ncc_then_encode():
    from pycrate_asn1dir import S1AP

    data, d = handover_request()
    ncc = d["security_context"]["next_hop_chaining_count"]
    new = (ncc + 5) % 8
    d["security_context"]["next_hop_chaining_count"] = new
    out = keyhop.s1ap.encode(d)
    assert out != data and len(out) == len(data)
    assert keyhop.s1ap.decode(out)["security_context"]["next_hop_chaining_count"] == new
    pdu = S1AP.S1AP_PDU_Descriptions.S1AP_PDU
    pdu.from_aper(out)
    assert find(pdu.get_val(), "nextHopChainingCount") == new
    # The NH itself is unchanged, as pycrate reads it.
    nh = find(pdu.get_val(), "nextHopParameter")
    assert nh[1] == 256 and nh[0].to_bytes(32, "big").hex() == d["security_context"]["next_hop_parameter"]


def test_errors_name_the_field():
    data, d = handover_request()
    d["security_context"]["next_hop_chaining_count"] = 9
    with pytest.raises(ValueError) as e:
        keyhop.s1ap.encode(d)
    assert str(e.value) == "s1ap: security_context.next_hop_chaining_count: expected 0..=7"
    # The default decode redacts the NH: encoding it is an error naming it, without octets.
    plain = keyhop.s1ap.decode(data)
    with pytest.raises(ValueError) as e:
        keyhop.s1ap.encode(plain)
    assert "redacted" in str(e.value)
    with pytest.raises(ValueError):
        keyhop.x2ap.encode({"message": "NoSuchMessage"})


@pytest.mark.parametrize("proto_name", ["s1ap", "x2ap"])
def test_pycrate_encoded_pdus_encode_back(proto_name):
    """pycrate -> bytes -> keyhop dict -> keyhop bytes == pycrate's; pycrate reads keyhop's
    bytes to the value it encoded."""
    import aper_random

    mod = __import__(proto_name + "_pycrate")
    proto = mod.protocol()
    gen = aper_random.Generator(random.Random(1805), aper_random.Coverage(), proto.id_names)
    kh = ENCODERS[proto_name]
    checked = 0
    for m in proto.messages:
        for _ in range(4):
            gen.unknowns = True
            proto.pdu.set_val(proto.generate(gen, m))
            data = proto.pdu.to_aper()
            if not aper_random.roundtrips(proto.pdu, data):
                continue
            want = proto.pdu.get_val()
            d = kh.decode(data, show_keys=True, show_raw=True)
            out = kh.encode(d)
            assert out == data, (m, data.hex(), out.hex())
            proto.pdu.from_aper(out)
            assert aper_random.fix_unknown_extension_indexes(proto.pdu.get_val()) == want, m
            checked += 1
    assert checked >= len(proto.messages) * 3


@pytest.mark.parametrize("cap", [c for c in SAMPLES if "s10" not in c.name and "utran" not in c.name], ids=lambda p: p.name)
def test_keyhop_encoded_pdus_read_the_same_in_pycrate(cap):
    """Sample dict -> keyhop bytes -> pycrate decodes and re-encodes the same bytes -> keyhop
    decodes those to the same dict."""
    import aper_random

    n = 0
    for frame, proto_name, data in keyhop.payloads(cap):
        if proto_name not in ("s1ap", "x2ap"):
            continue  # APER protocols only (GTPv2: test_gtpv2_edit_f_teid_then_encode)
        kh = ENCODERS[proto_name]
        proto = __import__(proto_name + "_pycrate").protocol()
        d = kh.decode(data, show_keys=True, show_raw=True)
        out = kh.encode(d)
        if not aper_random.roundtrips(proto.pdu, out):
            continue  # pycrate does not re-encode it as sent (its own limits): not comparable
        back = proto.pdu.to_aper()
        assert back == out
        assert kh.decode(back, show_keys=True, show_raw=True) == d, (cap.name, frame)
        n += 1
    assert n > 0


@pytest.mark.parametrize("cap", [ROOT / "samples" / "s1-handover.pcapng", ROOT / "samples" / "x2-makr.pcapng", ROOT / "samples" / "s10-inter-mme-handover.pcapng"], ids=lambda p: p.name)
def test_keyhop_read_records_encode_as_they_are(cap):
    """A record of ``keyhop read`` (envelope, src/dst nodes, nas, rrc, security...) is accepted
    as it is: the envelope is skipped, the message encodes back. So does the export's json
    column, which is the record without the envelope (docs/export.md)."""
    recs = list(keyhop.messages(cap, show_keys=True, show_raw=True))
    pays = list(keyhop.payloads(cap))
    assert len(recs) == len(pays)
    n = 0
    for rec, (frame, proto, data) in zip(recs, pays):
        assert rec["frame"] == frame and rec["protocol"] == proto
        if proto in ENCODERS:
            assert ENCODERS[proto].encode(rec) == data, frame
            n += 1
    assert n > 10
    # The export's json column, without the envelope, encodes back as it is.
    cols = [json.loads(j) for b in keyhop.read_capture(cap, show_keys=True, show_raw=True) for j in b.column("json").to_pylist()]
    assert len(cols) == len(pays)
    m = 0
    for col, (frame, proto, data) in zip(cols, pays):
        assert "frame" not in col and "protocol" not in col
        if proto in ENCODERS:
            assert ENCODERS[proto].encode(col) == data, frame
            m += 1
    assert m == n


def mutations(v, rng):
    """Paths to every leaf of a dict/list value."""
    out = []

    def walk(x, path):
        if isinstance(x, dict):
            for k, y in x.items():
                walk(y, path + [k])
        elif isinstance(x, list):
            for i, y in enumerate(x):
                walk(y, path + [i])
        if path:
            out.append(path)

    walk(v, [])
    return out


def test_hostile_dicts_are_value_errors_never_panics():
    """Random leaves of real messages replaced by values of every wrong kind: encode gives bytes
    (which keyhop decodes) or a ValueError naming the protocol, never another exception."""
    import copy

    rng = random.Random(40)
    dicts = []
    for cap in [ROOT / "samples" / "s1-handover.pcapng", ROOT / "samples" / "x2-makr.pcapng",
                ROOT / "samples" / "s10-inter-mme-handover.pcapng"]:
        for frame, proto, data in keyhop.payloads(cap):
            if proto in ENCODERS:
                dicts.append((proto, ENCODERS[proto].decode(data, show_keys=True, show_raw=True)))
    bad = [None, True, -1, 2**63, 2**70, 1.5, "", "zz", "fp:00112233", "<9 octets fp:00112233>",
           "unknown(7)", "unknown(99999999999)", "ab" * 40000, [], [1, 2], {}, {"bits": 3, "value": "ff"},
           {"x": 1}, "reject"]
    ok = errors = 0
    for i in range(3000):
        proto, d = dicts[rng.randrange(len(dicts))]
        d = copy.deepcopy(d)
        paths = mutations(d, rng)
        for _ in range(rng.choice([1, 1, 2, 3])):
            p = paths[rng.randrange(len(paths))]
            try:
                x = d
                for k in p[:-1]:
                    x = x[k]
                if rng.random() < 0.1 and isinstance(x, dict):
                    del x[p[-1]]
                else:
                    x[p[-1]] = copy.deepcopy(rng.choice(bad))
            except (KeyError, IndexError, TypeError):
                pass
        try:
            out = ENCODERS[proto].encode(d)
        except ValueError as e:
            assert str(e).startswith(proto + ": "), str(e)
            errors += 1
            continue
        ENCODERS[proto].decode(out)
        ok += 1
    assert errors > 1000 and ok > 0, (ok, errors)


def test_gtpv2_edit_f_teid_then_encode():
    """A changed F-TEID TEID and sequence number are what gets encoded: keyhop and pycrate
    (TS29274_GTPC) read them back, and nothing else changed."""
    cap = ROOT / "samples" / "s10-inter-mme-handover.pcapng"
    for frame, proto, data in keyhop.payloads(cap):
        if proto != "gtpv2":
            continue
        d = keyhop.gtpv2.decode(data, show_keys=True, show_raw=True)
        # Not the Forward Relocation Request: pycrate does not parse its MM Context form
        # (tests/interop/gtpv2_pycrate.py, KNOWN).
        if "f_teid" in d and "notes" not in d and d["message"] != "ForwardRelocationRequest":
            break
    else:
        raise AssertionError("no GTPv2 message with an F-TEID")
    f = d["f_teid"][0] if isinstance(d["f_teid"], list) else d["f_teid"]
    new = f["teid"] ^ 0x5A5A0001
    f["teid"] = new
    d["sequence"] = (d["sequence"] + 0x10101) & 0xFFFFFF
    out = keyhop.gtpv2.encode(d)
    assert len(out) == len(data) and out != data
    back = keyhop.gtpv2.decode(out, show_keys=True, show_raw=True)
    g = back["f_teid"][0] if isinstance(back["f_teid"], list) else back["f_teid"]
    assert g["teid"] == new and back["sequence"] == d["sequence"]
    assert sum(a != b for a, b in zip(out, data)) <= 7
    G = pytest.importorskip("pycrate_mobile.TS29274_GTPC") if os.environ.get("KEYHOP_INTEROP") != "1" \
        else __import__("pycrate_mobile.TS29274_GTPC", fromlist=["parse_GTPC"])
    msg, err = G.parse_GTPC(out)
    assert msg is not None and not err, err
    assert msg.to_bytes() == out
    assert msg[0]["SeqNum"].get_val() == d["sequence"]
    teids = [ie[1].get_val()[3] for ie in msg[1] if ie[1].__class__.__name__ == "FTEID"]
    assert teids[0] == new


def test_gtpv2_errors_name_the_field():
    cap = ROOT / "samples" / "s10-inter-mme-handover.pcapng"
    for frame, proto, data in keyhop.payloads(cap):
        if proto == "gtpv2":
            d = keyhop.gtpv2.decode(data, show_keys=True, show_raw=True)
            if "mm_context" in d:
                break
    else:
        raise AssertionError("no MM Context in the S10 sample")
    kasme = d["mm_context"]["kasme"]
    d["mm_context"]["kasme"] = "fp:00112233"
    with pytest.raises(ValueError) as e:
        keyhop.gtpv2.encode(d)
    assert str(e.value).startswith("gtpv2: mm_context.kasme: value is redacted")
    assert kasme[:8] not in str(e.value)
    # The default (redacted) decode cannot be encoded.
    with pytest.raises(ValueError, match="redacted"):
        keyhop.gtpv2.encode(keyhop.gtpv2.decode(data))
