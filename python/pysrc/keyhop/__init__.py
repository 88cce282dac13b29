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
    ``batch_rows`` rows (columns: docs/export.md, table ``messages``)."""
    import pyarrow as pa

    for stream in _native.read_capture_ipc(str(path), batch_rows, show_keys, show_raw):
        with pa.ipc.open_stream(stream) as reader:
            for batch in reader:
                yield batch


def messages(path, show_keys=False, show_raw=False):
    """Yield the capture's messages as dicts (the records of ``keyhop read --format jsonl``);
    with both ``show_keys`` and ``show_raw`` an S1AP/X2AP record encodes back to its message
    (``keyhop.s1ap.encode(record)``)."""
    import json

    for batch in read_capture(path, show_keys=show_keys, show_raw=show_raw):
        for text in batch.column("json").to_pylist():
            yield json.loads(text)
