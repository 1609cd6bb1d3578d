//! Curve25519: X25519 (`ECC_FAMILY_MONTGOMERY`, 255 bits) and Ed25519
//! (`ECC_FAMILY_TWISTED_EDWARDS`, 255 bits), on the dalek crates.
//!
//! PSA's export formats (Crypto API 1.x, "Key formats"):
//! - a Montgomery key pair is the 32-byte private key `k` of RFC 7748 §5, as given (the
//!   X25519 function clamps it; any 32 bytes are a valid key), and its public key the 32-byte
//!   little-endian u-coordinate, also any 32 bytes (RFC 7748 §5 masks the top bit);
//! - a Twisted Edwards key pair is the 32-byte private key of RFC 8032 §5.1.5 (the seed that
//!   is hashed into the scalar and the nonce prefix), and its public key the 32-byte encoding
//!   of the point `A` of RFC 8032 §5.1.2, which must decode to a point on the curve.
//!
//! Curve448 and Ed448 (448 bits) are valid keys no built-in serves: `NOT_SUPPORTED`.
//! Secrets on the stack (the seed, the expanded signing key) are wiped when they go out of
//! scope: the dalek types zeroize on drop, the byte arrays are `Zeroizing`.

use curve25519_dalek::montgomery::MontgomeryPoint;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use zeroize::Zeroizing;

use super::output;
use crate::entry::ImportedKey;
use crate::{Algorithm, EccFamily, Error, KeyAttributes, KeyType, Result, Rng};

/// The key size of X25519 and Ed25519 keys in bits (`PSA_KEY_TYPE_ECC_*(family)` with 255).
const BITS: usize = 255;
/// The length of every key (pair or public) and of the X25519 shared secret.
const LENGTH: usize = 32;

/// Which of the two families a key belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Montgomery,
    Edwards,
}

/// The family of `key_type`, or `None` for other types.
fn family(key_type: KeyType) -> Option<Family> {
    match key_type.ecc_family() {
        Some(EccFamily::MONTGOMERY) => Some(Family::Montgomery),
        Some(EccFamily::TWISTED_EDWARDS) => Some(Family::Edwards),
        _ => None,
    }
}

/// Whether this module serves keys of `key_type` (the dispatcher in `keys` asks).
pub(super) fn serves(key_type: KeyType) -> bool {
    family(key_type).is_some()
}

/// Check a key size: 255 is served, the families' other size (448) is `NOT_SUPPORTED`,
/// anything else `INVALID_ARGUMENT`.
fn check_bits(key_type: KeyType, bits: usize) -> Result<()> {
    match key_type.ecc_family() {
        _ if bits == BITS => Ok(()),
        Some(f) if f.has_curve_size(bits) => Err(Error::NotSupported),
        _ => Err(Error::InvalidArgument),
    }
}

/// The 32 bytes of a stored key (export format).
fn key_bytes(key: &[u8]) -> Result<Zeroizing<[u8; LENGTH]>> {
    let bytes: [u8; LENGTH] = key.try_into().map_err(|_| Error::InvalidArgument)?;
    Ok(Zeroizing::new(bytes))
}

/// An Ed25519 public key; `INVALID_ARGUMENT` unless it decodes to a curve point.
fn verifying_key(point: &[u8]) -> Result<VerifyingKey> {
    let bytes: &[u8; LENGTH] = point.try_into().map_err(|_| Error::InvalidArgument)?;
    VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidArgument)
}

/// The Ed25519 signing key of a stored key pair (the RFC 8032 private key).
fn signing_key(key: &[u8]) -> Result<SigningKey> {
    Ok(SigningKey::from_bytes(&*key_bytes(key)?))
}

/// The public key of a stored key of either kind, in export format.
fn public_bytes(family: Family, key_pair: bool, key: &[u8]) -> Result<[u8; LENGTH]> {
    match (family, key_pair) {
        (Family::Montgomery, true) => Ok(MontgomeryPoint::mul_base_clamped(*key_bytes(key)?).0),
        (Family::Montgomery, false) => Ok(*key_bytes(key)?),
        (Family::Edwards, true) => Ok(signing_key(key)?.verifying_key().to_bytes()),
        (Family::Edwards, false) => Ok(verifying_key(key)?.to_bytes()),
    }
}

/// `import_key` for Curve25519 keys.
pub(super) fn import(
    attributes: &KeyAttributes,
    data: &[u8],
    key_buffer: &mut [u8],
) -> Result<ImportedKey> {
    let key_type = attributes.key_type();
    let family = family(key_type).ok_or(Error::NotSupported)?;
    if data.len() != LENGTH {
        // Curve448 keys are 56 bytes, Ed448 keys 57: valid, not served.
        let other = match family {
            Family::Montgomery => 56,
            Family::Edwards => 57,
        };
        return Err(if data.len() == other {
            Error::NotSupported
        } else {
            Error::InvalidArgument
        });
    }
    if attributes.bits() != 0 && attributes.bits() != BITS {
        return Err(Error::InvalidArgument);
    }
    if family == Family::Edwards && key_type.is_public_key() {
        verifying_key(data)?;
    }
    output(key_buffer, LENGTH)?.copy_from_slice(data);
    Ok(ImportedKey {
        length: LENGTH,
        bits: BITS,
    })
}

/// `export_public_key` for Curve25519 keys.
pub(super) fn export_public(key_type: KeyType, key: &[u8], data: &mut [u8]) -> Result<usize> {
    let family = family(key_type).ok_or(Error::NotSupported)?;
    let out = output(data, LENGTH)?;
    out.copy_from_slice(&public_bytes(family, key_type.is_key_pair(), key)?);
    Ok(LENGTH)
}

/// `generate_key` for Curve25519 key pairs: 32 random bytes (both private-key formats are
/// uniformly random strings).
pub(super) fn generate(
    key_type: KeyType,
    bits: usize,
    key_buffer: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    family(key_type).ok_or(Error::NotSupported)?;
    check_bits(key_type, bits)?;
    let out = output(key_buffer, LENGTH)?;
    if let Err(e) = rng.fill(out) {
        zeroize::Zeroize::zeroize(out);
        return Err(e);
    }
    Ok(LENGTH)
}

/// `key_agreement` (raw) with an X25519 key pair: the 32-byte X25519 output.
///
/// A peer key is the 32-byte u-coordinate; an all-zero result (the peer key is a point of
/// small order, RFC 7748 §6.1) is refused with `INVALID_ARGUMENT`, as TLS 1.3 requires.
pub(super) fn key_agreement(
    key_type: KeyType,
    key: &[u8],
    peer_key: &[u8],
    shared_secret: &mut [u8],
) -> Result<usize> {
    match family(key_type) {
        Some(Family::Montgomery) if key_type.is_key_pair() => {}
        // ECDH is defined on Weierstrass and Montgomery keys only.
        _ => return Err(Error::InvalidArgument),
    }
    let peer: [u8; LENGTH] = peer_key.try_into().map_err(|_| Error::InvalidArgument)?;
    let out = output(shared_secret, LENGTH)?;
    let shared = Zeroizing::new(MontgomeryPoint(peer).mul_clamped(*key_bytes(key)?).0);
    if bool::from(subtle::ConstantTimeEq::ct_eq(
        &shared[..],
        &[0u8; LENGTH][..],
    )) {
        return Err(Error::InvalidArgument);
    }
    out.copy_from_slice(&shared[..]);
    Ok(LENGTH)
}

/// Check an EdDSA request: `PURE_EDDSA` with an Ed25519 key; `NOT_SUPPORTED` for HashEdDSA.
fn check_eddsa(key_type: KeyType, alg: Algorithm) -> Result<()> {
    if alg.is_hash_eddsa() {
        return Err(Error::NotSupported);
    }
    if alg != Algorithm::PURE_EDDSA || family(key_type) != Some(Family::Edwards) {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

/// `sign_message` with `PURE_EDDSA`: the 64-byte Ed25519 signature `R‖S` of RFC 8032.
pub(super) fn sign_message(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    input: &[u8],
    signature: &mut [u8],
) -> Result<usize> {
    check_eddsa(key_type, alg)?;
    if !key_type.is_key_pair() {
        return Err(Error::InvalidArgument);
    }
    let out = output(signature, 2 * LENGTH)?;
    let sig = signing_key(key)?.sign(input);
    out.copy_from_slice(&sig.to_bytes());
    Ok(out.len())
}

/// `verify_message` with `PURE_EDDSA` (RFC 8032 §5.1.7, `S` must be below the group order).
pub(super) fn verify_message(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    input: &[u8],
    signature: &[u8],
) -> Result<()> {
    check_eddsa(key_type, alg)?;
    let public = public_bytes(Family::Edwards, key_type.is_key_pair(), key)?;
    let public = verifying_key(&public)?;
    let sig: &[u8; 2 * LENGTH] = signature.try_into().map_err(|_| Error::InvalidSignature)?;
    public
        .verify(input, &Signature::from_bytes(sig))
        .map_err(|_| Error::InvalidSignature)
}
