//! PBKDF2 (RFC 8018 §5.2) with HMAC-SHA-224/256/384/512 or AES-CMAC-PRF-128 (RFC 4615) as
//! its PRF, streaming its output block by block.
//!
//! Inputs follow the PSA order: the cost (`input_integer(Cost, c)`) first, then one or more
//! salts (concatenated), then the password once. When the password arrives the PRF is keyed
//! with it and the password itself is not kept. The salt is kept for every block in a fixed
//! buffer of [`MAX_SALT_LENGTH`] bytes (no heap).

use core::fmt;

use aes::Aes128;
use cmac::{Cmac, KeyInit, Mac};
use zeroize::Zeroize;

use crate::{Algorithm, DerivationStep, Error, Result};

use super::super::mac::Hmac;

/// The longest (concatenated) salt the context holds. Matter's salts are 16–32 bytes.
pub(super) const MAX_SALT_LENGTH: usize = 128;

/// The keyed PRF.
#[derive(Clone)]
enum Prf {
    Hmac(Hmac),
    Cmac(Cmac<Aes128>),
}

impl Prf {
    /// `PRF(key, a ‖ b)` into `out`, which is the PRF's output length.
    fn apply(&self, a: &[u8], b: &[u8], out: &mut [u8]) -> Result<()> {
        match self {
            Prf::Hmac(keyed) => {
                let mut mac = keyed.clone();
                mac.update(a);
                mac.update(b);
                let tag = mac.finalize();
                out.copy_from_slice(
                    tag.as_slice()
                        .get(..out.len())
                        .ok_or(Error::CorruptionDetected)?,
                );
            }
            Prf::Cmac(keyed) => {
                let mut mac = keyed.clone();
                mac.update(a);
                mac.update(b);
                let mut tag = mac.finalize().into_bytes();
                out.copy_from_slice(tag.get(..out.len()).ok_or(Error::CorruptionDetected)?);
                tag.zeroize();
            }
        }
        Ok(())
    }
}

/// AES-CMAC-PRF-128 keyed with `key` (RFC 4615 §3): a 16-byte key is used as is, any other
/// length is first reduced to `AES-CMAC(0^128, key)`.
fn cmac_prf_128(key: &[u8]) -> Result<Cmac<Aes128>> {
    if key.len() == 16 {
        return Cmac::<Aes128>::new_from_slice(key).map_err(|_| Error::CorruptionDetected);
    }
    let mut reduce =
        Cmac::<Aes128>::new_from_slice(&[0u8; 16]).map_err(|_| Error::CorruptionDetected)?;
    reduce.update(key);
    let mut k = reduce.finalize().into_bytes();
    let keyed = Cmac::<Aes128>::new_from_slice(&k).map_err(|_| Error::CorruptionDetected);
    k.zeroize();
    keyed
}

/// PBKDF2's state.
pub(super) struct Pbkdf2 {
    alg: Algorithm,
    /// The PRF's output length (hLen): the hash length, or 16 for CMAC.
    block_length: usize,
    cost: Option<u32>,
    salt: [u8; MAX_SALT_LENGTH],
    salt_length: usize,
    salt_given: bool,
    /// The PRF keyed with the password, once it is in.
    prf: Option<Prf>,
    /// The current output block `T(counter)` and how much of it is used.
    block: [u8; 64],
    position: usize,
    counter: u32,
}

impl Drop for Pbkdf2 {
    fn drop(&mut self) {
        self.block.zeroize();
        self.salt.zeroize();
    }
}

impl fmt::Debug for Pbkdf2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyDerivationContext")
            .field("alg", &self.alg)
            .field("password_given", &self.prf.is_some())
            .finish_non_exhaustive()
    }
}

impl Pbkdf2 {
    pub(super) fn new(alg: Algorithm) -> Result<Pbkdf2> {
        let block_length = if alg == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
            16
        } else {
            if alg.is_wildcard() || alg.hash() == Algorithm::ANY_HASH {
                return Err(Error::InvalidArgument);
            }
            if !Hmac::supports(alg.hash()) {
                return Err(Error::NotSupported);
            }
            alg.hash().hash_length()
        };
        Ok(Pbkdf2 {
            alg,
            block_length,
            cost: None,
            salt: [0; MAX_SALT_LENGTH],
            salt_length: 0,
            salt_given: false,
            prf: None,
            block: [0; 64],
            // No block yet: the first output computes T(1).
            position: block_length,
            counter: 0,
        })
    }

    pub(super) fn input_integer(&mut self, step: DerivationStep, value: u64) -> Result<()> {
        if step != DerivationStep::Cost {
            return Err(Error::InvalidArgument);
        }
        if self.cost.is_some() || self.salt_given || self.prf.is_some() {
            return Err(Error::BadState);
        }
        if value == 0 {
            return Err(Error::InvalidArgument);
        }
        self.cost = Some(u32::try_from(value).map_err(|_| Error::NotSupported)?);
        Ok(())
    }

    pub(super) fn input(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        match step {
            DerivationStep::Salt => {
                if self.cost.is_none() || self.prf.is_some() {
                    return Err(Error::BadState);
                }
                let end = self
                    .salt_length
                    .checked_add(data.len())
                    .ok_or(Error::InsufficientMemory)?;
                self.salt
                    .get_mut(self.salt_length..end)
                    .ok_or(Error::InsufficientMemory)?
                    .copy_from_slice(data);
                self.salt_length = end;
                self.salt_given = true;
                Ok(())
            }
            DerivationStep::Password => {
                if !self.salt_given || self.prf.is_some() {
                    return Err(Error::BadState);
                }
                self.prf = Some(if self.alg == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
                    Prf::Cmac(cmac_prf_128(data)?)
                } else {
                    Prf::Hmac(Hmac::new(self.alg.hash(), data)?)
                });
                Ok(())
            }
            _ => Err(Error::InvalidArgument),
        }
    }

    /// `T(i) = U1 ⊕ … ⊕ Uc`, `U1 = PRF(P, S ‖ INT(i))`, `Uj = PRF(P, Uj-1)`.
    fn next_block(&mut self) -> Result<()> {
        let prf = self.prf.as_ref().ok_or(Error::BadState)?;
        let cost = self.cost.ok_or(Error::BadState)?;
        self.counter = self.counter.checked_add(1).ok_or(Error::InsufficientData)?;
        let n = self.block_length;
        let salt = self
            .salt
            .get(..self.salt_length)
            .ok_or(Error::CorruptionDetected)?;
        let mut u = [0u8; 64];
        let u = u.get_mut(..n).ok_or(Error::CorruptionDetected)?;
        prf.apply(salt, &self.counter.to_be_bytes(), u)?;
        let t = self.block.get_mut(..n).ok_or(Error::CorruptionDetected)?;
        t.copy_from_slice(u);
        let mut next = [0u8; 64];
        for _ in 1..cost {
            let next = next.get_mut(..n).ok_or(Error::CorruptionDetected)?;
            prf.apply(u, &[], next)?;
            u.copy_from_slice(next);
            for (t, u) in t.iter_mut().zip(u.iter()) {
                *t ^= u;
            }
        }
        u.zeroize();
        next.zeroize();
        self.position = 0;
        Ok(())
    }

    /// The next `output.len()` bytes (the front-end enforces the capacity).
    pub(super) fn output(&mut self, output: &mut [u8]) -> Result<()> {
        if self.prf.is_none() {
            return Err(Error::BadState);
        }
        let mut output = output;
        while !output.is_empty() {
            if self.position >= self.block_length {
                self.next_block()?;
            }
            let available = self
                .block
                .get(self.position..self.block_length)
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
