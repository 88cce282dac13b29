"""GTPV1 messages: ``decode(data) -> dict`` with the names of keyhop's JSON output."""

import json

from . import _native


def decode(data, show_keys=False, show_raw=False):
    """Decode one GTPV1 message. Raises ValueError naming the field and offset on bad input."""
    return json.loads(_native.decode_json("gtpv1", bytes(data), show_keys, show_raw))
