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

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec;

    use super::*;

    fn unhex(s: &str) -> std::vec::Vec<u8> {
        hex::decode(s).unwrap()
    }

    fn derive(
        alg: Algorithm,
        password: &[u8],
        salt: &[u8],
        cost: u64,
        len: usize,
    ) -> std::vec::Vec<u8> {
        let mut p = Pbkdf2::new(alg).unwrap();
        p.input_integer(DerivationStep::Cost, cost).unwrap();
        p.input(DerivationStep::Salt, salt).unwrap();
        p.input(DerivationStep::Password, password).unwrap();
        let mut out = vec![0u8; len];
        p.output(&mut out).unwrap();
        out
    }

    /// RFC 4615 §4: AES-CMAC-PRF-128 with 18-, 16- and 10-byte keys over one message.
    #[test]
    fn aes_cmac_prf_128_matches_rfc_4615() {
        let key = unhex("000102030405060708090a0b0c0d0e0fedcb");
        let message = unhex("000102030405060708090a0b0c0d0e0f10111213");
        for (len, expected) in [
            (18, "84a348a4a45d235babfffc0d2b4da09a"),
            (16, "980ae87b5f4c9c5214f5b6a8455e4c2d"),
            (10, "290d9e112edb09ee141fcf64c0b72f3d"),
        ] {
            let prf = Prf::Cmac(cmac_prf_128(&key[..len]).unwrap());
            let mut out = [0u8; 16];
            prf.apply(&message, &[], &mut out).unwrap();
            assert_eq!(out[..], unhex(expected)[..], "{len}-byte key");
        }
        std::println!("RFC 4615 AES-CMAC-PRF-128: 3 vectors");
    }

    /// The `pbkdf2` crate (an independent implementation) agrees, for HMAC with every hash
    /// and for CMAC with a 16-byte password (where the PRF key is the password itself).
    #[test]
    fn agrees_with_the_pbkdf2_crate() {
        let salt = b"salt of some length, longer than a block";
        for len in [1, 31, 32, 33, 64, 65, 100] {
            for cost in [1, 2, 7] {
                let mut expected = vec![0u8; len];
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"pw", salt, cost, &mut expected);
                let got = derive(
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_256),
                    b"pw",
                    salt,
                    cost.into(),
                    len,
                );
                assert_eq!(got, expected);
                pbkdf2::pbkdf2_hmac::<sha2::Sha512>(b"pw", salt, cost, &mut expected);
                let got = derive(
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_512),
                    b"pw",
                    salt,
                    cost.into(),
                    len,
                );
                assert_eq!(got, expected);
                pbkdf2::pbkdf2_hmac::<sha2::Sha224>(b"pw", salt, cost, &mut expected);
                let got = derive(
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_224),
                    b"pw",
                    salt,
                    cost.into(),
                    len,
                );
                assert_eq!(got, expected);
                pbkdf2::pbkdf2_hmac::<sha2::Sha384>(b"pw", salt, cost, &mut expected);
                let got = derive(
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_384),
                    b"pw",
                    salt,
                    cost.into(),
                    len,
                );
                assert_eq!(got, expected);
                let password = b"sixteen byte key";
                pbkdf2::pbkdf2::<Cmac<Aes128>>(password, salt, cost, &mut expected).unwrap();
                let got = derive(
                    Algorithm::PBKDF2_AES_CMAC_PRF_128,
                    password,
                    salt,
                    cost.into(),
                    len,
                );
                assert_eq!(got, expected);
            }
        }
    }

    #[test]
    fn input_order_and_limits() {
        let alg = Algorithm::pbkdf2_hmac(Algorithm::SHA_256);
        let mut p = Pbkdf2::new(alg).unwrap();
        assert_eq!(
            p.input(DerivationStep::Password, b"pw"),
            Err(Error::BadState)
        );
        assert_eq!(p.output(&mut [0; 4]), Err(Error::BadState));
        assert_eq!(
            p.input_integer(DerivationStep::Cost, 1 << 32),
            Err(Error::NotSupported)
        );
        p.input_integer(DerivationStep::Cost, 1).unwrap();
        assert_eq!(
            p.input_integer(DerivationStep::Cost, 1),
            Err(Error::BadState)
        );
        assert_eq!(
            p.input(DerivationStep::Salt, &[0; MAX_SALT_LENGTH + 1]),
            Err(Error::InsufficientMemory)
        );
        p.input(DerivationStep::Salt, b"s").unwrap();
        assert_eq!(
            p.input(DerivationStep::Secret, b"pw"),
            Err(Error::InvalidArgument)
        );
        p.input(DerivationStep::Password, b"pw").unwrap();
        assert_eq!(
            p.input(DerivationStep::Password, b"pw"),
            Err(Error::BadState)
        );
        assert_eq!(p.input(DerivationStep::Salt, b"s"), Err(Error::BadState));
        assert_eq!(
            Pbkdf2::new(Algorithm::pbkdf2_hmac(Algorithm::ANY_HASH)).err(),
            Some(Error::InvalidArgument)
        );
        assert_eq!(
            Pbkdf2::new(Algorithm::pbkdf2_hmac(Algorithm(0x0200_0005))).err(),
            Some(Error::NotSupported),
            "SHA-1 is not built in"
        );
    }
}
