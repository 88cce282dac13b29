//! The analysis layer: what a capture says about its network beyond single messages. It reads
//! decoded messages and feeds `validate` and the output; it renders nothing.

pub mod nodes;
