"""Reads GTPv2-C messages (hex, one per line) and prints, for each, a JSON object with the
header sequence number and every F-TEID as pycrate_mobile.TS29274_GTPC decodes it (grouped IEs
walked), so a test can check an edited message with an independent decoder."""
import json
import sys

from pycrate_mobile import TS29274_GTPC as G


def fteids(ies, out):
    for pie in ies:
        data = pie[1]
        cls = data.__class__.__name__
        if cls == "FTEID":
            v = data.get_val()
            out.append({"instance": pie[0]["Inst"].get_val(), "interface_type": v[2],
                        "teid": v[3]})
        elif pie[0]["Type"].get_val() in (93, 109):
            fteids(list(data), out)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        b = bytes.fromhex(line.strip())
        msg, err = G.parse_GTPC(b)
        if msg is None or err:
            print(json.dumps({"error": "parse_GTPC error %s" % err}))
            continue
        out = []
        fteids(list(msg[1]), out)
        print(json.dumps({"sequence": msg[0]["SeqNum"].get_val(), "fteids": out,
                          "reencodes": msg.to_bytes() == b}))


main()
