//! Multi-part cipher (`psa_cipher_*`).

use super::{Family, Machine};
use crate::dispatch::Dispatch;
use crate::distrust::{self, Expect};
use crate::drbg::EntropySource;
use crate::entry;
use crate::psa::Psa;
use crate::storage::{KeyStorage, NoStorage};
use crate::store::DEFAULT_KEY_BYTES;
use crate::{Algorithm, Error, KeyId, Result, UsageFlags};

#[derive(Clone, Copy)]
pub(crate) struct CipherMode {
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

/// The cipher family.
pub(crate) struct Cipher;

impl<D: Dispatch> Family<D> for Cipher {
    type Context = D::CipherOperation;
    type Mode = CipherMode;
    const NAME: &'static str = "CipherOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        dispatch.cipher_abort(context)
    }
}

/// A multi-part cipher (`psa_cipher_operation_t`); the core generates random IVs.
pub struct CipherOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Cipher>,
}
public_lifecycle!(CipherOperation);

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    CipherOperation<'_, D, E, N, S, B>
{
    fn setup(&mut self, id: KeyId, alg: Algorithm, encrypt: bool) -> Result<()> {
        self.m.step(|m| {
            m.start()?;
            if !alg.is_cipher() || alg.is_wildcard() {
                return Err(Error::InvalidArgument);
            }
            let usage = if encrypt {
                UsageFlags::ENCRYPT
            } else {
                UsageFlags::DECRYPT
            };
            let psa = m.psa();
            let (op, iv_length, block) =
                psa.with_symmetric_key(id, usage, alg, |attributes, key| {
                    let iv_length = crate::policy::iv_length(alg, attributes.key_type());
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
            m.begin(
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
        })
    }

    /// `psa_cipher_encrypt_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED` without `ENCRYPT`;
    /// `INVALID_ARGUMENT` for a non-cipher algorithm or unsuitable key.
    pub fn encrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, true)
    }

    /// `psa_cipher_decrypt_setup`.
    ///
    /// # Errors
    /// As [`CipherOperation::encrypt_setup`], with `DECRYPT`.
    pub fn decrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, false)
    }

    /// `psa_cipher_generate_iv`: draw a random IV, give it to the driver (`cipher_set_iv`)
    /// and write it to `iv`. Encryption only.
    ///
    /// # Errors
    /// `BAD_STATE` for a decryption, an IV already set, or an inactive operation;
    /// `BUFFER_TOO_SMALL` if `iv` is shorter than the IV.
    pub fn generate_iv(&mut self, iv: &mut [u8]) -> Result<usize> {
        self.m.step(|m| {
            let mode = *m.mode()?;
            if !(mode.encrypt && !mode.iv_set && mode.iv_length > 0) {
                return Err(Error::BadState);
            }
            let len = mode.iv_length;
            let out = iv.get_mut(..len).ok_or(Error::BufferTooSmall)?;
            let mut fresh = [0u8; 16];
            m.psa().generate_random(&mut fresh[..len])?;
            set_iv(m, &fresh[..len])?;
            out.copy_from_slice(&fresh[..len]);
            Ok(len)
        })
    }

    /// `psa_cipher_set_iv`.
    ///
    /// # Errors
    /// `BAD_STATE` if the IV is already set or not needed; `INVALID_ARGUMENT` for a wrong
    /// length.
    pub fn set_iv(&mut self, iv: &[u8]) -> Result<()> {
        self.m.step(|m| set_iv(m, iv))
    }

    /// `psa_cipher_update`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active with its IV set; `BUFFER_TOO_SMALL`.
    pub fn update(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if !mode.iv_set {
                return Err(Error::BadState);
            }
            let r = psa.dispatch().cipher_update(
                op,
                entry::cipher_update::Args {
                    input,
                    output: &mut *output,
                },
            );
            mode.seen_in = mode.seen_in.saturating_add(input.len());
            let n = distrust::written(r, output, mode.expect_update())?;
            mode.seen_out += n;
            Ok(n)
        })
    }

    /// `psa_cipher_finish`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active with its IV set; `INVALID_ARGUMENT` for a partial block
    /// without padding; `INVALID_PADDING`; `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, output: &mut [u8]) -> Result<usize> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if !mode.iv_set {
                return Err(Error::BadState);
            }
            let r = psa.dispatch().cipher_finish(
                op,
                entry::cipher_finish::Args {
                    output: &mut *output,
                },
            );
            let n = distrust::written(r, output, mode.expect_finish())?;
            m.end(n)
        })
    }
}

/// The step `set_iv` and `generate_iv` share.
fn set_iv<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Cipher>,
    iv: &[u8],
) -> Result<()> {
    let psa = m.psa();
    let (op, mode) = m.active()?;
    if mode.iv_set || mode.iv_length == 0 {
        return Err(Error::BadState);
    }
    if iv.len() != mode.iv_length {
        return Err(Error::InvalidArgument);
    }
    psa.dispatch()
        .cipher_set_iv(op, entry::cipher_set_iv::Args { iv })?;
    mode.iv_set = true;
    Ok(())
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive cipher operation.
    pub fn cipher_operation(&self) -> CipherOperation<'_, D, E, N, S, B> {
        CipherOperation {
            m: Machine::new(self),
        }
    }
}
