//! HMAC_DRBG (NIST SP 800-90A §10.1.2) with SHA-256: the core's random generator.

use hmac::{KeyInit, Mac};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Error, Result};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Most bytes one `generate` call may return (SP 800-90A: 2^19 bits).
const MAX_REQUEST: usize = 1 << 16;
/// Requests allowed between reseeds (SP 800-90A allows 2^48; we reseed far sooner).
const RESEED_INTERVAL: u64 = 1 << 20;

/// A source of entropy that seeds and reseeds the DRBG.
///
/// On a microcontroller, implement it over the TRNG peripheral. With the `std` feature,
/// `OsEntropy` reads the operating system's generator.
pub trait EntropySource: Send {
    /// Fill `out` with full-entropy bytes.
    ///
    /// # Errors
    /// `INSUFFICIENT_ENTROPY` (or `HARDWARE_FAILURE`) when none can be had.
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()>;
}

/// Entropy from the operating system (`getrandom`).
#[cfg(feature = "std")]
#[derive(Debug, Default, Clone, Copy)]
pub struct OsEntropy;

#[cfg(feature = "std")]
impl OsEntropy {
    /// The operating system's generator (`const`, for a `static` [`Psa`](crate::Psa)).
    pub const fn new() -> Self {
        OsEntropy
    }
}

#[cfg(feature = "std")]
impl EntropySource for OsEntropy {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        getrandom::fill(out).map_err(|_| Error::InsufficientEntropy)
    }
}

/// An entropy source that has none: every request fails with `INSUFFICIENT_ENTROPY`.
/// The default on `no_std`, where the application must supply its own source.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoEntropy;

impl NoEntropy {
    /// The empty source (`const`, for a `static` [`Psa`](crate::Psa)).
    pub const fn new() -> Self {
        NoEntropy
    }
}

impl EntropySource for NoEntropy {
    fn fill_entropy(&mut self, _out: &mut [u8]) -> Result<()> {
        Err(Error::InsufficientEntropy)
    }
}

/// The default entropy source: `OsEntropy` with `std`, [`NoEntropy`] without.
#[cfg(feature = "std")]
pub type DefaultEntropy = OsEntropy;
/// The default entropy source: `OsEntropy` with `std`, [`NoEntropy`] without.
#[cfg(not(feature = "std"))]
pub type DefaultEntropy = NoEntropy;

/// HMAC_DRBG state with SHA-256. Secret state is zeroized on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct HmacDrbg {
    k: [u8; 32],
    v: [u8; 32],
    reseed_counter: u64,
}

impl core::fmt::Debug for HmacDrbg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HmacDrbg { .. }")
    }
}

fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    // A 32-byte key is always a valid HMAC key.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

impl HmacDrbg {
    /// Instantiate from `entropy || nonce || personalization` (SP 800-90A §10.1.2.3).
    pub fn new(entropy: &[u8], nonce: &[u8], personalization: &[u8]) -> HmacDrbg {
        let mut d = HmacDrbg {
            k: [0; 32],
            v: [1; 32],
            reseed_counter: 1,
        };
        d.update(&[entropy, nonce, personalization]);
        d
    }

    /// Instantiate from an entropy source: 32 bytes of entropy and a 16-byte nonce.
    ///
    /// # Errors
    /// The source's error.
    pub fn from_entropy(
        source: &mut dyn EntropySource,
        personalization: &[u8],
    ) -> Result<HmacDrbg> {
        let mut seed = [0u8; 48];
        source.fill_entropy(&mut seed)?;
        let d = HmacDrbg::new(&seed[..32], &seed[32..], personalization);
        seed.zeroize();
        Ok(d)
    }

    fn update(&mut self, data: &[&[u8]]) {
        let provided = data.iter().any(|d| !d.is_empty());
        let mut parts: [&[u8]; 5] = [&self.v, &[0x00], &[], &[], &[]];
        for (slot, d) in parts[2..].iter_mut().zip(data) {
            *slot = d;
        }
        let k = hmac(&self.k, &parts);
        self.k = k;
        self.v = hmac(&self.k, &[&self.v]);
        if provided {
            let mut parts: [&[u8]; 5] = [&self.v, &[0x01], &[], &[], &[]];
            for (slot, d) in parts[2..].iter_mut().zip(data) {
                *slot = d;
            }
            let k = hmac(&self.k, &parts);
            self.k = k;
            self.v = hmac(&self.k, &[&self.v]);
        }
    }

    /// Reseed with fresh entropy (SP 800-90A §10.1.2.4).
    pub fn reseed(&mut self, entropy: &[u8], additional: &[u8]) {
        self.update(&[entropy, additional]);
        self.reseed_counter = 1;
    }

    /// Whether the reseed interval has been reached.
    pub fn needs_reseed(&self) -> bool {
        self.reseed_counter > RESEED_INTERVAL
    }

    /// Generate `out.len()` bytes (SP 800-90A §10.1.2.5), in requests of at most 64 KiB.
    ///
    /// # Errors
    /// `BAD_STATE` if the reseed interval was reached (call [`HmacDrbg::reseed`]).
    pub fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<()> {
        for chunk in out.chunks_mut(MAX_REQUEST) {
            if self.needs_reseed() {
                return Err(Error::BadState);
            }
            if !additional.is_empty() {
                self.update(&[additional]);
            }
            for block in chunk.chunks_mut(32) {
                self.v = hmac(&self.k, &[&self.v]);
                block.copy_from_slice(&self.v[..block.len()]);
            }
            self.update(&[additional]);
            self.reseed_counter += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> [u8; 128] {
        let mut out = [0u8; 128];
        for (i, b) in out.iter_mut().enumerate().take(s.len() / 2) {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    // NIST CAVP DRBG 800-90A, HMAC_DRBG.rsp, [SHA-256], PredictionResistance = False,
    // EntropyInputLen = 256, NonceLen = 128, PersonalizationStringLen = 0,
    // AdditionalInputLen = 0, ReturnedBitsLen = 1024, no reseed, COUNT = 0.
    // The procedure: instantiate, generate (discarded), generate (compared).
    #[test]
    fn cavp_hmac_drbg_sha256_no_reseed_count0() {
        let entropy = h("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488");
        let nonce = h("659ba96c601dc69fc902940805ec0ca8");
        let expected = h(concat!(
            "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89",
            "d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc1",
            "07694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668",
            "961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8"
        ));
        let mut d = HmacDrbg::new(&entropy[..32], &nonce[..16], &[]);
        let mut out = [0u8; 128];
        d.generate(&mut out, &[]).unwrap();
        d.generate(&mut out, &[]).unwrap();
        assert_eq!(out, expected);
    }

    // NIST CAVP DRBG 800-90A, HMAC_DRBG.rsp (with reseed), [SHA-256], COUNT = 0:
    // instantiate, reseed, generate (discarded), generate (compared).
    #[test]
    fn cavp_hmac_drbg_sha256_reseed_count0() {
        let entropy = h("06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d");
        let nonce = h("0e66f71edc43e42a45ad3c6fc6cdc4df");
        let reseed = h("01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552");
        let expected = h(concat!(
            "76fc79fe9b50beccc991a11b5635783a83536add03c157fb30645e611c2898bb",
            "2b1bc215000209208cd506cb28da2a51bdb03826aaf2bd2335d576d519160842",
            "e7158ad0949d1a9ec3e66ea1b1a064b005de914eac2e9d4f2d72a8616a802254",
            "22918250ff66a41bd2f864a6a38cc5b6499dc43f7f2bd09e1e0f8f5885935124"
        ));
        let mut d = HmacDrbg::new(&entropy[..32], &nonce[..16], &[]);
        d.reseed(&reseed[..32], &[]);
        let mut out = [0u8; 128];
        d.generate(&mut out, &[]).unwrap();
        d.generate(&mut out, &[]).unwrap();
        assert_eq!(out, expected);
    }

    #[test]
    fn long_requests_are_chunked() {
        let mut d = HmacDrbg::new(&[7; 32], &[1; 16], b"");
        let mut big = [0u8; MAX_REQUEST + 100];
        d.generate(&mut big, &[]).unwrap();
        assert!(big[MAX_REQUEST..].iter().any(|&b| b != 0));
    }

    #[test]
    fn no_entropy_fails_cleanly() {
        assert_eq!(
            HmacDrbg::from_entropy(&mut NoEntropy, b"").err(),
            Some(Error::InsufficientEntropy)
        );
    }
}
