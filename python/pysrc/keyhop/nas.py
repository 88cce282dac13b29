"""NAS PDUs (TS 24.301): ``decode(data) -> dict``, the security header and, when readable, the
plain message, as keyhop's JSON output shows a NAS-PDU (docs/json.md, NAS messages)."""

import json

from . import _native


def decode(data, show_keys=False, show_raw=False):
    """Decode one NAS PDU (the octets of an S1AP NAS-PDU)."""
    return json.loads(_native.decode_json("nas", bytes(data), show_keys, show_raw))
