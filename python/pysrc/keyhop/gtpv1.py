"""GTPv1-C messages: ``decode(data) -> dict`` with the names of keyhop's JSON output
(docs/json.md), and ``encode(msg) -> bytes``, its inverse."""

import json

from . import _native


def decode(data, show_keys=False, show_raw=False):
    """Decode one GTPv1-C message. Raises ValueError naming the field and offset on bad input.

    Key material (MM Context keys, vectors) and octet strings over 4 octets are fingerprints
    unless ``show_keys`` / ``show_raw``; decode with both to ``encode`` the dict again."""
    return json.loads(_native.decode_json("gtpv1", bytes(data), show_keys, show_raw))


def encode(msg):
    """Encode one GTPv1-C message from its dict (as ``decode(data, True, True)`` gives it,
    possibly edited): ``encode(decode(data, True, True)) == data`` (less octets after the
    message, which are not part of it). Raises ValueError naming the field (a fingerprint where
    octets are needed, a value out of its range, an unknown key or IE name)."""
    return _native.encode_json("gtpv1", json.dumps(msg))
