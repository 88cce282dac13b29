//! # keyhop-capi: keyhop for C
//!
//! A C ABI over the keyhop codec, for stacks written in C or C++ (or anything with a C FFI):
//! decode S1AP, X2AP, GTPv2-C, GTPv1-C, NAS and MAKR messages to the JSON of docs/json.md,
//! encode them back from JSON, derive the TS 33.401 keys and unwrap a MAKR KeNB. The header is
//! `capi/include/keyhop.h`, generated from this crate by cbindgen (a test fails when it is
//! stale); the README's "From C" section has the build and link lines.
//!
//! ## Conventions of every function
//!
//! * **Status**: functions return `int32_t`: [`KEYHOP_OK`] (0) or a negative `KEYHOP_ERR_*`
//!   code. After a failure, [`keyhop_last_error`] gives a text naming the function and what was
//!   wrong (for a decoding error the protocol, the field and the byte offset); it never
//!   contains key material or octets of the input.
//! * **Ownership**: a buffer keyhop returns through an out-parameter (`char **json_out`,
//!   `uint8_t **data_out`) belongs to the caller, who releases it with [`keyhop_free`] and
//!   nothing else (not `free`). Key derivations write into fixed-size buffers the caller owns
//!   ([`KEYHOP_KEY256_LEN`], [`KEYHOP_KEY128_LEN`] octets) and allocate nothing. keyhop never
//!   keeps a pointer the caller passed beyond the call.
//! * **Bad input**: NULL pointers ([`KEYHOP_ERR_NULL`]), text that is not UTF-8
//!   ([`KEYHOP_ERR_UTF8`]) and malformed messages are errors, never undefined behaviour; out
//!   pointers are set to NULL on failure. What keyhop cannot check (a pointer to too few
//!   octets, freeing a buffer twice) is the caller's side of the contract, stated per function.
//! * **Panics**: no Rust panic crosses into C. A panic inside keyhop (a bug) is caught at the
//!   boundary and returned as [`KEYHOP_ERR_PANIC`]. This holds with the default `panic =
//!   "unwind"`; do not build this crate with `panic = "abort"`.
//! * **Threads**: every function may be called from any thread at once; the error text and the
//!   show-keys setting are per thread.
//!
//! The Rust signatures are the C ones (`extern "C"`); Rust code should use `keyhop-codec`
//! directly rather than this crate.

#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

mod codec;
mod error;
mod keys;
mod mem;

pub use codec::{keyhop_decode_json, keyhop_decode_json_flags, keyhop_encode_json};
pub use error::keyhop_last_error;
pub use keys::{
    keyhop_kasme_prime, keyhop_kenb, keyhop_kenb_star, keyhop_makr_unwrap, keyhop_nas_keys,
    keyhop_nh, keyhop_nh_chain,
};
pub use mem::keyhop_free;

/// Success.
pub const KEYHOP_OK: i32 = 0;
/// A pointer argument that must not be NULL is NULL.
pub const KEYHOP_ERR_NULL: i32 = -1;
/// A text argument (protocol name, JSON, algorithm name) is not valid UTF-8.
pub const KEYHOP_ERR_UTF8: i32 = -2;
/// The protocol name is not one keyhop knows.
pub const KEYHOP_ERR_PROTOCOL: i32 = -3;
/// The octets are not a valid message of the protocol (the error text names the protocol, the
/// field and the byte offset).
pub const KEYHOP_ERR_DECODE: i32 = -4;
/// The JSON does not describe a message keyhop can encode (the error text names the field).
pub const KEYHOP_ERR_ENCODE: i32 = -5;
/// An argument's value is out of range: unknown flags, a key or KEK of the wrong length, an
/// EARFCN above 262143, an unknown algorithm.
pub const KEYHOP_ERR_ARGUMENT: i32 = -6;
/// An integrity check failed: a wrapped key was tampered with, or unwrapped with the wrong KEK
/// or binding.
pub const KEYHOP_ERR_INTEGRITY: i32 = -7;
/// keyhop could not allocate the output.
pub const KEYHOP_ERR_NOMEM: i32 = -8;
/// An internal error (a panic inside keyhop, caught at the boundary): a bug to report.
pub const KEYHOP_ERR_PANIC: i32 = -9;

/// Flag of `keyhop_decode_json_flags`: print key material (NH, KeNB*, keys in MAKR messages)
/// and raw octets in hex instead of a fingerprint, as `keyhop read --show-keys`.
pub const KEYHOP_SHOW_KEYS: u32 = 1;
/// Flag of `keyhop_decode_json_flags`: print raw octet strings longer than 4 octets (unknown
/// IEs, containers, NAS-PDUs) in hex, as `keyhop read --show-raw`; keys stay redacted.
pub const KEYHOP_SHOW_RAW: u32 = 2;

/// Octets of KASME, KeNB, NH, KeNB*, K'ASME: the 256-bit keys.
pub const KEYHOP_KEY256_LEN: usize = 32;
/// Octets of CK, IK, K_NASenc, K_NASint: the 128-bit keys.
pub const KEYHOP_KEY128_LEN: usize = 16;
/// Octets of a MAKR target eNB ident (key-refresh.md section 3).
pub const KEYHOP_ENB_IDENT_LEN: usize = 8;
/// The largest `ncc` `keyhop_nh_chain` accepts.
pub const KEYHOP_MAX_NH_CHAIN: u32 = 65_535;
