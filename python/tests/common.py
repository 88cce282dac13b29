"""Paths the Python tests share: the checkout, the shared folder and its captures.

KEYHOP_ROOT (the checkout) and KEYHOP_SHARED (../shared beside it) override them.
"""

import os
import pathlib

import pytest

ROOT = pathlib.Path(os.environ.get("KEYHOP_ROOT", pathlib.Path(__file__).resolve().parents[2]))
SHARED = pathlib.Path(os.environ.get("KEYHOP_SHARED", ROOT.parent / "shared"))


def shared_captures():
    """The shared captures, sorted; a skip when they are absent, a failure in the interop run."""
    d = SHARED / "captures"
    if not d.is_dir():
        if os.environ.get("KEYHOP_INTEROP") == "1":
            pytest.fail("the interop run needs %s" % d)
        pytest.skip("shared captures absent: %s" % d)
    return sorted(p for p in d.iterdir() if p.suffix in (".pcap", ".pcapng"))
