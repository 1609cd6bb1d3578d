//! Which algorithms apply to which key types, and the usage each operation needs.

use crate::{Algorithm, KeyType, UsageFlags};

/// Whether `alg` (possibly a wildcard) can be used with a key of type `key_type` at all.
/// Vendor-defined algorithms and key types are let through: only their driver knows.
pub(crate) const fn algorithm_applies_to(alg: Algorithm, key_type: KeyType) -> bool {
    if alg.is_vendor_defined() || key_type.is_vendor_defined() || key_type.0 == KeyType::NONE.0 {
        return true;
    }
    if alg.is_hash() {
        return false;
    }
    if alg.is_ecdsa() {
        return key_type.is_ecc()
            && match key_type.ecc_family() {
                Some(f) => f.is_weierstrass() || f.0 == crate::EccFamily::ANY.0,
                None => false,
            };
    }
    if alg.is_ecdh() {
        return key_type.is_ecc();
    }
    if alg.is_hmac() {
        return key_type.0 == KeyType::HMAC.0;
    }
    if alg.is_block_cipher_mac() {
        return key_type.block_length() > 1;
    }
    if alg.is_aead() {
        let base = alg.aead_default();
        if base.0 == Algorithm::CHACHA20_POLY1305.0 {
            return key_type.0 == KeyType::CHACHA20.0;
        }
        return key_type.block_length() == 16;
    }
    if alg.is_cipher() {
        if alg.0 == Algorithm::STREAM_CIPHER.0 {
            return key_type.0 == KeyType::CHACHA20.0;
        }
        return key_type.block_length() > 1;
    }
    if alg.is_key_derivation() {
        return key_type.0 == KeyType::DERIVE.0 || key_type.0 == KeyType::RAW_DATA.0;
    }
    if alg.is_sign() {
        // RSA and EdDSA signatures: not ECC Weierstrass keys.
        return key_type.is_asymmetric() && !key_type.is_ecc()
            || matches!(key_type.ecc_family(), Some(f) if f.0 == crate::EccFamily::TWISTED_EDWARDS.0);
    }
    if alg.is_asymmetric_encryption() {
        return key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0;
    }
    true
}

/// The usage flag an operation needs.
#[allow(dead_code)]
pub(crate) const fn usage_for(op: Usage) -> UsageFlags {
    match op {
        Usage::SignHash => UsageFlags::SIGN_HASH,
        Usage::VerifyHash => UsageFlags::VERIFY_HASH,
        Usage::SignMessage => UsageFlags::SIGN_MESSAGE,
        Usage::VerifyMessage => UsageFlags::VERIFY_MESSAGE,
        Usage::Encrypt => UsageFlags::ENCRYPT,
        Usage::Decrypt => UsageFlags::DECRYPT,
        Usage::Derive => UsageFlags::DERIVE,
        Usage::Export => UsageFlags::EXPORT,
        Usage::Copy => UsageFlags::COPY,
    }
}

/// Operations that need a usage flag.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Usage {
    SignHash,
    VerifyHash,
    SignMessage,
    VerifyMessage,
    Encrypt,
    Decrypt,
    Derive,
    Export,
    Copy,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EccFamily;

    #[test]
    fn applicability() {
        let p256 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        assert!(algorithm_applies_to(
            Algorithm::ecdsa(Algorithm::SHA_256),
            p256
        ));
        assert!(algorithm_applies_to(Algorithm::ECDH, p256));
        assert!(!algorithm_applies_to(
            Algorithm::ecdsa(Algorithm::SHA_256),
            KeyType::AES
        ));
        assert!(!algorithm_applies_to(
            Algorithm::ecdsa(Algorithm::SHA_256),
            KeyType::ecc_key_pair(EccFamily::MONTGOMERY)
        ));
        assert!(algorithm_applies_to(Algorithm::GCM, KeyType::AES));
        assert!(!algorithm_applies_to(Algorithm::GCM, KeyType::CHACHA20));
        assert!(algorithm_applies_to(
            Algorithm::CHACHA20_POLY1305,
            KeyType::CHACHA20
        ));
        assert!(algorithm_applies_to(
            Algorithm::hmac(Algorithm::SHA_256),
            KeyType::HMAC
        ));
        assert!(!algorithm_applies_to(
            Algorithm::hmac(Algorithm::SHA_256),
            KeyType::AES
        ));
        assert!(algorithm_applies_to(Algorithm::CTR, KeyType::AES));
        assert!(!algorithm_applies_to(Algorithm::CTR, p256));
    }
}
