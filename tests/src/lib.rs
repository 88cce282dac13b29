//! End-to-end tests of the `keyhop` binary live in `tests/`; this crate has no library code.
