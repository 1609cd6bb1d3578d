//! Key derivation (`psa_key_derivation_*`).

use super::{Family, Machine};
use crate::dispatch::Dispatch;
use crate::drbg::EntropySource;
use crate::entry;
use crate::psa::Psa;
use crate::storage::{KeyStorage, NoStorage};
use crate::store::DEFAULT_KEY_BYTES;
use crate::{Algorithm, DerivationStep, Error, KeyId, Result, UsageFlags};

/// The key-derivation family: the mode is the algorithm as set up (a key agreement
/// included), against which input keys' policies are checked.
pub(crate) struct Kdf;

impl<D: Dispatch> Family<D> for Kdf {
    type Context = D::KeyDerivationOperation;
    type Mode = Algorithm;
    const NAME: &'static str = "KeyDerivationOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        dispatch.key_derivation_abort(context)
    }
}

/// A key derivation (`psa_key_derivation_operation_t`), e.g. HKDF.
pub struct KeyDerivationOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Kdf>,
}
public_lifecycle!(KeyDerivationOperation);

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    KeyDerivationOperation<'_, D, E, N, S, B>
{
    /// `psa_key_derivation_setup`: a KDF, or a key agreement followed by a KDF
    /// (`Algorithm::key_agreement(ECDH, HKDF(..))`), whose KDF part is what drivers set up.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_ARGUMENT` for a non-KDF or wildcard algorithm
    /// (a raw key agreement included); `NOT_SUPPORTED` when nobody serves it, e.g. an unknown
    /// KDF inside a key agreement.
    pub fn setup(&mut self, alg: Algorithm) -> Result<()> {
        self.m.step(|m| {
            m.start()?;
            let kdf = crate::policy::derivation_kdf(alg)?;
            let op = m
                .psa()
                .dispatch()
                .key_derivation_setup(entry::key_derivation_setup::Args { alg: kdf })?;
            m.begin(op, alg);
            Ok(())
        })
    }

    /// `psa_key_derivation_input_bytes`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active or for an input out of order.
    pub fn input_bytes(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        self.m.step(|m| input_bytes(m, step, data))
    }

    /// `psa_key_derivation_input_key`: a key (local storage) as an input: a `DERIVE` key as
    /// the secret, a `RAW_DATA` key as a salt, label, info or seed.
    ///
    /// # Errors
    /// `NOT_PERMITTED` without `DERIVE` or outside the key's algorithm; `INVALID_ARGUMENT`
    /// for a key type the step does not take; `NOT_SUPPORTED` for opaque keys.
    pub fn input_key(&mut self, step: DerivationStep, id: KeyId) -> Result<()> {
        self.m.step(|m| {
            let alg = *m.mode()?;
            let mut local = crate::store::LocalKey::new();
            let mut material = local.buffer();
            m.psa().with_key(id, |attributes, key| {
                crate::policy::check_policy(attributes, UsageFlags::DERIVE, alg)?;
                if !crate::policy::derivation_input_type_ok(step, attributes.key_type()) {
                    return Err(Error::InvalidArgument);
                }
                if attributes.location().is_external() {
                    return Err(Error::NotSupported);
                }
                let out = material
                    .bytes
                    .get_mut(..key.len())
                    .ok_or(Error::InsufficientMemory)?;
                out.copy_from_slice(key);
                material.len = key.len();
                Ok(())
            })?;
            // `local` is wiped as it drops.
            input_bytes(m, step, material.as_slice())
        })
    }

    /// `psa_key_derivation_output_bytes`.
    ///
    /// # Errors
    /// `INSUFFICIENT_DATA` past the capacity; `BAD_STATE` before the secret is input.
    pub fn output_bytes(&mut self, output: &mut [u8]) -> Result<()> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, _) = m.active()?;
            psa.dispatch().key_derivation_output_bytes(
                op,
                entry::key_derivation_output_bytes::Args { output },
            )
        })
    }
}

/// The step `input_bytes` and `input_key` share.
fn input_bytes<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Kdf>,
    step: DerivationStep,
    data: &[u8],
) -> Result<()> {
    let psa = m.psa();
    let (op, _) = m.active()?;
    psa.dispatch()
        .key_derivation_input_bytes(op, entry::key_derivation_input_bytes::Args { step, data })
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive key derivation operation.
    pub fn key_derivation_operation(&self) -> KeyDerivationOperation<'_, D, E, N, S, B> {
        KeyDerivationOperation {
            m: Machine::new(self),
        }
    }
}
