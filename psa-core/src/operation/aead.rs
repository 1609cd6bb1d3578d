//! Multi-part AEAD (`psa_aead_*`).

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
pub(crate) struct AeadMode {
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
    /// CCM needs its lengths before any data (`B0` holds the plaintext length): without them
    /// the data steps are `BAD_STATE` (PSA Crypto API, `psa_aead_update_ad`).
    fn lengths_missing(&self) -> bool {
        self.lengths.is_none() && self.alg.aead_default() == Algorithm::CCM
    }
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

/// The AEAD family.
pub(crate) struct Aead;

impl<D: Dispatch> Family<D> for Aead {
    type Context = D::AeadOperation;
    type Mode = AeadMode;
    const NAME: &'static str = "AeadOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        dispatch.aead_abort(context)
    }
}

/// A multi-part AEAD (`psa_aead_operation_t`). The built-in streams AES-GCM and
/// ChaCha20-Poly1305 (`builtin-aead`) and AES-CCM (`builtin-ccm`, lengths set first).
pub struct AeadOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Aead>,
}
public_lifecycle!(AeadOperation);

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    AeadOperation<'_, D, E, N, S, B>
{
    fn setup(&mut self, id: KeyId, alg: Algorithm, encrypt: bool) -> Result<()> {
        self.m.step(|m| {
            m.start()?;
            if !alg.is_aead() || alg.is_wildcard() {
                return Err(Error::InvalidArgument);
            }
            let usage = if encrypt {
                UsageFlags::ENCRYPT
            } else {
                UsageFlags::DECRYPT
            };
            let psa = m.psa();
            let op = psa.with_symmetric_key(id, usage, alg, |attributes, key| {
                if encrypt {
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
                }
            })?;
            m.begin(
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
        })
    }

    /// `psa_aead_encrypt_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED`; `INVALID_ARGUMENT`;
    /// `NOT_SUPPORTED` when neither a driver nor the built-in serves the algorithm.
    pub fn encrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, true)
    }

    /// `psa_aead_decrypt_setup`.
    ///
    /// # Errors
    /// As [`AeadOperation::encrypt_setup`], with `DECRYPT`.
    pub fn decrypt_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, false)
    }

    /// `psa_aead_set_nonce`.
    ///
    /// # Errors
    /// `BAD_STATE` if the nonce is already set or the operation is inactive.
    pub fn set_nonce(&mut self, nonce: &[u8]) -> Result<()> {
        self.m.step(|m| set_nonce(m, nonce))
    }

    /// `psa_aead_generate_nonce`: a random nonce of `len` bytes, set and written to `nonce`.
    ///
    /// # Errors
    /// `BAD_STATE` for a decryption or a nonce already set; `BUFFER_TOO_SMALL`.
    pub fn generate_nonce(&mut self, nonce: &mut [u8], len: usize) -> Result<usize> {
        self.m.step(|m| {
            let mode = *m.mode()?;
            if !mode.encrypt || mode.nonce_set {
                return Err(Error::BadState);
            }
            crate::policy::check_aead_nonce_length(mode.alg, len)?;
            if len > 16 {
                return Err(Error::InvalidArgument);
            }
            let out = nonce.get_mut(..len).ok_or(Error::BufferTooSmall)?;
            let mut fresh = [0u8; 16];
            m.psa().generate_random(&mut fresh[..len])?;
            set_nonce(m, &fresh[..len])?;
            out.copy_from_slice(&fresh[..len]);
            Ok(len)
        })
    }

    /// `psa_aead_set_lengths`: declare the total additional-data and plaintext lengths.
    ///
    /// # Errors
    /// `BAD_STATE` if data was already passed or lengths were already set.
    pub fn set_lengths(&mut self, ad_length: usize, plaintext_length: usize) -> Result<()> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if mode.lengths.is_some() || mode.ad_seen != 0 || mode.body_started {
                return Err(Error::BadState);
            }
            crate::policy::check_aead_lengths(mode.alg, ad_length, plaintext_length)?;
            psa.dispatch().aead_set_lengths(
                op,
                entry::aead_set_lengths::Args {
                    ad_length,
                    plaintext_length,
                },
            )?;
            mode.lengths = Some((ad_length, plaintext_length));
            Ok(())
        })
    }

    /// `psa_aead_update_ad`.
    ///
    /// # Errors
    /// `BAD_STATE` without a nonce, for CCM without lengths, or after body data; `INVALID_ARGUMENT` past the declared
    /// length.
    pub fn update_ad(&mut self, input: &[u8]) -> Result<()> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if !mode.nonce_set || mode.body_started || mode.lengths_missing() {
                return Err(Error::BadState);
            }
            if mode
                .lengths
                .is_some_and(|(ad, _)| mode.ad_seen + input.len() > ad)
            {
                return Err(Error::InvalidArgument);
            }
            let r = psa
                .dispatch()
                .aead_update_ad(op, entry::aead_update_ad::Args { input });
            mode.ad_seen += input.len();
            r
        })
    }

    /// `psa_aead_update`.
    ///
    /// # Errors
    /// `BAD_STATE` without a nonce; `INVALID_ARGUMENT` if the declared additional data is
    /// incomplete or the declared plaintext length is exceeded; `BUFFER_TOO_SMALL`.
    pub fn update(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if !mode.nonce_set || mode.lengths_missing() {
                return Err(Error::BadState);
            }
            if let Some((ad, pt)) = mode.lengths
                && (mode.ad_seen != ad || mode.body_seen + input.len() > pt)
            {
                return Err(Error::InvalidArgument);
            }
            mode.body_started = true;
            mode.body_seen += input.len();
            let r = psa.dispatch().aead_update(
                op,
                entry::aead_update::Args {
                    input,
                    output: &mut *output,
                },
            );
            let n = distrust::written(r, output, mode.expect_update())?;
            mode.body_out += n;
            Ok(n)
        })
    }

    /// `psa_aead_finish`: the last ciphertext bytes and the tag; returns (ciphertext
    /// length, tag length).
    ///
    /// # Errors
    /// `BAD_STATE` unless an encryption with its nonce set; `INVALID_ARGUMENT` if the
    /// declared lengths were not met; `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, ciphertext: &mut [u8], tag: &mut [u8]) -> Result<(usize, usize)> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            check_complete(mode, true)?;
            let r = psa.dispatch().aead_finish(
                op,
                entry::aead_finish::Args {
                    ciphertext: &mut *ciphertext,
                    tag: &mut *tag,
                },
            );
            let (c, t) = match r {
                Ok((c, t)) => (
                    distrust::written(Ok(c), ciphertext, mode.expect_last()),
                    distrust::written(Ok(t), tag, Expect::exactly_if_known(mode.tag)),
                ),
                Err(e) => (Err(e), Err(e)),
            };
            match (c, t) {
                (Ok(c), Ok(t)) => m.end((c, t)),
                (Err(e), _) | (_, Err(e)) => {
                    // Never hand out half of a result the core cannot trust.
                    zeroize::Zeroize::zeroize(&mut *ciphertext);
                    zeroize::Zeroize::zeroize(&mut *tag);
                    Err(e)
                }
            }
        })
    }

    /// `psa_aead_verify`: the last plaintext bytes, after checking the tag.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` if the tag does not verify; `BAD_STATE` unless a decryption with
    /// its nonce set.
    pub fn verify(&mut self, plaintext: &mut [u8], tag: &[u8]) -> Result<usize> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            check_complete(mode, false)?;
            let r = psa.dispatch().aead_verify(
                op,
                entry::aead_verify::Args {
                    plaintext: &mut *plaintext,
                    tag,
                },
            );
            let n = distrust::written(r, plaintext, mode.expect_last())?;
            m.end(n)
        })
    }
}

/// The step `set_nonce` and `generate_nonce` share.
fn set_nonce<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Aead>,
    nonce: &[u8],
) -> Result<()> {
    let psa = m.psa();
    let (op, mode) = m.active()?;
    if mode.nonce_set {
        return Err(Error::BadState);
    }
    crate::policy::check_aead_nonce_length(mode.alg, nonce.len())?;
    psa.dispatch()
        .aead_set_nonce(op, entry::aead_set_nonce::Args { nonce })?;
    mode.nonce_set = true;
    Ok(())
}

/// A finish (`encrypt`) or verify (`!encrypt`) may run: the right direction, a nonce, and
/// the declared lengths met.
fn check_complete(mode: &AeadMode, encrypt: bool) -> Result<()> {
    if !mode.nonce_set || mode.encrypt != encrypt || mode.lengths_missing() {
        return Err(Error::BadState);
    }
    if mode
        .lengths
        .is_some_and(|(ad, pt)| ad != mode.ad_seen || pt != mode.body_seen)
    {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive AEAD operation.
    pub fn aead_operation(&self) -> AeadOperation<'_, D, E, N, S, B> {
        AeadOperation {
            m: Machine::new(self),
        }
    }
}
