//! Multi-part operations: hash, MAC, cipher, AEAD, key derivation and PAKE.
//!
//! Each operation object follows the PSA state rules:
//! - a step out of order is `BAD_STATE`, and no driver is called;
//! - any error in a step puts the operation in an error state (after releasing the driver's
//!   context) until [`abort`](HashOperation::abort);
//! - abort on an inactive operation succeeds; dropping an operation aborts it;
//! - the driver that accepted setup serves every later step, and its abort entry point is
//!   called exactly once per successful setup (after finish, after an error, on abort or on
//!   drop).

//!
//! The rule lives once, in [`Machine`] and its combinator [`Machine::step`]; the files under
//! `operation/` hold one family each and say only what their steps do.

use crate::dispatch::Dispatch;
use crate::drbg::EntropySource;
use crate::psa::Psa;
use crate::storage::KeyStorage;
use crate::{Error, Result};

/// Where an operation stands (whether a failed step left it needing abort is the
/// operation's `failed` flag).
///
/// `#[repr(C, u8)]` with `Inactive` as tag 0: the tag is the first byte and `Inactive` has
/// no payload, so a `State` whose bytes are all zero is a valid `Inactive`. [`wipe`] relies
/// on this.
#[repr(C, u8)]
enum State<Op, Extra> {
    Inactive = 0,
    Active(Op, Extra) = 1,
}

impl<Op, Extra> State<Op, Extra> {
    fn is_inactive(&self) -> bool {
        matches!(self, State::Inactive)
    }

    /// End the context where it lies: if active, call `abort` on the context in place, then
    /// drop and wipe the whole state in place (also if `abort` panics), leaving `Inactive`.
    /// The context is never moved or copied out of the operation object.
    fn release(&mut self, abort: impl FnOnce(&mut Op) -> Result<()>) -> Result<()> {
        /// Wipes the state when it drops: after `abort` returns, or while unwinding from it.
        struct WipeOnDrop<'a, Op, Extra>(&'a mut State<Op, Extra>);
        impl<Op, Extra> Drop for WipeOnDrop<'_, Op, Extra> {
            fn drop(&mut self) {
                wipe(self.0);
            }
        }
        if self.is_inactive() {
            return Ok(());
        }
        let guard = WipeOnDrop(self);
        match guard.0 {
            State::Active(op, _) => abort(op),
            State::Inactive => Ok(()),
        }
    }
}

/// Drop `state` in place and overwrite all of its bytes with zeros (volatile writes that the
/// compiler cannot elide), leaving a valid `State::Inactive`. The zeros are written even if
/// the context's `Drop` panics, and the context is dropped exactly once.
///
/// Why `unsafe`: assigning `*state = State::Inactive` drops the context in place, but the
/// assignment is free to write the whole enum from a stack temporary whose uninitialised
/// payload bytes hold earlier copies of the context (seen in release builds: a MAC context's
/// key reappeared in the operation object after finish). Zeroing the memory ourselves is the
/// only way to know what the bytes are afterwards; this is the one function that does it.
#[allow(unsafe_code)]
fn wipe<Op, Extra>(state: &mut State<Op, Extra>) {
    /// Zeroes the state's memory when it drops: after the drop below, or while unwinding
    /// from a panicking context `Drop`.
    struct Zero<T>(*mut T);
    impl<T> Drop for Zero<T> {
        fn drop(&mut self) {
            // SAFETY: `self.0` comes from the `&mut State` below: non-null, aligned,
            // exclusively ours for `size_of::<State>()` bytes of one allocation, for the whole
            // of `wipe`. This runs only after `drop_in_place` has run (returned or unwound),
            // so the bytes hold no live value: no `Drop` is skipped and nothing owned leaks,
            // which is what `zeroize_flat_type`'s "no references, no `Drop`" conditions are
            // for. All-zero bytes are a valid `State::Inactive` (`#[repr(C, u8)]`, tag 0 is
            // `Inactive`, which has no fields), so the `&mut State` the caller holds refers to
            // a valid value again when `wipe` returns, and dropping it later is a no-op.
            unsafe { zeroize::zeroize_flat_type(self.0) }
        }
    }
    let p: *mut State<Op, Extra> = state;
    let zero = Zero(p);
    // SAFETY: `p` is valid for reads and writes and points to an initialised `State` (it
    // comes from a `&mut`), which nothing uses until `zero` has overwritten it with a valid
    // `Inactive`: this is its only drop, and the caller cannot observe the dropped value.
    unsafe { core::ptr::drop_in_place(p) };
    drop(zero);
}

#[cfg(test)]
mod wipe_tests {
    extern crate std;
    use super::*;
    use core::sync::atomic::{AtomicU32, Ordering::SeqCst};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// A context holding a secret that counts its drops and may panic in `Drop`.
    struct Secret<'a> {
        bytes: [u8; 32],
        drops: &'a AtomicU32,
        panics: bool,
    }

    impl Drop for Secret<'_> {
        fn drop(&mut self) {
            self.drops.fetch_add(1, SeqCst);
            if self.panics {
                panic!("context drop panics");
            }
        }
    }

    fn active(drops: &AtomicU32, panics: bool) -> State<Secret<'_>, u16> {
        State::Active(
            Secret {
                bytes: [0x5e; 32],
                drops,
                panics,
            },
            0xbeef,
        )
    }

    /// The state's bytes, padding included (all initialised once wiped).
    #[allow(unsafe_code)]
    fn bytes_of<T>(value: &T) -> std::vec::Vec<u8> {
        let p = (value as *const T).cast::<u8>();
        (0..size_of::<T>())
            // SAFETY: within `value`'s own bytes; only called on wiped states, whose every
            // byte was written by `wipe`.
            .map(|i| unsafe { core::ptr::read_volatile(p.add(i)) })
            .collect()
    }

    #[test]
    fn release_drops_once_and_leaves_zeroed_inactive_state() {
        let drops = AtomicU32::new(0);
        let mut state = active(&drops, false);
        let mut seen = 0;
        let r = state.release(|ctx| {
            seen = ctx.bytes[0];
            Err(Error::HardwareFailure)
        });
        assert_eq!(r, Err(Error::HardwareFailure), "abort's status is returned");
        assert_eq!(seen, 0x5e, "abort sees the context in place");
        assert_eq!(drops.load(SeqCst), 1);
        assert!(state.is_inactive());
        assert!(bytes_of(&state).iter().all(|&b| b == 0));
        assert_eq!(state.release(|_| unreachable!()), Ok(()));
        drop(state);
        assert_eq!(drops.load(SeqCst), 1, "no second drop");
    }

    #[test]
    fn a_panicking_abort_or_context_drop_still_wipes_and_drops_once() {
        // (Both at once would be a context drop panicking while unwinding from the abort's
        // panic: a double panic, which aborts the process.)
        for (abort_panics, drop_panics) in [(true, false), (false, true)] {
            let drops = AtomicU32::new(0);
            let mut state = active(&drops, drop_panics);
            let r = catch_unwind(AssertUnwindSafe(|| {
                state.release(|_| {
                    if abort_panics {
                        panic!("abort panics");
                    }
                    Ok(())
                })
            }));
            assert!(r.is_err(), "the panic propagates");
            assert_eq!(drops.load(SeqCst), 1, "dropped exactly once");
            assert!(state.is_inactive());
            assert!(bytes_of(&state).iter().all(|&b| b == 0), "wiped anyway");
            drop(state);
            assert_eq!(drops.load(SeqCst), 1, "no second drop");
        }
    }
}

/// One operation family: the driver context it holds, the core's own bookkeeping beside it,
/// and the entry point that releases the context.
pub(crate) trait Family<D: Dispatch> {
    /// The dispatcher's context for this family (e.g. `D::HashOperation`).
    type Context;
    /// What the core tracks next to the context (algorithm, direction, lengths seen).
    type Mode;
    /// The public type's name, for `Debug`.
    const NAME: &'static str;
    /// The family's abort entry point.
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()>;
}

/// The state machine every multi-part operation is: inactive, active (a driver's context
/// plus the family's mode) or failed (inactive, but only `abort` is allowed).
pub(crate) struct Machine<'p, D, E, const N: usize, S, const B: usize, F>
where
    D: Dispatch,
    E: EntropySource,
    S: KeyStorage,
    F: Family<D>,
{
    psa: &'p Psa<D, E, N, S, B>,
    state: State<F::Context, F::Mode>,
    /// A step failed: only abort is allowed.
    failed: bool,
}

impl<'p, D, E, const N: usize, S, const B: usize, F> Machine<'p, D, E, N, S, B, F>
where
    D: Dispatch,
    E: EntropySource,
    S: KeyStorage,
    F: Family<D>,
{
    pub(crate) fn new(psa: &'p Psa<D, E, N, S, B>) -> Self {
        Self {
            psa,
            state: State::Inactive,
            failed: false,
        }
    }

    /// The PSA error-state rule, applied to one step: any error the step returns, whether
    /// the driver's or one of the core's own checks, releases an active context and leaves
    /// the operation failed until [`abort`](Self::abort). A step on an inactive or failed
    /// operation reaches no driver because [`active`](Self::active) refuses it first.
    pub(crate) fn step<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let r = f(self);
        if r.is_err() && !self.state.is_inactive() {
            self.failed = true;
            let _ = self.release();
        }
        r
    }

    /// Release the driver's context (once), whatever the state; leaves the operation
    /// inactive. Aborting an inactive operation succeeds.
    pub(crate) fn abort(&mut self) -> Result<()> {
        self.failed = false;
        self.release()
    }

    /// Call the family's abort on the context where it lies, then drop it and wipe its
    /// bytes in place ([`State::release`]): no copy of it is left in the operation object.
    fn release(&mut self) -> Result<()> {
        let psa = self.psa;
        self.state.release(|c| F::abort(psa.dispatch(), c))
    }

    /// Whether a setup succeeded and the operation has not finished or failed.
    pub(crate) fn is_active(&self) -> bool {
        !self.state.is_inactive()
    }

    /// The front-end the operation belongs to.
    pub(crate) fn psa(&self) -> &'p Psa<D, E, N, S, B> {
        self.psa
    }

    /// A setup may start: `BAD_STATE` unless inactive and not failed.
    pub(crate) fn start(&self) -> Result<()> {
        if self.state.is_inactive() && !self.failed {
            Ok(())
        } else {
            Err(Error::BadState)
        }
    }

    /// Setup succeeded: the driver's context and the core's mode become the active state.
    pub(crate) fn begin(&mut self, context: F::Context, mode: F::Mode) {
        self.state = State::Active(context, mode);
    }

    /// Move the active operation to another driver's `context` with `mode`: the current
    /// context is released where it lies (its abort called once, the whole state wiped), then
    /// `context` becomes the active state. Returns the old context's abort status; on an
    /// error the new context is already active, so [`step`](Self::step)'s rule releases it
    /// too.
    pub(crate) fn rebind(&mut self, context: F::Context, mode: F::Mode) -> Result<()> {
        let r = self.release();
        self.begin(context, mode);
        r
    }

    /// The active context and mode, or `BAD_STATE`.
    pub(crate) fn active(&mut self) -> Result<(&mut F::Context, &mut F::Mode)> {
        match &mut self.state {
            State::Active(c, m) => Ok((c, m)),
            State::Inactive => Err(Error::BadState),
        }
    }

    /// The active mode, or `BAD_STATE`.
    pub(crate) fn mode(&self) -> Result<&F::Mode> {
        match &self.state {
            State::Active(_, m) => Ok(m),
            State::Inactive => Err(Error::BadState),
        }
    }

    /// Run `f` on the active context without changing the state (`BAD_STATE` if inactive).
    pub(crate) fn with_context<T>(&self, f: impl FnOnce(&F::Context) -> Result<T>) -> Result<T> {
        match &self.state {
            State::Active(c, _) => f(c),
            State::Inactive => Err(Error::BadState),
        }
    }

    /// A finishing step succeeded with `value`: release the context (the driver's abort is
    /// called once) and return `value`, or the abort's error.
    pub(crate) fn end<T>(&mut self, value: T) -> Result<T> {
        self.abort().map(|()| value)
    }
}

/// Dropping an active operation aborts it. With the `std` feature, a driver abort that
/// panics while the operation is dropped during unwinding is caught (a second panic would
/// abort the process); the context is released either way. Without `std` there is no
/// `catch_unwind`: such a double panic aborts (as every panic does on the usual
/// `panic = "abort"` firmware targets).
impl<D, E, const N: usize, S, const B: usize, F> Drop for Machine<'_, D, E, N, S, B, F>
where
    D: Dispatch,
    E: EntropySource,
    S: KeyStorage,
    F: Family<D>,
{
    fn drop(&mut self) {
        #[cfg(feature = "std")]
        if std::thread::panicking() {
            let _ = std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| self.abort()));
            return;
        }
        let _ = self.abort();
    }
}

impl<D, E, const N: usize, S, const B: usize, F> core::fmt::Debug for Machine<'_, D, E, N, S, B, F>
where
    D: Dispatch,
    E: EntropySource,
    S: KeyStorage,
    F: Family<D>,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            _ if self.failed => "failed",
            State::Inactive => "inactive",
            State::Active(..) => "active",
        };
        // Never print the context: it may hold key material.
        f.debug_struct(F::NAME)
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// The public face of a family's operation type: `abort`, `is_active` and `Debug`, all
/// forwarded to its [`Machine`] (the wrapper exists so the public type is a plain struct).
macro_rules! public_lifecycle {
    ($ty:ident) => {
        impl<D, E, const N: usize, S, const B: usize> $ty<'_, D, E, N, S, B>
        where
            D: $crate::dispatch::Dispatch,
            E: $crate::drbg::EntropySource,
            S: $crate::storage::KeyStorage,
        {
            /// Release the driver's context (once), whatever the state; leaves the operation
            /// inactive. Aborting an inactive operation succeeds.
            ///
            /// # Errors
            /// The driver's abort status.
            pub fn abort(&mut self) -> $crate::Result<()> {
                self.m.abort()
            }

            /// Whether a setup succeeded and the operation has not finished or failed.
            pub fn is_active(&self) -> bool {
                self.m.is_active()
            }
        }

        impl<D, E, const N: usize, S, const B: usize> core::fmt::Debug for $ty<'_, D, E, N, S, B>
        where
            D: $crate::dispatch::Dispatch,
            E: $crate::drbg::EntropySource,
            S: $crate::storage::KeyStorage,
        {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                self.m.fmt(f)
            }
        }
    };
}

mod aead;
mod cipher;
mod hash;
mod kdf;
mod mac;
mod pake;

pub use aead::AeadOperation;
pub use cipher::CipherOperation;
pub use hash::HashOperation;
pub use kdf::{
    KEY_DERIVATION_PENDING_BYTES, KEY_DERIVATION_PENDING_INPUTS, KeyDerivationOperation,
};
pub use mac::MacOperation;
pub use pake::PakeOperation;
