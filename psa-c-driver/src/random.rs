//! `psa_generate_random` for C drivers: during a call of an entry point that receives the
//! core's random source (`generate_key`, `sign_hash`, `sign_message`, `asymmetric_encrypt`),
//! the C driver draws random bytes from it, as Mbed TLS drivers call the core's `psa_generate_random`.
//!
//! The source is installed for the duration of the C call. Calls that install one are
//! serialized (one C call with a random source at a time), and every draw holds the lock on
//! the installed source, so the source cannot be removed while a draw runs.

use psa_core::{Error, Rng};
use spin::Mutex;

use crate::Status;

/// The random source of the C call in progress.
struct Current(Rng<'static>);

// SAFETY: the `Rng` is only used under `CURRENT`'s lock, one draw at a time, and is removed
// (under the same lock) before the call that installed it returns, so no use outlives the
// source or overlaps another use.
unsafe impl Send for Current {}

/// Serializes the C calls that install a random source.
static CALL: Mutex<()> = Mutex::new(());
/// The installed source; `None` outside such a call.
static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

/// Runs the C call `f` with `rng` installed for its `psa_generate_random` calls.
pub(crate) fn with<R>(rng: Rng<'_>, f: impl FnOnce() -> R) -> R {
    let _call = CALL.lock();
    // SAFETY: only the lifetime changes; the source is removed below, before `rng`'s
    // lifetime can end (the guard runs even if `f` unwinds).
    let rng = unsafe { core::mem::transmute::<Rng<'_>, Rng<'static>>(rng) };
    *CURRENT.lock() = Some(Current(rng));
    struct Remove;
    impl Drop for Remove {
        fn drop(&mut self) {
            *CURRENT.lock() = None;
        }
    }
    let _remove = Remove;
    f()
}

/// `psa_status_t psa_generate_random(uint8_t *output, size_t output_size)`, for C drivers:
/// random bytes from the core's source during `generate_key`, `sign_hash`, `sign_message`,
/// `asymmetric_encrypt` and `pake_output`; `PSA_ERROR_BAD_STATE` outside them.
///
/// # Safety
/// `output` is valid for writes of `output_size` bytes (or `output_size` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_generate_random(output: *mut u8, output_size: usize) -> Status {
    if output_size == 0 {
        return 0;
    }
    if output.is_null() {
        return Error::InvalidArgument.code();
    }
    // SAFETY: the caller's contract.
    let out = unsafe { core::slice::from_raw_parts_mut(output, output_size) };
    let current = CURRENT.lock();
    match &*current {
        Some(Current(rng)) => match rng.fill(out) {
            Ok(()) => 0,
            Err(e) => e.code(),
        },
        None => Error::BadState.code(),
    }
}
