//! A P-256 transparent driver for Cortex-M4 (and Cortex-M33) over the P256-Cortex-M4
//! assembly, through the `p256-cortex-m4` crate: ECDSA sign and verify, ECDH, key import,
//! public-key export and generation for NIST P-256 keys in local storage.
//!
//! It is what p256-m is to Mbed TLS: a small, constant-time P-256 in hand-written Arm
//! assembly, registered before the built-in. Formats are PSA's: a 32-byte big-endian
//! scalar, a 65-byte `0x04‖X‖Y` public key, 64-byte `r‖s` signatures, a 32-byte shared
//! secret. Requests outside what it serves (other curves, deterministic ECDSA, other
//! algorithms) answer `NOT_SUPPORTED`, so dispatch goes on to the next driver.
//!
//! Builds only for `thumbv7em-*` and `thumbv8m.main-*` (the assembly uses `UMAAL`), with an
//! Arm C toolchain for the C and assembly sources (Debian: `gcc-arm-none-eabi`).
#![no_std]

use p256_cortex_m4::{PublicKey, SecretKey, Signature};
use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyType, Result, Rng, psa_driver,
};
use zeroize::Zeroize;

const KEY_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PUBLIC_KEY: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const SCALAR_LEN: usize = 32;
const POINT_LEN: usize = 65;
const SIGNATURE_LEN: usize = 64;

/// A P-256 private scalar, wiped when dropped (the crate's `SecretKey` is `Zeroize` but does
/// not wipe itself).
struct Secret(SecretKey);

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

fn secret_key(bytes: &[u8]) -> Result<Secret> {
    if bytes.len() != SCALAR_LEN {
        return Err(Error::InvalidArgument);
    }
    // Checks 1 <= d <= n - 1.
    SecretKey::from_bytes(bytes)
        .map(Secret)
        .map_err(|_| Error::InvalidArgument)
}

fn public_key(bytes: &[u8]) -> Result<PublicKey> {
    // Exactly the uncompressed form (the assembly also decodes compressed points).
    if bytes.len() != POINT_LEN || bytes[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    // Checks both coordinates are below p and the point is on the curve.
    PublicKey::from_sec1_bytes(bytes).map_err(|_| Error::InvalidArgument)
}

/// The core's random source as the `rand_core` 0.6 generator `p256-cortex-m4` draws from.
///
/// `p256-cortex-m4` redraws a nonce until signing succeeds and cannot be told that the
/// source failed. On a failure this adapter records it and hands out a fixed valid scalar so
/// the draw loop ends; the caller then discards (and wipes) whatever was computed with it
/// and returns the error: nothing made from a non-random nonce leaves the driver.
struct Draw<'a> {
    rng: Rng<'a>,
    failed: bool,
}

impl rand_core::RngCore for Draw<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if self.failed || self.rng.fill(dest).is_err() {
            self.failed = true;
            // 1, little-endian: a valid scalar, so the caller's loop terminates.
            dest.fill(0);
            if let Some(b) = dest.first_mut() {
                *b = 1;
            }
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> core::result::Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for Draw<'_> {}

/// The Cortex-M4 P-256 driver. Stateless.
#[derive(Clone, Copy, Debug, Default)]
pub struct P256M4;

impl P256M4 {
    /// A driver instance (`const`, for a `static` PSA instance).
    pub const fn new() -> Self {
        P256M4
    }
}

#[psa_driver(
    prefix = "p256_m4",
    kind = "transparent",
    entry_points = [import_key, export_public_key, generate_key, key_agreement, sign_hash, verify_hash],
    capability(
        entry_points = [import_key, export_public_key, generate_key],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1), KeyType::ecc_public_key(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
    capability(
        entry_points = [verify_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH), Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1), KeyType::ecc_public_key(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
    capability(
        entry_points = [key_agreement],
        algorithms = [Algorithm::ECDH],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
)]
impl P256M4 {
    /// Check a P-256 key in PSA export format and store it unchanged.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types or sizes; `INVALID_ARGUMENT` for malformed P-256
    /// material; `BUFFER_TOO_SMALL`.
    pub fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        let bits = attributes.bits();
        if bits != 0 && bits != 256 {
            return Err(Error::NotSupported);
        }
        let expected = match attributes.key_type() {
            KEY_PAIR => SCALAR_LEN,
            PUBLIC_KEY => POINT_LEN,
            _ => return Err(Error::NotSupported),
        };
        if data.len() != expected {
            // With no declared size this may be another curve of the family: not ours.
            return Err(if bits == 0 {
                Error::NotSupported
            } else {
                Error::InvalidArgument
            });
        }
        if expected == SCALAR_LEN {
            secret_key(data).map(drop)?;
        } else {
            public_key(data).map(drop)?;
        }
        let out = key_buffer
            .get_mut(..data.len())
            .ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(data);
        Ok(ImportedKey {
            length: data.len(),
            bits: 256,
        })
    }

    /// Derive the `0x04‖X‖Y` public key of a P-256 key pair.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for anything but a P-256 key pair; `INVALID_ARGUMENT` for a corrupt
    /// buffer; `BUFFER_TOO_SMALL`.
    pub fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let out = data.get_mut(..POINT_LEN).ok_or(Error::BufferTooSmall)?;
        let secret = secret_key(key_buffer)?;
        out.copy_from_slice(&secret.0.public_key().to_uncompressed_sec1_bytes());
        Ok(POINT_LEN)
    }

    /// Generate a P-256 key pair (rejection sampling); the buffer receives the scalar.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `BUFFER_TOO_SMALL`; `INSUFFICIENT_ENTROPY` if the
    /// random source fails.
    pub fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let out = key_buffer
            .get_mut(..SCALAR_LEN)
            .ok_or(Error::BufferTooSmall)?;
        let mut draw = Draw { rng, failed: false };
        let secret = Secret(SecretKey::random(&mut draw));
        if draw.failed {
            return Err(Error::InsufficientEntropy);
        }
        #[allow(unsafe_code)]
        // SAFETY: `to_bytes` is `unsafe` only to flag that the result is secret: it goes
        // straight into the key buffer, and the temporary is wiped.
        let mut bytes = unsafe { secret.0.to_bytes() };
        out.copy_from_slice(&bytes);
        bytes.zeroize();
        Ok(SCALAR_LEN)
    }

    /// ECDH: the x-coordinate of our scalar times the peer's point.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for anything but raw ECDH on a P-256 key pair; `INVALID_ARGUMENT` for
    /// a peer key that is not a 65-byte uncompressed point on P-256; `BUFFER_TOO_SMALL`.
    pub fn key_agreement(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        if alg != Algorithm::ECDH || attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let secret = secret_key(key_buffer)?;
        let peer = public_key(peer_key)?;
        let out = shared_secret
            .get_mut(..SCALAR_LEN)
            .ok_or(Error::BufferTooSmall)?;
        // The peer is on the curve and the scalar in [1, n-1]: the product is a finite point.
        let mut shared = secret.0.agree(&peer);
        out.copy_from_slice(shared.as_bytes());
        shared.zeroize();
        Ok(SCALAR_LEN)
    }

    /// Randomized ECDSA over a digest; the signature is `r‖s`.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for deterministic ECDSA or non-P-256 keys; `INVALID_ARGUMENT` for an
    /// empty digest or a corrupt key; `BUFFER_TOO_SMALL`; `INSUFFICIENT_ENTROPY` if the
    /// random source fails.
    pub fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        if !alg.is_randomized_ecdsa() || attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        if hash.is_empty() {
            return Err(Error::InvalidArgument);
        }
        let out = signature
            .get_mut(..SIGNATURE_LEN)
            .ok_or(Error::BufferTooSmall)?;
        let secret = secret_key(key_buffer)?;
        let mut draw = Draw { rng, failed: false };
        let sig = secret.0.sign_prehashed(hash, &mut draw);
        let mut bytes = sig.to_untagged_bytes();
        if draw.failed {
            // Made with the stand-in nonce: never released.
            bytes.zeroize();
            return Err(Error::InsufficientEntropy);
        }
        out.copy_from_slice(&bytes);
        Ok(SIGNATURE_LEN)
    }

    /// Verify an ECDSA signature (randomized or deterministic: verification is the same).
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` if it does not verify (or is not 64 bytes, or `r` or `s` is out
    /// of range); `NOT_SUPPORTED` for non-ECDSA algorithms or non-P-256 keys;
    /// `INVALID_ARGUMENT` for an empty digest or a corrupt key.
    pub fn verify_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        if !alg.is_ecdsa() {
            return Err(Error::NotSupported);
        }
        if hash.is_empty() {
            return Err(Error::InvalidArgument);
        }
        let public = match attributes.key_type() {
            KEY_PAIR => secret_key(key_buffer)?.0.public_key(),
            PUBLIC_KEY => public_key(key_buffer)?,
            _ => return Err(Error::NotSupported),
        };
        // `from_untagged_bytes` checks the length (and r's range; the assembly's verify
        // checks both r and s again).
        let sig = Signature::from_untagged_bytes(signature).map_err(|_| Error::InvalidSignature)?;
        if public.verify_prehashed(hash, &sig) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}
