//! Which algorithms apply to which key types, and the usage each operation needs.

use subtle::ConstantTimeEq;

use crate::distrust::Expect;
use crate::sizes;
use crate::{Algorithm, DerivationStep, Error, KeyAttributes, KeyType, Result, UsageFlags};

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
        // Weierstrass and Montgomery curves (X25519, X448); not Edwards curves.
        return key_type.is_ecc()
            && match key_type.ecc_family() {
                Some(f) => f.0 != crate::EccFamily::TWISTED_EDWARDS.0,
                None => false,
            };
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
        return matches!(
            key_type,
            KeyType::DERIVE
                | KeyType::RAW_DATA
                | KeyType::PASSWORD
                | KeyType::PASSWORD_HASH
                | KeyType::PEPPER
        );
    }
    if alg.is_sign() {
        let edwards = matches!(key_type.ecc_family(),
            Some(f) if f.0 == crate::EccFamily::TWISTED_EDWARDS.0 || f.0 == crate::EccFamily::ANY.0);
        if alg.0 == Algorithm::PURE_EDDSA.0 || alg.is_hash_eddsa() {
            // EdDSA: Edwards keys only.
            return edwards;
        }
        let rsa = matches!(alg.0 & !0xff, 0x0600_0200 | 0x0600_0300 | 0x0600_1300);
        if rsa {
            return key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0;
        }
        // Signature algorithms this table does not know: anything but Weierstrass keys.
        return key_type.is_asymmetric() && !key_type.is_ecc() || edwards;
    }
    if alg.is_asymmetric_encryption() {
        return key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0;
    }
    true
}

/// Whether an AEAD nonce of `len` bytes suits `alg` (`psa_aead_set_nonce`): GCM takes any
/// non-empty nonce, CCM 7 to 13 bytes, ChaCha20-Poly1305 12 (8, the original construction, is
/// `NOT_SUPPORTED`); other algorithms are their driver's to judge.
pub(crate) fn check_aead_nonce_length(alg: Algorithm, len: usize) -> crate::Result<()> {
    let base = alg.aead_default();
    let ok = if base == Algorithm::GCM {
        len > 0
    } else if base == Algorithm::CCM {
        (7..=13).contains(&len)
    } else if base == Algorithm::CHACHA20_POLY1305 {
        if len == 8 {
            return Err(crate::Error::NotSupported);
        }
        len == 12
    } else {
        true
    };
    if ok {
        Ok(())
    } else {
        Err(crate::Error::InvalidArgument)
    }
}

/// Whether `alg` can process `ad` bytes of additional data and `plaintext` bytes of body
/// (`psa_aead_set_lengths`): GCM at most 2^36 - 32 bytes of plaintext and 2^61 - 1 of
/// additional data (NIST SP 800-38D), ChaCha20-Poly1305 at most 2^38 - 64 bytes of plaintext
/// (RFC 8439, a 32-bit block counter); other algorithms are their driver's to judge.
pub(crate) fn check_aead_lengths(alg: Algorithm, ad: usize, plaintext: usize) -> crate::Result<()> {
    let (ad, plaintext) = (ad as u64, plaintext as u64);
    let base = alg.aead_default();
    let ok = if base == Algorithm::GCM {
        plaintext <= (1 << 36) - 32 && ad < 1 << 61
    } else if base == Algorithm::CHACHA20_POLY1305 {
        plaintext <= (1 << 38) - 64
    } else {
        true
    };
    if ok {
        Ok(())
    } else {
        Err(crate::Error::InvalidArgument)
    }
}

/// The KDF a key-derivation operation runs for `alg`: `alg` itself, or the KDF part of a key
/// agreement followed by a KDF (`PSA_ALG_KEY_AGREEMENT(ka, kdf)`), which is what drivers set up.
///
/// `INVALID_ARGUMENT` for anything else (a raw key agreement, a non-KDF, a wildcard).
pub(crate) const fn derivation_kdf(alg: Algorithm) -> Result<Algorithm, Error> {
    let kdf = if alg.is_key_agreement() {
        if alg.is_raw_key_agreement() {
            return Err(Error::InvalidArgument);
        }
        alg.key_agreement_kdf()
    } else {
        alg
    };
    if !kdf.is_key_derivation() || kdf.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    Ok(kdf)
}

/// Whether a key of `key_type` may be the input `step` of a key derivation
/// (`psa_key_derivation_input_key`): the secret is a `DERIVE` key; a salt, label, info or
/// seed is a `RAW_DATA` key (a salt may also be a `PEPPER`); a password is a `PASSWORD` or
/// `DERIVE` key; a cost is never a key (the spec's rules, as Mbed TLS applies them).
pub(crate) const fn derivation_input_type_ok(step: DerivationStep, key_type: KeyType) -> bool {
    match step {
        DerivationStep::Secret => key_type.0 == KeyType::DERIVE.0,
        DerivationStep::Password => {
            key_type.0 == KeyType::PASSWORD.0 || key_type.0 == KeyType::DERIVE.0
        }
        DerivationStep::Salt => {
            key_type.0 == KeyType::RAW_DATA.0 || key_type.0 == KeyType::PEPPER.0
        }
        DerivationStep::Label | DerivationStep::Info | DerivationStep::Seed => {
            key_type.0 == KeyType::RAW_DATA.0
        }
        DerivationStep::Cost => false,
    }
}

/// Every usage flag the spec defines (`PSA_KEY_USAGE_CACHE`, bit 2, included).
const DEFINED_USAGE: u32 = UsageFlags::EXPORT.0
    | UsageFlags::COPY.0
    | 0x0000_0004
    | UsageFlags::ENCRYPT.0
    | UsageFlags::DECRYPT.0
    | UsageFlags::SIGN_MESSAGE.0
    | UsageFlags::VERIFY_MESSAGE.0
    | UsageFlags::SIGN_HASH.0
    | UsageFlags::VERIFY_HASH.0
    | UsageFlags::DERIVE.0
    | UsageFlags::VERIFY_DERIVATION.0;

/// Whether `usage` has only flags the spec defines (`generate_key` rejects others).
pub(crate) const fn usage_is_defined(usage: UsageFlags) -> bool {
    usage.0 & !DEFINED_USAGE == 0
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

/// The usage a key must have for an operation, and the algorithm it must permit.
pub(crate) fn check_policy(
    attributes: &KeyAttributes,
    usage: UsageFlags,
    alg: Algorithm,
) -> Result<()> {
    if !attributes.usage().contains(usage) {
        return Err(Error::NotPermitted);
    }
    if alg != Algorithm::NONE && !attributes.algorithm().permits(alg) {
        return Err(Error::NotPermitted);
    }
    Ok(())
}

/// The IV length the core generates for a cipher algorithm and key type.
pub(crate) fn iv_length(alg: Algorithm, key_type: KeyType) -> usize {
    sizes::cipher_iv_length(key_type, alg)
}

/// The MAC length of `alg` with this key, where the spec fixes it, after checking its
/// truncation as Mbed TLS's core does: longer than the full MAC is `INVALID_ARGUMENT`,
/// shorter than 4 bytes `NOT_SUPPORTED` (too short to be secure), for every driver.
pub(crate) fn mac_length(attributes: &KeyAttributes, alg: Algorithm) -> Result<Expect> {
    let truncation = alg.mac_truncation();
    if truncation != 0 {
        let full = sizes::mac_length(
            attributes.key_type(),
            attributes.bits(),
            alg.full_length_mac(),
        );
        if full != 0 && truncation > full {
            return Err(Error::InvalidArgument);
        }
        if truncation < 4 {
            return Err(Error::NotSupported);
        }
    }
    Ok(Expect::exactly_if_known(sizes::mac_length(
        attributes.key_type(),
        attributes.bits(),
        alg,
    )))
}

/// Constant-time comparison: `INVALID_SIGNATURE` unless equal (lengths are not secret).
pub(crate) fn ct_compare(computed: &[u8], expected: &[u8]) -> Result<()> {
    if computed.len() == expected.len() && bool::from(computed.ct_eq(expected)) {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
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

    /// Curve25519 and Curve448 keys take exactly the algorithms the spec lists for their
    /// family: EdDSA on Edwards keys, ECDH on Montgomery keys, and not the other way round.
    #[test]
    fn edwards_and_montgomery_keys() {
        let ed = KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS);
        let ed_pub = KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS);
        let x = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);
        let rsa_pss_sha256 = Algorithm(0x0600_0309);
        for alg in [
            Algorithm::PURE_EDDSA,
            Algorithm::ED25519PH,
            Algorithm::ED448PH,
        ] {
            assert!(algorithm_applies_to(alg, ed), "{alg}");
            assert!(algorithm_applies_to(alg, ed_pub), "{alg}");
            assert!(!algorithm_applies_to(alg, x), "{alg}");
            assert!(
                !algorithm_applies_to(alg, KeyType::ecc_key_pair(EccFamily::SECP_R1)),
                "{alg}"
            );
            assert!(!algorithm_applies_to(alg, KeyType::RSA_KEY_PAIR), "{alg}");
        }
        assert!(algorithm_applies_to(Algorithm::ECDH, x));
        assert!(!algorithm_applies_to(Algorithm::ECDH, ed));
        assert!(!algorithm_applies_to(rsa_pss_sha256, ed));
        assert!(algorithm_applies_to(rsa_pss_sha256, KeyType::RSA_KEY_PAIR));
        assert!(!algorithm_applies_to(
            Algorithm::ecdsa(Algorithm::SHA_512),
            ed
        ));
    }

    #[test]
    fn derivation_inputs_take_the_key_type_of_their_step() {
        assert!(derivation_input_type_ok(
            DerivationStep::Secret,
            KeyType::DERIVE
        ));
        assert!(!derivation_input_type_ok(
            DerivationStep::Secret,
            KeyType::RAW_DATA
        ));
        assert!(!derivation_input_type_ok(
            DerivationStep::Secret,
            KeyType::AES
        ));
        for step in [
            DerivationStep::Salt,
            DerivationStep::Label,
            DerivationStep::Info,
            DerivationStep::Seed,
        ] {
            assert!(derivation_input_type_ok(step, KeyType::RAW_DATA));
            assert!(!derivation_input_type_ok(step, KeyType::DERIVE));
        }
    }

    #[test]
    fn only_defined_usage_flags() {
        assert!(usage_is_defined(UsageFlags(0x0000_ff07)));
        assert!(usage_is_defined(UsageFlags::NONE));
        assert!(!usage_is_defined(UsageFlags(0x0000_0008)));
        assert!(!usage_is_defined(UsageFlags(0xffff_ffff)));
    }

    #[test]
    fn derivation_kdf_takes_the_kdf_out_of_a_key_agreement() {
        let hkdf = Algorithm::hkdf(Algorithm::SHA_256);
        assert_eq!(derivation_kdf(hkdf), Ok(hkdf));
        assert_eq!(
            derivation_kdf(Algorithm::key_agreement(Algorithm::ECDH, hkdf)),
            Ok(hkdf)
        );
        // An unknown KDF inside is a KDF nobody serves, not a malformed algorithm.
        assert_eq!(
            derivation_kdf(Algorithm::key_agreement(
                Algorithm::ECDH,
                Algorithm::hkdf(Algorithm::NONE)
            )),
            Ok(Algorithm::hkdf(Algorithm::NONE))
        );
        assert_eq!(derivation_kdf(Algorithm::ECDH), Err(Error::InvalidArgument));
        assert_eq!(
            derivation_kdf(Algorithm::SHA_256),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            derivation_kdf(Algorithm::hkdf(Algorithm::ANY_HASH)),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            derivation_kdf(Algorithm(0xffff_ffff)),
            Err(Error::InvalidArgument)
        );
    }
}
