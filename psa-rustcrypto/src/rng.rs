//! The front-end's random generator as `rand_core` traits.

use psa_core::{Dispatch, EntropySource, Error, Psa};

/// `psa_generate_random` as a `rand_core::TryRng` + `TryCryptoRng`: registered `get_random`
/// drivers first, then the core's DRBG. Errors are the PSA status (typically
/// `INSUFFICIENT_ENTROPY`); wrap it in `rand_core::UnwrapErr` where an infallible `Rng` is
/// required.
pub struct PsaRng<'p, D: Dispatch, E: EntropySource, const N: usize> {
    psa: &'p Psa<D, E, N>,
}

impl<'p, D: Dispatch, E: EntropySource, const N: usize> PsaRng<'p, D, E, N> {
    /// A generator drawing from `psa`.
    pub fn new(psa: &'p Psa<D, E, N>) -> Self {
        PsaRng { psa }
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaRng<'_, D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PsaRng")
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> rand_core::TryRng for PsaRng<'_, D, E, N> {
    type Error = Error;

    fn try_next_u32(&mut self) -> Result<u32, Error> {
        let mut b = [0u8; 4];
        self.psa.generate_random(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Error> {
        let mut b = [0u8; 8];
        self.psa.generate_random(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        self.psa.generate_random(dst)
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> rand_core::TryCryptoRng
    for PsaRng<'_, D, E, N>
{
}
