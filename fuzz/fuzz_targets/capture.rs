//! The whole capture pipeline (file framing, link, IP, SCTP, UDP) on arbitrary files.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut r) = keyhop::capture::CaptureReader::new(data) {
        let mut n = 0;
        while let Some(f) = r.next_frame() {
            if let Ok(f) = f {
                for p in f.payloads() {
                    n += p.data.len();
                }
            }
        }
        std::hint::black_box(n);
    }
});
