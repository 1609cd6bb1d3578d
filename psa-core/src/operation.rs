//! Multi-part operations: hash, MAC, cipher, AEAD and key derivation.
//!
//! Each operation object follows the PSA state rules:
//! - a step out of order is `BAD_STATE`, and no driver is called;
//! - any error in a step puts the operation in an error state (after releasing the driver's
//!   context) until [`abort`](HashOperation::abort);
//! - abort on an inactive operation succeeds; dropping an operation aborts it;
//! - the driver that accepted setup serves every later step, and its abort entry point is
//!   called exactly once per successful setup (after finish, after an error, on abort or on
//!   drop).

use zeroize::Zeroize;

use crate::dispatch::Dispatch;
use crate::distrust::{self, Expect};
use crate::drbg::EntropySource;
use crate::entry;
use crate::psa::{Psa, ct_compare};
use crate::storage::{KeyStorage, NoStorage};
use crate::{Algorithm, DerivationStep, Error, KeyId, Result, UsageFlags};

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

/// Shared state-machine plumbing: run a step on the active context; on error, release the
/// context through `abort` and enter the error state.
macro_rules! step {
    ($self:ident, $abort:ident, |$op:ident, $extra:ident| $body:expr) => {{
        match &mut $self.state {
            State::Active($op, $extra) => {
                let r = $body;
                if r.is_err() {
                    $self.fail();
                }
                r
            }
            _ => Err(Error::BadState),
        }
    }};
}

macro_rules! lifecycle {
    ($ty:ident, $opty:ident, $abort:ident, $extra:ty) => {
        impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage> $ty<'p, D, E, N, S> {
            /// Release the driver's context (once), whatever the state; leaves the operation
            /// inactive. Aborting an inactive operation succeeds.
            ///
            /// # Errors
            /// The driver's abort status.
            pub fn abort(&mut self) -> Result<()> {
                self.failed = false;
                self.release()
            }

            /// Call the owner's abort on the context where it lies, then drop it and wipe
            /// its bytes in place (`State::release`): no copy of it is left behind in the
            /// operation object.
            fn release(&mut self) -> Result<()> {
                let psa = self.psa;
                self.state.release(|op| psa.dispatch().$abort(op))
            }

            /// Whether a setup succeeded and the operation has not finished or failed.
            pub fn is_active(&self) -> bool {
                matches!(self.state, State::Active(..))
            }

            fn fail(&mut self) {
                if !self.state.is_inactive() {
                    self.failed = true;
                    let _ = self.release();
                }
            }

            /// Abort after a successful finish, returning the finish result.
            #[allow(dead_code)]
            fn finished<T>(&mut self, r: Result<T>) -> Result<T> {
                let a = self.abort();
                match (r, a) {
                    (Ok(v), Ok(())) => Ok(v),
                    (Err(e), _) | (Ok(_), Err(e)) => Err(e),
                }
            }

            /// Any error of a step, whether a driver's or the core's own checks', puts an
            /// active operation in the error state (after releasing the driver's context).
            fn settle<T>(&mut self, r: Result<T>) -> Result<T> {
                if r.is_err() {
                    self.fail();
                }
                r
            }

            fn start(&mut self) -> Result<()> {
                if self.state.is_inactive() && !self.failed {
                    Ok(())
                } else {
                    Err(Error::BadState)
                }
            }
        }

        /// Dropping an active operation aborts it. With the `std` feature, a driver abort
        /// that panics while the operation is dropped during unwinding is caught (a second
        /// panic would abort the process); the context is released either way. Without
        /// `std` there is no `catch_unwind`: such a double panic aborts (as every panic
        /// does on the usual `panic = "abort"` firmware targets).
        impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage> Drop
            for $ty<'_, D, E, N, S>
        {
            fn drop(&mut self) {
                #[cfg(feature = "std")]
                if std::thread::panicking() {
                    let _ =
                        std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| self.abort()));
                    return;
                }
                let _ = self.abort();
            }
        }

        impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage> core::fmt::Debug
            for $ty<'_, D, E, N, S>
        {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let state = match self.state {
                    _ if self.failed => "failed",
                    State::Inactive => "inactive",
                    State::Active(..) => "active",
                };
                // Never print the context: it may hold key material.
                f.debug_struct(stringify!($ty))
                    .field("state", &state)
                    .finish_non_exhaustive()
            }
        }
    };
}

// ----- hash ----------------------------------------------------------------------------------

/// A multi-part hash (`psa_hash_operation_t`).
pub struct HashOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
> {
    psa: &'p Psa<D, E, N, S>,
    state: State<D::HashOperation, Algorithm>,
    /// A step failed: only abort is allowed.
    failed: bool,
}
lifecycle!(HashOperation, HashOperation, hash_abort, Algorithm);

impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage>
    HashOperation<'p, D, E, N, S>
{
    /// `psa_hash_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_ARGUMENT` for a non-hash or wildcard algorithm;
    /// `NOT_SUPPORTED` when nobody serves it.
    pub fn setup(&mut self, alg: Algorithm) -> Result<()> {
        let r = self.setup_unsettled(alg);
        self.settle(r)
    }

    fn setup_unsettled(&mut self, alg: Algorithm) -> Result<()> {
        self.start()?;
        if !alg.is_hash() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let op = self
            .psa
            .dispatch()
            .hash_setup(entry::hash_setup::Args { alg })?;
        self.state = State::Active(op, alg);
        Ok(())
    }

    /// `psa_hash_update` (an empty input is accepted without calling the driver).
    ///
    /// # Errors
    /// `BAD_STATE` unless active; the driver's error (the operation then needs abort).
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        let r = self.update_unsettled(input);
        self.settle(r)
    }

    fn update_unsettled(&mut self, input: &[u8]) -> Result<()> {
        let psa = self.psa;
        step!(self, hash_abort, |op, _alg| if input.is_empty() {
            Ok(())
        } else {
            psa.dispatch()
                .hash_update(op, entry::hash_update::Args { input })
        })
    }

    /// `psa_hash_finish`: write the digest and end the operation.
    ///
    /// # Errors
    /// `BAD_STATE` unless active; `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, hash: &mut [u8]) -> Result<usize> {
        let r = self.finish_unsettled(hash);
        self.settle(r)
    }

    fn finish_unsettled(&mut self, hash: &mut [u8]) -> Result<usize> {
        let psa = self.psa;
        let r = step!(
            self,
            hash_abort,
            |op, alg| if hash.len() < alg.hash_length() {
                Err(Error::BufferTooSmall)
            } else {
                let r = psa
                    .dispatch()
                    .hash_finish(op, entry::hash_finish::Args { hash: &mut *hash });
                distrust::written(r, hash, Expect::exactly_if_known(alg.hash_length()))
            }
        );
        let done = r?;
        self.finished(Ok(done))
    }

    /// `psa_hash_verify`: finish and compare with `expected` in constant time.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` on a mismatch; `BAD_STATE` unless active.
    pub fn verify(&mut self, expected: &[u8]) -> Result<()> {
        let r = self.verify_unsettled(expected);
        self.settle(r)
    }

    fn verify_unsettled(&mut self, expected: &[u8]) -> Result<()> {
        let mut digest = [0u8; 64];
        let n = self.finish(&mut digest)?;
        ct_compare(&digest[..n], expected)
    }

    /// `psa_hash_clone`: a second operation in the same state, on the same driver.
    ///
    /// # Errors
    /// `BAD_STATE` unless active; `NOT_SUPPORTED` if the owning driver cannot clone.
    pub fn clone_operation(&self) -> Result<HashOperation<'p, D, E, N, S>> {
        match &self.state {
            State::Active(op, alg) => Ok(HashOperation {
                psa: self.psa,
                state: State::Active(self.psa.dispatch().hash_clone(op)?, *alg),
                failed: false,
            }),
            _ => Err(Error::BadState),
        }
    }
}

// ----- MAC -----------------------------------------------------------------------------------

/// Whether a MAC operation signs or verifies, and its length.
#[derive(Clone, Copy)]
struct MacMode {
    sign: bool,
    /// The MAC length the key and algorithm fix, which the driver's finish must meet.
    length: Expect,
}

/// A multi-part MAC (`psa_mac_operation_t`).
pub struct MacOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
> {
    psa: &'p Psa<D, E, N, S>,
    state: State<D::MacOperation, MacMode>,
    /// A step failed: only abort is allowed.
    failed: bool,
}
lifecycle!(MacOperation, MacOperation, mac_abort, MacMode);

impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage>
    MacOperation<'p, D, E, N, S>
{
    fn setup(&mut self, id: KeyId, alg: Algorithm, sign: bool) -> Result<()> {
        self.start()?;
        if !alg.is_mac() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let usage = if sign {
            UsageFlags::SIGN_MESSAGE
        } else {
            UsageFlags::VERIFY_MESSAGE
        };
        let psa = self.psa;
        let (op, length) = psa.with_symmetric_key(id, usage, alg, |attributes, key| {
            let length = Psa::<D, E, N, S>::mac_length(attributes, alg)?;
            let args = entry::mac_sign_setup::Args {
                attributes,
                key_buffer: key,
                alg,
            };
            let op = if sign {
                psa.dispatch().mac_sign_setup(args)
            } else {
                psa.dispatch()
                    .mac_verify_setup(entry::mac_verify_setup::Args {
                        attributes: args.attributes,
                        key_buffer: args.key_buffer,
                        alg,
                    })
            }?;
            Ok((op, length))
        })?;
        self.state = State::Active(op, MacMode { sign, length });
        Ok(())
    }

    /// `psa_mac_sign_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED` without
    /// `SIGN_MESSAGE`; `INVALID_ARGUMENT` for a non-MAC algorithm or unsuitable key.
    pub fn sign_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        let r = self.sign_setup_unsettled(id, alg);
        self.settle(r)
    }

    fn sign_setup_unsettled(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, true)
    }

    /// `psa_mac_verify_setup`.
    ///
    /// # Errors
    /// As [`MacOperation::sign_setup`], with `VERIFY_MESSAGE`.
    pub fn verify_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        let r = self.verify_setup_unsettled(id, alg);
        self.settle(r)
    }

    fn verify_setup_unsettled(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, false)
    }

    /// `psa_mac_update`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active.
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        let r = self.update_unsettled(input);
        self.settle(r)
    }

    fn update_unsettled(&mut self, input: &[u8]) -> Result<()> {
        let psa = self.psa;
        step!(self, mac_abort, |op, _m| psa
            .dispatch()
            .mac_update(op, entry::mac_update::Args { input }))
    }

    /// `psa_mac_sign_finish`.
    ///
    /// # Errors
    /// `BAD_STATE` unless a sign operation is active; `BUFFER_TOO_SMALL`.
    pub fn sign_finish(&mut self, mac: &mut [u8]) -> Result<usize> {
        let r = self.sign_finish_unsettled(mac);
        self.settle(r)
    }

    fn sign_finish_unsettled(&mut self, mac: &mut [u8]) -> Result<usize> {
        if matches!(self.state, State::Active(_, MacMode { sign: false, .. })) {
            return Err(Error::BadState);
        }
        let psa = self.psa;
        let r = step!(self, mac_abort, |op, m| {
            let r = psa
                .dispatch()
                .mac_sign_finish(op, entry::mac_sign_finish::Args { mac: &mut *mac });
            distrust::written(r, mac, m.length)
        });
        let done = r?;
        self.finished(Ok(done))
    }

    /// `psa_mac_verify_finish`: compare in constant time.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` on a mismatch; `BAD_STATE` unless a verify operation is active.
    pub fn verify_finish(&mut self, mac: &[u8]) -> Result<()> {
        let r = self.verify_finish_unsettled(mac);
        self.settle(r)
    }

    fn verify_finish_unsettled(&mut self, mac: &[u8]) -> Result<()> {
        if matches!(self.state, State::Active(_, MacMode { sign: true, .. })) {
            return Err(Error::BadState);
        }
        let psa = self.psa;
        let r = step!(self, mac_abort, |op, m| match m.length {
            // A MAC of the wrong length cannot match: the driver is not asked.
            Expect::Exactly(n) if n != mac.len() => Err(Error::InvalidSignature),
            _ => psa
                .dispatch()
                .mac_verify_finish(op, entry::mac_verify_finish::Args { mac },),
        });
        r?;
        self.finished(Ok(()))
    }
}

// ----- cipher --------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct CipherMode {
    encrypt: bool,
    iv_length: usize,
    iv_set: bool,
    /// What the driver's output lengths must add up to (see [`CipherMode::expect_finish`]).
    alg: Algorithm,
    /// The key's block length.
    block: usize,
    /// Bytes given to the driver and bytes it reported writing, so far.
    seen_in: usize,
    seen_out: usize,
}

impl CipherMode {
    /// An update never writes more than the input not yet written out.
    fn expect_update(&self) -> Expect {
        if self.alg.is_vendor_defined() {
            return Expect::Fits;
        }
        Expect::AtMost(self.seen_in.saturating_sub(self.seen_out))
    }

    /// At the finish the totals are fixed: as long as the input for the modes without
    /// padding, padded to the next whole block when encrypting with PKCS#7, and stripped of
    /// 1 to a block of padding when decrypting with it.
    fn expect_finish(&self) -> Expect {
        if self.alg.is_vendor_defined() {
            return Expect::Fits;
        }
        let rest = |total: usize| total.saturating_sub(self.seen_out);
        if self.alg == Algorithm::CBC_PKCS7 && self.block > 0 {
            if self.encrypt {
                let padded = (self.seen_in / self.block).saturating_add(1);
                Expect::Exactly(rest(padded.saturating_mul(self.block)))
            } else {
                Expect::Between(
                    rest(self.seen_in.saturating_sub(self.block)),
                    rest(self.seen_in.saturating_sub(1)),
                )
            }
        } else {
            Expect::Exactly(rest(self.seen_in))
        }
    }
}

/// A multi-part cipher (`psa_cipher_operation_t`); the core generates random IVs.
pub struct CipherOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
> {
    psa: &'p Psa<D, E, N, S>,
    state: State<D::CipherOperation, CipherMode>,
    /// A step failed: only abort is allowed.
    failed: bool,
}
lifecycle!(CipherOperation, CipherOperation, cipher_abort, CipherMode);

impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage>
    CipherOperation<'p, D, E, N, S>
{
    fn setup(&mut self, id: KeyId, alg: Algorithm, encrypt: bool) -> Result<()> {
        self.start()?;
        if !alg.is_cipher() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let usage = if encrypt {
            UsageFlags::ENCRYPT
        } else {
            UsageFlags::DECRYPT
        };
        let psa = self.psa;
        let (op, iv_length, block) =
            psa.with_symmetric_key(id, usage, alg, |attributes, key| {
                let iv_length = crate::psa::iv_length(alg, attributes.key_type());
                let op = if encrypt {
                    psa.dispatch()
                        .cipher_encrypt_setup(entry::cipher_encrypt_setup::Args {
                            attributes,
                            key_buffer: key,
                            alg,
                        })
                } else {
                    psa.dispatch()
                        .cipher_decrypt_setup(entry::cipher_decrypt_setup::Args {
                            attributes,
                            key_buffer: key,
                            alg,
                        })
                }?;
                Ok((op, iv_length, attributes.key_type().block_length()))
            })?;
        self.state = State::Active(
            op,
            CipherMode {
                encrypt,
                iv_length,
                iv_set: iv_length == 0,
                alg,
                block,
                seen_in: 0,
                seen_out: 0,
            },
        );
        Ok(())
    }

    /// `psa_cipher_encrypt_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED` without `ENCRYPT`;
    /// `INVALID_ARGUMENT` for a non-cipher algorithm or unsuitable key.
    pub fn encrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        let r = self.encrypt_setup_unsettled(id, alg);
        self.settle(r)
    }

    fn encrypt_setup_unsettled(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, true)
    }

    /// `psa_cipher_decrypt_setup`.
    ///
    /// # Errors
    /// As [`CipherOperation::encrypt_setup`], with `DECRYPT`.
    pub fn decrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        let r = self.decrypt_setup_unsettled(id, alg);
        self.settle(r)
    }

    fn decrypt_setup_unsettled(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, false)
    }

    /// `psa_cipher_generate_iv`: draw a random IV, give it to the driver (`cipher_set_iv`)
    /// and write it to `iv`. Encryption only.
    ///
    /// # Errors
    /// `BAD_STATE` for a decryption, an IV already set, or an inactive operation;
    /// `BUFFER_TOO_SMALL` if `iv` is shorter than the IV.
    pub fn generate_iv(&mut self, iv: &mut [u8]) -> Result<usize> {
        let r = self.generate_iv_unsettled(iv);
        self.settle(r)
    }

    fn generate_iv_unsettled(&mut self, iv: &mut [u8]) -> Result<usize> {
        let (len, ok) = match &self.state {
            State::Active(_, m) => (m.iv_length, m.encrypt && !m.iv_set && m.iv_length > 0),
            _ => (0, false),
        };
        if !ok {
            return Err(Error::BadState);
        }
        let out = iv.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        let mut fresh = [0u8; 16];
        let r = self
            .psa
            .generate_random(&mut fresh[..len])
            .and_then(|()| self.set_iv(&fresh[..len]));
        if r.is_ok() {
            out.copy_from_slice(&fresh[..len]);
        }
        r.map(|()| len)
    }

    /// `psa_cipher_set_iv`.
    ///
    /// # Errors
    /// `BAD_STATE` if the IV is already set or not needed; `INVALID_ARGUMENT` for a wrong
    /// length.
    pub fn set_iv(&mut self, iv: &[u8]) -> Result<()> {
        let r = self.set_iv_unsettled(iv);
        self.settle(r)
    }

    fn set_iv_unsettled(&mut self, iv: &[u8]) -> Result<()> {
        match &self.state {
            State::Active(_, m) if !m.iv_set && m.iv_length > 0 => {
                if iv.len() != m.iv_length {
                    self.fail();
                    return Err(Error::InvalidArgument);
                }
            }
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, cipher_abort, |op, m| {
            let r = psa
                .dispatch()
                .cipher_set_iv(op, entry::cipher_set_iv::Args { iv });
            if r.is_ok() {
                m.iv_set = true;
            }
            r
        })
    }

    /// `psa_cipher_update`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active with its IV set; `BUFFER_TOO_SMALL`.
    pub fn update(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize> {
        let r = self.update_unsettled(input, output);
        self.settle(r)
    }

    fn update_unsettled(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize> {
        if matches!(
            self.state,
            State::Active(_, CipherMode { iv_set: false, .. })
        ) {
            return Err(Error::BadState);
        }
        let psa = self.psa;
        step!(self, cipher_abort, |op, m| {
            let r = psa.dispatch().cipher_update(
                op,
                entry::cipher_update::Args {
                    input,
                    output: &mut *output,
                },
            );
            m.seen_in = m.seen_in.saturating_add(input.len());
            let n = distrust::written(r, output, m.expect_update())?;
            m.seen_out += n;
            Ok(n)
        })
    }

    /// `psa_cipher_finish`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active with its IV set; `INVALID_ARGUMENT` for a partial block
    /// without padding; `INVALID_PADDING`; `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, output: &mut [u8]) -> Result<usize> {
        let r = self.finish_unsettled(output);
        self.settle(r)
    }

    fn finish_unsettled(&mut self, output: &mut [u8]) -> Result<usize> {
        if matches!(
            self.state,
            State::Active(_, CipherMode { iv_set: false, .. })
        ) {
            return Err(Error::BadState);
        }
        let psa = self.psa;
        let r = step!(self, cipher_abort, |op, m| {
            let r = psa.dispatch().cipher_finish(
                op,
                entry::cipher_finish::Args {
                    output: &mut *output,
                },
            );
            distrust::written(r, output, m.expect_finish())
        });
        let done = r?;
        self.finished(Ok(done))
    }
}

// ----- AEAD ----------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct AeadMode {
    encrypt: bool,
    nonce_set: bool,
    lengths: Option<(usize, usize)>,
    ad_seen: usize,
    body_seen: usize,
    body_started: bool,
    /// Bytes of body the driver reported writing so far: never more than the body given,
    /// and (for the AEADs the spec defines, which neither pad nor expand) exactly as much by
    /// the finish or verify.
    body_out: usize,
    /// Whether the totals are fixed (not a vendor algorithm).
    length_preserving: bool,
    /// The algorithm, for the nonce and length limits.
    alg: Algorithm,
    /// The tag length the algorithm fixes.
    tag: usize,
}

impl AeadMode {
    fn expect_update(&self) -> Expect {
        if self.length_preserving {
            Expect::AtMost(self.body_seen.saturating_sub(self.body_out))
        } else {
            Expect::Fits
        }
    }
    fn expect_last(&self) -> Expect {
        if self.length_preserving {
            Expect::Exactly(self.body_seen.saturating_sub(self.body_out))
        } else {
            Expect::Fits
        }
    }
}

/// A multi-part AEAD (`psa_aead_operation_t`). The built-in serves AEAD single-part only;
/// multi-part AEAD needs a driver.
pub struct AeadOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
> {
    psa: &'p Psa<D, E, N, S>,
    state: State<D::AeadOperation, AeadMode>,
    /// A step failed: only abort is allowed.
    failed: bool,
}
lifecycle!(AeadOperation, AeadOperation, aead_abort, AeadMode);

impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage>
    AeadOperation<'p, D, E, N, S>
{
    fn setup(&mut self, id: KeyId, alg: Algorithm, encrypt: bool) -> Result<()> {
        self.start()?;
        if !alg.is_aead() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let usage = if encrypt {
            UsageFlags::ENCRYPT
        } else {
            UsageFlags::DECRYPT
        };
        let psa = self.psa;
        let op = psa.with_symmetric_key(id, usage, alg, |attributes, key| {
            let op = if encrypt {
                psa.dispatch()
                    .aead_encrypt_setup(entry::aead_encrypt_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                    })
            } else {
                psa.dispatch()
                    .aead_decrypt_setup(entry::aead_decrypt_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                    })
            }?;
            Ok(op)
        })?;
        self.state = State::Active(
            op,
            AeadMode {
                encrypt,
                nonce_set: false,
                lengths: None,
                ad_seen: 0,
                body_seen: 0,
                body_started: false,
                body_out: 0,
                length_preserving: !alg.is_vendor_defined(),
                alg,
                tag: alg.aead_tag_length(),
            },
        );
        Ok(())
    }

    /// `psa_aead_encrypt_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED`; `INVALID_ARGUMENT`;
    /// `NOT_SUPPORTED` when no driver serves multi-part AEAD.
    pub fn encrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        let r = self.encrypt_setup_unsettled(id, alg);
        self.settle(r)
    }

    fn encrypt_setup_unsettled(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, true)
    }

    /// `psa_aead_decrypt_setup`.
    ///
    /// # Errors
    /// As [`AeadOperation::encrypt_setup`], with `DECRYPT`.
    pub fn decrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        let r = self.decrypt_setup_unsettled(id, alg);
        self.settle(r)
    }

    fn decrypt_setup_unsettled(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, false)
    }

    fn mode(&self) -> Option<AeadMode> {
        match &self.state {
            State::Active(_, m) => Some(*m),
            _ => None,
        }
    }

    /// `psa_aead_set_nonce`.
    ///
    /// # Errors
    /// `BAD_STATE` if the nonce is already set or the operation is inactive.
    pub fn set_nonce(&mut self, nonce: &[u8]) -> Result<()> {
        let r = self.set_nonce_unsettled(nonce);
        self.settle(r)
    }

    fn set_nonce_unsettled(&mut self, nonce: &[u8]) -> Result<()> {
        match self.mode() {
            Some(m) if !m.nonce_set => crate::policy::check_aead_nonce_length(m.alg, nonce.len())?,
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, aead_abort, |op, m| {
            let r = psa
                .dispatch()
                .aead_set_nonce(op, entry::aead_set_nonce::Args { nonce });
            if r.is_ok() {
                m.nonce_set = true;
            }
            r
        })
    }

    /// `psa_aead_generate_nonce`: a random nonce of `len` bytes, set and written to `nonce`.
    ///
    /// # Errors
    /// `BAD_STATE` for a decryption or a nonce already set; `BUFFER_TOO_SMALL`.
    pub fn generate_nonce(&mut self, nonce: &mut [u8], len: usize) -> Result<usize> {
        let r = self.generate_nonce_unsettled(nonce, len);
        self.settle(r)
    }

    fn generate_nonce_unsettled(&mut self, nonce: &mut [u8], len: usize) -> Result<usize> {
        match self.mode() {
            Some(m) if m.encrypt && !m.nonce_set => {
                crate::policy::check_aead_nonce_length(m.alg, len)?
            }
            _ => return Err(Error::BadState),
        }
        if len > 16 {
            return Err(Error::InvalidArgument);
        }
        let out = nonce.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        let mut fresh = [0u8; 16];
        self.psa.generate_random(&mut fresh[..len])?;
        self.set_nonce(&fresh[..len])?;
        out.copy_from_slice(&fresh[..len]);
        Ok(len)
    }

    /// `psa_aead_set_lengths`: declare the total additional-data and plaintext lengths.
    ///
    /// # Errors
    /// `BAD_STATE` if data was already passed or lengths were already set.
    pub fn set_lengths(&mut self, ad_length: usize, plaintext_length: usize) -> Result<()> {
        let r = self.set_lengths_unsettled(ad_length, plaintext_length);
        self.settle(r)
    }

    fn set_lengths_unsettled(&mut self, ad_length: usize, plaintext_length: usize) -> Result<()> {
        match self.mode() {
            Some(m) if m.lengths.is_none() && m.ad_seen == 0 && !m.body_started => {
                crate::policy::check_aead_lengths(m.alg, ad_length, plaintext_length)?;
            }
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, aead_abort, |op, m| {
            let r = psa.dispatch().aead_set_lengths(
                op,
                entry::aead_set_lengths::Args {
                    ad_length,
                    plaintext_length,
                },
            );
            if r.is_ok() {
                m.lengths = Some((ad_length, plaintext_length));
            }
            r
        })
    }

    /// `psa_aead_update_ad`.
    ///
    /// # Errors
    /// `BAD_STATE` without a nonce or after body data; `INVALID_ARGUMENT` past the declared
    /// length.
    pub fn update_ad(&mut self, input: &[u8]) -> Result<()> {
        let r = self.update_ad_unsettled(input);
        self.settle(r)
    }

    fn update_ad_unsettled(&mut self, input: &[u8]) -> Result<()> {
        match self.mode() {
            Some(m) if m.nonce_set && !m.body_started => {
                if m.lengths
                    .is_some_and(|(ad, _)| m.ad_seen + input.len() > ad)
                {
                    self.fail();
                    return Err(Error::InvalidArgument);
                }
            }
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, aead_abort, |op, m| {
            let r = psa
                .dispatch()
                .aead_update_ad(op, entry::aead_update_ad::Args { input });
            m.ad_seen += input.len();
            r
        })
    }

    /// `psa_aead_update`.
    ///
    /// # Errors
    /// `BAD_STATE` without a nonce; `INVALID_ARGUMENT` if the declared additional data is
    /// incomplete or the declared plaintext length is exceeded; `BUFFER_TOO_SMALL`.
    pub fn update(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize> {
        let r = self.update_unsettled(input, output);
        self.settle(r)
    }

    fn update_unsettled(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize> {
        match self.mode() {
            Some(m) if m.nonce_set => {
                if let Some((ad, pt)) = m.lengths
                    && (m.ad_seen != ad || m.body_seen + input.len() > pt)
                {
                    self.fail();
                    return Err(Error::InvalidArgument);
                }
            }
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, aead_abort, |op, m| {
            m.body_started = true;
            m.body_seen += input.len();
            let r = psa.dispatch().aead_update(
                op,
                entry::aead_update::Args {
                    input,
                    output: &mut *output,
                },
            );
            let n = distrust::written(r, output, m.expect_update())?;
            m.body_out += n;
            Ok(n)
        })
    }

    fn check_complete(&mut self, encrypt: bool) -> Result<()> {
        match self.mode() {
            Some(m) if m.nonce_set && m.encrypt == encrypt => {
                if m.lengths
                    .is_some_and(|(ad, pt)| ad != m.ad_seen || pt != m.body_seen)
                {
                    self.fail();
                    return Err(Error::InvalidArgument);
                }
                Ok(())
            }
            _ => Err(Error::BadState),
        }
    }

    /// `psa_aead_finish`: the last ciphertext bytes and the tag; returns (ciphertext
    /// length, tag length).
    ///
    /// # Errors
    /// `BAD_STATE` unless an encryption with its nonce set; `INVALID_ARGUMENT` if the
    /// declared lengths were not met; `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, ciphertext: &mut [u8], tag: &mut [u8]) -> Result<(usize, usize)> {
        let r = self.finish_unsettled(ciphertext, tag);
        self.settle(r)
    }

    fn finish_unsettled(
        &mut self,
        ciphertext: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(usize, usize)> {
        self.check_complete(true)?;
        let psa = self.psa;
        let r = step!(self, aead_abort, |op, m| {
            let r = psa.dispatch().aead_finish(
                op,
                entry::aead_finish::Args {
                    ciphertext: &mut *ciphertext,
                    tag: &mut *tag,
                },
            );
            let (c, t) = match r {
                Ok((c, t)) => (
                    distrust::written(Ok(c), ciphertext, m.expect_last()),
                    distrust::written(Ok(t), tag, Expect::exactly_if_known(m.tag)),
                ),
                Err(e) => (Err(e), Err(e)),
            };
            match (c, t) {
                (Ok(c), Ok(t)) => Ok((c, t)),
                (Err(e), _) | (_, Err(e)) => {
                    // Never hand out half of a result the core cannot trust.
                    zeroize::Zeroize::zeroize(&mut *ciphertext);
                    zeroize::Zeroize::zeroize(&mut *tag);
                    Err(e)
                }
            }
        });
        let done = r?;
        self.finished(Ok(done))
    }

    /// `psa_aead_verify`: the last plaintext bytes, after checking the tag.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` if the tag does not verify; `BAD_STATE` unless a decryption with
    /// its nonce set.
    pub fn verify(&mut self, plaintext: &mut [u8], tag: &[u8]) -> Result<usize> {
        let r = self.verify_unsettled(plaintext, tag);
        self.settle(r)
    }

    fn verify_unsettled(&mut self, plaintext: &mut [u8], tag: &[u8]) -> Result<usize> {
        self.check_complete(false)?;
        let psa = self.psa;
        let r = step!(self, aead_abort, |op, m| {
            let r = psa.dispatch().aead_verify(
                op,
                entry::aead_verify::Args {
                    plaintext: &mut *plaintext,
                    tag,
                },
            );
            distrust::written(r, plaintext, m.expect_last())
        });
        let done = r?;
        self.finished(Ok(done))
    }
}

// ----- key derivation ------------------------------------------------------------------------

/// A key derivation (`psa_key_derivation_operation_t`), e.g. HKDF.
pub struct KeyDerivationOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
> {
    psa: &'p Psa<D, E, N, S>,
    state: State<D::KeyDerivationOperation, Algorithm>,
    /// A step failed: only abort is allowed.
    failed: bool,
}
lifecycle!(
    KeyDerivationOperation,
    KeyDerivationOperation,
    key_derivation_abort,
    Algorithm
);

impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage>
    KeyDerivationOperation<'p, D, E, N, S>
{
    /// `psa_key_derivation_setup`: a KDF, or a key agreement followed by a KDF
    /// (`Algorithm::key_agreement(ECDH, HKDF(..))`), whose KDF part is what drivers set up.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_ARGUMENT` for a non-KDF or wildcard algorithm
    /// (a raw key agreement included); `NOT_SUPPORTED` when nobody serves it, e.g. an unknown
    /// KDF inside a key agreement.
    pub fn setup(&mut self, alg: Algorithm) -> Result<()> {
        let r = self.setup_unsettled(alg);
        self.settle(r)
    }

    fn setup_unsettled(&mut self, alg: Algorithm) -> Result<()> {
        self.start()?;
        let kdf = crate::policy::derivation_kdf(alg)?;
        let op = self
            .psa
            .dispatch()
            .key_derivation_setup(entry::key_derivation_setup::Args { alg: kdf })?;
        self.state = State::Active(op, alg);
        Ok(())
    }

    /// `psa_key_derivation_input_bytes`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active or for an input out of order.
    pub fn input_bytes(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        let r = self.input_bytes_unsettled(step, data);
        self.settle(r)
    }

    fn input_bytes_unsettled(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        let psa = self.psa;
        step!(self, key_derivation_abort, |op, _alg| psa
            .dispatch()
            .key_derivation_input_bytes(
                op,
                entry::key_derivation_input_bytes::Args { step, data }
            ))
    }

    /// `psa_key_derivation_input_key`: a key (local storage) as an input: a `DERIVE` key as
    /// the secret, a `RAW_DATA` key as a salt, label, info or seed.
    ///
    /// # Errors
    /// `NOT_PERMITTED` without `DERIVE` or outside the key's algorithm; `INVALID_ARGUMENT`
    /// for a key type the step does not take; `NOT_SUPPORTED` for opaque keys.
    pub fn input_key(&mut self, step: DerivationStep, id: KeyId) -> Result<()> {
        let r = self.input_key_unsettled(step, id);
        self.settle(r)
    }

    fn input_key_unsettled(&mut self, step: DerivationStep, id: KeyId) -> Result<()> {
        let alg = match &self.state {
            State::Active(_, alg) => *alg,
            _ => return Err(Error::BadState),
        };
        let psa = self.psa;
        let mut material = crate::store::KeyBuffer::new();
        psa.with_key(id, |attributes, key| {
            crate::psa::check_policy(attributes, UsageFlags::DERIVE, alg)?;
            if !crate::policy::derivation_input_type_ok(step, attributes.key_type()) {
                return Err(Error::InvalidArgument);
            }
            if attributes.location().is_external() {
                return Err(Error::NotSupported);
            }
            material.bytes[..key.len()].copy_from_slice(key);
            material.len = key.len();
            Ok(())
        })?;
        let r = self.input_bytes(step, material.as_slice());
        material.bytes.zeroize();
        r
    }

    /// `psa_key_derivation_output_bytes`.
    ///
    /// # Errors
    /// `INSUFFICIENT_DATA` past the capacity; `BAD_STATE` before the secret is input.
    pub fn output_bytes(&mut self, output: &mut [u8]) -> Result<()> {
        let r = self.output_bytes_unsettled(output);
        self.settle(r)
    }

    fn output_bytes_unsettled(&mut self, output: &mut [u8]) -> Result<()> {
        let psa = self.psa;
        step!(self, key_derivation_abort, |op, _alg| psa
            .dispatch()
            .key_derivation_output_bytes(
                op,
                entry::key_derivation_output_bytes::Args { output }
            ))
    }
}

// ----- constructors --------------------------------------------------------------------------

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage> Psa<D, E, N, S> {
    /// A new, inactive hash operation (`PSA_HASH_OPERATION_INIT`).
    pub fn hash_operation(&self) -> HashOperation<'_, D, E, N, S> {
        HashOperation {
            psa: self,
            state: State::Inactive,
            failed: false,
        }
    }
    /// A new, inactive MAC operation.
    pub fn mac_operation(&self) -> MacOperation<'_, D, E, N, S> {
        MacOperation {
            psa: self,
            state: State::Inactive,
            failed: false,
        }
    }
    /// A new, inactive cipher operation.
    pub fn cipher_operation(&self) -> CipherOperation<'_, D, E, N, S> {
        CipherOperation {
            psa: self,
            state: State::Inactive,
            failed: false,
        }
    }
    /// A new, inactive AEAD operation.
    pub fn aead_operation(&self) -> AeadOperation<'_, D, E, N, S> {
        AeadOperation {
            psa: self,
            state: State::Inactive,
            failed: false,
        }
    }
    /// A new, inactive key derivation operation.
    pub fn key_derivation_operation(&self) -> KeyDerivationOperation<'_, D, E, N, S> {
        KeyDerivationOperation {
            psa: self,
            state: State::Inactive,
            failed: false,
        }
    }
    /// `psa_hash_setup` on a new operation.
    ///
    /// # Errors
    /// As [`HashOperation::setup`].
    pub fn hash_setup(&self, alg: Algorithm) -> Result<HashOperation<'_, D, E, N, S>> {
        let mut op = self.hash_operation();
        op.setup(alg)?;
        Ok(op)
    }
}
