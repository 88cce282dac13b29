"""keyhop: LTE/UMTS handover security signalling from Python.

* ``keyhop.s1ap.decode(data)``, ``keyhop.x2ap``, ``keyhop.gtpv2``, ``keyhop.gtpv1``,
  ``keyhop.nas``, ``keyhop.makr``: one message's bytes to a dict with the names of keyhop's JSON
  output (docs/json.md); key material and long octet strings as fingerprints unless
  ``show_keys=True`` / ``show_raw=True``.
* ``keyhop.s1ap.encode(msg)``, ``keyhop.x2ap.encode``, ``keyhop.makr.encode``: the dict back to
  bytes, byte for byte what it was decoded from (with keys and raw octets shown) or as edited.
* ``keyhop.payloads(path)``: a capture's messages as ``(frame, protocol, bytes)``.
* ``keyhop.read_capture(path)``: a capture's messages as Arrow record batches (the ``messages``
  table of docs/export.md), for pyarrow, Polars and Spark's ``mapInArrow``.
* ``keyhop.security``: the TS 33.401 derivations (KeNB, NH, KeNB*, K'ASME, NAS keys) and the
  MAKR unwrap of key-refresh.md.
"""

from . import _native
from . import gtpv1, gtpv2, makr, nas, s1ap, security, x2ap

__all__ = ["s1ap", "x2ap", "gtpv2", "gtpv1", "nas", "makr", "security", "read_capture", "messages", "payloads"]


def payloads(path):
    """Yield the capture's application messages as ``(frame, protocol, bytes)`` tuples
    (protocol: ``s1ap``, ``x2ap``, ``gtpv2``, ``gtpv1``), for ``keyhop.<protocol>.decode``."""
    yield from _native.capture_payloads(str(path))


def read_capture(path, batch_rows=8192, show_keys=False, show_raw=False):
    """Yield the capture's messages as ``pyarrow.RecordBatch`` objects of at most
    ``batch_rows`` rows (columns: docs/export.md, table ``messages``). ``path`` is a pcap or
    pcapng file, gzip-, zstd- or LZ4-compressed or not (known by its first octets). Frames with a
    damaged layer carry no message: the iteration ends with a ``UserWarning`` counting them. A
    capture cut short yields the rows of its whole records, then raises ``ValueError``."""
    import pyarrow as pa

    for stream in _native.read_capture_ipc(str(path), batch_rows, show_keys, show_raw):
        with pa.ipc.open_stream(stream) as reader:
            for batch in reader:
                yield batch


def messages(path, show_keys=False, show_raw=False):
    """Yield the capture's messages as dicts (the records of ``keyhop read --format jsonl``,
    less the ``response_in`` only read's look-ahead adds); with both ``show_keys`` and
    ``show_raw`` an S1AP/X2AP record encodes back to its message (``keyhop.s1ap.encode(record)``)."""
    import json

    import pyarrow as pa

    names = ("frame", "src_addr", "src_port", "dst_addr", "dst_port", "protocol", "src_node", "dst_node")
    for batch in read_capture(path, show_keys=show_keys, show_raw=show_raw):
        # The json column is the record without its envelope, which the other columns hold.
        cols = {n: batch.column(n).to_pylist() for n in names}
        times = batch.column("time").cast(pa.int64()).to_pylist()
        answer_to = batch.column("response_to").to_pylist()
        answer_time = batch.column("response_time").to_pylist()
        for i, text in enumerate(batch.column("json").to_pylist()):
            rec = {
                "frame": cols["frame"][i],
                "time": _rfc3339(times[i]),
                "src": _end(cols["src_addr"][i], cols["src_port"][i]),
                "dst": _end(cols["dst_addr"][i], cols["dst_port"][i]),
                "protocol": cols["protocol"][i],
            }
            for k in ("src_node", "dst_node"):
                if cols[k][i] is not None:
                    rec[k] = cols[k][i]
            rec.update(json.loads(text))
            if answer_to[i] is not None:
                rec["response_to"] = answer_to[i]
            if answer_time[i] is not None:
                rec["response_time"] = answer_time[i]
            yield rec


def _end(addr, port):
    """An address and port as keyhop writes them (IPv6 in brackets)."""
    return f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"


def _rfc3339(us):
    """Microseconds since the epoch as keyhop's RFC 3339 time (``2026-11-18T11:06:40.018221Z``)."""
    import datetime

    t = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=us)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
