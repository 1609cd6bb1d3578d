//! Built-in key derivation: HKDF (RFC 5869) with SHA-224/256/384/512, streaming its output,
//! and PBKDF2 ([`pbkdf2`], `builtin-pbkdf2`).
//!
//! Inputs follow the PSA order: the salt (optional) before the secret, the secret once, the
//! info once (required, possibly empty), any time before output starts. The extract step runs as soon as the
//! secret arrives, so the context holds the keyed PRK state and never the secret itself.
//! Expansion needs the info for every block: without a heap it is kept in a fixed buffer of
//! [`MAX_INFO_LENGTH`] bytes.

use core::fmt;

use zeroize::Zeroize;

use crate::{Algorithm, DerivationStep, Error, Result};

use super::mac::Hmac;

/// The longest info the context holds. TLS 1.3's longest `HkdfLabel` is 514 bytes.
pub(super) const MAX_INFO_LENGTH: usize = 1024;

/// HKDF-Expand produces at most 255 blocks.
const MAX_BLOCKS: usize = 255;

#[cfg(feature = "builtin-pbkdf2")]
mod pbkdf;

/// Built-in key derivation context (HKDF or PBKDF2).
///
/// Secret state (keyed PRF states, output blocks, inputs kept for expansion) is wiped on drop;
/// `Debug` shows none of it.
pub struct KeyDerivationContext(Kdf);

/// The algorithm a built-in context runs.
// No heap to box the larger variant in: the context is as large as HKDF's (its info buffer).
#[allow(clippy::large_enum_variant)]
enum Kdf {
    Hkdf(Hkdf),
    #[cfg(feature = "builtin-pbkdf2")]
    Pbkdf2(pbkdf::Pbkdf2),
}

impl fmt::Debug for KeyDerivationContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kdf::Hkdf(h) => h.fmt(f),
            #[cfg(feature = "builtin-pbkdf2")]
            Kdf::Pbkdf2(p) => p.fmt(f),
        }
    }
}

impl KeyDerivationContext {
    pub(super) fn new(alg: Algorithm) -> Result<KeyDerivationContext> {
        if !alg.is_key_derivation() {
            return Err(Error::InvalidArgument);
        }
        #[cfg(feature = "builtin-pbkdf2")]
        if alg.is_pbkdf2() {
            return pbkdf::Pbkdf2::new(alg).map(|p| KeyDerivationContext(Kdf::Pbkdf2(p)));
        }
        Hkdf::new(alg).map(|h| KeyDerivationContext(Kdf::Hkdf(h)))
    }

    pub(super) fn input(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        match &mut self.0 {
            Kdf::Hkdf(h) => h.input(step, data),
            #[cfg(feature = "builtin-pbkdf2")]
            Kdf::Pbkdf2(p) => p.input(step, data),
        }
    }

    #[cfg(feature = "builtin-pbkdf2")]
    pub(super) fn input_integer(&mut self, step: DerivationStep, value: u64) -> Result<()> {
        match &mut self.0 {
            // HKDF takes no numeric input.
            Kdf::Hkdf(_) => Err(Error::InvalidArgument),
            Kdf::Pbkdf2(p) => p.input_integer(step, value),
        }
    }

    pub(super) fn output(&mut self, output: &mut [u8]) -> Result<()> {
        match &mut self.0 {
            Kdf::Hkdf(h) => h.output(output),
            #[cfg(feature = "builtin-pbkdf2")]
            Kdf::Pbkdf2(p) => p.output(output),
        }
    }
}

/// HKDF's state.
///
/// The PRK-keyed HMAC state, the current output block and the info are wiped on drop; `Debug`
/// shows none of them.
struct Hkdf {
    hash: Algorithm,
    hash_length: usize,
    /// The extract HMAC keyed with the salt, between the salt and the secret.
    salted: Option<Hmac>,
    salt_given: bool,
    /// HMAC keyed with the PRK, once the secret is in.
    prk: Option<Hmac>,
    info: [u8; MAX_INFO_LENGTH],
    info_length: usize,
    info_given: bool,
    /// The current output block `T(counter)` and how much of it is used.
    block: [u8; 64],
    position: usize,
    counter: u8,
    /// Bytes left before the 255-block limit.
    remaining: usize,
    output_started: bool,
}

impl Drop for Hkdf {
    fn drop(&mut self) {
        self.info.zeroize();
        self.block.zeroize();
    }
}

impl fmt::Debug for Hkdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyDerivationContext")
            .field("alg", &Algorithm::hkdf(self.hash))
            .field("secret_given", &self.prk.is_some())
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

impl Hkdf {
    fn new(alg: Algorithm) -> Result<Hkdf> {
        if !alg.is_hkdf() {
            // TLS 1.2 PRF, PBKDF2, HKDF-Extract/-Expand, vendor KDFs.
            return Err(Error::NotSupported);
        }
        if alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let hash = alg.hash();
        if !Hmac::supports(hash) {
            return Err(Error::NotSupported);
        }
        let hash_length = hash.hash_length();
        Ok(Hkdf {
            hash,
            hash_length,
            salted: None,
            salt_given: false,
            prk: None,
            info: [0; MAX_INFO_LENGTH],
            info_length: 0,
            info_given: false,
            block: [0; 64],
            // No block yet: the first output computes T(1).
            position: hash_length,
            counter: 0,
            remaining: MAX_BLOCKS * hash_length,
            output_started: false,
        })
    }

    fn input(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        match step {
            DerivationStep::Salt | DerivationStep::Secret | DerivationStep::Info => {}
            _ => return Err(Error::InvalidArgument),
        }
        if self.output_started {
            return Err(Error::BadState);
        }
        match step {
            DerivationStep::Salt => {
                if self.salt_given || self.prk.is_some() {
                    return Err(Error::BadState);
                }
                self.salted = Some(Hmac::new(self.hash, data)?);
                self.salt_given = true;
            }
            DerivationStep::Secret => {
                if self.prk.is_some() {
                    return Err(Error::BadState);
                }
                // No salt: HMAC's zero padding makes the empty key the RFC's HashLen zeros.
                let mut extract = match self.salted.take() {
                    Some(salted) => salted,
                    None => Hmac::new(self.hash, &[])?,
                };
                extract.update(data);
                let prk = extract.finalize();
                self.prk = Some(Hmac::new(self.hash, prk.as_slice())?);
            }
            _ => {
                if self.info_given {
                    return Err(Error::BadState);
                }
                let info = self
                    .info
                    .get_mut(..data.len())
                    .ok_or(Error::InsufficientMemory)?;
                info.copy_from_slice(data);
                self.info_length = data.len();
                self.info_given = true;
            }
        }
        Ok(())
    }

    /// Compute `T(counter + 1) = HMAC(PRK, T(counter) ‖ info ‖ counter + 1)`.
    fn next_block(&mut self) -> Result<()> {
        let prk = self.prk.as_ref().ok_or(Error::BadState)?;
        let mut mac = prk.clone();
        if self.counter > 0 {
            mac.update(
                self.block
                    .get(..self.hash_length)
                    .ok_or(Error::CorruptionDetected)?,
            );
        }
        mac.update(
            self.info
                .get(..self.info_length)
                .ok_or(Error::CorruptionDetected)?,
        );
        self.counter = self.counter.checked_add(1).ok_or(Error::InsufficientData)?;
        mac.update(&[self.counter]);
        let t = mac.finalize();
        self.block
            .get_mut(..self.hash_length)
            .ok_or(Error::CorruptionDetected)?
            .copy_from_slice(t.as_slice());
        self.position = 0;
        Ok(())
    }

    fn output(&mut self, output: &mut [u8]) -> Result<()> {
        // The info is mandatory (possibly empty) before output, as Mbed TLS and the PSA
        // Certified suite (c020) require: a forgotten info step is a protocol bug, not the
        // empty label.
        if self.prk.is_none() || !self.info_given {
            return Err(Error::BadState);
        }
        self.output_started = true;
        if output.len() > self.remaining {
            self.remaining = 0;
            return Err(Error::InsufficientData);
        }
        self.remaining -= output.len();
        let mut output = output;
        while !output.is_empty() {
            if self.position >= self.hash_length {
                self.next_block()?;
            }
            let available = self
                .block
                .get(self.position..self.hash_length)
                .ok_or(Error::CorruptionDetected)?;
            let n = available.len().min(output.len());
            let (head, rest) = output.split_at_mut(n);
            head.copy_from_slice(&available[..n]);
            output = rest;
            self.position += n;
        }
        Ok(())
    }
}
