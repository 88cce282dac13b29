//! Memory per UE context of `keyhop validate`'s engine, measured as resident memory growth:
//! 100,000 UEs held at once, each in the middle of a handover (an S1 handover prepared but not
//! finished, or an X2 handover waiting for its path switch), at the default limits. Prints the
//! bytes per UE context (`cargo test -p keyhop-bench --test ue_memory -- --nocapture`) and
//! checks the 1 KiB budget, that the default holds 1,000,000 UEs, and that none was evicted.

use keyhop::capture::Timestamp;
use keyhop::keys::KeysFile;
use keyhop::validate::engine::{Engine, Limits};
use keyhop::validate::event::{Caps, Ecgi, Event, HoType, Key32, Kind, Target};
use keyhop::validate::rules::Rule;
use keyhop_codec::security::makr::{EnbIdentity, EnbKind};
use std::net::SocketAddr;

/// Resident memory of this process in bytes (Linux `/proc/self/statm`: pages), which counts
/// what the allocator holds for the engine, fragmentation included.
fn rss() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux /proc");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("statm's resident field");
    pages * 4096
}

const UES: u32 = 100_000;
const ENBS: u32 = 64;

fn enb(i: u32) -> SocketAddr {
    SocketAddr::new(std::net::Ipv4Addr::new(10, 1, 0, i as u8 + 1).into(), 36412)
}

fn enb_x2(i: u32) -> SocketAddr {
    SocketAddr::new(std::net::Ipv4Addr::new(10, 2, 0, i as u8 + 1).into(), 36422)
}

fn mme() -> SocketAddr {
    "10.0.0.100:36412".parse().unwrap()
}

fn ev(frame: u64, src: SocketAddr, dst: SocketAddr, kind: Kind) -> Event {
    Event {
        frame,
        time: Timestamp::new(0, 0),
        src,
        dst,
        kind,
    }
}

#[test]
fn memory_per_ue_context() {
    assert!(Limits::default().max_ues >= 1_000_000);
    let caps = Some(Caps { eea: 6, eia: 6 });
    let mut e = Engine::new(&KeysFile::default(), Limits::default());
    let base = rss();
    let mut frame = 0u64;
    for i in 0..UES {
        let (s, t) = (i % ENBS, (i + 1) % ENBS);
        let mut send = |src, dst, kind| {
            frame += 1;
            e.handle(&ev(frame, src, dst, kind));
        };
        send(
            mme(),
            enb(s),
            Kind::InitialContextSetup {
                mme: i,
                enb: i,
                key: Key32::new([7; 32]),
                caps,
            },
        );
        if i % 2 == 0 {
            let target = EnbIdentity::new([0, 0xf1, 0x10], EnbKind::Macro, t).unwrap();
            send(
                enb(s),
                mme(),
                Kind::HoRequired {
                    mme: i,
                    enb: i,
                    ho_type: HoType::IntraLte,
                    target: Target::Enb(target),
                    container: Some(u64::from(i) * 0x9e37_79b9),
                },
            );
            send(
                mme(),
                enb(t),
                Kind::HoRequest {
                    mme: i,
                    ho_type: HoType::IntraLte,
                    ncc: 1,
                    nh: Key32::new([9; 32]),
                    caps,
                    container: Some(u64::from(i) * 0x9e37_79b9),
                    nonce_mme: None,
                },
            );
        } else {
            send(
                enb_x2(s),
                enb_x2(t),
                Kind::X2HoRequest {
                    old: (i % 4096) as u16,
                    mme: i,
                    target: Ecgi {
                        plmn: [0, 0xf1, 0x10],
                        cell_id: (t << 8) | 1,
                    },
                    kenb_star: Key32::new([3; 32]),
                    ncc: 1,
                    caps,
                    wrapped: None,
                    source_earfcn: None,
                },
            );
        }
    }
    let used = rss().saturating_sub(base);
    let per_ue = used / UES as usize;
    println!("{UES} UE contexts in the middle of a handover: {used} bytes, {per_ue} bytes per UE context");
    assert_eq!(e.ue_count(), UES as usize);
    assert_eq!(e.counts.get(&Rule::Evicted).copied().unwrap_or(0), 0);
    assert!(per_ue <= 1024, "{per_ue} bytes per UE context");
}
