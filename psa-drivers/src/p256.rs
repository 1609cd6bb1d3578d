//! The P-256 transparent driver: the Rust counterpart of Mbed TLS's p256-m driver.
//!
//! It serves ECDSA and ECDH on NIST P-256 (`SECP_R1`, 256 bits) for keys in local storage,
//! on RustCrypto's `p256`. Its capabilities keep dispatch from calling it for anything else
//! (other curves, deterministic signing, other algorithms), and its entry points answer
//! `NOT_SUPPORTED` (never `INVALID_ARGUMENT`) for requests outside what it serves, so
//! dispatch goes on to the next driver or the built-in.
//!
//! Formats are PSA's, exactly: a 32-byte big-endian private scalar, a 65-byte `0x04‖X‖Y`
//! public key, 64-byte `r‖s` signatures, a 32-byte shared secret (the x-coordinate).

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{FieldBytes, PublicKey, SecretKey};
use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyType, Result, Rng, psa_driver,
};
use zeroize::Zeroize;

/// The P-256 key pair type this driver serves.
const KEY_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
/// The P-256 public key type this driver serves.
const PUBLIC_KEY: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const SCALAR_LEN: usize = 32;
const POINT_LEN: usize = 65;
const SIGNATURE_LEN: usize = 64;

/// What can go wrong inside the P-256 implementation (p256-m's status codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P256Error {
    /// The random generator failed (`P256_RANDOM_FAILED`).
    RandomFailed,
    /// A public key is not a point on the curve (`P256_INVALID_PUBKEY`).
    InvalidPublicKey,
    /// A private scalar is 0 or not below the group order (`P256_INVALID_PRIVKEY`).
    InvalidPrivateKey,
    /// A signature does not verify (`P256_INVALID_SIGNATURE`).
    InvalidSignature,
}

/// The one place where the implementation's errors become PSA statuses (like p256-m's
/// `p256_to_psa_error`).
pub const fn p256_to_psa_error(e: P256Error) -> Error {
    match e {
        P256Error::InvalidPublicKey | P256Error::InvalidPrivateKey => Error::InvalidArgument,
        P256Error::InvalidSignature => Error::InvalidSignature,
        P256Error::RandomFailed => Error::GenericError,
    }
}

fn secret_key(bytes: &[u8]) -> core::result::Result<SecretKey, P256Error> {
    // Exact length first: `from_slice` would pad a short scalar.
    let bytes: &[u8; SCALAR_LEN] = bytes.try_into().map_err(|_| P256Error::InvalidPrivateKey)?;
    SecretKey::from_bytes(&FieldBytes::from(*bytes)).map_err(|_| P256Error::InvalidPrivateKey)
}

fn public_key(bytes: &[u8]) -> core::result::Result<PublicKey, P256Error> {
    // Exact uncompressed form first: `from_sec1_bytes` also accepts compressed points.
    if bytes.len() != POINT_LEN || bytes[0] != 0x04 {
        return Err(P256Error::InvalidPublicKey);
    }
    PublicKey::from_sec1_bytes(bytes).map_err(|_| P256Error::InvalidPublicKey)
}

fn write_point(key: &PublicKey, out: &mut [u8]) -> Result<usize> {
    let point = key.to_sec1_point(false);
    let out = out.get_mut(..POINT_LEN).ok_or(Error::BufferTooSmall)?;
    out.copy_from_slice(point.as_bytes());
    Ok(POINT_LEN)
}

/// A verifying key from a P-256 key buffer: a key pair (32 bytes) or public key (65 bytes).
fn verifying_key(attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<VerifyingKey> {
    let public = match attributes.key_type() {
        KEY_PAIR => secret_key(key_buffer).map(|k| k.public_key()),
        PUBLIC_KEY => public_key(key_buffer),
        _ => return Err(Error::NotSupported),
    };
    Ok(VerifyingKey::from(public.map_err(p256_to_psa_error)?))
}

/// The P-256 accelerator driver. Stateless: a software stand-in for a hardware ECC engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct P256Driver;

impl P256Driver {
    /// A driver instance.
    pub const fn new() -> Self {
        P256Driver
    }
}

#[psa_driver(
    prefix = "p256",
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
impl P256Driver {
    /// Check a P-256 key in PSA export format and store it unchanged.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types or sizes (so other drivers may serve them);
    /// `INVALID_ARGUMENT` for malformed P-256 material; `BUFFER_TOO_SMALL`.
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
        let valid = if expected == SCALAR_LEN {
            secret_key(data).map(drop)
        } else {
            public_key(data).map(drop)
        };
        valid.map_err(p256_to_psa_error)?;
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
    /// buffer; `BUFFER_TOO_SMALL` if `data` is shorter than 65 bytes.
    pub fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR || attributes.bits() != 256 {
            return Err(Error::NotSupported);
        }
        let sk = secret_key(key_buffer).map_err(p256_to_psa_error)?;
        write_point(&sk.public_key(), data)
    }

    /// Generate a P-256 key pair; the buffer receives the 32-byte scalar.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `BUFFER_TOO_SMALL`; `GENERIC_ERROR` if the random
    /// source fails.
    pub fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR || attributes.bits() != 256 {
            return Err(Error::NotSupported);
        }
        let out = key_buffer
            .get_mut(..SCALAR_LEN)
            .ok_or(Error::BufferTooSmall)?;
        let mut rng = rng;
        let sk = SecretKey::try_generate_from_rng(&mut rng)
            .map_err(|_| p256_to_psa_error(P256Error::RandomFailed))?;
        out.copy_from_slice(&sk.to_bytes());
        Ok(SCALAR_LEN)
    }

    /// ECDH: the x-coordinate of our scalar times the peer's point.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for anything but raw ECDH on a P-256 key pair; `INVALID_ARGUMENT` for
    /// a peer key that is not a 65-byte uncompressed P-256 point; `BUFFER_TOO_SMALL`.
    pub fn key_agreement(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        if alg != Algorithm::ECDH || attributes.key_type() != KEY_PAIR || attributes.bits() != 256 {
            return Err(Error::NotSupported);
        }
        let sk = secret_key(key_buffer).map_err(p256_to_psa_error)?;
        let peer = public_key(peer_key).map_err(p256_to_psa_error)?;
        let out = shared_secret
            .get_mut(..SCALAR_LEN)
            .ok_or(Error::BufferTooSmall)?;
        let shared = p256::ecdh::diffie_hellman(sk.to_nonzero_scalar(), peer.as_affine());
        out.copy_from_slice(shared.raw_secret_bytes());
        Ok(SCALAR_LEN)
    }

    /// Randomized ECDSA over a digest; the signature is `r‖s`.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for deterministic ECDSA or non-P-256 keys; `BUFFER_TOO_SMALL` if
    /// `signature` is shorter than 64 bytes; `INVALID_ARGUMENT` for a corrupt key.
    pub fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        if !alg.is_randomized_ecdsa()
            || attributes.key_type() != KEY_PAIR
            || attributes.bits() != 256
        {
            return Err(Error::NotSupported);
        }
        let out = signature
            .get_mut(..SIGNATURE_LEN)
            .ok_or(Error::BufferTooSmall)?;
        let sk = secret_key(key_buffer).map_err(p256_to_psa_error)?;
        // Hedged RFC 6979: 32 random bytes as additional input, exactly what
        // `SigningKey::sign_prehash_with_rng` does, without building a `SigningKey` (which
        // derives the public key: a second scalar multiplication per signature).
        let mut extra = [0u8; 32];
        rng.fill(&mut extra)
            .map_err(|_| p256_to_psa_error(P256Error::RandomFailed))?;
        let (sig, _) = ecdsa::hazmat::sign_prehashed_rfc6979::<p256::NistP256, sha2::Sha256>(
            &sk.to_nonzero_scalar(),
            hash,
            &extra,
        );
        extra.zeroize();
        out.copy_from_slice(&sig.to_bytes());
        Ok(SIGNATURE_LEN)
    }

    /// Verify an ECDSA (randomized or deterministic: verification is the same) signature.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` if it does not verify (or is not 64 bytes); `NOT_SUPPORTED`
    /// for non-ECDSA algorithms or non-P-256 keys.
    pub fn verify_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        // Another curve of the family is not ours (a request outside the capability, handed
        // over directly, is NOT_SUPPORTED, never INVALID_ARGUMENT).
        if !alg.is_ecdsa() || attributes.bits() != 256 {
            return Err(Error::NotSupported);
        }
        let key = verifying_key(attributes, key_buffer)?;
        let sig = Signature::from_slice(signature)
            .map_err(|_| p256_to_psa_error(P256Error::InvalidSignature))?;
        key.verify_prehash(hash, &sig)
            .map_err(|_| p256_to_psa_error(P256Error::InvalidSignature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_translation_is_p256m_compatible() {
        assert_eq!(
            p256_to_psa_error(P256Error::InvalidPublicKey),
            Error::InvalidArgument
        );
        assert_eq!(
            p256_to_psa_error(P256Error::InvalidPrivateKey),
            Error::InvalidArgument
        );
        assert_eq!(
            p256_to_psa_error(P256Error::InvalidSignature),
            Error::InvalidSignature
        );
        assert_eq!(
            p256_to_psa_error(P256Error::RandomFailed),
            Error::GenericError
        );
    }

    #[test]
    fn import_is_strict_about_formats() {
        let d = P256Driver;
        let pair = KeyAttributes::new().with_type(KEY_PAIR);
        let mut buf = [0u8; 128];
        // 31 bytes with no declared size: not ours (could be another curve).
        assert_eq!(
            d.import_key(&pair, &[1; 31], &mut buf),
            Err(Error::NotSupported)
        );
        // Declared 256 bits but wrong length: malformed.
        assert_eq!(
            d.import_key(&pair.with_bits(256), &[1; 31], &mut buf),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            d.import_key(&pair, &[0; 32], &mut buf),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            d.import_key(&pair, &[0xff; 32], &mut buf),
            Err(Error::InvalidArgument)
        );
        let ok = d.import_key(&pair, &[1; 32], &mut buf).unwrap();
        assert_eq!(
            ok,
            ImportedKey {
                length: 32,
                bits: 256
            }
        );
        // P-384 sizes are left to others.
        assert_eq!(
            d.import_key(&pair.with_bits(384), &[1; 48], &mut buf),
            Err(Error::NotSupported)
        );
        let public = KeyAttributes::new().with_type(PUBLIC_KEY);
        let mut compressed = [0u8; 65];
        compressed[0] = 0x02;
        assert_eq!(
            d.import_key(&public, &compressed, &mut buf),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            d.import_key(
                &KeyAttributes::new().with_type(KeyType::AES),
                &[0; 16],
                &mut buf
            ),
            Err(Error::NotSupported)
        );
    }
}
