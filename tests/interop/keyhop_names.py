"""keyhop's naming rule: ASN.1 identifier -> snake_case JSON key.

One function, `snake()`, used for IE names (after dropping `id-`), SEQUENCE component names,
CHOICE alternative names and ENUMERATED values.  docs/json.md ("Naming rule") describes it; the
Rust side follows the generated tables tests/interop/{s1ap,x2ap}_names.tsv.

The rule, in order:
1. `E-UTRAN`/`E-UTRA` (any case of the `E`) become one word (`eutran`, `eutra`).
2. The identifier is split at `-`; each part is split into words:
   * at the start of a part, a lowercase letter followed by an uppercase letter is read as
     uppercase (ASN.1 forces component names to start lowercase: `pLMN`, `uE`, `nAS`);
   * at each word start, a known acronym (ACRONYMS) is taken as one word, preferring the longest
     one that ends at a word boundary (end, `-`, digit, uppercase letter, or a plural `s` then a
     boundary), else the longest one at all (`PLMNidentity` -> `plmn identity`);
   * otherwise camelCase: an uppercase run followed by lowercase gives its last capital to the
     next word (`HOReq` -> `HO Req`) unless the lowercase is a plural `s` ending the word
     (`GUMMEIs`); digits stick to the word they follow (`S1AP`, `x2`, `cdma2000`);
   * a lowercase run stops before `eNB`/`eNodeB`/`gNB` (`targeteNB` -> `target eNB`).
3. Words are lowercased and joined with `_`.
"""

import re

# Acronyms kept as one word.  Spelling as written in the ASN.1 (after the part-start rule, so
# `pLMN` is matched as `PLMN`) -> output word.
ACRONYMS = {
    # node and network names
    "eNodeB": "enodeb", "eNB": "enb", "ENB": "enb", "gNB": "gnb", "GNB": "gnb",
    "MME": "mme", "MMEC": "mmec", "UE": "ue", "SGW": "sgw", "PGW": "pgw", "MSC": "msc",
    "RNC": "rnc", "SGSN": "sgsn", "HeNB": "henb",
    # protocols and layers
    "S1AP": "s1ap", "X2AP": "x2ap", "NAS": "nas", "RRC": "rrc", "PDCP": "pdcp", "RLC": "rlc",
    "GTP": "gtp", "TNL": "tnl", "IP": "ip", "IPv4": "ipv4", "IPv6": "ipv6", "LPPa": "lppa",
    "SON": "son", "PDU": "pdu", "SDU": "sdu", "IE": "ie", "IEs": "ies",
    # radio access
    "EUTRAN": "eutran", "UTRAN": "utran", "GERAN": "geran",
    "NR": "nr", "RAB": "rab", "RAT": "rat", "UL": "ul", "DL": "dl", "EARFCN": "earfcn",
    "PCI": "pci", "MBSFN": "mbsfn", "CSG": "csg", "SRVCC": "srvcc", "HO": "ho",
    # identities
    "PLMN": "plmn", "TAI": "tai", "TAC": "tac", "CGI": "cgi", "ECGI": "ecgi", "GUMMEI": "gummei",
    "ID": "id", "IMSI": "imsi", "TMSI": "tmsi", "IMEI": "imei", "LAI": "lai", "LAC": "lac",
    "RAC": "rac", "CI": "ci", "TEID": "teid", "SN": "sn", "HFN": "hfn", "COUNT": "count",
    # security
    "NH": "nh", "NCC": "ncc",
    # QoS
    "QCI": "qci", "GBR": "gbr", "AMBR": "ambr", "ARP": "arp", "QoS": "qos",
    # core network, generations, services
    "EPS": "eps", "EPC": "epc", "CS": "cs", "PS": "ps", "RAN": "ran", "MDT": "mdt",
    "IMEISV": "imeisv", "IoT": "iot", "CIoT": "ciot", "ProSe": "prose", "GS": "gs", "GSM": "gsm",
    "CHO": "cho", "CSI": "csi", "RS": "rs", "RSRP": "rsrp", "RSRQ": "rsrq", "NRS": "nrs", "NRSCS": "nr_scs", "NRB": "nrb", "IMS": "ims",
    "TDD": "tdd", "FDD": "fdd", "TDC": "tdc", "MeNB": "menb", "SeNB": "senb", "SgNB": "sgnb",
    "XwAP": "xwap",
    "5GS": "5gs", "5GC": "5gc", "5G": "5g", "engNB": "en_gnb", "gNgRan": "ng_ran",
}

# Acronyms that are never read as one word when a lowercase letter follows, because their last
# capital starts the next word there (`MSClassmark2` is `MS Classmark2`).
CAMEL_ONLY = {"MSC", "CI", "HO", "NH", "SON", "LAC", "LAI", "RAC", "ARP", "GS", "GSM"}

_LOWER_START = [a for a in ACRONYMS if a[0].islower() or a[0].isdigit()]
_BY_LEN = sorted(ACRONYMS, key=len, reverse=True)


def _boundary(s, j):
    """Does a word end before s[j]?"""
    return j >= len(s) or not s[j].islower()


def _acronym_at(s, i):
    """(end index, word) of the acronym starting at s[i], or None."""
    best_any = None
    for a in _BY_LEN:
        if not s.startswith(a, i):
            continue
        j = i + len(a)
        if j < len(s) and s[j] == "s" and _boundary(s, j + 1) and not a.endswith("s"):
            return j + 1, ACRONYMS[a] + "s"
        if _boundary(s, j):
            return j, ACRONYMS[a]
        if best_any is None and a not in CAMEL_ONLY:
            best_any = (j, ACRONYMS[a])
    return best_any


def _words(part):
    s = part
    # at the start, an acronym may be spelt with a lowercase first letter (`eNodeB`, `seNB`)
    first = _acronym_at(s, 0) or _acronym_at(s[:1].upper() + s[1:], 0)
    if len(s) >= 2 and s[0].islower() and s[1].isupper():
        s = s[0].upper() + s[1:]
    out, i, n = [], 0, len(s)
    while i < n:
        m = first if i == 0 and first else _acronym_at(s, i)
        if m:
            i, w = m
            out.append(w)
            continue
        c = s[i]
        if c.isupper():
            j = i
            while j < n and (s[j].isupper() or s[j].isdigit()):
                j += 1
            if j < n and s[j].islower():
                if j - i > 1 and s[j - 1].isdigit():  # `TS1reloc`: digits end the word
                    out.append(s[i:j])
                    i = j
                    continue
                if j - i > 1:
                    if s[j] == "s" and _boundary(s, j + 1):
                        out.append(s[i:j + 1])
                        i = j + 1
                    else:
                        out.append(s[i:j - 1])
                        i = j - 1
                    continue
                k = j
                while k < n and (s[k].islower() or s[k].isdigit()) and not _lower_acr(s, k):
                    k += 1
                out.append(s[i:k])
                i = k
            else:
                out.append(s[i:j])
                i = j
        else:
            k = i
            while k < n and (s[k].islower() or s[k].isdigit()) and (k == i or not _lower_acr(s, k)):
                k += 1
            if k == i:  # any other character: keep it as its own word
                k = i + 1
            out.append(s[i:k])
            i = k
    return out


def _lower_acr(s, k):
    """Does an acronym that ends a lowercase run start at s[k] (`targeteNB`, `in5GS`)?"""
    return any(s.startswith(a, k) for a in _LOWER_START)


_EUTRAN = re.compile(r"(?<![A-Z0-9])[Ee]-(UTRAN|UTRA)(?![a-z])")


def snake(ident):
    """ASN.1 identifier (component, alternative, ENUMERATED value, IE name without `id-`)
    -> keyhop's JSON key."""
    s = _EUTRAN.sub(lambda m: "E" + m.group(1), ident)
    words = []
    for part in s.split("-"):
        if part:
            words.extend(_words(part))
    return "_".join(w.lower() for w in words)


def ie_name(id_ident):
    """`id-E-RABToBeSetupListHOReq` -> `e_rab_to_be_setup_list_ho_req`."""
    if id_ident.startswith("id-"):
        id_ident = id_ident[3:]
    return snake(id_ident)


if __name__ == "__main__":
    import sys

    for a in sys.argv[1:]:
        print(a, snake(a))
