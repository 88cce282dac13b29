#!/usr/bin/env python3
"""pycrate reference for keyhop's S1AP (TS 36.413): random PDUs, comparison, names table.

    s1ap_pycrate.py gen [--count N] [--seed S] [--message M]... [--verbose]
    s1ap_pycrate.py check  < {"hex": ..., "keyhop": {...}} lines
    s1ap_pycrate.py decode < {"hex": ...} lines
    s1ap_pycrate.py names [--output tests/interop/s1ap_names.tsv]

See aper_random.py for the JSON shapes.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aper_random import Protocol, main  # noqa: E402

MESSAGES = [
    "HandoverRequired", "HandoverCommand", "HandoverPreparationFailure", "HandoverRequest",
    "HandoverRequestAcknowledge", "HandoverFailure", "HandoverNotify", "HandoverCancel",
    "HandoverCancelAcknowledge", "PathSwitchRequest", "PathSwitchRequestAcknowledge",
    "PathSwitchRequestFailure", "ENBStatusTransfer", "MMEStatusTransfer",
    "InitialContextSetupRequest", "InitialContextSetupResponse", "UEContextReleaseRequest",
    "UEContextReleaseCommand", "UEContextReleaseComplete", "InitialUEMessage",
    "DownlinkNASTransport", "UplinkNASTransport", "S1SetupRequest", "S1SetupResponse",
    # Messages of the IEs typed wherever they occur (E-RAB lists, SON configuration transfer).
    "E-RABSetupRequest", "E-RABSetupResponse", "E-RABModifyRequest", "E-RABModifyResponse",
    "E-RABReleaseResponse", "E-RABModificationIndication", "E-RABModificationConfirm",
    "ENBConfigurationTransfer", "MMEConfigurationTransfer",
    "PrivateMessage",
]


def protocol():
    from pycrate_asn1dir import S1AP

    return Protocol("s1ap", S1AP.S1AP_PDU_Descriptions.S1AP_PDU, "S1AP", MESSAGES)


if __name__ == "__main__":
    main(protocol)
