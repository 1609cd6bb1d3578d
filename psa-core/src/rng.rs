//! Randomness: the front-end's random component ([`Randomness`]: registered `get_random`
//! drivers, then the HMAC_DRBG), and the [`Rng`] handle drivers receive over it.
//!
//! The component reaches only the dispatcher and the DRBG, never the front-end `Psa`, so a
//! driver's `Rng` cannot call back into the front-end.

use crate::dispatch::Dispatch;
use crate::drbg::{EntropySource, HmacDrbg};
use crate::lock::{Mutex, RawMutex};
use crate::{EntryPoint, Error, Result, entry};

/// The DRBG and its entropy source, seeded on first use.
struct DrbgState<E> {
    entropy: E,
    drbg: Option<HmacDrbg>,
}

/// The front-end's HMAC_DRBG behind its lock, seeded from `E` on first use.
pub(crate) struct Drbg<L: RawMutex, E: EntropySource> {
    state: Mutex<L, DrbgState<E>>,
}

impl<L: RawMutex, E: EntropySource> Drbg<L, E> {
    /// An unseeded DRBG over `entropy`.
    pub(crate) const fn new(entropy: E) -> Self {
        Drbg {
            state: Mutex::new(DrbgState {
                entropy,
                drbg: None,
            }),
        }
    }

    /// Fill `out` from the DRBG, (re)seeding it first when needed.
    fn fill(&self, out: &mut [u8]) -> Result<()> {
        self.state
            .lock(|DrbgState { entropy, drbg }| {
                if drbg.as_ref().is_none_or(HmacDrbg::needs_reseed) {
                    *drbg = Some(HmacDrbg::from_entropy(entropy, b"psa-core")?);
                }
                drbg.as_mut().ok_or(Error::BadState)?.generate(out, &[])
            })
            // Only a re-entrant call (an entropy source asking for random bytes) gets here.
            .unwrap_or(Err(Error::BadState))
    }
}

/// The front-end's random component: the first registered `get_random` driver that serves,
/// else the DRBG. A value of it is two references, made where randomness is needed.
pub(crate) struct Randomness<'a, D: Dispatch, E: EntropySource> {
    dispatch: &'a D,
    drbg: &'a Drbg<D::Lock, E>,
}

impl<'a, D: Dispatch, E: EntropySource> Randomness<'a, D, E> {
    /// The component over `dispatch`'s `get_random` drivers and `drbg`.
    pub(crate) fn new(dispatch: &'a D, drbg: &'a Drbg<D::Lock, E>) -> Self {
        Randomness { dispatch, drbg }
    }
}

impl<D: Dispatch, E: EntropySource> RandomSource for Randomness<'_, D, E> {
    fn fill(&self, out: &mut [u8]) -> Result<()> {
        if out.is_empty() {
            return Ok(());
        }
        // Entry points the built-in never serves, like `get_random`, are dispatched only
        // when a registered driver declares them.
        if self.dispatch.info().declares(EntryPoint::GetRandom) {
            match self
                .dispatch
                .get_random(entry::get_random::Args { output: &mut *out })
            {
                Err(Error::NotSupported) => {}
                r => return r,
            }
        }
        self.drbg.fill(out)
    }
}

/// A source of cryptographically secure random bytes.
///
/// The core implements this over the registered `get_random` drivers and its DRBG; tests
/// may implement it deterministically. Implementations use interior mutability so that one
/// source can serve many threads.
pub trait RandomSource {
    /// Fill `out` with random bytes.
    ///
    /// # Errors
    /// `INSUFFICIENT_ENTROPY` or `HARDWARE_FAILURE` when no randomness can be had.
    fn fill(&self, out: &mut [u8]) -> Result<()>;
}

/// A handle on the core's random source, passed to entry points that need randomness
/// (`generate_key`, `sign_hash`, `sign_message`, `asymmetric_encrypt`).
///
/// It implements `rand_core`'s `TryRng` and `TryCryptoRng`, so it can be passed to
/// RustCrypto APIs such as `sign_prehash_with_rng`.
#[derive(Clone, Copy)]
pub struct Rng<'a> {
    source: &'a dyn RandomSource,
}

impl core::fmt::Debug for Rng<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Rng")
    }
}

impl<'a> Rng<'a> {
    /// A handle on `source`.
    pub fn new(source: &'a dyn RandomSource) -> Self {
        Rng { source }
    }

    /// Fill `out` with random bytes.
    ///
    /// # Errors
    /// Whatever the source reports, typically `INSUFFICIENT_ENTROPY`.
    pub fn fill(&self, out: &mut [u8]) -> Result<()> {
        self.source.fill(out)
    }
}

impl rand_core::TryRng for Rng<'_> {
    type Error = Error;

    fn try_next_u32(&mut self) -> Result<u32> {
        let mut b = [0u8; 4];
        self.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        self.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<()> {
        self.fill(dst)
    }
}

impl rand_core::TryCryptoRng for Rng<'_> {}
