//! Every S1AP and X2AP IE and field whose type is key material (tests/interop/key_fields.tsv,
//! generated from the ASN.1 by tests/interop/key_fields.py) is decoded typed, re-encoded byte
//! for byte, and redacted: its JSON shows the fingerprint unless keys are shown, and no 8-octet
//! run of the key appears in the JSON, the summary or `Debug`.

use keyhop_codec::ap::common::Rng;
use keyhop_codec::ap::{
    ApProtocol, Body, Criticality, ExtensionAdditions, IeList, IeMessage, IeSet, NoPrivateIes, Pdu,
    PduType, PrivateIeSet, ProtocolIe,
};
use keyhop_codec::makr::MakrPrivateIe;
use keyhop_codec::redact::{fingerprint, show_keys};
use keyhop_codec::{s1ap, x2ap};
use serde_json::Value;

const TABLE: &str = include_str!("../../tests/interop/key_fields.tsv");

/// A row of the table.
struct Row<'t> {
    protocol: &'t str,
    kind: &'t str,
    id: u16,
    message: &'t str,
    json: &'t str,
}

fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 7, "{l}");
            Row {
                protocol: f[0],
                kind: f[1],
                id: f[2].parse().unwrap(),
                message: f[5],
                json: f[6],
            }
        })
        .collect()
}

/// The (procedure code, PDU alternative) of `message`.
fn procedure<A: ApProtocol>(message: &str) -> (u8, PduType) {
    for code in 0..=255u8 {
        for t in [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ] {
            if A::message_name(code, t) == Some(message) {
                return (code, t);
            }
        }
    }
    panic!("{message} is not a message keyhop names")
}

/// The value at a dotted JSON path (`a.b.c`; `[]` takes the first element).
fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| match k {
        "[]" => v.get(0),
        _ => v.get(k),
    })
}

fn leaks(text: &str, key: &[u8]) -> bool {
    let t = text.to_ascii_lowercase();
    key.windows(8).any(|w| t.contains(&hex::encode(w)))
}

/// A message of the row's procedure holding the IE, drawn until its key field is present (it
/// may be OPTIONAL): the encoding.
fn build<A, V, P>(
    row: &Row<'_>,
    sample: impl Fn(u16, &mut Rng) -> Option<V>,
    json: fn(&Pdu<'static, V, P>) -> String,
) -> Vec<u8>
where
    A: ApProtocol,
    V: IeSet<'static, Protocol = A>,
    P: PrivateIeSet<'static>,
{
    let what = format!("{} IE {} ({})", row.protocol, row.id, row.json);
    assert!(V::knows(row.id), "{what}: the IE is not typed");
    let (code, pdu_type) = procedure::<A>(row.message);
    let mut rng = Rng::new(row.id as u64);
    for _ in 0..64 {
        let value = sample(row.id, &mut rng).unwrap_or_else(|| panic!("{what}: no sample"));
        let pdu: Pdu<'static, V, P> = Pdu {
            pdu_type: Some(pdu_type),
            ext_index: 0,
            procedure_code: code,
            criticality: Criticality::Reject,
            body: Body::Ies(IeMessage {
                ies: IeList {
                    items: vec![ProtocolIe::new(row.id, Criticality::Reject, value)],
                },
                extensions: ExtensionAdditions::default(),
            }),
            notes: Vec::new(),
        };
        let shown: Value = {
            let _g = show_keys(true);
            serde_json::from_str(&json(&pdu)).unwrap()
        };
        if at(&shown, row.json).is_some() {
            return pdu.encode::<A>().unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
    panic!("{what}: 64 draws without the key field");
}

/// Decodes `b` (built by [`build`]) and checks the row's key: typed, re-encoded byte for
/// byte, its fingerprint in the JSON, no 8-octet run of it in the JSON, summary or `Debug`.
fn verify<'a, A, V, P>(
    row: &Row<'_>,
    b: &'a [u8],
    decode: fn(&'a [u8]) -> Pdu<'a, V, P>,
    json: fn(&Pdu<'a, V, P>) -> String,
    summary: fn(&Pdu<'a, V, P>) -> String,
) where
    A: ApProtocol,
    V: IeSet<'a, Protocol = A> + std::fmt::Debug,
    P: PrivateIeSet<'a>,
{
    let what = format!("{} IE {} ({})", row.protocol, row.id, row.json);
    let back = decode(b);
    let ie = &back.ies().unwrap().items[0];
    assert!(ie.value.typed().is_some(), "{what}: decoded raw");
    assert_eq!(
        back.encode::<A>().unwrap(),
        b,
        "{what}: re-encoding differs"
    );
    let shown: Value = {
        let _g = show_keys(true);
        serde_json::from_str(&json(&back)).unwrap()
    };
    let hex_key = at(&shown, row.json).unwrap_or_else(|| panic!("{what}: key field lost"));
    let key = hex::decode(hex_key.as_str().unwrap()).unwrap();
    assert_eq!(key.len(), 32, "{what}: a 256-bit key");
    let text = json(&back);
    let redacted: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        at(&redacted, row.json).and_then(|v| v.as_str()),
        Some(fingerprint(&key).as_str()),
        "{what}: JSON shows the fingerprint"
    );
    assert!(!leaks(&text, &key), "{what}: key in JSON");
    assert!(!leaks(&summary(&back), &key), "{what}: key in the summary");
    assert!(
        !leaks(&format!("{:?}", ie.value), &key),
        "{what}: key in Debug"
    );
}

#[test]
fn every_key_field_of_the_asn1_is_typed_and_redacted() {
    let rows = rows();
    // The table is generated; this catches an empty or truncated one.
    assert!(rows.len() >= 8, "{} rows", rows.len());
    for row in &rows {
        assert_eq!(
            row.kind, "ie",
            "extension IE rows need a message to put them in"
        );
        match row.protocol {
            "s1ap" => {
                let b = build::<s1ap::S1ap, _, MakrPrivateIe>(
                    row,
                    |id, rng| s1ap::S1apIe::sample(id, rng, 0),
                    |p| serde_json::to_string(&s1ap::to_json(p)).unwrap(),
                );
                verify::<s1ap::S1ap, _, _>(
                    row,
                    &b,
                    |b| s1ap::decode(b).unwrap(),
                    |p| serde_json::to_string(&s1ap::to_json(p)).unwrap(),
                    s1ap::summary,
                );
            }
            "x2ap" => {
                let b = build::<x2ap::X2ap, _, NoPrivateIes>(
                    row,
                    |id, rng| x2ap::X2apIe::sample(id, rng, 0),
                    |p| serde_json::to_string(&x2ap::to_json(p)).unwrap(),
                );
                verify::<x2ap::X2ap, _, _>(
                    row,
                    &b,
                    |b| x2ap::decode(b).unwrap(),
                    |p| serde_json::to_string(&x2ap::to_json(p)).unwrap(),
                    x2ap::summary,
                );
            }
            p => panic!("unknown protocol {p}"),
        }
    }
}
