//! The status codes' meaning on the Rust side, the per-thread error text behind
//! `keyhop_last_error`, and the guard every exported function runs its body in, so that no
//! panic unwinds into C.

use crate::{KEYHOP_ERR_PANIC, KEYHOP_OK};
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

thread_local! {
    /// The text of the last failed call on this thread; `None` after a success.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// A failure to hand back to C: a `KEYHOP_ERR_*` code and a text that names what was wrong
/// (protocol, field and byte offset for decoding), never key material or raw octets.
#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) code: i32,
    pub(crate) text: String,
}

impl Error {
    pub(crate) fn new(code: i32, text: impl Into<String>) -> Self {
        Error {
            code,
            text: text.into(),
        }
    }
}

/// Runs `body` as the exported function `func`: `KEYHOP_OK` and no error text on success, the
/// error's code and text (prefixed with `func`) on failure, and [`KEYHOP_ERR_PANIC`] when it
/// panicked. The panic's own message is not kept: it could quote a value from the input.
pub(crate) fn run(func: &'static str, body: impl FnOnce() -> Result<(), Error>) -> i32 {
    // AssertUnwindSafe: after a panic nothing of `body`'s state is used again (the arguments
    // belong to the caller, the outputs are written only on success).
    let (code, text) = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error(None);
            return KEYHOP_OK;
        }
        Ok(Err(e)) => (e.code, format!("{func}: {}", e.text)),
        Err(_) => (
            KEYHOP_ERR_PANIC,
            format!("{func}: internal error (a panic in keyhop, stopped at the C boundary); please report it with the input"),
        ),
    };
    set_last_error(Some(text));
    code
}

fn set_last_error(text: Option<String>) {
    // A NUL inside the text would cut it short in C; none is expected, but keep the rest.
    let c = text.map(|t| CString::new(t.replace('\0', "\\0")).unwrap_or_default());
    // try_with: during the thread's teardown (a call from another thread-local's destructor)
    // the text is gone; `with` would panic there, and a panic must not leave this function.
    let _ = LAST_ERROR.try_with(|e| *e.borrow_mut() = c);
}

/// The text of this thread's last failed keyhop call, or NULL when the last call succeeded (or
/// none was made).
///
/// The text names the function, then what was wrong: for a decoding error the protocol, the
/// field path and the byte offset (`keyhop_decode_json: s1ap:
/// initiating_message.HandoverRequest: needs 1552 bits, 760 left at byte 5`). It never contains key material or octets of the input.
///
/// The pointer is owned by keyhop: do not free it. It stays valid until the next keyhop call on
/// the same thread (each thread has its own text). `keyhop_free` and this
/// function leave it as it is.
#[no_mangle]
pub extern "C" fn keyhop_last_error() -> *const c_char {
    LAST_ERROR
        .try_with(|e| e.borrow().as_ref().map_or(ptr::null(), |c| c.as_ptr()))
        .unwrap_or(ptr::null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last() -> Option<String> {
        let p = keyhop_last_error();
        // SAFETY: a non-null pointer from keyhop_last_error points to this thread's CString,
        // which lives until the next keyhop call; it is copied out at once.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    #[test]
    fn a_panic_becomes_an_error_code_and_text_without_its_message() {
        let code = run("keyhop_test", || panic!("secret 0123456789abcdef"));
        assert_eq!(code, KEYHOP_ERR_PANIC);
        let text = last().expect("an error text");
        assert!(text.starts_with("keyhop_test: internal error"), "{text}");
        assert!(!text.contains("0123456789abcdef"), "{text}");
    }

    #[test]
    fn success_clears_the_text_and_failure_sets_it() {
        assert_eq!(run("f", || Err(Error::new(-6, "bad"))), -6);
        assert_eq!(last().as_deref(), Some("f: bad"));
        assert_eq!(run("f", || Ok(())), KEYHOP_OK);
        assert_eq!(last(), None);
    }

    #[test]
    fn the_text_is_per_thread() {
        assert_eq!(run("f", || Err(Error::new(-6, "here"))), -6);
        std::thread::spawn(|| assert_eq!(last(), None))
            .join()
            .unwrap();
        assert_eq!(last().as_deref(), Some("f: here"));
    }
}
