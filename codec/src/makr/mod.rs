//! The MME-assisted key refresh (MAKR) ASN.1 types of key-refresh.md section 2, in APER, and
//! their carriage: S1AP private IEs 60001-60003 ([`MakrPrivateIe`]) and X2AP HandoverRequest
//! IE 60004 ([`WrappedKeNB`], typed by the x2ap module).
//!
//! Every SEQUENCE of the module has an extension marker: additions keyhop does not know are kept
//! as octets and written back unchanged, as are unknown extension values of the two algorithm
//! enums and unknown extension alternatives of the eNB ID CHOICE.
//!
//! Decoding checks the ASN.1 constraints only. The profile's own size rules (an `mme-eNB-Key` of
//! 16 or 32 octets) are reported by [`KeyDistributionItem::profile_problem`], not as decode
//! errors, so that a validator can name the offending item and go on.
//!
//! ```
//! use keyhop_codec::makr::{self, MakrPrivateIe};
//!
//! // A NeighbourKeyRequest in an S1AP PrivateMessage (key-refresh-vectors.json aper[1]).
//! let bytes = hex::decode(concat!(
//!     "0027402600000000ea62401e201234004d0000f110400abcdef04000f110001a2b3000f110",
//!     "8103d5e6f0",
//! ))?;
//! let msg = makr::decode(&bytes)?;
//! let Some(MakrPrivateIe::NeighbourKeyRequest(r)) = MakrPrivateIe::from_pdu(&msg) else {
//!     panic!("a NeighbourKeyRequest")
//! };
//! assert_eq!(r.neighbours.len(), 2);
//! assert_eq!(makr::encode(&msg)?, bytes);
//! // Any other S1AP PDU is an error naming what it is.
//! let notify = hex::decode("0002400a000001000000034001ff")?;
//! assert!(makr::decode(&notify).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::ap::common::Aper;
use crate::ap::{
    Body, Criticality, ExtensionAdditions, Pdu, PduType, PrivateIe, PrivateIeId, PrivateIeSet,
    PrivateMessage, PrivateValue,
};
use crate::error::{Context, DecodeResult, EncodeResult, ErrorKind, Protocol};
use crate::per::{Index, OpenValue, PerReader, PerWriter, SizeConstraint};
use crate::redact::{KeyMaterial, Octets};
use serde::{Serialize, Serializer};

/// maxNeighbours.
pub const MAX_NEIGHBOURS: usize = 64;
/// maxDistributedKeys.
pub const MAX_DISTRIBUTED_KEYS: usize = 256;

/// S1AP private IE local id of `KeyDistribution`.
pub const ID_KEY_DISTRIBUTION: u16 = 60001;
/// S1AP private IE local id of `NeighbourKeyRequest`.
pub const ID_NEIGHBOUR_KEY_REQUEST: u16 = 60002;
/// S1AP private IE local id of `NeighbourKeyResponse`.
pub const ID_NEIGHBOUR_KEY_RESPONSE: u16 = 60003;
/// X2AP HandoverRequest ProtocolIE id of `WrappedKeNB`.
pub const ID_WRAPPED_KENB: u16 = 60004;
/// S1AP procedure code of PrivateMessage.
pub const S1AP_PRIVATE_MESSAGE: u8 = 39;

const PLMN_SIZE: SizeConstraint = SizeConstraint::fixed(3);
pub(crate) const MME_ENB_KEY_SIZE: SizeConstraint = SizeConstraint::range(16, 32);
pub(crate) const WRAPPED_KENB_SIZE: SizeConstraint = SizeConstraint::range(16, 64);
const KEYS_SIZE: SizeConstraint = SizeConstraint::range(1, MAX_DISTRIBUTED_KEYS);
const NEIGHBOURS_SIZE: SizeConstraint = SizeConstraint::range(1, MAX_NEIGHBOURS);

fn hex3<S: Serializer>(v: &[u8; 3], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(v))
}

fn no_additions(e: &ExtensionAdditions<'_>) -> bool {
    e.is_empty()
}

/// Reads the SEQUENCE preamble of a type with an extension marker and no OPTIONAL component.
fn preamble(r: &mut PerReader<'_>) -> DecodeResult<bool> {
    Ok(r.sequence_preamble(true, 0)?.0)
}

/// The `enb-ID` CHOICE of ENB-Identity: the value is the BIT STRING right-aligned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnbId<'a> {
    /// `macroENB-ID`: a macro eNB's 20-bit ID (ENB-Identity, key-refresh.md section 2; as S1AP's Global eNB ID).
    Macro(u32),
    /// `homeENB-ID`: a home eNB's 28-bit ID (section 2).
    Home(u32),
    /// `short-macroENB-ID`: a macro eNB's 18-bit ID, extension alternative 0 (section 2).
    ShortMacro(u32),
    /// `long-macroENB-ID`: a macro eNB's 21-bit ID, extension alternative 1 (section 2).
    LongMacro(u32),
    /// An extension alternative keyhop does not know: its index among the extension
    /// alternatives and its open type's octets.
    Unknown {
        /// Index among the extension alternatives (0 = short-macroENB-ID).
        index: u32,
        /// The open type's octets.
        value: Octets<'a>,
    },
}

impl<'a> EnbId<'a> {
    /// The ID's bit length (`None` for an unknown alternative).
    pub fn bits(&self) -> Option<u32> {
        match self {
            EnbId::Macro(_) => Some(20),
            EnbId::Home(_) => Some(28),
            EnbId::ShortMacro(_) => Some(18),
            EnbId::LongMacro(_) => Some(21),
            EnbId::Unknown { .. } => None,
        }
    }

    /// The ID as a number (`None` for an unknown alternative).
    pub fn value(&self) -> Option<u32> {
        match *self {
            EnbId::Macro(v) | EnbId::Home(v) | EnbId::ShortMacro(v) | EnbId::LongMacro(v) => {
                Some(v)
            }
            EnbId::Unknown { .. } => None,
        }
    }

    /// The kind octet of `ident(eNB)` (key-refresh.md section 3): 0 macro, 1 home,
    /// 2 short macro, 3 long macro.
    pub fn kind(&self) -> Option<u8> {
        match self {
            EnbId::Macro(_) => Some(0),
            EnbId::Home(_) => Some(1),
            EnbId::ShortMacro(_) => Some(2),
            EnbId::LongMacro(_) => Some(3),
            EnbId::Unknown { .. } => None,
        }
    }

    /// Reads the CHOICE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        match r.choice(2, true)? {
            Index::Root(0) => Ok(EnbId::Macro(
                r.bit_string_fixed_u64(20).ctx("macro_enb_id")? as u32,
            )),
            Index::Root(_) => Ok(EnbId::Home(
                r.bit_string_fixed_u64(28).ctx("home_enb_id")? as u32
            )),
            Index::Ext(i @ (0 | 1)) => {
                let (bits, name) = if i == 0 {
                    (18, "short_macro_enb_id")
                } else {
                    (21, "long_macro_enb_id")
                };
                match r
                    .open_type_with(|s| s.bit_string_fixed_u64(bits))
                    .ctx(name)?
                {
                    OpenValue::Decoded(v) if i == 0 => Ok(EnbId::ShortMacro(v as u32)),
                    OpenValue::Decoded(v) => Ok(EnbId::LongMacro(v as u32)),
                    // A 16K open type cannot hold a 21-bit string: keep it rather than guess.
                    OpenValue::Fragmented(b) => Ok(EnbId::Unknown {
                        index: i,
                        value: Octets(b),
                    }),
                }
            }
            Index::Ext(i) => Ok(EnbId::Unknown {
                index: i,
                value: Octets(r.open_type().ctx("unknown")?),
            }),
        }
    }

    /// Writes the CHOICE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        match self {
            EnbId::Macro(v) => {
                w.choice(Index::Root(0), 2, true)?;
                w.bit_string_fixed_u64(*v as u64, 20)
                    .map_err(|e| e.in_field("macro_enb_id"))
            }
            EnbId::Home(v) => {
                w.choice(Index::Root(1), 2, true)?;
                w.bit_string_fixed_u64(*v as u64, 28)
                    .map_err(|e| e.in_field("home_enb_id"))
            }
            EnbId::ShortMacro(v) => {
                w.choice(Index::Ext(0), 2, true)?;
                w.open_type_with(|w| w.bit_string_fixed_u64(*v as u64, 18))
                    .map_err(|e| e.in_field("short_macro_enb_id"))
            }
            EnbId::LongMacro(v) => {
                w.choice(Index::Ext(1), 2, true)?;
                w.open_type_with(|w| w.bit_string_fixed_u64(*v as u64, 21))
                    .map_err(|e| e.in_field("long_macro_enb_id"))
            }
            EnbId::Unknown { index, value } => {
                w.choice(Index::Ext(*index), 2, true)?;
                w.open_type(value.as_bytes())
            }
        }
    }
}

impl Serialize for EnbId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(1))?;
        match self {
            EnbId::Macro(v) => m.serialize_entry("macro_enb_id", v)?,
            EnbId::Home(v) => m.serialize_entry("home_enb_id", v)?,
            EnbId::ShortMacro(v) => m.serialize_entry("short_macro_enb_id", v)?,
            EnbId::LongMacro(v) => m.serialize_entry("long_macro_enb_id", v)?,
            EnbId::Unknown { index, value } => {
                m.serialize_entry(&format!("unknown({index})"), value)?
            }
        }
        m.end()
    }
}

/// ENB-Identity: a PLMN and an eNB ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EnbIdentity<'a> {
    /// plmn-Identity (TBCD, 3 octets as on the wire).
    #[serde(serialize_with = "hex3")]
    pub plmn_identity: [u8; 3],
    /// enb-ID.
    pub enb_id: EnbId<'a>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> EnbIdentity<'a> {
    /// An identity without extension additions.
    pub fn new(plmn_identity: [u8; 3], enb_id: EnbId<'a>) -> Self {
        EnbIdentity {
            plmn_identity,
            enb_id,
            extensions: ExtensionAdditions::default(),
        }
    }

    /// `ident(eNB)` of key-refresh.md section 3: PLMN octets, kind octet, ID as u32 BE
    /// (`None` for an unknown eNB ID alternative).
    pub fn ident(&self) -> Option<[u8; 8]> {
        let kind = self.enb_id.kind()?;
        let v = self.enb_id.value()?;
        let mut out = [0u8; 8];
        out[..3].copy_from_slice(&self.plmn_identity);
        out[3] = kind;
        out[4..].copy_from_slice(&v.to_be_bytes());
        Some(out)
    }

    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let p = r.octet_string(PLMN_SIZE).ctx("plmn_identity")?;
        let mut plmn_identity = [0u8; 3];
        plmn_identity.copy_from_slice(&p);
        let enb_id = EnbId::decode(r).ctx("enb_id")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(EnbIdentity {
            plmn_identity,
            enb_id,
            extensions,
        })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        w.octet_string(&self.plmn_identity, PLMN_SIZE)?;
        self.enb_id.encode(w).map_err(|e| e.in_field("enb_id"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

crate::aper_enum! {
    /// KdfAlgorithm ::= ENUMERATED { aes-block, aes-cmac-ctr, ... } (key-refresh.md section 4).
    pub enum KdfAlgorithm {
        extensible: true,
        root: [
            /// `aes-block` (0): two AES-128 blocks under a 16-octet H_key (section 4).
            AesBlock = "aes_block",
            /// `aes-cmac-ctr` (1): SP 800-108 counter mode with AES-CMAC (section 4).
            AesCmacCtr = "aes_cmac_ctr",
        ],
        additions: [],
    }
}

crate::aper_enum! {
    /// WrapAlgorithm ::= ENUMERATED { aes-ecb, aes-kw, aes-ctr-cmac, ... } (section 5).
    pub enum WrapAlgorithm {
        extensible: true,
        root: [
            /// `aes-ecb` (0): no integrity (section 5; a validator warns, MAKR-WEAK).
            AesEcb = "aes_ecb",
            /// `aes-kw` (1): RFC 3394 key wrap, integrity without binding (section 5).
            AesKw = "aes_kw",
            /// `aes-ctr-cmac` (2): encrypt-then-MAC bound to target, UE and refresh (section 5).
            AesCtrCmac = "aes_ctr_cmac",
        ],
        additions: [],
    }
}

fn decode_list<'a, T>(
    r: &mut PerReader<'a>,
    size: SizeConstraint,
    item: impl Fn(&mut PerReader<'a>) -> DecodeResult<T>,
) -> DecodeResult<Vec<T>> {
    let n = r.sequence_of_len(size)?;
    let mut v = Vec::with_capacity(n.min(64));
    for i in 0..n {
        v.push(item(r).ctx_with(|| format!("[{i}]"))?);
    }
    Ok(v)
}

fn encode_list<T>(
    w: &mut PerWriter,
    items: &[T],
    size: SizeConstraint,
    item: impl Fn(&T, &mut PerWriter) -> EncodeResult<()>,
) -> EncodeResult<()> {
    w.sequence_of_len(items.len(), size)?;
    for (i, it) in items.iter().enumerate() {
        item(it, w).map_err(|e| e.in_field(&format!("[{i}]")))?;
    }
    Ok(())
}

/// KeyDistribution (step 2): the MME-eNB keys of the eNB it is sent to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyDistribution<'a> {
    /// keys, SIZE (1..maxDistributedKeys).
    pub keys: Vec<KeyDistributionItem<'a>>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> KeyDistribution<'a> {
    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let keys = decode_list(r, KEYS_SIZE, KeyDistributionItem::decode).ctx("keys")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(KeyDistribution { keys, extensions })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        encode_list(w, &self.keys, KEYS_SIZE, KeyDistributionItem::encode)
            .map_err(|e| e.in_field("keys"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

/// KeyDistributionItem: one MME-eNB key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyDistributionItem<'a> {
    /// enb-Identity: the eNB that holds the key.
    pub enb_identity: EnbIdentity<'a>,
    /// keyId, 0..255.
    pub key_id: u8,
    /// mme-eNB-Key, SIZE (16..32); the profile allows 16 or 32 octets only.
    pub mme_enb_key: KeyMaterial<'a>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> KeyDistributionItem<'a> {
    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let enb_identity = EnbIdentity::decode(r).ctx("enb_identity")?;
        let key_id = r.u32_in(0, 255).ctx("key_id")? as u8;
        let key = r.octet_string(MME_ENB_KEY_SIZE).ctx("mme_enb_key")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(KeyDistributionItem {
            enb_identity,
            key_id,
            mme_enb_key: KeyMaterial::from(key),
            extensions,
        })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        self.enb_identity
            .encode(w)
            .map_err(|e| e.in_field("enb_identity"))?;
        w.constrained_whole(self.key_id as i64, 0, 255)?;
        w.octet_string(self.mme_enb_key.expose(), MME_ENB_KEY_SIZE)
            .map_err(|e| e.in_field("mme_enb_key"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }

    /// The profile's size rule (section 1): `mme-eNB-Key` is 16 or 32 octets. Returns a
    /// sentence for a key of another length.
    pub fn profile_problem(&self) -> Option<String> {
        let n = self.mme_enb_key.expose().len();
        (n != 16 && n != 32).then(|| format!("mme-eNB-Key of {n} octets (16 or 32 allowed)"))
    }
}

/// NeighbourKeyRequest (steps 3 and 12): the serving eNB's neighbour list for one UE.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighbourKeyRequest<'a> {
    /// mme-UE-S1AP-ID.
    pub mme_ue_s1ap_id: u32,
    /// enb-UE-S1AP-ID, 0..16777215.
    pub enb_ue_s1ap_id: u32,
    /// serving-eNB.
    pub serving_enb: EnbIdentity<'a>,
    /// neighbours, SIZE (1..maxNeighbours).
    pub neighbours: Vec<EnbIdentity<'a>>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> NeighbourKeyRequest<'a> {
    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let mme_ue_s1ap_id = r.u32_in(0, u32::MAX).ctx("mme_ue_s1ap_id")?;
        let enb_ue_s1ap_id = r.u32_in(0, 16_777_215).ctx("enb_ue_s1ap_id")?;
        let serving_enb = EnbIdentity::decode(r).ctx("serving_enb")?;
        let neighbours = decode_list(r, NEIGHBOURS_SIZE, EnbIdentity::decode).ctx("neighbours")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(NeighbourKeyRequest {
            mme_ue_s1ap_id,
            enb_ue_s1ap_id,
            serving_enb,
            neighbours,
            extensions,
        })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        w.constrained_whole(self.mme_ue_s1ap_id as i64, 0, u32::MAX as i64)
            .map_err(|e| e.in_field("mme_ue_s1ap_id"))?;
        w.constrained_whole(self.enb_ue_s1ap_id as i64, 0, 16_777_215)
            .map_err(|e| e.in_field("enb_ue_s1ap_id"))?;
        self.serving_enb
            .encode(w)
            .map_err(|e| e.in_field("serving_enb"))?;
        encode_list(w, &self.neighbours, NEIGHBOURS_SIZE, EnbIdentity::encode)
            .map_err(|e| e.in_field("neighbours"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

/// NeighbourKeyResponse (steps 4 and 13): a KeNB per neighbour, each wrapped for its eNB.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighbourKeyResponse<'a> {
    /// mme-UE-S1AP-ID.
    pub mme_ue_s1ap_id: u32,
    /// enb-UE-S1AP-ID, 0..16777215.
    pub enb_ue_s1ap_id: u32,
    /// refreshCounter: names the H_key.
    pub refresh_counter: u16,
    /// kdf.
    pub kdf: KdfAlgorithm,
    /// wrappedKeys, SIZE (1..maxNeighbours).
    pub wrapped_keys: Vec<WrappedKeyItem<'a>>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> NeighbourKeyResponse<'a> {
    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let mme_ue_s1ap_id = r.u32_in(0, u32::MAX).ctx("mme_ue_s1ap_id")?;
        let enb_ue_s1ap_id = r.u32_in(0, 16_777_215).ctx("enb_ue_s1ap_id")?;
        let refresh_counter = r.u32_in(0, 65535).ctx("refresh_counter")? as u16;
        let kdf = KdfAlgorithm::decode(r).ctx("kdf")?;
        let wrapped_keys =
            decode_list(r, NEIGHBOURS_SIZE, WrappedKeyItem::decode).ctx("wrapped_keys")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(NeighbourKeyResponse {
            mme_ue_s1ap_id,
            enb_ue_s1ap_id,
            refresh_counter,
            kdf,
            wrapped_keys,
            extensions,
        })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        w.constrained_whole(self.mme_ue_s1ap_id as i64, 0, u32::MAX as i64)
            .map_err(|e| e.in_field("mme_ue_s1ap_id"))?;
        w.constrained_whole(self.enb_ue_s1ap_id as i64, 0, 16_777_215)
            .map_err(|e| e.in_field("enb_ue_s1ap_id"))?;
        w.constrained_whole(self.refresh_counter as i64, 0, 65535)?;
        self.kdf.encode(w)?;
        encode_list(
            w,
            &self.wrapped_keys,
            NEIGHBOURS_SIZE,
            WrappedKeyItem::encode,
        )
        .map_err(|e| e.in_field("wrapped_keys"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

/// WrappedKeyItem: one KeNB wrapped under a target eNB's MME-eNB key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrappedKeyItem<'a> {
    /// target-eNB.
    pub target_enb: EnbIdentity<'a>,
    /// keyId: which MME-eNB key of the target wraps the KeNB.
    pub key_id: u8,
    /// wrapAlgorithm.
    pub wrap_algorithm: WrapAlgorithm,
    /// wrappedKeNB, SIZE (16..64): not secret (it is wrapped).
    pub wrapped_kenb: Octets<'a>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> WrappedKeyItem<'a> {
    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let target_enb = EnbIdentity::decode(r).ctx("target_enb")?;
        let key_id = r.u32_in(0, 255).ctx("key_id")? as u8;
        let wrap_algorithm = WrapAlgorithm::decode(r).ctx("wrap_algorithm")?;
        let wrapped = r.octet_string(WRAPPED_KENB_SIZE).ctx("wrapped_kenb")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(WrappedKeyItem {
            target_enb,
            key_id,
            wrap_algorithm,
            wrapped_kenb: Octets(wrapped),
            extensions,
        })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        self.target_enb
            .encode(w)
            .map_err(|e| e.in_field("target_enb"))?;
        w.constrained_whole(self.key_id as i64, 0, 255)?;
        self.wrap_algorithm.encode(w)?;
        w.octet_string(self.wrapped_kenb.as_bytes(), WRAPPED_KENB_SIZE)
            .map_err(|e| e.in_field("wrapped_kenb"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

/// WrappedKeNB (step 7): the target's KeNB in an X2AP HandoverRequest (IE 60004).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrappedKeNB<'a> {
    /// refreshCounter of the NeighbourKeyResponse the key came from.
    pub refresh_counter: u16,
    /// kdf.
    pub kdf: KdfAlgorithm,
    /// key: its target-eNB is the handover target.
    pub key: WrappedKeyItem<'a>,
    /// Unknown extension additions.
    #[serde(rename = "extension_additions", skip_serializing_if = "no_additions")]
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a> WrappedKeNB<'a> {
    /// Reads the SEQUENCE.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let ext = preamble(r)?;
        let refresh_counter = r.u32_in(0, 65535).ctx("refresh_counter")? as u16;
        let kdf = KdfAlgorithm::decode(r).ctx("kdf")?;
        let key = WrappedKeyItem::decode(r).ctx("key")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(WrappedKeNB {
            refresh_counter,
            kdf,
            key,
            extensions,
        })
    }

    /// Writes the SEQUENCE.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        w.constrained_whole(self.refresh_counter as i64, 0, 65535)?;
        self.kdf.encode(w)?;
        self.key.encode(w).map_err(|e| e.in_field("key"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

/// Decoding and encoding of a whole MAKR value on its own (outside any envelope).
pub trait MakrType<'a>: Sized {
    /// The ASN.1 type name: the field path of a [`Self::from_aper`] error raised before any field.
    const NAME: &'static str;
    /// Reads the value from `r`.
    fn decode_from(r: &mut PerReader<'a>) -> DecodeResult<Self>;
    /// Writes the value to `w`.
    fn encode_to(&self, w: &mut PerWriter) -> EncodeResult<()>;

    /// Decodes a complete APER encoding (trailing padding or octets are noted, not fatal).
    fn from_aper(data: &'a [u8]) -> DecodeResult<Self> {
        let mut r = PerReader::new(data, Protocol::Makr);
        // Paths stay relative to the value; an error before any field names the type.
        let named = |e: crate::DecodeError| {
            if e.path().is_empty() {
                e.in_field(Self::NAME)
            } else {
                e
            }
        };
        let v = Self::decode_from(&mut r).map_err(named)?;
        r.finish().map_err(named)?;
        Ok(v)
    }

    /// The APER encoding (an empty encoding becomes one zero octet, as in an open type).
    fn to_aper(&self) -> EncodeResult<Vec<u8>> {
        let mut w = PerWriter::new(Protocol::Makr);
        self.encode_to(&mut w)?;
        let mut b = w.into_bytes();
        if b.is_empty() {
            b.push(0);
        }
        Ok(b)
    }
}

macro_rules! makr_type {
    ($($t:ident),+) => {$(
        impl<'a> MakrType<'a> for $t<'a> {
            const NAME: &'static str = stringify!($t);
            fn decode_from(r: &mut PerReader<'a>) -> DecodeResult<Self> {
                Self::decode(r)
            }
            fn encode_to(&self, w: &mut PerWriter) -> EncodeResult<()> {
                self.encode(w)
            }
        }
    )+};
}

makr_type!(
    EnbIdentity,
    KeyDistribution,
    KeyDistributionItem,
    NeighbourKeyRequest,
    NeighbourKeyResponse,
    WrappedKeyItem,
    WrappedKeNB
);

/// The message of this protocol, as every protocol module names it: an S1AP PrivateMessage
/// carrying a MAKR private IE (section 1), which [`MakrPrivateIe::from_pdu`] reaches.
pub type Message<'a> = crate::s1ap::S1apPdu<'a>;

/// Decodes an S1AP PrivateMessage that carries a MAKR private IE (60001-60003). Any other S1AP
/// PDU is an error naming the procedure: use [`crate::s1ap::decode`] for S1AP in general.
pub fn decode(data: &[u8]) -> DecodeResult<Message<'_>> {
    let pdu = crate::s1ap::decode(data)?;
    if MakrPrivateIe::from_pdu(&pdu).is_none() {
        return Err(crate::error::DecodeError::new(
            Protocol::S1ap,
            ErrorKind::Invalid,
            0,
            format!(
                "{} carries no MAKR private IE (60001-60003)",
                pdu.message_name()
            ),
        ));
    }
    Ok(pdu)
}

/// Encodes a MAKR message (an S1AP PDU): byte for byte what [`decode`] read, unless a value was
/// changed.
pub fn encode(msg: &Message<'_>) -> EncodeResult<Vec<u8>> {
    crate::s1ap::encode(msg)
}

/// The MAKR private IEs of S1AP PrivateMessage (section 1): local ids 60001-60003.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MakrPrivateIe<'a> {
    /// 60001 `KeyDistribution`: the MME gives one eNB its own MME-eNB keys (MAKR steps 1-2; key-refresh.md section 1, ASN.1 in section 2).
    KeyDistribution(KeyDistribution<'a>),
    /// 60002 `NeighbourKeyRequest`: the serving eNB lists its neighbours and asks the MME for a KeNB for each (steps 3 and 12; sections 1 and 2).
    NeighbourKeyRequest(NeighbourKeyRequest<'a>),
    /// 60003 `NeighbourKeyResponse`: the MME answers with each neighbour's KeNB wrapped under that neighbour's MME-eNB key (steps 4 and 13; sections 1 and 2).
    NeighbourKeyResponse(NeighbourKeyResponse<'a>),
}

impl<'a> MakrPrivateIe<'a> {
    /// The private IE local id of this value.
    pub fn id(&self) -> u16 {
        match self {
            MakrPrivateIe::KeyDistribution(_) => ID_KEY_DISTRIBUTION,
            MakrPrivateIe::NeighbourKeyRequest(_) => ID_NEIGHBOUR_KEY_REQUEST,
            MakrPrivateIe::NeighbourKeyResponse(_) => ID_NEIGHBOUR_KEY_RESPONSE,
        }
    }

    /// The criticality section 1 gives the IE: `reject` for 60001, `ignore` for the others.
    pub fn criticality(&self) -> Criticality {
        match self {
            MakrPrivateIe::KeyDistribution(_) => Criticality::Reject,
            _ => Criticality::Ignore,
        }
    }

    /// An S1AP PrivateMessage PDU carrying this IE alone, as section 1 prescribes
    /// (initiatingMessage, procedure code 39, procedure criticality `ignore` as in the vectors).
    /// `V` is the S1AP IE set of the PDU type (any [`crate::ap::IeSet`]).
    pub fn into_s1ap_pdu<V>(self) -> Pdu<'a, V, MakrPrivateIe<'a>> {
        let ie = PrivateIe {
            id: PrivateIeId::Local(self.id()),
            criticality: self.criticality(),
            value: PrivateValue::Typed(self),
        };
        Pdu {
            pdu_type: Some(PduType::InitiatingMessage),
            ext_index: 0,
            procedure_code: S1AP_PRIVATE_MESSAGE,
            criticality: Criticality::Ignore,
            body: Body::Private(PrivateMessage {
                ies: vec![ie],
                extensions: ExtensionAdditions::default(),
            }),
            notes: Vec::new(),
        }
    }

    /// The MAKR IE of a PDU whose body is a PrivateMessage carrying one.
    pub fn from_pdu<'p, V>(
        pdu: &'p Pdu<'a, V, MakrPrivateIe<'a>>,
    ) -> Option<&'p MakrPrivateIe<'a>> {
        match &pdu.body {
            Body::Private(m) => m.ies.iter().find_map(|ie| match &ie.value {
                PrivateValue::Typed(v) => Some(v),
                PrivateValue::Raw(_) => None,
            }),
            _ => None,
        }
    }
}

impl<'a> From<KeyDistribution<'a>> for MakrPrivateIe<'a> {
    fn from(v: KeyDistribution<'a>) -> Self {
        MakrPrivateIe::KeyDistribution(v)
    }
}
impl<'a> From<NeighbourKeyRequest<'a>> for MakrPrivateIe<'a> {
    fn from(v: NeighbourKeyRequest<'a>) -> Self {
        MakrPrivateIe::NeighbourKeyRequest(v)
    }
}
impl<'a> From<NeighbourKeyResponse<'a>> for MakrPrivateIe<'a> {
    fn from(v: NeighbourKeyResponse<'a>) -> Self {
        MakrPrivateIe::NeighbourKeyResponse(v)
    }
}

impl<'a> PrivateIeSet<'a> for MakrPrivateIe<'a> {
    fn knows(id: &PrivateIeId<'_>) -> bool {
        matches!(
            id,
            PrivateIeId::Local(
                ID_KEY_DISTRIBUTION | ID_NEIGHBOUR_KEY_REQUEST | ID_NEIGHBOUR_KEY_RESPONSE
            )
        )
    }

    fn decode(id: &PrivateIeId<'_>, r: &mut PerReader<'a>) -> DecodeResult<Self> {
        match id {
            PrivateIeId::Local(ID_KEY_DISTRIBUTION) => {
                Ok(MakrPrivateIe::KeyDistribution(KeyDistribution::decode(r)?))
            }
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_REQUEST) => Ok(MakrPrivateIe::NeighbourKeyRequest(
                NeighbourKeyRequest::decode(r)?,
            )),
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_RESPONSE) => Ok(
                MakrPrivateIe::NeighbourKeyResponse(NeighbourKeyResponse::decode(r)?),
            ),
            _ => Err(r.error(ErrorKind::Invalid, "not a MAKR private IE")),
        }
    }

    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        match self {
            MakrPrivateIe::KeyDistribution(v) => v.encode(w),
            MakrPrivateIe::NeighbourKeyRequest(v) => v.encode(w),
            MakrPrivateIe::NeighbourKeyResponse(v) => v.encode(w),
        }
    }

    fn default_criticality(id: &PrivateIeId<'_>) -> Option<Criticality> {
        match id {
            PrivateIeId::Local(ID_KEY_DISTRIBUTION) => Some(Criticality::Reject),
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_REQUEST | ID_NEIGHBOUR_KEY_RESPONSE) => {
                Some(Criticality::Ignore)
            }
            _ => None,
        }
    }

    fn name(id: &PrivateIeId<'_>) -> Option<&'static str> {
        match id {
            PrivateIeId::Local(ID_KEY_DISTRIBUTION) => Some("key_distribution"),
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_REQUEST) => Some("neighbour_key_request"),
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_RESPONSE) => Some("neighbour_key_response"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ident_block_example() {
        // key-refresh.md section 3: PLMN 00f110, macro 0x1A2B3 -> 00f110 00 0001a2b3.
        let e = EnbIdentity::new([0x00, 0xf1, 0x10], EnbId::Macro(0x1A2B3));
        assert_eq!(hex::encode(e.ident().unwrap()), "00f110000001a2b3");
    }

    #[test]
    fn enb_id_extension_alternatives_round_trip() {
        for id in [
            EnbId::ShortMacro(0x3ffff),
            EnbId::LongMacro(0x1ABCDE),
            EnbId::Unknown {
                index: 5,
                value: Octets::owned(vec![1, 2, 3]),
            },
        ] {
            let e = EnbIdentity::new([1, 2, 3], id);
            let b = e.to_aper().unwrap();
            assert_eq!(EnbIdentity::from_aper(&b).unwrap(), e);
        }
    }

    #[test]
    fn out_of_range_id_is_an_encode_error() {
        let e = EnbIdentity::new([1, 2, 3], EnbId::Macro(1 << 20));
        let err = e.to_aper().unwrap_err();
        assert_eq!(err.path, "enb_id.macro_enb_id");
    }
}
