"""keyhop.nas: decode and encode NAS PDUs.

* every NAS-PDU of every sample (and shared capture) encodes back to its octets from
  ``decode(data, show_keys=True, show_raw=True)``;
* an edited value is what gets encoded;
* damaged dicts (a key removed, a value of the wrong type or range, a fingerprint where
  octets are needed) raise ValueError naming the field, never crash;
* damaged PDUs (cuts, bit flips) decode and encode back, or raise ValueError.
"""

import random

import pytest

import keyhop

from common import ROOT, shared_captures
SAMPLES = sorted((ROOT / "samples").glob("*.pcapng")) + sorted((ROOT / "samples" / "violations").glob("*.pcapng"))


def nas_pdus_in(value, out):
    """Every `nas_pdu` value (hex) anywhere in an S1AP dict."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "nas_pdu" and isinstance(v, str):
                out.append(bytes.fromhex(v))
            else:
                nas_pdus_in(v, out)
    elif isinstance(value, list):
        for v in value:
            nas_pdus_in(v, out)
    return out


def nas_pdus(cap):
    out = []
    for frame, proto, data in keyhop.payloads(cap):
        if proto != "s1ap":
            continue
        try:
            d = keyhop.s1ap.decode(data, show_keys=True, show_raw=True)
        except ValueError:
            continue
        out.extend(nas_pdus_in(d, []))
    return out


def test_sample_nas_pdus_encode_back():
    n = 0
    for cap in SAMPLES:
        for b in nas_pdus(cap):
            d = keyhop.nas.decode(b, show_keys=True, show_raw=True)
            assert keyhop.nas.encode(d) == b, (cap.name, b.hex(), d)
            n += 1
    # 211 NAS-PDUs when written.
    assert n > 100, n


def test_shared_capture_nas_pdus_encode_back():
    n = 0
    for cap in shared_captures():
        for b in nas_pdus(cap):
            assert keyhop.nas.encode(keyhop.nas.decode(b, True, True)) == b, (cap.name, b.hex())
            n += 1
    assert n > 100, n


SMC = bytes.fromhex("37b2edaa9800075d010005f0f0c04060")


def test_edit_then_encode():
    d = keyhop.nas.decode(SMC, True, True)
    assert d["message"]["name"] == "Security Mode Command"
    assert d["message"]["integrity_algorithm"] == "EIA1"
    d["message"]["selected_nas_security_algorithms"] = "02"
    out = keyhop.nas.encode(d)
    assert out == SMC[:8] + b"\x02" + SMC[9:]
    assert keyhop.nas.decode(out)["message"]["integrity_algorithm"] == "EIA2"


def test_redacted_is_an_error_naming_the_field():
    b = bytes.fromhex("27de7d0b04010102030405060708")  # ciphered, 8 octets after the header
    d = keyhop.nas.decode(b)
    with pytest.raises(ValueError, match=r"^nas: message_octets: value is redacted"):
        keyhop.nas.encode(d)
    assert keyhop.nas.encode(keyhop.nas.decode(b, show_raw=True)) == b


def mutations(d, rng):
    """Damaged copies of a dict: a key removed, a value replaced by one of another type or
    out of range, at every level."""
    paths = []

    def walk(v, path):
        if isinstance(v, dict):
            for k, x in v.items():
                paths.append(path + [k])
                walk(x, path + [k])
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, path + [i])

    walk(d, [])
    for path in paths:
        for repl in (None, -1, 256, 70000, "zz", "fp:00112233", "<9 octets fp:00112233>", [], {}, True, "", "0" * 1001):
            c = _copy(d)
            parent = c
            for k in path[:-1]:
                parent = parent[k]
            if repl is None:
                del parent[path[-1]]
            else:
                parent[path[-1]] = repl
            yield path, c
        if rng.random() < 0.2:
            c = _copy(d)
            c["bogus_%d" % rng.randrange(100)] = 1
            yield ["bogus"], c


def _copy(v):
    import json

    return json.loads(json.dumps(v))


def test_header_cut_short_is_a_value_error_naming_field_and_offset():
    with pytest.raises(ValueError, match=r"^nas: nas_mac: .* at byte 1"):
        keyhop.nas.decode(bytes.fromhex("2701"))
    with pytest.raises(ValueError, match=r"nas"):
        keyhop.nas.decode(b"")


def test_damaged_dicts_raise_value_error_never_crash():
    rng = random.Random(7)
    seeds = [SMC, bytes.fromhex(
        "27de7d0b040107420249062000f110000100395201c101090908696e7465726e657405012d2d0002272280"
        "8021100200001081068c60fe6683068c60fe62000d048c60fe66000d048c60fe62500bf600f110000201ce"
        "003f095949640101"), bytes.fromhex("074171080910101032547698200200"),
        bytes.fromhex("c7a51234"), bytes.fromhex("0756080910101032547698")]
    n_err = 0
    for b in seeds:
        d = keyhop.nas.decode(b, True, True)
        for path, c in mutations(d, rng):
            try:
                out = keyhop.nas.encode(c)
            except ValueError as e:
                assert str(e).startswith("nas"), (path, e)
                n_err += 1
                continue
            assert isinstance(out, bytes)
    assert n_err > 100, n_err


def test_damaged_pdus_decode_and_encode_back_or_raise():
    rng = random.Random(11)
    for cap in SAMPLES[:4]:
        for b in nas_pdus(cap)[:20]:
            for _ in range(20):
                c = bytearray(b[: rng.randrange(len(b) + 1)])
                if c and rng.random() < 0.7:
                    i = rng.randrange(len(c))
                    c[i] ^= 1 << rng.randrange(8)
                c = bytes(c)
                try:
                    d = keyhop.nas.decode(c, True, True)
                except ValueError as e:
                    assert str(e).startswith("nas"), e
                    continue
                assert keyhop.nas.encode(d) == c, c.hex()
