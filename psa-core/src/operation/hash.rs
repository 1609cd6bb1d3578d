//! Multi-part hash (`psa_hash_*`).

use super::{Family, Machine};
use crate::dispatch::Dispatch;
use crate::distrust::{self, Expect};
use crate::drbg::EntropySource;
use crate::entry;
use crate::policy::ct_compare;
use crate::psa::Psa;
use crate::storage::{KeyStorage, NoStorage};
use crate::store::DEFAULT_KEY_BYTES;
use crate::{Algorithm, Error, Result};

/// The hash family: the context is the dispatcher's, the mode the algorithm.
pub(crate) struct Hash;

impl<D: Dispatch> Family<D> for Hash {
    type Context = D::HashOperation;
    type Mode = Algorithm;
    const NAME: &'static str = "HashOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        dispatch.hash_abort(context)
    }
}

/// A multi-part hash (`psa_hash_operation_t`).
pub struct HashOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Hash>,
}
public_lifecycle!(HashOperation);

impl<'p, D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    HashOperation<'p, D, E, N, S, B>
{
    /// `psa_hash_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_ARGUMENT` for a non-hash or wildcard algorithm;
    /// `NOT_SUPPORTED` when nobody serves it.
    pub fn setup(&mut self, alg: Algorithm) -> Result<()> {
        self.m.step(|m| {
            m.start()?;
            if !alg.is_hash() || alg.is_wildcard() {
                return Err(Error::InvalidArgument);
            }
            let op = m
                .psa()
                .dispatch()
                .hash_setup(entry::hash_setup::Args { alg })?;
            m.begin(op, alg);
            Ok(())
        })
    }

    /// `psa_hash_update` (an empty input is accepted without calling the driver).
    ///
    /// # Errors
    /// `BAD_STATE` unless active; the driver's error (the operation then needs abort).
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, _) = m.active()?;
            if input.is_empty() {
                return Ok(());
            }
            psa.dispatch()
                .hash_update(op, entry::hash_update::Args { input })
        })
    }

    /// `psa_hash_finish`: write the digest and end the operation.
    ///
    /// # Errors
    /// `BAD_STATE` unless active; `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, hash: &mut [u8]) -> Result<usize> {
        self.m.step(|m| finish(m, hash))
    }

    /// `psa_hash_verify`: finish and compare with `expected` in constant time.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` on a mismatch; `BAD_STATE` unless active.
    pub fn verify(&mut self, expected: &[u8]) -> Result<()> {
        self.m.step(|m| {
            let mut digest = [0u8; 64];
            let n = finish(m, &mut digest)?;
            ct_compare(&digest[..n], expected)
        })
    }

    /// `psa_hash_clone`: a second operation in the same state, on the same driver.
    ///
    /// # Errors
    /// `BAD_STATE` unless active; `NOT_SUPPORTED` if the owning driver cannot clone.
    pub fn clone_operation(&self) -> Result<HashOperation<'p, D, E, N, S, B>> {
        let psa = self.m.psa();
        let alg = *self.m.mode()?;
        let op = self.m.with_context(|op| psa.dispatch().hash_clone(op))?;
        let mut m = Machine::new(psa);
        m.begin(op, alg);
        Ok(HashOperation { m })
    }
}

/// The finishing step `finish` and `verify` share.
fn finish<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Hash>,
    hash: &mut [u8],
) -> Result<usize> {
    let psa = m.psa();
    let (op, alg) = m.active()?;
    let len = alg.hash_length();
    if hash.len() < len {
        return Err(Error::BufferTooSmall);
    }
    let r = psa
        .dispatch()
        .hash_finish(op, entry::hash_finish::Args { hash: &mut *hash });
    let n = distrust::written(r, hash, Expect::exactly_if_known(len))?;
    m.end(n)
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive hash operation (`PSA_HASH_OPERATION_INIT`).
    pub fn hash_operation(&self) -> HashOperation<'_, D, E, N, S, B> {
        HashOperation {
            m: Machine::new(self),
        }
    }

    /// `psa_hash_setup` on a new operation.
    ///
    /// # Errors
    /// As [`HashOperation::setup`].
    pub fn hash_setup(&self, alg: Algorithm) -> Result<HashOperation<'_, D, E, N, S, B>> {
        let mut op = self.hash_operation();
        op.setup(alg)?;
        Ok(op)
    }
}
