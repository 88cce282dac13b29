"""MME-assisted key refresh PDUs (key-refresh.md section 2): ``decode(data, type) -> dict``."""

import json

from . import _native

TYPES = ("KeyDistribution", "NeighbourKeyRequest", "NeighbourKeyResponse", "WrappedKeNB")


def decode(data, type, show_keys=False):
    """Decode one MAKR PDU of ``type`` (one of ``TYPES``)."""
    return json.loads(_native.decode_json("makr:" + type, bytes(data), show_keys))
