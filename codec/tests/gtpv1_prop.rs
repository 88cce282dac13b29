//! Property tests for the GTPv1-C codec: typed values survive encode -> decode -> encode, and
//! arbitrary or mutated octets never panic and, when accepted, re-encode to themselves.

use keyhop_codec::gtpv1::*;
use keyhop_codec::redact::{KeyMaterial, Octets};
use proptest::collection::vec;
use proptest::prelude::*;

fn bytes(lo: usize, hi: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), lo..=hi)
}
fn octets(lo: usize, hi: usize) -> impl Strategy<Value = Octets<'static>> {
    bytes(lo, hi).prop_map(Octets::owned)
}
fn key(lo: usize, hi: usize) -> impl Strategy<Value = KeyMaterial<'static>> {
    bytes(lo, hi).prop_map(KeyMaterial::owned)
}
fn nibbles() -> impl Strategy<Value = NsapiOctet> {
    (0u8..16, 0u8..16).prop_map(|(spare, nsapi)| NsapiOctet { spare, nsapi })
}
fn rai() -> impl Strategy<Value = Rai> {
    (any::<[u8; 3]>(), any::<u16>(), any::<u8>()).prop_map(|(plmn, lac, rac)| Rai {
        plmn,
        lac,
        rac,
    })
}

fn quintuplet() -> impl Strategy<Value = Quintuplet<'static>> {
    (
        octets(16, 16),
        key(0, 16),
        key(16, 16),
        key(16, 16),
        key(0, 16),
    )
        .prop_map(|(rand, xres, ck, ik, autn)| Quintuplet {
            rand,
            xres,
            ck,
            ik,
            autn,
        })
}

fn triplet() -> impl Strategy<Value = Triplet<'static>> {
    (octets(16, 16), key(4, 4), key(8, 8)).prop_map(|(rand, sres, kc)| Triplet { rand, sres, kc })
}

fn security() -> impl Strategy<Value = SecurityContext<'static>> {
    prop_oneof![
        (0u8..8, key(16, 16), key(16, 16), vec(quintuplet(), 0..=5)).prop_map(
            |(used_cipher, ck, ik, quintuplets)| {
                SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                    used_cipher,
                    ck,
                    ik,
                    quintuplets,
                }
            }
        ),
        (0u8..8, key(8, 8), vec(triplet(), 0..=5)).prop_map(|(used_cipher, kc, triplets)| {
            SecurityContext::GsmKeyAndTriplets {
                used_cipher,
                kc,
                triplets,
            }
        }),
        (0u8..8, key(16, 16), key(16, 16), vec(quintuplet(), 0..=5)).prop_map(
            |(spare, ck, ik, quintuplets)| SecurityContext::UmtsKeysAndQuintuplets {
                spare,
                ck,
                ik,
                quintuplets
            }
        ),
        (0u8..8, key(8, 8), vec(quintuplet(), 0..=5)).prop_map(|(used_cipher, kc, quintuplets)| {
            SecurityContext::GsmKeyAndQuintuplets {
                used_cipher,
                kc,
                quintuplets,
            }
        }),
    ]
}

fn mm_context() -> impl Strategy<Value = MmContext<'static>> {
    (
        0u8..32,
        0u8..8,
        security(),
        any::<[u8; 2]>(),
        octets(0, 12),
        octets(0, 30),
        octets(0, 6),
    )
        .prop_map(
            |(hi, cksn_ksi, security, drx, msnc, container, trailing)| MmContext {
                octet4_bits_8_4: hi,
                cksn_ksi,
                security,
                drx_parameter: drx,
                ms_network_capability: msnc,
                container,
                trailing,
            },
        )
}

fn pdp_context() -> impl Strategy<Value = PdpContext<'static>> {
    (
        (any::<[bool; 4]>(), 0u8..16, nibbles()),
        (octets(0, 20), octets(0, 20), octets(0, 20)),
        (
            any::<u16>(),
            any::<u16>(),
            any::<u8>(),
            any::<u8>(),
            any::<u32>(),
            any::<u32>(),
        ),
        (any::<u8>(), nibbles(), any::<u8>()),
        (
            octets(0, 16),
            octets(0, 16),
            octets(0, 16),
            octets(0, 40),
            octets(0, 20),
        ),
    )
        .prop_map(|(a, q, s, t, addr)| PdpContext {
            ea: a.0[0],
            vaa: a.0[1],
            asi: a.0[2],
            order: a.0[3],
            nsapi: a.1,
            sapi: a.2,
            qos_subscribed: q.0,
            qos_requested: q.1,
            qos_negotiated: q.2,
            sequence_number_down: s.0,
            sequence_number_up: s.1,
            send_npdu_number: s.2,
            receive_npdu_number: s.3,
            uplink_teid_control_plane: s.4,
            uplink_teid_data_i: s.5,
            pdp_context_identifier: t.0,
            pdp_type_organisation: t.1,
            pdp_type_number: t.2,
            pdp_address: addr.0,
            ggsn_address_control_plane: addr.1,
            ggsn_address_user_traffic: addr.2,
            apn: addr.3,
            trailing: addr.4,
        })
}

fn gsn() -> impl Strategy<Value = GsnAddress<'static>> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|a| GsnAddress::V4(a.into())),
        any::<[u8; 16]>().prop_map(|a| GsnAddress::V6(a.into())),
        bytes(0, 20)
            .prop_filter("not 4 or 16", |b| b.len() != 4 && b.len() != 16)
            .prop_map(|b| GsnAddress::Other(Octets::owned(b))),
    ]
}

fn rab_setup() -> impl Strategy<Value = RabSetupInformation<'static>> {
    prop_oneof![
        nibbles().prop_map(|nsapi| RabSetupInformation {
            nsapi,
            teid_data_i: None,
            rnc_ip_address: Octets::default()
        }),
        (nibbles(), any::<u32>(), octets(0, 16)).prop_map(|(nsapi, t, a)| RabSetupInformation {
            nsapi,
            teid_data_i: Some(t),
            rnc_ip_address: a
        }),
    ]
}

fn target() -> impl Strategy<Value = TargetIdentification<'static>> {
    prop_oneof![
        (rai(), any::<u16>(), octets(0, 1)).prop_map(|(rai, rnc_id, trailing)| {
            TargetIdentification {
                rai,
                rnc_id,
                extended_rnc_id: None,
                trailing,
            }
        }),
        (rai(), any::<u16>(), any::<u16>(), octets(0, 6)).prop_map(|(rai, rnc_id, e, trailing)| {
            TargetIdentification {
                rai,
                rnc_id,
                extended_rnc_id: Some(e),
                trailing,
            }
        }),
    ]
}

/// TV types keyhop keeps raw, and TLV types it keeps raw (known or not).
const RAW_TV: [u8; 8] = [8, 11, 15, 19, 27, 28, 29, 126];
const TYPED_TLV: [u8; 13] = [
    129, 130, 133, 136, 138, 139, 140, 146, 151, 154, 164, 211, 255,
];

fn ie() -> impl Strategy<Value = Ie<'static>> {
    prop_oneof![
        any::<u8>().prop_map(|c| Ie::Cause(Cause(c))),
        any::<[u8; 8]>().prop_map(|d| Ie::Imsi(Tbcd8(d))),
        rai().prop_map(Ie::Rai),
        any::<u32>().prop_map(Ie::Tlli),
        any::<u32>().prop_map(Ie::PTmsi),
        triplet().prop_map(Ie::AuthenticationTriplet),
        (0u32..1 << 24).prop_map(Ie::PTmsiSignature),
        any::<u8>().prop_map(Ie::MsValidated),
        any::<u8>().prop_map(Ie::Recovery),
        any::<u32>().prop_map(Ie::TeidDataI),
        any::<u32>().prop_map(Ie::TeidControlPlane),
        (nibbles(), any::<u32>())
            .prop_map(|(nsapi, teid)| Ie::TeidDataIi(TeidDataIi { nsapi, teid })),
        nibbles().prop_map(Ie::Nsapi),
        any::<u8>().prop_map(Ie::RanapCause),
        (nibbles(), any::<[u16; 4]>()).prop_map(|(nsapi, s)| Ie::RabContext(RabContext {
            nsapi,
            dl_gtpu_sequence_number: s[0],
            ul_gtpu_sequence_number: s[1],
            dl_pdcp_sequence_number: s[2],
            ul_pdcp_sequence_number: s[3],
        })),
        any::<u8>().prop_map(Ie::RadioPrioritySms),
        any::<u8>().prop_map(Ie::RadioPriority),
        (nibbles(), any::<u8>()).prop_map(|(nsapi, packet_flow_id)| Ie::PacketFlowId(
            PacketFlowId {
                nsapi,
                packet_flow_id
            }
        )),
        any::<u16>().prop_map(Ie::ChargingCharacteristics),
        any::<u32>().prop_map(Ie::ChargingId),
        mm_context().prop_map(Ie::MmContext),
        pdp_context().prop_map(Ie::PdpContext),
        gsn().prop_map(Ie::GsnAddress),
        quintuplet().prop_map(Ie::AuthenticationQuintuplet),
        target().prop_map(Ie::TargetIdentification),
        octets(0, 40).prop_map(Ie::UtranTransparentContainer),
        rab_setup().prop_map(Ie::RabSetupInformation),
        rab_setup().prop_map(Ie::AdditionalRabSetupInformation),
        any::<u8>().prop_map(Ie::RatType),
        any::<[u8; 8]>().prop_map(|d| Ie::ImeiSv(Tbcd8(d))),
        any::<[u8; 3]>().prop_map(Ie::SelectedPlmnId),
        any::<u16>().prop_map(Ie::ExtendedRanapCause),
        (any::<u16>(), octets(0, 20)).prop_map(|(id, value)| Ie::PrivateExtension(
            PrivateExtension {
                extension_identifier: id,
                value
            }
        )),
        (0..RAW_TV.len(), any::<[u8; 2]>()).prop_map(|(i, v)| {
            let t = RAW_TV[i];
            Ie::Tv {
                ie_type: t,
                value: Octets::owned(v[..tv_len(t).unwrap()].to_vec()),
            }
        }),
        (128u8..=255, octets(0, 40))
            .prop_filter("typed", |(t, _)| !TYPED_TLV.contains(t))
            .prop_map(|(ie_type, value)| Ie::Tlv { ie_type, value }),
    ]
}

fn header() -> impl Strategy<Value = Header<'static>> {
    (
        any::<u8>(),
        any::<u32>(),
        any::<[bool; 4]>(),
        any::<u16>(),
        any::<u8>(),
        any::<u8>(),
        vec((1u8..=255, bytes(0, 3)), 0..3),
    )
        .prop_map(|(ty, teid, f, seq, npdu, next, ext)| {
            let (spare, e, s, pn) = (f[0], f[1], f[2], f[3]);
            let opt = e || s || pn;
            let extensions: Vec<ExtensionHeader<'static>> = if e {
                ext.into_iter()
                    .map(|(t, c)| {
                        // Content of 4n - 2 octets: pad the random prefix to 2 or 6.
                        let mut c = c;
                        c.resize(if c.len() <= 2 { 2 } else { 6 }, 0);
                        ExtensionHeader {
                            ext_type: t,
                            content: Octets::owned(c),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let next_extension_type = match (opt, e) {
                (false, _) => 0,
                (true, true) => extensions.first().map_or(0, |x| x.ext_type),
                (true, false) => next,
            };
            Header {
                message_type: MessageType::from(ty),
                teid,
                spare,
                e,
                s,
                pn,
                sequence_number: if opt { seq } else { 0 },
                npdu_number: if opt { npdu } else { 0 },
                next_extension_type,
                extensions,
            }
        })
}

fn message() -> impl Strategy<Value = Message<'static>> {
    (header(), vec(ie(), 0..8)).prop_map(|(header, ies)| Message { header, ies })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn typed_values_encode_decode_encode(m in message()) {
        let b = m.emit().expect("typed values within their ranges encode");
        let d = Message::parse(&b).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(&d, &m);
        prop_assert_eq!(d.emit().unwrap(), b.clone());
        // Serialization of any decoded message succeeds.
        serde_json::to_string(&d).unwrap();
        let _ = d.summary();
        let _ = d.notes();
        let _ = d.typed();
    }

    #[test]
    fn arbitrary_octets_never_panic(b in bytes(0, 300)) {
        if let Ok(m) = Message::parse(&b) {
            prop_assert_eq!(m.emit().unwrap(), b.clone());
        }
    }

    #[test]
    fn mutated_messages_never_panic_and_accepted_ones_round_trip(
        m in message(),
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
        do_cut in any::<bool>(),
    ) {
        let mut b = m.emit().unwrap();
        for (i, v) in edits {
            let i = i.index(b.len());
            b[i] = v;
        }
        if do_cut {
            let n = cut.index(b.len() + 1);
            b.truncate(n);
        }
        match Message::parse(&b) {
            Ok(d) => prop_assert_eq!(d.emit().unwrap(), b.clone()),
            Err(e) => {
                prop_assert!(e.byte_offset() <= b.len() as u64, "{} beyond {}", e, b.len());
                prop_assert!(!e.detail.is_empty());
            }
        }
    }
}
