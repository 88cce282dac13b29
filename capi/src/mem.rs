//! Buffers keyhop hands to C, `keyhop_free`, and reading the caller's arguments: every raw
//! pointer of the C side is checked and turned into a Rust value here, so the functions behind
//! the boundary see only slices, strings and arrays.
//!
//! A buffer keyhop allocates carries a 16-octet header in front of what the caller sees: a mark
//! (so `keyhop_free` refuses a pointer keyhop did not hand out) and the allocation's size (so it
//! can be released with the layout it was made with). The payload is 16-aligned, as `malloc`'s.

use crate::error::Error;
use crate::{KEYHOP_ERR_ARGUMENT, KEYHOP_ERR_NOMEM, KEYHOP_ERR_NULL, KEYHOP_ERR_UTF8};
use std::alloc::{alloc, dealloc, Layout};
use std::ffi::{c_char, c_void, CStr};
use std::io::Write;
use std::ptr::{self, NonNull};
use zeroize::{Zeroize, Zeroizing};

/// Octets in front of each buffer: the mark, then the allocation's size (both `u64`).
const HEADER: usize = 16;
/// "keyhop:b" in ASCII: a buffer keyhop allocated and has not freed.
const MARK: u64 = 0x6b65_7968_6f70_3a62;

/// Copies `bytes` (and a NUL after them when `nul`) into a new buffer for the caller, who frees
/// it with `keyhop_free`.
pub(crate) fn c_buffer(bytes: &[u8], nul: bool) -> Result<NonNull<u8>, Error> {
    let too_big = || Error::new(KEYHOP_ERR_NOMEM, "output too large");
    let total = HEADER
        .checked_add(bytes.len())
        .and_then(|n| n.checked_add(usize::from(nul)))
        .ok_or_else(too_big)?;
    let layout = Layout::from_size_align(total, HEADER).map_err(|_| too_big())?;
    // SAFETY: `layout` has a non-zero size (at least HEADER).
    let base = unsafe { alloc(layout) };
    let Some(base) = NonNull::new(base) else {
        return Err(Error::new(
            KEYHOP_ERR_NOMEM,
            format!("out of memory for {total} octets"),
        ));
    };
    // SAFETY: `base` is a fresh allocation of `total` = HEADER + len (+ 1) octets aligned to
    // 16: the two u64 of the header are in bounds and aligned, the payload follows them and
    // does not overlap `bytes` (which the caller of this function owns).
    unsafe {
        base.as_ptr().cast::<u64>().write(MARK);
        base.as_ptr().add(8).cast::<u64>().write(total as u64);
        let payload = base.as_ptr().add(HEADER);
        ptr::copy_nonoverlapping(bytes.as_ptr(), payload, bytes.len());
        if nul {
            payload.add(bytes.len()).write(0);
        }
        Ok(NonNull::new_unchecked(payload))
    }
}

/// Frees a buffer keyhop returned (`json_out` of `keyhop_decode_json`, `data_out` of
/// `keyhop_encode_json`). NULL is accepted and does nothing.
///
/// The buffer's octets are overwritten with zeros before it is released, since a decoded
/// message shown with `KEYHOP_SHOW_KEYS` or an encoded one may hold key material.
///
/// # Safety
///
/// `p` must be NULL or a pointer keyhop returned and that has not been freed yet. Freeing
/// anything else (memory from `malloc`, a pointer into a buffer, a buffer twice) is a bug in
/// the caller: when keyhop sees that the pointer lacks its mark it aborts the process, as
/// `free` does, rather than corrupt the heap, but it cannot catch every case. Do not pass
/// keyhop's buffers to `free`.
#[no_mangle]
pub unsafe extern "C" fn keyhop_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: the caller promises `p` came from `c_buffer`, so HEADER octets precede it in the
    // same allocation and the header's two u64 are aligned. The mark is checked before the
    // size is trusted.
    unsafe {
        let base = p.cast::<u8>().sub(HEADER);
        if base.cast::<u64>().read() != MARK {
            // Not eprintln!: it panics when stderr is closed, and no panic may leave here.
            let _ = writeln!(
                std::io::stderr(),
                "keyhop_free: {p:p} is not a live keyhop buffer (freed twice, or not from keyhop); aborting"
            );
            std::process::abort();
        }
        let total = base.add(8).cast::<u64>().read() as usize;
        std::slice::from_raw_parts_mut(base, total).zeroize();
        dealloc(base, Layout::from_size_align_unchecked(total, HEADER));
    }
}

/// The text at `p`, named `name` in errors: NULL and invalid UTF-8 are errors.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives `'a` and is not written
/// meanwhile.
pub(crate) unsafe fn text<'a>(p: *const c_char, name: &str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: non-null, and the caller promises a NUL-terminated string that lives for 'a.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str().map_err(|e| {
        Error::new(
            KEYHOP_ERR_UTF8,
            format!(
                "argument `{name}` is not UTF-8 (invalid octet at byte {})",
                e.valid_up_to()
            ),
        )
    })
}

/// The `len` octets at `p`, named `name` in errors: NULL is an error, even with `len` 0.
///
/// # Safety
/// `p` is NULL or points to `len` readable octets that outlive `'a` and are not written
/// meanwhile.
pub(crate) unsafe fn octets<'a>(p: *const u8, len: usize, name: &str) -> Result<&'a [u8], Error> {
    if p.is_null() {
        return Err(null(name));
    }
    if len > isize::MAX as usize {
        return Err(Error::new(
            KEYHOP_ERR_ARGUMENT,
            format!("argument `{name}`: length {len} is larger than any buffer"),
        ));
    }
    // SAFETY: non-null, at most isize::MAX octets, and the caller promises `len` readable
    // octets living for 'a (u8 needs no alignment).
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// A copy of the `N` octets at `p` (a key: wiped when dropped). Copying rather than borrowing
/// lets an output buffer be the same memory as an input.
///
/// # Safety
/// `p` is NULL or points to `N` readable octets.
pub(crate) unsafe fn array<const N: usize>(
    p: *const u8,
    name: &str,
) -> Result<Zeroizing<[u8; N]>, Error> {
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: non-null, the caller promises N readable octets, and [u8; N] has alignment 1.
    Ok(Zeroizing::new(unsafe { p.cast::<[u8; N]>().read() }))
}

/// An output buffer of `N` octets that the caller passed: checked for NULL before anything is
/// computed, written only on success.
pub(crate) struct Out<const N: usize>(NonNull<u8>);

impl<const N: usize> Out<N> {
    /// `p`, named `name` in errors.
    pub(crate) fn new(p: *mut u8, name: &str) -> Result<Self, Error> {
        NonNull::new(p).map(Out).ok_or_else(|| null(name))
    }

    /// Writes `v` to the caller's buffer.
    ///
    /// # Safety
    /// The pointer given to [`Out::new`] points to `N` writable octets.
    pub(crate) unsafe fn write(self, v: &[u8; N]) {
        // SAFETY: the caller promises N writable octets; `v` is keyhop's own value, so the two
        // do not overlap.
        unsafe { ptr::copy_nonoverlapping(v.as_ptr(), self.0.as_ptr(), N) }
    }
}

/// An out-parameter that receives a pointer (`char **json_out`): NULL is an error; otherwise it
/// is set to NULL at once, so the caller never sees a stale pointer after a failure.
///
/// # Safety
/// `p` is NULL or points to a writable pointer.
pub(crate) unsafe fn out_ptr<T>(p: *mut *mut T, name: &str) -> Result<NonNull<*mut T>, Error> {
    let p = NonNull::new(p).ok_or_else(|| null(name))?;
    // SAFETY: non-null and, as the caller promises, writable (alignment is the caller's C
    // pointer variable's own).
    unsafe { p.as_ptr().write(ptr::null_mut()) };
    Ok(p)
}

fn null(name: &str) -> Error {
    Error::new(KEYHOP_ERR_NULL, format!("argument `{name}` is NULL"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_keep_their_octets_and_a_nul_and_free() {
        let p = c_buffer(b"abc", true).unwrap();
        // SAFETY: the buffer has 3 octets and a NUL.
        let s = unsafe { CStr::from_ptr(p.as_ptr().cast()) };
        assert_eq!(s.to_bytes(), b"abc");
        assert_eq!(p.as_ptr() as usize % 16, 0);
        // SAFETY: a live keyhop buffer, freed once.
        unsafe { keyhop_free(p.as_ptr().cast()) };
        let e = c_buffer(&[], false).unwrap();
        // SAFETY: a live (empty) keyhop buffer, freed once; NULL is a no-op.
        unsafe {
            keyhop_free(e.as_ptr().cast());
            keyhop_free(ptr::null_mut());
        }
    }

    #[test]
    fn arguments_are_checked() {
        // SAFETY: NULL pointers and valid C strings only.
        unsafe {
            assert_eq!(text(ptr::null(), "p").unwrap_err().code, KEYHOP_ERR_NULL);
            let bad = c"a\xffb";
            let e = text(bad.as_ptr(), "protocol").unwrap_err();
            assert_eq!(e.code, KEYHOP_ERR_UTF8);
            assert!(
                e.text.contains("`protocol`") && e.text.contains("byte 1"),
                "{}",
                e.text
            );
            assert_eq!(text(c"s1ap".as_ptr(), "p").unwrap(), "s1ap");
            assert_eq!(
                octets(ptr::null(), 0, "d").unwrap_err().code,
                KEYHOP_ERR_NULL
            );
            let mut slot: *mut u8 = 8 as *mut u8;
            out_ptr(&mut slot, "o").unwrap();
            assert!(slot.is_null());
            assert_eq!(
                out_ptr::<u8>(ptr::null_mut(), "o").unwrap_err().code,
                KEYHOP_ERR_NULL
            );
        }
    }
}
