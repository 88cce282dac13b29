//! `keyhop read` in every output format on one message per row of tests/interop/key_fields.tsv
//! (every S1AP/X2AP IE and field whose ASN.1 type is key material): the key is decoded typed,
//! so each format shows its fingerprint and no 8-octet run of it unless `--show-keys`.

mod s1ap_capture;

use keyhop_codec::ap::common::Rng;
use keyhop_codec::ap::{
    ApProtocol, Body, Criticality, ExtensionAdditions, IeList, IeMessage, IeSet, Pdu, PduType,
    PrivateIeSet, ProtocolIe,
};
use keyhop_codec::redact::{fingerprint, show_keys};
use keyhop_codec::{s1ap, x2ap};
use keyhop_tests::{keyhop, stdout};

fn procedure<A: ApProtocol>(message: &str) -> (u8, PduType) {
    (0..=255u8)
        .flat_map(|c| {
            [
                PduType::InitiatingMessage,
                PduType::SuccessfulOutcome,
                PduType::UnsuccessfulOutcome,
            ]
            .map(|t| (c, t))
        })
        .find(|&(c, t)| A::message_name(c, t) == Some(message))
        .unwrap_or_else(|| panic!("{message} unknown"))
}

/// A message of `message` holding IE `id` whose JSON has a key at `path`: its octets and key.
fn message_with_key<A, V, P>(
    id: u16,
    message: &str,
    path: &str,
    sample: impl Fn(u16, &mut Rng) -> Option<V>,
) -> (Vec<u8>, Vec<u8>)
where
    A: ApProtocol,
    V: IeSet<'static, Protocol = A>,
    P: PrivateIeSet<'static>,
{
    let (code, pdu_type) = procedure::<A>(message);
    let mut rng = Rng::new(id as u64 + 0x7ee);
    for _ in 0..64 {
        let pdu: Pdu<'static, V, P> = Pdu {
            pdu_type: Some(pdu_type),
            ext_index: 0,
            procedure_code: code,
            criticality: Criticality::Reject,
            body: Body::Ies(IeMessage {
                ies: IeList {
                    items: vec![ProtocolIe::new(
                        id,
                        Criticality::Reject,
                        sample(id, &mut rng).unwrap(),
                    )],
                },
                extensions: ExtensionAdditions::default(),
            }),
            notes: Vec::new(),
        };
        let json: serde_json::Value = {
            let _g = show_keys(true);
            let mut s = serde_json::Serializer::new(Vec::new());
            pdu.serialize_with::<A, _>(&mut s).unwrap();
            serde_json::from_slice(&s.into_inner()).unwrap()
        };
        let key = path.split('.').try_fold(&json, |v, k| match k {
            "[]" => v.get(0),
            _ => v.get(k),
        });
        if let Some(k) = key.and_then(|k| k.as_str()) {
            return (pdu.encode::<A>().unwrap(), hex::decode(k).unwrap());
        }
    }
    panic!("IE {id}: no draw with {path}");
}

fn leaks(text: &str, key: &[u8]) -> bool {
    let t = text.to_ascii_lowercase();
    key.windows(8).any(|w| t.contains(&hex::encode(w)))
}

#[test]
fn key_fields_are_redacted_in_every_output_format() {
    let table =
        std::fs::read_to_string(keyhop_tests::root().join("tests/interop/key_fields.tsv")).unwrap();
    let mut msgs = Vec::new(); // (ppid, octets, key, what)
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, message, path) = (f[2].parse::<u16>().unwrap(), f[5], f[6]);
        let (b, key) = match f[0] {
            "s1ap" => {
                message_with_key::<s1ap::S1ap, s1ap::S1apIe, keyhop_codec::makr::MakrPrivateIe>(
                    id,
                    message,
                    path,
                    |i, r| s1ap::S1apIe::sample(i, r, 0),
                )
            }
            _ => message_with_key::<x2ap::X2ap, x2ap::X2apIe, keyhop_codec::ap::NoPrivateIes>(
                id,
                message,
                path,
                |i, r| x2ap::X2apIe::sample(i, r, 0),
            ),
        };
        let ppid = if f[0] == "s1ap" { 18 } else { 27 };
        msgs.push((ppid, b, key, format!("{} IE {id}", f[0])));
    }
    assert!(msgs.len() >= 8);

    let dir = std::env::temp_dir().join(format!("keyhop-keyfields-{}", std::process::id()));
    // S1AP on one association, X2AP on another.
    let assocs = [
        ("10.0.0.1:36412", "10.0.0.2:36412"),
        ("10.0.1.1:36422", "10.0.1.2:36422"),
    ];
    let on: Vec<(usize, u32, &[u8])> = msgs
        .iter()
        .map(|(ppid, b, _, _)| (usize::from(*ppid != 18), *ppid, &b[..]))
        .collect();
    let path = s1ap_capture::capture_on(&dir, "keys.pcapng", &assocs, &on);
    let file = path.to_str().unwrap();

    for fmt in ["summary", "tree", "json", "jsonl"] {
        let out = stdout(&keyhop(&["read", "--format", fmt, file]));
        assert!(!out.contains("malformed"), "{fmt}: {out}");
        for (_, _, key, what) in &msgs {
            assert!(!leaks(&out, key), "{fmt}: {what}: key printed");
            if fmt != "summary" {
                assert!(
                    out.contains(&fingerprint(key)),
                    "{fmt}: {what}: the key's fingerprint is missing (not typed?)"
                );
            }
        }
        if fmt != "summary" {
            let shown = stdout(&keyhop(&["read", "--show-keys", "--format", fmt, file]));
            for (_, _, key, what) in &msgs {
                assert!(
                    shown.contains(&hex::encode(key)),
                    "{fmt}: {what}: key not shown"
                );
            }
        }
    }
}
