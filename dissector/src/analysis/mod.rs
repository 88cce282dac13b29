//! The analysis layer: what a capture says about its network beyond single messages. It reads
//! decoded messages and feeds `validate` and the output; it renders nothing.

pub mod gtp_match;
pub mod keyflow;
pub mod keymemo;
pub mod keystore;
pub mod nas_view;
pub mod nodes;
pub mod rrc_view;
