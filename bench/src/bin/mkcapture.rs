//! `mkcapture [OUT] [PACKETS]`: writes a pcapng capture of PACKETS (default 1,000,000)
//! packets of mixed, consistent handover traffic (S1AP and X2AP handovers, S10 relocations, some bundled
//! SCTP packets) built with keyhop's codec, streaming (memory stays flat whatever the count).

use std::io::BufWriter;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "mixed.pcapng".into());
    let packets: u64 = match args.next() {
        Some(n) => match n.replace('_', "").parse() {
            Ok(n) => n,
            Err(_) => {
                eprintln!("mkcapture: PACKETS must be a number, not {n:?}");
                std::process::exit(2);
            }
        },
        None => 1_000_000,
    };
    let file = match std::fs::File::create(&out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("mkcapture: cannot create {out}: {e}");
            std::process::exit(2);
        }
    };
    match keyhop_synth::mixed::write_mixed_capture(BufWriter::with_capacity(1 << 16, file), packets)
    {
        Ok(n) => println!("wrote {n} packets to {out}"),
        Err(e) => {
            eprintln!("mkcapture: writing {out}: {e}");
            std::process::exit(1);
        }
    }
}
