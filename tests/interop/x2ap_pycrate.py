#!/usr/bin/env python3
"""pycrate reference for keyhop's X2AP (TS 36.423): random PDUs, comparison, names table.

    x2ap_pycrate.py gen [--count N] [--seed S] [--message M]... [--verbose]
    x2ap_pycrate.py check  < {"hex": ..., "keyhop": {...}} lines
    x2ap_pycrate.py decode < {"hex": ...} lines
    x2ap_pycrate.py names [--output tests/interop/x2ap_names.tsv]

See aper_random.py for the JSON shapes.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aper_random import Protocol, main  # noqa: E402

MESSAGES = [
    "HandoverRequest", "HandoverRequestAcknowledge", "HandoverPreparationFailure",
    "SNStatusTransfer", "UEContextRelease", "HandoverCancel", "HandoverReport", "X2SetupRequest",
    "X2SetupResponse", "X2SetupFailure", "ENBConfigurationUpdate", "ENDCX2SetupRequest",
    "ENDCX2SetupResponse", "ENDCX2SetupFailure", "PrivateMessage",
]


def protocol():
    from pycrate_asn1dir import X2AP

    return Protocol("x2ap", X2AP.X2AP_PDU_Descriptions.X2AP_PDU, "X2AP", MESSAGES)


if __name__ == "__main__":
    main(protocol)
