"""`keyhop read`'s record rebuilt from a row of the export's `messages` table: its `json`
column holds the record without the envelope, which the row's columns hold (docs/export.md).
Used by the engines check (rows from DuckDB) and the wheel's tests (rows from pyarrow)."""

import datetime
import json

ENVELOPE = ("frame", "time", "src", "dst", "protocol", "src_node", "dst_node", "response_to", "response_time")
COLUMNS = (
    "json",
    "frame",
    "time_us",
    "src_addr",
    "src_port",
    "dst_addr",
    "dst_port",
    "protocol",
    "src_node",
    "dst_node",
    "response_to",
    "response_time",
)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _end(addr, port):
    return f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"


def record(json_text, frame, time_us, src_addr, src_port, dst_addr, dst_port, protocol, src_node, dst_node, response_to, response_time):
    """The record of one row (arguments in COLUMNS order; `time_us`: microseconds since the
    epoch). Fails when `json` repeats a key of the envelope."""
    contents = json.loads(json_text)
    repeated = [k for k in ENVELOPE if k in contents]
    assert not repeated, f"json repeats the envelope's {repeated}"
    t = _EPOCH + datetime.timedelta(microseconds=time_us)
    rec = {
        "frame": frame,
        "time": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "src": _end(src_addr, src_port),
        "dst": _end(dst_addr, dst_port),
        "protocol": protocol,
    }
    for k, v in (("src_node", src_node), ("dst_node", dst_node)):
        if v is not None:
            rec[k] = v
    rec.update(contents)
    for k, v in (("response_to", response_to), ("response_time", response_time)):
        if v is not None:
            rec[k] = v
    return rec


def records_of_batch(batch):
    """The records of a pyarrow RecordBatch of `messages`."""
    import pyarrow as pa

    cols = [batch.column("time").cast(pa.int64()).to_pylist() if c == "time_us" else batch.column(c).to_pylist() for c in COLUMNS]
    return [record(*row) for row in zip(*cols)]


# The columns of COLUMNS as a DuckDB select list.
DUCKDB_SELECT = ", ".join("epoch_us(time)" if c == "time_us" else c for c in COLUMNS)
