"""The keyhop wheel against independent references: pycrate (decode), key-refresh-vectors.json
(derivations, computed by another implementation), `keyhop read` (captures), Polars and Spark
(Arrow batches).

Environment: KEYHOP_BIN (the keyhop binary), KEYHOP_ROOT (the checkout), KEYHOP_SHARED (the
shared/ folder with spec/ and captures/).
"""

import collections
import json
import os
import random
import subprocess
import sys

import pytest

import keyhop

from common import ROOT, SHARED
BIN = os.environ.get("KEYHOP_BIN", str(ROOT / "target" / "debug" / "keyhop"))
SAMPLES = sorted((ROOT / "samples").glob("*.pcapng"))
VECTORS = json.loads((SHARED / "spec" / "key-refresh-vectors.json").read_text())

sys.path.insert(0, str(ROOT / "tests" / "interop"))
import export_record  # noqa: E402


def read_jsonl(cap):
    out = subprocess.run([BIN, "read", "--format", "jsonl", str(cap)], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    recs = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    recs = [r for r in recs if "src" in r]
    for r in recs:
        r.pop("response_in", None)
    return recs


def test_samples_exist():
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("cap", SAMPLES, ids=lambda p: p.name)
def test_read_capture_is_keyhop_read(cap):
    batches = list(keyhop.read_capture(cap, batch_rows=16))
    want = read_jsonl(cap)
    assert sum(b.num_rows for b in batches) == len(want)
    assert all(b.num_rows <= 16 for b in batches)
    got = [r for b in batches for r in export_record.records_of_batch(b)]
    assert got == want
    assert list(keyhop.messages(cap)) == want


def test_read_capture_reads_gzip_captures(tmp_path):
    """A gzip-compressed capture (known by its first octets, not its name: `tcpdump -C`'s
    trace.pcap1) gives the batches of the plain file; packed here by Python's gzip."""
    import gzip
    cap = ROOT / "samples" / "s1-handover.pcapng"
    packed = tmp_path / "trace.pcap1"
    packed.write_bytes(gzip.compress(cap.read_bytes()))
    got = [r for b in keyhop.read_capture(packed) for r in export_record.records_of_batch(b)]
    want = [r for b in keyhop.read_capture(cap) for r in export_record.records_of_batch(b)]
    assert got == want and len(want) > 0


def test_read_capture_of_a_cut_file_yields_every_whole_record_then_raises(tmp_path):
    """A capture cut short (a capture still being written, a copy interrupted) yields the rows
    of every whole record before the cut, as `keyhop read` shows them, even those of the batch
    the cut falls in; then it raises ValueError naming the damage."""
    cap = ROOT / "samples" / "s1-handover.pcapng"
    data = cap.read_bytes()
    cut = tmp_path / "cut.pcapng"
    cut.write_bytes(data[: len(data) * 2 // 3 + 5])
    want = read_jsonl(cut)
    assert 0 < len(want) < len(read_jsonl(cap))
    got = []
    with pytest.raises(ValueError) as e:
        # A batch larger than the capture: the cut falls inside the first batch.
        for b in keyhop.read_capture(cut, batch_rows=100000):
            got.extend(export_record.records_of_batch(b))
    assert "cut.pcapng" in str(e.value)
    assert got == want


def test_read_capture_warns_of_damaged_frames(tmp_path):
    """A frame whose IP header is damaged carries no message: read_capture gives every message
    `keyhop read` shows and, as the iteration ends, a warning counting the damaged frames as
    read's closing lines do."""
    import re
    import warnings

    cap = ROOT / "samples" / "s1-handover.pcapng"
    data = bytearray(cap.read_bytes())
    # The first IPv4 header after an Ethernet type 0x0800: a header length of 0 words.
    at = data.index(b"\x08\x00\x45") + 2
    data[at] = 0x40
    bad = tmp_path / "bad-ip.pcapng"
    bad.write_bytes(bytes(data))
    out = subprocess.run([BIN, "read", str(bad)], capture_output=True, text=True)
    damaged = re.search(r"(\d+) frames damaged", out.stderr)
    assert damaged and int(damaged.group(1)) >= 1, out.stderr
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = [r for b in keyhop.read_capture(bad, batch_rows=10) for r in export_record.records_of_batch(b)]
    assert got == read_jsonl(bad) and len(got) > 0
    said = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert said == ["bad-ip.pcapng: %s frames damaged (not messages: `keyhop read` shows them, "
                    "`keyhop export` lists them as MALFORMED findings)" % damaged.group(1)], said
    # A clean capture warns of nothing.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        list(keyhop.read_capture(cap))
    assert not [w for w in caught if issubclass(w.category, UserWarning)]


def test_polars_reads_a_capture():
    pl = pytest.importorskip("polars") if os.environ.get("KEYHOP_INTEROP") != "1" else __import__("polars")
    cap = ROOT / "samples" / "x2-makr.pcapng"
    df = pl.from_arrow(list(keyhop.read_capture(cap)))
    counts = dict(df.group_by("message").len().iter_rows())
    want = collections.Counter(r.get("message") for r in read_jsonl(cap))
    assert counts == dict(want)


def test_spark_map_in_arrow():
    """PySpark runs keyhop inside mapInArrow over a list of pcap files (local mode)."""
    import pyarrow as pa
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        # Spark has no unsigned integers: the job widens them (what a user's job does too).
        def signed(batch):
            cols, fields = [], []
            for f, c in zip(batch.schema, batch.columns):
                t = f.type
                if pa.types.is_unsigned_integer(t):
                    t = pa.int64()
                    c = c.cast(t)
                cols.append(c)
                fields.append(pa.field(f.name, t, f.nullable))
            return pa.RecordBatch.from_arrays(cols, schema=pa.schema(fields))

        first = signed(next(keyhop.read_capture(SAMPLES[0])))
        schema = from_arrow_schema(first.schema)

        def run(batches):
            import keyhop as kh

            for b in batches:
                for path in b.column("path").to_pylist():
                    for m in kh.read_capture(path):
                        yield signed(m)

        paths = spark.createDataFrame([(str(p),) for p in SAMPLES], "path string").repartition(2)
        df = paths.mapInArrow(run, schema)
        got = collections.Counter()
        for r in df.groupBy("file", "message").count().collect():
            got[(r["file"], r["message"])] += r["count"]
        want = collections.Counter()
        for cap in SAMPLES:
            for rec in read_jsonl(cap):
                want[(cap.name, rec.get("message"))] += 1
        assert got == want
    finally:
        spark.stop()


@pytest.mark.parametrize("proto_name", ["s1ap", "x2ap"])
def test_decode_agrees_with_pycrate(proto_name):
    """Random PDUs of every handover message, encoded by pycrate, decode in keyhop to the value
    pycrate decodes (in keyhop's JSON form), keys shown."""
    import aper_random

    mod = __import__(proto_name + "_pycrate")
    proto = mod.protocol()
    gen = aper_random.Generator(random.Random(18), aper_random.Coverage(), proto.id_names)
    conv = aper_random.Converter(proto.pdu, proto.id_names)
    decode = getattr(keyhop, proto_name).decode
    checked = 0
    for m in proto.messages:
        for _ in range(4):
            gen.unknowns = False
            proto.pdu.set_val(proto.generate(gen, m))
            data = proto.pdu.to_aper()
            if not aper_random.roundtrips(proto.pdu, data):
                continue
            val = proto.pdu.get_val()
            got = decode(data, show_keys=True)
            k = aper_random.IEMap((key, x) for key, x in got.items() if key not in aper_random.ENVELOPE)
            problems = aper_random.diff(conv.pdu_json(val, k), k)
            assert not problems, (m, data.hex(), problems[:5])
            checked += 1
    assert checked >= len(proto.messages) * 3


def test_decode_errors_name_the_field():
    with pytest.raises(ValueError) as e:
        keyhop.s1ap.decode(b"\x00\x00\x00\x40\xff")
    assert "s1ap" in str(e.value).lower()
    with pytest.raises(ValueError):
        keyhop.gtpv2.decode(b"\x48\x20")


def test_keys_are_fingerprints_unless_asked():
    cap = ROOT / "samples" / "s1-handover.pcapng"
    req = next(r for r in keyhop.messages(cap) if r.get("message") == "HandoverRequest")
    nh = req["security_context"]["next_hop_parameter"]
    assert nh.startswith("fp:")
    shown = next(r for r in keyhop.messages(cap, show_keys=True) if r.get("message") == "HandoverRequest")
    assert len(shown["security_context"]["next_hop_parameter"]) == 64


def test_ts33401_vectors():
    v = VECTORS["ts33401"]
    h = bytes.fromhex
    kasme = h(v["kasme"])
    kenb0 = keyhop.security.kenb(kasme, 0)
    assert kenb0.hex() == v["kenb_ul_count_0"]
    assert keyhop.security.kenb(kasme, 0xFFFFFFFF).hex() == v["kenb_ul_count_ffffffff"]
    assert keyhop.security.nh_chain(kasme, kenb0, 1).hex() == v["nh1"]
    assert keyhop.security.nh_chain(kasme, kenb0, 2).hex() == v["nh2"]
    assert keyhop.security.nh(kasme, h(v["nh1"])).hex() == v["nh2"]
    assert keyhop.security.kenb_star(h(v["nh1"]), 101, 1575).hex() == v["kenb_star_from_nh1_pci_101_earfcn_1575"]
    enc, integ = keyhop.security.nas_keys(kasme, 2, 2)
    assert enc.hex() == v["k_nas_enc_eea2"]
    assert integ.hex() == v["k_nas_int_eia2"]
    with pytest.raises(ValueError):
        keyhop.security.kenb(b"short", 0)


def _unwrap(w):
    t = w.get("target_ident")
    return keyhop.security.makr_unwrap(
        bytes.fromhex(w["kek"]),
        bytes.fromhex(w["wrapped"]),
        w["wrap"],
        bytes.fromhex(t) if t else None,
        w.get("mme_ue_s1ap_id", 0),
        w.get("refresh_counter", 0),
    )


def test_makr_unwrap_vectors():
    checked = 0
    for w in VECTORS["wrap"]:
        if len(bytes.fromhex(w["kenb"])) != 32:
            continue  # RFC 3394 conformance vectors: the profile's KeNB is 32 octets
        assert _unwrap(w).hex() == w["kenb"], w["wrap"]
        checked += 1
    assert checked >= 4
    for bad in VECTORS["unwrap_must_fail"]:
        with pytest.raises(ValueError):
            _unwrap(bad)


@pytest.mark.parametrize("cap", SAMPLES, ids=lambda p: p.name)
def test_read_capture_names_ues_as_export(cap, tmp_path):
    """read_capture runs validate's engine as `keyhop export` does: each message's `ue`,
    `ue_ctx` and `ue_imsi` equal the export's `messages` table, row for row."""
    import pyarrow.parquet as pq

    out = subprocess.run([BIN, "export", "-o", str(tmp_path), str(cap)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    parts = sorted((tmp_path / "messages" / ("input=" + cap.name)).glob("part-*.parquet"),
                   key=lambda p: int(p.stem.split("-")[1]))
    exported = [pq.read_table(p) for p in parts]
    batches = list(keyhop.read_capture(cap, batch_rows=7))
    for col in ("frame", "ue", "ue_ctx", "ue_imsi"):
        want = [v for t in exported for v in t.column(col).to_pylist()]
        got = [v for b in batches for v in b.column(col).to_pylist()]
        assert got == want, col
    assert any(v is not None for b in batches for v in b.column("ue_imsi").to_pylist())
    assert any(v is not None for b in batches for v in b.column("ue_ctx").to_pylist())
