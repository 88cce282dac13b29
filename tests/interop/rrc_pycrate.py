#!/usr/bin/env python3
"""LTE RRC (TS 36.331, UPER) helpers for keyhop, driven by pycrate's compiled RRCLTE module.

Two jobs (the RRC skip tables are written by codec/gen/rrc_schema.py):

  rrc_pycrate.py vectors > codec/tests/data/rrc_vectors.json
      Encodes HandoverCommand and HandoverPreparationInformation values with chosen PCI/EARFCN
      and writes them with the values a decoder must find.

  rrc_pycrate.py tshark codec/tests/data/rrc_vectors.json
      Cross-checks the HandoverCommand vectors' DL-DCCH-Messages with Wireshark's LTE RRC
      dissector (user DLT 147 -> lte-rrc.dl.dcch). Wireshark 4.0 registers no stand-alone
      HandoverCommand / HandoverPreparationInformation dissector, so those are not checked.

Run with the pycrate venv: .venv/bin/python tests/interop/rrc_pycrate.py vectors
(The skip tables codec/src/rrc/schema.rs come from codec/gen/rrc_schema.py.)
"""

import json
import sys

from pycrate_asn1dir import RRCLTE

RRC = RRCLTE.EUTRA_RRC_Definitions
INTER = RRCLTE.EUTRA_InterNodeDefinitions

# Types the Rust decoder steps over with the tables (named by their ASN.1 type name).
# ---- values -------------------------------------------------------------------------------

RACH_COMMON = {
    "preambleInfo": {"numberOfRA-Preambles": "n52"},
    "powerRampingParameters": {"powerRampingStep": "dB2", "preambleInitialReceivedTargetPower": "dBm-104"},
    "ra-SupervisionInfo": {
        "preambleTransMax": "n10",
        "ra-ResponseWindowSize": "sf10",
        "mac-ContentionResolutionTimer": "sf64",
    },
    "maxHARQ-Msg3Tx": 4,
}
PRACH_INFO = {"prach-ConfigIndex": 3, "highSpeedFlag": False, "zeroCorrelationZoneConfig": 12, "prach-FreqOffset": 4}
PUSCH_COMMON = {
    "pusch-ConfigBasic": {"n-SB": 1, "hoppingMode": "interSubFrame", "pusch-HoppingOffset": 4, "enable64QAM": False},
    "ul-ReferenceSignalsPUSCH": {
        "groupHoppingEnabled": True,
        "groupAssignmentPUSCH": 0,
        "sequenceHoppingEnabled": False,
        "cyclicShift": 0,
    },
}
PUCCH_COMMON = {"deltaPUCCH-Shift": "ds1", "nRB-CQI": 2, "nCS-AN": 0, "n1PUCCH-AN": 36}
UL_PC_COMMON = {
    "p0-NominalPUSCH": -80,
    "alpha": "al08",
    "p0-NominalPUCCH": -110,
    "deltaFList-PUCCH": {
        "deltaF-PUCCH-Format1": "deltaF0",
        "deltaF-PUCCH-Format1b": "deltaF3",
        "deltaF-PUCCH-Format2": "deltaF0",
        "deltaF-PUCCH-Format2a": "deltaF0",
        "deltaF-PUCCH-Format2b": "deltaF0",
    },
    "deltaPreambleMsg3": 4,
}
SRS_COMMON = ("setup", {"srs-BandwidthConfig": "bw3", "srs-SubframeConfig": "sc0", "ackNackSRS-SimultaneousTransmission": True})

RRC_COMMON = {
    "rach-ConfigCommon": RACH_COMMON,
    "prach-Config": {"rootSequenceIndex": 22, "prach-ConfigInfo": PRACH_INFO},
    "pdsch-ConfigCommon": {"referenceSignalPower": 18, "p-b": 1},
    "pusch-ConfigCommon": PUSCH_COMMON,
    "phich-Config": {"phich-Duration": "normal", "phich-Resource": "one"},
    "pucch-ConfigCommon": PUCCH_COMMON,
    "soundingRS-UL-ConfigCommon": SRS_COMMON,
    "uplinkPowerControlCommon": UL_PC_COMMON,
    "antennaInfoCommon": {"antennaPortsCount": "an2"},
    "p-Max": 23,
    "ul-CyclicPrefixLength": "len1",
}

MEAS_CONFIG = {
    "measObjectToRemoveList": [3],
    "measObjectToAddModList": [
        {
            "measObjectId": 1,
            "measObject": (
                "measObjectEUTRA",
                {
                    "carrierFreq": 1300,
                    "allowedMeasBandwidth": "mbw50",
                    "presenceAntennaPort1": True,
                    "neighCellConfig": (1, 2),
                    "offsetFreq": "dB2",
                    "cellsToAddModList": [
                        {"cellIndex": 1, "physCellId": 17, "cellIndividualOffset": "dB-2"},
                        {"cellIndex": 2, "physCellId": 480, "cellIndividualOffset": "dB0"},
                    ],
                    "excludedCellsToAddModList": [{"cellIndex": 1, "physCellIdRange": {"start": 500, "range": "n4"}}],
                    "measCycleSCell-r10": "sf320",
                },
            ),
        },
        {
            "measObjectId": 2,
            "measObject": (
                "measObjectUTRA",
                {
                    "carrierFreq": 10700,
                    "offsetFreq": 0,
                    "cellsToAddModList": ("cellsToAddModListUTRA-FDD", [{"cellIndex": 1, "physCellId": 300}]),
                },
            ),
        },
        {
            "measObjectId": 4,
            "measObject": (
                "measObjectGERAN",
                {
                    "carrierFreqs": {
                        "startingARFCN": 20,
                        "bandIndicator": "dcs1800",
                        "followingARFCNs": ("explicitListOfARFCNs", [21, 22]),
                    },
                    "ncc-Permitted": (255, 8),
                },
            ),
        },
    ],
    "reportConfigToAddModList": [
        {
            "reportConfigId": 1,
            "reportConfig": (
                "reportConfigEUTRA",
                {
                    "triggerType": (
                        "event",
                        {
                            "eventId": ("eventA3", {"a3-Offset": 6, "reportOnLeave": False}),
                            "hysteresis": 2,
                            "timeToTrigger": "ms320",
                        },
                    ),
                    "triggerQuantity": "rsrp",
                    "reportQuantity": "both",
                    "maxReportCells": 4,
                    "reportInterval": "ms480",
                    "reportAmount": "r8",
                },
            ),
        },
        {
            "reportConfigId": 2,
            "reportConfig": (
                "reportConfigInterRAT",
                {
                    "triggerType": ("periodical", {"purpose": "reportStrongestCells"}),
                    "maxReportCells": 2,
                    "reportInterval": "ms1024",
                    "reportAmount": "r4",
                },
            ),
        },
    ],
    "measIdToAddModList": [
        {"measId": 1, "measObjectId": 1, "reportConfigId": 1},
        {"measId": 2, "measObjectId": 2, "reportConfigId": 2},
    ],
    "quantityConfig": {"quantityConfigEUTRA": {"filterCoefficientRSRP": "fc4"}},
    "measGapConfig": ("setup", {"gapOffset": ("gp0", 17)}),
    "s-Measure": 40,
    "speedStatePars": ("release", 0),
    "allowInterruptions-r11": True,
}

PHY_DEDICATED = {
    "pdsch-ConfigDedicated": {"p-a": "dB-3"},
    "pucch-ConfigDedicated": {"ackNackRepetition": ("release", 0)},
    "pusch-ConfigDedicated": {"betaOffset-ACK-Index": 9, "betaOffset-RI-Index": 6, "betaOffset-CQI-Index": 6},
    "uplinkPowerControlDedicated": {
        "p0-UE-PUSCH": 0,
        "deltaMCS-Enabled": "en0",
        "accumulationEnabled": True,
        "p0-UE-PUCCH": 0,
        "pSRS-Offset": 7,
        "filterCoefficient": "fc4",
    },
    "cqi-ReportConfig": {
        "cqi-ReportModeAperiodic": "rm30",
        "nomPDSCH-RS-EPRE-Offset": 0,
        "cqi-ReportPeriodic": (
            "setup",
            {
                "cqi-PUCCH-ResourceIndex": 5,
                "cqi-pmi-ConfigIndex": 38,
                "cqi-FormatIndicatorPeriodic": ("widebandCQI", 0),
                "simultaneousAckNackAndCQI": False,
            },
        ),
    },
    "antennaInfo": ("defaultValue", 0),
    "schedulingRequestConfig": ("setup", {"sr-PUCCH-ResourceIndex": 10, "sr-ConfigIndex": 15, "dsr-TransMax": "n64"}),
}

RR_DEDICATED = {
    "srb-ToAddModList": [
        {"srb-Identity": 1, "rlc-Config": ("defaultValue", 0), "logicalChannelConfig": ("defaultValue", 0)},
        {"srb-Identity": 2, "rlc-Config": ("defaultValue", 0), "logicalChannelConfig": ("defaultValue", 0)},
    ],
    "drb-ToAddModList": [
        {
            "eps-BearerIdentity": 5,
            "drb-Identity": 1,
            "pdcp-Config": {
                "discardTimer": "infinity",
                "rlc-AM": {"statusReportRequired": True},
                "headerCompression": ("notUsed", 0),
            },
            "rlc-Config": (
                "am",
                {
                    "ul-AM-RLC": {
                        "t-PollRetransmit": "ms80",
                        "pollPDU": "p128",
                        "pollByte": "kB125",
                        "maxRetxThreshold": "t32",
                    },
                    "dl-AM-RLC": {"t-Reordering": "ms80", "t-StatusProhibit": "ms60"},
                },
            ),
            "logicalChannelIdentity": 3,
            "logicalChannelConfig": {
                "ul-SpecificParameters": {
                    "priority": 13,
                    "prioritisedBitRate": "kBps8",
                    "bucketSizeDuration": "ms100",
                    "logicalChannelGroup": 3,
                }
            },
        }
    ],
    "mac-MainConfig": (
        "explicitValue",
        {
            "ul-SCH-Config": {
                "maxHARQ-Tx": "n5",
                "periodicBSR-Timer": "sf10",
                "retxBSR-Timer": "sf320",
                "ttiBundling": False,
            },
            "timeAlignmentTimerDedicated": "infinity",
            "phr-Config": ("setup", {"periodicPHR-Timer": "sf20", "prohibitPHR-Timer": "sf20", "dl-PathlossChange": "dB3"}),
        },
    ),
    "physicalConfigDedicated": PHY_DEDICATED,
    "rlf-TimersAndConstants-r9": ("release", 0),
}

MIB = {
    "dl-Bandwidth": "n100",
    "phich-Config": {"phich-Duration": "normal", "phich-Resource": "one"},
    "systemFrameNumber": (0x5A, 8),
    "schedulingInfoSIB1-BR-r13": 0,
    "systemInfoUnchanged-BR-r15": False,
    "partEARFCN-r17": ("spare", (0, 2)),
    "spare": (0, 1),
}

SIB1 = {
    "cellAccessRelatedInfo": {
        "plmn-IdentityList": [
            {
                "plmn-Identity": {"mcc": [0, 0, 1], "mnc": [0, 1]},
                "cellReservedForOperatorUse": "notReserved",
            }
        ],
        "trackingAreaCode": (0x1234, 16),
        "cellIdentity": (0x1A2B301, 28),
        "cellBarred": "notBarred",
        "intraFreqReselection": "allowed",
        "csg-Indication": False,
    },
    "cellSelectionInfo": {"q-RxLevMin": -64},
    "p-Max": 23,
    "freqBandIndicator": 3,
    "schedulingInfoList": [{"si-Periodicity": "rf16", "sib-MappingInfo": []}, {"si-Periodicity": "rf32", "sib-MappingInfo": ["sibType3"]}],
    "si-WindowLength": "ms20",
    "systemInfoValueTag": 7,
}

SIB2 = {
    "radioResourceConfigCommon": {
        "rach-ConfigCommon": RACH_COMMON,
        "bcch-Config": {"modificationPeriodCoeff": "n4"},
        "pcch-Config": {"defaultPagingCycle": "rf128", "nB": "oneT"},
        "prach-Config": {"rootSequenceIndex": 22, "prach-ConfigInfo": PRACH_INFO},
        "pdsch-ConfigCommon": {"referenceSignalPower": 18, "p-b": 1},
        "pusch-ConfigCommon": PUSCH_COMMON,
        "pucch-ConfigCommon": PUCCH_COMMON,
        "soundingRS-UL-ConfigCommon": SRS_COMMON,
        "uplinkPowerControlCommon": UL_PC_COMMON,
        "ul-CyclicPrefixLength": "len1",
    },
    "ue-TimersAndConstants": {
        "t300": "ms1000",
        "t301": "ms1000",
        "t310": "ms1000",
        "n310": "n10",
        "t311": "ms10000",
        "n311": "n1",
    },
    "freqInfo": {"ul-CarrierFreq": 19300, "ul-Bandwidth": "n100", "additionalSpectrumEmission": 1},
    "timeAlignmentTimerCommon": "infinity",
}


def enc(obj, val):
    obj.set_val(val)
    return obj.to_uper()


def reconfiguration(mci, with_meas, with_rrcd):
    r8 = {"mobilityControlInfo": mci}
    if with_meas:
        r8["measConfig"] = MEAS_CONFIG
    if with_rrcd:
        r8["radioResourceConfigDedicated"] = RR_DEDICATED
        r8["securityConfigHO"] = {
            "handoverType": ("intraLTE", {"keyChangeIndicator": False, "nextHopChainingCount": 2})
        }
    msg = {
        "message": (
            "c1",
            (
                "rrcConnectionReconfiguration",
                {"rrc-TransactionIdentifier": 1, "criticalExtensions": ("c1", ("rrcConnectionReconfiguration-r8", r8))},
            ),
        )
    }
    return enc(RRC.DL_DCCH_Message, msg)


def mobility(pci, dl=None, ul=None, v9e0=None):
    m = {
        "targetPhysCellId": pci,
        "carrierBandwidth": {"dl-Bandwidth": "n100"},
        "t304": "ms1000",
        "newUE-Identity": (0x4601, 16),
        "radioResourceConfigCommon": RRC_COMMON,
        "rach-ConfigDedicated": {"ra-PreambleIndex": 60, "ra-PRACH-MaskIndex": 0},
    }
    if dl is not None:
        m["carrierFreq"] = {"dl-CarrierFreq": dl} if ul is None else {"dl-CarrierFreq": dl, "ul-CarrierFreq": ul}
    if v9e0 is not None:
        m["carrierFreq-v9e0"] = {"dl-CarrierFreq-v9e0": v9e0[0]}
        if v9e0[1] is not None:
            m["carrierFreq-v9e0"]["ul-CarrierFreq-v9e0"] = v9e0[1]
    return m


def handover_command(dcch):
    hc = {"criticalExtensions": ("c1", ("handoverCommand-r8", {"handoverCommandMessage": dcch}))}
    return enc(INTER.HandoverCommand, hc)


def preparation(src_dl, src_pci, v9e0=None, with_context=True, with_config=True):
    r8 = {
        "ue-RadioAccessCapabilityInfo": [
            {"rat-Type": "eutra", "ueCapabilityRAT-Container": bytes.fromhex("01a0000a1b2c3d")},
            {"rat-Type": "utra", "ueCapabilityRAT-Container": bytes.fromhex("5566")},
        ],
        "rrm-Config": {"ue-InactiveTime": "s30"},
    }
    if with_config:
        r8["as-Config"] = {
            "sourceMeasConfig": MEAS_CONFIG,
            "sourceRadioResourceConfig": RR_DEDICATED,
            "sourceSecurityAlgorithmConfig": {"cipheringAlgorithm": "eea2", "integrityProtAlgorithm": "eia2"},
            "sourceUE-Identity": (0x1234, 16),
            "sourceMasterInformationBlock": MIB,
            "sourceSystemInformationBlockType1": SIB1,
            "sourceSystemInformationBlockType2": SIB2,
            "antennaInfoCommon": {"antennaPortsCount": "an2"},
            "sourceDl-CarrierFreq": src_dl,
            "sourceOtherConfig-r9": {},
        }
    if with_context:
        r8["as-Context"] = {
            "reestablishmentInfo": {
                "sourcePhysCellId": src_pci,
                "targetCellShortMAC-I": (0xBEEF, 16),
                "additionalReestabInfoList": [
                    {
                        "cellIdentity": (0x1A2B302, 28),
                        "key-eNodeB-Star": (int("5a" * 32, 16), 256),
                        "shortMAC-I": (0x1234, 16),
                    }
                ],
            }
        }
    if v9e0 is not None:
        r8["nonCriticalExtension"] = {
            "nonCriticalExtension": {"nonCriticalExtension": {"as-Config-v9e0": {"sourceDl-CarrierFreq-v9e0": v9e0}}}
        }
    hpi = {"criticalExtensions": ("c1", ("handoverPreparationInformation-r8", r8))}
    return enc(INTER.HandoverPreparationInformation, hpi)


def vectors():
    out = {"handover_command": [], "handover_preparation": []}

    def hc(name, pci, dl, ul, v9e0, meas, rrcd, want_dl):
        dcch = reconfiguration(mobility(pci, dl, ul, v9e0), meas, rrcd)
        out["handover_command"].append(
            {
                "name": name,
                "hex": handover_command(dcch).hex(),
                "dl_dcch_hex": dcch.hex(),
                "pci": pci,
                "dl_earfcn": want_dl,
                "ul_earfcn": v9e0[1] if v9e0 and v9e0[1] is not None else ul,
            }
        )

    hc("inter_freq_minimal", 301, 1300, None, None, False, False, 1300)
    hc("intra_freq_no_carrier_freq", 17, None, None, None, False, True, None)
    hc("inter_freq_with_meas_config_and_dedicated", 480, 6300, 24300, None, True, True, 6300)
    hc("earfcn_above_65535_v9e0", 503, 65535, 65535, (66486, 131972), True, True, 66486)
    hc("pci_zero_dl_zero", 0, 0, None, None, True, False, 0)

    def hp(name, dl, pci, v9e0=None, ctx=True, cfg=True):
        out["handover_preparation"].append(
            {
                "name": name,
                "hex": preparation(dl, pci, v9e0, ctx, cfg).hex(),
                "dl_earfcn": (v9e0 if v9e0 is not None else dl) if cfg else None,
                "pci": pci if ctx else None,
                "c_rnti": 0x1234 if cfg else None,
                "ue_capabilities": [[0, "01a0000a1b2c3d"], [1, "5566"]],
            }
        )

    hp("full_as_config_and_context", 1300, 301)
    hp("earfcn_above_65535_v9e0", 65535, 12, v9e0=66486)
    hp("no_as_context", 6300, 0, ctx=False)
    hp("no_as_config", 0, 77, cfg=False)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


def tshark():
    import struct
    import subprocess
    import tempfile

    v = json.load(open(sys.argv[2]))
    cmds = v["handover_command"]
    with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 147))
        for c in cmds:
            p = bytes.fromhex(c["dl_dcch_hex"])
            f.write(struct.pack("<IIII", 0, 0, len(p), len(p)) + p)
        f.flush()
        out = subprocess.run(
            ["tshark", "-r", f.name, "-o", 'uat:user_dlts:"User 0 (DLT=147)","lte-rrc.dl.dcch","0","","0",""',
             "-T", "fields", "-e", "lte-rrc.targetPhysCellId", "-e", "lte-rrc.dl_CarrierFreq",
             "-e", "lte-rrc.dl_CarrierFreq_v9e0"],
            capture_output=True, text=True, check=True,
        ).stdout.splitlines()
    bad = 0
    for c, line in zip(cmds, out):
        pci, dl, dl9 = (line.split("\t") + ["", "", ""])[:3]
        got_dl = int(dl9) if dl9 else (int(dl) if dl else None)
        ok = int(pci) == c["pci"] and got_dl == c["dl_earfcn"]
        bad += not ok
        print("%-45s tshark pci=%s dl=%s  %s" % (c["name"], pci, got_dl, "ok" if ok else "MISMATCH"))
    sys.exit(1 if bad or len(out) != len(cmds) else 0)


if __name__ == "__main__":
    {"vectors": vectors, "tshark": tshark}[sys.argv[1]]()
