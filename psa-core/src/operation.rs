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
use crate::drbg::EntropySource;
use crate::entry;
use crate::psa::{Psa, ct_compare};
use crate::{Algorithm, DerivationStep, Error, KeyId, KeyType, Result, UsageFlags};

/// Where an operation stands.
enum State<Op, Extra> {
    Inactive,
    Active(Op, Extra),
    /// A step failed; only abort is allowed.
    Failed,
}

impl<Op, Extra> State<Op, Extra> {
    fn is_inactive(&self) -> bool {
        matches!(self, State::Inactive)
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
        impl<'p, D: Dispatch, E: EntropySource, const N: usize> $ty<'p, D, E, N> {
            /// Release the driver's context (once), whatever the state; leaves the operation
            /// inactive. Aborting an inactive operation succeeds.
            ///
            /// # Errors
            /// The driver's abort status.
            pub fn abort(&mut self) -> Result<()> {
                self.release(State::Inactive)
            }

            /// Call the owner's abort on the context where it lies, then drop it in place
            /// by assigning `next`: the context is never moved out of the operation, so no
            /// copy of it is left behind (a context that wipes itself on drop is gone).
            fn release(&mut self, next: State<D::$opty, $extra>) -> Result<()> {
                let r = match &mut self.state {
                    State::Active(op, _) => self.psa.dispatch().$abort(op),
                    State::Inactive | State::Failed => Ok(()),
                };
                self.state = next;
                r
            }

            /// Whether a setup succeeded and the operation has not finished or failed.
            pub fn is_active(&self) -> bool {
                matches!(self.state, State::Active(..))
            }

            fn fail(&mut self) {
                if !self.state.is_inactive() {
                    let _ = self.release(State::Failed);
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
                if self.state.is_inactive() {
                    Ok(())
                } else {
                    Err(Error::BadState)
                }
            }
        }

        impl<D: Dispatch, E: EntropySource, const N: usize> Drop for $ty<'_, D, E, N> {
            fn drop(&mut self) {
                let _ = self.abort();
            }
        }

        impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for $ty<'_, D, E, N> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let state = match self.state {
                    State::Inactive => "inactive",
                    State::Active(..) => "active",
                    State::Failed => "failed",
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
pub struct HashOperation<'p, D: Dispatch, E: EntropySource, const N: usize> {
    psa: &'p Psa<D, E, N>,
    state: State<D::HashOperation, Algorithm>,
}
lifecycle!(HashOperation, HashOperation, hash_abort, Algorithm);

impl<'p, D: Dispatch, E: EntropySource, const N: usize> HashOperation<'p, D, E, N> {
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
        let op = self.psa.dispatch().hash_setup(entry::hash_setup::Args {
            alg,
            _lt: Default::default(),
        })?;
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
            psa.dispatch().hash_update(
                op,
                entry::hash_update::Args {
                    input,
                    _lt: Default::default(),
                },
            )
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
                psa.dispatch().hash_finish(
                    op,
                    entry::hash_finish::Args {
                        hash,
                        _lt: Default::default(),
                    },
                )
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
    pub fn clone_operation(&self) -> Result<HashOperation<'p, D, E, N>> {
        match &self.state {
            State::Active(op, alg) => Ok(HashOperation {
                psa: self.psa,
                state: State::Active(self.psa.dispatch().hash_clone(op)?, *alg),
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
}

/// A multi-part MAC (`psa_mac_operation_t`).
pub struct MacOperation<'p, D: Dispatch, E: EntropySource, const N: usize> {
    psa: &'p Psa<D, E, N>,
    state: State<D::MacOperation, MacMode>,
}
lifecycle!(MacOperation, MacOperation, mac_abort, MacMode);

impl<'p, D: Dispatch, E: EntropySource, const N: usize> MacOperation<'p, D, E, N> {
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
        let op = psa.with_symmetric_key(id, usage, alg, |attributes, key| {
            let args = entry::mac_sign_setup::Args {
                attributes,
                key_buffer: key,
                alg,
                _lt: Default::default(),
            };
            if sign {
                psa.dispatch().mac_sign_setup(args)
            } else {
                psa.dispatch()
                    .mac_verify_setup(entry::mac_verify_setup::Args {
                        attributes: args.attributes,
                        key_buffer: args.key_buffer,
                        alg,
                        _lt: Default::default(),
                    })
            }
        })?;
        self.state = State::Active(op, MacMode { sign });
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
        step!(self, mac_abort, |op, _m| psa.dispatch().mac_update(
            op,
            entry::mac_update::Args {
                input,
                _lt: Default::default()
            }
        ))
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
        if matches!(self.state, State::Active(_, MacMode { sign: false })) {
            return Err(Error::BadState);
        }
        let psa = self.psa;
        let r = step!(self, mac_abort, |op, _m| psa.dispatch().mac_sign_finish(
            op,
            entry::mac_sign_finish::Args {
                mac,
                _lt: Default::default()
            }
        ));
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
        if matches!(self.state, State::Active(_, MacMode { sign: true })) {
            return Err(Error::BadState);
        }
        let psa = self.psa;
        let r = step!(self, mac_abort, |op, _m| psa.dispatch().mac_verify_finish(
            op,
            entry::mac_verify_finish::Args {
                mac,
                _lt: Default::default()
            }
        ));
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
}

/// A multi-part cipher (`psa_cipher_operation_t`); the core generates random IVs.
pub struct CipherOperation<'p, D: Dispatch, E: EntropySource, const N: usize> {
    psa: &'p Psa<D, E, N>,
    state: State<D::CipherOperation, CipherMode>,
}
lifecycle!(CipherOperation, CipherOperation, cipher_abort, CipherMode);

impl<'p, D: Dispatch, E: EntropySource, const N: usize> CipherOperation<'p, D, E, N> {
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
        let (op, iv_length) = psa.with_symmetric_key(id, usage, alg, |attributes, key| {
            let iv_length = crate::psa::iv_length(alg, attributes.key_type());
            let op = if encrypt {
                psa.dispatch()
                    .cipher_encrypt_setup(entry::cipher_encrypt_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                        _lt: Default::default(),
                    })
            } else {
                psa.dispatch()
                    .cipher_decrypt_setup(entry::cipher_decrypt_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                        _lt: Default::default(),
                    })
            }?;
            Ok((op, iv_length))
        })?;
        self.state = State::Active(
            op,
            CipherMode {
                encrypt,
                iv_length,
                iv_set: iv_length == 0,
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
            let r = psa.dispatch().cipher_set_iv(
                op,
                entry::cipher_set_iv::Args {
                    iv,
                    _lt: Default::default(),
                },
            );
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
        step!(self, cipher_abort, |op, _m| psa.dispatch().cipher_update(
            op,
            entry::cipher_update::Args {
                input,
                output,
                _lt: Default::default()
            }
        ))
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
        let r = step!(self, cipher_abort, |op, _m| psa.dispatch().cipher_finish(
            op,
            entry::cipher_finish::Args {
                output,
                _lt: Default::default()
            }
        ));
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
}

/// A multi-part AEAD (`psa_aead_operation_t`). The built-in serves AEAD single-part only;
/// multi-part AEAD needs a driver.
pub struct AeadOperation<'p, D: Dispatch, E: EntropySource, const N: usize> {
    psa: &'p Psa<D, E, N>,
    state: State<D::AeadOperation, AeadMode>,
}
lifecycle!(AeadOperation, AeadOperation, aead_abort, AeadMode);

impl<'p, D: Dispatch, E: EntropySource, const N: usize> AeadOperation<'p, D, E, N> {
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
            if encrypt {
                psa.dispatch()
                    .aead_encrypt_setup(entry::aead_encrypt_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                        _lt: Default::default(),
                    })
            } else {
                psa.dispatch()
                    .aead_decrypt_setup(entry::aead_decrypt_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                        _lt: Default::default(),
                    })
            }
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
            Some(m) if !m.nonce_set => {}
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, aead_abort, |op, m| {
            let r = psa.dispatch().aead_set_nonce(
                op,
                entry::aead_set_nonce::Args {
                    nonce,
                    _lt: Default::default(),
                },
            );
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
            Some(m) if m.encrypt && !m.nonce_set => {}
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
            Some(m) if m.lengths.is_none() && m.ad_seen == 0 && !m.body_started => {}
            _ => return Err(Error::BadState),
        }
        let psa = self.psa;
        step!(self, aead_abort, |op, m| {
            let r = psa.dispatch().aead_set_lengths(
                op,
                entry::aead_set_lengths::Args {
                    ad_length,
                    plaintext_length,
                    _lt: Default::default(),
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
            let r = psa.dispatch().aead_update_ad(
                op,
                entry::aead_update_ad::Args {
                    input,
                    _lt: Default::default(),
                },
            );
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
            psa.dispatch().aead_update(
                op,
                entry::aead_update::Args {
                    input,
                    output,
                    _lt: Default::default(),
                },
            )
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
        let r = step!(self, aead_abort, |op, _m| psa.dispatch().aead_finish(
            op,
            entry::aead_finish::Args {
                ciphertext,
                tag,
                _lt: Default::default()
            }
        ));
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
        let r = step!(self, aead_abort, |op, _m| psa.dispatch().aead_verify(
            op,
            entry::aead_verify::Args {
                plaintext,
                tag,
                _lt: Default::default()
            }
        ));
        let done = r?;
        self.finished(Ok(done))
    }
}

// ----- key derivation ------------------------------------------------------------------------

/// A key derivation (`psa_key_derivation_operation_t`), e.g. HKDF.
pub struct KeyDerivationOperation<'p, D: Dispatch, E: EntropySource, const N: usize> {
    psa: &'p Psa<D, E, N>,
    state: State<D::KeyDerivationOperation, Algorithm>,
}
lifecycle!(
    KeyDerivationOperation,
    KeyDerivationOperation,
    key_derivation_abort,
    Algorithm
);

impl<'p, D: Dispatch, E: EntropySource, const N: usize> KeyDerivationOperation<'p, D, E, N> {
    /// `psa_key_derivation_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_ARGUMENT` for a non-KDF or wildcard algorithm;
    /// `NOT_SUPPORTED` when nobody serves it.
    pub fn setup(&mut self, alg: Algorithm) -> Result<()> {
        let r = self.setup_unsettled(alg);
        self.settle(r)
    }

    fn setup_unsettled(&mut self, alg: Algorithm) -> Result<()> {
        self.start()?;
        if !alg.is_key_derivation() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let op = self
            .psa
            .dispatch()
            .key_derivation_setup(entry::key_derivation_setup::Args {
                alg,
                _lt: Default::default(),
            })?;
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
                entry::key_derivation_input_bytes::Args {
                    step,
                    data,
                    _lt: Default::default()
                }
            ))
    }

    /// `psa_key_derivation_input_key`: a `DERIVE` key (local storage) as the secret.
    ///
    /// # Errors
    /// `NOT_PERMITTED` without `DERIVE` or outside the key's algorithm; `INVALID_ARGUMENT`
    /// for a key type other than `DERIVE`/`RAW_DATA`; `NOT_SUPPORTED` for opaque keys.
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
            if !matches!(
                attributes.key_type(),
                KeyType::DERIVE | KeyType::RAW_DATA | KeyType::HMAC
            ) {
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
                entry::key_derivation_output_bytes::Args {
                    output,
                    _lt: Default::default()
                }
            ))
    }
}

// ----- constructors --------------------------------------------------------------------------

impl<D: Dispatch, E: EntropySource, const N: usize> Psa<D, E, N> {
    /// A new, inactive hash operation (`PSA_HASH_OPERATION_INIT`).
    pub fn hash_operation(&self) -> HashOperation<'_, D, E, N> {
        HashOperation {
            psa: self,
            state: State::Inactive,
        }
    }
    /// A new, inactive MAC operation.
    pub fn mac_operation(&self) -> MacOperation<'_, D, E, N> {
        MacOperation {
            psa: self,
            state: State::Inactive,
        }
    }
    /// A new, inactive cipher operation.
    pub fn cipher_operation(&self) -> CipherOperation<'_, D, E, N> {
        CipherOperation {
            psa: self,
            state: State::Inactive,
        }
    }
    /// A new, inactive AEAD operation.
    pub fn aead_operation(&self) -> AeadOperation<'_, D, E, N> {
        AeadOperation {
            psa: self,
            state: State::Inactive,
        }
    }
    /// A new, inactive key derivation operation.
    pub fn key_derivation_operation(&self) -> KeyDerivationOperation<'_, D, E, N> {
        KeyDerivationOperation {
            psa: self,
            state: State::Inactive,
        }
    }
    /// `psa_hash_setup` on a new operation.
    ///
    /// # Errors
    /// As [`HashOperation::setup`].
    pub fn hash_setup(&self, alg: Algorithm) -> Result<HashOperation<'_, D, E, N>> {
        let mut op = self.hash_operation();
        op.setup(alg)?;
        Ok(op)
    }
}
