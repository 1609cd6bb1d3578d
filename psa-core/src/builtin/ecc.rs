//! Elliptic curves SECP_R1 P-256, P-384 and P-521: key import, public-key export and generation,
//! ECDSA (randomized and deterministic) and raw ECDH.
//!
//! PSA's export formats are exact: a key pair is the big-endian private scalar of exactly the
//! curve's byte length with `0 < d < n`; a public key is exactly `0x04‖X‖Y`. The RustCrypto
//! parsers are laxer (`SecretKey::from_slice` zero-pads short scalars, `from_sec1_bytes` takes
//! compressed points), so lengths and the leading byte are checked before parsing.

use crate::entry::ImportedKey;
use crate::{Algorithm, EccFamily, Error, KeyAttributes, KeyType, Result, Rng};

/// The curves served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    const fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }

    /// The byte length of a scalar or coordinate (66 for P-521).
    const fn scalar_length(self) -> usize {
        self.bits().div_ceil(8)
    }

    /// The byte length of an uncompressed point.
    const fn point_length(self) -> usize {
        2 * self.scalar_length() + 1
    }

    /// The curve of a SECP_R1 key of `bits` bits: `NOT_SUPPORTED` for the family's other
    /// curves, `INVALID_ARGUMENT` for sizes no curve of the family has.
    fn from_bits(bits: usize) -> Result<Curve> {
        match bits {
            256 => Ok(Curve::P256),
            384 => Ok(Curve::P384),
            521 => Ok(Curve::P521),
            _ if EccFamily::SECP_R1.has_curve_size(bits) => Err(Error::NotSupported),
            _ => Err(Error::InvalidArgument),
        }
    }

    /// The curve of a SECP_R1 key (pair or public) whose export format is `length` bytes long.
    /// (A public key's leading byte is checked first: a compressed P-384 point is as long as an
    /// uncompressed P-192 one.)
    fn from_export_length(key_pair: bool, length: usize) -> Result<Curve> {
        for &bits in EccFamily::SECP_R1.curve_sizes() {
            let scalar = bits.div_ceil(8);
            let expected = if key_pair { scalar } else { 2 * scalar + 1 };
            if length == expected {
                return Curve::from_bits(bits);
            }
        }
        Err(Error::InvalidArgument)
    }
}

/// The curve of a key of `key_type` held in `key` (export format), after the family checks.
fn curve_of(key_type: KeyType, key: &[u8]) -> Result<Curve> {
    match key_type.ecc_family() {
        Some(EccFamily::SECP_R1) if key_type.is_public_key() && key.first() != Some(&0x04) => {
            // Weierstrass public keys are exported uncompressed only.
            Err(Error::InvalidArgument)
        }
        Some(EccFamily::SECP_R1) => Curve::from_export_length(key_type.is_key_pair(), key.len()),
        Some(_) => Err(Error::NotSupported),
        None => Err(Error::InvalidArgument),
    }
}

/// The per-curve operations, written once for both curve crates.
macro_rules! curve_operations {
    ($module:ident, $krate:ident, $curve:ident, $variant:ident) => {
        mod $module {
            use ecdsa::hazmat;
            use elliptic_curve::Generate;
            use elliptic_curve::sec1::ToSec1Point;
            use sha2::{Sha224, Sha256, Sha384, Sha512};
            use zeroize::{Zeroize, Zeroizing};
            use $krate::ecdsa::Signature;
            use $krate::{FieldBytes, NonZeroScalar, PublicKey, SecretKey, $curve};

            use super::super::output;
            use crate::{Algorithm, Error, Result, Rng};

            /// A key pair's private key; `INVALID_ARGUMENT` unless exactly the scalar length
            /// with `0 < d < n`.
            pub(super) fn secret(key: &[u8]) -> Result<SecretKey> {
                let bytes: &FieldBytes = key.try_into().map_err(|_| Error::InvalidArgument)?;
                SecretKey::from_bytes(bytes).map_err(|_| Error::InvalidArgument)
            }

            /// A public key; `INVALID_ARGUMENT` unless exactly `0x04‖X‖Y` on the curve.
            pub(super) fn public(point: &[u8]) -> Result<PublicKey> {
                if point.len() != super::Curve::$variant.point_length()
                    || point.first() != Some(&0x04)
                {
                    return Err(Error::InvalidArgument);
                }
                PublicKey::from_sec1_bytes(point).map_err(|_| Error::InvalidArgument)
            }

            /// Check key data in export format.
            pub(super) fn validate(key_pair: bool, data: &[u8]) -> Result<()> {
                if key_pair {
                    secret(data).map(drop)
                } else {
                    public(data).map(drop)
                }
            }

            /// Write `0x04‖X‖Y`.
            pub(super) fn write_public(key: &PublicKey, data: &mut [u8]) -> Result<usize> {
                let point = key.to_sec1_point(false);
                let bytes = point.as_bytes();
                output(data, bytes.len())?.copy_from_slice(bytes);
                Ok(bytes.len())
            }

            pub(super) fn generate(key_buffer: &mut [u8], mut rng: Rng<'_>) -> Result<usize> {
                let out = output(key_buffer, super::Curve::$variant.scalar_length())?;
                let d = Zeroizing::new(NonZeroScalar::try_generate_from_rng(&mut rng)?);
                let mut bytes = FieldBytes::from(&*d);
                out.copy_from_slice(&bytes);
                bytes.zeroize();
                Ok(out.len())
            }

            /// Sign `z` (already checked and truncated to the scalar length): RFC 6979 with
            /// `drbg_hash` when `rng` is `None`, hedged RFC 6979 with random added data
            /// (`RandomizedPrehashSigner`) otherwise.
            pub(super) fn sign(
                key: &[u8],
                drbg_hash: Algorithm,
                rng: Option<Rng<'_>>,
                z: &[u8],
                signature: &mut [u8],
            ) -> Result<usize> {
                let secret = secret(key)?;
                let out = output(signature, 2 * super::Curve::$variant.scalar_length())?;
                let sig: Signature = match rng {
                    None => {
                        let d = Zeroizing::new(secret.to_nonzero_scalar());
                        match drbg_hash {
                            Algorithm::SHA_224 => {
                                hazmat::sign_prehashed_rfc6979::<$curve, Sha224>(&d, z, &[]).0
                            }
                            Algorithm::SHA_256 => {
                                hazmat::sign_prehashed_rfc6979::<$curve, Sha256>(&d, z, &[]).0
                            }
                            Algorithm::SHA_384 => {
                                hazmat::sign_prehashed_rfc6979::<$curve, Sha384>(&d, z, &[]).0
                            }
                            Algorithm::SHA_512 => {
                                hazmat::sign_prehashed_rfc6979::<$curve, Sha512>(&d, z, &[]).0
                            }
                            _ => return Err(Error::NotSupported),
                        }
                    }
                    Some(rng) => {
                        // Hedged RFC 6979 (32 random bytes as additional input), as
                        // `SigningKey::sign_prehash_with_rng` does, without building a
                        // `SigningKey`, which would derive the public key first.
                        let d = Zeroizing::new(secret.to_nonzero_scalar());
                        let mut extra = Zeroizing::new([0u8; 32]);
                        rng.fill(&mut extra[..])?;
                        hazmat::sign_prehashed_rfc6979::<
                            $curve,
                            <$curve as ecdsa::DigestAlgorithm>::Digest,
                        >(&d, z, &extra[..])
                        .0
                    }
                };
                out.copy_from_slice(&sig.to_bytes());
                Ok(out.len())
            }

            /// Verify `r‖s` over `z` (already checked and truncated).
            pub(super) fn verify(
                key_pair: bool,
                key: &[u8],
                z: &[u8],
                signature: &[u8],
            ) -> Result<()> {
                let public = if key_pair {
                    secret(key)?.public_key()
                } else {
                    public(key)?
                };
                // Wrong length, r or s zero or not below n: not a valid signature.
                let sig = Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
                hazmat::verify_prehashed::<$curve>(&public.to_projective(), z, &sig)
                    .map_err(|_| Error::InvalidSignature)
            }

            /// Raw ECDH: the shared point's x-coordinate.
            pub(super) fn agree(
                key: &[u8],
                peer: &[u8],
                shared_secret: &mut [u8],
            ) -> Result<usize> {
                let secret = secret(key)?;
                let peer = public(peer)?;
                let out = output(shared_secret, super::Curve::$variant.scalar_length())?;
                let shared = secret.diffie_hellman(&peer);
                out.copy_from_slice(shared.raw_secret_bytes());
                Ok(out.len())
            }
        }
    };
}

curve_operations!(p256_ops, p256, NistP256, P256);
curve_operations!(p384_ops, p384, NistP384, P384);
curve_operations!(p521_ops, p521, NistP521, P521);

/// Calls `$f` of the module of `$curve`.
macro_rules! on_curve {
    ($curve:expr, $f:ident($($arg:expr),* $(,)?)) => {
        match $curve {
            Curve::P256 => p256_ops::$f($($arg),*),
            Curve::P384 => p384_ops::$f($($arg),*),
            Curve::P521 => p521_ops::$f($($arg),*),
        }
    };
}

/// `import_key` for ECC keys.
pub(super) fn import(
    attributes: &KeyAttributes,
    data: &[u8],
    key_buffer: &mut [u8],
) -> Result<ImportedKey> {
    let key_type = attributes.key_type();
    let curve = curve_of(key_type, data)?;
    if attributes.bits() != 0 && attributes.bits() != curve.bits() {
        return Err(Error::InvalidArgument);
    }
    on_curve!(curve, validate(key_type.is_key_pair(), data))?;
    super::output(key_buffer, data.len())?.copy_from_slice(data);
    Ok(ImportedKey {
        length: data.len(),
        bits: curve.bits(),
    })
}

/// `export_public_key` for ECC keys.
pub(super) fn export_public(key_type: KeyType, key: &[u8], data: &mut [u8]) -> Result<usize> {
    let curve = curve_of(key_type, key)?;
    match curve {
        Curve::P256 => {
            let public = if key_type.is_key_pair() {
                p256_ops::secret(key)?.public_key()
            } else {
                p256_ops::public(key)?
            };
            p256_ops::write_public(&public, data)
        }
        Curve::P384 => {
            let public = if key_type.is_key_pair() {
                p384_ops::secret(key)?.public_key()
            } else {
                p384_ops::public(key)?
            };
            p384_ops::write_public(&public, data)
        }
        Curve::P521 => {
            let public = if key_type.is_key_pair() {
                p521_ops::secret(key)?.public_key()
            } else {
                p521_ops::public(key)?
            };
            p521_ops::write_public(&public, data)
        }
    }
}

/// `generate_key` for ECC key pairs.
pub(super) fn generate(
    key_type: KeyType,
    bits: usize,
    key_buffer: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    match key_type.ecc_family() {
        Some(EccFamily::SECP_R1) => {}
        Some(_) => return Err(Error::NotSupported),
        None => return Err(Error::InvalidArgument),
    }
    on_curve!(Curve::from_bits(bits)?, generate(key_buffer, rng))
}

/// How an ECDSA request signs, after the PSA checks on algorithm and hash.
struct EcdsaRequest<'h> {
    /// The hash, truncated to the curve's scalar length (as ECDSA does anyway).
    z: &'h [u8],
    deterministic: bool,
    /// The hash of `alg` (for deterministic ECDSA: also RFC 6979's HMAC-DRBG hash).
    hash_alg: Algorithm,
}

/// Check a `sign_hash` / `verify_hash` request and find the key's curve.
fn ecdsa_request<'h>(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    hash: &'h [u8],
) -> Result<(Curve, EcdsaRequest<'h>)> {
    if !alg.is_ecdsa() {
        // RSA and EdDSA signatures with their own keys are valid requests no built-in serves;
        // anything else cannot be valid.
        return if alg.is_sign() && crate::policy::algorithm_applies_to(alg, key_type) {
            Err(Error::NotSupported)
        } else {
            Err(Error::InvalidArgument)
        };
    }
    if alg.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    match key_type.ecc_family() {
        Some(EccFamily::SECP_R1) => {}
        Some(family) if family.is_weierstrass() => return Err(Error::NotSupported),
        _ => return Err(Error::InvalidArgument),
    }
    let hash_alg = alg.hash();
    let deterministic = alg.is_deterministic_ecdsa();
    if hash_alg == Algorithm::NONE {
        // `ECDSA_ANY`: any non-empty input (there is no deterministic form without a hash).
        if deterministic || hash.is_empty() {
            return Err(Error::InvalidArgument);
        }
    } else {
        match hash_alg.hash_length() {
            0 => return Err(Error::NotSupported),
            length if length != hash.len() => return Err(Error::InvalidArgument),
            _ => {}
        }
        // RFC 6979 runs an HMAC-DRBG on the algorithm's hash: SHA-2 only here.
        let sha2 = [
            Algorithm::SHA_224,
            Algorithm::SHA_256,
            Algorithm::SHA_384,
            Algorithm::SHA_512,
        ];
        if deterministic && !sha2.contains(&hash_alg) {
            return Err(Error::NotSupported);
        }
    }
    let curve = curve_of(key_type, key)?;
    // ECDSA uses the leftmost bits of the hash: whole bytes for P-256 and P-384; for P-521
    // every hash is shorter than the order (the scalar reduction takes the leftmost 521
    // bits of whatever is longer).
    let z = hash.get(..curve.scalar_length()).unwrap_or(hash);
    Ok((
        curve,
        EcdsaRequest {
            z,
            deterministic,
            hash_alg,
        },
    ))
}

/// `sign_hash`.
pub(super) fn sign_hash(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    hash: &[u8],
    signature: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    let (curve, request) = ecdsa_request(key_type, key, alg, hash)?;
    if !key_type.is_key_pair() {
        return Err(Error::InvalidArgument);
    }
    let rng = if request.deterministic {
        None
    } else {
        Some(rng)
    };
    on_curve!(
        curve,
        sign(key, request.hash_alg, rng, request.z, signature)
    )
}

/// `verify_hash`.
pub(super) fn verify_hash(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    hash: &[u8],
    signature: &[u8],
) -> Result<()> {
    let (curve, request) = ecdsa_request(key_type, key, alg, hash)?;
    on_curve!(
        curve,
        verify(key_type.is_key_pair(), key, request.z, signature)
    )
}

/// `key_agreement`: raw ECDH.
pub(super) fn key_agreement(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    peer_key: &[u8],
    shared_secret: &mut [u8],
) -> Result<usize> {
    if !alg.is_key_agreement() {
        return Err(Error::InvalidArgument);
    }
    if !alg.is_ecdh() {
        // FFDH needs a DH key.
        return if key_type.is_ecc() {
            Err(Error::InvalidArgument)
        } else {
            Err(Error::NotSupported)
        };
    }
    if !alg.is_raw_key_agreement() {
        // ECDH followed by a KDF: the core feeds the raw secret into the KDF itself.
        return Err(Error::NotSupported);
    }
    if !key_type.is_ecc() || !key_type.is_key_pair() {
        return Err(Error::InvalidArgument);
    }
    let curve = curve_of(key_type, key)?;
    on_curve!(curve, agree(key, peer_key, shared_secret))
}
