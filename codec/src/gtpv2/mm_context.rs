//! The MM Context IE in its six forms (TS 29.274 clause 8.38, IE types 103 to 108).
//!
//! One struct covers all forms; [`MmContextForm`] says which fields the form has. Presence flags
//! (DRXI, NHI, SAMB RI, UAMB RI, OSCI, NHI_old) and the vector counts are not stored: they follow
//! from the `Option`s and `Vec`s, so a value cannot disagree with its own flags. Octets whose bits
//! are spare or only named in late releases are kept as received.
//!
//! Field order, from the figures of 8.38 (checked against Wireshark's packet-gtpv2.c):
//! octets 5-7 flags; NAS counts (3 octets each) and KASME (107); Kc (103, 105) or CK and IK
//! (104, 106, 108); triplets / quadruplets / quintuplets; DRX parameter (DRXI); NH and NCC
//! (107, NHI); subscribed UE-AMBR (SAMB RI); used UE-AMBR (UAMB RI); UE network capability,
//! MS network capability and MEI, each behind a 1-octet length; then, only when octets remain,
//! the access restriction data, the old EPS security context (107, OSCI) and the form's later
//! length-prefixed fields. Octets keyhop cannot place are kept in `extension`.

use super::values::{enc_err, hex_str, put_u24, Ambr, Tbcd};
use crate::error::{Context, DecodeResult, EncodeResult, ErrorKind};
use crate::redact::{KeyMaterial, Octets};
use crate::wire::{Reader, Writer};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// Which of the six MM Context IEs, by IE type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MmContextForm {
    /// IE type 103, security mode 0: a 2G context, the GSM key Kc and triplets (TS 29.274 clause 8.38, Figure 8.38-1).
    GsmKeyTriplets,
    /// IE type 104, security mode 1: UMTS keys CK/IK, the GPRS cipher in use and quintuplets (TS 29.274 clause 8.38, Figure 8.38-2).
    UmtsKeyUsedCipherQuintuplets,
    /// IE type 105, security mode 2: the GSM key Kc, the GPRS cipher in use and quintuplets (TS 29.274 clause 8.38, Figure 8.38-3).
    GsmKeyUsedCipherQuintuplets,
    /// IE type 106, security mode 3: a 3G context, UMTS keys CK/IK and quintuplets (TS 29.274 clause 8.38, Figure 8.38-4).
    UmtsKeyQuintuplets,
    /// IE type 107, security mode 4: the EPS security context (KASME, NH, NCC, NAS counts and algorithms) with quadruplets and quintuplets (TS 29.274 clause 8.38, Figure 8.38-5).
    EpsSecurityContextQuadruplets,
    /// IE type 108, security mode 5: UMTS keys CK/IK with quadruplets and quintuplets (TS 29.274 clause 8.38, Figure 8.38-6).
    UmtsKeyQuadrupletsQuintuplets,
}

impl MmContextForm {
    /// All forms, in IE type order.
    pub const ALL: [MmContextForm; 6] = [
        MmContextForm::GsmKeyTriplets,
        MmContextForm::UmtsKeyUsedCipherQuintuplets,
        MmContextForm::GsmKeyUsedCipherQuintuplets,
        MmContextForm::UmtsKeyQuintuplets,
        MmContextForm::EpsSecurityContextQuadruplets,
        MmContextForm::UmtsKeyQuadrupletsQuintuplets,
    ];

    /// The IE type (103 to 108).
    pub fn ie_type(self) -> u8 {
        match self {
            MmContextForm::GsmKeyTriplets => 103,
            MmContextForm::UmtsKeyUsedCipherQuintuplets => 104,
            MmContextForm::GsmKeyUsedCipherQuintuplets => 105,
            MmContextForm::UmtsKeyQuintuplets => 106,
            MmContextForm::EpsSecurityContextQuadruplets => 107,
            MmContextForm::UmtsKeyQuadrupletsQuintuplets => 108,
        }
    }

    /// The form of an IE type, if it is an MM Context.
    pub fn from_ie_type(t: u8) -> Option<Self> {
        MmContextForm::ALL.into_iter().find(|f| f.ie_type() == t)
    }

    /// The security mode value the spec gives this form (octet 5 bits 8-6).
    pub fn security_mode(self) -> u8 {
        self.ie_type() - 103
    }

    /// snake_case name used in JSON (`form`).
    pub fn name(self) -> &'static str {
        match self {
            MmContextForm::GsmKeyTriplets => "gsm_key_and_triplets",
            MmContextForm::UmtsKeyUsedCipherQuintuplets => "umts_key_used_cipher_and_quintuplets",
            MmContextForm::GsmKeyUsedCipherQuintuplets => "gsm_key_used_cipher_and_quintuplets",
            MmContextForm::UmtsKeyQuintuplets => "umts_key_and_quintuplets",
            MmContextForm::EpsSecurityContextQuadruplets => "eps_security_context_and_quadruplets",
            MmContextForm::UmtsKeyQuadrupletsQuintuplets => "umts_key_quadruplets_and_quintuplets",
        }
    }

    pub(crate) fn is_eps(self) -> bool {
        self == MmContextForm::EpsSecurityContextQuadruplets
    }
    pub(crate) fn has_kc(self) -> bool {
        matches!(
            self,
            MmContextForm::GsmKeyTriplets | MmContextForm::GsmKeyUsedCipherQuintuplets
        )
    }
    pub(crate) fn has_ck_ik(self) -> bool {
        matches!(
            self,
            MmContextForm::UmtsKeyUsedCipherQuintuplets
                | MmContextForm::UmtsKeyQuintuplets
                | MmContextForm::UmtsKeyQuadrupletsQuintuplets
        )
    }
    pub(crate) fn has_quadruplets(self) -> bool {
        matches!(
            self,
            MmContextForm::EpsSecurityContextQuadruplets
                | MmContextForm::UmtsKeyQuadrupletsQuintuplets
        )
    }
    pub(crate) fn has_quintuplets(self) -> bool {
        self != MmContextForm::GsmKeyTriplets
    }
    /// Forms whose octet 7 carries the used cipher (bits 3-1).
    pub(crate) fn has_used_cipher(self) -> bool {
        matches!(
            self,
            MmContextForm::GsmKeyTriplets
                | MmContextForm::UmtsKeyUsedCipherQuintuplets
                | MmContextForm::GsmKeyUsedCipherQuintuplets
        )
    }
    /// Forms that name bits 5-3 of octet 6 (IOVI, GUPII, UGIPAI) and carry the used GPRS
    /// integrity protection algorithm in octet 7 (Rel-14 CIoT additions).
    pub(crate) fn has_gprs_integrity(self) -> bool {
        matches!(
            self,
            MmContextForm::UmtsKeyUsedCipherQuintuplets | MmContextForm::UmtsKeyQuintuplets
        )
    }

    /// The optional fields after the access restriction data (and the old EPS security
    /// context), in wire order.
    fn trailing(self) -> &'static [Trail] {
        use Trail::*;
        match self {
            MmContextForm::GsmKeyTriplets => &[Vdp],
            MmContextForm::UmtsKeyUsedCipherQuintuplets => &[Vdp, HigherBitrates, IovUpdates],
            MmContextForm::GsmKeyUsedCipherQuintuplets => &[Vdp, HigherBitrates],
            MmContextForm::UmtsKeyQuintuplets => {
                &[Vdp, HigherBitrates, IovUpdates, ExtAccessRestriction]
            }
            MmContextForm::EpsSecurityContextQuadruplets => &[
                Vdp,
                UeRadioCapPaging,
                ExtAccessRestriction,
                UeAddSecCap,
                UeNrSecCap,
                ApnRateControl,
                CoreNetworkRestrictions,
                UeRadioCapId,
                Ensct,
            ],
            MmContextForm::UmtsKeyQuadrupletsQuintuplets => &[Vdp, ApnRateControl],
        }
    }
}

/// The late optional fields, each behind a length (1 octet, or 2 where noted) or a single octet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trail {
    Vdp,
    HigherBitrates,
    IovUpdates,
    ExtAccessRestriction,
    UeRadioCapPaging,
    UeAddSecCap,
    UeNrSecCap,
    ApnRateControl,
    CoreNetworkRestrictions,
    UeRadioCapId,
    Ensct,
}

impl Trail {
    fn name(self) -> &'static str {
        match self {
            Trail::Vdp => "voice_domain_preference",
            Trail::HigherBitrates => "higher_bitrates_than_16mbps_flag",
            Trail::IovUpdates => "iov_updates_counter",
            Trail::ExtAccessRestriction => "extended_access_restriction_data",
            Trail::UeRadioCapPaging => "ue_radio_capability_for_paging",
            Trail::UeAddSecCap => "ue_additional_security_capability",
            Trail::UeNrSecCap => "ue_nr_security_capability",
            Trail::ApnRateControl => "apn_rate_control_statuses",
            Trail::CoreNetworkRestrictions => "core_network_restrictions",
            Trail::UeRadioCapId => "ue_radio_capability_id",
            Trail::Ensct => "ensct",
        }
    }
    /// Width of the length prefix; 0 for the single-octet fields.
    fn len_width(self) -> usize {
        match self {
            Trail::IovUpdates | Trail::Ensct => 0,
            Trail::UeRadioCapPaging | Trail::ApnRateControl => 2,
            _ => 1,
        }
    }
}

/// An authentication triplet (TS 29.274 Figure 8.38-7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triplet<'a> {
    /// RAND, 16 octets.
    pub rand: Octets<'a>,
    /// SRES, 4 octets.
    pub sres: KeyMaterial<'a>,
    /// Kc, 8 octets.
    pub kc: KeyMaterial<'a>,
}

/// An authentication quintuplet (Figure 8.38-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quintuplet<'a> {
    /// RAND, 16 octets.
    pub rand: Octets<'a>,
    /// XRES, length-prefixed.
    pub xres: KeyMaterial<'a>,
    /// CK, 16 octets.
    pub ck: KeyMaterial<'a>,
    /// IK, 16 octets.
    pub ik: KeyMaterial<'a>,
    /// AUTN, length-prefixed.
    pub autn: KeyMaterial<'a>,
}

/// An authentication quadruplet (Figure 8.38-9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quadruplet<'a> {
    /// RAND, 16 octets.
    pub rand: Octets<'a>,
    /// XRES, length-prefixed.
    pub xres: KeyMaterial<'a>,
    /// AUTN, length-prefixed.
    pub autn: KeyMaterial<'a>,
    /// KASME, 32 octets.
    pub kasme: KeyMaterial<'a>,
}

/// The old EPS security context of form 107 (present when OSCI is set; S10 only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldEpsSecurityContext<'a> {
    /// Bit 7 of the first octet (spare), as received.
    pub spare: bool,
    /// old KSI_ASME (3 bits).
    pub ksi: u8,
    /// old NCC (3 bits; to be ignored when there is no old NH).
    pub ncc: u8,
    /// old KASME, 32 octets.
    pub kasme: KeyMaterial<'a>,
    /// old NH, 32 octets (NHI_old).
    pub nh: Option<KeyMaterial<'a>>,
}

/// Access restriction data bits, bit 1 first.
const ACCESS_RESTRICTION: [&str; 8] = ["una", "gena", "gana", "ina", "ena", "hnna", "nbna", "ecna"];

/// An MM Context IE (any of the six forms). See the module documentation for the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MmContext<'a> {
    /// Which form (IE type).
    pub form: MmContextForm,
    /// Security mode, octet 5 bits 8-6 (normally [`MmContextForm::security_mode`]).
    pub security_mode: u8,
    /// Octet 5 bit 5 in the forms where it is spare (all but 107, where it is NHI).
    pub octet5_spare: bool,
    /// CKSN (103, 105), KSI (104, 106) or KSI_ASME (107, 108): octet 5 bits 3-1.
    pub ksi: u8,
    /// Octet 6 bits 5-3 in forms 103 to 106: spare in 103 and 105; IOVI, GUPII, UGIPAI in 104
    /// and 106. (In 107 and 108 these bits count the quadruplets.)
    pub octet6_flags: u8,
    /// Octet 7 as received in all forms but 107: used cipher in bits 3-1 (103-105), used GPRS
    /// integrity protection algorithm in bits 6-4 (104, 106), spare otherwise.
    pub octet7: u8,
    /// Used NAS integrity protection algorithm (107: octet 7 bits 7-5).
    pub nas_integrity_algorithm: u8,
    /// Used NAS cipher (107: octet 7 bits 4-1).
    pub nas_ciphering_algorithm: u8,
    /// NAS downlink COUNT, 24 bits (107).
    pub nas_downlink_count: Option<u32>,
    /// NAS uplink COUNT, 24 bits (107).
    pub nas_uplink_count: Option<u32>,
    /// KASME, 32 octets (107).
    pub kasme: Option<KeyMaterial<'a>>,
    /// Kc, 8 octets (103, 105).
    pub kc: Option<KeyMaterial<'a>>,
    /// CK, 16 octets (104, 106, 108).
    pub ck: Option<KeyMaterial<'a>>,
    /// IK, 16 octets (104, 106, 108).
    pub ik: Option<KeyMaterial<'a>>,
    /// Authentication triplets (103), at most 7... the spec says 0..4.
    pub triplets: Vec<Triplet<'a>>,
    /// Authentication quadruplets (107, 108).
    pub quadruplets: Vec<Quadruplet<'a>>,
    /// Authentication quintuplets (all forms but 103).
    pub quintuplets: Vec<Quintuplet<'a>>,
    /// DRX parameter, 2 octets (DRXI).
    pub drx_parameter: Option<[u8; 2]>,
    /// NH, 32 octets (107, NHI).
    pub nh: Option<KeyMaterial<'a>>,
    /// NCC (3 bits), meaningful with [`Self::nh`].
    pub ncc: u8,
    /// The spare bits 8-4 of the NCC octet, as received.
    pub ncc_spare: u8,
    /// Subscribed UE-AMBR (SAMB RI).
    pub subscribed_ue_ambr: Option<Ambr>,
    /// Used UE-AMBR (UAMB RI).
    pub used_ue_ambr: Option<Ambr>,
    /// UE network capability (TS 24.301 9.9.3.34 value part); empty if its length is 0.
    pub ue_network_capability: Octets<'a>,
    /// MS network capability (TS 24.008 10.5.5.12 value part); empty if its length is 0.
    pub ms_network_capability: Octets<'a>,
    /// Mobile Equipment Identity (TBCD octets); empty if its length is 0.
    pub mei: Octets<'a>,
    /// Access restriction data octet (UNA bit 1 ... ECNA bit 8), if the IE reaches it.
    pub access_restriction_data: Option<u8>,
    /// Old EPS security context (107, OSCI).
    pub old_eps_security_context: Option<OldEpsSecurityContext<'a>>,
    /// Voice domain preference and UE's usage setting (TS 24.008 10.5.5.28 value part).
    pub voice_domain_preference: Option<Octets<'a>>,
    /// Higher bitrates than 16 Mbps flag (104, 105, 106).
    pub higher_bitrates_flag: Option<Octets<'a>>,
    /// IOV_updates counter (104, 106).
    pub iov_updates_counter: Option<u8>,
    /// Extended access restriction data (106, 107).
    pub extended_access_restriction_data: Option<Octets<'a>>,
    /// UE radio capability for paging information (107; 2-octet length).
    pub ue_radio_capability_for_paging: Option<Octets<'a>>,
    /// UE additional security capability (107).
    pub ue_additional_security_capability: Option<Octets<'a>>,
    /// UE NR security capability (107).
    pub ue_nr_security_capability: Option<Octets<'a>>,
    /// APN rate control statuses (107, 108; 2-octet length).
    pub apn_rate_control_statuses: Option<Octets<'a>>,
    /// Core network restrictions (107).
    pub core_network_restrictions: Option<Octets<'a>>,
    /// UE radio capability ID (107).
    pub ue_radio_capability_id: Option<Octets<'a>>,
    /// ENSCT octet (107).
    pub ensct: Option<u8>,
    /// Trailing octets keyhop does not place, kept as received.
    pub extension: Octets<'a>,
}

impl<'a> MmContext<'a> {
    /// A minimal MM Context of `form`: the form's keys all zero, no vectors, no optional field.
    pub fn empty(form: MmContextForm) -> MmContext<'static> {
        let zeros = |n: usize| Some(KeyMaterial::owned(vec![0; n]));
        MmContext {
            form,
            security_mode: form.security_mode(),
            octet5_spare: false,
            ksi: 0,
            octet6_flags: 0,
            octet7: 0,
            nas_integrity_algorithm: 0,
            nas_ciphering_algorithm: 0,
            nas_downlink_count: form.is_eps().then_some(0),
            nas_uplink_count: form.is_eps().then_some(0),
            kasme: if form.is_eps() { zeros(32) } else { None },
            kc: if form.has_kc() { zeros(8) } else { None },
            ck: if form.has_ck_ik() { zeros(16) } else { None },
            ik: if form.has_ck_ik() { zeros(16) } else { None },
            triplets: Vec::new(),
            quadruplets: Vec::new(),
            quintuplets: Vec::new(),
            drx_parameter: None,
            nh: None,
            ncc: 0,
            ncc_spare: 0,
            subscribed_ue_ambr: None,
            used_ue_ambr: None,
            ue_network_capability: Octets::default(),
            ms_network_capability: Octets::default(),
            mei: Octets::default(),
            access_restriction_data: None,
            old_eps_security_context: None,
            voice_domain_preference: None,
            higher_bitrates_flag: None,
            iov_updates_counter: None,
            extended_access_restriction_data: None,
            ue_radio_capability_for_paging: None,
            ue_additional_security_capability: None,
            ue_nr_security_capability: None,
            apn_rate_control_statuses: None,
            core_network_restrictions: None,
            ue_radio_capability_id: None,
            ensct: None,
            extension: Octets::default(),
        }
    }

    /// Used cipher (103, 104, 105: octet 7 bits 3-1).
    pub fn used_cipher(&self) -> Option<u8> {
        self.form.has_used_cipher().then_some(self.octet7 & 0x07)
    }

    /// Used GPRS integrity protection algorithm (104, 106: octet 7 bits 6-4).
    pub fn used_gprs_integrity_algorithm(&self) -> Option<u8> {
        self.form
            .has_gprs_integrity()
            .then_some((self.octet7 >> 3) & 0x07)
    }

    /// The bits of octet 7 that named fields show (used cipher, used GPRS integrity
    /// algorithm); the others are spare in the forms other than 107.
    pub fn octet7_shown_mask(&self) -> u8 {
        let mut m = 0;
        if self.form.has_used_cipher() {
            m |= 0x07;
        }
        if self.form.has_gprs_integrity() {
            m |= 0x38;
        }
        m
    }

    /// The MEI digits.
    pub fn mei_digits(&self) -> Tbcd {
        Tbcd::from_octets(self.mei.as_bytes())
    }

    /// Decodes the value of an MM Context IE of `form`; consumes the whole reader.
    pub fn decode(form: MmContextForm, r: &mut Reader<'a>) -> DecodeResult<MmContext<'a>> {
        let o5 = r.u8().ctx("flags")?;
        let o6 = r.u8().ctx("flags")?;
        let o7 = r.u8().ctx("flags")?;
        let mut m = MmContext::empty(form);
        m.security_mode = o5 >> 5;
        let bit5 = o5 & 0x10 != 0;
        let drxi = o5 & 0x08 != 0;
        m.ksi = o5 & 0x07;
        let first_count = (o6 >> 5) as usize;
        let mid = (o6 >> 2) & 0x07;
        let uamb = o6 & 0x02 != 0;
        let (samb, osci, nhi);
        if form.is_eps() {
            nhi = bit5;
            osci = o6 & 0x01 != 0;
            samb = o7 & 0x80 != 0;
            m.nas_integrity_algorithm = (o7 >> 4) & 0x07;
            m.nas_ciphering_algorithm = o7 & 0x0f;
        } else {
            nhi = false;
            osci = false;
            m.octet5_spare = bit5;
            samb = o6 & 0x01 != 0;
            m.octet7 = o7;
        }
        let (n_tri, n_quad, n_quin) = match form {
            MmContextForm::GsmKeyTriplets => (first_count, 0, 0),
            MmContextForm::EpsSecurityContextQuadruplets
            | MmContextForm::UmtsKeyQuadrupletsQuintuplets => (0, mid as usize, first_count),
            _ => (0, 0, first_count),
        };
        if !form.has_quadruplets() {
            m.octet6_flags = mid;
        }
        if form.is_eps() {
            m.nas_downlink_count = Some(r.u24().ctx("nas_downlink_count")?);
            m.nas_uplink_count = Some(r.u24().ctx("nas_uplink_count")?);
            m.kasme = Some(KeyMaterial::borrowed(r.take(32).ctx("kasme")?));
        }
        if form.has_kc() {
            m.kc = Some(KeyMaterial::borrowed(r.take(8).ctx("kc")?));
        }
        if form.has_ck_ik() {
            m.ck = Some(KeyMaterial::borrowed(r.take(16).ctx("ck")?));
            m.ik = Some(KeyMaterial::borrowed(r.take(16).ctx("ik")?));
        }
        for i in 0..n_tri {
            let t = decode_triplet(r)
                .ctx_with(|| format!("[{i}]"))
                .ctx("triplets")?;
            m.triplets.push(t);
        }
        for i in 0..n_quad {
            let q = decode_quadruplet(r)
                .ctx_with(|| format!("[{i}]"))
                .ctx("quadruplets")?;
            m.quadruplets.push(q);
        }
        for i in 0..n_quin {
            let q = decode_quintuplet(r)
                .ctx_with(|| format!("[{i}]"))
                .ctx("quintuplets")?;
            m.quintuplets.push(q);
        }
        if drxi {
            m.drx_parameter = Some(r.array().ctx("drx_parameter")?);
        }
        if nhi {
            m.nh = Some(KeyMaterial::borrowed(r.take(32).ctx("nh")?));
            let o = r.u8().ctx("ncc")?;
            m.ncc = o & 0x07;
            m.ncc_spare = o >> 3;
        }
        if samb {
            m.subscribed_ue_ambr = Some(Ambr::decode(r).ctx("subscribed_ue_ambr")?);
        }
        if uamb {
            m.used_ue_ambr = Some(Ambr::decode(r).ctx("used_ue_ambr")?);
        }
        m.ue_network_capability = lv1(r).ctx("ue_network_capability")?;
        m.ms_network_capability = lv1(r).ctx("ms_network_capability")?;
        m.mei = lv1(r).ctx("mei")?;
        if !r.is_empty() {
            m.access_restriction_data = Some(r.u8()?);
        }
        if osci {
            if m.access_restriction_data.is_none() {
                return Err(r
                    .error(
                        ErrorKind::Truncated,
                        "OSCI is set but the IE ends before the old EPS security context",
                    )
                    .in_field("old_eps_security_context"));
            }
            m.old_eps_security_context =
                Some(decode_old_context(r).ctx("old_eps_security_context")?);
        }
        // The late fields are optional and grew over releases: parse what fits, keep the rest.
        for &t in form.trailing() {
            if r.is_empty() || !m.take_trail(t, r) {
                break;
            }
        }
        m.extension = Octets::borrowed(r.rest());
        Ok(m)
    }

    /// Reads trailing field `t` if it fits in `r`; leaves `r` untouched otherwise.
    fn take_trail(&mut self, t: Trail, r: &mut Reader<'a>) -> bool {
        let mut probe = r.clone();
        let ok = match t.len_width() {
            0 => match probe.u8() {
                Ok(v) => {
                    *self.trail_byte(t) = Some(v);
                    true
                }
                Err(_) => false,
            },
            w => {
                let n = if w == 1 {
                    probe.u8().map(usize::from)
                } else {
                    probe.u16().map(usize::from)
                };
                match n.and_then(|n| probe.take(n)) {
                    Ok(v) => {
                        *self.trail_octets(t) = Some(Octets::borrowed(v));
                        true
                    }
                    Err(_) => false,
                }
            }
        };
        if ok {
            *r = probe;
        }
        ok
    }

    fn trail_byte(&mut self, t: Trail) -> &mut Option<u8> {
        match t {
            Trail::IovUpdates => &mut self.iov_updates_counter,
            _ => &mut self.ensct,
        }
    }

    fn trail_octets(&mut self, t: Trail) -> &mut Option<Octets<'a>> {
        match t {
            Trail::Vdp => &mut self.voice_domain_preference,
            Trail::HigherBitrates => &mut self.higher_bitrates_flag,
            Trail::ExtAccessRestriction => &mut self.extended_access_restriction_data,
            Trail::UeRadioCapPaging => &mut self.ue_radio_capability_for_paging,
            Trail::UeAddSecCap => &mut self.ue_additional_security_capability,
            Trail::UeNrSecCap => &mut self.ue_nr_security_capability,
            Trail::ApnRateControl => &mut self.apn_rate_control_statuses,
            Trail::CoreNetworkRestrictions => &mut self.core_network_restrictions,
            _ => &mut self.ue_radio_capability_id,
        }
    }

    /// Whether trailing field `t` is present, and the octets to write for it.
    fn trail_value(&self, t: Trail) -> Option<TrailOut<'_>> {
        match t {
            Trail::IovUpdates => self.iov_updates_counter.map(TrailOut::Byte),
            Trail::Ensct => self.ensct.map(TrailOut::Byte),
            Trail::Vdp => self.voice_domain_preference.as_ref().map(TrailOut::Lv),
            Trail::HigherBitrates => self.higher_bitrates_flag.as_ref().map(TrailOut::Lv),
            Trail::ExtAccessRestriction => self
                .extended_access_restriction_data
                .as_ref()
                .map(TrailOut::Lv),
            Trail::UeRadioCapPaging => self
                .ue_radio_capability_for_paging
                .as_ref()
                .map(TrailOut::Lv),
            Trail::UeAddSecCap => self
                .ue_additional_security_capability
                .as_ref()
                .map(TrailOut::Lv),
            Trail::UeNrSecCap => self.ue_nr_security_capability.as_ref().map(TrailOut::Lv),
            Trail::ApnRateControl => self.apn_rate_control_statuses.as_ref().map(TrailOut::Lv),
            Trail::CoreNetworkRestrictions => {
                self.core_network_restrictions.as_ref().map(TrailOut::Lv)
            }
            Trail::UeRadioCapId => self.ue_radio_capability_id.as_ref().map(TrailOut::Lv),
        }
    }

    /// Trailing fields this form does not have must be absent (they would not be read back).
    fn check_foreign_trails(&self) -> EncodeResult<()> {
        const ALL: [Trail; 11] = [
            Trail::Vdp,
            Trail::HigherBitrates,
            Trail::IovUpdates,
            Trail::ExtAccessRestriction,
            Trail::UeRadioCapPaging,
            Trail::UeAddSecCap,
            Trail::UeNrSecCap,
            Trail::ApnRateControl,
            Trail::CoreNetworkRestrictions,
            Trail::UeRadioCapId,
            Trail::Ensct,
        ];
        for t in ALL {
            if !self.form.trailing().contains(&t) && self.trail_value(t).is_some() {
                return Err(enc_err(format!(
                    "{} is not a field of MM Context form {}",
                    t.name(),
                    self.form.name()
                )));
            }
        }
        Ok(())
    }

    /// Writes the IE value.
    pub fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        let f = self.form;
        let bits = |v: u8, n: u32, what: &'static str| -> EncodeResult<u8> {
            if u32::from(v) >> n != 0 {
                Err(enc_err(format!("{what} {v} does not fit {n} bits")))
            } else {
                Ok(v)
            }
        };
        let present = |ok: bool, is: bool, what: &'static str| -> EncodeResult<()> {
            if ok == is {
                Ok(())
            } else if ok {
                Err(enc_err(format!("{what} is required in form {}", f.name())))
            } else {
                Err(enc_err(format!(
                    "{what} is not a field of form {}",
                    f.name()
                )))
            }
        };
        present(f.is_eps(), self.kasme.is_some(), "kasme")?;
        present(
            f.is_eps(),
            self.nas_downlink_count.is_some(),
            "nas_downlink_count",
        )?;
        present(
            f.is_eps(),
            self.nas_uplink_count.is_some(),
            "nas_uplink_count",
        )?;
        present(f.has_kc(), self.kc.is_some(), "kc")?;
        present(f.has_ck_ik(), self.ck.is_some(), "ck")?;
        present(f.has_ck_ik(), self.ik.is_some(), "ik")?;
        if !f.is_eps() && (self.nh.is_some() || self.old_eps_security_context.is_some()) {
            return Err(enc_err(
                "NH and the old EPS security context belong to form 107",
            ));
        }
        if f != MmContextForm::GsmKeyTriplets && !self.triplets.is_empty() {
            return Err(enc_err("triplets belong to form 103"));
        }
        if !f.has_quadruplets() && !self.quadruplets.is_empty() {
            return Err(enc_err("quadruplets belong to forms 107 and 108"));
        }
        if !f.has_quintuplets() && !self.quintuplets.is_empty() {
            return Err(enc_err("form 103 carries no quintuplets"));
        }
        if self.old_eps_security_context.is_some() && self.access_restriction_data.is_none() {
            return Err(enc_err(
                "the old EPS security context needs the access restriction data before it",
            ));
        }
        self.check_foreign_trails()?;
        let count = |n: usize, what: &'static str| -> EncodeResult<u8> {
            u8::try_from(n)
                .ok()
                .filter(|&n| n <= 7)
                .ok_or_else(|| enc_err(format!("{n} {what} do not fit a 3-bit count")))
        };

        let bit5 = if f.is_eps() {
            self.nh.is_some()
        } else {
            self.octet5_spare
        };
        w.u8((bits(self.security_mode, 3, "security mode")? << 5)
            | (u8::from(bit5) << 4)
            | (u8::from(self.drx_parameter.is_some()) << 3)
            | bits(self.ksi, 3, "KSI")?);
        let first = if f == MmContextForm::GsmKeyTriplets {
            count(self.triplets.len(), "triplets")?
        } else {
            count(self.quintuplets.len(), "quintuplets")?
        };
        let mid = if f.has_quadruplets() {
            count(self.quadruplets.len(), "quadruplets")?
        } else {
            bits(self.octet6_flags, 3, "octet 6 flags")?
        };
        let bit1 = if f.is_eps() {
            self.old_eps_security_context.is_some()
        } else {
            self.subscribed_ue_ambr.is_some()
        };
        w.u8((first << 5)
            | (mid << 2)
            | (u8::from(self.used_ue_ambr.is_some()) << 1)
            | u8::from(bit1));
        if f.is_eps() {
            w.u8((u8::from(self.subscribed_ue_ambr.is_some()) << 7)
                | (bits(self.nas_integrity_algorithm, 3, "NAS integrity algorithm")? << 4)
                | bits(self.nas_ciphering_algorithm, 4, "NAS ciphering algorithm")?);
            put_u24(
                w,
                self.nas_downlink_count.unwrap_or(0),
                "NAS downlink count",
            )?;
            put_u24(w, self.nas_uplink_count.unwrap_or(0), "NAS uplink count")?;
        } else {
            w.u8(self.octet7);
        }
        put_key(w, self.kasme.as_ref(), 32, "kasme")?;
        put_key(w, self.kc.as_ref(), 8, "kc")?;
        put_key(w, self.ck.as_ref(), 16, "ck")?;
        put_key(w, self.ik.as_ref(), 16, "ik")?;
        for t in &self.triplets {
            put_fixed(w, t.rand.as_bytes(), 16, "rand")?;
            put_fixed(w, t.sres.expose(), 4, "sres")?;
            put_fixed(w, t.kc.expose(), 8, "kc")?;
        }
        for q in &self.quadruplets {
            put_fixed(w, q.rand.as_bytes(), 16, "rand")?;
            put_lv1(w, q.xres.expose(), "xres")?;
            put_lv1(w, q.autn.expose(), "autn")?;
            put_fixed(w, q.kasme.expose(), 32, "kasme")?;
        }
        for q in &self.quintuplets {
            put_fixed(w, q.rand.as_bytes(), 16, "rand")?;
            put_lv1(w, q.xres.expose(), "xres")?;
            put_fixed(w, q.ck.expose(), 16, "ck")?;
            put_fixed(w, q.ik.expose(), 16, "ik")?;
            put_lv1(w, q.autn.expose(), "autn")?;
        }
        if let Some(d) = &self.drx_parameter {
            w.bytes(d);
        }
        if let Some(nh) = &self.nh {
            put_fixed(w, nh.expose(), 32, "nh")?;
            w.u8((bits(self.ncc_spare, 5, "NCC spare bits")? << 3) | bits(self.ncc, 3, "NCC")?);
        }
        if let Some(a) = &self.subscribed_ue_ambr {
            a.encode(w);
        }
        if let Some(a) = &self.used_ue_ambr {
            a.encode(w);
        }
        put_lv1(
            w,
            self.ue_network_capability.as_bytes(),
            "ue_network_capability",
        )?;
        put_lv1(
            w,
            self.ms_network_capability.as_bytes(),
            "ms_network_capability",
        )?;
        put_lv1(w, self.mei.as_bytes(), "mei")?;
        // Optional tail: each field needs the ones before it, or it would be read as them.
        let mut gap: Option<&'static str> = None;
        if later(
            "access_restriction_data",
            self.access_restriction_data.is_some(),
            &mut gap,
        )? {
            w.u8(self.access_restriction_data.unwrap_or(0));
        }
        if let Some(o) = &self.old_eps_security_context {
            w.u8((u8::from(o.nh.is_some()) << 7)
                | (u8::from(o.spare) << 6)
                | (bits(o.ksi, 3, "old KSI")? << 3)
                | bits(o.ncc, 3, "old NCC")?);
            put_fixed(w, o.kasme.expose(), 32, "old kasme")?;
            if let Some(nh) = &o.nh {
                put_fixed(w, nh.expose(), 32, "old nh")?;
            }
        }
        for &t in f.trailing() {
            let v = self.trail_value(t);
            if later(t.name(), v.is_some(), &mut gap)? {
                match v {
                    Some(TrailOut::Byte(b)) => w.u8(b),
                    Some(TrailOut::Lv(o)) => {
                        if t.len_width() == 2 {
                            let n = u16::try_from(o.as_bytes().len())
                                .map_err(|_| enc_err(format!("{} too long", t.name())))?;
                            w.u16(n);
                            w.bytes(o.as_bytes());
                        } else {
                            put_lv1(w, o.as_bytes(), t.name())?;
                        }
                    }
                    None => {}
                }
            }
        }
        // Extension octets go last, after the last present field, where the decoder stopped.
        w.bytes(self.extension.as_bytes());
        Ok(())
    }
}

/// Checks that an optional tail field is not present after an absent one (it would be read
/// back as the absent one); returns whether to write it.
fn later(name: &'static str, is: bool, gap: &mut Option<&'static str>) -> EncodeResult<bool> {
    if !is {
        gap.get_or_insert(name);
        Ok(false)
    } else if let Some(g) = gap {
        Err(enc_err(format!(
            "{name} is present but {g} before it is not"
        )))
    } else {
        Ok(true)
    }
}

enum TrailOut<'x> {
    Byte(u8),
    Lv(&'x Octets<'x>),
}

fn lv1<'a>(r: &mut Reader<'a>) -> DecodeResult<Octets<'a>> {
    let n = r.u8()? as usize;
    Ok(Octets::borrowed(r.take(n)?))
}

fn decode_triplet<'a>(r: &mut Reader<'a>) -> DecodeResult<Triplet<'a>> {
    Ok(Triplet {
        rand: Octets::borrowed(r.take(16).ctx("rand")?),
        sres: KeyMaterial::borrowed(r.take(4).ctx("sres")?),
        kc: KeyMaterial::borrowed(r.take(8).ctx("kc")?),
    })
}

fn decode_quintuplet<'a>(r: &mut Reader<'a>) -> DecodeResult<Quintuplet<'a>> {
    let rand = Octets::borrowed(r.take(16).ctx("rand")?);
    let n = r.u8().ctx("xres")? as usize;
    let xres = KeyMaterial::borrowed(r.take(n).ctx("xres")?);
    let ck = KeyMaterial::borrowed(r.take(16).ctx("ck")?);
    let ik = KeyMaterial::borrowed(r.take(16).ctx("ik")?);
    let n = r.u8().ctx("autn")? as usize;
    let autn = KeyMaterial::borrowed(r.take(n).ctx("autn")?);
    Ok(Quintuplet {
        rand,
        xres,
        ck,
        ik,
        autn,
    })
}

fn decode_quadruplet<'a>(r: &mut Reader<'a>) -> DecodeResult<Quadruplet<'a>> {
    let rand = Octets::borrowed(r.take(16).ctx("rand")?);
    let n = r.u8().ctx("xres")? as usize;
    let xres = KeyMaterial::borrowed(r.take(n).ctx("xres")?);
    let n = r.u8().ctx("autn")? as usize;
    let autn = KeyMaterial::borrowed(r.take(n).ctx("autn")?);
    let kasme = KeyMaterial::borrowed(r.take(32).ctx("kasme")?);
    Ok(Quadruplet {
        rand,
        xres,
        autn,
        kasme,
    })
}

fn decode_old_context<'a>(r: &mut Reader<'a>) -> DecodeResult<OldEpsSecurityContext<'a>> {
    let o = r.u8()?;
    let kasme = KeyMaterial::borrowed(r.take(32).ctx("kasme")?);
    let nh = if o & 0x80 != 0 {
        Some(KeyMaterial::borrowed(r.take(32).ctx("nh")?))
    } else {
        None
    };
    Ok(OldEpsSecurityContext {
        spare: o & 0x40 != 0,
        ksi: (o >> 3) & 0x07,
        ncc: o & 0x07,
        kasme,
        nh,
    })
}

fn put_fixed(w: &mut Writer, b: &[u8], n: usize, what: &'static str) -> EncodeResult<()> {
    if b.len() != n {
        return Err(enc_err(format!(
            "{what} must be {n} octets, is {}",
            b.len()
        )));
    }
    w.bytes(b);
    Ok(())
}

fn put_key(
    w: &mut Writer,
    k: Option<&KeyMaterial<'_>>,
    n: usize,
    what: &'static str,
) -> EncodeResult<()> {
    match k {
        Some(k) => put_fixed(w, k.expose(), n, what),
        None => Ok(()),
    }
}

fn put_lv1(w: &mut Writer, b: &[u8], what: &str) -> EncodeResult<()> {
    let n = u8::try_from(b.len()).map_err(|_| enc_err(format!("{what} longer than 255 octets")))?;
    w.u8(n);
    w.bytes(b);
    Ok(())
}

struct AccessRestriction(u8);

impl Serialize for AccessRestriction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(8))?;
        for (i, n) in ACCESS_RESTRICTION.iter().enumerate() {
            m.serialize_entry(n, &(self.0 & (1 << i) != 0))?;
        }
        m.end()
    }
}

struct Hex<'x>(&'x [u8]);

impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        hex_str(self.0, s)
    }
}

impl Serialize for Triplet<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("rand", &self.rand)?;
        m.serialize_entry("sres", &self.sres)?;
        m.serialize_entry("kc", &self.kc)?;
        m.end()
    }
}

impl Serialize for Quintuplet<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("rand", &self.rand)?;
        m.serialize_entry("xres", &self.xres)?;
        m.serialize_entry("ck", &self.ck)?;
        m.serialize_entry("ik", &self.ik)?;
        m.serialize_entry("autn", &self.autn)?;
        m.end()
    }
}

impl Serialize for Quadruplet<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("rand", &self.rand)?;
        m.serialize_entry("xres", &self.xres)?;
        m.serialize_entry("autn", &self.autn)?;
        m.serialize_entry("kasme", &self.kasme)?;
        m.end()
    }
}

impl Serialize for OldEpsSecurityContext<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("ksi", &self.ksi)?;
        m.serialize_entry("ncc", &self.ncc)?;
        m.serialize_entry("kasme", &self.kasme)?;
        if let Some(nh) = &self.nh {
            m.serialize_entry("nh", nh)?;
        }
        if self.spare {
            m.serialize_entry("spare", &true)?;
        }
        m.end()
    }
}

impl Serialize for MmContext<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.form;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("form", f.name())?;
        m.serialize_entry("security_mode", &self.security_mode)?;
        let ksi_name = if f.has_kc() { "cksn" } else { "ksi" };
        m.serialize_entry(ksi_name, &self.ksi)?;
        if f.has_gprs_integrity() {
            m.serialize_entry("iovi", &(self.octet6_flags & 0x04 != 0))?;
            m.serialize_entry("gupii", &(self.octet6_flags & 0x02 != 0))?;
            m.serialize_entry("ugipai", &(self.octet6_flags & 0x01 != 0))?;
            m.serialize_entry(
                "used_gprs_integrity_algorithm",
                &self.used_gprs_integrity_algorithm(),
            )?;
        }
        if let Some(c) = self.used_cipher() {
            m.serialize_entry("used_cipher", &c)?;
        }
        if f.is_eps() {
            m.serialize_entry("nas_integrity_algorithm", &self.nas_integrity_algorithm)?;
            m.serialize_entry("nas_ciphering_algorithm", &self.nas_ciphering_algorithm)?;
        }
        if let Some(c) = self.nas_downlink_count {
            m.serialize_entry("nas_downlink_count", &c)?;
        }
        if let Some(c) = self.nas_uplink_count {
            m.serialize_entry("nas_uplink_count", &c)?;
        }
        for (name, k) in [
            ("kasme", &self.kasme),
            ("kc", &self.kc),
            ("ck", &self.ck),
            ("ik", &self.ik),
        ] {
            if let Some(k) = k {
                m.serialize_entry(name, k)?;
            }
        }
        if f == MmContextForm::GsmKeyTriplets {
            m.serialize_entry("triplets", &self.triplets)?;
        }
        if f.has_quadruplets() {
            m.serialize_entry("quadruplets", &self.quadruplets)?;
        }
        if f.has_quintuplets() {
            m.serialize_entry("quintuplets", &self.quintuplets)?;
        }
        if let Some(d) = &self.drx_parameter {
            m.serialize_entry("drx_parameter", &Hex(d))?;
        }
        if let Some(nh) = &self.nh {
            m.serialize_entry("nh", nh)?;
            m.serialize_entry("ncc", &self.ncc)?;
        }
        if let Some(a) = &self.subscribed_ue_ambr {
            m.serialize_entry("subscribed_ue_ambr", a)?;
        }
        if let Some(a) = &self.used_ue_ambr {
            m.serialize_entry("used_ue_ambr", a)?;
        }
        m.serialize_entry("ue_network_capability", &self.ue_network_capability)?;
        m.serialize_entry("ms_network_capability", &self.ms_network_capability)?;
        m.serialize_entry("mei", &self.mei_digits())?;
        if let Some(a) = self.access_restriction_data {
            m.serialize_entry("access_restriction_data", &AccessRestriction(a))?;
        }
        if let Some(o) = &self.old_eps_security_context {
            m.serialize_entry("old_eps_security_context", o)?;
        }
        for &t in f.trailing() {
            match self.trail_value(t) {
                Some(TrailOut::Byte(b)) => m.serialize_entry(t.name(), &b)?,
                Some(TrailOut::Lv(o)) => m.serialize_entry(t.name(), o)?,
                None => {}
            }
        }
        if !self.extension.as_bytes().is_empty() {
            m.serialize_entry("extension", &self.extension)?;
        }
        // Spare bits the fields above do not show, only when a sender set them (re-encoding
        // needs them; docs/json.md "Re-encoding").
        if self.octet5_spare {
            m.serialize_entry("octet5_spare", &true)?;
        }
        let shown6 = f.has_quadruplets() || f.has_gprs_integrity();
        if !shown6 && self.octet6_flags != 0 {
            m.serialize_entry("octet6_spare", &self.octet6_flags)?;
        }
        let o7 = self.octet7 & !self.octet7_shown_mask();
        if o7 != 0 {
            m.serialize_entry("octet7_spare", &o7)?;
        }
        if self.ncc_spare != 0 {
            m.serialize_entry("ncc_spare", &self.ncc_spare)?;
        }
        m.end()
    }
}
