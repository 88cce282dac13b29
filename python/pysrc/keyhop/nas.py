"""NAS PDUs (TS 24.301): ``decode(data) -> dict``, the security header and, when readable, the
plain message, as keyhop's JSON output shows a NAS-PDU (docs/json.md, NAS messages), and
``encode(msg) -> bytes``, its inverse."""

import json

from . import _native


def decode(data, show_keys=False, show_raw=False):
    """Decode one NAS PDU (the octets of an S1AP NAS-PDU). Raises ValueError naming the field
    and offset on a header cut short; what cannot be read without keys stays octets
    (``message_octets``).

    Octet strings over 4 octets (a ciphered message, a RAND) are fingerprints unless
    ``show_raw`` (an H_key container unless ``show_keys``); decode with both to ``encode`` the
    dict again."""
    return json.loads(_native.decode_json("nas", bytes(data), show_keys, show_raw))


def encode(msg):
    """Encode one NAS PDU from its dict (as ``decode(data, True, True)`` gives it, possibly
    edited, or an item of a ``keyhop read`` record's ``nas`` array): ``encode(decode(data,
    True, True)) == data``. Raises ValueError naming the field (a fingerprint where octets are
    needed, a value out of its range, an unknown key)."""
    return _native.encode_json("nas", json.dumps(msg))
