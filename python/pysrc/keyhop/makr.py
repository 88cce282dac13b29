"""MME-assisted key refresh PDUs (key-refresh.md section 2): ``decode(data, type) -> dict`` and
``encode(msg, type) -> bytes``. In S1AP they travel as PrivateMessage IEs, which
``keyhop.s1ap`` decodes and encodes as well."""

import json

from . import _native

TYPES = ("KeyDistribution", "NeighbourKeyRequest", "NeighbourKeyResponse", "WrappedKeNB")


def decode(data, type, show_keys=False, show_raw=False):
    """Decode one MAKR PDU of ``type`` (one of ``TYPES``)."""
    return json.loads(_native.decode_json("makr:" + type, bytes(data), show_keys, show_raw))


def encode(msg, type):
    """Encode one MAKR PDU of ``type`` from its dict (keys shown): the inverse of ``decode``."""
    return _native.encode_json("makr:" + type, json.dumps(msg))
