//! Property tests: random typed GTPv2-C values encode, decode to the same value, and encode to
//! the same octets; random octets never panic the decoder.

use keyhop_codec::gtpv2::*;
use keyhop_codec::redact::{KeyMaterial, Octets};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn octets(max: usize) -> impl Strategy<Value = Octets<'static>> {
    vec(any::<u8>(), 0..=max).prop_map(Octets::owned)
}
fn key(n: usize) -> impl Strategy<Value = KeyMaterial<'static>> {
    vec(any::<u8>(), n).prop_map(KeyMaterial::owned)
}
fn key_var(max: usize) -> impl Strategy<Value = KeyMaterial<'static>> {
    vec(any::<u8>(), 0..=max).prop_map(KeyMaterial::owned)
}
fn plmn() -> impl Strategy<Value = Plmn> {
    any::<[u8; 3]>().prop_map(Plmn)
}
fn digits() -> impl Strategy<Value = Tbcd> {
    "[0-9]{0,16}".prop_map(Tbcd)
}
fn u24() -> impl Strategy<Value = u32> {
    0u32..(1 << 24)
}
fn ambr() -> impl Strategy<Value = Ambr> {
    (any::<u32>(), any::<u32>()).prop_map(|(uplink, downlink)| Ambr { uplink, downlink })
}

fn fteid() -> impl Strategy<Value = FTeid> {
    (
        0u8..64,
        any::<u32>(),
        option::of(any::<[u8; 4]>()),
        option::of(any::<[u8; 16]>()),
    )
        .prop_map(|(interface_type, teid, v4, v6)| FTeid {
            interface_type,
            teid,
            ipv4: v4.map(Ipv4Addr::from),
            ipv6: v6.map(Ipv6Addr::from),
        })
}

fn uli() -> impl Strategy<Value = Uli> {
    (
        option::of((plmn(), any::<u16>(), any::<u16>())),
        option::of((plmn(), any::<u16>(), any::<u16>())),
        option::of((plmn(), any::<u16>(), any::<u16>())),
        option::of((plmn(), any::<u16>())),
        option::of((plmn(), any::<u32>())),
        option::of((plmn(), any::<u16>())),
        option::of((plmn(), u24())),
        option::of((plmn(), u24())),
    )
        .prop_map(|(c, s, r, t, e, l, m, x)| Uli {
            cgi: c.map(|(plmn, lac, ci)| Cgi { plmn, lac, ci }),
            sai: s.map(|(plmn, lac, sac)| Sai { plmn, lac, sac }),
            rai: r.map(|(plmn, lac, rac_field)| Rai {
                plmn,
                lac,
                rac_field,
            }),
            tai: t.map(|(plmn, tac)| Tai { plmn, tac }),
            ecgi: e.map(|(plmn, eci_field)| Ecgi { plmn, eci_field }),
            lai: l.map(|(plmn, lac)| Lai { plmn, lac }),
            macro_enb_id: m.map(|(plmn, field)| MacroEnbId { plmn, field }),
            extended_macro_enb_id: x.map(|(plmn, field)| ExtMacroEnbId { plmn, field }),
        })
}

fn target() -> impl Strategy<Value = TargetId<'static>> {
    prop_oneof![
        (
            plmn(),
            any::<u16>(),
            any::<u8>(),
            any::<u16>(),
            option::of(any::<u16>())
        )
            .prop_map(
                |(plmn, lac, rac, rnc_id, extended_rnc_id)| TargetId::RncId {
                    plmn,
                    lac,
                    rac,
                    rnc_id,
                    extended_rnc_id
                }
            ),
        (plmn(), u24(), any::<u16>()).prop_map(|(plmn, field, tac)| TargetId::MacroEnb {
            id: MacroEnbId { plmn, field },
            tac
        }),
        (plmn(), any::<u16>(), any::<u8>(), any::<u16>()).prop_map(|(plmn, lac, rac, cell_id)| {
            TargetId::CellIdentifier {
                plmn,
                lac,
                rac,
                cell_id,
            }
        }),
        (plmn(), any::<u32>(), any::<u16>()).prop_map(|(plmn, field, tac)| TargetId::HomeEnb {
            plmn,
            field,
            tac
        }),
        (plmn(), u24(), any::<u16>()).prop_map(|(plmn, field, tac)| {
            TargetId::ExtendedMacroEnb {
                id: ExtMacroEnbId { plmn, field },
                tac,
            }
        }),
        (plmn(), any::<u8>(), any::<u32>(), u24()).prop_map(
            |(plmn, length_octet, gnb_id, five_gs_tac)| TargetId::GnodeB {
                plmn,
                length_octet,
                gnb_id,
                five_gs_tac
            }
        ),
        (plmn(), u24(), u24()).prop_map(|(plmn, field, five_gs_tac)| TargetId::MacroNgEnb {
            id: MacroEnbId { plmn, field },
            five_gs_tac
        }),
        (plmn(), u24(), u24()).prop_map(|(plmn, field, five_gs_tac)| {
            TargetId::ExtendedNgEnb {
                id: ExtMacroEnbId { plmn, field },
                five_gs_tac,
            }
        }),
        (
            plmn(),
            0u8..64,
            any::<u32>(),
            option::of(any::<u16>()),
            option::of(u24())
        )
            .prop_map(|(plmn, gnb_id_length, gnb_id, tac, five_gs_tac)| {
                TargetId::EnGnb {
                    plmn,
                    gnb_id_length,
                    gnb_id,
                    tac,
                    five_gs_tac,
                }
            }),
        (9u8..=255, octets(8))
            .prop_map(|(target_type, value)| TargetId::Unknown { target_type, value }),
    ]
}

fn quintuplet() -> impl Strategy<Value = Quintuplet<'static>> {
    (key(16), key_var(16), key(16), key(16), key_var(16)).prop_map(|(rand, xres, ck, ik, autn)| {
        Quintuplet {
            rand: Octets::owned(rand.expose().to_vec()),
            xres,
            ck,
            ik,
            autn,
        }
    })
}

fn quadruplet() -> impl Strategy<Value = Quadruplet<'static>> {
    (key(16), key_var(16), key_var(16), key(32)).prop_map(|(rand, xres, autn, kasme)| Quadruplet {
        rand: Octets::owned(rand.expose().to_vec()),
        xres,
        autn,
        kasme,
    })
}

fn triplet() -> impl Strategy<Value = Triplet<'static>> {
    (key(16), key(4), key(8)).prop_map(|(rand, sres, kc)| Triplet {
        rand: Octets::owned(rand.expose().to_vec()),
        sres,
        kc,
    })
}

prop_compose! {
    fn mm_context()(
        form in proptest::sample::select(MmContextForm::ALL.to_vec()),
        head in (0u8..8, any::<bool>(), 0u8..8, 0u8..8, any::<u8>(), 0u8..8, 0u8..16),
        counts in (u24(), u24()),
        keys in (key(32), key(8), key(16), key(16)),
        tri in vec(triplet(), 0..=3),
        quad in vec(quadruplet(), 0..=3),
        quin in vec(quintuplet(), 0..=3),
        drx in option::of(any::<[u8; 2]>()),
        nh in option::of((key(32), 0u8..8, 0u8..32)),
        ambrs in (option::of(ambr()), option::of(ambr())),
        caps in (octets(8), octets(8), octets(8)),
        access in option::of(any::<u8>()),
        old in option::of((any::<bool>(), 0u8..8, 0u8..8, key(32), option::of(key(32)))),
        tail_len in 0usize..12,
        tail in (octets(4), octets(4), any::<u8>(), octets(4), octets(300), octets(4), octets(4), octets(4), octets(4), octets(4), any::<u8>()),
    ) -> MmContext<'static> {
        let mut m = MmContext::empty(form);
        let eps = form == MmContextForm::EpsSecurityContextQuadruplets;
        let quads = matches!(form, MmContextForm::EpsSecurityContextQuadruplets | MmContextForm::UmtsKeyQuadrupletsQuintuplets);
        m.security_mode = head.0;
        m.ksi = head.2;
        if eps {
            m.nas_integrity_algorithm = head.5;
            m.nas_ciphering_algorithm = head.6;
            m.nas_downlink_count = Some(counts.0);
            m.nas_uplink_count = Some(counts.1);
            m.kasme = Some(keys.0);
            m.nh = nh.as_ref().map(|n| n.0.clone());
            if let Some((_, ncc, spare)) = nh { m.ncc = ncc; m.ncc_spare = spare; }
        } else {
            m.octet5_spare = head.1;
            m.octet7 = head.4;
        }
        if !quads { m.octet6_flags = head.3; }
        if m.kc.is_some() { m.kc = Some(keys.1); }
        if m.ck.is_some() { m.ck = Some(keys.2); m.ik = Some(keys.3); }
        match form {
            MmContextForm::GsmKeyTriplets => m.triplets = tri,
            _ => m.quintuplets = quin,
        }
        if quads { m.quadruplets = quad; }
        m.drx_parameter = drx;
        m.subscribed_ue_ambr = ambrs.0;
        m.used_ue_ambr = ambrs.1;
        m.ue_network_capability = caps.0;
        m.ms_network_capability = caps.1;
        m.mei = caps.2;
        m.access_restriction_data = access;
        if access.is_some() {
            if eps {
                m.old_eps_security_context = old.map(|(spare, ksi, ncc, kasme, nh)| OldEpsSecurityContext { spare, ksi, ncc, kasme, nh });
            }
            // The first `tail_len` late fields of this form (the form decides which exist).
            let (vdp, hbr, iov, ear, paging, add, nr, apn, cnr, rcid, ensct) = tail;
            let mut left = tail_len;
            let mut take = |present: bool| { let t = present && left > 0; if t { left -= 1; } t };
            use MmContextForm as F;
            let f = form;
            if take(true) { m.voice_domain_preference = Some(vdp); }
            if matches!(f, F::UmtsKeyUsedCipherQuintuplets | F::GsmKeyUsedCipherQuintuplets | F::UmtsKeyQuintuplets) && take(true) { m.higher_bitrates_flag = Some(hbr); }
            if matches!(f, F::UmtsKeyUsedCipherQuintuplets | F::UmtsKeyQuintuplets) && m.higher_bitrates_flag.is_some() && take(true) { m.iov_updates_counter = Some(iov); }
            if f == F::UmtsKeyQuintuplets && m.iov_updates_counter.is_some() && take(true) { m.extended_access_restriction_data = Some(ear.clone()); }
            if eps && m.voice_domain_preference.is_some() && take(true) {
                m.ue_radio_capability_for_paging = Some(paging);
                if take(true) { m.extended_access_restriction_data = Some(ear);
                    if take(true) { m.ue_additional_security_capability = Some(add);
                        if take(true) { m.ue_nr_security_capability = Some(nr);
                            if take(true) { m.apn_rate_control_statuses = Some(apn.clone());
                                if take(true) { m.core_network_restrictions = Some(cnr);
                                    if take(true) { m.ue_radio_capability_id = Some(rcid);
                                        if take(true) { m.ensct = Some(ensct); } } } } } } }
            }
            if f == F::UmtsKeyQuadrupletsQuintuplets && m.voice_domain_preference.is_some() && take(true) { m.apn_rate_control_statuses = Some(apn); }
        }
        m
    }
}

fn leaf_value() -> impl Strategy<Value = IeValue<'static>> {
    prop_oneof![
        (prop_oneof![4u8..=70, 137u8..=250], octets(12))
            .prop_map(|(ie_type, value)| IeValue::Raw { ie_type, value }),
        digits().prop_map(IeValue::Imsi),
        digits().prop_map(IeValue::Msisdn),
        digits().prop_map(IeValue::Mei),
        (
            any::<u8>(),
            any::<u8>(),
            option::of((any::<u8>(), any::<u16>(), any::<u8>()))
        )
            .prop_map(|(value, flags, o)| IeValue::Cause(Cause {
                value,
                flags,
                offending_ie: o.map(|(ie_type, length, spare_instance)| OffendingIe {
                    ie_type,
                    length,
                    spare_instance
                })
            })),
        any::<u8>().prop_map(IeValue::Recovery),
        octets(20).prop_map(|o| IeValue::Apn(DnsName(o))),
        octets(20).prop_map(|o| IeValue::Fqdn(DnsName(o))),
        ambr().prop_map(IeValue::Ambr),
        any::<u8>().prop_map(IeValue::Ebi),
        prop_oneof![
            any::<[u8; 4]>().prop_map(IpAddr::from),
            any::<[u8; 16]>().prop_map(IpAddr::from)
        ]
        .prop_map(IeValue::IpAddress),
        octets(6).prop_map(|o| IeValue::Indication(Indication(o))),
        (0u8..32, any::<u8>(), any::<[u8; 16]>(), any::<[u8; 4]>()).prop_map(|(o, l, v6, v4)| {
            let o = (o & 0xf8) | [1u8, 2, 3, 4, 5][usize::from(o % 5)];
            let (has6, has4) = match o & 7 {
                1 => (false, true),
                2 => (true, false),
                3 => (true, true),
                _ => (false, false),
            };
            IeValue::Paa(Paa {
                pdn_type_octet: o,
                ipv6: has6.then(|| (l, Ipv6Addr::from(v6))),
                ipv4: has4.then(|| Ipv4Addr::from(v4)),
            })
        }),
        (
            any::<u8>(),
            any::<u8>(),
            0u64..(1 << 40),
            0u64..(1 << 40),
            0u64..(1 << 40),
            0u64..(1 << 40)
        )
            .prop_map(|(arp, qci, a, b, c, d)| IeValue::BearerQos(BearerQos {
                arp,
                qci,
                mbr_uplink: a,
                mbr_downlink: b,
                gbr_uplink: c,
                gbr_downlink: d
            })),
        any::<u8>().prop_map(IeValue::RatType),
        plmn().prop_map(IeValue::ServingNetwork),
        uli().prop_map(IeValue::Uli),
        fteid().prop_map(IeValue::FTeid),
        any::<u32>().prop_map(IeValue::ChargingId),
        any::<u8>().prop_map(IeValue::PdnType),
        mm_context().prop_map(|m| IeValue::MmContext(Box::new(m))),
        u24().prop_map(IeValue::PTmsiSignature),
        any::<[u8; 2]>().prop_map(IeValue::UeTimeZone),
        (plmn(), any::<u16>(), any::<u8>(), any::<u32>()).prop_map(|(plmn, g, c, t)| {
            IeValue::Guti(Guti {
                plmn,
                mme_group_id: g,
                mme_code: c,
                m_tmsi: t,
            })
        }),
        (any::<u8>(), octets(10)).prop_map(|(type_octet, container)| IeValue::FContainer(
            FContainer {
                type_octet,
                container
            }
        )),
        (any::<u8>(), octets(3))
            .prop_map(|(type_octet, cause)| IeValue::FCause(FCause { type_octet, cause })),
        plmn().prop_map(IeValue::SelectedPlmnId),
        target().prop_map(IeValue::TargetIdentification),
        any::<u8>().prop_map(IeValue::NodeType),
    ]
}

fn ie(value: impl Strategy<Value = IeValue<'static>>) -> impl Strategy<Value = Ie<'static>> {
    (value, 0u8..16, 0u8..16).prop_map(|(value, instance, spare)| Ie {
        instance,
        spare,
        value,
        extra: Octets::default(),
    })
}

fn any_ie() -> impl Strategy<Value = Ie<'static>> {
    ie(leaf_value()).prop_recursive(3, 24, 4, |inner| {
        ie(prop_oneof![
            vec(inner.clone(), 0..4).prop_map(IeValue::BearerContext),
            vec(inner, 0..4).prop_map(IeValue::PdnConnection),
        ])
    })
}

fn message() -> impl Strategy<Value = Gtpv2Message<'static>> {
    (
        any::<u8>(),
        option::of(any::<u32>()),
        u24(),
        option::of(0u8..16),
        0u8..4,
        any::<u8>(),
        vec(any_ie(), 0..6),
    )
        .prop_map(|(t, teid, sequence, prio, fs, hs, ies)| Gtpv2Message {
            message_type: MessageType::from_u8(t),
            teid,
            sequence,
            message_priority: prio,
            flags_spare: fs,
            header_spare: if prio.is_some() { hs & 0x0f } else { hs },
            ies,
            piggybacked: None,
            notes: Vec::new(),
        })
}

/// A decoded message re-encodes to the octets it was read from. Octets past the length its
/// header gives (a mutated length field) are not the message's: the decoder keeps them out and
/// says so in a note, so the message re-encodes to the octets before them.
fn same_octets(m: &keyhop_codec::gtpv2::Gtpv2Message<'_>, b: &[u8]) -> Result<(), TestCaseError> {
    let e = m.emit().expect("re-encode");
    prop_assert!(
        e.len() <= b.len(),
        "re-encoded {} octets from {}",
        e.len(),
        b.len()
    );
    prop_assert_eq!(&e[..], &b[..e.len()]);
    prop_assert!(
        e.len() == b.len() || !m.notes.is_empty(),
        "{} octets after the message and no note",
        b.len() - e.len()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn typed_values_round_trip(m in message(), p in option::of(message())) {
        let mut m = m;
        m.piggybacked = p.map(Box::new);
        let bytes = m.emit().expect("encode");
        let back = parse(&bytes).expect("decode");
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(&back.emit().expect("re-encode"), &bytes);
        // JSON never fails.
        serde_json::to_string(&back).expect("json");
    }

    #[test]
    fn random_octets_never_panic(b in vec(any::<u8>(), 0..200)) {
        if let Ok(m) = parse(&b) {
            // Whatever decodes re-encodes to the same octets.
            same_octets(&m, &b)?;
        }
    }

    #[test]
    fn mutated_messages_never_panic(m in message(), at in any::<usize>(), x in any::<u8>()) {
        let mut b = m.emit().expect("encode");
        if !b.is_empty() {
            let i = at % b.len();
            b[i] ^= x;
        }
        if let Ok(d) = parse(&b) {
            same_octets(&d, &b)?;
        }
    }
}
