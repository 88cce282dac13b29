//! The rule book (key-refresh.md section 7): every rule id, its severity and the requirement it
//! checks, in one table. Findings name a rule of this table; nothing else invents rule ids.

use serde::Serialize;
use std::fmt;

/// How serious a finding is. Only `Error` makes `keyhop validate` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not a violation: something the reader should know (a step not seen, keys missing...).
    Info,
    /// A weakness the profile warns about.
    Warning,
    /// A violation of a requirement of the profile.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $var:ident = $id:literal, $sev:ident, $text:literal; )*) => {
        /// A rule id of section 7 (requirements, then the informational ids).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $var, )*
        }

        impl Rule {
            /// Every rule, in the order of the table.
            pub const ALL: &'static [Rule] = &[$( Rule::$var, )*];

            /// The stable id (`MAKR-UNWRAP`).
            pub fn id(self) -> &'static str {
                match self { $( Rule::$var => $id, )* }
            }

            /// The severity of a finding of this rule.
            pub fn severity(self) -> Severity {
                match self { $( Rule::$var => Severity::$sev, )* }
            }

            /// The requirement (or, for an informational id, its meaning), one sentence.
            pub fn requirement(self) -> &'static str {
                match self { $( Rule::$var => $text, )* }
            }

            /// The rule of an id.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $( $id => Some(Rule::$var), )* _ => None }
            }
        }
    };
}

rules! {
    /// Wrapped KeNBs unwrap under their KEK.
    MakrUnwrap = "MAKR-UNWRAP", Error,
        "every wrapped KeNB whose KEK is known unwraps (RFC 3394 integrity check; CMAC tag under the context of the message that carries it)";
    /// A wrapped key is never replayed into another context.
    MakrBinding = "MAKR-BINDING", Error,
        "a wrapped key is presented only in the context it was made for: its octets never equal those of an earlier item made for another target, UE or refresh";
    /// The unwrapped KeNB is the KDF of H_key and the target.
    MakrKdf = "MAKR-KDF", Error,
        "where H_key is known, the unwrapped KeNB equals KDF(H_key, target)";
    /// The X2 WrappedKeNB is the MME's item for that target.
    MakrMatch = "MAKR-MATCH", Error,
        "the WrappedKeNB of an X2AP HandoverRequest equals the item for that target in the latest NeighbourKeyResponse for the UE, with the same refreshCounter, and names the eNB of the TargetCell-ID";
    /// The target is one the MME answered for.
    MakrTarget = "MAKR-TARGET", Error,
        "the handover target is in the neighbour list the MME answered";
    /// Refresh counters are not reused.
    MakrFresh = "MAKR-FRESH", Error,
        "no (UE, refreshCounter, target) is used by two completed handovers, and every NeighbourKeyResponse after a completed handover has a refreshCounter not used before for that UE";
    /// Key-refresh handovers do not send a KeNB*.
    MakrPlaintext = "MAKR-PLAINTEXT", Error,
        "an X2AP HandoverRequest that carries WrappedKeNB sends key-eNodeB-star as 256 zero bits";
    /// H_key travels ciphered (section 6: security header type 2). Not a row of section 7,
    /// which names no rule for it: keyhop's own id.
    MakrHkeyPlain = "MAKR-HKEY-PLAIN", Error,
        "an H_key delivery (step 5) is sent ciphered, with security header type 2 as section 6 requires: sent plain or integrity protected only, H_key is readable on the S1 link";
    /// A KeyDistribution carries only the receiving eNB's keys.
    MakrKeydist = "MAKR-KEYDIST", Error,
        "a KeyDistribution carries keys of one eNB only, the eNB it is sent to";
    /// The MAKR steps come in order.
    MakrOrder = "MAKR-ORDER", Error,
        "per UE the key-refresh steps come in order: 3, 4, 7, 8, PathSwitchRequest, its Acknowledge, 12, 13; the H_key delivery (5) of a refresh before the 8 that uses it; 11 after 8";
    /// Wraps have integrity.
    MakrWeak = "MAKR-WEAK", Warning,
        "the wrap algorithm provides integrity (aes-ecb does not)";
    /// A KEK is used with one algorithm.
    MakrKek = "MAKR-KEK", Warning,
        "a KEK (eNB, keyId) is used with one wrap algorithm only";
    /// Forward Relocation Requests carry the keys the target needs.
    HoSecctx = "HO-SECCTX", Error,
        "a Forward Relocation Request that an MME sends or receives carries an MM Context with the keys the target needs (KASME, NH and NCC between MMEs; CK and IK between an MME and an SGSN)";
    /// NH and NCC sent to a target are the right ones.
    HoNh = "HO-NH", Error,
        "the NH and NCC a target receives equal those of the MM Context that carried the UE and, where KASME is known, the NH of TS 33.401 Annex A.4 for that NCC";
    /// NCC steps by one.
    HoNcc = "HO-NCC", Error,
        "within an AS security context each NCC sent is ahead of the previous one by one (the first 1 or 2), never repeats with a different NH nor goes back";
    /// KeNB* is derived as A.5 says.
    HoKenbstar = "HO-KENBSTAR", Error,
        "in a legacy X2 HandoverRequest key-eNodeB-star = KDF(K, 0x13, target PCI, target EARFCN-DL), K the unused NH of the source eNB, else its KeNB";
    /// Mapped keys are derived as TS 33.401 says.
    HoMapped = "HO-MAPPED", Error,
        "mapped keys are derived as TS 33.401 says: CK' and IK' from KASME and the NAS downlink COUNT (A.8); the KeNB of a UTRAN to E-UTRAN handover from CK, IK and NONCE_MME (A.10, 9.2.2.1)";
    /// UE security capabilities agree.
    HoCaps = "HO-CAPS", Warning,
        "UE security capabilities agree between the MM Context and the S1AP/X2AP messages of one UE";
    /// Handover messages come in order.
    HoOrder = "HO-ORDER", Error,
        "the messages of a handover come in the order of its procedure; a cancellation or failure ends it";
    /// X2 handovers without key refresh have no forward secrecy.
    HoNoFs = "HO-NO-FS", Info,
        "an X2 handover keeps the target's key from the source (a legacy X2 handover gives no forward secrecy for that hop)";
    /// Not observed.
    NotObserved = "NOT-OBSERVED", Info,
        "a step would travel on a link the capture never shows, so it is absent without fault";
    /// Cut by the capture.
    Incomplete = "INCOMPLETE", Info,
        "a procedure is cut by the capture's start or end";
    /// Keys missing.
    NoKeys = "NO-KEYS", Info,
        "a key rule could not be checked: the keys were neither given nor learnable";
    /// Cancelled as allowed.
    Cancelled = "CANCELLED", Info,
        "a handover preparation was cancelled or failed, as the protocol allows";
    /// Keys file disagrees with the capture.
    KeysConflict = "KEYS-CONFLICT", Info,
        "a key given in the keys file disagrees with one learned from the capture (the file wins)";
    /// NAS COUNT searched.
    NasCountSearched = "NAS-COUNT-SEARCHED", Info,
        "the NAS COUNT overflow was found by searching for a verifying NAS-MAC";
    /// UE context dropped.
    Evicted = "EVICTED", Info,
        "a UE context was dropped to bound memory; later steps of that UE may be reported as incomplete";
    /// Undecodable.
    Malformed = "MALFORMED", Info,
        "a frame or item could not be decoded or breaks a size rule of the profile; the rest of the capture is still checked";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The handover procedures, as counted in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProcKind {
    /// S1 handover within one MME (with or without S-GW relocation).
    S1IntraMme,
    /// S1 handover between MMEs (S10).
    S1InterMme,
    /// UTRAN to E-UTRAN (SGSN to MME).
    UtranToEutran,
    /// E-UTRAN to UTRAN (MME to SGSN).
    EutranToUtran,
    /// X2 handover without key refresh.
    X2Legacy,
    /// X2 handover with MME-assisted key refresh.
    X2Makr,
}

impl ProcKind {
    /// Every kind, in summary order.
    pub const ALL: [ProcKind; 6] = [
        ProcKind::S1IntraMme,
        ProcKind::S1InterMme,
        ProcKind::UtranToEutran,
        ProcKind::EutranToUtran,
        ProcKind::X2Legacy,
        ProcKind::X2Makr,
    ];

    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            ProcKind::S1IntraMme => "s1-intra-mme",
            ProcKind::S1InterMme => "s1-inter-mme",
            ProcKind::UtranToEutran => "utran-to-eutran",
            ProcKind::EutranToUtran => "eutran-to-utran",
            ProcKind::X2Legacy => "x2-legacy",
            ProcKind::X2Makr => "x2-makr",
        }
    }
}

/// One finding: a rule, the UE, the frames involved and one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Its severity (from the table).
    pub severity: Severity,
    /// For NO-KEYS: the key rule that could not be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Rule>,
    /// The UE (`imsi:...` or `mme-ue-s1ap-id:ID@MME`), when the finding concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ue: Option<String>,
    /// The UE's context in the engine, beside `ue` (`keyhop export`'s `ue_ctx`; not in
    /// validate's own reports, which name UEs by `ue`).
    #[serde(skip)]
    pub ue_ctx: Option<u32>,
    /// The procedure, when the finding concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procedure: Option<ProcKind>,
    /// Frames involved, ascending, the decisive one last... as given.
    pub frames: Vec<u64>,
    /// One sentence; key material only as a fingerprint unless --show-keys.
    pub text: String,
}

impl Finding {
    /// A finding of `rule` over `frames`.
    pub fn new(rule: Rule, frames: &[u64], text: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.severity(),
            about: None,
            ue: None,
            ue_ctx: None,
            procedure: None,
            frames: frames.to_vec(),
            text: text.into(),
        }
    }

    /// A NO-KEYS finding about key rule `about`.
    pub fn no_keys(about: Rule, frames: &[u64], text: impl Into<String>) -> Self {
        let mut f = Finding::new(Rule::NoKeys, frames, text);
        f.about = Some(about);
        f
    }

    /// Names the finding's UE: its label (`ue`) and its context (`ue_ctx`), always together;
    /// `None` leaves both unset.
    pub fn set_ue(&mut self, ue: Option<(String, u32)>) {
        if let Some((label, ctx)) = ue {
            self.ue = Some(label);
            self.ue_ctx = Some(ctx);
        }
    }

    /// The same finding in procedure `p`.
    pub fn in_proc(mut self, p: ProcKind) -> Self {
        self.procedure = Some(p);
        self
    }
}

/// Findings of one transition; empty in the common case, which allocates nothing.
pub type Findings = Vec<Finding>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.id()), "{} twice", r.id());
            assert_eq!(Rule::from_id(r.id()), Some(*r));
        }
        assert_eq!(Rule::ALL.len(), 28);
    }

    #[test]
    fn severities_follow_section_7() {
        use Severity::*;
        let warn = [Rule::MakrWeak, Rule::MakrKek, Rule::HoCaps];
        for r in Rule::ALL {
            let want = if warn.contains(r) {
                Warning
            } else if *r >= Rule::HoNoFs {
                Info
            } else {
                Error
            };
            assert_eq!(r.severity(), want, "{r}");
        }
    }
}
