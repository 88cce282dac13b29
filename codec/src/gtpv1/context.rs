//! MM Context (TS 29.060 7.7.28), PDP Context (7.7.29) and the authentication vectors
//! (triplets 7.7.7, quintuplets 7.7.35).

use super::ie::NsapiOctet;
use super::PROTO;
use crate::error::{Context, DecodeResult, EncodeError, EncodeResult, ErrorKind};
use crate::redact::{KeyMaterial, Octets};
use crate::wire::{Reader, Writer};

/// Takes a one-octet length and that many octets.
fn lv8<'a>(r: &mut Reader<'a>) -> DecodeResult<&'a [u8]> {
    let n = r.u8()? as usize;
    r.take(n)
}

/// Writes a one-octet length and the octets.
fn put_lv8(w: &mut Writer, b: &[u8], what: &str) -> EncodeResult<()> {
    let n = u8::try_from(b.len()).map_err(|_| {
        EncodeError::new(
            PROTO,
            format!("{} octets do not fit a one-octet length", b.len()),
        )
        .in_field(what)
    })?;
    w.u8(n);
    w.bytes(b);
    Ok(())
}

/// Checks a fixed-size field before writing it.
fn put_fixed(w: &mut Writer, b: &[u8], n: usize, what: &str) -> EncodeResult<()> {
    if b.len() != n {
        return Err(
            EncodeError::new(PROTO, format!("{} octets where {n} are needed", b.len()))
                .in_field(what),
        );
    }
    w.bytes(b);
    Ok(())
}

/// A GSM authentication triplet: RAND, SRES, Kc (28 octets).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Triplet<'a> {
    /// RAND, 16 octets (not secret).
    pub rand: Octets<'a>,
    /// SRES, 4 octets (the expected response: treated as secret like XRES).
    pub sres: KeyMaterial<'a>,
    /// Kc, 8 octets.
    pub kc: KeyMaterial<'a>,
}

impl<'a> Triplet<'a> {
    /// Octets on the wire.
    pub const LEN: usize = 28;

    pub(crate) fn read(r: &mut Reader<'a>) -> DecodeResult<Self> {
        Ok(Triplet {
            rand: Octets::borrowed(r.take(16).ctx("rand")?),
            sres: KeyMaterial::borrowed(r.take(4).ctx("sres")?),
            kc: KeyMaterial::borrowed(r.take(8).ctx("kc")?),
        })
    }

    pub(crate) fn write(&self, w: &mut Writer) -> EncodeResult<()> {
        put_fixed(w, self.rand.as_bytes(), 16, "rand")?;
        put_fixed(w, self.sres.expose(), 4, "sres")?;
        put_fixed(w, self.kc.expose(), 8, "kc")
    }
}

/// A UMTS authentication quintuplet: RAND, XRES, CK, IK, AUTN (XRES and AUTN length-prefixed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quintuplet<'a> {
    /// RAND, 16 octets (not secret).
    pub rand: Octets<'a>,
    /// XRES, 4 to 16 octets.
    pub xres: KeyMaterial<'a>,
    /// CK, 16 octets.
    pub ck: KeyMaterial<'a>,
    /// IK, 16 octets.
    pub ik: KeyMaterial<'a>,
    /// AUTN, normally 16 octets.
    pub autn: KeyMaterial<'a>,
}

impl<'a> Quintuplet<'a> {
    pub(crate) fn read(r: &mut Reader<'a>) -> DecodeResult<Self> {
        Ok(Quintuplet {
            rand: Octets::borrowed(r.take(16).ctx("rand")?),
            xres: KeyMaterial::borrowed(lv8(r).ctx("xres")?),
            ck: KeyMaterial::borrowed(r.take(16).ctx("ck")?),
            ik: KeyMaterial::borrowed(r.take(16).ctx("ik")?),
            autn: KeyMaterial::borrowed(lv8(r).ctx("autn")?),
        })
    }

    pub(crate) fn write(&self, w: &mut Writer) -> EncodeResult<()> {
        put_fixed(w, self.rand.as_bytes(), 16, "rand")?;
        put_lv8(w, self.xres.expose(), "xres")?;
        put_fixed(w, self.ck.expose(), 16, "ck")?;
        put_fixed(w, self.ik.expose(), 16, "ik")?;
        put_lv8(w, self.autn.expose(), "autn")
    }

    /// Octets on the wire.
    pub fn wire_len(&self) -> usize {
        16 + 1 + self.xres.expose().len() + 32 + 1 + self.autn.expose().len()
    }
}

/// Security Mode of an MM Context (octet 5 bits 8-7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecurityMode {
    /// 0 (bits 00): the GPRS cipher in use, UMTS keys CK/IK and quintuplets (TS 29.060 clause 7.7.28, Table 47).
    UsedCipherUmtsKeysAndQuintuplets,
    /// 1 (bits 01): the GSM key Kc and triplets (TS 29.060 clause 7.7.28, Table 47).
    GsmKeyAndTriplets,
    /// 2 (bits 10): UMTS keys CK/IK and quintuplets (TS 29.060 clause 7.7.28, Table 47).
    UmtsKeysAndQuintuplets,
    /// 3 (bits 11): the GSM key Kc and UMTS quintuplets (TS 29.060 clause 7.7.28, Table 47).
    GsmKeyAndQuintuplets,
}

impl SecurityMode {
    /// The two bits.
    pub fn bits(self) -> u8 {
        match self {
            SecurityMode::UsedCipherUmtsKeysAndQuintuplets => 0,
            SecurityMode::GsmKeyAndTriplets => 1,
            SecurityMode::UmtsKeysAndQuintuplets => 2,
            SecurityMode::GsmKeyAndQuintuplets => 3,
        }
    }

    /// snake_case name for output.
    pub fn name(self) -> &'static str {
        match self {
            SecurityMode::UsedCipherUmtsKeysAndQuintuplets => {
                "used_cipher_value_umts_keys_and_quintuplets"
            }
            SecurityMode::GsmKeyAndTriplets => "gsm_key_and_triplets",
            SecurityMode::UmtsKeysAndQuintuplets => "umts_keys_and_quintuplets",
            SecurityMode::GsmKeyAndQuintuplets => "gsm_key_and_quintuplets",
        }
    }
}

/// The security part of an MM Context, one shape per security mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityContext<'a> {
    /// Mode 00: used cipher, CK, IK, quintuplets (TS 29.060 clause 7.7.28; Figure 42A in V19.0.0).
    UsedCipherUmtsKeysAndQuintuplets {
        /// Used cipher (octet 5 bits 3-1): GEA algorithm in use.
        used_cipher: u8,
        /// CK, 16 octets.
        ck: KeyMaterial<'a>,
        /// IK, 16 octets.
        ik: KeyMaterial<'a>,
        /// Up to 7 quintuplets (the spec allows 5).
        quintuplets: Vec<Quintuplet<'a>>,
    },
    /// Mode 01: used cipher, Kc, triplets (TS 29.060 clause 7.7.28; Figure 40 in V19.0.0).
    GsmKeyAndTriplets {
        /// Used cipher (octet 5 bits 3-1).
        used_cipher: u8,
        /// Kc, 8 octets.
        kc: KeyMaterial<'a>,
        /// Up to 7 triplets.
        triplets: Vec<Triplet<'a>>,
    },
    /// Mode 10: CK, IK, quintuplets (TS 29.060 clause 7.7.28; Figure 41 in V19.0.0).
    UmtsKeysAndQuintuplets {
        /// Octet 5 bits 3-1, spare in this mode (kept for byte-exact re-encoding).
        spare: u8,
        /// CK, 16 octets.
        ck: KeyMaterial<'a>,
        /// IK, 16 octets.
        ik: KeyMaterial<'a>,
        /// Up to 7 quintuplets.
        quintuplets: Vec<Quintuplet<'a>>,
    },
    /// Mode 11: used cipher, Kc, quintuplets (TS 29.060 clause 7.7.28; Figure 42 in V19.0.0).
    GsmKeyAndQuintuplets {
        /// Used cipher (octet 5 bits 3-1).
        used_cipher: u8,
        /// Kc, 8 octets.
        kc: KeyMaterial<'a>,
        /// Up to 7 quintuplets.
        quintuplets: Vec<Quintuplet<'a>>,
    },
}

impl SecurityContext<'_> {
    /// The security mode of this shape.
    pub fn mode(&self) -> SecurityMode {
        match self {
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets { .. } => {
                SecurityMode::UsedCipherUmtsKeysAndQuintuplets
            }
            SecurityContext::GsmKeyAndTriplets { .. } => SecurityMode::GsmKeyAndTriplets,
            SecurityContext::UmtsKeysAndQuintuplets { .. } => SecurityMode::UmtsKeysAndQuintuplets,
            SecurityContext::GsmKeyAndQuintuplets { .. } => SecurityMode::GsmKeyAndQuintuplets,
        }
    }

    /// Number of authentication vectors (the 3-bit field of octet 5).
    pub fn vector_count(&self) -> usize {
        match self {
            SecurityContext::GsmKeyAndTriplets { triplets, .. } => triplets.len(),
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets { quintuplets, .. }
            | SecurityContext::UmtsKeysAndQuintuplets { quintuplets, .. }
            | SecurityContext::GsmKeyAndQuintuplets { quintuplets, .. } => quintuplets.len(),
        }
    }
}

/// MM Context (TS 29.060 7.7.28), value part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MmContext<'a> {
    /// Octet 4 bits 8-4: spare in modes 01/11; in later releases GUPII, UGIPAI and the used GPRS
    /// integrity algorithm in modes 00/10. Kept as a 5-bit number.
    pub octet4_bits_8_4: u8,
    /// Octet 4 bits 3-1: CKSN (modes 01, 11) or KSI (modes 00, 10).
    pub cksn_ksi: u8,
    /// Keys and vectors.
    pub security: SecurityContext<'a>,
    /// DRX parameter (TS 24.008 10.5.5.6 value part), 2 octets.
    pub drx_parameter: [u8; 2],
    /// MS network capability value (after its one-octet length).
    pub ms_network_capability: Octets<'a>,
    /// Container (after its two-octet length): a NAS mobile identity IE when present.
    pub container: Octets<'a>,
    /// Octets after the container (access restriction data and later additions), raw.
    pub trailing: Octets<'a>,
}

impl<'a> MmContext<'a> {
    /// The security mode.
    pub fn security_mode(&self) -> SecurityMode {
        self.security.mode()
    }

    /// CK of a UMTS security mode (00 or 10).
    pub fn ck(&self) -> Option<&KeyMaterial<'a>> {
        match &self.security {
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets { ck, .. }
            | SecurityContext::UmtsKeysAndQuintuplets { ck, .. } => Some(ck),
            _ => None,
        }
    }

    /// IK of a UMTS security mode (00 or 10).
    pub fn ik(&self) -> Option<&KeyMaterial<'a>> {
        match &self.security {
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets { ik, .. }
            | SecurityContext::UmtsKeysAndQuintuplets { ik, .. } => Some(ik),
            _ => None,
        }
    }

    /// Kc of a GSM security mode (01 or 11).
    pub fn kc(&self) -> Option<&KeyMaterial<'a>> {
        match &self.security {
            SecurityContext::GsmKeyAndTriplets { kc, .. }
            | SecurityContext::GsmKeyAndQuintuplets { kc, .. } => Some(kc),
            _ => None,
        }
    }

    pub(crate) fn read(r: &mut Reader<'a>) -> DecodeResult<Self> {
        let o4 = r.u8().ctx("cksn_ksi")?;
        let o5 = r.u8().ctx("security_mode")?;
        let mode = o5 >> 6;
        let count = ((o5 >> 3) & 0x07) as usize;
        let low = o5 & 0x07;
        let security = match mode {
            1 => {
                let kc = KeyMaterial::borrowed(r.take(8).ctx("kc")?);
                let mut triplets = Vec::with_capacity(count);
                for i in 0..count {
                    triplets.push(
                        Triplet::read(r)
                            .ctx_with(|| format!("[{i}]"))
                            .ctx("triplets")?,
                    );
                }
                SecurityContext::GsmKeyAndTriplets {
                    used_cipher: low,
                    kc,
                    triplets,
                }
            }
            3 => {
                let kc = KeyMaterial::borrowed(r.take(8).ctx("kc")?);
                let quintuplets = read_quintuplets(r, count)?;
                SecurityContext::GsmKeyAndQuintuplets {
                    used_cipher: low,
                    kc,
                    quintuplets,
                }
            }
            _ => {
                let ck = KeyMaterial::borrowed(r.take(16).ctx("ck")?);
                let ik = KeyMaterial::borrowed(r.take(16).ctx("ik")?);
                let quintuplets = read_quintuplets(r, count)?;
                if mode == 0 {
                    SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                        used_cipher: low,
                        ck,
                        ik,
                        quintuplets,
                    }
                } else {
                    SecurityContext::UmtsKeysAndQuintuplets {
                        spare: low,
                        ck,
                        ik,
                        quintuplets,
                    }
                }
            }
        };
        let drx_parameter = r.array().ctx("drx_parameter")?;
        let ms_network_capability = Octets::borrowed(lv8(r).ctx("ms_network_capability")?);
        let clen = r.u16().ctx("container")? as usize;
        let container = Octets::borrowed(r.take(clen).ctx("container")?);
        Ok(MmContext {
            octet4_bits_8_4: o4 >> 3,
            cksn_ksi: o4 & 0x07,
            security,
            drx_parameter,
            ms_network_capability,
            container,
            trailing: Octets::borrowed(r.rest()),
        })
    }

    pub(crate) fn write(&self, w: &mut Writer) -> EncodeResult<()> {
        if self.octet4_bits_8_4 > 0x1f || self.cksn_ksi > 7 {
            return Err(EncodeError::new(PROTO, "octet 4 fields exceed 5 + 3 bits"));
        }
        let n = self.security.vector_count();
        if n > 7 {
            return Err(EncodeError::new(
                PROTO,
                format!("{n} vectors do not fit the 3-bit count"),
            ));
        }
        let low = match &self.security {
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets { used_cipher, .. }
            | SecurityContext::GsmKeyAndTriplets { used_cipher, .. }
            | SecurityContext::GsmKeyAndQuintuplets { used_cipher, .. } => *used_cipher,
            SecurityContext::UmtsKeysAndQuintuplets { spare, .. } => *spare,
        };
        if low > 7 {
            return Err(EncodeError::new(PROTO, "used cipher exceeds 3 bits"));
        }
        w.u8(self.octet4_bits_8_4 << 3 | self.cksn_ksi);
        w.u8(self.security.mode().bits() << 6 | (n as u8) << 3 | low);
        match &self.security {
            SecurityContext::GsmKeyAndTriplets { kc, triplets, .. } => {
                put_fixed(w, kc.expose(), 8, "kc")?;
                for (i, t) in triplets.iter().enumerate() {
                    t.write(w)
                        .map_err(|e| e.in_field(&format!("[{i}]")).in_field("triplets"))?;
                }
            }
            SecurityContext::GsmKeyAndQuintuplets {
                kc, quintuplets, ..
            } => {
                put_fixed(w, kc.expose(), 8, "kc")?;
                write_quintuplets(w, quintuplets)?;
            }
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                ck,
                ik,
                quintuplets,
                ..
            }
            | SecurityContext::UmtsKeysAndQuintuplets {
                ck,
                ik,
                quintuplets,
                ..
            } => {
                put_fixed(w, ck.expose(), 16, "ck")?;
                put_fixed(w, ik.expose(), 16, "ik")?;
                write_quintuplets(w, quintuplets)?;
            }
        }
        w.bytes(&self.drx_parameter);
        put_lv8(
            w,
            self.ms_network_capability.as_bytes(),
            "ms_network_capability",
        )?;
        let m = w.start_len(2);
        w.bytes(self.container.as_bytes());
        w.finish_len(m, PROTO)
            .map_err(|e| e.in_field("container"))?;
        w.bytes(self.trailing.as_bytes());
        Ok(())
    }
}

/// Reads the two-octet Quintuplet Length and exactly `count` quintuplets filling it.
fn read_quintuplets<'a>(r: &mut Reader<'a>, count: usize) -> DecodeResult<Vec<Quintuplet<'a>>> {
    let len = r.u16().ctx("quintuplet_length")? as usize;
    let mut q = r.sub(len).ctx("quintuplets")?;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        out.push(
            Quintuplet::read(&mut q)
                .ctx_with(|| format!("[{i}]"))
                .ctx("quintuplets")?,
        );
    }
    if !q.is_empty() {
        return Err(q
            .error(
                ErrorKind::BadLength,
                format!(
                    "quintuplet length {len} leaves {} octets after the {count} quintuplets the \
                     vector count gives",
                    q.remaining()
                ),
            )
            .in_field("quintuplets"));
    }
    Ok(out)
}

fn write_quintuplets(w: &mut Writer, qs: &[Quintuplet<'_>]) -> EncodeResult<()> {
    let m = w.start_len(2);
    for (i, q) in qs.iter().enumerate() {
        q.write(w)
            .map_err(|e| e.in_field(&format!("[{i}]")).in_field("quintuplets"))?;
    }
    w.finish_len(m, PROTO)
}

/// PDP Context (TS 29.060 7.7.29), value part: the fields up to the APN typed, the rest raw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PdpContext<'a> {
    /// EA: extended PDP type/address present (octet 4 bit 8).
    pub ea: bool,
    /// VAA: VPLMN address allowed (bit 7).
    pub vaa: bool,
    /// ASI: activity status indicator (bit 6).
    pub asi: bool,
    /// Order: delivery order (bit 5).
    pub order: bool,
    /// NSAPI (bits 4-1).
    pub nsapi: u8,
    /// Spare nibble and SAPI (octet 5).
    pub sapi: NsapiOctet,
    /// QoS Sub (subscribed), after its length octet.
    pub qos_subscribed: Octets<'a>,
    /// QoS Req (requested).
    pub qos_requested: Octets<'a>,
    /// QoS Neg (negotiated).
    pub qos_negotiated: Octets<'a>,
    /// Sequence Number Down (GTP-U).
    pub sequence_number_down: u16,
    /// Sequence Number Up.
    pub sequence_number_up: u16,
    /// Send N-PDU Number.
    pub send_npdu_number: u8,
    /// Receive N-PDU Number.
    pub receive_npdu_number: u8,
    /// Uplink TEID Control Plane.
    pub uplink_teid_control_plane: u32,
    /// Uplink TEID Data I.
    pub uplink_teid_data_i: u32,
    /// PDP Context Identifier.
    pub pdp_context_identifier: u8,
    /// Spare high nibble (normally 1111) and PDP Type Organisation low nibble.
    pub pdp_type_organisation: NsapiOctet,
    /// PDP Type Number.
    pub pdp_type_number: u8,
    /// PDP Address, after its length octet.
    pub pdp_address: Octets<'a>,
    /// GGSN Address for control plane.
    pub ggsn_address_control_plane: Octets<'a>,
    /// GGSN Address for User Traffic.
    pub ggsn_address_user_traffic: Octets<'a>,
    /// APN, after its length octet (DNS label encoding, kept as octets).
    pub apn: Octets<'a>,
    /// Transaction Identifier and the extended PDP type/address parts, raw.
    pub trailing: Octets<'a>,
}

impl<'a> PdpContext<'a> {
    pub(crate) fn read(r: &mut Reader<'a>) -> DecodeResult<Self> {
        let o4 = r.u8().ctx("nsapi")?;
        let sapi = NsapiOctet::from_octet(r.u8().ctx("sapi")?);
        Ok(PdpContext {
            ea: o4 & 0x80 != 0,
            vaa: o4 & 0x40 != 0,
            asi: o4 & 0x20 != 0,
            order: o4 & 0x10 != 0,
            nsapi: o4 & 0x0f,
            sapi,
            qos_subscribed: Octets::borrowed(lv8(r).ctx("qos_subscribed")?),
            qos_requested: Octets::borrowed(lv8(r).ctx("qos_requested")?),
            qos_negotiated: Octets::borrowed(lv8(r).ctx("qos_negotiated")?),
            sequence_number_down: r.u16().ctx("sequence_number_down")?,
            sequence_number_up: r.u16().ctx("sequence_number_up")?,
            send_npdu_number: r.u8().ctx("send_npdu_number")?,
            receive_npdu_number: r.u8().ctx("receive_npdu_number")?,
            uplink_teid_control_plane: r.u32().ctx("uplink_teid_control_plane")?,
            uplink_teid_data_i: r.u32().ctx("uplink_teid_data_i")?,
            pdp_context_identifier: r.u8().ctx("pdp_context_identifier")?,
            pdp_type_organisation: NsapiOctet::from_octet(r.u8().ctx("pdp_type_organisation")?),
            pdp_type_number: r.u8().ctx("pdp_type_number")?,
            pdp_address: Octets::borrowed(lv8(r).ctx("pdp_address")?),
            ggsn_address_control_plane: Octets::borrowed(lv8(r).ctx("ggsn_address_control_plane")?),
            ggsn_address_user_traffic: Octets::borrowed(lv8(r).ctx("ggsn_address_user_traffic")?),
            apn: Octets::borrowed(lv8(r).ctx("apn")?),
            trailing: Octets::borrowed(r.rest()),
        })
    }

    pub(crate) fn write(&self, w: &mut Writer) -> EncodeResult<()> {
        if self.nsapi > 15 {
            return Err(EncodeError::new(PROTO, "NSAPI exceeds 4 bits").in_field("nsapi"));
        }
        w.u8((self.ea as u8) << 7
            | (self.vaa as u8) << 6
            | (self.asi as u8) << 5
            | (self.order as u8) << 4
            | self.nsapi);
        w.u8(self.sapi.octet());
        put_lv8(w, self.qos_subscribed.as_bytes(), "qos_subscribed")?;
        put_lv8(w, self.qos_requested.as_bytes(), "qos_requested")?;
        put_lv8(w, self.qos_negotiated.as_bytes(), "qos_negotiated")?;
        w.u16(self.sequence_number_down);
        w.u16(self.sequence_number_up);
        w.u8(self.send_npdu_number);
        w.u8(self.receive_npdu_number);
        w.u32(self.uplink_teid_control_plane);
        w.u32(self.uplink_teid_data_i);
        w.u8(self.pdp_context_identifier);
        w.u8(self.pdp_type_organisation.octet());
        w.u8(self.pdp_type_number);
        put_lv8(w, self.pdp_address.as_bytes(), "pdp_address")?;
        put_lv8(
            w,
            self.ggsn_address_control_plane.as_bytes(),
            "ggsn_address_control_plane",
        )?;
        put_lv8(
            w,
            self.ggsn_address_user_traffic.as_bytes(),
            "ggsn_address_user_traffic",
        )?;
        put_lv8(w, self.apn.as_bytes(), "apn")?;
        w.bytes(self.trailing.as_bytes());
        Ok(())
    }
}
