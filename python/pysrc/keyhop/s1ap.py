"""S1AP messages: ``decode(data) -> dict`` with the names of keyhop's JSON output."""

import json

from . import _native


def decode(data, show_keys=False):
    """Decode one S1AP message. Raises ValueError naming the field and offset on bad input."""
    return json.loads(_native.decode_json("s1ap", bytes(data), show_keys))
