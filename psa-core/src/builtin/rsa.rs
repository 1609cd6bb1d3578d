//! RSA (`builtin-rsa`): import and export of public keys (DER `RSAPublicKey`) and key pairs
//! (DER `RSAPrivateKey`), export of a pair's public key, and signature verification
//! (PKCS#1 v1.5 with a hash or raw, PSS with a hash-long or any salt), on the RustCrypto
//! `rsa` crate.
//!
//! Only public-key operations are served. The `rsa` crate's private-key operations are not
//! constant-time (RUSTSEC-2023-0071, the "Marvin" timing side channel in decryption and
//! signing), so signing and decryption with an RSA key pair are left to drivers (a secure
//! element, or a vetted implementation): the built-in answers `NOT_SUPPORTED` for them.
//! Verification handles only public data, which the advisory does not concern.
//!
//! The crate computes on heap-allocated integers (`BoxedUint`): this family needs `alloc`.
//! What it allocates is freed before each call returns.

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPublicKey};
use rsa::pss::Pss;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use sha2::{Sha224, Sha256, Sha384, Sha512};

use crate::entry::ImportedKey;
use crate::{Algorithm, Error, KeyAttributes, KeyType, Result};

use super::output;

/// The smallest and largest modulus the built-in takes, in bits.
const MIN_BITS: usize = 1024;
const MAX_BITS: usize = 4096;

/// A public key's modulus size in bits, checked against the sizes served.
fn bits_of(key: &RsaPublicKey) -> Result<usize> {
    let bits = key.n().bit_width() as usize;
    if (MIN_BITS..=MAX_BITS).contains(&bits) {
        Ok(bits)
    } else {
        Err(Error::NotSupported)
    }
}

/// The public key in a stored key buffer (a public key's DER, or a pair's).
fn public_key(key_type: KeyType, key: &[u8]) -> Result<RsaPublicKey> {
    match key_type {
        KeyType::RSA_PUBLIC_KEY => {
            RsaPublicKey::from_pkcs1_der(key).map_err(|_| Error::InvalidArgument)
        }
        KeyType::RSA_KEY_PAIR => RsaPrivateKey::from_pkcs1_der(key)
            .map(|pair| pair.to_public_key())
            .map_err(|_| Error::InvalidArgument),
        _ => Err(Error::InvalidArgument),
    }
}

/// `import_key`: `data` must be one DER `RSAPublicKey` (a public key) or two-prime
/// `RSAPrivateKey` (a key pair) and nothing else, with a modulus of 1024 to 4096 bits; it
/// is stored as given (DER is canonical, so this is the export format).
pub(super) fn import(
    attributes: &KeyAttributes,
    data: &[u8],
    key_buffer: &mut [u8],
) -> Result<ImportedKey> {
    let public = match attributes.key_type() {
        KeyType::RSA_PUBLIC_KEY => {
            RsaPublicKey::from_pkcs1_der(data).map_err(|_| Error::InvalidArgument)?
        }
        KeyType::RSA_KEY_PAIR => {
            // Decoding checks the pair's consistency (n = p·q, d·e ≡ 1).
            let pair = RsaPrivateKey::from_pkcs1_der(data).map_err(|_| Error::InvalidArgument)?;
            pair.validate().map_err(|_| Error::InvalidArgument)?;
            pair.to_public_key()
        }
        _ => return Err(Error::NotSupported),
    };
    let bits = bits_of(&public)?;
    if attributes.bits() != 0 && attributes.bits() != bits {
        return Err(Error::InvalidArgument);
    }
    output(key_buffer, data.len())?.copy_from_slice(data);
    Ok(ImportedKey {
        length: data.len(),
        bits,
    })
}

/// `export_public_key`: the DER `RSAPublicKey` of a pair or a public key.
pub(super) fn export_public(key_type: KeyType, key: &[u8], data: &mut [u8]) -> Result<usize> {
    let public = public_key(key_type, key)?;
    let der = public
        .to_pkcs1_der()
        .map_err(|_| Error::CorruptionDetected)?;
    let der = der.as_bytes();
    output(data, der.len())?.copy_from_slice(der);
    Ok(der.len())
}

/// `verify_hash`: PKCS#1 v1.5 (with a SHA-2 hash, or raw: `hash` is then the DigestInfo or
/// whatever the signer signed) and PSS (MGF1 with the same SHA-2 hash; a salt as long as the
/// hash, or any salt with `PSS_ANY_SALT`).
///
/// # Errors
/// `INVALID_SIGNATURE` if it does not verify (or has the wrong length); `NOT_SUPPORTED` for
/// other hashes and RSA algorithms; `INVALID_ARGUMENT` for a non-RSA algorithm or a hash of
/// the wrong length.
pub(super) fn verify_hash(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    hash: &[u8],
    signature: &[u8],
) -> Result<()> {
    if !alg.is_rsa_pkcs1v15_sign() && !alg.is_rsa_pss() {
        return Err(Error::InvalidArgument);
    }
    let h = alg.hash();
    if alg == Algorithm::RSA_PKCS1V15_SIGN_RAW {
        let public = public_key(key_type, key)?;
        return public
            .verify(Pkcs1v15Sign::new_unprefixed(), hash, signature)
            .map_err(|_| Error::InvalidSignature);
    }
    if !matches!(
        h,
        Algorithm::SHA_224 | Algorithm::SHA_256 | Algorithm::SHA_384 | Algorithm::SHA_512
    ) {
        return Err(Error::NotSupported);
    }
    if hash.len() != h.hash_length() {
        return Err(Error::InvalidArgument);
    }
    let public = public_key(key_type, key)?;
    if signature.len() != public.size() {
        return Err(Error::InvalidSignature);
    }
    let salt = (!alg.is_rsa_pss_any_salt()).then_some(h.hash_length());
    let r = match (alg.is_rsa_pss(), h) {
        (false, Algorithm::SHA_224) => {
            public.verify(Pkcs1v15Sign::new::<Sha224>(), hash, signature)
        }
        (false, Algorithm::SHA_256) => {
            public.verify(Pkcs1v15Sign::new::<Sha256>(), hash, signature)
        }
        (false, Algorithm::SHA_384) => {
            public.verify(Pkcs1v15Sign::new::<Sha384>(), hash, signature)
        }
        (false, _) => public.verify(Pkcs1v15Sign::new::<Sha512>(), hash, signature),
        (true, Algorithm::SHA_224) => public.verify(pss::<Sha224>(salt), hash, signature),
        (true, Algorithm::SHA_256) => public.verify(pss::<Sha256>(salt), hash, signature),
        (true, Algorithm::SHA_384) => public.verify(pss::<Sha384>(salt), hash, signature),
        (true, _) => public.verify(pss::<Sha512>(salt), hash, signature),
    };
    r.map_err(|_| Error::InvalidSignature)
}

/// PSS verification with MGF1 over `D`, a fixed salt length or any.
fn pss<D: sha2::Digest + rsa::sha2::digest::FixedOutputReset>(salt: Option<usize>) -> Pss<D> {
    let mut pss = Pss::<D>::new();
    pss.salt_len = salt;
    pss
}
