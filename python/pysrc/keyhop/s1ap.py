"""S1AP messages: ``decode(data) -> dict`` with the names of keyhop's JSON output
(docs/json.md), and ``encode(msg) -> bytes``, its inverse."""

import json

from . import _native


def decode(data, show_keys=False, show_raw=False):
    """Decode one S1AP message. Raises ValueError naming the field and offset on bad input.

    Key material and octet strings over 4 octets are fingerprints unless ``show_keys`` /
    ``show_raw``; decode with both to ``encode`` the dict again."""
    return json.loads(_native.decode_json("s1ap", bytes(data), show_keys, show_raw))


def encode(msg):
    """Encode one S1AP message from its dict (as ``decode(data, True, True)`` gives it, possibly
    edited): ``encode(decode(data, True, True)) == data``. Raises ValueError naming the field
    (a fingerprint where octets are needed, a value out of its range, an unknown key)."""
    return _native.encode_json("s1ap", json.dumps(msg))
