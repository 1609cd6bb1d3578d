//! Randomness handed to drivers and used by the built-in implementation.

use crate::{Error, Result};

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
