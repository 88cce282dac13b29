//! keyhop: read captures of LTE/UMTS handover signalling.
fn main() {
    println!("keyhop");
}
