//! Key import, public-key export and generation.
//!
//! Unstructured keys (AES, ChaCha20, HMAC, raw data, derivation, password, password hash) need no cryptography to import
//! or generate, so they are served whatever the features: a build whose AES comes from a
//! transparent driver still stores its keys through here. SECP_R1 keys need `builtin-ecc`,
//! X25519 and Ed25519 keys `builtin-curve25519`.

use crate::entry::ImportedKey;
use crate::{Error, KeyAttributes, KeyType, Result, Rng};

use super::output;

/// The size in bytes of an unstructured key of `key_type` with `bits` bits, or why not.
fn unstructured_len(key_type: KeyType, bits: usize) -> Result<usize> {
    let valid = match key_type {
        KeyType::AES => matches!(bits, 128 | 192 | 256),
        KeyType::CHACHA20 => bits == 256,
        KeyType::HMAC
        | KeyType::RAW_DATA
        | KeyType::DERIVE
        | KeyType::PASSWORD
        | KeyType::PASSWORD_HASH
        | KeyType::PEPPER => bits > 0 && bits.is_multiple_of(8),
        _ => return Err(Error::NotSupported),
    };
    if valid {
        Ok(bits / 8)
    } else {
        Err(Error::InvalidArgument)
    }
}

/// `import_key` for local keys.
pub(super) fn import(
    attributes: &KeyAttributes,
    data: &[u8],
    key_buffer: &mut [u8],
) -> Result<ImportedKey> {
    let key_type = attributes.key_type();
    #[cfg(feature = "builtin-curve25519")]
    if super::curve25519::serves(key_type) {
        return super::curve25519::import(attributes, data, key_buffer);
    }
    if key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0 {
        #[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
        {
            return super::rsa::import(attributes, data, key_buffer);
        }
        #[cfg(not(all(feature = "builtin-rsa", target_has_atomic = "ptr")))]
        {
            return Err(Error::NotSupported);
        }
    }
    if key_type.is_ecc() {
        #[cfg(feature = "builtin-ecc")]
        {
            return super::ecc::import(attributes, data, key_buffer);
        }
        #[cfg(not(feature = "builtin-ecc"))]
        {
            return Err(Error::NotSupported);
        }
    }
    let bits = data.len().checked_mul(8).ok_or(Error::InvalidArgument)?;
    unstructured_len(key_type, bits)?;
    if attributes.bits() != 0 && attributes.bits() != bits {
        return Err(Error::InvalidArgument);
    }
    output(key_buffer, data.len())?.copy_from_slice(data);
    Ok(ImportedKey {
        length: data.len(),
        bits,
    })
}

/// `export_public_key` for local keys.
#[cfg(any(
    feature = "builtin-ecc",
    feature = "builtin-curve25519",
    all(feature = "builtin-rsa", target_has_atomic = "ptr")
))]
pub(super) fn export_public(
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    data: &mut [u8],
) -> Result<usize> {
    let key_type = attributes.key_type();
    #[cfg(feature = "builtin-curve25519")]
    if super::curve25519::serves(key_type) {
        return super::curve25519::export_public(key_type, key_buffer, data);
    }
    if key_type.is_ecc() {
        #[cfg(feature = "builtin-ecc")]
        {
            return super::ecc::export_public(key_type, key_buffer, data);
        }
        #[cfg(not(feature = "builtin-ecc"))]
        {
            let _ = (key_buffer, data);
            return Err(Error::NotSupported);
        }
    }
    #[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
    if key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0 {
        return super::rsa::export_public(key_type, key_buffer, data);
    }
    // Other asymmetric keys have a public part the built-in cannot compute;
    // symmetric and raw keys have none.
    if key_type.is_asymmetric() {
        Err(Error::NotSupported)
    } else {
        Err(Error::InvalidArgument)
    }
}

/// `generate_key` for local keys.
pub(super) fn generate(
    attributes: &KeyAttributes,
    key_buffer: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    let key_type = attributes.key_type();
    if key_type.is_public_key() {
        return Err(Error::InvalidArgument);
    }
    #[cfg(feature = "builtin-curve25519")]
    if super::curve25519::serves(key_type) {
        return super::curve25519::generate(key_type, attributes.bits(), key_buffer, rng);
    }
    if key_type.is_ecc() {
        #[cfg(feature = "builtin-ecc")]
        {
            return super::ecc::generate(key_type, attributes.bits(), key_buffer, rng);
        }
        #[cfg(not(feature = "builtin-ecc"))]
        {
            return Err(Error::NotSupported);
        }
    }
    let len = unstructured_len(key_type, attributes.bits())?;
    let key = output(key_buffer, len)?;
    if let Err(e) = rng.fill(key) {
        zeroize::Zeroize::zeroize(key);
        return Err(e);
    }
    Ok(len)
}
